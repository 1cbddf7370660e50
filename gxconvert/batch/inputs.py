"""Expanding the command line's PATHs into the list of inputs of a batch.

A PATH is a file, a directory (walked recursively in a stable sorted
order; names starting with '.' and the run's own output files are
skipped while walking), a glob
(``reports/**/*.pdf``), or ``-`` (standard input); a ``.zip`` of
documents gives its members (``reports.zip!/a.docx``, see
:mod:`gxconvert.batch.archives`).  ``--files-from LIST``
adds one path per line (``-``: read the list from standard input).  Every
input is kept, once, in the order given: a path that does not exist is an
input too, and fails on its own with the reason.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from . import archives

_GLOB_CHARS = frozenset("*?[")


def own_files(output: str) -> list[str]:
    """What a run writing ``output`` creates beside it: the output, SQLite's
    journal, WAL and shared-memory files, the temporary ``.NAME.partial``,
    and a CSV's ``-checks``/``-warnings`` companions (a directory output:
    all of it)."""
    p = Path(output)
    names = [p]
    if p.suffix.lower() == ".csv":
        names += [p.with_name(f"{p.stem}-{part}{p.suffix}") for part in ("checks", "warnings")]
    out = []
    for n in names:
        out += [str(n), f"{n}-wal", f"{n}-shm", f"{n}-journal", str(n.with_name(f".{n.name}.partial"))]
    return out


def walk(directory: str, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every file under ``directory``, sorted by path, hidden names and the
    real paths in ``skip`` (the run's own output) left out."""
    for root, dirs, files in os.walk(directory, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(root, d)) not in skip)
        for name in sorted(files):
            path = os.path.join(root, name)
            if not name.startswith(".") and os.path.realpath(path) not in skip:
                yield path


def _is_glob(arg: str) -> bool:
    return any(c in _GLOB_CHARS for c in arg)


def expand(args: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """The batch's inputs, each once, in the order given; a walk never
    yields a path of ``exclude`` (see :func:`own_files`)."""
    skip = frozenset(os.path.realpath(p) for p in exclude)
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = p if p == "-" else os.path.normpath(p)
        if key in seen:
            return
        seen.add(key)
        if archives.is_archive(key):  # a zip of documents: its members are the inputs
            out.extend(m for m in archives.members(key) if m not in seen)
        else:
            out.append(key)

    for arg in args:
        if arg == "-":
            add(arg)
        elif os.path.isdir(arg):
            for p in walk(arg, skip):
                add(p)
        elif not os.path.lexists(arg) and _is_glob(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                add(arg)  # fails on its own: no such file
            for m in matches:
                if os.path.isdir(m):
                    for p in walk(m, skip):
                        add(p)
                elif os.path.realpath(m) not in skip:
                    add(m)
        else:
            add(arg)
    return out


def read_list(stream: TextIO, null: bool = False) -> list[str]:
    """Paths of a --files-from list: one per line, blank lines and lines
    starting with '#' ignored; with ``null``, separated by NUL bytes
    (``find -print0``: names may hold newlines)."""
    if null:
        return [p for p in stream.read().split("\0") if p]
    out = []
    for line in stream:
        p = line.rstrip("\r\n")
        if p.strip() and not p.lstrip().startswith("#"):
            out.append(p)
    return out
