"""A forked worker process and the pipe pair the pool talks to it through.

What the pool needs of a worker, without ``multiprocessing`` (whose import
— sockets, temporary files, compressors, ``subprocess`` — was a large share
of a one-file ``convert``'s start): :class:`Forked` forks a child that runs
a function and exits with ``os._exit`` (no atexit handler of the parent
runs twice), gives a ``sentinel`` descriptor that becomes readable when the
child is gone, ``is_alive``, ``join`` and ``exitcode`` (negative: killed by
that signal, as ``multiprocessing`` has it); :class:`Channel` carries
pickled objects both ways, each prefixed by its length.  POSIX only (the
pool forks on Linux).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import select
import sys
from collections.abc import Callable
from typing import Any

_HEADER = 8  # bytes of a message's length
_CHUNK = 1 << 20  # the most one os.write/os.read moves
#: the buffer asked for the pipe a worker sends its results on (Linux's default is 64 KiB, less than a
#: staged report): a worker's result is written whole at once and the worker goes on, instead of
#: waiting until the parent has read the first part
RESULT_PIPE_BYTES = 1 << 20


class Channel:
    """One end of a two-way channel: reads from one pipe, writes to another."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._r = read_fd
        self._w = write_fd

    def fileno(self) -> int:
        """What to poll for a message."""
        return self._r

    def send(self, obj: Any) -> None:
        """Pickle ``obj`` and write it whole (MemoryError from pickling leaves nothing written)."""
        data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(_HEADER, "little") + data)
        while view:
            n = os.write(self._w, view[:_CHUNK])
            view = view[n:]

    def _read(self, n: int) -> bytes:
        parts = []
        while n:
            part = os.read(self._r, min(n, _CHUNK))
            if not part:
                raise EOFError
            parts.append(part)
            n -= len(part)
        return b"".join(parts)

    def recv(self) -> Any:
        """The next object; EOFError when the other end is closed."""
        size = int.from_bytes(self._read(_HEADER), "little")
        return pickle.loads(self._read(size))

    def close(self) -> None:
        for fd in (self._r, self._w):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._r = self._w = -1


def _widen(fd: int, size: int) -> None:
    """Ask for a pipe buffer of ``size`` bytes (Linux); the default stays
    where the system refuses (``pipe-max-size``, a user's pipe quota)."""
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, setsize, size)


def channel_pair() -> tuple[Channel, Channel]:
    """(parent's end, child's end); the child's results travel in a wide pipe."""
    down_r, down_w = os.pipe()
    up_r, up_w = os.pipe()
    _widen(up_w, RESULT_PIPE_BYTES)
    return Channel(up_r, down_w), Channel(down_r, up_w)


class Forked:
    """A child process running ``target(*args)``; exit status 0 when it
    returns, 1 when it raises, the code of a SystemExit."""

    def __init__(self, target: Callable[..., object], args: tuple[Any, ...],
                 close_in_child: tuple[Channel, ...] = ()) -> None:
        for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice
            with contextlib.suppress(Exception):
                stream.flush()
        sentinel_r, sentinel_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(sentinel_r)
            code = 1
            try:
                for c in close_in_child:
                    c.close()
                _stdin_devnull()
                target(*args)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # reported by the exit status; the traceback to stderr, as multiprocessing does
                with contextlib.suppress(Exception):
                    import traceback
                    traceback.print_exc()
            finally:
                for stream in (sys.stdout, sys.stderr):
                    with contextlib.suppress(Exception):
                        stream.flush()
                os._exit(code)
        os.close(sentinel_w)
        self.pid = pid
        self.sentinel = sentinel_r  # readable (end of file) once the child has exited
        self.exitcode: int | None = None

    def _reap(self, flags: int) -> bool:
        if self.exitcode is not None:
            return True
        try:
            pid, status = os.waitpid(self.pid, flags)
        except ChildProcessError:  # reaped elsewhere: its status is lost
            self.exitcode = 1
            return True
        if pid == 0:
            return False
        self.exitcode = os.waitstatus_to_exitcode(status)
        return True

    def close(self) -> None:
        """Release the sentinel (once the child is reaped or killed)."""
        if self.sentinel >= 0:
            with contextlib.suppress(OSError):
                os.close(self.sentinel)
            self.sentinel = -1

    def is_alive(self) -> bool:
        return not self._reap(os.WNOHANG)

    def join(self, timeout: float | None = None) -> None:
        """Wait until the child exits, or ``timeout`` seconds."""
        if self.exitcode is not None:
            return
        if timeout is not None and self.sentinel >= 0:
            ready, _, _ = select.select([self.sentinel], [], [], timeout)
            if not ready:
                self._reap(os.WNOHANG)
                return
        self._reap(0)


def _stdin_devnull() -> None:
    """A worker never reads the parent's standard input (piped documents are sent to it)."""
    with contextlib.suppress(Exception):
        if sys.stdin is not None:
            sys.stdin.close()
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - the process's stdin from now on
    with contextlib.suppress(OSError):
        fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(fd, 0)
        os.close(fd)
