"""One batch run: inputs -> an executor (this process, the worker pool or a
Dask cluster) -> one output.

Skips inputs the output already holds (same path, sha256 and converter
version; failures only with ``retry_failed``), feeds every other input to
the executor, hands each Result to the output in input order, and stops
cleanly when asked (the :class:`~gxconvert.batch.stop.StopFlag` holds a
signal number): the output is closed complete and valid with what was
done, the file under way is not recorded, and
:class:`~gxconvert.batch.stop.Interrupted` carries how far the run got.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import version
from ..options import Options
from ..results import Result, Sink
from .executors import executor_for
from .pool import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT
from .progress import Progress, Summary
from .stop import StopFlag
from .worker import Converter, Task, WorkerSettings


def stdin_name(sha256: str) -> str:
    """The name a dataset keeps piped input under: two different documents
    piped in two runs are two inputs, the same one piped again is skipped."""
    return f"stdin-{sha256[:16]}"


@dataclass(frozen=True, slots=True)
class RunSettings:
    jobs: int | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    max_memory: int | None = DEFAULT_MAX_MEMORY
    options: Options | None = None
    force: bool = False
    retry_failed: bool = False
    quiet_libraries: bool = True
    scheduler: str | None = None
    converter: Converter | None = None


class Batch:
    def __init__(self, inputs: list[str], sink: Sink, progress: Progress, settings: RunSettings,
                 stdin: Callable[[], bytes] | None = None) -> None:
        self.inputs = inputs
        self.sink = sink
        self.progress = progress
        self.settings = settings
        self.stdin = stdin
        self.summary = Summary(total=len(inputs))
        self.version = version.__version__  # read now: one run, one version
        self._failed_before: set[str] = set()  # inputs whose stored outcome is a failure

    def _known(self, path: str) -> str | None:
        """The sha256 a worker compares the file with before converting it
        (``Task.known``; "" when it was stored unreadable, without one), or
        None to convert it anyway.  An input the output holds from this
        converter version is skipped when its bytes still hash to what was
        stored; the parent reads no file for it, the worker does."""
        if self.settings.force or path == "-" or not self.sink.resumable:
            return None
        stored = self.sink.stored(path)
        if stored is None:
            return None
        if stored.version is not None and stored.version != self.version:
            return None
        if stored.failed:
            if self.settings.retry_failed:
                return None
            self._failed_before.add(path)
        return stored.sha256 or ""

    def _tasks(self) -> Iterator[Task]:
        for i, path in enumerate(self.inputs):
            data = None
            if path == "-" and self.stdin is not None:
                data = self.stdin()
                sha256 = hashlib.sha256(data).hexdigest()
                if self.sink.resumable:  # a dataset keys piped input by its content
                    path = stdin_name(sha256)
                    if self._known(path) == sha256:  # the bytes are here, hashed: no worker needed
                        self._skipped(path)
                        continue
                yield Task(path, data, i)
                continue
            yield Task(path, data, i, known=self._known(path))

    def _skipped(self, path: str) -> None:
        self.summary.skipped += 1
        if path in self._failed_before:
            self.summary.skipped_failed += 1
        self.progress.skipped(path)

    def _results(self, stop: StopFlag) -> Iterator[Result]:
        s = self.settings
        settings = WorkerSettings(max_memory=s.max_memory, quiet=s.quiet_libraries, options=s.options,
                                  converter=s.converter, encoder=self.sink.encoder)
        with executor_for(s.jobs, s.timeout, settings, scheduler=s.scheduler) as executor:
            yield from executor.run(self._tasks(), stop)

    def run(self, stop: StopFlag | None = None) -> Summary:
        """Convert, write, account; raises Interrupted after closing the output."""
        start = time.perf_counter()
        complete = False
        try:
            for result in self._results(stop or StopFlag()):
                if result.skipped:
                    self._skipped(result.path)
                    continue
                self.sink.add(result)
                self.summary.add(result)
                self.progress.done(result)
            complete = True
        finally:
            self.summary.seconds = time.perf_counter() - start
            self.progress.close()
            self.sink.close(complete=complete)
        return self.summary
