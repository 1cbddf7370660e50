"""Text normalisation for matching, done once, in one place.

Readers keep the document's text as it is; the matcher compares labels only
after :func:`norm_text` (for display-like text) or :func:`label_key` (for
label matching).  What is folded:

* Unicode compatibility forms (NFKC): full-width digits, letters and
  punctuation, Kangxi radicals (``⼀`` U+2F00 -> ``一``), CJK compatibility
  ideographs, ideographic space;
* CJK radical-supplement forms and known variant characters (``釆`` -> ``采``);
* traditional-script forms of the characters the forms' labels use;
* whitespace and line breaks inside labels; enumeration prefixes
  (``一、`` ``（三）`` ``1.`` ``1．`` ``1、`` ``3,``), and punctuation.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from . import patterns
from .numerals import COUNTING
from .textcache import cached_with_paragraphs

# variant / look-alike characters met in real reports -> the standard one
VARIANTS = {
    "釆": "采",  # U+91C6 'distinguish' used for 采
    "囯": "国",
    "⻓": "长", "⻔": "门", "⻅": "见", "⻆": "角", "⻋": "车", "⻢": "马",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻘": "青", "⺠": "民", "⻚": "页",
    "⼯": "工", "⽂": "文",
}

_ENUM_PREFIX = patterns.compile(
    r"^(?:"
    rf"[{COUNTING}]+[、.,]"  # 一、 三.
    rf"|\(?[{COUNTING}]+\)"  # （三） (三) 三)
    r"|\(?\d+\)"  # (1) 1)
    r"|\d+\s*[.、,](?!\d)"  # 1. 1、 3,
    rf"|第[{COUNTING}]+[部分章节项]?[、.]?"
    r")"
)
_PUNCT = patterns.compile(r"[\s\W_]+", re.UNICODE)
#: what :func:`squash` removes: whitespace (``str.isspace``: what ``\s`` matches, the ideographic and
#: no-break spaces among them) and the zero-width space and byte-order mark
_WS = patterns.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
_ZERO_WIDTH = ("\u200b", "\ufeff")


def drop_spaces(s: str) -> str:
    """``s`` without the characters :data:`_WS` matches (``_WS.sub("", s)``,
    four times faster on a paragraph: ``str.split`` splits at each
    ``str.isspace`` character, what the pattern's ``\\s`` is)."""
    t = "".join(s.split())
    for z in _ZERO_WIDTH:
        if z in t:
            t = t.replace(z, "")
    return t


@lru_cache(maxsize=1)
def _traditional() -> dict[str, str]:
    # os.path, not pathlib: pathlib (with urllib.parse and ipaddress) costs ~15 M instructions at start-up
    on_disk = os.path.join(os.path.dirname(os.path.realpath(__file__)), "templates", "traditional.json")
    if os.path.isfile(on_disk):  # importlib.resources costs ~10 imports at start-up
        with open(on_disk, encoding="utf-8") as f:
            data = f.read()
    else:
        from importlib import resources

        data = resources.files("gxconvert.templates").joinpath("traditional.json").read_text("utf-8")
    table: dict[str, str] = json.loads(data)["map"]
    return table


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    t = {ord(k): v for k, v in VARIANTS.items()}
    t.update({ord(k): v for k, v in _traditional().items()})
    return t


def _any_of(chars: Iterable[int]) -> re.Pattern[str]:
    """A pattern finding any of ``chars``: ``str.translate`` looks every
    character up in its table (a raised and cleared KeyError for each one
    not in it), ten times slower than this search, and most texts hold no
    character to fold."""
    return patterns.compile("[" + "".join(re.escape(chr(c)) for c in sorted(chars)) + "]")


_FOLDS: list[re.Pattern[str]] = []  # built on first use (no lru_cache: benchmarks empty those)


def _folds() -> re.Pattern[str]:
    """Finds a character :func:`_table` folds."""
    if not _FOLDS:
        _FOLDS.append(_any_of(_table()))
    return _FOLDS[0]


#: the full-width ASCII forms and the ideographic space -> what NFKC makes of
#: them (one character each): most of what NFKC changes in a Chinese report
_FULL_WIDTH = {c: unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
_FULL_WIDTH_CHARS = {chr(c): v for c, v in _FULL_WIDTH.items()}
_FULL_WIDTH_FIND = patterns.compile("[\u3000\uff01-\uff5e]").findall  # (the keys of _FULL_WIDTH)


def _full_width(s: str) -> str:
    """``s`` with its full-width forms mapped (each one character): one
    ``str.replace`` per distinct form found (a report's text uses a handful)."""
    found = _FULL_WIDTH_FIND(s)
    if found:
        for ch in set(found):
            s = s.replace(ch, _FULL_WIDTH_CHARS[ch])
    return s


def nfkc(s: str) -> str:
    """``unicodedata.normalize("NFKC", s)``, faster: a text in NFKC already
    told by the quick check, the full-width forms mapped first (NFKC of the
    result is NFKC of the text), the full normalisation run only on what is
    not in NFKC then."""
    if unicodedata.is_normalized("NFKC", s):
        return s
    t = _full_width(s)
    return t if unicodedata.is_normalized("NFKC", t) else unicodedata.normalize("NFKC", t)


@cached_with_paragraphs
def norm_text(s: str) -> str:
    """NFKC + variant and traditional characters folded; whitespace kept.

    NFKC by :func:`nfkc` (CPython's NFKC is slow on CJK: it runs only on a
    text the quick check doubts once its full-width forms are mapped)."""
    t = nfkc(s)
    return t.translate(_table()) if _folds().search(t) else t


def nfkc_full_width(s: str) -> str | None:
    """:func:`nfkc` of ``s`` when NFKC changes nothing in it but full-width
    forms (most report texts: each character stays one, an ideograph stays
    itself); None otherwise."""
    if not unicodedata.is_normalized("NFKC", s):
        s = _full_width(s)
        if not unicodedata.is_normalized("NFKC", s):
            return None
    return s


def fold_each(s: str) -> str | None:
    """``s`` with each character folded as :func:`norm_text` folds it alone,
    when each stays one character (NFKC changes nothing but full-width forms:
    most report texts); None otherwise."""
    t = nfkc_full_width(s)
    if t is None:
        return None
    return t.translate(_table()) if _folds().search(t) else t  # (fold_chars)


def folds_any(s: str) -> bool:
    """Whether :func:`fold_chars` changes ``s``."""
    return _folds().search(s) is not None


def folding_to(chars: frozenset[str]) -> list[str]:
    """The characters :func:`fold_chars` turns into one of ``chars``."""
    return [chr(k) for k, v in _table().items() if v in chars]


def fold_chars(s: str) -> str:
    """Variant and traditional characters folded, nothing else (no NFKC): a
    cheap pre-check before :func:`norm_text`."""
    return s.translate(_table()) if _folds().search(s) else s


@cached_with_paragraphs
def squash(s: str) -> str:
    """norm_text with all whitespace removed (labels broken by stray spaces
    and line breaks become whole again)."""
    return drop_spaces(norm_text(s))


def squash_all(texts: list[str]) -> list[str]:
    """``[squash(t) for t in texts]``, normalised in one pass over the texts
    joined by line breaks (NFKC and the character folding work character by
    character, and a line break is a boundary to both): a table of
    thousands of names is read in a few milliseconds."""
    if any("\n" in t for t in texts):
        return [squash(t) for t in texts]
    lines = norm_text("\n".join(texts)).split("\n")
    if len(lines) != len(texts):  # pragma: no cover - no normalisation makes or takes a line break
        return [squash(t) for t in texts]
    return [drop_spaces(line) for line in lines]


def strip_enum(s: str) -> str:
    """Remove leading enumeration prefixes: ``三、（一）1.`` -> ''."""
    match = _ENUM_PREFIX.match
    while True:
        m = match(s)
        t = (s[m.end():] if m is not None else s).lstrip(".、,:：")
        if t == s:
            return s
        s = t


#: ideographs only (NFKC leaves them as they are; no space, punctuation or numbering among them)
_IDEOGRAPHS = patterns.compile("[\u4e00-\u9fff]+")
#: most labels: ideographs, maybe broken by whitespace and punctuation (none of it folded, all of it dropped
#: from a key), maybe after one numbering :func:`strip_enum` takes whole (``1.`` ``1．`` ``3、`` ``（一）``
#: ``(二)`` ``四、``; none of their characters folded)
_WORDS_PUNCT = "（）()、，,。：:；;“”《》/"
_NUMBERED_WORDS = patterns.compile(rf"(?:[0-9]{{1,3}}[.．、]|[（(][{COUNTING}]+[）)]|[{COUNTING}]+、)?"
                             rf"([\u4e00-\u9fff][\u4e00-\u9fff\s{re.escape(_WORDS_PUNCT)}]*)")
_NOT_IDEOGRAPHS = patterns.compile("[^\u4e00-\u9fff]+")
_WORDS_PUNCT_FOUND = patterns.compile(f"[{re.escape(_WORDS_PUNCT)}]").search


@lru_cache(maxsize=8192)
def label_key(s: str) -> str:
    """The matching key of a label: folded, no whitespace, no numbering, no
    punctuation.  ``'三、 本年 度办 理情\\n况'`` -> ``'本年度办理情况'``;
    ``'3,要求提供出版·物'`` -> ``'要求提供出版物'``."""
    m = _NUMBERED_WORDS.fullmatch(s)
    if m is not None:  # (most labels) the ideographs after the numbering, only the folding can change them ...
        words = m[1]
        plain = words.isalpha()
        t = fold_chars(words if plain else _NOT_IDEOGRAPHS.sub("", words))
        # ... unless they start a numbering (第三; 一、 or 二) when punctuation follows)
        if t[:1] != "第" and _IDEOGRAPHS.fullmatch(t) is not None and (
                plain or t[0] not in COUNTING or _WORDS_PUNCT_FOUND(words) is None):
            return t
    t = squash(s)
    t = strip_enum(t)
    t = _PUNCT.sub("", t)
    return t


@lru_cache(maxsize=65536)
def _char_counts(s: str) -> tuple[frozenset[str], dict[str, int]]:
    counts: dict[str, int] = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    return frozenset(counts), counts


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """0..1 similarity of two label keys (difflib's ratio).  Pairs that cannot
    reach ``floor`` (by their lengths, then by their shared characters)
    return 0 without the expensive comparison."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if floor:
        total = len(a) + len(b)
        if 2.0 * min(len(a), len(b)) / total < floor:
            return 0.0
        sa, ca = _char_counts(a)
        sb, cb = _char_counts(b)
        common = sum(min(ca[ch], cb[ch]) for ch in sa & sb)
        if 2.0 * common / total < floor:
            return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


