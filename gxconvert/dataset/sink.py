"""What every output of a batch does: take results one by one, close once."""

from __future__ import annotations

from dataclasses import dataclass

from ..batch.results import Result


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
