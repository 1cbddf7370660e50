"""Stopping a run: SIGINT/SIGTERM set a flag that the run polls between
files; an in-process conversion (``--jobs 0``) is stopped between its Python
steps.  Stopping is not failing: the file being converted when the signal
came is not recorded at all (a later run converts it)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: signals that mean "stop" when they kill a worker or reach the parent
STOP_SIGNALS: frozenset[int] = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


class Interrupted(BaseException):
    """The run was asked to stop (SIGINT/SIGTERM); ``signum`` says which.

    A BaseException, as KeyboardInterrupt is: no ``except Exception`` of a
    conversion may record it as that file's failure."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by signal {signum}")
        self.signum = signum


class StopFlag:
    """Callable: the signal number once a stop was asked, else None."""

    def __init__(self) -> None:
        self.signum = 0
        self._raise = False

    def __call__(self) -> int | None:
        return self.signum or None

    def handle(self, signum: int, frame: FrameType | None = None) -> None:
        self.signum = self.signum or signum
        if self._raise:
            self._raise = False
            raise Interrupted(signum)

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """While inside, a stop raises :class:`Interrupted` at once (where
        the conversion stands: nothing of it is kept)."""
        if self.signum:
            raise Interrupted(self.signum)
        self._raise = True
        try:
            yield
        finally:
            self._raise = False

    @contextmanager
    def on_signals(self) -> Iterator[StopFlag]:
        """SIGINT and SIGTERM set this flag (outside the main thread: no handlers)."""
        old = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            for s in old:
                signal.signal(s, self.handle)
        except ValueError:
            old = {}
        try:
            yield self
        finally:
            for s, h in old.items():
                signal.signal(s, h)
