"""CSV output: wide (one row per report: meta columns, then one column per
dotted value path in the forms' order) or long (``--long``: one row per
value with its provenance).  UTF-8 with a BOM, so spreadsheet programs read
the Chinese text; written to a temporary file and renamed when complete."""

from __future__ import annotations

import csv
import os
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


def _cell(v: Any) -> Any:
    return "" if v is None else v


class CsvSink(Sink):
    def __init__(self, path: str | os.PathLike[str], long: bool = False) -> None:
        self.long = long
        self._file = AtomicFile(path, "w", encoding="utf-8-sig", newline="")
        self._w = csv.writer(self._file.fh)
        self.columns = list(LONG_COLUMNS) if long else list(META_COLUMNS) + list(value_paths())
        self._w.writerow(self.columns)

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

    def close(self, complete: bool = True) -> None:
        self._file.commit()
