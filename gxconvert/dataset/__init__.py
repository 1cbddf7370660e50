"""Datasets: where a batch's reports go, and how to read them back.

    >>> from gxconvert import dataset
    >>> df = dataset.read("reports.sqlite")            # one row per report
    >>> values = dataset.read("reports.sqlite", long=True)  # one row per value
    >>> dataset.to_dataframe(reports)                  # from Report objects

The output of ``convert -o OUT`` is chosen by OUT's suffix from the
registry of outputs (:mod:`gxconvert.dataset.registry`): ``.sqlite``/``.db``
the SQLite dataset, ``.jsonl``, ``.csv`` (``--long``), ``.parquet``,
``.xlsx``, ``.json``, or a directory; its SQL is :mod:`gxconvert.dataset.sql`.
pandas is an optional extra (``pip install 'gxconvert[pandas]'``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..model import Report
from ..results import Sink, Stored
from .atomic import OutputError
from .columns import (
    FLOAT_META,
    INT_META,
    LONG_COLUMNS,
    META_COLUMNS,
    long_rows,
    money_paths,
    value_paths,
    wide_row,
)
from .registry import BY_SUFFIX, output_for, read_frame, report_dicts

if TYPE_CHECKING:
    from .sqlite import DatasetInUse

__all__ = [
    "SUFFIXES",
    "DatasetInUse",
    "OutputError",
    "Sink",
    "Stored",
    "column_types",
    "output_name",
    "read",
    "reports",
    "to_dataframe",
]

def __getattr__(name: str) -> object:
    if name == "DatasetInUse":  # without sqlite3 at start-up
        from .sqlite import DatasetInUse

        return DatasetInUse
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: output suffix -> output name
SUFFIXES: dict[str, str] = {s: o.name for s, o in BY_SUFFIX.items()}


def output_name(path: str | os.PathLike[str]) -> str | None:
    """The output a path asks for ('dir' for a directory, a path ending in
    '/' or a name without a suffix); None for a suffix no output has."""
    out = output_for(path)
    return None if out is None else out.name


def _pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError("gxconvert.dataset needs pandas: pip install 'gxconvert[pandas]'") from exc
    return pandas


def reports(path: str | os.PathLike[str]) -> list[Report]:
    """The reports stored in a dataset that keeps whole reports (SQLite,
    JSON Lines, a JSON file of one report or an array, a directory of JSON
    files), in the dataset's order."""
    return [Report.from_dict(d) for d in report_dicts(path)]


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
        floats = set(money) | FLOAT_META
        columns = list(META_COLUMNS) + list(value_paths())
    return {c: "Int64" if c in ints else "float64" if c in floats else "str" for c in columns}


def _typed(df: Any, long: bool) -> Any:
    """``df`` with its number columns cast to :func:`column_types` (one place
    for every output: a float column of counts read from Parquet or
    CSV becomes ``Int64`` again).  Text columns are left as read: pandas 2's
    ``astype(str)`` would turn a missing value into the text 'nan'."""
    import pandas as pd

    text = pd.Series([], dtype="str").dtype  # object on pandas 2, the string dtype on pandas 3
    for c, dtype in column_types(long).items():
        if c not in df.columns:
            continue
        if dtype != "str" and str(df[c].dtype) != dtype:
            df[c] = df[c].astype(dtype)
        elif dtype == "str" and df[c].dtype != text and df[c].isna().all():  # all missing: inferred as object
            df[c] = df[c].astype(text)
    return df


def read(path: str | os.PathLike[str], long: bool = False) -> Any:
    """A dataset written by ``convert`` as a pandas DataFrame (wide, or
    ``long=True``): any output of the registry (SQLite, JSON Lines, JSON, a
    directory of JSON, CSV, Parquet, XLSX).  A CSV or Parquet file keeps its
    own shape (wide or ``--long``) whatever ``long`` says."""
    _pandas()
    df = read_frame(path, long)
    return _typed(df, "value_path" in df.columns)
