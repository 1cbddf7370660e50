"""What a batch yields for one input: a report, or the kind of failure and why."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import FAILURE_KINDS as CATALOGUED_KINDS
from ..catalogue import FailureKind
from ..model import Report

#: every kind of failure a batch records (the ``failures.kind`` column; meanings in the catalogue)
FAILURE_KINDS: tuple[FailureKind, ...] = tuple(CATALOGUED_KINDS)


@dataclass(slots=True)
class Result:
    """One input's outcome.  Exactly one of ``report`` and ``kind`` is set."""

    path: str
    report: Report | None = None
    kind: FailureKind | None = None
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
