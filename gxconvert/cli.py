"""The ``convert`` / ``gxconvert`` command.

    convert PATH... [-o OUT] [--to OUTPUT] [--jobs N] [--timeout S] [--max-memory SIZE]
    gxconvert check DATASET
    gxconvert review FILE|DATASET [-o OUT.html]

A PATH is a file, a directory (walked recursively), a glob or ``-``
(standard input); ``--files-from LIST`` adds paths from a list.  Every file,
even a single one, is converted in a worker process with a clock and a
memory cap.  The output is chosen by OUT's suffix: ``.sqlite``/``.db`` (the
dataset, resumable), ``.jsonl``, ``.csv`` (``--long``), ``.parquet``,
``.xlsx``, ``.json``, or a directory (one JSON per input).  Without ``-o``:
one JSON object for one file, JSON Lines for several, on standard output.

Exit status: 0 when every input converted, 1 when some failed (each failure
one line on stderr naming the file and the reason; the others are still
written), 2 for usage errors and outputs that cannot be written, 130/143
when stopped by SIGINT/SIGTERM (``interrupted after N of M files``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from .codecache import dataclass_methods

with dataclass_methods():  # the batch layer's classes' methods compiled once per interpreter (gxconvert.codecache)
    from . import patterns, templates
    from .batch.inputs import expand, own_files, read_list
    from .batch.pool import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, default_jobs
    from .batch.progress import Progress
    from .batch.run import Batch, RunSettings
    from .batch.stop import Interrupted, StopFlag
    from .dataset import OutputError, output_name
    from .dataset.registry import OUTPUTS, Request, open_output, output_for, unknown_suffix
    from .model import Report
    from .options import CLI_FLAGS, DEFAULT_OPTIONS, Options
    from .results import Sink
    from .version import __version__

#: the outputs' names (``--to``): what a batch writes, not a document's format
OUTPUT_NAMES = tuple(o.name for o in OUTPUTS)
_SIZE = patterns.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3, "t": 1024 ** 4}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors exit 2, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def parse_size(text: str) -> int:
    """'2G', '512M', '2GiB', '1048576' -> bytes."""
    m = _SIZE.match(text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (say 512M, 2G or a number of bytes)")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _limit_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("limits (each refused file names the limit it reached)")
    for name in Options.field_names():
        default = getattr(DEFAULT_OPTIONS, name)
        is_bytes = name.endswith("_bytes")
        kind: Callable[[str], Any] = parse_size if is_bytes else (float if name == "max_seconds" else int)
        shown = "none" if default is None else (f"{default // 1048576}M" if is_bytes else default)
        g.add_argument(CLI_FLAGS[name], dest=f"limit_{name}", type=kind, default=None, metavar="N",
                       help=f"Options.{name} (default {shown})")


EPILOG = """commands:
  {prog} check DATASET            cross-year checks of a SQLite dataset (-v: the ones that hold too)
  {prog} review FILE|DATASET -o OUT.html
                                  review pages: the official form, each value beside its source

examples:
  {prog} report.pdf                       one report's JSON on standard output
  {prog} reports/ -o reports.sqlite       a folder into the SQLite dataset (run again: only new files)
  {prog} reports.zip -o reports.jsonl     the documents inside a zip, as JSON Lines
  {prog} 'reports/**/*.docx' -o out.csv   a glob into a wide CSV (+ out-checks.csv, out-warnings.csv)
  find . -name '*.pdf' -print0 | {prog} --files-from - -0 -o pdfs.sqlite
  {prog} - -o piped.sqlite < report.html  standard input (kept in the dataset by its content's hash)

A walk skips hidden names and the run's own output files.  Exit status: 0 every
input converted (or nothing to convert), 1 some inputs failed (each one line on
stderr), 2 usage error or an output that cannot be written, 130/143 stopped by
SIGINT/SIGTERM (the file under way is not recorded; run again to go on)."""


def build_parser(prog: str = "convert") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Convert 政府信息公开工作年度报告 (docx, PDF, HTML, text) to canonical JSON, "
                                      "one file or thousands into one dataset.",
                epilog=EPILOG.format(prog=prog), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", metavar="PATH",
                   help="report files, directories (walked recursively), globs; '-' reads standard input")
    p.add_argument("--files-from", metavar="LIST", help="read paths from LIST, one per line ('-': standard input)")
    p.add_argument("-0", "--null", action="store_true",
                   help="--files-from LIST separates names by NUL bytes (find -print0)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output, chosen by its suffix: " + "; ".join(
                       f"{'/'.join(o.suffixes) or 'DIR/'} {o.says}" for o in OUTPUTS)
                   + "; default standard output")
    p.add_argument("--to", "--format", dest="to", choices=OUTPUT_NAMES, default=None, metavar="OUTPUT",
                   help="the output when OUT's suffix does not say: " + ", ".join(OUTPUT_NAMES)
                        + " (json: one report, or an array for several; --format is the old spelling)")
    p.add_argument("--long", action="store_true", help="CSV/Parquet: one row per value with its provenance")
    p.add_argument("--explain", action="store_true",
                   help="print every table value beside where it came from (line/page, cell, raw text)")
    p.add_argument("--provenance", action="store_true", help="include the provenance map in the JSON")
    p.add_argument("--html", metavar="OUT.html",
                   help="also write the review page of the report (one input): the official form with every "
                        "value's source and every failed check, one self-contained HTML file")
    p.add_argument("--templates", metavar="DIR",
                   help="read the forms from DIR (form*.json, common.json; a file missing there is the package's) "
                        "instead of the package's own; same as the GXCONVERT_TEMPLATES environment variable")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help=f"worker processes (default: the number of cores, {default_jobs()}; "
                        "0 converts in this process without a clock or memory cap)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"wall-clock limit per file (default {DEFAULT_TIMEOUT:g}; 0: none)")
    p.add_argument("--max-memory", type=parse_size, default=DEFAULT_MAX_MEMORY, metavar="SIZE",
                   help="address-space cap per worker (default 2G; 0: none)")
    p.add_argument("--force", action="store_true", help="convert inputs the output already holds again")
    p.add_argument("--retry-failed", action="store_true", help="retry inputs that failed in an earlier run")
    p.add_argument("--cross-checks", action="store_true",
                   help="after the run, print the cross-year checks of the SQLite dataset")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="convert on a dask.distributed cluster (tcp://HOST:PORT; needs gxconvert[dask])")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="one line per file, tracebacks of internal errors, library log messages")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but usage errors")
    p.add_argument("--summary", action="store_true",
                   help="print the end-of-run summary (default: when stderr is a terminal or with -v)")
    _limit_args(p)
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


def _read_stdin_list(null: bool) -> list[str]:
    """A --files-from list on standard input; undecodable bytes of names survive."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a program replaced sys.stdin with a text stream
        return read_list(sys.stdin, null)
    text = io.TextIOWrapper(buffer, encoding="utf-8", errors="surrogateescape")
    try:
        return read_list(text, null)
    finally:
        text.detach()  # leave sys.stdin open


# ---------------------------------------------------------------- outputs


def _choose_output(args: argparse.Namespace, single: bool) -> str:
    """The output's name in the registry, or a stream mode on standard
    output; an OUT whose suffix no output has is refused (OutputError)."""
    if args.explain:
        return "explain"
    if args.to == "json" and args.output and not single and Path(args.output).suffix.lower() != ".json":
        return "dir"  # several reports as JSON into OUT: one file each
    if args.to:
        return str(args.to)
    if not args.output:
        return "json" if single else "jsonl"
    out = output_for(args.output)
    if out is None:
        raise unknown_suffix(args.output)
    if out.name == "dir" and single and not args.output.endswith(("/", os.sep)) and not os.path.isdir(args.output):
        return "json"  # one input, OUT without a suffix: the report's JSON under that name
    return out.name


def _open_sink(output: str, args: argparse.Namespace, inputs: list[str], single: bool) -> Sink:
    if output == "explain" or not args.output:
        if output not in ("json", "jsonl", "explain"):
            raise OutputError(f"--to {output} writes a file: give it with -o")
        from .dataset.stream import StreamSink
        mode = "array" if output == "json" and not single else output
        return StreamSink(mode, args.output, sys.stdout, provenance=args.provenance, explain=explain)
    return open_output(output, Request(args.output, inputs, args.provenance, args.long, single))


def _options(args: argparse.Namespace) -> Options | None:
    changes = {name: getattr(args, f"limit_{name}") for name in Options.field_names()
               if getattr(args, f"limit_{name}") is not None}
    return DEFAULT_OPTIONS.replace(**changes) if changes else None


@contextmanager
def _quiet_libraries(verbose: bool, here: bool = True) -> Iterator[None]:
    """Library logging (pdfminer's 'Could not get FontBBox…') and warnings
    stay off the screen unless -v (restored afterwards: main() may be called
    from a program).  ``here``: libraries run in this process (converting
    with ``-j 0``, a Dask client); when only worker processes convert
    (they silence their own), ``logging`` is not loaded for this
    (~20 M instructions of a one-file run's start), only turned off if
    something loaded it."""
    import warnings
    logging: Any = importlib.import_module("logging") if here else sys.modules.get("logging")
    before = logging.root.manager.disable if logging is not None else 0
    with warnings.catch_warnings():
        if not verbose:
            if logging is not None:
                logging.disable(logging.CRITICAL)
            warnings.simplefilter("ignore")
        try:
            yield
        finally:
            if logging is not None:
                logging.disable(before)


# ---------------------------------------------------------------- cross-year checks


def print_cross_checks(dataset: str, prog: str, verbose: bool = False, quiet: bool = False) -> int:
    """Recompute and print the cross-year checks of a SQLite dataset; 1 if one fails."""
    import sqlite3

    from .dataset.crossyear import update_cross_checks
    from .dataset.sql import connect
    try:
        conn = connect(dataset)
        try:
            with conn:
                checks = update_cross_checks(conn)
        finally:
            conn.close()
    except (OutputError, sqlite3.DatabaseError) as exc:
        text = str(exc) if isinstance(exc, OutputError) else f"{dataset}: not a gxconvert dataset ({exc})"
        print(f"{prog}: {text}", file=sys.stderr)
        return 2
    failed = [c for c in checks if not c.ok]
    for c in checks if verbose else failed:
        status = "ok    " if c.ok else "FAILED"
        print(f"{status} {c.rule}: {c.agency} {(c.year or 0) - 1}->{c.year}: expected {c.expected}, "
              f"actual {c.actual} ({c.path} after {c.prev_path})")
    if not quiet:
        print(f"{prog}: cross-year checks: {len(checks)} checked, {len(failed)} failed", file=sys.stderr)
    return 1 if failed else 0


def _check_main(argv: list[str], prog: str) -> int:
    p = _Parser(prog=f"{prog} check", description="Cross-year checks of a SQLite dataset.")
    p.add_argument("dataset", metavar="DATASET")
    p.add_argument("-v", "--verbose", action="store_true", help="print the checks that hold too")
    args = p.parse_args(argv)
    return print_cross_checks(args.dataset, prog, args.verbose)


# ---------------------------------------------------------------- main

#: set by :func:`command`: the command's entry point paused the cycle collector, which comes back on
#: (:func:`_resume_gc`) unless the run is one file converted in a worker (the worker turns it on itself)
_gc_paused = False


def _resume_gc() -> None:
    """The cycle collector back on, if the command paused it: the objects
    made so far (the imported modules) frozen out of its passes first."""
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.freeze()
        gc.enable()


def command(prog: str | None = None, gc_paused: bool = False) -> NoReturn:
    """The ``convert``/``gxconvert`` command: :func:`main`, then
    :func:`exit_process`.  ``gc_paused``: the entry point turned the cycle
    collector off before importing this module (it was on)."""
    global _gc_paused
    _gc_paused = gc_paused
    exit_process(main(prog=prog), prog)


def exit_process(status: int, prog: str | None = None) -> NoReturn:
    """End the command's process with ``status`` as soon as its work is
    done: the exit handlers run (the regex-code cache is saved), standard
    output and error are flushed — a failure to flush standard output is
    status 120 with one line on stderr, as the interpreter has it — then
    ``os._exit``: no teardown of every module and object (~30 M
    instructions of a one-file run).  The outputs were closed by the run
    (a dataset's connection, a file's rename).  While a thread the
    interpreter would wait for is alive, it exits as usual instead."""
    threading = sys.modules.get("threading")
    if threading is not None and any(t.is_alive() and not t.daemon and t is not threading.main_thread()
                                     for t in threading.enumerate()):
        sys.exit(status)
    import atexit
    atexit._run_exitfuncs()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError) as exc:
        status = 120
        with contextlib.suppress(Exception):
            text = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            print(f"{prog or 'convert'}: cannot write standard output: {text}", file=sys.stderr)
    with contextlib.suppress(Exception):
        if sys.stderr is not None:
            sys.stderr.flush()
    os._exit(status)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    prog = prog or Path(sys.argv[0]).name or "convert"
    if prog in ("__main__.py", "-c"):
        prog = "gxconvert"
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"] and not os.path.exists("check"):
        _resume_gc()
        return _check_main(argv[1:], prog)
    if argv[:1] == ["review"] and not os.path.exists("review"):
        _resume_gc()
        from .review.command import main as review_main
        return review_main(argv[1:], prog=f"{prog} review")
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.verbose and args.quiet:
        parser.error("-v and -q contradict each other")
    if (args.jobs is not None and args.jobs < 0) or args.timeout < 0 or args.max_memory < 0:
        parser.error("--jobs, --timeout and --max-memory take numbers >= 0")
    if args.templates:
        if not os.path.isdir(args.templates):
            parser.error(f"--templates {args.templates}: no such folder")
        os.environ[templates.ENV_FOLDER] = args.templates  # worker processes read the same forms
        templates.load(args.templates)
    paths = list(args.files)
    if args.files_from:
        if args.files_from == "-" and "-" in paths:
            parser.error("standard input cannot give both the file list and a document")
        try:
            if args.files_from == "-":
                paths += _read_stdin_list(args.null)
            else:
                with open(args.files_from, encoding="utf-8", errors="surrogateescape") as fh:
                    paths += read_list(fh, args.null)
        except OSError as exc:
            print(f"{prog}: cannot read {args.files_from}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    if not paths:
        if args.cross_checks and args.output:
            return print_cross_checks(args.output, prog, quiet=args.quiet)
        parser.error("no input: give PATH arguments or --files-from LIST")
    if paths.count("-") > 1:
        parser.error("'-' (standard input) can be given only once")
    if args.cross_checks and not (args.output and output_name(args.output) == "sqlite"):
        parser.error("--cross-checks needs a SQLite dataset output (-o NAME.sqlite)")
    with _quiet_libraries(args.verbose, here=args.jobs == 0 or bool(args.scheduler)):
        try:
            return _run(args, parser, paths, prog)
        except KeyboardInterrupt:  # before the run's own handlers (walking a big tree)
            print(f"{prog}: interrupted before converting", file=sys.stderr)
            return 130
        except BrokenPipeError:  # `convert ... | head`: the reader left
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser, paths: list[str], prog: str) -> int:
    if args.output and not args.to and not args.explain and output_for(args.output) is None:
        print(f"{prog}: {unknown_suffix(args.output)}", file=sys.stderr)  # before any work
        return 2
    inputs = expand(paths, exclude=own_files(args.output) if args.output else ())
    if not inputs:
        print(f"{prog}: no documents to convert in {' '.join(paths)}", file=sys.stderr)
        return 0
    single = len(args.files) == 1 and not args.files_from and len(inputs) == 1 and not os.path.isdir(args.files[0])
    if args.html and not single:
        parser.error("--html writes the review page of one report: give one input file "
                     "(for a dataset: gxconvert review DATASET -o OUT.html)")
    try:
        output = _choose_output(args, single)
        sink = _open_sink(output, args, inputs, single)
    except OutputError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    if args.html:
        from .review.sink import ReviewPageSink
        sink = ReviewPageSink(sink, args.html)
    settings = RunSettings(
        jobs=args.jobs if args.jobs is not None else min(default_jobs(), max(1, len(inputs))),
        timeout=args.timeout or None, max_memory=args.max_memory or None, options=_options(args),
        force=args.force, retry_failed=args.retry_failed, quiet_libraries=not args.verbose,
        scheduler=args.scheduler)
    if not (single and settings.jobs and not args.scheduler):  # converting here, or many files: collect cycles
        _resume_gc()
    if args.quiet:
        mode = "quiet"
    elif args.verbose:
        mode = "verbose"
    elif sys.stderr.isatty() and len(inputs) > 1:
        mode = "bar"
    else:
        mode = "plain"
    progress = Progress(len(inputs), mode, sys.stderr, prog)
    batch = Batch(inputs, sink, progress, settings, stdin=_read_stdin)
    with StopFlag().on_signals() as stop:
        try:
            summary = batch.run(stop)
        except Interrupted as exc:
            done = batch.summary.done
            print(f"{prog}: interrupted after {done} of {len(inputs)} files", file=sys.stderr)
            return 128 + exc.signum
    if not args.quiet and (args.summary or args.verbose or (sys.stderr.isatty() and len(inputs) > 1)):
        for line in summary.lines(prog):
            print(line, file=sys.stderr)
    elif not args.quiet and len(inputs) > 1:  # stderr is a file or a pipe: the one-line account
        print(summary.lines(prog)[0], file=sys.stderr)
    status = 1 if summary.n_failed or summary.skipped_failed else 0
    if args.cross_checks and output == "sqlite":
        status = max(status, print_cross_checks(args.output, prog, quiet=args.quiet))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
