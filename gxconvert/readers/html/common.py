"""What every step of the HTML reader shares: the element type, tag names,
block tags, text cleaning and counting, attribute integers, source lines."""

from __future__ import annotations

import functools
import re
from typing import Any

from ...model import Location

#: an element of the parsed page (lxml; lxml's stubs type an HTML tree's text
#: as str | bytes and its stack entries as nodes or strings, more than this reader sees)
El = Any

_LIBXML_LINE_CAP = 65535  # libxml2 stops counting lines here

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width and soft-hyphen characters: not shown
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_WS = re.compile(r"[ \t\n\r\f]+")

_BLOCK = frozenset((
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "ul",
    "legend"
))

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
_LONG = 200  # a string this long has its whitespace counted character by character (str.count)


def _nchars(s: str | None) -> int:
    """Characters of ``s`` that are not whitespace: its length less the
    whitespace found.  A short string is stripped and searched once; a long
    one (a page, a table) has each whitespace character counted by
    ``str.count``, a C scan with no match objects (``findall`` makes a
    string for each of thousands of spaces; ``str.translate`` looks up
    every character of CJK text in a dict)."""
    if not s:
        return 0
    if len(s) < _LONG:
        s = s.strip(_NOT_COUNTED)
        return len(s) - len(_NOT_COUNTED_FIND(s)) if s else 0
    count = s.count
    return len(s) - count(" ") - count("\n") - count("\t") - count("\r") - count("\f") - count("\xa0") \
        - count("\u3000")


# what _clean_text changes outside <pre>: an invisible character, a no-break space, whitespace other
# than a space (each of them is no printable character), two spaces in a row
_UNCLEAN_CHAR = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\xa0\t\n\r\f]").search


def _unclean(s: str) -> bool:
    """Whether :func:`_clean_text` changes ``s`` (outside <pre>).  Most cell
    and line texts are clean: two C scans say so (``str.isprintable``, a
    substring search), where one regular expression with ``|  `` in it
    tries each position of the text in turn (ten times as long)."""
    return "  " in s or (not s.isprintable() and _UNCLEAN_CHAR(s) is not None)


def _clean_text(s: str, pre: bool = False) -> str:
    if not pre and not _unclean(s):
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
    if len(v) < 10 and v.isdecimal():  # most spans: "2" (what \d matches, int reads)
        return int(v)
    m = _LEADING_INT(v)
    if not m:
        return default
    digits = m.group(1)
    if len(digits) > 9:
        return 10**9
    return int(digits)


@functools.cache
def _etree() -> Any:
    from lxml import etree

    return etree


_BREAK_SET = frozenset((*_BLOCK, "br"))


_BLANK = " \t\n\r\f\xa0\u200b\u200c\u200d\u2060\ufeff\u00ad"  # what _clean_text + strip(" ") leave nothing of


_SHARED_LINES = 8192  # the Locations of lines below this are made once a process (at most ~1 MB of them)
_SHARED: dict[int | None, Location] = {}


class _Locations(dict[int | None, Location]):
    """The :class:`Location` of each source line, made once per line and
    shared (a Location is frozen; CMS pages put a table row's cells on one
    line, and a frozen dataclass takes a microsecond to make): those of no
    line and of the first :data:`_SHARED_LINES` lines by every page the
    process reads, the others by the cells and paragraphs of one page."""

    def __missing__(self, line: int | None) -> Location:
        loc = _SHARED.get(line)
        if loc is None:
            loc = Location(line)
            if line is None or line < _SHARED_LINES:
                _SHARED[line] = loc
        self[line] = loc
        return loc
