"""Styles (heading levels) and automatic list numbering of a .docx.

Word does not store the numbers of a numbered list in the text: a heading
``一、总体情况`` typed with automatic numbering is stored as ``总体情况`` with
a ``w:numPr`` (directly on the paragraph or through its style) pointing into
``numbering.xml``.  :class:`Numbering` replays the counters in document order
and renders the label the way Word displays it (``%1、`` with a
chineseCounting level -> ``一、``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Union

from lxml import etree

_HEADING_NAME = re.compile(r"^(?:heading|标题|titre|überschrift)\s*([1-9])$", re.IGNORECASE)
_LVL_REF = re.compile(r"%([1-9])")


@dataclass(slots=True)
class StyleInfo:
    based_on: str | None = None
    name: str = ""
    outline: int | None = None  # 0-based outline level (9 = body text)
    num_id: str | None = None
    ilvl: int | None = None


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suff: str = "tab"
    is_lgl: bool = False
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 = never


@dataclass(slots=True)
class NumDef:
    abstract_id: str
    levels: dict[int | None, Level] = field(default_factory=dict)  # None: a level with no w:ilvl
    start_overrides: dict[int, int] = field(default_factory=dict)


Loader = Union[Callable[[], "etree._Element | None"], "etree._Element", None]


def _load(source: Loader) -> etree._Element | None:
    return source() if callable(source) else source


class Styles:
    """Paragraph styles: heading level and numbering inherited via basedOn.

    ``styles.xml`` is parsed on the first lookup of a style (a document
    whose paragraphs name no style never pays for it).  The default
    paragraph style is not consulted for paragraphs without ``w:pStyle``:
    a Normal style with an outline level or list numbering does not occur
    in practice, and skipping it keeps most paragraphs off the slow path."""

    def __init__(self, source: Loader, W: str) -> None:
        self.styles: dict[str, StyleInfo] = {}
        self._heading: dict[str, int | None] = {}
        self._num: dict[str, tuple[str | None, int | None]] = {}
        self._source = source
        self._W = W
        self._loaded = False
        self._numbered = False  # whether a paragraph style brings a list number (numId or ilvl)

    @property
    def number_free(self) -> bool:
        """Whether the styles are loaded and none of them brings a list
        number: a paragraph's style then cannot change its text."""
        return self._loaded and not self._numbered

    @property
    def loaded(self) -> bool:
        """Whether ``styles.xml`` has been looked at (parsed, or found absent or damaged)."""
        return self._loaded

    def load(self) -> None:
        """Parse ``styles.xml`` now (a no-op once done)."""
        self._ensure()

    def _ensure(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        root = _load(self._source)
        if root is None:
            return
        w = f"{{{self._W}}}"
        t_type, t_id, t_val = w + "type", w + "styleId", w + "val"
        t_based, t_name, t_ppr = w + "basedOn", w + "name", w + "pPr"
        t_outline, t_numpr, t_num, t_ilvl = w + "outlineLvl", w + "numPr", w + "numId", w + "ilvl"
        for st in root.iter(w + "style"):
            if st.get(t_type) not in (None, "paragraph"):
                continue
            sid = st.get(t_id)
            if not sid:
                continue
            info = StyleInfo()
            first = _first_children(st)
            el = first.get(t_based)
            if el is not None:
                info.based_on = el.get(t_val)
            el = first.get(t_name)
            if el is not None:
                info.name = el.get(t_val) or ""
            ppr = first.get(t_ppr)
            if ppr is not None:
                first = _first_children(ppr)
                el = first.get(t_outline)
                if el is not None:
                    info.outline = _int(el.get(t_val))
                num = first.get(t_numpr)
                if num is not None:
                    first = _first_children(num)
                    el = first.get(t_num)
                    if el is not None:
                        info.num_id = el.get(t_val)
                    el = first.get(t_ilvl)
                    if el is not None:
                        info.ilvl = _int(el.get(t_val))
            self.styles[sid] = info
        self._numbered = any(i.num_id is not None or i.ilvl is not None for i in self.styles.values())

    def _chain(self, sid: str | None) -> Iterator[StyleInfo]:
        seen: set[str] = set()
        while sid and sid not in seen and len(seen) < 20:
            seen.add(sid)
            info = self.styles.get(sid)
            if info is None:
                return
            yield info
            sid = info.based_on

    def heading_level(self, sid: str | None) -> int | None:
        """1-based heading level of paragraph style ``sid`` (name 'heading N'
        or an outline level), or None."""
        if sid is None:
            return None
        if sid in self._heading:
            return self._heading[sid]
        self._ensure()
        level = None
        for info in self._chain(sid):
            m = _HEADING_NAME.match(info.name.strip())
            if m:
                level = int(m.group(1))
                break
            if info.outline is not None:
                level = info.outline + 1 if 0 <= info.outline < 9 else None
                break
        self._heading[sid] = level
        return level

    def numbering(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph of style ``sid`` inherits."""
        if sid is None:
            return None, None
        if sid in self._num:
            return self._num[sid]
        self._ensure()
        num_id, ilvl = None, None
        for info in self._chain(sid):
            if num_id is None and info.num_id is not None:
                num_id = info.num_id
            if ilvl is None and info.ilvl is not None:
                ilvl = info.ilvl
            if num_id is not None and ilvl is not None:
                break
        self._num[sid] = (num_id, ilvl)
        return num_id, ilvl

class Numbering:
    """Definitions from numbering.xml (parsed on the first numbered
    paragraph) plus the running counters."""

    def __init__(self, source: Loader, W: str, styles: Styles) -> None:
        self._nums: dict[str, NumDef] = {}
        self.counters: dict[str, list[int | None]] = {}
        self._source = source
        self._W = W
        self._styles = styles
        self._loaded = False

    @property
    def nums(self) -> dict[str, NumDef]:
        if not self._loaded:
            self._loaded = True
            root = _load(self._source)
            if root is not None:
                self._parse(root)
        return self._nums

    def _parse(self, root: etree._Element) -> None:
        W, styles = self._W, self._styles
        w = f"{{{W}}}"
        abstracts: dict[str, dict[int | None, Level]] = {}
        links: dict[str, str] = {}  # abstractNumId -> numStyleLink style id
        for an in root.iter(w + "abstractNum"):
            aid = an.get(w + "abstractNumId")
            if aid is None:
                continue
            abstracts[aid] = {lvl_ilvl: lvl for lvl_ilvl, lvl in _levels(an, w)}
            link = _first_children(an).get(w + "numStyleLink")
            link_id = link.get(w + "val") if link is not None else None
            if link_id:
                links[aid] = link_id
        for num in root.iter(w + "num"):
            nid = num.get(w + "numId")
            first = _first_children(num)
            el = first.get(w + "abstractNumId")
            if nid is None or el is None:
                continue
            aid = el.get(w + "val") or ""
            levels = dict(abstracts.get(aid, {}))
            nd = NumDef(abstract_id=aid, levels=levels)
            for ov in _children(num, w + "lvlOverride"):
                ilvl = _int(ov.get(w + "ilvl"))
                if ilvl is None:
                    continue
                first = _first_children(ov)
                so = first.get(w + "startOverride")
                if so is not None and _int(so.get(w + "val")) is not None:
                    nd.start_overrides[ilvl] = _int(so.get(w + "val"))  # type: ignore[assignment]
                lvl_el = first.get(w + "lvl")
                if lvl_el is not None:
                    for i, lvl in _levels_of([lvl_el], w):
                        nd.levels[ilvl if i is None else i] = lvl
            self._nums[nid] = nd
        # numStyleLink: the abstract's levels live in the abstract of the
        # num that the linked numbering style points at
        for nd in self._nums.values():
            sid = links.get(nd.abstract_id)
            if sid and not nd.levels:
                linked_num, _ = styles.numbering(sid)
                target = self._nums.get(linked_num or "")
                if target is not None and target.levels:
                    nd.levels = dict(target.levels)
                    nd.abstract_id = target.abstract_id

    def label(self, num_id: str | None, ilvl: int | None) -> str | None:
        """Advance the counters for one numbered paragraph and return its
        rendered label (``一、``), '' for bullets / no number, None if the
        numbering cannot be resolved."""
        if num_id is None or num_id == "0":
            return None
        nd = self.nums.get(num_id)
        if nd is None:
            return None
        ilvl = ilvl or 0
        if not 0 <= ilvl <= 8:
            return None
        lvl = nd.levels.get(ilvl)
        if lvl is None:
            return None
        key = nd.abstract_id if not nd.start_overrides else "num:" + num_id
        counters = self.counters.setdefault(key, [None] * 9)
        start = nd.start_overrides.get(ilvl, lvl.start)
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1  # type: ignore[operator]
        for deeper in range(ilvl + 1, 9):
            dl = nd.levels.get(deeper)
            # lvlRestart=0: never restart; n: restart after level n (1-based)
            if dl is not None and dl.restart is not None and (dl.restart == 0 or dl.restart > ilvl + 1):
                continue
            counters[deeper] = None
        if lvl.fmt in ("bullet", "none"):
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            kl = nd.levels.get(k)
            value = counters[k]
            if value is None:
                value = nd.start_overrides.get(k, kl.start if kl else 1)
            fmt = "decimal" if (lvl.is_lgl and k < ilvl) else (kl.fmt if kl else "decimal")
            return format_number(value, fmt)

        return _LVL_REF.sub(sub, lvl.text)


def _levels(an: etree._Element, w: str) -> Iterator[tuple[int | None, Level]]:
    return _levels_of(_children(an, w + "lvl"), w)


def _levels_of(lvls: Iterable[etree._Element], w: str) -> Iterator[tuple[int | None, Level]]:
    for lvl_el in lvls:
        ilvl = _int(lvl_el.get(w + "ilvl"))
        lvl = Level()
        first = _first_children(lvl_el)
        el = first.get(w + "start")
        if el is not None and _int(el.get(w + "val")) is not None:
            lvl.start = _int(el.get(w + "val"))  # type: ignore[assignment]
        el = first.get(w + "numFmt")
        if el is not None:
            lvl.fmt = el.get(w + "val") or "decimal"
        el = first.get(w + "lvlText")
        if el is not None:
            lvl.text = el.get(w + "val") or ""
        else:
            lvl.text = ""
        el = first.get(w + "suff")
        if el is not None:
            lvl.suff = el.get(w + "val") or "tab"
        el = first.get(w + "isLgl")
        if el is not None and el.get(w + "val") not in ("0", "false", "off"):
            lvl.is_lgl = True
        el = first.get(w + "lvlRestart")
        if el is not None:
            lvl.restart = _int(el.get(w + "val"))
        yield ilvl, lvl


def _first_children(el: etree._Element) -> dict[Any, etree._Element]:
    """The first child of each tag of ``el`` (what ``el.find(tag)`` gives for
    each), in one pass: lxml's ``find`` goes through ElementPath, ~1 us a
    call, and a style or list level is read with half a dozen of them."""
    first: dict[Any, etree._Element] = {}
    for child in el:
        first.setdefault(child.tag, child)
    return first


def _children(el: etree._Element, tag: str) -> list[etree._Element]:
    """The children of ``el`` named ``tag`` (``el.findall(tag)``, without ElementPath)."""
    return [child for child in el if child.tag == tag]


def _int(s: str | None) -> int | None:
    """An integer attribute; '2.0' is read as 2, anything else as None."""
    if s is None:
        return None
    try:
        return int(s)
    except ValueError:
        try:
            return int(float(s))
        except (ValueError, OverflowError):  # 'x', 'nan', 'inf', '1e999'
            return None


# ---------------------------------------------------------------------------
# number formats
# ---------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_DIGITS_TW = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_counting(n: int) -> str:
    """一, 二, … 十, 十一, … 二十, … 一百 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _CN_DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _CN_DIGITS[rest]
        if rest < 20:
            return head + "一十" + (_CN_DIGITS[rest % 10] if rest % 10 else "")
        return head + chinese_counting(rest)
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    # Word: A..Z, AA..ZZ, AAA.. (repeated letter)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "japaneseCounting", "taiwaneseCounting", "ideographLegalTraditional",
               "taiwaneseCountingThousand", "japaneseLegal"):
        if fmt == "chineseLegalSimplified":
            return chinese_counting(n).translate(str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰"))
        return chinese_counting(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS_TW[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt in ("none", "bullet"):
        return ""
    return str(n)
