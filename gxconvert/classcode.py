"""The methods ``dataclasses`` writes for a class, compiled once per interpreter.

``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``,
``__eq__``, ``__setattr__`` … and compiles it with ``exec`` every time the
class is defined: for the package's ~70 dataclasses that compiling was the
largest single cost of a cold ``convert FILE`` (about 4 million instructions
a frozen class).  While :func:`cached` is active, ``dataclasses``' own
``exec`` of a source text runs the code object compiled from that very text
before (kept beside the bytecode by :mod:`gxconvert.pycache`, stamped with
the interpreter's version), compiled as ``exec`` compiles it (file name
``<string>``, no inherited ``__future__`` flags): the functions made are the
ones ``exec`` of the text makes.  Only the name ``exec`` inside the
``dataclasses`` module is shadowed, and only while the package's modules are
imported; anything else ``exec`` is given goes to the builtin unchanged.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import sys
from collections.abc import Iterator
from types import CodeType
from typing import Any

from .pycache import cache_file, read_cache, write_cache

#: the most source texts the cache file keeps
MAX_ENTRIES = 4000

_FILE = cache_file("classcode")
_STAMP = (sys.version, "dataclasses exec")
_codes: dict[str, CodeType] | None = None  # read from the file on first use
_learned: dict[str, CodeType] = {}


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec``, taking the code compiled from a source text before from the cache."""
    global _codes
    if not isinstance(source, str):
        builtins.exec(source, globals, locals)
        return
    if _codes is None:
        stored = read_cache(_FILE, _STAMP)
        _codes = stored if isinstance(stored, dict) else {}
    code = _codes.get(source)
    if code is None:
        code = builtins.compile(source, "<string>", "exec", dont_inherit=True)  # as exec(text) compiles it
        if len(_codes) < MAX_ENTRIES:
            if not _learned:
                atexit.register(save)
            _codes[source] = _learned[source] = code
    builtins.exec(code, globals, locals)


@contextlib.contextmanager
def cached() -> Iterator[None]:
    """Dataclasses defined inside the block compile their methods from the cache."""
    had = "exec" in vars(dataclasses)
    before = vars(dataclasses).get("exec")
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if had:
            dataclasses.exec = before  # type: ignore[attr-defined]
        else:
            del dataclasses.exec  # type: ignore[attr-defined]


def save() -> None:
    """Write the code this process compiled into the cache file (merged with
    the file's); never raises, nothing when bytecode may not be written."""
    if not _learned or sys.dont_write_bytecode:
        return
    learned = dict(_learned)
    _learned.clear()
    stored = read_cache(_FILE, _STAMP)
    codes: dict[str, CodeType] = stored if isinstance(stored, dict) else {}
    for source, code in learned.items():
        if len(codes) >= MAX_ENTRIES:
            break
        codes[source] = code
    write_cache(_FILE, _STAMP, codes)
