"""A pool of worker processes with a clock and a memory cap per file.

``WorkerPool.run(tasks)`` yields one :class:`Result` per task, in the
order of the tasks, whatever the number of workers: results are the same
for any ``jobs``.  A worker that overruns ``timeout`` is killed and its
file recorded as ``timeout``; one that dies is recorded as ``memory`` (its
address space was near the cap, or a Python ``MemoryError``) or
``crashed``; either way a fresh worker takes its place and the batch goes
on; a worker killed by SIGINT/SIGTERM/SIGHUP (the whole process group was
stopped) records nothing and stops the run.  The cap (``RLIMIT_AS``) is ``max_memory`` on top of the address space
a worker is forked with.  At most ``window`` results wait for an earlier slow file, which bounds
the parent's memory whatever the number of inputs.

A busy worker is also sent its next task ahead (one at most): it waits in
the worker's pipe and the worker starts it as soon as it has sent the
result before, without waiting for the parent to wake up, read that result
and answer.  The clock of a task sent ahead starts when the result before
it arrives; when a worker dies or is killed, the task it had waiting is
given to another worker, never recorded for the death.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator

from ..results import Result
from .classify import death, timed_out
from .executor import Executor
from .process import Channel, Forked, channel_pair
from .stop import Interrupted, StopFlag
from .worker import Task, WorkerSettings, input_sha256, vm_size, worker_main

GiB = 1024 ** 3
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY = 2 * GiB
_POLL = 0.1  # seconds between looks at the clocks and the stop flag
# seconds between reads of a busy worker's VmPeak.  VmPeak is a high-water mark, but a worker that dies
# takes it with it (a zombie has no VmPeak): a native library that fills the cap and aborts within one look
# would be a "crash", not "memory".  One pread costs microseconds, so a busy worker is looked at this often.
_MEMORY_LOOK = 0.05


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class _Worker:
    def __init__(self, settings: WorkerSettings, others: tuple[Channel, ...] = ()) -> None:
        # forked: a worker starts with what the parent imported and loaded, in milliseconds
        self.conn, child = channel_pair()
        self.proc = Forked(worker_main, (child, settings), close_in_child=(self.conn, *others))
        child.close()
        self.fds = (self.conn.fileno(), self.proc.sentinel)  # what the pool's poll watches while it works
        self.task: Task | None = None  # the task it works on
        self.ahead: Task | None = None  # the task sent ahead: waiting in its pipe, started when ``task`` ends
        self.started = 0.0
        self.peak_vm = 0
        self.sampled = 0.0  # when peak_vm was last read
        self.done = 0
        self._status = -1  # /proc/PID/status, kept open: read again from offset 0, never reopened

    def vm_peak(self) -> int:
        """The worker's VmPeak in bytes (0 if unknown): one pread of its
        status file, opened once."""
        try:
            if self._status < 0:
                self._status = os.open(f"/proc/{self.proc.pid}/status", os.O_RDONLY | os.O_CLOEXEC)
            data = os.pread(self._status, 4096, 0)
            at = data.index(b"VmPeak:") + 7
            return int(data[at:data.index(b"kB", at)]) * 1024
        except (OSError, ValueError):
            return 0

    def _close_status(self) -> None:
        if self._status >= 0:
            with contextlib.suppress(OSError):
                os.close(self._status)
            self._status = -1

    def send(self, task: Task) -> None:
        """Send ``task``: the one it works on now if it is idle, else the one ahead."""
        self.conn.send(task)
        if self.task is None:
            self._start(task, time.monotonic())
        else:
            self.ahead = task

    def _start(self, task: Task, now: float) -> None:
        self.task = task
        self.started = now
        self.peak_vm = 0

    def finished(self) -> bool:
        """Its task's result has come: the task sent ahead (if any) is the
        one it works on from now; True if it has one."""
        self.done += 1
        ahead, self.ahead = self.ahead, None
        self.task = None
        if ahead is not None:
            self._start(ahead, time.monotonic())
        return ahead is not None

    def kill(self) -> None:
        self._close_status()
        if self.proc.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid or 0, signal.SIGKILL)
        self.proc.join(5)
        self.proc.close()
        self.conn.close()

    def stop(self) -> None:
        self._close_status()
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proc.join(1)
        if self.proc.is_alive():
            self.kill()
        else:
            self.proc.close()
            self.conn.close()


class WorkerPool(Executor):
    """``jobs`` worker processes; use as a context manager."""

    def __init__(self, jobs: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 settings: WorkerSettings | None = None, *, window: int | None = None,
                 recycle_after: int = 500) -> None:
        self.jobs = max(1, jobs or default_jobs())
        self.timeout = timeout
        self.settings = settings or WorkerSettings(max_memory=DEFAULT_MAX_MEMORY)
        self.window = window or max(64, 16 * self.jobs)
        self.recycle_after = recycle_after
        self._base_vm = vm_size()  # what a forked worker starts with; the cap comes on top
        self._workers: list[_Worker] = []
        self._again: deque[Task] = deque()  # tasks sent ahead to a worker that died or was killed: to send again
        # one poll object for the whole run: the busy workers' pipes and sentinels are registered
        # while they work (multiprocessing's wait() builds a selector on every call)
        self._poll = select.poll()

    def _watch(self, w: _Worker) -> None:
        for fd in w.fds:
            self._poll.register(fd, select.POLLIN)

    def _unwatch(self, w: _Worker) -> None:
        for fd in w.fds:
            with contextlib.suppress(KeyError):
                self._poll.unregister(fd)

    def close(self, kill: bool = False) -> None:
        for w in self._workers:
            self._unwatch(w)
            if kill or w.task is not None:
                w.kill()
            else:
                w.stop()
        self._workers.clear()

    def _spawn(self) -> _Worker:
        w = _Worker(self.settings, tuple(x.conn for x in self._workers))
        self._workers.append(w)
        return w

    def _replace(self, w: _Worker) -> None:
        self._unwatch(w)
        w.kill()
        self._workers.remove(w)
        if w.ahead is not None:  # never started: another worker converts it
            self._again.appendleft(w.ahead)
            w.ahead = None

    def _dispatch(self, w: _Worker, task: Task) -> _Worker:
        """Give ``task`` to ``w``; a worker that died while idle is replaced."""
        try:
            w.send(task)
        except OSError:
            self._replace(w)
            w = self._spawn()
            w.send(task)
        self._watch(w)
        return w

    def _send_ahead(self, w: _Worker, task: Task) -> None:
        """Send a busy worker its next task; if its pipe is gone (it died:
        the poll tells), the task goes to another worker."""
        try:
            w.send(task)
        except OSError:
            self._again.appendleft(task)

    def _may_send_ahead(self, w: _Worker) -> bool:
        """Whether a busy worker takes its next task now: not when it is
        to be replaced after this one (its files' budget spent, or its
        address space near the cap)."""
        return (w.task is not None and w.ahead is None and not self._near_cap(w.peak_vm)
                and not (self.recycle_after and w.done + 1 >= self.recycle_after))

    def _near_cap(self, vm: int) -> bool:
        cap = self.settings.max_memory
        return bool(cap) and vm >= 0.5 * (cap or 0)

    def _died(self, w: _Worker, task: Task) -> Result:
        return death(task.path, w.proc.exitcode, time.monotonic() - w.started, self.settings.max_memory,
                     self._near_cap(w.peak_vm))

    def run(self, tasks: Iterable[Task], stop: StopFlag | None = None) -> Iterator[Result]:
        """One Result per task, in task order.  ``stop`` is polled often;
        when it holds a signal number :class:`Interrupted` is raised (and
        the workers are killed on leaving the pool)."""
        pending = iter(tasks)
        exhausted = False
        next_index = 0
        next_yield = 0
        ready: dict[int, Result] = {}
        if self.settings.converter is None and not self._workers:  # real conversions: fork workers warm
            from .. import api
            api.preload()
        while len(self._workers) < self.jobs:
            self._spawn()

        def take() -> Task | None:
            """The next task to send: one to send again first, else the next input (within the window)."""
            nonlocal exhausted, next_index
            if self._again:
                return self._again.popleft()
            if exhausted or next_index >= next_yield + self.window:
                return None
            task = next(pending, None)
            if task is None:
                exhausted = True
                return None
            task = Task(task.path, task.data, next_index, task.known)  # dataclasses.replace costs 10x
            next_index += 1
            return task

        while True:
            # hand out work: a task to every idle worker, then one ahead to every busy one
            for w in list(self._workers):
                if w.task is not None:
                    continue
                if (self.recycle_after and w.done >= self.recycle_after) or self._near_cap(w.peak_vm):
                    # a fresh worker: bounded growth, and a VmPeak that says what the next file takes
                    w.stop()
                    self._workers.remove(w)
                    w = self._spawn()
                task = take()
                if task is None:
                    break
                self._dispatch(w, task)
            for w in list(self._workers):
                if not self._may_send_ahead(w):
                    continue
                task = take()
                if task is None:
                    break
                self._send_ahead(w, task)
            # give back what is ready, in order
            while next_yield in ready:
                yield ready.pop(next_yield)
                next_yield += 1
            busy = [w for w in self._workers if w.task is not None]
            if exhausted and not busy and not ready and not self._again:
                return
            if stop is not None and (signum := stop()):
                raise Interrupted(signum)
            if not busy:
                continue
            now = time.monotonic()
            wait_for = min(_POLL, _MEMORY_LOOK) if self.settings.max_memory else _POLL
            if self.timeout is not None:
                wait_for = min(wait_for, max(0.0, min(w.started + self.timeout for w in busy) - now))
            ready_fds = {fd for fd, _ in self._poll.poll(wait_for * 1000)}
            for w in busy:
                task = w.task
                assert task is not None
                result = self._collect(w, task, ready_fds)
                if result is not None:
                    result.index = task.index
                    ready[task.index] = result

    def _collect(self, w: _Worker, task: Task, ready_fds: set[int]) -> Result | None:
        """The Result of ``w``'s task if it has one now (a report, an error,
        or the worker's death or timeout), else None.  ``ready_fds``: what
        the poll found readable (the worker's pipe: a result; its sentinel:
        it died)."""
        pipe, sentinel = w.fds
        if pipe in ready_fds:
            try:
                result: Result = w.conn.recv()
            except (EOFError, OSError):
                result = None  # type: ignore[assignment]
            if result is not None:
                if not w.finished():  # nothing sent ahead: idle
                    self._unwatch(w)
                return result
        if (sentinel in ready_fds or pipe in ready_fds) and not w.proc.is_alive():
            w.proc.join()
            result = self._died(w, task)
            result.sha256 = input_sha256(task.path, task.data)
            self._replace(w)
            self._spawn()
            return result
        now = time.monotonic()
        if self.timeout is not None and now - w.started >= self.timeout:
            result = timed_out(task.path, self.timeout, now - w.started)
            self._replace(w)
            result.sha256 = input_sha256(task.path, task.data)
            self._spawn()
            return result
        if now - w.sampled >= _MEMORY_LOOK:
            w.sampled = now
            w.peak_vm = max(w.peak_vm, w.vm_peak() - self._base_vm)
        return None
