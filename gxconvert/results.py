"""What a batch yields for one input, and what takes it: the types the
batch layer (which makes Results) and the dataset layer (whose sinks store
them) share, kept below both so neither imports the other.

A :class:`Result` is a report, or the kind of failure and why; a
:class:`Sink` is an output taking Results one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Report

#: every kind of failure a batch records (the ``failures.kind`` column)
FAILURE_KINDS: tuple[str, ...] = (
    "unsupported",   # not a format gxconvert reads (an image, a spreadsheet, a zip of other things)
    "not_a_report",  # read fine, but no 政府信息公开工作年度报告
    "corrupt",       # damaged, truncated, encrypted or hostile
    "timeout",       # the worker was stopped by the clock (--timeout)
    "memory",        # the worker ran out of its memory cap (--max-memory)
    "crashed",       # the worker died (a native library crashed)
    "internal",      # a bug in gxconvert: the message carries the traceback
    "unreadable",    # any other clear refusal (missing file, FIFO, a limit reached)
    "empty",         # the file holds nothing (no bytes, or only white space)
)


@dataclass(slots=True)
class Result:
    """One input's outcome.  Exactly one of ``report`` and ``kind`` is set."""

    path: str
    report: Report | None = None
    kind: str | None = None
    message: str = ""  # one line naming the file and the reason
    seconds: float = 0.0
    sha256: str | None = None
    detail: str = ""  # a traceback for internal errors
    limit: str = ""  # the Options field a LimitExceededError names
    index: int = 0  # position among the batch's inputs
    report_json: str | None = None  # report.to_json(provenance=True, indent=None), made by the worker if asked

    @property
    def ok(self) -> bool:
        return self.kind is None


@dataclass(frozen=True, slots=True)
class Stored:
    """What an output already holds for one input path."""

    sha256: str | None
    version: str | None  # converter version (None when the output does not record it)
    failed: bool


class Sink:
    """An output.  ``stored(path)`` lets a re-run skip done inputs;
    ``add`` takes each Result in input order; ``close(complete)`` makes the
    output whole (``complete`` is False after an interrupt: what was done
    is still written, complete and valid)."""

    resumable = False
    wants_json = False  # Results should carry report_json (serialised in the workers)

    def stored(self, path: str) -> Stored | None:
        return None

    def add(self, result: Result) -> None:
        raise NotImplementedError

    def close(self, complete: bool = True) -> None:
        pass
