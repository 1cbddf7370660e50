"""The six numbered parts of the report and their running text."""

from __future__ import annotations

from ..model import Section
from .events import Events, Heading, Para


def build_sections(ev: Events) -> list[Section]:
    out: list[Section] = []
    for it in ev.items:
        if isinstance(it, Heading):
            out.append(Section(number=it.number, heading=it.text, text=""))
        elif isinstance(it, Para) and out:
            t = it.text.strip()
            if t:
                out[-1].text = f"{out[-1].text}\n{t}" if out[-1].text else t
    return out
