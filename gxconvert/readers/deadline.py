"""The wall-clock budget of one read (``Options.max_seconds``).

A reader makes one :class:`Deadline` when it starts and calls
:meth:`Deadline.check` at stage boundaries and every so many items of its
loops; past the budget it raises
:class:`~gxconvert.errors.LimitExceededError` with ``limit="max_seconds"``.
The check is a clock read (tens of nanoseconds); with no budget it is a
single comparison.  Native parsing (libxml2, inflating a zip member) is not
interrupted: the check runs between such calls, so only a child process
with a clock bounds one long native call.
"""

from __future__ import annotations

import time

from ..errors import LimitExceededError
from ..options import Options


class Deadline:
    """``Options.max_seconds`` counted from the moment the reader starts."""

    __slots__ = ("budget", "end", "path")

    def __init__(self, options: Options, path: str | None = None) -> None:
        self.budget = options.max_seconds
        self.end = None if self.budget is None else time.monotonic() + self.budget
        self.path = path

    def check(self, stage: str) -> None:
        """Raise ``LimitExceededError`` if the budget is spent; ``stage``
        says what was being done ("parsing the HTML")."""
        if self.end is not None and time.monotonic() > self.end:
            raise LimitExceededError(
                f"the conversion took longer than {self.budget:g} s (stopped while {stage})",
                self.path, "max_seconds")
