"""What a batch yields for one input, and what takes it: the types the
batch layer (which makes Results) and the dataset layer (whose sinks store
them) share, kept below both so neither imports the other.

A :class:`Result` is a report, or the kind of failure and why; a
:class:`Sink` is an output taking Results one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .catalogue import FAILURE_KINDS as CATALOGUED_KINDS
from .catalogue import FailureKind
from .model import Report

#: every kind of failure a batch records (the ``failures.kind`` column; meanings in the catalogue)
FAILURE_KINDS: tuple[FailureKind, ...] = tuple(CATALOGUED_KINDS)


@dataclass(frozen=True, slots=True)
class Outline:
    """A converted report in a few fields: what a batch's account and
    progress lines say of it, without the report itself."""

    agency: str | None
    year: int | None
    template: str | None
    n_failed_checks: int
    warning_codes: tuple[str, ...]

    def __reduce__(self) -> tuple[type[Outline], tuple[Any, ...]]:  # pickled as its fields: see Result
        return Outline, (self.agency, self.year, self.template, self.n_failed_checks, self.warning_codes)

    @classmethod
    def of(cls, report: Report) -> Outline:
        m = report.meta
        return cls(m.agency, m.year, m.template, sum(1 for c in report.checks if not c.ok),
                   tuple(w.code for w in report.warnings))


@dataclass(slots=True)
class Result:
    """One input's outcome: ``kind`` is None for a report (in ``report``, or
    already encoded for the sink in ``record``), else the failure's kind;
    ``skipped``: the input was left as the output holds it (no report, no
    failure)."""

    path: str
    report: Report | None = None
    kind: FailureKind | None = None
    message: str = ""  # one line naming the file and the reason
    seconds: float = 0.0
    sha256: str | None = None
    detail: str = ""  # a traceback for internal errors
    limit: str = ""  # the Options field a LimitExceededError names
    index: int = 0  # position among the batch's inputs
    record: Any = None  # what the sink writes, made in the worker by the sink's encoder (report is then None)
    outline: Outline | None = None  # what the account and the progress need of a report
    skipped: bool = False  # the output holds this input unchanged (its Task's ``known`` hash): nothing to write

    def __reduce__(self) -> tuple[type[Result], tuple[Any, ...]]:
        """Pickled as its fields in order (a worker sends one per input):
        a slotted dataclass's own pickling looks its fields up with
        ``dataclasses.fields`` on both sides, several times the cost."""
        return Result, (self.path, self.report, self.kind, self.message, self.seconds, self.sha256, self.detail,
                        self.limit, self.index, self.record, self.outline, self.skipped)

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
    #: a module-level function (report, result) -> record, run in the worker so
    #: that only what the sink writes crosses to the parent; None: the Report
    encoder: Callable[[Report, Result], Any] | None = None

    def stored(self, path: str) -> Stored | None:
        return None

    def add(self, result: Result) -> None:
        raise NotImplementedError

    def close(self, complete: bool = True) -> None:
        pass
