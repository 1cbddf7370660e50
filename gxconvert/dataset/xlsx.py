"""XLSX output (``pip install 'gxconvert[xlsx]'``: openpyxl).

Sheets: ``reports`` (meta), one per table (``active_disclosure``,
``applications``, ``review_litigation``: one row per report, one column per
value path), ``checks``, ``warnings`` and ``failures``.  A value that a
failing 勾稽关系 check involves is highlighted (and the failing check rows
too).  Written in openpyxl's streaming mode to a temporary file, renamed
when complete.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..results import Result, Sink
from ..templates import TABLES
from .atomic import AtomicFile, OutputError
from .columns import META_COLUMNS, failing_paths, flat_values, meta_row, value_paths
from .registry import Request

HIGHLIGHT = "FFC7CE"  # the light red of spreadsheet programs' "bad" style


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ModuleNotFoundError as exc:
        raise OutputError("writing XLSX needs openpyxl: pip install 'gxconvert[xlsx]'") from exc
    return openpyxl


def _clean(v: Any) -> Any:
    """Strings without the control characters XLSX cannot hold."""
    if isinstance(v, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", v)
    return v


def _row(values: list[Any]) -> list[Any]:
    return [_clean(v) for v in values]


class XlsxSink(Sink):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        openpyxl = _openpyxl()
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font, PatternFill
        self._Cell = WriteOnlyCell
        self._fill = PatternFill(start_color=HIGHLIGHT, end_color=HIGHLIGHT, fill_type="solid")
        self._bold = Font(bold=True)
        self._file = AtomicFile(path, "wb")
        self.wb = openpyxl.Workbook(write_only=True)
        self.sheets: dict[str, Any] = {}
        self.table_paths = {t: [p for p in value_paths() if p.startswith(t + ".")] for t in TABLES}
        heads: dict[str, list[str]] = {
            "reports": list(META_COLUMNS),
            **{t: ["path", "agency", "year", "template"] + [p[len(t) + 1:] for p in self.table_paths[t]]
               for t in TABLES},
            "checks": ["path", "rule", "ok", "expected", "actual", "where"],
            "warnings": ["path", "code", "message", "where"],
            "failures": ["path", "kind", "message"],
        }
        for name, head in heads.items():
            ws = self.wb.create_sheet(name)
            ws.freeze_panes = "B2"
            ws.append([self._cell(ws, h, bold=True) for h in head])
            self.sheets[name] = ws

    def _cell(self, ws: Any, value: Any, highlight: bool = False, bold: bool = False) -> Any:
        c = self._Cell(ws, value=_clean(value))
        if highlight:
            c.fill = self._fill
        if bold:
            c.font = self._bold
        return c

    def add(self, result: Result) -> None:
        report = result.report
        if report is None:
            self.sheets["failures"].append(_row([result.path, result.kind, result.message]))
            return
        meta = meta_row(report)
        self.sheets["reports"].append(_row([meta[c] for c in META_COLUMNS]))
        flat = flat_values(report)
        bad = failing_paths(report)
        m = report.meta
        for t in TABLES:
            ws = self.sheets[t]
            row = _row([report.source.path, m.agency, m.year, m.template])
            row += [self._cell(ws, flat.get(p), highlight=p in bad) for p in self.table_paths[t]]
            ws.append(row)
        ws = self.sheets["checks"]
        for c in report.checks:
            cells = [report.source.path, c.rule, c.ok, c.expected, c.actual, c.where]
            ws.append([self._cell(ws, v, highlight=not c.ok) for v in cells])
        for w in report.warnings:
            self.sheets["warnings"].append(_row([report.source.path, w.code, w.message, w.where]))

    def close(self, complete: bool = True) -> None:
        self.wb.save(self._file.fh)
        self._file.commit()


def open_sink(request: Request) -> XlsxSink:
    return XlsxSink(request.target)


def read_frame(path: Path, long: bool) -> Any:
    """The workbook's reports sheet joined with its table sheets: the wide
    dataset (one row per report).  ``long`` is refused: the workbook keeps
    no provenance."""
    if long:
        raise ValueError(f"{path}: an XLSX dataset keeps no provenance; read it wide (long=False)")
    import pandas as pd
    sheets = pd.read_excel(path, sheet_name=None, dtype={"sha256": str, "published": str})
    df = sheets["reports"]
    for t in TABLES:
        table = sheets[t].drop(columns=["agency", "year", "template"])
        table.columns = ["path"] + [f"{t}.{c}" for c in table.columns[1:]]
        df = df.merge(table, on="path", how="left")
    return df
