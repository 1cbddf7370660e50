"""The walk in document order: paragraphs, headings, images and tables as
blocks, before / inside / after the article body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...model import Issue, Location, Paragraph, Table
from ..deadline import Deadline
from .common import _BLANK, _BLOCK, El, _clean_text, _int_attr, _line, _Locations, _nchars
from .tables import _read_table

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

class _Blocks:
    """Collects paragraphs and tables while the tree is walked."""

    def __init__(self, capped: bool, max_cells: int, deadline: Deadline) -> None:
        self.capped = capped
        self.max_cells = max_cells
        self.deadline = deadline
        self.blocks: list[Paragraph | Table] = []
        self.warnings: list[Issue] = []
        self.buf: list[str] = []
        self.link_chars = 0
        self.line: int | None = None
        self.state = "before"  # "before" | "inside" | "after" the article body
        self.in_head = False  # inside the article's head (the body's grandparent)
        self.heading: list[int] = []
        self.pre = 0
        self.locs = _Locations()  # one Location per source line
        self.pictures: list[tuple[int, str, str]] = []  # (block index, shown src, src) of each image

    def text(self, s: str, el: El, in_link: bool) -> None:
        """Add ``s`` (not empty), text of ``el`` (its source line is that of
        the block when it is the block's first non-blank text)."""
        if self.line is None and s.strip():
            self.line = el.sourceline
        self.buf.append(s)
        if in_link:
            self.link_chars += _nchars(s)

    def flush(self) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        line, links = self.line, self.link_chars
        self.buf.clear()
        self.line = None
        self.link_chars = 0
        if self.pre:
            texts = [_clean_text(t, pre=True).strip(" ") for t in raw.split("\n")]
        elif not raw.strip(_BLANK):
            return  # what cleaning and stripping leave nothing of (most flushes, between blocks)
        else:
            texts = [_clean_text(raw).strip(" ")]
        level = self.heading[-1] if self.heading else None
        for t in texts:
            if not t:
                continue
            if self.state == "before":
                n = _nchars(t)
                if level is None and (not self.in_head or n > 100 or links > 0.5 * n):
                    continue
            elif self.state == "after":
                continue
            self.blocks.append(Paragraph(text=t, loc=self.locs[_line(line, self.capped)],
                                         heading_level=level))

    def image(self, el: El) -> None:
        src = (el.get("src") or el.get("data-src") or el.get("original") or "").strip()
        if not src or self.state != "inside":
            return
        for attr in ("width", "height"):
            v = _int_attr(el.get(attr), 0)
            if 0 < v <= 48:
                return  # an icon
        full = src
        if src.startswith("data:"):
            src = src[: src.find(",") if "," in src else 30][:40] + ",…"
        self.flush()
        line = _line(el.sourceline, self.capped)
        self.pictures.append((len(self.blocks), src, full))
        self.blocks.append(Paragraph(text=f"[image: {src}]", loc=Location(line=line)))
        self.warnings.append(Issue(
            "image_in_body",
            f"image {src} in the article body; if a table was published as an image, it is not read",
            f"line {line}" if line else ""))

    def table(self, el: El) -> list[El]:
        self.flush()
        table, captions, stray, truncated = _read_table(el, self.capped, self.max_cells, self.locs)
        self.deadline.check("reading the HTML tables")
        if truncated:
            line = _line(el.sourceline, self.capped)
            self.warnings.append(Issue(
                "table_truncated",
                f"a table of more than {self.max_cells} cells; the rest of it was not read "
                f"(limit max_cells_per_table)", f"table at line {line}" if line else "table"))
        for cap in captions:
            self.blocks.append(Paragraph(text=cap, loc=Location(line=_line(el.sourceline, self.capped))))
        if table is not None and self.state != "after":
            self.blocks.append(table)
        return stray


def _article_head(body: El, article: El) -> El:
    """The article's head: its grandparent (the article with its title and
    发布日期 line), or the body when that is at or above the body.  Before the
    article, only headings and -- within the head -- short lines are kept."""
    head = article.getparent()
    head = head.getparent() if head is not None and head is not body else head
    if head is None or head is body.getparent():
        head = body
    return head


def _walk(body: El, article: El, is_layout: Callable[[El], bool], out: _Blocks) -> None:
    """Walk ``body`` in document order without recursion; ``is_layout``
    says whether a table is page layout (read as containers).  The stack
    holds elements to open and, as 1-tuples, elements to close."""
    if article is body:
        out.state = "inside"
    head = _article_head(body, article)
    links = 0
    stack: list[Any] = [body]
    pop, push, extend = stack.pop, stack.append, stack.extend
    text, flush = out.text, out.flush
    pending = out.buf  # flush() empties this list in place: called only when it holds text
    blocks, headings = _BLOCK, _HEADINGS
    steps = 0
    while stack:
        el = pop()
        steps += 1
        if not steps & 0xFFF:
            out.deadline.check("walking the HTML page")
        if el.__class__ is tuple:  # closing
            el = el[0]
            tag = el.tag
            if pending and tag in blocks:
                flush()
            if tag in headings:
                out.heading.pop()
            elif tag == "a":
                links -= 1
            elif tag == "pre":
                out.pre -= 1
            if el is article:
                if pending:
                    flush()
                out.state = "after"
                return
            t = el.tail
            if t:
                text(t, el, links > 0)
            continue
        tag = el.tag
        if tag.__class__ is not str:  # comment, processing instruction
            t = el.tail
            if t:
                text(t, el, links > 0)
            continue
        if el is head:
            if pending:
                flush()
            out.in_head = True
        if el is article:
            if pending:
                flush()
            out.state = "inside"
        if tag == "br":
            if pending:
                flush()
        elif tag == "img":
            out.image(el)
        elif tag == "table" and not is_layout(el):
            stray = out.table(el)
            # content a browser would show before the table (foster parenting)
            for s in stray:
                t = " ".join(s.itertext())
                if t:
                    text(t, s, False)
                if pending:
                    flush()
        else:
            if pending and tag in blocks:
                flush()
            if tag in headings:
                out.heading.append(headings[tag])
            elif tag == "a":
                links += 1
            elif tag == "pre":
                out.pre += 1
            push((el,))
            t = el.text
            if t:
                text(t, el, links > 0)
            extend(reversed(el))
            continue
        t = el.tail
        if t:
            text(t, el, links > 0)
    if pending:
        flush()
