"""Page furniture removal (script/style/forms always; nav, footer, menus,
hidden elements unless they hold much of the page) and the content that an
unclosed ``<object>`` or a void ``<embed>`` swallowed, released."""

from __future__ import annotations

import functools
import re
from typing import Any

from .common import El, _tag
from .measure import _Lengths, _measure

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


def _kind(el: El) -> str | None:
    """'hidden' | 'strong' | 'weak' | None: whether ``el`` looks like page
    furniture -- hidden by its style or ``hidden`` attribute; a furniture
    tag (nav, footer …); a class or id that says so (:func:`_class_kind`);
    a weak furniture tag (header, form) -- its attributes fetched once."""
    tag = el.tag
    items = el.items()
    if not items:
        return "strong" if tag in _FURNITURE_TAGS else "weak" if tag in _WEAK_FURNITURE_TAGS else None
    cls = ident = None
    for k, v in items:
        if k == "style":
            if _hides(v) and _HIDDEN_STYLE.search(v):
                return "hidden"
        elif k == "class":
            cls = v
        elif k == "id":
            ident = v
        elif k == "hidden":
            return "hidden"
    if tag in _FURNITURE_TAGS:
        return "strong"
    kind = _class_kind(f"{cls or ''} {ident or ''}") if cls or ident else None
    if kind is None and tag in _WEAK_FURNITURE_TAGS:
        return "weak"
    return kind


_MANY = 64  # candidates past this are judged in one document-order pass


@functools.cache
def _attribute_paths() -> tuple[Any, Any, Any]:
    """(the class, id and hidden attributes below an element, in one
    XPath -- one walk of libxml2 instead of three --; its styles as plain
    strings; its styles as strings that know their element)."""
    from lxml import etree

    return (etree.XPath("descendant::*/@class|descendant::*/@id|descendant::*/@hidden"),
            etree.XPath("descendant::*/@style", smart_strings=False), etree.XPath("descendant::*/@style"))


def _hides(style: str) -> bool:
    """Whether a style attribute may hide its element (the test before
    :data:`_HIDDEN_STYLE`'s)."""
    return "none" in style or "hidden" in style or "mso-hide" in style


def _may_hide(source: str | None) -> bool:
    """Whether a style attribute of the page parsed from ``source`` may say
    none, hidden or mso-hide (:func:`_hides`): none can when the page's text
    lacks the three words and numeric character references (``&#110;``:
    no named reference stands for a letter) -- four C scans of the text
    instead of libxml2's XPath fetching every style (on every cell of a Word
    table).  ``source`` None: one may."""
    return source is None or "none" in source or "hidden" in source or "mso-hide" in source or "&#" in source


def _candidates(body: El, source: str | None = None) -> set[El] | None:
    """The elements below ``body`` that may be furniture (a superset of
    those :func:`_kind` names): a furniture tag, a class or id
    :func:`_class_kind` names (the kind of a class and an id together is
    the stronger of theirs: neither its words nor its substrings cross the
    space between them), a ``hidden`` attribute, a style saying none,
    hidden or mso-hide.  Found by lxml (its tag filter; one XPath for the
    class, id and hidden attributes, told apart by their names: libxml2
    finds the few attributes faster than Python visits every element), not
    in document order.  The styles (on every cell of
    a Word table) are read as plain strings first, a third of the cost of
    strings that know their element, and tested joined (three substring
    searches instead of a Python call for each); those are fetched only
    when one may hide its element.  ``source``: the text the page was parsed
    from, when known: the styles are not fetched when the text rules out one
    that hides (:func:`_may_hide`).  None when there are more than :data:`_MANY`."""
    marked, styles, by_style = _attribute_paths()
    kind = _class_kind
    found: set[El] = set(body.iter(*_FURNITURE_TAGS, *_WEAK_FURNITURE_TAGS))
    add = found.add
    for a in marked(body):
        if a.attrname == "hidden" or kind(a):
            add(a.getparent())
    if _may_hide(source) and _hides("\0".join(styles(body))):  # no match spans two styles: the words hold no NUL
        for a in by_style(body):
            if _hides(a):
                add(a.getparent())
    found.discard(body)
    return found if len(found) <= _MANY else None


def _furniture(body: El, source: str | None = None) -> list[tuple[El, str]]:
    """(element, 'strong' | 'weak' | 'hidden') for the elements below
    ``body`` that look like page furniture (:func:`_kind`): the few
    :func:`_candidates` judged, in no particular order, or, when there are
    many, every element in document order (lxml's iterator over the proxies
    the reader already holds).  ``source``: as for :func:`_candidates`."""
    found = _candidates(body, source)
    if found is None:
        it = body.iter()
        next(it)
        found = it
    out = []
    for el in found:
        k = _kind(el)
        if k is not None:
            out.append((el, k))
    return out


def _remove_furniture(body: El, source: str | None = None) -> int:
    """Drop the furniture that holds little of the page: strong or hidden
    under half the page's text, weak under 30% and without a table; an
    element inside another dropped goes with it.  Returns the visible
    characters left under ``body``: its count less those of the elements
    dropped (their tails stay).  ``source``: the text the page was parsed
    from, when known (:func:`_candidates`)."""
    _drop_all(_never_content(body))
    lengths = _Lengths(body)
    left = lengths.text(body)
    page = max(left, 1)
    found = _furniture(body, source)

    def doomed(el: El, kind: str) -> bool:
        n = lengths.text(el)
        return (kind in ("strong", "hidden") and n < 0.5 * page) or \
            (kind == "weak" and n < 0.3 * page and not lengths.has_table(el))

    if len(found) <= _MANY:  # a few, in any order: those with no doomed ancestor
        gone = [el for el, kind in found if doomed(el, kind)]
        marked = set(gone)
        out = [el for el in gone if not any(a in marked for a in el.iterancestors())]
    else:
        out = []
        inside: set[El] = set()
        for el, kind in found:  # in document order: an element inside a doomed one goes with it
            if el not in inside and doomed(el, kind):
                out.append(el)
                it = el.iter()
                next(it)
                inside.update(it)
    for el in out:
        left -= lengths.text(el)
    _drop_all(out)
    return left


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


