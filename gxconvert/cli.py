"""The ``convert`` / ``gxconvert`` command.

    convert FILE... [-o OUT] [--format json|jsonl] [--explain]

``-`` reads one document from standard input.  Exit status: 0 when every
file converted, 1 when some failed (each failure one line on stderr naming
the file and the reason; the others are still written), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from . import __version__
from .api import convert
from .errors import ConversionError
from .model import Report


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(prog: str = "convert") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Convert 政府信息公开工作年度报告 (docx, PDF, HTML, text) to canonical JSON.")
    p.add_argument("files", nargs="+", metavar="FILE", help="report files; '-' reads standard input")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file (json: one report, or a directory for several; jsonl: one file); default stdout")
    p.add_argument("--format", choices=("json", "jsonl"), default=None,
                   help="json (default for one file) or jsonl (one report per line; default for several)")
    p.add_argument("--explain", action="store_true",
                   help="print every table value beside where it came from (line/page, cell, raw text)")
    p.add_argument("--provenance", action="store_true", help="include the provenance map in the JSON")
    p.add_argument("--version", action="version", version=f"gxconvert {__version__}")
    return p


def explain(report: Report) -> str:
    """Each value beside its source: path, value, where, raw cell text."""
    lines = [f"# {report.source.path or '-'}  ({report.source.format}, template {report.meta.template})",
             f"# {report.meta.agency} {report.meta.year}  published {report.meta.published}"]
    for table, flat in report.values.items():
        for path, value in flat.items():
            full = f"{table}.{path}"
            prov = report.provenance.get(full)
            if prov is None:
                src = "(no source cell)"
            else:
                bits = []
                if prov.loc is not None:
                    bits.append(str(prov.loc))
                if prov.table is not None:
                    bits.append(f"table {prov.table + 1}")
                if prov.cell is not None:
                    bits.append(f"cell r{prov.cell[0] + 1}c{prov.cell[1] + 1}")
                if prov.how != "cell":
                    bits.append(prov.how)
                src = ", ".join(bits) + f"  raw={prov.raw!r}"
                if prov.note:
                    src += f"  ({prov.note})"
            shown = "null" if value is None else json.dumps(value)
            lines.append(f"{full:<60} {shown:>12}   {src}")
    bad = [c for c in report.checks if not c.ok]
    lines.append(f"# checks: {len(report.checks) - len(bad)} ok, {len(bad)} failed")
    for c in bad:
        lines.append(f"#   FAILED {c.rule} at {c.where}: expected {c.expected}, actual {c.actual}")
    for w in report.warnings:
        lines.append(f"# warning [{w.code}] {w.message} ({w.where})")
    return "\n".join(lines)


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    prog = prog or Path(sys.argv[0]).name or "convert"
    if prog in ("__main__.py", "-c"):
        prog = "gxconvert"
    args = build_parser(prog).parse_args(argv)
    if args.files.count("-") > 1:
        build_parser(prog).error("'-' (standard input) can be given only once")
    fmt = args.format or ("json" if len(args.files) == 1 else "jsonl")
    out_dir: Path | None = None
    out: TextIO = sys.stdout
    close = False
    if args.output:
        target = Path(args.output)
        if fmt == "json" and len(args.files) > 1 and not args.explain:
            out_dir = target
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                print(f"{prog}: cannot create output directory {target}: {exc.strerror}", file=sys.stderr)
                return 2
        else:
            try:
                out = open(target, "w", encoding="utf-8")
                close = True
            except OSError as exc:
                print(f"{prog}: cannot write {target}: {exc.strerror}", file=sys.stderr)
                return 2

    failed = 0
    as_array = fmt == "json" and len(args.files) > 1 and out_dir is None and not args.explain
    written = 0
    if as_array:
        out.write("[\n")
    try:
        for name in args.files:
            try:
                if name == "-":
                    report = convert(_read_stdin(), path="-")
                else:
                    report = convert(name)
            except ConversionError as exc:
                failed += 1
                print(f"{prog}: {exc}", file=sys.stderr)
                continue
            except Exception as exc:  # a bug must not take the batch down
                failed += 1
                print(f"{prog}: {name}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            if args.explain:
                out.write(explain(report) + "\n")
            elif out_dir is not None:
                dest = out_dir / (Path(name).name + ".json")
                dest.write_text(report.to_json(provenance=args.provenance) + "\n", encoding="utf-8")
            elif as_array:
                out.write((",\n" if written else "") + report.to_json(provenance=args.provenance))
            elif fmt == "jsonl":
                out.write(report.to_json(provenance=args.provenance, indent=None) + "\n")
            else:
                out.write(report.to_json(provenance=args.provenance) + "\n")
            written += 1
            out.flush()
        if as_array:
            out.write("\n]\n")
    finally:
        if close:
            out.close()
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
