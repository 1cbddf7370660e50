"""Text -> tree: hostile declarations stripped, libxml2's HTML parser, the
html.parser (BeautifulSoup) fallback converted to an lxml tree, and the CJK
counts that say whether libxml2 lost text."""

from __future__ import annotations

import contextlib
import re
import threading

from .common import El

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_PER_THREAD = threading.local()  # an lxml parser is not used by two threads at once


def _parse_lxml(text: str) -> tuple[El | None, bool]:
    """libxml2's HTML parser with lxml's plain elements (lxml.html's element
    classes cost a Python call for every element proxy made); one parser a
    thread (making one costs a tenth of a small page's parse; its error log
    is that of its last parse)."""
    from lxml import etree

    parser = getattr(_PER_THREAD, "parser", None)
    if parser is None:
        parser = _PER_THREAD.parser = etree.HTMLParser(huge_tree=True, remove_comments=False, remove_pis=True)
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


# U+4E00-U+9FFF in UTF-16: a code unit whose high byte is 4E-9F (surrogates, D8-DF, are not)
_NOT_4E_9F = bytes(b for b in range(256) if not 0x4E <= b <= 0x9F)


def _count_cjk(s: str) -> int:
    """CJK characters (U+4E00-U+9FFF) in ``s``, counted in C loops (the
    regular-expression engine takes several times as long over the text):
    the high bytes of its UTF-16 code units (a copy for a string of CJK
    text, which CPython holds in two bytes a character) whose value is
    4E-9F.  An astral character is two surrogates, whose high bytes are
    D8-DF: never counted."""
    return len(s.encode("utf-16-le", "surrogatepass")[1::2].translate(None, _NOT_4E_9F))


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


def _lost_text(root: El, text: str, visible: str | None = None) -> bool:
    """Whether libxml2's tree holds fewer CJK characters than the page shows
    (2% and one character of slack).  The page's own count needs the
    hidden parts cut out of the source (slow); the whole source's count is
    an upper bound of it, taken first.  ``visible``: the tree's visible text
    (:func:`~.metadata._visible_raw`) when already made: its CJK characters
    are the tree's less those of scripts and styles, as :func:`_tree_cjk`
    counts them (comments and processing instructions are in neither)."""
    in_tree = _tree_cjk(root) if visible is None else _count_cjk(visible)
    return in_tree < 0.98 * _count_cjk(text) - 1 and in_tree < 0.98 * _source_cjk(text) - 1


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

