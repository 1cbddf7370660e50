"""Every column of every kind of dataset, read back through ``dataset.read``
(and ``to_dataframe``), has the dtype the Parquet schema gives it: counts are
pandas nullable ``Int64`` (also where some are null), money ``float64``, text
a string dtype; and every kind gives the same frame."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from golden import CORPUS, SEEDS

import gxconvert
from gxconvert import dataset
from gxconvert.cli import main
from gxconvert.dataset.parquet import long_schema, wide_schema

INPUTS = sorted(str(p) for p in SEEDS.glob("*.txt")) + [
    str(CORPUS / "html" / "001_cms.html"), str(CORPUS / "docx" / "003.docx"), str(CORPUS / "pdf" / "004_fonts.pdf")]

WIDE = ("d.sqlite", "d.jsonl", "d.json", "d/", "w.csv", "w.parquet")
LONG = ("d.sqlite", "l.csv", "l.parquet")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("kinds")
    for name in WIDE:
        assert main(INPUTS + ["-o", str(root / name), "--jobs", "0", "-q"]) == 0, name
    for name in ("l.csv", "l.parquet"):
        assert main(INPUTS + ["-o", str(root / name), "--jobs", "0", "-q", "--long"]) == 0, name
    return root


def expected_dtypes(schema: pa.Schema) -> dict[str, str]:
    """The pandas dtype each Parquet field's values must have once read."""
    out = {}
    for f in schema:
        if pa.types.is_int64(f.type):
            out[f.name] = "Int64"
        elif pa.types.is_float64(f.type):
            out[f.name] = "float64"
        else:
            assert pa.types.is_string(f.type), f
            out[f.name] = "text"
    return out


def check_dtypes(df: pd.DataFrame, schema: pa.Schema, where: str) -> None:
    exp = expected_dtypes(schema)
    assert list(df.columns) == list(exp), where
    wrong = []
    for c, want in exp.items():
        got = df[c].dtype
        ok = (pd.api.types.is_string_dtype(got) and not pd.api.types.is_numeric_dtype(got)) if want == "text" \
            else str(got) == want
        if not ok:
            wrong.append(f"{c}: {got} (want {want})")
    assert wrong == [], f"{where}: {wrong[:6]}"


def test_every_wide_kind_has_the_schema_dtypes_and_the_same_frame(outputs):
    table = pq.read_table(outputs / "w.parquet")
    col = table.column("applications.new_received.total")
    assert col.type == pa.int64() and col.null_count >= 1  # the dtype bug needs nulls in a count column
    frames = {}
    for name in WIDE:
        df = dataset.read(outputs / name)
        check_dtypes(df, wide_schema(), name)
        frames[name] = df.sort_values("path").reset_index(drop=True)
    reports = dataset.reports(outputs / "d.sqlite")
    frames["to_dataframe"] = dataset.to_dataframe(reports).sort_values("path").reset_index(drop=True)
    check_dtypes(frames["to_dataframe"], wide_schema(), "to_dataframe")
    by_path = frames["w.parquet"].set_index("path")
    seed4 = str(SEEDS / "004_6a33f86162c8aeae.txt")
    assert by_path.loc[seed4, "applications.new_received.total"] == 3
    assert by_path.loc[seed4, "year"] == 2020 and by_path.loc[seed4, "template"] == "2019"
    stored = dict(zip(table.column("path").to_pylist(), col.to_pylist(), strict=True))
    read = by_path["applications.new_received.total"]
    assert {p: (None if pd.isna(v) else v) for p, v in read.items()} == stored
    for name, df in frames.items():
        pd.testing.assert_frame_equal(df, frames["d.sqlite"], check_dtype=True, obj=name)


def test_every_long_kind_has_the_schema_dtypes_and_the_same_frame(outputs):
    frames = {}
    for name in LONG:
        df = dataset.read(outputs / name, long=True)
        check_dtypes(df, long_schema(), name)
        frames[name] = df.sort_values(["path", "value_path"]).reset_index(drop=True)
    for name, df in frames.items():  # CSV writes an empty raw text and a missing one alike
        want = frames["d.sqlite"].copy()
        if name.endswith(".csv"):
            want["raw"] = want["raw"].mask(want["raw"] == "")
        pd.testing.assert_frame_equal(df, want, check_dtype=True, obj=name)
    sqlite = frames["d.sqlite"]
    row = sqlite[(sqlite.path == str(SEEDS / "004_6a33f86162c8aeae.txt"))
                 & (sqlite.value_path == "applications.new_received.total")].iloc[0]
    assert (row["value"], row["raw"], row["line"], row["how"]) == (3.0, "3", 112, "cell")
    pdf = sqlite[sqlite.path == INPUTS[-1]]
    assert pdf["page"].notna().all() and str(pdf["page"].dtype) == "Int64"


def test_to_dataframe_of_converted_reports():
    reports = [gxconvert.convert(p) for p in INPUTS[:2]]
    check_dtypes(dataset.to_dataframe(reports), wide_schema(), "to_dataframe")
    check_dtypes(dataset.to_dataframe(reports, long=True), long_schema(), "to_dataframe long")
