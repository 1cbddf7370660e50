"""Exceptions to failure kinds, and one-line messages that name the file.

A reader's refusal is a :class:`~gxconvert.errors.ConversionError`
subclass and becomes its own kind; anything else is a bug in gxconvert and
becomes ``internal`` with its traceback kept apart from the one-line
message.
"""

from __future__ import annotations

import signal

from ..catalogue import FailureKind
from ..errors import (
    ConversionError,
    CorruptDocumentError,
    EmptyDocumentError,
    LimitExceededError,
    NotAReportError,
    UnsupportedFormatError,
    one_line,
)
from ..results import Result
from .stop import STOP_SIGNALS, Interrupted


def escape_name(path: str) -> str:
    """A file name shown on one line: control characters (a newline in a
    name) and undecodable bytes are written as escapes, the rest kept."""
    out = []
    for ch in path:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(repr(ch)[1:-1])
    return "".join(out)


def _caused_by_memory(exc: BaseException) -> bool:
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 20:
        if isinstance(cur, MemoryError):
            return True
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return False


def kind_of(exc: BaseException) -> FailureKind:
    """The failure kind of an exception raised by one conversion."""
    if _caused_by_memory(exc):
        return "memory"
    if isinstance(exc, EmptyDocumentError):
        return "empty"
    if isinstance(exc, NotAReportError):
        return "not_a_report"
    if isinstance(exc, UnsupportedFormatError):
        return "unsupported"
    if isinstance(exc, CorruptDocumentError):
        return "corrupt"
    if isinstance(exc, ConversionError):
        return "unreadable"
    return "internal"


def failure(path: str, exc: BaseException, seconds: float = 0.0) -> Result:
    """The Result of a conversion that raised ``exc``."""
    kind = kind_of(exc)
    name = escape_name(path)
    detail = ""
    limit = ""
    if isinstance(exc, ConversionError):
        reason = one_line(exc.reason)
        if isinstance(exc, LimitExceededError):
            limit = exc.limit
        if kind == "memory":
            reason = f"out of memory ({reason}; raise --max-memory)"
    elif kind == "memory":
        reason = "out of memory (raise --max-memory)"
    else:
        reason = f"internal error: {type(exc).__name__}: {one_line(str(exc))}"
        import traceback  # here: only a bug needs it (with textwrap, ~10 M instructions at start-up)

        detail = "".join(traceback.format_exception(exc))
    return Result(path=path, kind=kind, message=f"{name}: {reason}", seconds=seconds,
                  detail=detail, limit=limit)


def process_failure(path: str, kind: FailureKind, reason: str, seconds: float = 0.0) -> Result:
    """A failure the pool saw from outside the worker (timeout, memory, crash)."""
    return Result(path=path, kind=kind, message=f"{escape_name(path)}: {reason}", seconds=seconds)


def _size(n: int | None) -> str:
    if not n:
        return "no"
    if n >= 1024 ** 3 and n % 1024 ** 3 == 0:
        return f"{n // 1024 ** 3} GiB"
    return f"{n / 1048576:.0f} MiB"


def timed_out(path: str, timeout: float, seconds: float) -> Result:
    """The Result of a conversion its clock stopped."""
    return process_failure(path, "timeout", f"timeout: no result after {timeout:g} s (raise --timeout)", seconds)


def death(path: str, code: int | None, seconds: float, cap: int | None, near_cap: bool) -> Result:
    """The Result of a conversion whose process died with exit status
    ``code`` (negative: killed by that signal).  A death by a stop signal
    is no Result: it raises :class:`~gxconvert.batch.stop.Interrupted`."""
    if code is not None and code < 0:
        if -code in STOP_SIGNALS:
            raise Interrupted(-code)
        try:
            sig = signal.Signals(-code).name
        except ValueError:
            sig = f"signal {-code}"
        if near_cap or -code == signal.SIGKILL:
            return process_failure(path, "memory", f"the worker ran out of memory ({sig} near the {_size(cap)} cap; "
                                   "raise --max-memory)", seconds)
        return process_failure(path, "crashed", f"the worker crashed ({sig}; a native library failed on this file)",
                               seconds)
    if near_cap:
        return process_failure(path, "memory", f"the worker ran out of memory (exit status {code} near the "
                               f"{_size(cap)} cap; raise --max-memory)", seconds)
    return process_failure(path, "crashed", f"the worker died (exit status {code})", seconds)
