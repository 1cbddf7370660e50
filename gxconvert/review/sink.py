"""``convert FILE --html OUT.html``: the review page written beside the
batch's own output (a sink that passes every result on and writes the page
of the one report it sees)."""

from __future__ import annotations

from pathlib import Path

from ..results import Result, Sink, Stored
from .command import write_report_html


class ReviewPageSink(Sink):
    """Wraps ``inner``; writes the review page of the (single) report to ``out``."""

    def __init__(self, inner: Sink, out: str | Path) -> None:
        self.inner = inner
        self.out = Path(out)
        self.resumable = inner.resumable

    def stored(self, path: str) -> Stored | None:
        return self.inner.stored(path)

    def add(self, result: Result) -> None:
        self.inner.add(result)
        if result.report is not None:
            write_report_html(result.report, self.out)

    def close(self, complete: bool = True) -> None:
        self.inner.close(complete)
