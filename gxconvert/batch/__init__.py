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
from ..results import FAILURE_KINDS, Result
from .executor import Executor
from .executors import InProcess, executor_for
from .pool import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, WorkerPool, default_jobs
from .stop import Interrupted, StopFlag
from .worker import Converter, Task, WorkerSettings

#: one input of a batch: a path, the document's bytes, or a (name, bytes) pair (not to be confused
#: with :class:`gxconvert.model.Source`, the ``source`` of a report: where a report was read from)
Input = Union[str, "os.PathLike[str]", bytes, tuple[str, bytes]]

__all__ = [
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_TIMEOUT",
    "FAILURE_KINDS",
    "Executor",
    "InProcess",
    "Input",
    "Interrupted",
    "Result",
    "StopFlag",
    "Task",
    "WorkerPool",
    "WorkerSettings",
    "convert_many",
    "default_jobs",
    "executor_for",
    "to_task",
]


def to_task(item: Input, index: int = 0) -> Task:
    """A path, bytes, or a (name, bytes) pair as a Task."""
    if isinstance(item, tuple):
        name, data = item
        return Task(str(name), bytes(data), index)
    if isinstance(item, (bytes, bytearray, memoryview)):
        return Task(f"<bytes {index}>", bytes(item), index)
    return Task(os.fspath(item), None, index)


def convert_many(inputs: Iterable[Input], *, jobs: int | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT, max_memory: int | None = DEFAULT_MAX_MEMORY,
                 options: Options | None = None, quiet: bool = True,
                 converter: Converter | None = None, scheduler: str | None = None,
                 client: object = None) -> Iterator[Result]:
    """Convert every input in worker processes; yield one Result per
    input, in order.

    ``inputs``: paths, bytes, or ``(name, bytes)`` pairs (consumed lazily).
    ``jobs``: worker processes (default: the number of cores; ``0`` converts
    in this process, the clock kept by the readers and files over
    ``max_memory / 40`` refused).  ``timeout``: seconds per file.
    ``max_memory``: bytes of address space per worker.  ``options``: the
    limits passed to every conversion.  ``scheduler``/``client``: convert on
    a dask.distributed cluster instead.  ``converter`` replaces
    :func:`gxconvert.convert` (for tests)."""
    settings = WorkerSettings(max_memory=max_memory, quiet=quiet, options=options, converter=converter)
    with executor_for(jobs, timeout, settings, scheduler=scheduler, client=client) as executor:
        yield from executor.run(to_task(x, i) for i, x in enumerate(inputs))
