"""Three places to run conversions, and the choice among them.

An :class:`~gxconvert.batch.executor.Executor` takes :class:`~gxconvert.batch.worker.Task` objects
and yields one :class:`~gxconvert.results.Result` per task, in task order;
it never raises for a file's sake, and raises
:class:`~gxconvert.batch.stop.Interrupted` when the run is asked to stop
(the file being converted then is not recorded).  Use it as a context
manager.  :func:`executor_for` picks one:

* :class:`InProcess` (``jobs=0``): this process, with the clock kept as the
  readers' ``Options.max_seconds`` and a size ceiling instead of a memory
  cap (files over ``max_memory / IN_PROCESS_BYTES_RATIO`` are refused);
* :class:`~gxconvert.batch.pool.WorkerPool`: forked worker processes, each
  with a clock and an address-space cap;
* :class:`~gxconvert.batch.cluster.DaskExecutor` (``scheduler``): a
  dask.distributed cluster, each task converting in a child process with
  the same clock and cap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..options import DEFAULT_OPTIONS
from ..results import Result
from .executor import Executor
from .pool import WorkerPool
from .stop import StopFlag
from .worker import Task, WorkerSettings, convert_one

#: in-process, a file may be at most max_memory / this (reading takes a multiple of the input)
IN_PROCESS_BYTES_RATIO = 40


class InProcess(Executor):
    """Converts in this process, one file after another."""

    def __init__(self, settings: WorkerSettings, timeout: float | None) -> None:
        options = settings.options or DEFAULT_OPTIONS
        if timeout and options.max_seconds is None:
            options = options.replace(max_seconds=timeout)
        if settings.max_memory:
            options = options.replace(max_bytes=min(options.max_bytes,
                                                    settings.max_memory // IN_PROCESS_BYTES_RATIO))
        self.options = options
        self.converter = settings.converter

    def run(self, tasks: Iterable[Task], stop: StopFlag | None = None) -> Iterator[Result]:
        flag = stop or StopFlag()
        for task in tasks:
            with flag.interruptible():
                result = convert_one(task, self.options, self.converter)
            yield result


def executor_for(jobs: int | None, timeout: float | None, settings: WorkerSettings,
                 scheduler: str | None = None, client: Any = None) -> Executor:
    """The executor a run asks for: a cluster (``scheduler``/``client``),
    this process (``jobs == 0``) or a pool of ``jobs`` workers (None: one
    per core)."""
    if scheduler or client is not None:
        from .cluster import DaskExecutor  # its child runner (subprocess, pickle) only for a cluster

        return DaskExecutor(settings, timeout, scheduler=scheduler, client=client)
    if jobs == 0:
        return InProcess(settings, timeout)
    return WorkerPool(jobs, timeout, settings=settings)
