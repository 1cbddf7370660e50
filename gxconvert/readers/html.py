"""The HTML reader: report web pages, whatever their encoding and markup.

Pipeline (each step bounded in time and memory):

0. **MHT** (Word's "single file web page", MIME multipart/related): the
   HTML part is taken out and decoded with the part's charset.
1. **Decode** the bytes ourselves (:mod:`.encoding`: BOM, ``<meta charset>``,
   ``http-equiv``, GB2312/GBK widened to GB18030, detection).  lxml and
   BeautifulSoup are only ever given a ``str``: given bytes declared
   ``gb2312`` they stop at the first character outside GB2312 (釆) and drop
   the rest of the page without an error.
2. **Parse** with ``lxml.html`` (libxml2; fast).  BeautifulSoup with
   Python's ``html.parser`` is the fallback where libxml2 loses content: it
   gives up past 2048 levels of nesting (unclosed ``<font>`` tags on old
   pages) and silently drops everything after; a cheap check also compares
   the CJK characters of the source with those in the tree.  The
   BeautifulSoup tree is converted into an lxml tree, so the rest of the
   pipeline is one code path.
3. **Page furniture** goes: script/style/iframe/form controls always;
   nav/header/footer/aside/form elements and elements whose class/id say
   nav, menu, footer, share, breadcrumb, copyright, sidebar ... and hidden
   elements (``display:none``, ``mso-hide:all``) -- unless the element holds
   half the page's text (ASP.NET pages wrap the whole page in a ``<form>``).
4. **Article body**: starting at ``<body>``, descend into the child that
   holds >= 70% of its parent's text and >= 60% of the page's (only through
   containers: div/section/article/td of a layout table ...).  Before the
   body only headings, short non-link lines (title, 发布日期 line) and tables
   are kept; after it nothing.
5. **Blocks** in document order, iteratively (no recursion, so no depth
   limit): p/div/li/h1-h6/br-separated lines become :class:`Paragraph`
   (h1-h6 give ``heading_level``), data tables become :class:`Table`, an
   ``<img>`` in the body becomes a ``[image: src]`` placeholder paragraph
   plus an ``image_in_body`` warning (a table published as an image: the
   matcher decides whether a table is missing).
6. **Tables**: the HTML table model with a slot-occupancy grid: each cell
   goes to the first free slot of its row; ``rowspan`` counts into later
   rows; ``rowspan=0`` runs to the end of the row group; rowspans clamp to
   the group's end; absurd colspans (> 100) stretch to the table's width
   measured without them; a colspan running into a slot an earlier rowspan
   holds is cut there (no overlapping cells) while the following cells
   still start where the browser puts them.  Rows with too few cells leave
   their slots uncovered; empty cells are ``Cell(text="")``.  Cell text is
   its block children / ``<br>`` lines joined with "\\n", ``&nbsp;`` as a
   space.
   *Layout tables*: a table that contains another table, has a single
   cell, or has a cell holding more than 1000 characters is page layout,
   not data: it is read as containers (its cells' content becomes blocks),
   and the tables inside it are read in turn.
7. **Metadata**: ``page_title`` (``<title>``), ``published`` (ISO date from
   a 发布日期/发布时间 line, else ``<meta name=PubDate>``-like tags, else
   成文日期/日期 lines, else a ``document.write`` in a script),
   ``info_source`` (信息来源/来源), ``encoding``.
8. **Warnings** (``Document.warnings``): ``image_in_body``, ``attachment``
   (the article links to a .pdf/.doc... file), ``embedded_document``
   (iframe/embed/object), ``html_parser_fallback``, ``table_truncated``,
   and the decoder's ``encoding_mismatch``/``decode_errors``.

Hostile markup: DOCTYPE internal subsets (``<!DOCTYPE html [ <!ENTITY …
]>``, whose ``]>`` libxml2 leaves in the text) and processing instructions
are removed before parsing, in one linear scan; control characters become
spaces; the content a void ``<embed>`` or an unclosed ``<object>``/``<video>``
swallowed is put back in place (only a short fallback text such as
"install Flash" stays inside and goes with the element).

Limits (:class:`~gxconvert.options.Options`): ``max_bytes`` of input,
``max_cells_per_table`` (per table: a bigger table is cut with a
``table_truncated`` warning naming it; the other tables are whole),
``max_seconds`` (checked between stages and every 4096 elements of the
walk); the html.parser fallback for pages up to 5 M characters (above that,
markup libxml2 cannot read is a :class:`CorruptDocumentError`).  Parser
exceptions (lxml, BeautifulSoup, the MIME parser) become one-line
"damaged HTML page: …" errors; any other exception is a bug and propagates.
Source lines past 65 535 are reported as unknown (libxml2 stops counting
there).
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from typing import Any

from ..catalogue import Format
from ..errors import CorruptDocumentError, LimitExceededError, UnsupportedFormatError
from ..model import Cell, Document, Issue, Location, Paragraph, Table
from ..options import Options
from .base import ReadContext
from .deadline import Deadline
from .encoding import _looks_utf16, controls_as_spaces, decode
from .parser_errors import parser_errors

#: an element of the parsed page (lxml; lxml's stubs type an HTML tree's text
#: as str | bytes and its stack entries as nodes or strings, more than this reader sees)
El = Any

__all__ = ["HtmlReader", "unwrap_mhtml"]

_SANE_SPAN = 100  # a colspan above this is absurd (official forms have 15 columns)
_MAX_ROWSPAN = 65534  # the HTML limit
_LAYOUT_CELL_CHARS = 1000  # a cell holding this much text is page layout
_LIBXML_LINE_CAP = 65535  # libxml2 stops counting lines here
_FALLBACK_MAX_CHARS = 5_000_000  # html.parser (pure Python) reads ~1 MB/s: no fallback above this

_MARKUP = re.compile(r"<(?:[A-Za-z][A-Za-z0-9:_-]*|!--|!doctype|/[A-Za-z][A-Za-z0-9]*)[\s>/]", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WS = re.compile(r"[ \t\n\r\f]+")

# never content
_ALWAYS_DROP = frozenset((
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "button", "select", "textarea", "input", "option", "datalist", "svg", "canvas",
    "audio", "video", "map", "link", "meta", "base", "head", "xml"
))
# page furniture by tag (kept if it holds most of the page)
_FURNITURE_TAGS = frozenset((
    "nav", "footer", "aside", "menu"
))
_WEAK_FURNITURE_TAGS = frozenset((
    "header", "form"
))
_FURNITURE_TOKENS = frozenset((
    "nav", "navbar", "navigation", "menu", "menus", "submenu", "footer", "foot", "breadcrumb",
    "breadcrumbs", "crumb", "crumbs", "share", "sharing", "bdshare", "copyright", "sidebar",
    "toolbar", "daohang", "weizhi", "dqwz", "fenxiang", "banquan", "topbar", "bottombar"
))
_FURNITURE_SUBSTR = ("breadcrumb", "share", "footer", "navbar", "copyright", "sidebar", "menu")
_WEAK_FURNITURE_TOKENS = frozenset((
    "header", "top", "bottom", "search", "login", "position", "location", "links", "related",
    "tools", "print", "close", "qrcode", "ewm"
))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)

_BLOCK = frozenset((
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "ul",
    "legend"
))
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = frozenset((
    "div", "section", "article", "main", "center", "td", "th", "tr", "tbody", "thead", "tfoot",
    "table", "font", "span", "blockquote", "form", "dd", "body"
))

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


def _line(n: int | None, capped: bool) -> int | None:
    if n is None or (capped and n >= _LIBXML_LINE_CAP):
        return None
    return n


def _is_tag(el: El) -> bool:
    return isinstance(el.tag, str)


def _tag(el: El) -> str:
    """The tag name ('' for comments and processing instructions); both
    parsers give lower-case names."""
    t = el.tag
    return t if t.__class__ is str else ""


_NOT_COUNTED = " \n\t\r\f\xa0\u3000"  # whitespace, not counted as characters of text
_NOT_COUNTED_FIND = re.compile(f"[{_NOT_COUNTED}]").findall


def _nchars(s: str | None) -> int:
    """Characters of ``s`` that are not whitespace: its length less the
    whitespace found (str.translate looks up every character of CJK text
    in a dict, ten times as long)."""
    if not s:
        return 0
    s = s.strip(_NOT_COUNTED)
    return len(s) - len(_NOT_COUNTED_FIND(s)) if s else 0


def _drop_all(els: list[El]) -> None:
    """Remove every element of ``els`` with its subtree, keeping its tail
    text in place.  Per parent in one pass: the tails of removed siblings
    are joined once onto the kept sibling (or the parent's text) before
    them -- appending them one by one would copy a growing string for each
    of thousands of void elements in a row."""
    by_parent: dict[El, list[El]] = {}
    for el in els:
        parent = el.getparent()
        if parent is not None:
            by_parent.setdefault(parent, []).append(el)
    for parent, doomed in by_parent.items():
        gone = set(doomed)
        targets: list[tuple[El | None, list[str]]] = [(None, [parent.text or ""])]
        for c in parent:
            if c in gone:
                if c.tail:
                    targets[-1][1].append(c.tail)
            else:
                targets.append((c, [c.tail or ""]))
        for c in doomed:
            parent.remove(c)
        for target, parts in targets:
            if len(parts) > 1:
                text = "".join(parts)
                if target is None:
                    parent.text = text
                else:
                    target.tail = text


def _text_lengths(root: El) -> dict[El, int]:
    """Visible characters (whitespace not counted) under each element,
    computed bottom-up in one pass."""
    return _measure(root)[0]


def _measure(root: El, layout: set[El] | None = None) -> tuple[dict[El, int], dict[El, int]]:
    """One bottom-up pass over ``root``'s subtree: (visible characters --
    whitespace not counted -- under each element, <table> elements each
    element holds, itself included).  Given a set, ``layout`` also
    receives the tables that are page layout, not data: a table that holds
    a table of two or more cells (one-cell tables inside cells are just
    boxes around a value), has a single cell, or has a cell holding more
    than 1000 characters (nested tables: no rescans)."""
    els = list(root.iter())
    length: dict[El, int] = dict.fromkeys(els, 0)
    tables: dict[El, int] = dict.fromkeys(els, 0)
    want_layout = layout is not None
    if want_layout:
        cells: dict[El, int] = dict.fromkeys(els, 0)  # td/th in the subtree
        widest: dict[El, int] = dict.fromkeys(els, 0)  # longest td/th text in the subtree
        data_inside: set[El] = set()  # holds a table of >= 2 cells (itself included)
    nchars = _nchars
    for e in reversed(els):
        tag = e.tag
        if tag.__class__ is str:
            t = e.text
            n = length[e] + (nchars(t) if t else 0)
            length[e] = n
            if tag == "table":
                tables[e] += 1
        else:
            n = 0
        if want_layout:
            if tag == "td" or tag == "th":
                cells[e] += 1
                if n > widest[e]:
                    widest[e] = n
            elif tag == "table":
                inner = any(c in data_inside for c in e)
                if inner or widest[e] > _LAYOUT_CELL_CHARS or cells[e] <= 1:
                    layout.add(e)  # type: ignore[union-attr]
                if cells[e] >= 2:
                    data_inside.add(e)
        if e is root:
            continue
        parent = e.getparent()
        if parent is not None:
            t = e.tail
            length[parent] += n + (nchars(t) if t else 0)
            k = tables[e]
            if k:
                tables[parent] += k
            if want_layout:
                k = cells[e]
                if k:
                    cells[parent] += k
                    if widest[e] > widest[parent]:
                        widest[parent] = widest[e]
                if e in data_inside:
                    data_inside.add(parent)
    return length, tables


# what _clean_text changes outside <pre>: an invisible character, a no-break space, whitespace other
# than a space, two spaces in a row (most cell and line texts hold none: one search instead of three)
_UNCLEAN = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\xa0\t\n\r\f]|  ").search


def _clean_text(s: str, pre: bool = False) -> str:
    if not pre and not _UNCLEAN(s):
        return s
    s = _INVISIBLE.sub("", s)
    if not pre:
        s = _WS.sub(" ", s)
    return s.replace("\xa0", " ")


_LEADING_INT = re.compile(r"\s*\+?(\d+)").match


def _int_attr(v: str | None, default: int) -> int:
    """HTML's rules for parsing non-negative integers: leading digits count."""
    if v is None:
        return default
    m = _LEADING_INT(v)
    if not m:
        return default
    digits = m.group(1)
    if len(digits) > 9:
        return 10**9
    return int(digits)


# --------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------


@functools.cache
def _etree() -> Any:
    from lxml import etree

    return etree


def _parse_lxml(text: str) -> tuple[El | None, bool]:
    """libxml2's HTML parser with lxml's plain elements (lxml.html's element
    classes cost a Python call for every element proxy made)."""
    from lxml import etree

    parser = etree.HTMLParser(huge_tree=True, remove_comments=False, remove_pis=True)
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None, True
    if root is None:
        return None, True
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" or "depth" in e.message.lower()
                   for e in parser.error_log)
    return root, too_deep


_BAD_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def _parse_bs4(text: str) -> El:
    """BeautifulSoup(html.parser) -> an lxml tree with source lines."""
    from bs4 import BeautifulSoup, Comment, Tag
    from bs4.element import NavigableString
    from lxml import etree

    soup = BeautifulSoup(text, "html.parser")
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    made = [root, body]  # lxml proxies are costly to free one by one in deep trees: keep them
    # (bs4 node, lxml parent) pairs; text goes to the parent's text or the
    # last child's tail
    stack: list[tuple[object, El]] = [(c, body) for c in reversed(list(soup.contents))]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, Tag):
            name = node.name.lower()
            if name in ("html", "body"):
                for c in reversed(list(node.contents)):
                    stack.append((c, parent))
                continue
            name = _BAD_NAME.sub("_", name) or "span"
            if not name[0].isalpha():
                name = "x" + name
            el: El = etree.SubElement(parent, name)
            made.append(el)
            for k, v in node.attrs.items():
                if isinstance(v, list):
                    v = " ".join(v)
                k = _BAD_NAME.sub("_", str(k))
                if k and k[0].isalpha():
                    with contextlib.suppress(ValueError):
                        el.set(k, _CONTROL.sub("", str(v)))
            if node.sourceline is not None:
                el.sourceline = node.sourceline
            for c in reversed(list(node.contents)):
                stack.append((c, el))
        elif isinstance(node, NavigableString) and (type(node) is NavigableString):
            s = _CONTROL.sub("", str(node))
            if not s:
                continue
            try:
                last = parent[-1]  # O(1); len(parent) would count every child
            except IndexError:
                parent.text = (parent.text or "") + s
            else:
                last.tail = (last.tail or "") + s
        elif isinstance(node, Comment):
            continue  # comments vanish; the text around them stays in order
    return root


# what a browser does not show, matched in one left-to-right scan: a comment,
# a script or style with its content, a tag; each of them unclosed runs to
# the end of the page (as in a browser: the rest is hidden)
_HIDDEN_SOURCE = re.compile(
    r"<!--(?:.*?-->|.*\Z)|<(script|style)\b(?:.*?</\1\s*>|.*\Z)|<(?:[^>]*>|.*\Z)",
    re.IGNORECASE | re.DOTALL)


# U+4E00-U+9FFF in UTF-8: a lead byte E5-E9, or E4 followed by B8-BF (no
# continuation byte is E4-E9, so each count is of whole characters)
_NOT_E4_E9 = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
_E4_CJK = re.compile(rb"\xe4[\xb8-\xbf]").findall


def _count_cjk(s: str) -> int:
    """CJK characters (U+4E00-U+9FFF) in ``s``, counted over its UTF-8 in C
    loops (the regular-expression engine takes several times as long over
    the text): the lead bytes E4-E9 are kept, those of E5-E9 counted, and
    E4's with the right second byte found by a search for E4."""
    b = s.encode("utf-8", "surrogatepass")
    leads = b.translate(None, _NOT_E4_E9)
    e4 = leads.count(b"\xe4")
    return len(leads) - e4 + (len(_E4_CJK(b)) if e4 else 0)


def _source_cjk(text: str) -> int:
    """CJK characters of the page as a browser would show them (roughly):
    outside tags, comments, scripts and styles.  One linear scan in the
    regular-expression engine (an unclosed comment or script hides the rest
    of the page, as in a browser)."""
    return _count_cjk(_HIDDEN_SOURCE.sub("", text))


def _tree_cjk(root: El) -> int:
    from lxml import etree

    n = _count_cjk(etree.tostring(root, method="text", encoding=str, with_tail=False))
    for el in root.iter("script", "style"):
        if el.text:
            n -= _count_cjk(el.text)
    return n


def _lost_text(root: El, text: str) -> bool:
    """Whether libxml2's tree holds fewer CJK characters than the page shows
    (2% and one character of slack).  The page's own count needs the
    hidden parts cut out of the source (slow); the whole source's count is
    an upper bound of it, taken first."""
    in_tree = _tree_cjk(root)
    return in_tree < 0.98 * _count_cjk(text) - 1 and in_tree < 0.98 * _source_cjk(text) - 1


# --------------------------------------------------------------------------
# furniture, body
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _class_kind(raw: str) -> str | None:
    """'strong' | 'weak' | None for a class + id string."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw).lower()
    toks = {t for t in re.split(r"[^a-z0-9]+", spaced) if t}
    low = raw.lower()
    if toks & _FURNITURE_TOKENS or any(t.startswith("nav") for t in toks) \
            or any(s in low for s in _FURNITURE_SUBSTR):
        return "strong"
    if toks & _WEAK_FURNITURE_TOKENS:
        return "weak"
    return None


def _furniture_kind(el: El) -> str | None:
    """'strong' | 'weak' | 'hidden' | None"""
    attrib = el.attrib
    tag = _tag(el)
    if attrib:
        style = attrib.get("style")
        if (style and ("none" in style or "hidden" in style or "mso-hide" in style) \
                and _HIDDEN_STYLE.search(style)) or "hidden" in attrib:
            return "hidden"
        if tag in _FURNITURE_TAGS:
            return "strong"
        cls, ident = attrib.get("class"), attrib.get("id")
        if cls or ident:
            kind = _class_kind(f"{cls or ''} {ident or ''}")
            if kind:
                return kind
    elif tag in _FURNITURE_TAGS:
        return "strong"
    return "weak" if tag in _WEAK_FURNITURE_TAGS else None


_DOC_LINK = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|ofd|rtf|mht|zip|rar)(?:[?#].*)?$", re.IGNORECASE)


def _embedded_documents(body: El) -> list[str]:
    """src of iframes/embeds/objects that show another document (a report
    page that only frames or embeds the report)."""
    out: list[str] = []
    for el in body.iter("iframe", "frame", "embed", "object"):
        src = (el.get("src") or el.get("data") or "").strip()[:200]
        if src and not src.startswith(("javascript:", "about:")) and src not in out:
            out.append(src)
            if len(out) == 20:
                break
    return out


def _short_text(el: El, limit: int = 80) -> str:
    """The first ``limit`` characters of ``el``'s text (no walk past them)."""
    parts: list[str] = []
    n = 0
    for t in el.itertext():
        parts.append(t)
        n += len(t)
        if n >= limit:
            break
    return "".join(parts)


def _attachments(article: El) -> list[tuple[str, str]]:
    """Links from the article body to document files (附件)."""
    out = []
    for a in article.iter("a"):
        href = (a.get("href") or "").strip()
        if href and _DOC_LINK.search(href):
            label = _clean_text(_short_text(a)).strip(" ")[:80]
            if (href[:200], label) not in out:
                out.append((href[:200], label))
                if len(out) == 20:
                    break
    return out


def _topmost(body: El, found: Any) -> list[El]:
    """Of the elements ``found`` (below ``body``, in document order), those
    not inside an earlier one: their descendants go with them (dropping
    nested ones one by one would be quadratic).  Linear: each subtree
    taken is walked once, by lxml, to mark what it holds."""
    out: list[El] = []
    inside: set[El] = set()
    for el in found:
        if el is body or el in inside:
            continue
        out.append(el)
        it = el.iter()
        next(it)
        inside.update(it)
    return out


def _never_content(body: El) -> list[El]:
    """The topmost elements that are never content (script, style, form
    controls …)."""
    return _topmost(body, body.iter(*_ALWAYS_DROP))


_MAYBE_FURNITURE_TAGS = _FURNITURE_TAGS | _WEAK_FURNITURE_TAGS


def _maybe_furniture(body: El) -> list[El]:
    """The elements below ``body`` that :func:`_furniture_kind` may name
    (those with attributes, and the furniture tags), in document order.
    One pass of lxml's iterator over proxies the reader already holds:
    libxml2's XPath takes longer to test the attributes."""
    tags = _MAYBE_FURNITURE_TAGS
    it = body.iter()
    next(it)
    return [el for el in it if el.attrib or el.tag in tags]


_MEASURE_EACH = 32  # furniture candidates measured one by one (by lxml) before one pass measures all


class _Lengths:
    """Visible characters under the elements asked about: each serialised
    by lxml while few are asked (pages have a handful of navs and footers),
    then one bottom-up pass for all (:func:`_measure`) -- so a page of
    nested candidates costs no more than that pass."""

    def __init__(self, body: El) -> None:
        self.body = body
        self.asked = 0
        self.all: tuple[dict[El, int], dict[El, int]] | None = None

    def text(self, el: El) -> int:
        if self.all is None:
            self.asked += 1
            if self.asked <= _MEASURE_EACH:
                s = _etree().tostring(el, method="text", encoding=str, with_tail=False)
                return _nchars(s)
            self.all = _measure(self.body)
        return self.all[0].get(el, 0)

    def has_table(self, el: El) -> bool:
        if self.all is None:
            return next(el.iter("table"), None) is not None
        return bool(self.all[1].get(el, 0))


def _remove_furniture(body: El) -> None:
    _drop_all(_never_content(body))
    lengths = _Lengths(body)
    page = max(lengths.text(body), 1)
    doomed = []
    inside: set[El] = set()
    for el in _maybe_furniture(body):
        if el in inside:
            continue
        kind = _furniture_kind(el)
        if kind is not None:
            n = lengths.text(el)
            if (kind in ("strong", "hidden") and n < 0.5 * page) or \
                    (kind == "weak" and n < 0.3 * page and not lengths.has_table(el)):
                doomed.append(el)  # its descendants go with it
                it = el.iter()
                next(it)
                inside.update(it)
    _drop_all(doomed)


# --------------------------------------------------------------------------
# markup that is never text
# --------------------------------------------------------------------------

_DOCTYPE_SUBSET = re.compile(r"<!doctype\b[^>\[]*\[", re.IGNORECASE)
_SUBSET_END = re.compile(r"\]\s*>")
_PI_MAX = 4096  # a processing instruction longer than this is left to the parser (browser rule: up to '>')


def strip_declarations(text: str) -> str:
    """``text`` without DOCTYPE internal subsets (``<!DOCTYPE html [
    <!ENTITY …> ]>``, whose ``]>`` libxml2 leaves in the text) and
    processing instructions (``<?php … ?>``, ``<?xml-stylesheet …?>``),
    in linear time: a search that finds no end stops the scan (no later
    one could end either)."""
    if "<!" not in text and "<?" not in text:
        return text
    parts: list[str] = []
    pos = 0
    m = _DOCTYPE_SUBSET.search(text)
    if m:
        end = _SUBSET_END.search(text, m.end())
        if end:
            parts.append(text[: m.start()])
            parts.append("<!DOCTYPE html>")
            pos = end.end()
    find = text.find
    while True:
        start = find("<?", pos)
        if start < 0:
            break
        stop = find("?>", start + 2, start + 2 + _PI_MAX)
        if stop < 0:
            if find("?>", start + 2) < 0:
                break  # no PI ends after here: the parser reads the rest
            parts.append(text[pos: start + 2])  # too long to be one: left to the parser
            pos = start + 2
            continue
        parts.append(text[pos:start])
        pos = stop + 2
    parts.append(text[pos:])
    return "".join(parts)


# elements whose content a browser shows when the plugin or media cannot
# play (or, for the void <embed>, that libxml2 wrongly makes a container of
# everything after it)
_SWALLOWING = ("embed", "object", "applet", "video", "audio", "canvas")
_FALLBACK_CHARS = 100  # fallback text longer than this is page content swallowed by an unclosed tag


def _release_swallowed(body: El) -> None:
    """Turn ``<embed>`` holding content (a void element: anything inside it
    was swallowed by libxml2) and ``<object>``/``<video>``… holding a table
    or real text (an unclosed tag swallowing the rest of the page) into a
    plain ``<div>``, so their content stays where it is and is read; short
    fallback text ("install Flash") stays inside and goes with the element.
    Linear: text lengths and table counts are computed once, bottom-up, and
    nothing is moved (moving a subtree in lxml walks all of it)."""
    candidates = list(body.iter(*_SWALLOWING))
    if not candidates:
        return
    length, tables = _measure(body)
    for el in candidates:
        if next(iter(el), None) is None and not (el.text or "").strip():
            continue
        if el.tag != "embed" and length.get(el, 0) <= _FALLBACK_CHARS and not tables.get(el, 0):
            continue
        for c in list(el):
            if _tag(c) in ("param", "source", "track"):
                c.tag = "span"  # no text; keeps the tree as it is
        el.tag = "div"


def _find_body(body: El, length: dict[El, int], tables: dict[El, int], layout: set[El]) -> El:
    """The article body: see the module doc.  Never narrowed past a table
    (every table of the page stays inside the body)."""
    page = length.get(body, 0)
    node = body
    if page == 0:
        return body
    while True:
        best, best_n = None, -1
        for c in node:
            if _is_tag(c):
                n = length.get(c, 0)
                if n > best_n:
                    best, best_n = c, n
        if best is None:
            return node
        tag = _tag(best)
        if tag not in _CONTAINERS or (tag == "table" and best not in layout):
            return node
        if best_n < 0.7 * length.get(node, 0) or best_n < 0.6 * page:
            return node
        if tables.get(best, 0) < tables.get(node, 0):
            return node
        node = best


# --------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------


_BREAK_SET = frozenset((*_BLOCK, "br"))


_BLANK = " \t\n\r\f\xa0\u200b\u200c\u200d\u2060\ufeff\u00ad"  # what _clean_text + strip(" ") leave nothing of


def _cell_text(td: El) -> str:
    """A cell's text: block children and <br> lines joined with '\\n'.

    Most cells hold text, or a few children with no line break inside
    (Word's ``<p><span>…</span></p>``): those are read child by child, each
    child's text serialised by lxml; a cell with a break deeper down is
    walked element by element (:func:`_cell_lines`)."""
    if not len(td):
        t = td.text
        return _clean_text(t).strip(" ") if t and t.strip(_BLANK) else ""
    tostring = _etree().tostring
    breaks = _BREAK_SET
    lines: list[str] = []
    buf: list[str] = [td.text or ""]
    for c in td:
        tag = c.tag
        if tag.__class__ is not str:  # a comment
            pass
        elif tag == "br":
            s = "".join(buf)
            if s.strip(_BLANK):
                lines.append(_clean_text(s).strip(" "))
            buf.clear()
        else:
            if len(c):
                for x in c.iterdescendants():  # a plain loop: a tag filter costs more on small cells
                    if x.tag in breaks:
                        return _cell_lines(td)
                s = tostring(c, method="text", encoding=str, with_tail=False)
            else:
                s = c.text or ""
            if tag in _BLOCK:
                t = "".join(buf)
                if t.strip(_BLANK):
                    lines.append(_clean_text(t).strip(" "))
                buf.clear()
                if s.strip(_BLANK):
                    lines.append(_clean_text(s).strip(" "))
            else:
                buf.append(s)
        if c.tail:
            buf.append(c.tail)
    s = "".join(buf)
    if s.strip(_BLANK):
        lines.append(_clean_text(s).strip(" "))
    return "\n".join(lines)


def _cell_lines(td: El) -> str:
    """:func:`_cell_text` element by element."""
    lines: list[str] = []
    buf: list[str] = []

    def end_line() -> None:
        if buf:
            s = _clean_text("".join(buf)).strip(" ")
            if s:
                lines.append(s)
            buf.clear()

    if td.text:
        buf.append(td.text)
    stack: list[tuple[El, bool]] = [(c, False) for c in reversed(td)]
    while stack:
        el, closing = stack.pop()
        if closing:
            if _tag(el) in _BLOCK:
                end_line()
            if el.tail:
                buf.append(el.tail)
            continue
        tag = _tag(el)
        if not tag:  # comment
            if el.tail:
                buf.append(el.tail)
            continue
        if tag == "br":
            end_line()
            if el.tail:
                buf.append(el.tail)
            continue
        if tag in _BLOCK:
            end_line()
        if el.text:
            buf.append(el.text)
        stack.append((el, True))
        for c in reversed(el):
            stack.append((c, False))
    end_line()
    return "\n".join(lines)


def _table_rows(table: El) -> tuple[list[El], list[str], list[El]]:
    """(rows as (tr, group index), caption texts, stray elements) in display order."""
    head: list[El] = []
    body: list[El] = []
    foot: list[El] = []
    captions: list[str] = []
    stray: list[El] = []
    group = 0
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            body.append((child, group))
        elif tag in ("thead", "tbody", "tfoot"):
            group += 1
            rows = [(tr, group) for tr in child if _tag(tr) == "tr"]
            (head if tag == "thead" else foot if tag == "tfoot" else body).extend(rows)
            group += 1
            for c in child:
                if _is_tag(c) and _tag(c) != "tr":
                    stray.append(c)
        elif tag == "caption":
            s = _clean_text(" ".join(child.itertext())).strip(" ")
            if s:
                captions.append(s)
        elif tag in ("colgroup", "col", ""):
            continue
        else:
            stray.append(child)
    return head + body + foot, captions, stray


def _place(spans: list[list[tuple[int, int, El]]], width: int | None) -> list[tuple[El, int, int, int, int]]:
    """Slot occupancy: (cell, row, col, rowspan, colspan) for every cell.
    ``spans[r]`` = the (rowspan, colspan, cell) of row ``r`` as written
    (rowspans already clamped to the row group); ``width`` None = first
    pass, absurd colspans taken as 1."""
    busy: list[int] = []  # per column: last row an earlier cell occupies
    n_busy = 0  # len(busy)
    out: list[tuple[El, int, int, int, int]] = []
    add = out.append
    for r, row_spans in enumerate(spans):
        cursor = 0
        for rs, cs, td in row_spans:
            c = cursor
            while c < n_busy and busy[c] >= r:
                c += 1
            if cs > _SANE_SPAN:
                cs = 1 if width is None else max(1, width - c)
            # cut the span where an earlier cell already holds the slot (slot c is free)
            n = 1
            while n < cs and (c + n >= n_busy or busy[c + n] < r):
                n += 1
            need = c + n
            if need > n_busy:
                busy.extend([-1] * (need - n_busy))
                n_busy = need
            last = r + rs - 1
            if n == 1:
                busy[c] = last
            else:
                busy[c:need] = [last] * n
            add((td, r, c, rs, n))
            cursor = c + cs
    return out


def _read_table(table: El, capped: bool, max_cells: int) -> tuple[Table | None, list[str], list[El], bool]:
    """(table, captions, stray elements, truncated): at most ``max_cells``
    cells of this table are read (the budget is per table: a junk table
    cannot use up the cells of the report's tables)."""
    rows, captions, stray = _table_rows(table)
    # drop zero-height rows (Word's column-width spacer row)
    rows = [(tr, g) for tr, g in rows if (tr.get("height") or "").strip() not in ("0", "0px")]
    cells_el = []
    n_cells = 0
    truncated = False
    for k, (tr, _g) in enumerate(rows):
        tds = list(tr.iterchildren("td", "th"))
        if n_cells + len(tds) > max_cells:
            tds = tds[: max(max_cells - n_cells, 0)]
            truncated = True
        cells_el.append(tds)
        n_cells += len(tds)
        if truncated:
            rows = rows[: k + 1]
            break
    n_rows = len(rows)
    # the end of each row's group, for rowspan clamping
    group_end = [0] * n_rows
    end = n_rows
    for r in range(n_rows - 1, -1, -1):
        if r + 1 < n_rows and rows[r + 1][1] != rows[r][1]:
            end = r + 1
        group_end[r] = end
    spans = []
    absurd = False
    for r, tds in enumerate(cells_el):
        row = []
        limit = group_end[r] - r  # >= 1
        for td in tds:
            v = td.get("rowspan")
            rs = 1 if v is None else _int_attr(v, 1)
            if rs != 1:
                rs = limit if rs == 0 else min(max(rs, 1), _MAX_ROWSPAN, limit)
            v = td.get("colspan")
            if v is None:
                row.append((rs, 1, td))
            else:
                cs = max(_int_attr(v, 1), 1)
                absurd = absurd or cs > _SANE_SPAN
                row.append((rs, cs, td))
        spans.append(row)
    placed = _place(spans, None)
    if absurd:
        width = max((c + n for _, _, c, _, n in placed), default=0)
        placed = _place(spans, width)
    if not placed:
        return None, captions, stray, truncated
    cap = _LIBXML_LINE_CAP if capped else None
    out: list[Cell] = []
    add = out.append
    for td, r, c, rs, cs in placed:
        line = td.sourceline
        if cap is not None and line is not None and line >= cap:
            line = None  # as _line
        add(Cell(_cell_text(td), r, c, rs, cs, Location(line)))
    return Table(cells=out, loc=Location(line=_line(table.sourceline, capped))), captions, stray, truncated


# --------------------------------------------------------------------------
# blocks
# --------------------------------------------------------------------------


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


def _walk(body: El, article: El, layout: set[El], out: _Blocks) -> None:
    """Walk ``body`` in document order without recursion."""
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
        if tag == "table" and el not in layout:
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


# --------------------------------------------------------------------------
# metadata
# --------------------------------------------------------------------------


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


def _visible_text(root: El) -> str:
    """The text of the page (scripts and styles left out) in order, with a
    newline at block boundaries: by the XSLT of :func:`_visible_xslt`, or,
    in a tree nested too deep for it, by :func:`_visible_walk`."""
    xslt, too_deep = _visible_xslt()
    text = _visible_walk(root) if too_deep(root) else str(xslt(root))
    return _INVISIBLE.sub("", text).replace("\xa0", " ")


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


def _metadata(root: El, source: str) -> dict[str, str]:
    """``source``: the page as decoded; the text walk is skipped when no
    date label occurs in it at all."""
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
    text = _visible_text(root) if _DATE_HINT.search(source) else ""
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


# --------------------------------------------------------------------------
# MHT (Word's "single file web page", MIME multipart/related)
# --------------------------------------------------------------------------

_MIME_START = re.compile(rb"(?i)(?:mime-version|content-type|from|date|subject|message-id|x-[a-z0-9-]+)\s*:")


def unwrap_mhtml(data: bytes) -> tuple[bytes, str | None] | None:
    """``(html bytes, charset of the part)`` if ``data`` is an MHT/MHTML
    document (the first text/html part), else None."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if not _MIME_START.match(head) or b"multipart/" not in data[:16384].lower():
        return None
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() in ("text/html", "application/xhtml+xml"):
            payload = part.get_payload(decode=True)
            return (payload if isinstance(payload, bytes) else b""), part.get_content_charset()
    return b"", None


# --------------------------------------------------------------------------
# the reader
# --------------------------------------------------------------------------


def _explain(exc: BaseException) -> str:
    """A parser library's exception in plain words."""
    msg = str(exc)
    low = msg.lower()
    if "document is empty" in low:
        return "the page holds no markup libxml2 can read"
    if "encoding" in low:
        return f"the page's character encoding cannot be read ({msg})"
    if type(exc).__name__ == "ParserRejectedMarkup":
        return f"the markup cannot be parsed ({msg})"
    if isinstance(exc, UnicodeError):
        return "the text cannot be decoded"
    return f"the markup cannot be parsed ({msg or type(exc).__name__})"


def _parser_exceptions() -> tuple[type[BaseException], ...]:
    """The exceptions of the libraries this reader calls: lxml/libxml2,
    BeautifulSoup, the MIME parser (MHT), decoding."""
    import email.errors

    from bs4.exceptions import ParserRejectedMarkup
    from lxml import etree

    return (etree.LxmlError, ParserRejectedMarkup, email.errors.MessageError, UnicodeError)


_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p|title|style|script|span|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_MHT_START = re.compile(rb"\s*(?:MIME-Version:|Content-Type:\s*multipart/related)", re.IGNORECASE)
_MARKUP_TAG = re.compile(rb"<html\b|<body\b|<table\b", re.IGNORECASE)


def accepts(head: bytes, name: str) -> bool:
    """HTML markup, or a Word .mht single-file web page, in any encoding."""
    start = head[:1024]
    if _MHT_START.match(start) or (b"multipart/related" in start.lower() and b"mime-version" in start.lower()):
        return True
    probe = start.lstrip(b"\xef\xbb\xbf").lstrip()
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = head[:4096].decode("utf-16", errors="ignore").encode("utf-8", errors="ignore").lstrip()
    elif b"\x00" in start:
        utf16 = _looks_utf16(head)
        if utf16:  # UTF-16 without a byte-order mark
            probe = head[:8192 & ~1].decode(utf16, errors="ignore").encode("utf-8", errors="ignore").lstrip()
        else:
            probe = probe.replace(b"\x00", b"")
    return bool(_HTML_START.match(probe[:4096]) or _MARKUP_TAG.search(probe[:65536])
                or _MARKUP_TAG.search(head[:65536]))


class HtmlReader:
    """Reads report web pages (CMS pages, Word and LibreOffice HTML exports)."""

    format: Format = "html"

    def read(self, data: bytes, ctx: ReadContext) -> Document:
        with parser_errors("HTML page", ctx.path, _parser_exceptions(), explain=_explain):
            doc, pictures = self._read(data, ctx.path, ctx.options, ctx.deadline)
        if pictures:
            from .image.inline import read_pictures
            from .pictures import html_pictures

            done = read_pictures(doc, html_pictures(pictures, ctx), ctx)
            if done:  # the images read are no longer "not read"
                shown = {f"image {src} " for i, src, _ in pictures if i in done}
                doc.warnings = [w for w in doc.warnings if not (
                    w.code == "image_in_body" and any(w.message.startswith(s) for s in shown))]
        return doc

    def _read(self, data: bytes, path: str | None, options: Options, deadline: Deadline
              ) -> tuple[Document, list[tuple[int, str, str]]]:
        if len(data) > options.max_bytes:
            raise LimitExceededError(
                f"the HTML page is {len(data) / 1048576:.1f} MB, over {options.max_bytes / 1048576:.0f} MB",
                path, "max_bytes")
        declared = None
        mht = unwrap_mhtml(data)
        if mht is not None:
            data, declared = mht
            if not data.strip():
                raise UnsupportedFormatError("MHT document without an HTML part", path)
        dec = decode(data, declared=declared, html=True)
        text = dec.text
        if not text.strip():
            raise UnsupportedFormatError("empty file, not an HTML page", path)
        if not _MARKUP.search(text[:1_000_000]):
            raise UnsupportedFormatError("no HTML markup: not an HTML page (read it as plain text)", path)
        text = controls_as_spaces(strip_declarations(_XML_DECL.sub("", text, count=1)))
        warnings = list(dec.warnings)
        deadline.check("decoding the HTML page")

        root, too_deep = _parse_lxml(text)
        deadline.check("parsing the HTML page")
        capped = True
        if len(text) > _FALLBACK_MAX_CHARS:
            if root is None or too_deep:
                raise CorruptDocumentError(
                    "HTML markup nested deeper than 2048 levels (or unparseable) in a page too large "
                    "for the fallback parser", path)
        elif root is None or too_deep or _lost_text(root, text):
            fallback = _parse_bs4(text)
            deadline.check("parsing the HTML page with html.parser")
            if root is None or too_deep or _tree_cjk(fallback) > _tree_cjk(root):
                why = ("markup nested deeper than libxml2 reads" if too_deep
                       else "libxml2 could not parse the page" if root is None
                       else "libxml2 lost part of the text")
                warnings.append(Issue("html_parser_fallback", f"{why}; parsed with html.parser instead"))
                root, capped = fallback, False

        # hold a reference to every node's proxy for the whole read: lxml
        # frees a proxy by walking its ancestors up to the first one that
        # still has a proxy, which is quadratic in a deeply nested tree when
        # proxies come and go one by one -- and at the end free them deepest
        # first (reverse document order), so each walk stops at its parent
        keep = list(root.iter())
        try:
            return self._read_tree(root, text, dec.encoding, warnings, capped, options, deadline, path)
        finally:
            del root
            fallback = None
            while keep:
                keep.pop()

    def _read_tree(self, root: El, text: str, encoding: str, warnings: list[Issue], capped: bool,
                   options: Options, deadline: Deadline, path: str | None
                   ) -> tuple[Document, list[tuple[int, str, str]]]:
        metadata = _metadata(root, text)
        metadata["encoding"] = encoding
        body = next(root.iter("body"), None)
        if body is None:
            body = root
        embedded = _embedded_documents(body)
        _release_swallowed(body)
        _remove_furniture(body)
        deadline.check("removing page furniture")
        layout: set[El] = set()
        length, tables = _measure(body, layout)
        article = _find_body(body, length, tables, layout)
        attachments = _attachments(article)
        out = _Blocks(capped, options.max_cells_per_table, deadline)
        _walk(body, article, layout, out)
        warnings.extend(out.warnings)
        for src in embedded:
            warnings.append(Issue("embedded_document", f"the page embeds {src}; its content is not read"))
        for href, label in attachments:
            warnings.append(Issue("attachment", f"the article links to {href} ({label}); attached files are not read"))
        return (Document(blocks=out.blocks, format=self.format, path=path, warnings=warnings, metadata=metadata),
                out.pictures)
