"""Datasets: where a batch's reports go, and how to read them back.

    >>> from gxconvert import dataset
    >>> df = dataset.read("reports.sqlite")            # one row per report
    >>> values = dataset.read("reports.sqlite", long=True)  # one row per value
    >>> dataset.to_dataframe(reports)                  # from Report objects

The output of ``convert -o OUT`` is chosen by OUT's suffix (see
:func:`sink_kind`): ``.sqlite``/``.db`` the SQLite dataset, ``.jsonl``,
``.csv`` (``--long``), ``.parquet``, ``.xlsx``, ``.json``, or a directory.
pandas is an optional extra (``pip install 'gxconvert[pandas]'``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Report
from .atomic import OutputError
from .columns import (
    INT_META,
    LONG_COLUMNS,
    META_COLUMNS,
    long_rows,
    money_paths,
    value_paths,
    wide_row,
)
from .sink import Sink, Stored

if TYPE_CHECKING:
    from .sqlite import DatasetInUse

__all__ = [
    "SUFFIXES",
    "DatasetInUse",
    "OutputError",
    "Sink",
    "Stored",
    "column_types",
    "read",
    "reports",
    "sink_kind",
    "to_dataframe",
]

def __getattr__(name: str) -> object:
    if name == "DatasetInUse":  # without sqlite3 at start-up
        from .sqlite import DatasetInUse

        return DatasetInUse
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: output suffix -> sink kind
SUFFIXES: dict[str, str] = {
    ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx", ".json": "json",
}


def sink_kind(path: str | os.PathLike[str]) -> str | None:
    """The sink an output path asks for by its suffix ('dir' for an existing
    directory or a path ending in '/'); None when the suffix says nothing."""
    text = os.fspath(path)
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        return "dir"
    return SUFFIXES.get(Path(text).suffix.lower())


def _pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError("gxconvert.dataset needs pandas: pip install 'gxconvert[pandas]'") from exc
    return pandas


def reports(path: str | os.PathLike[str]) -> list[Report]:
    """The reports stored in a SQLite dataset, a JSONL file, a JSON file
    (one report or an array) or a directory of JSON files, in path order."""
    from .sqlite import connect
    p = Path(path)
    kind = sink_kind(p)
    dicts: list[dict[str, Any]] = []
    if kind == "sqlite":
        conn = connect(p)
        try:
            dicts = [json.loads(r[0]) for r in conn.execute("SELECT report_json FROM reports ORDER BY path")]
        finally:
            conn.close()
    elif kind == "jsonl":
        dicts = [json.loads(x) for x in p.read_text("utf-8").splitlines() if x.strip()]
    elif kind == "json":
        d = json.loads(p.read_text("utf-8"))
        dicts = d if isinstance(d, list) else [d]
    elif kind == "dir":
        dicts = [json.loads(f.read_text("utf-8")) for f in sorted(p.rglob("*.json"))]
    else:
        raise ValueError(f"{p}: reports() reads .sqlite/.db, .jsonl, .json or a directory")
    return [Report.from_dict(d) for d in dicts]


def to_dataframe(items: Iterable[Report | dict[str, Any]], long: bool = False) -> Any:
    """A pandas DataFrame of reports: one row per report (meta columns, then
    one column per value path in the forms' order), or with ``long=True``
    one row per value with its provenance."""
    pd = _pandas()
    rows: list[dict[str, Any]] = []
    for item in items:
        report = item if isinstance(item, Report) else Report.from_dict(item)
        if long:
            rows.extend(long_rows(report))
        else:
            rows.append(wide_row(report))
    columns = list(LONG_COLUMNS) if long else list(META_COLUMNS) + list(value_paths())
    extra = [c for c in (rows[0] if rows else {}) if c not in columns]
    return _typed(pd.DataFrame(rows, columns=columns + extra), long)


def column_types(long: bool = False) -> dict[str, str]:
    """The pandas dtype of each column of a dataset frame, whatever file it
    was read from: counts are nullable integers (``Int64``), money and a
    long row's ``value`` floats, everything else text (``str``)."""
    if long:
        ints, floats = {"year", "page", "line", "table"}, {"value"}
        columns: list[str] = list(LONG_COLUMNS)
    else:
        money = money_paths()
        ints = set(INT_META) | {p for p in value_paths() if p not in money}
        floats = set(money)
        columns = list(META_COLUMNS) + list(value_paths())
    return {c: "Int64" if c in ints else "float64" if c in floats else "str" for c in columns}


def _typed(df: Any, long: bool) -> Any:
    """``df`` with its number columns cast to :func:`column_types` (one place
    for every kind of dataset: a float column of counts read from Parquet or
    CSV becomes ``Int64`` again).  Text columns are left as read: pandas 2's
    ``astype(str)`` would turn a missing value into the text 'nan'."""
    for c, dtype in column_types(long).items():
        if dtype != "str" and c in df.columns and str(df[c].dtype) != dtype:
            df[c] = df[c].astype(dtype)
    return df


def read(path: str | os.PathLike[str], long: bool = False) -> Any:
    """A dataset as a pandas DataFrame (wide, or ``long=True``): SQLite,
    JSONL, JSON, a directory of JSON, CSV or Parquet written by ``convert``."""
    pd = _pandas()
    p = Path(path)
    kind = sink_kind(p)
    if kind in ("csv", "parquet"):  # the file's own shape (wide or --long), whatever ``long`` says
        if kind == "csv":
            text = [c for c, t in {**column_types(), **column_types(True)}.items() if t == "str"]
            df = pd.read_csv(p, encoding="utf-8-sig", dtype=dict.fromkeys(text, str),
                             keep_default_na=False, na_values=[""])  # an empty cell is missing; 'NA' is text
        else:
            df = pd.read_parquet(p)
        return _typed(df, "value_path" in df.columns)
    return to_dataframe(reports(p), long=long)
