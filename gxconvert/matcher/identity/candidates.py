"""Candidates for the identity fields, from every source, with where each was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ...catalogue import How
from ...model import Location, Provenance

Source = Literal["title", "signature", "opening", "page_metadata", "crawler_header", "browser_header",
                 "page_title", "file_name"]
#: the sources in the order their readings are trusted: the report's own words first
RANK: tuple[Source, ...] = ("title", "signature", "opening", "page_metadata", "crawler_header", "browser_header",
                            "page_title", "file_name")
SOURCE_MEANING = {
    "title": "the report's own title",
    "signature": "the signature block at the report's end (落款: body and date)",
    "opening": "the opening paragraph (本报告由…编制, the statistical period sentence)",
    "page_metadata": "the hosting page's info bar or 政府信息公开目录 block (来源, 发布机构, 发布日期 …)",
    "crawler_header": "a crawler's key: value header (标题: …, 发布时间: …)",
    "browser_header": "a browser's print header line (print date and page title)",
    "page_title": "the page's own title (HTML <title>)",
    "file_name": "the file's name",
}


@dataclass(slots=True)
class Candidate:
    value: str | int
    source: Source
    raw: str
    loc: Location | None = None
    how: How = "read"  # "read" | "inferred"
    note: str = ""
    key: str = field(default="")  # the field name of a page's block (来源, 发布日期) when one said it
    table: int | None = None  # a page's block as a table: its index and the value's (row, column)
    cell: tuple[int, int] | None = None

    @property
    def rank(self) -> int:
        return RANK.index(self.source)

    def provenance(self, note: str = "") -> Provenance:
        text = "; ".join(x for x in (f"{self.key}:" if self.key else "", self.note, note) if x)
        return Provenance(raw=self.raw, loc=self.loc, how=self.how, source=self.source, note=text,
                          table=self.table if self.cell else None, cell=self.cell)


def ranked(cands: list[Candidate]) -> list[Candidate]:
    """Candidates best first (stable within a source: the order given)."""
    return sorted(cands, key=lambda c: c.rank)
