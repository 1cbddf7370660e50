"""Cell text -> value, by the output contract's rules (``docs/canonical-report.md``).

* empty, blank, ``/``, a dash of any kind alone, ``无`` … -> ``None`` (unfilled);
* counts: integers (kept as ``int`` however long: no float round trip),
  full-width digits, thousands separators, stray units (件 项 个 条 次)
  tolerated;
* signed changes: ``+1`` ``-2`` ``−2`` ``增加3`` ``减少2`` -> signed integers;
  every Unicode minus and dash form (U+2212 ``−``, ``–``, ``—``, ``－``,
  ``﹣`` …) is read by one rule, :data:`DASHES`;
* money: ``28.44万元`` -> 284400.0 yuan; a column's unit (from its header)
  applies when the cell has none.

Whitespace, including control characters (ESC, BEL, VT …), is dropped
around a number, but digits separated by whitespace inside one cell
(``3 3``) are not joined into one number: such a cell is
:class:`Unreadable` (the caller warns and leaves it null), never ``33``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import patterns
from .normalize import norm_text
from .textcache import cached_when_short

#: every character read as a minus sign / dash (after NFKC): hyphen-minus,
#: hyphen, non-breaking hyphen, figure dash, en and em dash, horizontal bar,
#: minus sign, small and full-width hyphen-minus, modifier minus, heavy minus,
#: hyphen bullet
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u02d7\u2796\u2043\u2e3a\u2e3b"
_DASH_RE = patterns.compile(f"[{re.escape(DASHES)}]")
#: longest digit string read as a value (a longer one is not a cell of these forms)
MAX_DIGITS = 30

_NULL_MARKERS = {"", "/", "\\", "无", "空", "×", "x", "X", "一", "/ ", "…", "...", "N/A", "NA", "null"}
#: unit words a count or an amount may carry, longest first: the one list
#: every number-cell pattern uses (this module's, the text reader's, the
#: run-together digits' cutter)
UNITS = ("万元", "万", "元", "件", "项", "个", "条", "次", "家", "份", "起", "%")
COUNT_UNITS = frozenset(("件", "项", "个", "条", "次", "家", "份", "起"))
UNIT_PATTERN = "|".join(UNITS)
_NUM = patterns.compile(rf"^(?P<sign>[+\-])?(?P<num>\d+(?:\.\d+)?)(?P<unit>{UNIT_PATTERN})?$")
_INC = patterns.compile(r"^(?:增加|增|新增|上升)(?P<num>\d+(?:\.\d+)?)(?:件|项|个|条)?$")
_DEC = patterns.compile(r"^(?:减少|减|下降)(?P<num>\d+(?:\.\d+)?)(?:件|项|个|条)?$")
# whitespace, invisible characters and C0/C1 control characters
_SPACE_CLASS = r"\s\u3000\xa0\u200b\ufeff\x00-\x1f\x7f-\x9f"
_SPACES = patterns.compile(f"[{_SPACE_CLASS}]+")
# digits (or a decimal point) on both sides of a space: two numbers in one cell
_SPLIT_DIGITS = patterns.compile(f"[\\d.][{_SPACE_CLASS}]+(?=\\d)")
_THOUSANDS = patterns.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")


class Unreadable(ValueError):
    """Cell text that is neither a value nor a recognised blank.  ``reason``
    says why in plain words."""

    def __init__(self, text: str, reason: str = "not a number") -> None:
        super().__init__(text)
        self.text = text
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Parsed:
    value: int | float | None
    unit: str | None = None  # '万元', '元', ... as written


@cached_when_short
def clean(text: str) -> str:
    """The cell text folded for reading: NFKC, every dash form as ``-``,
    whitespace and control characters removed, thousands separators dropped."""
    t = norm_text(text)
    t = _DASH_RE.sub("-", t)
    t = _SPACES.sub("", t)
    t = _THOUSANDS.sub("", t)
    return t


def _is_null(t: str) -> bool:
    return t in _NULL_MARKERS or (t != "" and not t.strip("-"))  # (or only dashes)


def is_blank(text: str) -> bool:
    """True when the cell is empty or holds a blank marker (a dash, 无, ...)."""
    return _blank_numeric(text)[0]


def looks_numeric(text: str) -> bool:
    """True when the cell holds a number (a value cell, not a label)."""
    return _blank_numeric(text)[1]


#: label words (most label cells): two or more ideographs or the punctuation
#: NFKC makes ``( ) , : ;`` (none a digit, a dash or a blank marker, before or
#: after folding), maybe broken by spaces, line breaks or slashes, maybe after an
#: enumeration number (``1.`` ``2．`` ``3、``, no number without its digits after
#: the point): neither blank nor a number, without the folding of clean()
_WORD = "\u4e00-\u9fff（）、，。：；《》“”"
_LABEL_WORDS = patterns.compile(f"(?:[0-9]{{1,3}}[.．、])?[{_WORD}][{_WORD}\n /]*[{_WORD}]")


@cached_when_short
def _blank_numeric(text: str) -> tuple[bool, bool]:
    """(blank, numeric) of a cell text."""
    if text.isdigit() and text.isascii():
        return False, True  # plain digits (most value cells): what clean() and _NUM make of them
    if _LABEL_WORDS.fullmatch(text) is not None:
        return False, False  # label words: what clean() and the patterns make of them
    t = clean(text)
    return _is_null(t), bool(_NUM.match(t) or _INC.match(t) or _DEC.match(t))


#: (blank, numeric) of a cell text: :func:`is_blank` and :func:`looks_numeric` in one look-up
cell_kind: Callable[[str], tuple[bool, bool]] = _blank_numeric

LABEL, BLANK, NUMBER = 0, 1, 2  # what a cell holds (:func:`cell_class`; LABEL the one false)


def cell_class(text: str) -> int:
    """:func:`cell_kind` as one of :data:`LABEL` (neither blank nor a number),
    :data:`BLANK`, :data:`NUMBER`; plain digits and label words told without a
    cache look-up (for a caller that keeps its own, per document)."""
    if text.isdigit() and text.isascii():
        return NUMBER
    if _LABEL_WORDS.fullmatch(text) is not None:
        return LABEL
    blank, numeric = _blank_numeric(text)
    return NUMBER if numeric else BLANK if blank else LABEL


def _number(digits: str) -> int | float:
    if len(digits.replace(".", "")) > MAX_DIGITS:
        raise Unreadable(digits, f"a number of more than {MAX_DIGITS} digits")
    return float(digits) if "." in digits else int(digits)


def parse_number(text: str) -> Parsed:
    """Parse one cell.  Raises :class:`Unreadable` for text that is not a value."""
    got = _reading(text)
    if isinstance(got, Parsed):
        return got
    raise Unreadable(text, got)


@cached_when_short
def _reading(text: str) -> Parsed | str:
    """The cell's value, or why it is not one."""
    if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return Parsed(int(text))  # plain digits (most value cells): the _NUM reading without the folding
    t = clean(text)
    if _is_null(t):
        return Parsed(None)
    if _SPLIT_DIGITS.search(_DASH_RE.sub("-", norm_text(text).strip())):
        return "digits separated by a space: two numbers in one cell, or one split"
    try:
        m = _NUM.match(t)
        if m:
            num = _number(m.group("num"))
            if m.group("sign") == "-":
                num = -num
            return Parsed(num, m.group("unit"))
        m = _INC.match(t)
        if m:
            return Parsed(_number(m.group("num")))
        m = _DEC.match(t)
        if m:
            return Parsed(-_number(m.group("num")))
    except Unreadable as exc:
        return exc.reason
    if t in {"持平", "不变", "无变化"}:
        return Parsed(0)
    return "not a number"


@cached_when_short
def count_value(text: str) -> tuple[bool, int | float | None]:
    """``(True, to_count(parse_number(text)))``, or ``(False, None)`` when
    :func:`parse_number` raises :class:`Unreadable` (one look-up per cell)."""
    got = _reading(text)
    return (True, to_count(got)) if isinstance(got, Parsed) else (False, None)


def to_count(p: Parsed) -> int | float | None:
    """A count: an integer where the number is whole (an ``int`` stays an
    ``int`` of any length)."""
    if p.value is None:
        return None
    v = p.value
    if isinstance(v, int):
        return v * 10000 if p.unit in ("万", "万元") else v
    if p.unit in ("万", "万元"):
        v = v * 10000
    return int(v) if float(v).is_integer() else v


def to_money(p: Parsed, unit: str, column_unit: str | None = None) -> float | None:
    """Money in ``unit`` ('yuan' or 'wan_yuan').  The cell's own unit wins,
    then the column header's, else the unit the form asks for."""
    if p.value is None:
        return None
    value = float(p.value)
    written = p.unit if p.unit in ("万元", "万", "元") else column_unit
    if written in ("万元", "万"):
        yuan = value * 10000
    elif written == "元":
        yuan = value
    else:
        yuan = value if unit == "yuan" else value * 10000
    out = yuan if unit == "yuan" else yuan / 10000
    return round(out, 6)


_YUAN_IN_PARENS = patterns.compile(r"[(（]\s*(?:单位\s*[:：]?\s*)?元\s*[)）]")


def header_unit(text: str) -> str | None:
    """The money unit a column header (or the text before a row) names:
    ``金额（单位：万元）`` -> ``'万元'``; ``金额(元)``,
    ``（单位：元）``, ``…单位元`` -> ``'元'``; else None."""
    t = norm_text(text)
    if "万元" in t:
        return "万元"
    squashed = _SPACES.sub("", t)
    if _YUAN_IN_PARENS.search(t) or squashed.endswith(("元)", "单位元")):
        return "元"
    return None
