"""The executor on a dask.distributed cluster (``pip install 'gxconvert[dask]'``).

Each task runs on a dask worker, which converts the file in a child
process (:func:`~gxconvert.batch.child.convert_in_child`): the per-file
clock and memory cap hold on a cluster as in the local pool, and a crash
costs a child, not the dask worker.  Paths must name files the workers can
read (a shared file system); standard input travels as bytes in its task.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from ..results import Result
from .child import convert_in_child
from .classify import process_failure
from .executor import Executor
from .stop import Interrupted, StopFlag
from .worker import Task, WorkerSettings

_POLL = 0.2  # seconds between looks at the stop flag while waiting for a result


def connect(client: Any = None, scheduler: str | None = None) -> tuple[Any, bool]:
    """The client to use and whether this code made it (and closes it)."""
    if client is not None:
        return client, False
    from dask.distributed import Client, default_client
    if scheduler:
        return Client(scheduler), True  # type: ignore[no-untyped-call]
    return default_client(), False  # type: ignore[no-untyped-call]


class DaskExecutor(Executor):
    def __init__(self, settings: WorkerSettings, timeout: float | None, *, scheduler: str | None = None,
                 client: Any = None) -> None:
        self.settings = settings
        self.timeout = timeout
        self.client, self._own = connect(client, scheduler)
        self._futures: list[Any] = []

    def run(self, tasks: Iterable[Task], stop: StopFlag | None = None) -> Iterator[Result]:
        items = list(tasks)
        futures = self.client.map(convert_in_child, items, settings=self.settings, timeout=self.timeout,
                                  pure=False)
        self._futures = futures
        for task, fut in zip(items, futures, strict=True):
            # waited for on an Event the future sets when it ends, not by ``fut.result(timeout=...)``:
            # under load distributed's timed wait (utils.sync) can end with neither a result nor an
            # error and raise UnboundLocalError, which came out here as a task that "failed"
            done = threading.Event()
            fut.add_done_callback(lambda _f, ev=done: ev.set())
            while not done.wait(_POLL):
                if stop is not None and (signum := stop()):
                    raise Interrupted(signum)
            if stop is not None and (signum := stop()):
                raise Interrupted(signum)
            try:
                result: Result | None = fut.result()
            except Exception as exc:
                result = process_failure(task.path, "crashed", f"the dask task failed: {type(exc).__name__}")
            if result is None:  # the child was stopped by a signal: nothing is recorded
                raise Interrupted(signal.SIGTERM)
            result.index = task.index
            yield result
        self._futures = []

    def close(self, kill: bool = False) -> None:
        if self._futures:
            self.client.cancel(self._futures)
            self._futures = []
        if self._own:
            self.client.close()
