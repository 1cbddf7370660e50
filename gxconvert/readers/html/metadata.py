"""Page metadata: title, publication date, information source."""

from __future__ import annotations

import re
import threading
from typing import Any

from .common import _BREAK_SET, _INVISIBLE, _INVISIBLE_CHARS, El, _clean_text, _etree

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_PUBLISHED_RULES = (
    re.compile(r"(?:发布日期|发布时间|发布于|公开日期|上传时间|发表时间|发稿时间|更新时间"
               r"|發佈日期|發布日期|發佈時間|發布時間|發佈於|公開日期|發表時間|更新時間)\s*[：:]?\s*" + _DATE),
    None,  # <meta> tags come here
    re.compile(r"(?:成文日期|发文日期|印发日期|生成日期|發文日期|印發日期)\s*[：:]?\s*" + _DATE),
    re.compile(r"(?<![\u4e00-\u9fff])(?:日期|时间|時間)\s*[：:]\s*" + _DATE),
)
_META_DATE_NAMES = frozenset((
    "pubdate", "publishdate", "firstpublishedtime", "publishtime", "published_time",
    "article:published_time", "dc.date", "dc.date.created", "dcterms.created", "dcterms.issued",
    "maketime"
))
_DATE_HINT = re.compile(r"日期|时间|時間|发布于|發佈於|来源|來源")
_SOURCE = re.compile(r"(?:信息来源|来源|信息來源|資訊來源|來源)\s*[：:]\s*([^\s：:|｜]{2,40})")


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


_XSLT_DEPTH = 200  # libxslt recurses on the C stack once per level: deeper trees are walked in Python


_PER_THREAD = threading.local()  # lxml's XSLT and XPath objects are not shared between threads


def _visible_xslt() -> tuple[Any, Any]:
    """(an XSLT -- libxslt, C -- writing the page's visible text: scripts,
    styles, comments and processing instructions left out, a newline after
    each block element and <br>; an XPath saying whether a tree is nested
    :data:`_XSLT_DEPTH` levels deep, too deep for it: in a thread with a
    small stack libxslt's recursion would overflow it)."""
    made: tuple[Any, Any] | None = getattr(_PER_THREAD, "visible", None)
    if made is not None:
        return made
    etree = _etree()
    blocks = "|".join(sorted(_BREAK_SET))
    xslt = etree.XSLT(etree.fromstring(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:output method="text" encoding="UTF-8"/>'
        '<xsl:template match="/"><xsl:apply-templates select="*"/></xsl:template>'
        '<xsl:template match="script|style"/>'
        '<xsl:template match="comment()|processing-instruction()"/>'
        f'<xsl:template match="{blocks}"><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>'
        '</xsl:stylesheet>'))
    made = xslt, etree.XPath("boolean(" + "/".join(["*"] * _XSLT_DEPTH) + ")")
    _PER_THREAD.visible = made
    return made


def _too_deep(root: El) -> bool:
    """Whether ``root``'s tree is nested :data:`_XSLT_DEPTH` levels deep,
    too deep for libxslt."""
    return bool(_visible_xslt()[1](root))


def _visible_raw(root: El, deep: bool | None = None) -> str:
    """The text of the page (scripts, styles, comments and processing
    instructions left out) in order, with a newline at block boundaries: by
    the XSLT of :func:`_visible_xslt`, or, in a tree nested too deep for
    it, by :func:`_visible_walk`.  Its CJK characters are those of the tree
    as :func:`~.parse._tree_cjk` counts them.  ``deep``: :func:`_too_deep`
    of ``root`` when already known."""
    xslt, too_deep = _visible_xslt()
    if deep is None:
        deep = too_deep(root)
    return _visible_walk(root) if deep else str(xslt(root))


def _visible_text(root: El, raw: str | None = None) -> str:
    """:func:`_visible_raw` (``raw`` when already made) without invisible
    characters, a no-break space as a space."""
    return _without_invisible(_visible_raw(root) if raw is None else raw).replace("\xa0", " ")


def _without_invisible(text: str) -> str:
    """``text`` without the characters of :data:`~.common._INVISIBLE`: most
    pages have none, which six substring searches (C, a few µs) say where the
    regular expression tests each character against its set (~15 ns each)."""
    for c in _INVISIBLE_CHARS:
        if c in text:
            return _INVISIBLE.sub("", text)
    return text


def _visible_walk(root: El) -> str:
    """:func:`_visible_text`'s text in one pass over the elements in document
    order (lxml's iterator); an element ends where the next one is not
    inside it."""
    parts: list[str] = []
    add = parts.append
    open_: list[El] = []  # the elements not yet ended, outermost first
    hidden = -1  # index in open_ of the script/style being skipped (-1: none)
    breaks = _BREAK_SET

    def close() -> None:
        """End the innermost open element."""
        nonlocal hidden
        done = open_.pop()
        if hidden >= 0:
            if len(open_) > hidden:
                return  # inside a script/style: nothing shows
            hidden = -1  # the script/style itself: only its tail shows
        elif done.tag in breaks:
            add("\n")
        if done.tail:
            add(done.tail)

    for el in root.iter():
        parent = el.getparent()
        while open_ and open_[-1] is not parent:
            close()
        tag = el.tag
        if hidden >= 0:
            open_.append(el)
        elif tag.__class__ is not str:  # a comment: only its tail shows
            if el.tail:
                add(el.tail)
        elif tag == "script" or tag == "style":
            hidden = len(open_)
            open_.append(el)
        else:
            if el.text:
                add(el.text)
            open_.append(el)
    while open_:
        close()
    return "".join(parts)


def _wants_text(source: str) -> bool:
    """Whether :func:`_metadata` reads the page's visible text: a date or
    source label occurs in ``source`` (the page as decoded)."""
    return _DATE_HINT.search(source) is not None


def _metadata(root: El, source: str, visible: str | None = None) -> dict[str, str]:
    """``source``: the page as decoded; the text walk is skipped when no
    date label occurs in it at all (:func:`_wants_text`).  ``visible``:
    :func:`_visible_raw` of ``root`` when already made."""
    meta: dict[str, str] = {}
    title = next(root.iter("title"), None)
    if title is not None:
        t = _clean_text("".join(title.itertext())).strip(" ")
        if t:
            meta["page_title"] = t
    meta_dates = []
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        if name in _META_DATE_NAMES:
            mm = re.search(_DATE, m.get("content") or "")
            if mm and _iso(mm):
                meta_dates.append(_iso(mm))
    text = _visible_text(root, visible) if _wants_text(source) else ""
    published = None
    for rule in _PUBLISHED_RULES:
        if rule is None:
            if meta_dates:
                published = meta_dates[0]
                break
            continue
        for mm in rule.finditer(text):
            published = _iso(mm)
            if published:
                break
        if published:
            break
    if not published:
        scripts = "\n".join(el.text for el in root.iter("script") if el.text)
        for mm in _PUBLISHED_RULES[0].finditer(scripts):
            published = _iso(mm)
            if published:
                break
    if published:
        meta["published"] = published
    src = _SOURCE.search(text)
    if src:
        meta["info_source"] = src.group(1)
    return meta


