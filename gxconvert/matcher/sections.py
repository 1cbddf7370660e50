"""The six numbered parts of the report and their running text.

A part's text is gathered as a list of its paragraphs and joined once, so
building it takes time linear in the size of the document (no repeated
string concatenation).  A part keeps where its heading was found (page or
line: ``provenance["sections.<number>"]`` in the output).  The page's
furniture is not the report's text: a browser's print header or footer
between a heading and its text, the buttons glued to a line (【打印本页】),
and what the page shows after the signature date that closes the last part
(share buttons, related links, the site's footer).
"""

from __future__ import annotations

from ..model import Section
from .events import Events, Heading, Para
from .identity.furniture import chrome_free
from .identity.sources import is_signature_date

LAST_PART = 6


def build_sections(ev: Events) -> list[Section]:
    out: list[Section] = []
    texts: list[list[str]] = []
    closed = False
    for it in ev.items:
        if isinstance(it, Heading):
            out.append(Section(number=it.number, heading=it.text, text="", loc=it.loc))
            texts.append([])
            closed = False
        elif isinstance(it, Para) and out and not closed:
            raw = it.text.strip()
            t = chrome_free(raw) if raw else None  # (None: print furniture)
            if t:
                texts[-1].append(t)
                closed = out[-1].number == LAST_PART and is_signature_date(t)
    for section, parts in zip(out, texts, strict=False):
        section.text = "\n".join(parts)
    return out
