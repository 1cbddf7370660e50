"""Every output a batch can write, one entry each: its name, the suffixes
that ask for it, and the module that writes (and, where it can, reads) it.

An output module defines ``open_sink(request) -> Sink``; one that keeps
whole reports with their provenance defines ``report_dicts(path)`` (the
reports' JSON objects, which ``dataset.read`` and ``gxconvert review`` use);
one that keeps only tables defines ``read_frame(path, long)``.  A new
output is one module and one line in :data:`OUTPUTS`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from ..results import Sink
from .atomic import OutputError


@dataclass(frozen=True, slots=True)
class Output:
    name: str
    suffixes: tuple[str, ...]
    module: str  # relative to gxconvert.dataset
    says: str  # what it is, for --help and messages

    def load(self) -> ModuleType:
        return importlib.import_module(f"gxconvert.dataset.{self.module}")

    @property
    def holds_reports(self) -> bool:
        """Whether it keeps whole reports with their provenance."""
        return hasattr(self.load(), "report_dicts")


OUTPUTS: tuple[Output, ...] = (
    Output("sqlite", (".sqlite", ".sqlite3", ".db"), "sqlite", "the SQLite dataset (resumable)"),
    Output("jsonl", (".jsonl", ".ndjson"), "jsonl", "JSON Lines, one report a line (resumable)"),
    Output("csv", (".csv",), "csvfile", "wide CSV (or --long), with -checks.csv and -warnings.csv beside it"),
    Output("parquet", (".parquet", ".pq"), "parquet", "Parquet, wide (or --long)"),
    Output("xlsx", (".xlsx",), "xlsx", "an Excel workbook"),
    Output("json", (".json",), "stream", "one report, or an array of reports"),
    Output("dir", (), "directory", "a directory of JSON files, one per input (a path ending in /)"),
)
BY_NAME: dict[str, Output] = {o.name: o for o in OUTPUTS}
BY_SUFFIX: dict[str, Output] = {s: o for o in OUTPUTS for s in o.suffixes}


@dataclass(frozen=True, slots=True)
class Request:
    """What the command line asks of an output."""

    target: str
    inputs: list[str]
    provenance: bool = False
    long: bool = False
    single: bool = False  # one input file: ``json`` writes one object, not an array


def known_suffixes() -> str:
    return ", ".join(s for o in OUTPUTS for s in o.suffixes) + ", or a directory (a path ending in /)"


def output_for(path: str | os.PathLike[str]) -> Output | None:
    """The output a path asks for: by suffix, or ``dir`` for an existing
    directory, a path ending in '/' or a name without a suffix; None for a
    suffix no output has."""
    text = os.fspath(path)
    p = Path(text)
    if text.endswith(("/", os.sep)) or p.is_dir() or not p.suffix:
        return BY_NAME["dir"]
    return BY_SUFFIX.get(p.suffix.lower())


def unknown_suffix(path: str | os.PathLike[str]) -> OutputError:
    return OutputError(f"cannot write {os.fspath(path)}: no output has the suffix {Path(path).suffix!r} "
                       f"(give one of {known_suffixes()}, or --to)")


def open_output(name: str, request: Request) -> Sink:
    sink: Sink = BY_NAME[name].load().open_sink(request)
    return sink


def _output_read(path: str | os.PathLike[str]) -> Output:
    out = output_for(path)
    if out is None:
        readable = ", ".join(s for o in OUTPUTS for s in o.suffixes)
        raise ValueError(f"{os.fspath(path)}: not a dataset gxconvert reads (it reads {readable} "
                         "and directories of JSON)")
    return out


def report_dicts(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The reports (JSON objects) kept in a dataset; ValueError when its
    output keeps no whole reports (CSV, Parquet, XLSX hold tables only)."""
    out = _output_read(path)
    module = out.load()
    if not hasattr(module, "report_dicts"):
        keeps = ", ".join(o.name for o in OUTPUTS if o.holds_reports)
        raise ValueError(f"{os.fspath(path)}: a {out.name} dataset keeps tables, not the reports with their "
                         f"sources; use the {keeps} output")
    yield from module.report_dicts(Path(path))


def read_frame(path: str | os.PathLike[str], long: bool) -> Any:
    """The dataset as a DataFrame, from whichever form its output keeps."""
    out = _output_read(path)
    module = out.load()
    if hasattr(module, "read_frame"):
        return module.read_frame(Path(path), long)
    from . import to_dataframe
    return to_dataframe(module.report_dicts(Path(path)), long=long)
