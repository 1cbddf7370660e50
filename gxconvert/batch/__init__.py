"""Converting many files: worker processes with a clock and a memory cap.

    >>> from gxconvert import convert_many
    >>> for r in convert_many(["a.pdf", "b.docx"], jobs=2, timeout=60):
    ...     print(r.path, r.report.meta.agency if r.ok else f"{r.kind}: {r.message}")

``convert_many`` yields one :class:`Result` per input, in input order, and
never raises for one file: a file that is bad input, hangs, runs out of
memory or crashes its worker is a Result with ``kind`` and ``message``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Union

from ..options import Options
from .pool import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    Interrupted,
    WorkerPool,
    default_jobs,
)
from .results import FAILURE_KINDS, Result
from .worker import Converter, Task, WorkerSettings, convert_one

Source = Union[str, "os.PathLike[str]", bytes, tuple[str, bytes]]

__all__ = [
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_TIMEOUT",
    "FAILURE_KINDS",
    "Interrupted",
    "Result",
    "Task",
    "WorkerPool",
    "WorkerSettings",
    "convert_many",
    "default_jobs",
    "to_task",
]


def to_task(src: Source, index: int = 0) -> Task:
    """A path, bytes, or a (name, bytes) pair as a Task."""
    if isinstance(src, tuple):
        name, data = src
        return Task(str(name), bytes(data), index)
    if isinstance(src, (bytes, bytearray, memoryview)):
        return Task(f"<bytes {index}>", bytes(src), index)
    return Task(os.fspath(src), None, index)


def convert_many(sources: Iterable[Source], *, jobs: int | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT, max_memory: int | None = DEFAULT_MAX_MEMORY,
                 options: Options | None = None, quiet: bool = True,
                 converter: Converter | None = None) -> Iterator[Result]:
    """Convert every source in worker processes; yield one Result per
    source, in order.

    ``sources``: paths, bytes, or ``(name, bytes)`` pairs (consumed lazily).
    ``jobs``: worker processes (default: the number of cores; ``0`` converts
    in this process, without a clock or a memory cap).  ``timeout``: seconds
    per file.  ``max_memory``: bytes of address space per worker.
    ``options``: the limits passed to every conversion.  ``converter``
    replaces :func:`gxconvert.convert` (for tests)."""
    if jobs == 0:
        for i, src in enumerate(sources):
            yield convert_one(to_task(src, i), options, converter)
        return
    settings = WorkerSettings(max_memory=max_memory, quiet=quiet, options=options, converter=converter)
    with WorkerPool(jobs, timeout, max_memory, settings=settings) as pool:
        yield from pool.imap(to_task(s, i) for i, s in enumerate(sources))
