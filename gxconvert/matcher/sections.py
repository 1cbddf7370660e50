"""The six numbered parts of the report and their running text.

A part's text is gathered as a list of its paragraphs and joined once, so
building it takes time linear in the size of the document (no repeated
string concatenation).  A part keeps where its heading was found (page or
line: ``provenance["sections.<number>"]`` in the output).
"""

from __future__ import annotations

from ..model import Section
from .events import Events, Heading, Para


def build_sections(ev: Events) -> list[Section]:
    out: list[Section] = []
    texts: list[list[str]] = []
    for it in ev.items:
        if isinstance(it, Heading):
            out.append(Section(number=it.number, heading=it.text, text="", loc=it.loc))
            texts.append([])
        elif isinstance(it, Para) and out:
            t = it.text.strip()
            if t:
                texts[-1].append(t)
    for section, parts in zip(out, texts, strict=False):
        section.text = "\n".join(parts)
    return out
