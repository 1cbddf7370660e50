"""Writing review pages, and the ``gxconvert review`` command.

    gxconvert review FILE|DATASET [-o OUT.html]

FILE is a report in any format gxconvert reads, or a report's JSON
(``convert --provenance`` output); DATASET is any output of ``convert``
that keeps whole reports: the SQLite file, JSON Lines, a JSON array or a
folder of JSON (CSV, Parquet and XLSX keep tables only and are refused,
naming the outputs that can be reviewed).  A
report gives one page (standard output without ``-o``); a dataset gives
``OUT.html`` (the index) and one page per report in the folder
``OUT-reports/`` next to it.  Exit status: 0 written, 1 the input could not be
read (one line on stderr naming the file and the reason), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from ..api import convert
from ..dataset.registry import output_for, report_dicts
from ..errors import ConversionError
from ..model import SCHEMA_ID, Report
from .index import is_dataset, iter_reports, load_into, page_name, render_index
from .page import render_report


def pages_dir_for(index_path: Path) -> Path:
    """The folder of a dataset's report pages, next to its index."""
    return index_path.with_name(index_path.stem + "-reports")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def write_report_html(report: Report, out_path: str | Path) -> Path:
    """Write ``report``'s review page to ``out_path`` (what
    ``convert FILE --html OUT.html`` does).  Returns the path written."""
    out = Path(out_path)
    _write(out, render_report(report))
    return out


def write_dataset(db_path: str | Path, out_path: str | Path, name: str | None = None) -> list[Path]:
    """The index of dataset ``db_path`` at ``out_path`` and one page per
    report in :func:`pages_dir_for` of it.  Returns the paths written, index
    first."""
    index = Path(out_path)
    pages = pages_dir_for(index)
    html = render_index(db_path, pages_dir=pages.name, name=name)  # reads the whole index before writing anything
    pages.mkdir(parents=True, exist_ok=True)
    _write(index, html)
    written = [index]
    back = "../" + index.name
    for rid, report in iter_reports(db_path):
        dest = pages / page_name(rid)
        _write(dest, render_report(report, back_link=back))
        written.append(dest)
    return written


def load_report(source: str | Path) -> Report:
    """A report from a document (converted) or from a report's JSON."""
    path = Path(source)
    with open(path, "rb") as f:
        head = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") and SCHEMA_ID.encode() in head:
        try:
            data = json.loads(path.read_text("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = None
        if isinstance(data, dict) and data.get("schema") == SCHEMA_ID:
            if "provenance" not in data:
                raise ConversionError("the report JSON has no provenance, so its values cannot be traced; "
                                      "write it with convert --provenance", str(path))
            return Report.from_dict(data)
    return convert(str(path))


def holds_many(source: Path) -> bool:
    """A dataset of reports rather than one report: SQLite, an output of
    the output registry other than one report's JSON, or a folder."""
    if is_dataset(source) or source.is_dir():
        return True
    out = output_for(source)
    if out is None or out.name == "dir":
        return False
    if out.name == "json":
        with open(source, "rb") as f:
            return f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[")
    return True


def write_many(source: Path, out_path: str | Path) -> list[Path]:
    """Review pages of any dataset the output registry keeps reports in
    (SQLite as it is; JSON Lines, a JSON array, a folder of JSON through a
    temporary SQLite copy).  An output that keeps only tables (CSV, Parquet,
    XLSX) raises ValueError saying which outputs can be reviewed."""
    if is_dataset(source):
        return write_dataset(source, out_path)
    dicts = report_dicts(source)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "reports.sqlite"
        load_into(db, dicts)
        return write_dataset(db, out_path, name=source.name)


def write_review(source: str | Path, out_path: str | Path) -> list[Path]:
    """Review pages of ``source`` (a report document, a report's JSON, or a
    dataset) written to ``out_path``; for a dataset, also one page per report
    in a folder next to it.  Returns the paths written."""
    if holds_many(Path(source)):
        return write_many(Path(source), out_path)
    return [write_report_html(load_report(source), out_path)]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(prog: str = "gxconvert review") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Write a review page: a converted report as the official form, "
                                       "each value with its source, failing checks on their cells.")
    p.add_argument("source", metavar="FILE|DATASET",
                   help="a report (docx, pdf, html, text, or its JSON) or a dataset (the batch's SQLite file)")
    p.add_argument("-o", "--output", metavar="OUT.html",
                   help="where to write the page (a dataset: its index; report pages go in OUT-reports/); "
                        "default for a report: standard output")
    return p


def main(argv: list[str] | None = None, prog: str = "gxconvert review") -> int:
    """``gxconvert review FILE|DATASET [-o OUT.html]``; returns the exit status."""
    args = build_parser(prog).parse_args(argv)
    source = Path(args.source)
    if not source.exists():
        print(f"{prog}: {args.source}: no such file", file=sys.stderr)
        return 1
    try:
        if holds_many(source):
            if not args.output:
                print(f"{prog}: {args.source}: a dataset needs -o OUT.html (its report pages go in a folder "
                      "next to it)", file=sys.stderr)
                return 2
            write_many(source, args.output)
            return 0
        report = load_report(source)
        if args.output:
            write_report_html(report, args.output)
        else:
            sys.stdout.buffer.write(render_report(report).encode("utf-8"))
            sys.stdout.flush()
        return 0
    except ConversionError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # an output that keeps no reports, or a damaged line
        print(f"{prog}: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        print(f"{prog}: {args.source}: not a readable gxconvert dataset: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{prog}: {exc.filename or args.output or args.source}: {exc.strerror or exc}", file=sys.stderr)
        return 1
