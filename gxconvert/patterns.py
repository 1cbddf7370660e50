"""Regular expressions compiled once per interpreter, not once per process.

``re.compile`` turns a pattern into the regex engine's code in Python
(parse, optimise, emit); for the module-level patterns of the matcher and
the readers that is a large share of a cold ``convert FILE`` (every process
compiles them again).  :func:`compile` keeps what that work produced — the
engine's code, the group names — in a cache file beside the package's
bytecode (``gxconvert/__pycache__/patterns.<interpreter tag>.marshal``),
and builds the pattern from it with the engine's own constructor, which is
what ``re.compile`` ends with.

The cache follows the bytecode's rules (:mod:`gxconvert.pycache`): it is written when a process ends
(a worker when it is told to stop) only if it learned patterns the file did
not have and bytecode may be written (``sys.dont_write_bytecode``, the
``PYTHONDONTWRITEBYTECODE`` variable, a read-only folder: then it is read but
never written); it holds the interpreter's version and the engine's magic
number, and a file from another interpreter, a damaged one or a missing one
is ignored (patterns are then compiled as usual).  An entry is kept only if
the pattern built from it equals ``re.compile``'s (same pattern, flags and
engine code), so a pattern from the cache is the pattern ``re.compile``
would have made.  At most :data:`MAX_ENTRIES` patterns are kept (patterns a
program builds at run time from its data are compiled as usual past that).
"""

from __future__ import annotations

import atexit
import re
import sys
from typing import Any, AnyStr

from .pycache import cache_file, merge_into, read_cache

try:  # the engine's constructor and the compiler's steps (CPython 3.11+)
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another interpreter: plain re.compile
    _sre = None

#: the most patterns the cache file keeps
MAX_ENTRIES = 2000

_Entry = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]
_Key = tuple[str | bytes, int]

_FILE = cache_file("patterns")
_STAMP = (sys.version, getattr(_sre, "MAGIC", 0), getattr(_sre, "CODESIZE", 0), sys.maxunicode)

_cache: dict[_Key, _Entry] | None = None  # read from the file on first use
_learned: dict[_Key, _Entry] = {}  # entries this process added (to write at exit)


def _read(path: str) -> dict[_Key, _Entry]:
    entries = read_cache(path, _STAMP)
    return entries if isinstance(entries, dict) else {}


def _entry(pattern: str | bytes, flags: int) -> _Entry:
    """What ``re.compile`` computes before it calls the engine's constructor."""
    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]  # named constants are ints to the engine
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup)


def _build(pattern: AnyStr, entry: _Entry) -> re.Pattern[AnyStr]:
    flags, code, groups, groupindex, indexgroup = entry
    built: re.Pattern[AnyStr] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    return built


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, from the cache when it has the pattern."""
    global _cache
    if _sre is None:  # pragma: no cover
        return re.compile(pattern, flags)
    if _cache is None:
        _cache = _read(_FILE)
    key = (pattern, int(flags))
    entry = _cache.get(key)
    if entry is not None:
        try:
            return _build(pattern, entry)
        except (TypeError, ValueError, RuntimeError):  # a damaged entry: compiled as usual
            del _cache[key]
    compiled = re.compile(pattern, flags)
    if len(_cache) < MAX_ENTRIES:
        try:
            entry = _entry(pattern, int(flags))
            same = _build(pattern, entry) == compiled
        except Exception:  # the compiler's internals moved: no cache entry, no harm
            entry, same = None, False
        if same and entry is not None:
            if not _learned:
                atexit.register(save)
            _cache[key] = _learned[key] = entry
    return compiled


def save() -> None:
    """Write the patterns this process learned into the cache file (merged
    with what the file holds now; written whole under a temporary name and
    renamed), unless bytecode may not be written.  Never raises."""
    if not _learned or sys.dont_write_bytecode:
        return
    learned = dict(_learned)
    _learned.clear()
    merge_into(_FILE, _STAMP, learned, MAX_ENTRIES)
