"""A pool of worker processes with a clock and a memory cap per file.

``WorkerPool.imap(tasks)`` yields one :class:`Result` per task, in the
order of the tasks, whatever the number of workers: results are the same
for any ``jobs``.  A worker that overruns ``timeout`` is killed and its
file recorded as ``timeout``; one that dies is recorded as ``memory`` (its
address space was near the cap, or a Python ``MemoryError``) or
``crashed``; either way a fresh worker takes its place and the batch goes
on.  The cap (``RLIMIT_AS``) is ``max_memory`` on top of the address space
a worker is forked with.  At most ``window`` results wait for an earlier slow file, which bounds
the parent's memory whatever the number of inputs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

from .classify import process_failure
from .results import Result
from .worker import Task, WorkerSettings, source_sha256, vm_size, worker_main

GiB = 1024 ** 3
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY = 2 * GiB
_POLL = 0.1  # seconds between looks at clocks and memory


class Interrupted(Exception):
    """The run was asked to stop (SIGINT/SIGTERM); ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by signal {signum}")
        self.signum = signum


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> Any:
    # fork: a worker starts with gxconvert imported, in milliseconds
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


class _Worker:
    def __init__(self, ctx: Any, settings: WorkerSettings) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc: BaseProcess = ctx.Process(target=worker_main, args=(child, settings), daemon=True)
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0
        self.peak_vm = 0
        self.done = 0

    def send(self, task: Task) -> None:
        self.conn.send(task)
        self.task = task
        self.started = time.monotonic()
        self.peak_vm = 0

    def kill(self) -> None:
        if self.proc.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid or 0, signal.SIGKILL)
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proc.join(1)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


class WorkerPool:
    """``jobs`` worker processes; use as a context manager."""

    def __init__(self, jobs: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 max_memory: int | None = DEFAULT_MAX_MEMORY, *, settings: WorkerSettings | None = None,
                 window: int | None = None, recycle_after: int = 500) -> None:
        self.jobs = max(1, jobs or default_jobs())
        self.timeout = timeout
        base = settings or WorkerSettings()
        self.settings = WorkerSettings(max_memory=max_memory, quiet=base.quiet, options=base.options,
                                       converter=base.converter, with_json=base.with_json)
        self.window = window or max(64, 16 * self.jobs)
        self.recycle_after = recycle_after
        self._ctx = _context()
        self._base_vm = vm_size()  # what a forked worker starts with; the cap comes on top
        self._workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def close(self, kill: bool = False) -> None:
        for w in self._workers:
            if kill or w.task is not None:
                w.kill()
            else:
                w.stop()
        self._workers.clear()

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.settings)
        self._workers.append(w)
        return w

    def _replace(self, w: _Worker) -> None:
        w.kill()
        self._workers.remove(w)

    def _dispatch(self, w: _Worker, task: Task) -> _Worker:
        """Give ``task`` to ``w``; a worker that died while idle is replaced."""
        try:
            w.send(task)
            return w
        except OSError:
            self._replace(w)
            fresh = self._spawn()
            fresh.send(task)
            return fresh

    def _near_cap(self, vm: int) -> bool:
        cap = self.settings.max_memory
        return bool(cap) and vm >= 0.5 * (cap or 0)

    def _died(self, w: _Worker, task: Task) -> Result:
        code = w.proc.exitcode
        cap = self.settings.max_memory
        seconds = time.monotonic() - w.started
        near_cap = self._near_cap(w.peak_vm)
        if code is not None and code < 0:
            try:
                sig = signal.Signals(-code).name
            except ValueError:
                sig = f"signal {-code}"
            if near_cap or -code == signal.SIGKILL:
                return process_failure(task.path, "memory",
                                       f"the worker ran out of memory ({sig} near the {_size(cap)} cap; "
                                       "raise --max-memory)", seconds)
            return process_failure(task.path, "crashed",
                                   f"the worker crashed ({sig}; a native library failed on this file)", seconds)
        if near_cap:
            return process_failure(task.path, "memory",
                                   f"the worker ran out of memory (exit status {code} near the {_size(cap)} cap; "
                                   "raise --max-memory)", seconds)
        return process_failure(task.path, "crashed", f"the worker died (exit status {code})", seconds)

    def imap(self, tasks: Iterable[Task], should_stop: Callable[[], int | None] | None = None) -> Iterator[Result]:
        """One Result per task, in task order.  ``should_stop`` is polled
        often; when it returns a signal number the workers are killed and
        :class:`Interrupted` is raised."""
        pending = iter(tasks)
        exhausted = False
        next_index = 0
        next_yield = 0
        ready: dict[int, Result] = {}
        while len(self._workers) < self.jobs:
            self._spawn()
        while True:
            # hand out work
            for w in list(self._workers):
                if w.task is not None:
                    continue
                if exhausted or next_index >= next_yield + self.window:
                    break
                if (self.recycle_after and w.done >= self.recycle_after) or self._near_cap(w.peak_vm):
                    # a fresh worker: bounded growth, and a VmPeak that says what the next file takes
                    w.stop()
                    self._workers.remove(w)
                    w = self._spawn()
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                task = Task(task.path, task.data, next_index)
                next_index += 1
                self._dispatch(w, task)
            # give back what is ready, in order
            while next_yield in ready:
                yield ready.pop(next_yield)
                next_yield += 1
            busy = [w for w in self._workers if w.task is not None]
            if exhausted and not busy and not ready:
                return
            if should_stop is not None:
                signum = should_stop()
                if signum:
                    raise Interrupted(signum)
            if not busy:
                continue
            now = time.monotonic()
            wait_for = _POLL
            if self.timeout is not None:
                wait_for = min(wait_for, max(0.0, min(w.started + self.timeout for w in busy) - now))
            objs: list[Any] = [w.conn for w in busy] + [w.proc.sentinel for w in busy]
            wait(objs, timeout=wait_for)
            for w in busy:
                task = w.task
                assert task is not None
                result = self._collect(w, task)
                if result is not None:
                    result.index = task.index
                    ready[task.index] = result

    def _collect(self, w: _Worker, task: Task) -> Result | None:
        """The Result of ``w``'s task if it has one now (a report, an error,
        or the worker's death or timeout), else None."""
        try:
            has = w.conn.poll()
        except OSError:
            has = False
        if has:
            try:
                result: Result = w.conn.recv()
            except (EOFError, OSError):
                result = None  # type: ignore[assignment]
            if result is not None:
                w.task = None
                w.done += 1
                return result
        if not w.proc.is_alive():
            w.proc.join()
            result = self._died(w, task)
            result.sha256 = source_sha256(task.path, task.data)
            self._replace(w)
            self._spawn()
            return result
        now = time.monotonic()
        if self.timeout is not None and now - w.started >= self.timeout:
            result = process_failure(task.path, "timeout",
                                     f"timeout: no result after {self.timeout:g} s (raise --timeout)",
                                     now - w.started)
            self._replace(w)
            result.sha256 = source_sha256(task.path, task.data)
            self._spawn()
            return result
        vm = vm_size(w.proc.pid or 0, "VmPeak") - self._base_vm  # the peak: a spike between looks counts
        w.peak_vm = max(w.peak_vm, vm)
        return None


def _size(n: int | None) -> str:
    if not n:
        return "no"
    if n >= GiB and n % GiB == 0:
        return f"{n // GiB} GiB"
    return f"{n / 1048576:.0f} MiB"
