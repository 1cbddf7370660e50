"""CSV output: wide (one row per report: meta columns, then one column per
dotted value path in the forms' order) or long (``--long``: one row per
value with its provenance).  Beside ``OUT.csv``, ``OUT-checks.csv`` names
every check of every report (rule, ok, expected, actual, where) and
``OUT-warnings.csv`` every warning (code, message, the path or row it
names), keyed by the report's ``path``.  UTF-8 with a BOM, so spreadsheet
programs read the Chinese text; each written to a temporary file and
renamed when complete."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from ..results import Result, Sink
from .atomic import AtomicFile
from .columns import (
    LONG_COLUMNS,
    META_COLUMNS,
    flat_values,
    long_rows,
    meta_row,
    value_paths,
)
from .registry import Request


def _cell(v: Any) -> Any:
    return "" if v is None else v


CHECK_HEAD = ("path", "rule", "ok", "expected", "actual", "where")
WARNING_HEAD = ("path", "code", "message", "where")


def beside(path: str | os.PathLike[str], part: str) -> Path:
    """``out.csv`` -> ``out-checks.csv``."""
    p = Path(path)
    return p.with_name(f"{p.stem}-{part}{p.suffix}")


class CsvSink(Sink):
    def __init__(self, path: str | os.PathLike[str], long: bool = False) -> None:
        self.long = long
        self._files = [AtomicFile(p, "w", encoding="utf-8-sig", newline="")
                       for p in (path, beside(path, "checks"), beside(path, "warnings"))]
        self._w, self._checks, self._warnings = (csv.writer(f.fh) for f in self._files)
        self.columns = list(LONG_COLUMNS) if long else list(META_COLUMNS) + list(value_paths())
        self._w.writerow(self.columns)
        self._checks.writerow(CHECK_HEAD)
        self._warnings.writerow(WARNING_HEAD)

    def add(self, result: Result) -> None:
        report = result.report
        if report is None:
            return
        if self.long:
            for row in long_rows(report):
                self._w.writerow([_cell(row[c]) for c in self.columns])
        else:
            row = meta_row(report)
            row.update(flat_values(report))
            self._w.writerow([_cell(row.get(c)) for c in self.columns])
        path = report.source.path
        self._checks.writerows([path, c.rule, int(c.ok), _cell(c.expected), _cell(c.actual), c.where]
                               for c in report.checks)
        self._warnings.writerows([path, w.code, w.message, _cell(w.where)] for w in report.warnings)

    def close(self, complete: bool = True) -> None:
        for f in self._files:
            f.commit()


def open_sink(request: Request) -> CsvSink:
    return CsvSink(request.target, long=request.long)


def read_frame(path: Path, long: bool) -> Any:
    """The CSV as written (wide or ``--long``): text columns kept as text, an
    empty cell missing, 'NA' a text."""
    import pandas as pd

    from . import column_types
    text = [c for c, t in {**column_types(), **column_types(True)}.items() if t == "str"]
    return pd.read_csv(path, encoding="utf-8-sig", dtype=dict.fromkeys(text, str),
                       keep_default_na=False, na_values=[""])
