"""Which form the report uses; the report's identity (title, agency,
year, published date …) is read by :mod:`gxconvert.matcher.identity`."""

from __future__ import annotations

from ..model import Document, Issue, Meta, Provenance
from ..normalize import label_key
from ..templates import Template, for_year, templates
from .events import Events, Heading, LRow, Para
from .identity import build_identity
from .identity.text import agency_from, clean_agency, find_date, strip_title_chrome
from .tables import LabelMatcher

__all__ = ["agency_from", "build_meta", "clean_agency", "detect_template", "find_date", "strip_title_chrome"]


def _marker_hits(keys: set[str], text: str = "") -> list[tuple[int, Template]]:
    """Each form with the count of its markers found in a label key or in ``text``."""
    scores = []
    joined = "\n".join(keys)  # a marker (no line break) is in some key if it is in the keys joined by line breaks
    for t in templates():
        hits = sum(1 for m in t.markers if (m in joined if "\n" not in m else any(m in k for k in keys)) or m in text)
        scores.append((hits, t))
    scores.sort(key=lambda x: -x[0])
    return scores


def detect_template(ev: Events, year: int | None) -> tuple[Template, list[Issue]]:
    """The form whose own column and row labels the tables use; when the
    table rows do not tell (tables flattened into running text), the
    labels written in the text of parts 二 to 四; else the year."""
    # each row's label keys as the tables' reading keeps them (by the row's texts, for the form of the year:
    # the one the tables are most likely read on), not keyed again here
    header_of = LabelMatcher.of(for_year(year)).header_of
    keys: set[str] = set()
    for it in ev.items:
        if isinstance(it, LRow):
            keys.update(header_of(it.labels)[0])
    scores = _marker_hits(keys)
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        part = 0
        texts: list[str] = []
        table_parts = {n for t in templates() for n in t.table_sections}
        for it in ev.items:
            if isinstance(it, Heading):
                part = it.number
            elif isinstance(it, Para) and part in table_parts:
                texts.append(label_key(it.text))
        scores = _marker_hits(keys, "\n".join(texts))
    best_hits = scores[0][0]
    tied = [t for hits, t in scores if hits == best_hits]
    if len(tied) == 1:
        return tied[0], []
    fallback = for_year(year, tied)
    return fallback, [Issue("template_guessed", f"the table labels do not tell the form apart ({best_hits} markers "
                            f"each); chose {fallback.id} from the year", "tables")]


def build_meta(doc: Document, ev: Events) -> tuple[Meta, dict[str, Provenance], list[Issue]]:
    """The report's identity, where each field was read, and the warnings."""
    return build_identity(doc, ev)
