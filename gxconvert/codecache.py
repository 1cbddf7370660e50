"""Python code gxconvert writes at run time, compiled once per interpreter, not once per process.

Two things write Python source and compile it in every process:

* ``dataclasses``: for each class, its ``__init__``, ``__repr__``, ``__eq__``
  (a frozen class's ``__setattr__``, ``__delattr__``, ``__hash__`` too), each
  a small function compiled from text: about 240 for the classes
  ``import gxconvert`` creates, a third of that import's instructions;
* :mod:`gxconvert.checks`: a form's checks, one function compiled at the
  first report of that form.

:func:`compile` returns the code object of a source text from a cache file
beside the package's bytecode (``gxconvert/__pycache__/code.<interpreter
tag>.marshal``, see :mod:`gxconvert.pycache`), keyed by the text and the
file name it is compiled under: one text compiles to one code object, so an
entry cannot go stale; the file holds the interpreter's version and
optimisation level, and one from another interpreter, a damaged or a
missing one is ignored.  What a process compiled that the file did not hold
is written at once (merged with the file as it is then; written whole under
a temporary name and renamed): a new form's checks or a new class is
written the first time it is compiled, as bytecode is, and never when
bytecode may not be written.  At most :data:`MAX_ENTRIES` entries are kept.

:func:`dataclass_methods` opens a window in which ``dataclasses`` compiles
the methods it writes through :func:`compile`: that module looks ``exec``
up among its own globals before the builtins, and the window sets
``dataclasses.exec`` to :func:`_exec` (``exec`` of the same text's code
object) until the last open window closes.  It is opened only while the
process runs one thread (a cold ``convert``, a worker, a program importing
gxconvert first): a program whose other threads are running imports
gxconvert with ``dataclasses`` untouched (the reason an earlier cache of this
kind was taken out: a library must not swap a name its host's threads see),
and compiles as before.  Only classes of gxconvert's own modules are kept in
the file; another module's class made in the window (a signal handler's) is
compiled as ``exec`` compiles it.  ``gxconvert/__init__.py`` opens it around
the package's imports, :mod:`gxconvert.readers` around a reader's.
"""

from __future__ import annotations

import builtins
import dataclasses
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import CodeType
from typing import Any

from .pycache import cache_file, merge_into, read_cache

#: the most code objects the cache file keeps
MAX_ENTRIES = 2000

_Key = tuple[str, str]  # (source, file name)

_FILE = cache_file("code")
_STAMP = (sys.version, sys.flags.optimize)

_cache: dict[_Key, CodeType] | None = None  # read from the file on first use
_learned: dict[_Key, CodeType] = {}  # compiled here and not yet written
_lock = threading.Lock()
_open = [0]  # dataclass_methods windows open now


def _read() -> dict[_Key, CodeType]:
    entries = read_cache(_FILE, _STAMP)
    return entries if isinstance(entries, dict) else {}


def compile(source: str, filename: str) -> CodeType:
    """``builtins.compile(source, filename, "exec", dont_inherit=True)``, from the cache when it has it."""
    global _cache
    if _cache is None:
        _cache = _read()
    key = (source, filename)
    code = _cache.get(key)
    if code is None:
        code = builtins.compile(source, filename, "exec", dont_inherit=True)
        if len(_cache) < MAX_ENTRIES:
            _cache[key] = _learned[key] = code
            if not _open[0]:
                save()
    return code


def _exec(source: object, globals: dict[str, Any] | None = None, locals: dict[str, Any] | None = None,
          /) -> None:
    """``exec`` as ``dataclasses`` calls it, a gxconvert class's text compiled by :func:`compile`."""
    if isinstance(source, str):  # compiled as ``exec`` in dataclasses compiles it: no future flags of this module
        if globals is not None and str(globals.get("__name__", "")).startswith("gxconvert."):
            source = compile(source, "<string>")
        else:
            source = builtins.compile(source, "<string>", "exec", dont_inherit=True)
    exec(source, globals, locals)  # type: ignore[arg-type]


def _alone() -> bool:
    """Whether this process runs one thread."""
    return threading.active_count() == 1


@contextmanager
def dataclass_methods() -> Iterator[None]:
    """While open, the methods ``dataclasses`` writes for gxconvert's classes
    are compiled by :func:`compile`; what was learned is written when the
    last open window closes."""
    if not _open[0] and not _alone():  # other threads would see the swapped name: no window
        yield
        return
    with _lock:
        _open[0] += 1
        if _open[0] == 1:
            dataclasses.exec = _exec  # type: ignore[attr-defined]
    try:
        yield
    finally:
        with _lock:
            _open[0] -= 1
            last = _open[0] == 0
            if last:
                del dataclasses.exec  # type: ignore[attr-defined]
        if last:
            save()


def save() -> None:
    """Write what this process compiled into the cache file (merged with what
    the file holds now), unless bytecode may not be written.  Never raises."""
    if not _learned or sys.dont_write_bytecode:
        return
    learned = dict(_learned)
    _learned.clear()
    merge_into(_FILE, _STAMP, learned, MAX_ENTRIES)
