"""Expanding the command line's PATHs into the list of inputs of a batch.

A PATH is a file, a directory (walked recursively in a stable sorted
order; names starting with '.' are skipped while walking), a glob
(``reports/**/*.pdf``), or ``-`` (standard input).  ``--files-from LIST``
adds one path per line (``-``: read the list from standard input).  Every
input is kept, once, in the order given: a path that does not exist is an
input too, and fails on its own with the reason.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from typing import TextIO

_GLOB_CHARS = frozenset("*?[")


def walk(directory: str) -> Iterator[str]:
    """Every file under ``directory``, sorted by path, hidden names skipped."""
    for root, dirs, files in os.walk(directory, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def _is_glob(arg: str) -> bool:
    return any(c in _GLOB_CHARS for c in arg)


def expand(args: Iterable[str]) -> list[str]:
    """The batch's inputs, each once, in the order given."""
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = p if p == "-" else os.path.normpath(p)
        if key not in seen:
            seen.add(key)
            out.append(key)

    for arg in args:
        if arg == "-":
            add(arg)
        elif os.path.isdir(arg):
            for p in walk(arg):
                add(p)
        elif not os.path.lexists(arg) and _is_glob(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                add(arg)  # fails on its own: no such file
            for m in matches:
                if os.path.isdir(m):
                    for p in walk(m):
                        add(p)
                else:
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
