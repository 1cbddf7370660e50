"""Cell text -> value, by the spec's rules.

* empty, blank, ``/``, ``—``, ``-`` alone, ``无`` … -> ``None`` (unfilled);
* counts: integers, full-width digits, thousands separators, stray units
  (件 项 个 条 次) tolerated;
* signed changes: ``+1`` ``-2`` ``增加3`` ``减少2`` -> signed integers;
* money: ``28.44万元`` -> 284400.0 yuan; a column's unit (from its header)
  applies when the cell has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import norm_text

_NULL_MARKERS = {"", "/", "-", "—", "——", "–", "－", "\\", "无", "空", "×", "x", "X", "--", "---", "―", "一", "/ ", "…", "...", "N/A", "NA", "null"}
_NUM = re.compile(r"^(?P<sign>[+\-])?(?P<num>\d+(?:\.\d+)?)(?P<unit>万元|万|元|件|项|个|条|次|家|份|%)?$")
_INC = re.compile(r"^(?:增加|增|新增|上升)(?P<num>\d+(?:\.\d+)?)(?:件|项|个|条)?$")
_DEC = re.compile(r"^(?:减少|减|下降)(?P<num>\d+(?:\.\d+)?)(?:件|项|个|条)?$")
_SPACES = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")


class Unreadable(ValueError):
    """Cell text that is neither a value nor a recognised blank."""


@dataclass(frozen=True, slots=True)
class Parsed:
    value: int | float | None
    unit: str | None = None  # '万元', '元', ... as written


def clean(text: str) -> str:
    t = norm_text(text)
    t = _SPACES.sub("", t)
    t = _THOUSANDS.sub("", t)
    return t


def is_blank(text: str) -> bool:
    return clean(text) in _NULL_MARKERS


def looks_numeric(text: str) -> bool:
    """True when the cell holds a number (a value cell, not a label)."""
    t = clean(text)
    return bool(_NUM.match(t) or _INC.match(t) or _DEC.match(t))


def parse_number(text: str) -> Parsed:
    """Parse one cell.  Raises :class:`Unreadable` for text that is not a value."""
    t = clean(text)
    if t in _NULL_MARKERS:
        return Parsed(None)
    m = _NUM.match(t)
    if m:
        num = float(m.group("num"))
        if m.group("sign") == "-":
            num = -num
        return Parsed(num, m.group("unit"))
    m = _INC.match(t)
    if m:
        return Parsed(float(m.group("num")))
    m = _DEC.match(t)
    if m:
        return Parsed(-float(m.group("num")))
    if t in {"持平", "不变", "无变化"}:
        return Parsed(0.0)
    raise Unreadable(text)


def to_count(p: Parsed) -> int | float | None:
    """A count: an integer where the number is whole."""
    if p.value is None:
        return None
    v = p.value
    if p.unit in ("万", "万元"):
        v = v * 10000
    return int(v) if float(v).is_integer() else v


def to_money(p: Parsed, unit: str, column_unit: str | None = None) -> float | None:
    """Money in ``unit`` ('yuan' or 'wan_yuan').  The cell's own unit wins,
    then the column header's, else the unit the form asks for."""
    if p.value is None:
        return None
    written = p.unit if p.unit in ("万元", "万", "元") else column_unit
    if written in ("万元", "万"):
        yuan = p.value * 10000
    elif written == "元":
        yuan = p.value
    else:
        yuan = p.value if unit == "yuan" else p.value * 10000
    out = yuan if unit == "yuan" else yuan / 10000
    return round(out, 6)
