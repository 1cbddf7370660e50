"""Files of derived data beside the package's bytecode, under the bytecode's rules.

What a cold process would otherwise recompute from the package's own code and
data on every start (compiled patterns, the division table read from its
CSV) is kept in ``gxconvert/__pycache__/NAME.<interpreter tag>.marshal``
with a *stamp*: whatever the value was computed from (the interpreter's
version, the sizes and modification times of the source files and data it
depends on, as bytecode is checked against its source).  A file whose stamp
differs, a damaged or a missing one reads as None, and the caller computes
the value as usual.  Files are written whole under a temporary name and
renamed (two processes writing at once leave one whole file), never when
bytecode may not be written (``sys.dont_write_bytecode``,
``PYTHONDONTWRITEBYTECODE``), and a folder that cannot be written is no
error.  ``marshal`` holds only plain values (numbers, strings, tuples,
lists, dicts).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from typing import Any

_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")


def cache_file(name: str) -> str:
    return os.path.join(_FOLDER, f"{name}.{sys.implementation.cache_tag}.marshal")


def file_stamp(*paths: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
    """(path, size, modification time in ns) of each file (-1s when missing)."""
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append((os.fspath(p), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((os.fspath(p), -1, -1))
    return tuple(out)


def read_cache(path: str, stamp: object) -> Any:
    """The value stored under ``stamp``, or None."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        stored, value = marshal.loads(data)  # marshal.load(fh) would read the file an item at a time
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return value if stored == stamp else None


def write_cache(path: str, stamp: Any, value: Any) -> None:
    """Store ``value`` under ``stamp``; never raises."""
    if sys.dont_write_bytecode:
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps((stamp, value)))
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def merge_into(path: str, stamp: Any, learned: dict[Any, Any], max_entries: int) -> None:
    """Add ``learned`` to the dict the file holds under ``stamp`` (another
    process may have written it since it was read), at most ``max_entries``
    in all, and write it whole (:func:`write_cache`).  Never raises: a cache
    that cannot be written only means the work is done again next time
    (a MemoryError under a worker's memory cap included)."""
    try:
        entries = read_cache(path, stamp)
        if not isinstance(entries, dict):
            entries = {}
        for key, value in learned.items():
            if len(entries) >= max_entries:
                break
            entries[key] = value
        write_cache(path, stamp, entries)
    except Exception:  # nothing to report: see above
        return
