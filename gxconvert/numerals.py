"""Chinese numerals, parsed in one place.

* :data:`COUNTING` -- the counting numerals that number a report's parts and
  items (``一`` … ``十``: ``三、``, ``（二）``), the value of one its index + 1;
* :data:`YEAR_DIGITS` -- the digit characters a year is spelled with
  (``二〇二二``), for regular expressions; :func:`cn_year` reads such a year;
* :func:`cn_int` reads a small number spelled with 十 (a month or a day:
  ``十二``, ``二十一``).
"""

from __future__ import annotations

COUNTING = "一二三四五六七八九十"
YEAR_DIGITS = "〇零○一二三四五六七八九"
_DIGIT_VALUES = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9}
_ONES = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_year(s: str) -> int | None:
    """``'二〇二〇'`` -> 2020; None unless four digit characters."""
    if len(s) != 4 or any(c not in _DIGIT_VALUES for c in s):
        return None
    return int("".join(str(_DIGIT_VALUES[c]) for c in s))


def cn_int(s: str) -> int:
    """A number under a hundred written with 十: ``'十二'`` -> 12,
    ``'二十一'`` -> 21, ``'七'`` -> 7; 0 when unreadable."""
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _ONES.get(s[1], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return _ONES[a] * 10 + (_ONES.get(b, 0) if b else 0)
    return _ONES.get(s, 0)
