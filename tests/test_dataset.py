"""End to end: a folder of 51 mixed corpus reports plus bad inputs, converted
with --jobs 2 into every output kind; every good report is there with its
golden values, every bad input is a failure of its kind naming the file."""

from __future__ import annotations

import csv
import json
import math
import sqlite3
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from batch_corpus import build_folder, expected_values, misbehaving_convert

import gxconvert
from gxconvert import dataset
from gxconvert.cli import main


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    good, bad = build_folder(root, bad=True, hang=True)
    return root, good, bad


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)) or a == "":
        return b is None
    return b is not None and abs(float(a) - float(b)) < 1e-9


def _assert_values(got: dict[str, object], golden: dict, where: str) -> None:
    exp = expected_values(golden)
    wrong = [f"{p}: {got.get(p)!r} != {v!r}" for p, v in exp.items() if not _same(got.get(p), v)]
    assert wrong == [], f"{where}: {wrong[:5]}"


@pytest.fixture(scope="module")
def sqlite_run(folder, tmp_path_factory):
    root, _, _ = folder
    out = tmp_path_factory.mktemp("out") / "reports.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(gxconvert.api, "convert", misbehaving_convert)
        rc = main([str(root), "-o", str(out), "--jobs", "2", "--timeout", "8", "-q"])
    return rc, out


def test_sqlite_dataset_holds_every_report_and_every_failure(folder, sqlite_run):
    root, good, bad = folder
    rc, out = sqlite_run
    assert rc == 1
    conn = sqlite3.connect(out)
    paths = [r[0] for r in conn.execute("SELECT path FROM reports")]
    assert sorted(paths) == sorted(good), conn.execute("SELECT kind, message FROM failures").fetchall()[:8]
    failures = {p: (k, m) for p, k, m in conn.execute("SELECT path, kind, message FROM failures")}
    assert set(failures) == set(bad)
    for p, kinds in bad.items():
        kind, message = failures[p]
        assert kind in kinds, (p, kind, message)
        assert p in message and "\n" not in message
    assert "timeout" in failures[str(root / "bad" / "hangs.txt")][1]
    for p, golden in good.items():
        rid, agency, year, template, rj = conn.execute(
            "SELECT id, agency, year, template, report_json FROM reports WHERE path = ?", (p,)).fetchone()
        assert (agency, year, template) == (golden["meta"]["agency"], golden["meta"]["year"],
                                             golden["meta"]["template"]), p
        got = {path: v for path, v in conn.execute("SELECT path, value FROM report_values WHERE report_id = ?",
                                                   (rid,))}
        _assert_values(got, golden, p)
        full = json.loads(rj)
        assert "provenance" in full and full["source"]["path"] == p
    # provenance of one value: the seed's line and raw text
    seed = str(root / "a" / "seeds" / "004_6a33f86162c8aeae.txt")
    how, raw, line = conn.execute(
        "SELECT how, raw, line FROM report_values v JOIN reports r ON r.id = v.report_id "
        "WHERE r.path = ? AND v.path = 'applications.new_received.total'", (seed,)).fetchone()
    assert (how, raw, line) == ("cell", "3", 112)
    # the wide view: one row per report
    n_wide = conn.execute("SELECT count(*) FROM report_wide").fetchone()[0]
    assert n_wide == len(good)
    # 温岭 2021 (seed 002) has failing checks, stored as such
    n_bad = conn.execute("SELECT n_failed_checks FROM reports WHERE path LIKE '%/a/seeds/002_%'").fetchone()[0]
    assert n_bad == 5
    assert conn.execute("SELECT count(*) FROM checks WHERE ok = 0 AND report_id = "
                        "(SELECT id FROM reports WHERE path LIKE '%/a/seeds/002_%')").fetchone()[0] == 5


def test_rerun_skips_everything_and_retry_failed_redoes_failures(folder, sqlite_run, capsys):
    root, good, bad = folder
    _, out = sqlite_run
    conn = sqlite3.connect(out)
    before = conn.execute("SELECT path, converted_at, id FROM reports ORDER BY path").fetchall()
    capsys.readouterr()
    rc = main([str(root / "a" / "seeds"), str(root / "bad" / "empty.txt"), "-o", str(out), "-j", "2",
               "--summary"])
    assert rc == 1  # the empty file still fails (skipped, not retried)
    err = capsys.readouterr().err
    assert "0 converted, 6 skipped" in err
    assert conn.execute("SELECT path, converted_at, id FROM reports ORDER BY path").fetchall() == before
    rc = main([str(root / "bad" / "empty.txt"), "-o", str(out), "--retry-failed", "--summary"])
    err = capsys.readouterr().err
    assert rc == 1 and "0 skipped" in err and "empty.txt: the file is empty" in err
    total = conn.execute("SELECT (SELECT count(*) FROM reports) + (SELECT count(*) FROM failures)").fetchone()[0]
    assert total == len(good) + len(bad)


def test_dataset_read_gives_the_values(folder, sqlite_run):
    root, good, _ = folder
    _, out = sqlite_run
    df = dataset.read(out)
    assert len(df) == len(good)
    row = df[df.path == str(root / "a" / "seeds" / "004_6a33f86162c8aeae.txt")].iloc[0]
    assert row["agency"] == "福清市卫生健康局" and row["applications.new_received.total"] == 3
    long = dataset.read(out, long=True)
    assert set(long.columns) >= {"path", "value_path", "value", "how", "raw", "page", "line"}


def _run(root, out, *extra):
    rc = main([str(root / "a"), str(root / "b"), str(root / "bad" / "empty.txt"), "-o", str(out),
               "--jobs", "2", "-q", *extra])
    assert rc == 1
    return out


def test_jsonl_sink(folder, tmp_path):
    root, good, _ = folder
    out = _run(root, tmp_path / "r.jsonl")
    lines = out.read_text("utf-8").splitlines()
    got = {json.loads(x)["source"]["path"]: json.loads(x) for x in lines}
    assert set(got) == set(good)
    for p, golden in good.items():
        _assert_values({f"{k}": v for k, v in _flat_tables(got[p]).items()}, golden, p)


def _flat_tables(report: dict) -> dict:
    from golden import flatten
    return flatten(report["tables"])


def test_csv_wide_and_long(folder, tmp_path):
    root, good, _ = folder
    out = _run(root, tmp_path / "wide.csv")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    head = list(rows[0])
    assert head[:3] == ["path", "sha256", "format"]
    assert head.index("active_disclosure.regulations.made") < head.index("applications.new_received.natural_person")
    assert {r["path"] for r in rows} == set(good)
    for r in rows:
        _assert_values({k: (None if v == "" else float(v)) for k, v in r.items() if k.count(".") >= 2},
                       good[r["path"]], r["path"])
    out = _run(root, tmp_path / "long.csv", "--long")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        long_rows = list(csv.DictReader(fh))
    by_path: dict[str, dict] = {}
    for r in long_rows:
        by_path.setdefault(r["path"], {})[r["value_path"]] = None if r["value"] == "" else float(r["value"])
    assert set(by_path) == set(good)
    for p, golden in good.items():
        _assert_values(by_path[p], golden, p)
    seed = next(r for r in long_rows if r["path"].endswith("a/seeds/004_6a33f86162c8aeae.txt")
                and r["value_path"] == "applications.new_received.total")
    assert (seed["raw"], seed["line"], seed["how"]) == ("3", "112", "cell")


def test_parquet(folder, tmp_path):
    root, good, _ = folder
    out = _run(root, tmp_path / "r.parquet")
    df = dataset.read(out)
    assert set(df.path) == set(good)
    assert str(df["applications.new_received.total"].dtype) == "Int64"  # nullable counts (item: float64 before)
    for _, r in df.iterrows():
        _assert_values({k: (None if pd.isna(v) else v) for k, v in r.items() if k.count(".") >= 2},
                       good[r["path"]], r["path"])


def test_xlsx_highlights_values_of_failing_checks(folder, tmp_path):
    root, good, _ = folder
    out = _run(root, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["reports", "active_disclosure", "applications", "review_litigation", "checks",
                             "warnings", "failures"]
    ws = wb["applications"]
    head = [c.value for c in ws[1]]
    seen = set()
    highlighted: dict[str, set[str]] = {}
    for row in ws.iter_rows(min_row=2):
        path = row[0].value
        seen.add(path)
        got = {f"applications.{h}": c.value for h, c in zip(head, row) if h not in ("path", "agency", "year", "template")}
        exp = {k: v for k, v in expected_values(good[path]).items() if k.startswith("applications.")}
        assert all(_same(got.get(k), v) for k, v in exp.items()), path
        lit = {h for h, c in zip(head, row) if c.fill is not None and c.fill.fgColor.rgb.endswith("FFC7CE")}
        if lit:
            highlighted[path] = lit
    assert seen == set(good)
    # exactly the reports with failing applications checks are highlighted: 温岭 2021 (report 002
    # in every format), whose golden notes name the five failing row totals (a value in
    # natural_person, the row's other cells and its total blank); every cell of those rows, no other
    rows = ("new_received", "granted", "partially_granted", "denied.internal_affairs", "total_processed")
    cols = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
            "legal_service_org", "other_org", "total")
    assert set(highlighted) == {p for p in good if Path(p).name.startswith("002")}
    for path, lit in highlighted.items():
        assert lit == {f"{r}.{c}" for r in rows for c in cols}, path
    fails = [[c.value for c in r] for r in wb["failures"].iter_rows(min_row=2)]
    assert [f[1] for f in fails] == ["empty"] and fails[0][0].endswith("empty.txt")


def test_directory_mirrors_the_input_tree(folder, tmp_path):
    root, good, _ = folder
    out = tmp_path / "json"
    rc = main([str(root / "a"), str(root / "b"), "-o", str(out) + "/", "-j", "2", "-q"])
    assert rc == 0
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert len(files) == len(good)
    assert "a/seeds/000_c618104cc4de48fa.txt.json" in files and "b/2021/000_c618104cc4de48fa.txt.json" in files
    for f in out.rglob("*.json"):
        d = json.loads(f.read_text("utf-8"))
        _assert_values(_flat_tables(d), good[d["source"]["path"]], str(f))


def test_unwritable_output_is_an_error_before_any_conversion(folder, tmp_path, capsys):
    root, _, _ = folder
    rc = main([str(root / "a" / "seeds"), "-o", str(tmp_path / "no" / "such" / "dir" / "x.sqlite")])
    assert rc == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err


def test_dataset_in_use_by_another_run(tmp_path, capsys):
    from gxconvert.dataset.sqlite import SqliteSink
    sink = SqliteSink(tmp_path / "d.sqlite")
    try:
        from golden import SEEDS
        rc = main([str(SEEDS / "000_c618104cc4de48fa.txt"), "-o", str(tmp_path / "d.sqlite")])
        assert rc == 2 and "in use" in capsys.readouterr().err
    finally:
        sink.close()


def test_a_scanned_reports_ocr_summary_lands_in_the_dataset(tmp_path):
    """The per-report OCR confidence summary (``report.ocr``) is a column of
    every dataset (issue 20); a report read from text has nulls there."""
    from contextlib import closing

    from gxconvert.dataset import sql
    from gxconvert.model import Report

    seeds = sorted((Path(__file__).resolve().parent.parent / "corpus" / "seeds").glob("*.txt"))
    text = gxconvert.convert(seeds[0])
    d = gxconvert.convert(seeds[1]).to_dict(provenance=True)
    d["source"]["format"] = "pdf_ocr"
    d["ocr"] = {"pages": 6, "values": 180, "min_confidence": 0.8123, "mean_confidence": 0.9871, "doubtful": 2}
    scanned = Report.from_dict(d)
    db = tmp_path / "d.sqlite"
    with closing(sql.connect(db, create=True)) as con, con:
        sql.insert_report(con, text)
        sql.insert_report(con, scanned)
    for df in (dataset.read(db), dataset.to_dataframe([text, scanned])):
        row = df.set_index("format").loc["pdf_ocr"]
        assert (row["ocr_pages"], row["ocr_doubtful"]) == (6, 2)
        assert (row["ocr_min_confidence"], row["ocr_mean_confidence"]) == (0.8123, 0.9871)
        plain = df.set_index("format").loc["text"]
        assert pd.isna(plain["ocr_pages"]) and pd.isna(plain["ocr_mean_confidence"])
        assert str(df["ocr_pages"].dtype) == "Int64" and str(df["ocr_mean_confidence"].dtype) == "float64"
