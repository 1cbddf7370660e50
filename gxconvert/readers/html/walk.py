"""The walk in document order: paragraphs, headings, images and tables as
blocks, before / inside / after the article body."""

from __future__ import annotations

from collections.abc import Callable

from ...model import Issue, Location, Paragraph, Table
from ..deadline import Deadline
from .common import _BLOCK, El, _clean_text, _int_attr, _line, _nchars, _tag
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
        self.pictures: list[tuple[int, str, str]] = []  # (block index, shown src, src) of each image

    def text(self, s: str | None, line: int | None, in_link: bool) -> None:
        if not s:
            return
        if self.line is None and s.strip():
            self.line = line
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
        texts = raw.split("\n") if self.pre else [raw]
        level = self.heading[-1] if self.heading else None
        for t in texts:
            t = _clean_text(t, pre=bool(self.pre)).strip(" ")
            if not t:
                continue
            if self.state == "before":
                n = _nchars(t)
                if level is None and (not self.in_head or n > 100 or links > 0.5 * n):
                    continue
            elif self.state == "after":
                continue
            self.blocks.append(Paragraph(text=t, loc=Location(line=_line(line, self.capped)),
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
        table, captions, stray, truncated = _read_table(el, self.capped, self.max_cells)
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
    says whether a table is page layout (read as containers)."""
    if article is body:
        out.state = "inside"
    head = _article_head(body, article)
    links = 0
    stack: list[tuple[El, bool]] = [(body, False)]
    steps = 0
    while stack:
        el, closing = stack.pop()
        steps += 1
        if not steps & 0xFFF:
            out.deadline.check("walking the HTML page")
        tag = _tag(el)
        if closing:
            if tag in _BLOCK:
                out.flush()
            if tag in _HEADINGS:
                out.heading.pop()
            elif tag == "a":
                links -= 1
            elif tag == "pre":
                out.pre -= 1
            if el is article:
                out.flush()
                out.state = "after"
                return
            out.text(el.tail, el.sourceline, links > 0)
            continue
        if not tag:  # comment, processing instruction
            out.text(el.tail, el.sourceline, links > 0)
            continue
        if el is head:
            out.flush()
            out.in_head = True
        if el is article:
            out.flush()
            out.state = "inside"
        if tag == "br":
            out.flush()
            out.text(el.tail, el.sourceline, links > 0)
            continue
        if tag == "img":
            out.image(el)
            out.text(el.tail, el.sourceline, links > 0)
            continue
        if tag == "table" and not is_layout(el):
            stray = out.table(el)
            # content a browser would show before the table (foster parenting)
            for s in stray:
                out.text(" ".join(s.itertext()), s.sourceline, False)
                out.flush()
            out.text(el.tail, el.sourceline, links > 0)
            continue
        if tag in _BLOCK:
            out.flush()
        if tag in _HEADINGS:
            out.heading.append(_HEADINGS[tag])
        elif tag == "a":
            links += 1
        elif tag == "pre":
            out.pre += 1
        stack.append((el, True))
        out.text(el.text, el.sourceline, links > 0)
        for c in reversed(el):
            stack.append((c, False))
    out.flush()


