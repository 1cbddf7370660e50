"""The executor protocol: what converts a batch's tasks, wherever it runs
them (this process, the worker pool, a Dask cluster: see
:mod:`gxconvert.batch.executors`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..results import Result
from .stop import StopFlag
from .worker import Task


class Executor:
    """The protocol: ``run(tasks, stop)`` and ``close(kill)``."""

    def run(self, tasks: Iterable[Task], stop: StopFlag | None = None) -> Iterator[Result]:
        raise NotImplementedError

    def close(self, kill: bool = False) -> None:
        """Release the workers (``kill``: at once, after an error or a stop)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)
