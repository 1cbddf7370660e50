"""Geometry shared by the PDF reader: characters, lines, segments, paragraphs.

Coordinates are PDF points with the origin at the top-left of the page as it
is displayed (``top`` grows downwards), whichever backend produced them.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import count, pairwise
from operator import attrgetter


@dataclass(slots=True)
class Ch:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Line:
    chars: list[Ch]
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    text: str = ""
    segments: list[Line] = field(default_factory=list)
    # what finish() saw of the gaps, for split_segments (None: not recorded):
    # positions among the non-space glyphs where a wide gap starts a piece,
    # and where a space or a word gap starts a word inside a piece
    cuts: list[int] | None = None
    word_starts: list[int] | None = None
    n_spaces: int = 0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    def finish(self, space_gap: float = 0.45, presorted: bool = False) -> Line:
        """Sort the line's glyphs and compute its box and text.  A space glyph
        or a gap wider than ``space_gap`` x the font size is one space.
        ``presorted``: the glyphs are in x0 order already (a piece of a
        finished line)."""
        cs = self.chars
        if not presorted:
            cs.sort(key=_X0)
        # one pass over the glyphs for the box, the sizes and the text (what
        # line_text does, inlined: this is the reader's hottest loop)
        n_spaces = 0
        glyphs = iter(cs)
        for first in glyphs:  # up to the first glyph that is not a space
            if not first.text.isspace():
                break
            n_spaces += 1
        else:  # only spaces
            return self._finish_blank()
        out = [first.text]
        add = out.append
        x0, x1, top, bottom, size = first.x0, first.x1, first.top, first.bottom, first.size
        ps, px1 = size, x1  # the glyph before: its size and right edge
        pending = mixed = False
        # the gaps split_segments cuts at (its default factors), recorded here
        # in the same pass: j counts the non-space glyphs
        cuts: list[int] = []
        starts: list[int] = []
        seg_gap, word_gap = SEGMENT_GAP, WORD_GAP
        j = 1
        for c in glyphs:
            t = c.text
            if t.isspace():
                pending = True
                n_spaces += 1
                continue
            cz = c.size
            big = cz if cz > ps else ps
            gap = c.x0 - px1
            if gap > seg_gap * (big if big > 4.0 else 4.0):
                cuts.append(j)
            elif pending or gap > word_gap * big:
                starts.append(j)
            if pending or gap > space_gap * big:
                add(" ")
            px1 = c.x1
            if px1 > x1:
                x1 = px1
            if c.top < top:
                top = c.top
            if c.bottom > bottom:
                bottom = c.bottom
            if cz != size:
                mixed = True
            add(t)
            ps = cz
            pending = False
            j += 1
        self.cuts, self.word_starts, self.n_spaces = cuts, starts, n_spaces
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        if mixed:
            self.size = _median([c.size for c in cs if not c.text.isspace()])
        else:
            self.size = size
        self.text = "".join(out).strip()
        return self

    def _finish_blank(self) -> Line:
        cs = self.chars
        first = cs[0]
        self.x0, self.x1 = first.x0, max([c.x1 for c in cs])
        self.top, self.bottom = min([c.top for c in cs]), max([c.bottom for c in cs])
        self.size = _median([c.size for c in cs])
        self.text = ""
        return self


def _median(values: list[float]) -> float:
    values.sort()
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def line_text(cs: list[Ch], space_gap: float = 0.45) -> str:
    """The text of glyphs on one line, sorted left to right: a space glyph or a
    gap wider than ``space_gap`` x the font size is one space."""
    out: list[str] = []
    add = out.append
    prev: Ch | None = None
    pending = False
    for c in cs:
        t = c.text
        if t.isspace():
            pending = True
            continue
        if prev is not None:
            ps, s = prev.size, c.size
            if pending or c.x0 - prev.x1 > space_gap * (s if s > ps else ps):
                add(" ")
        add(t)
        prev = c
        pending = False
    return "".join(out).strip()


#: a gap wider than this x the font size (at least 4 pt) cuts a line into pieces
SEGMENT_GAP = 1.2
#: a gap wider than this x the font size starts a word inside a piece
WORD_GAP = 0.3

_X0 = attrgetter("x0")
_TOP = attrgetter("top")
_TEXT = attrgetter("text")


def centres(chars: list[Ch]) -> tuple[list[float], list[float]]:
    """The glyphs' centres: (x list, y list)."""
    return [(c.x0 + c.x1) / 2 for c in chars], [(c.top + c.bottom) / 2 for c in chars]


def dedupe_chars(chars: list[Ch], tol: float = 1.5) -> list[Ch]:
    """Drop a character drawn again at (nearly) the same place: fake bold
    ('33' for a bold '3') and shadowed text.  The first drawing is kept.

    Sorted by (text, top), a copy lies within the run of the same text whose
    tops are within ``tol``; only that run is compared."""
    n = len(chars)
    texts = [c.text for c in chars]
    tops = [c.top for c in chars]
    # by (text, top), ties in drawing order: two stable sorts on plain keys
    order = sorted(range(n), key=tops.__getitem__)
    order.sort(key=texts.__getitem__)
    st = [texts[i] for i in order]
    sp = [tops[i] for i in order]
    # a copy needs its neighbour in that order to share its text and top
    starts = [pos for pos, a, b, ta, tb in zip(count(), st, st[1:], sp, sp[1:]) if a == b and tb - ta <= tol]
    if not starts:
        return chars
    x0s = [c.x0 for c in chars]
    dropped: set[int] = set()
    for pos in starts:  # the other positions compare with nobody
        i, t, top = order[pos], st[pos], sp[pos]
        if i in dropped:
            continue
        x0 = x0s[i]
        for q in range(pos + 1, n):
            if st[q] != t or sp[q] - top > tol:
                break
            j = order[q]
            if j not in dropped and abs(x0s[j] - x0) <= tol:
                dropped.add(max(i, j))  # the later drawing goes
                if j < i:
                    break  # c itself is the copy
    if not dropped:
        return chars
    return [c for k, c in enumerate(chars) if k not in dropped]


def group_lines(chars: list[Ch]) -> list[Line]:
    """Characters -> visual lines, top to bottom."""
    # by (top, x0), ties in drawing order: two stable sorts on plain keys
    chars = sorted(filter(_TEXT, chars), key=_X0)
    chars.sort(key=_TOP)
    members: list[list[Ch]] = []
    tops: list[float] = []  # the band of each open line
    bottoms: list[float] = []
    # the last line, the one most glyphs join, is kept in locals (lt, lb)
    # and written back before the lines above it are tried
    last: list[Ch] | None = None
    lt = lb = 0.0
    for c in chars:
        ct, cb = c.top, c.bottom
        h = cb - ct if cb - ct > 0.1 else 0.1
        # a char joins a line it overlaps vertically by half its height;
        # only the last few lines can qualify (chars sorted by top)
        if last is not None:
            m = lb - lt if lb - lt < h else h
            if (lb if lb < cb else cb) - (lt if lt > ct else ct) >= 0.5 * m:
                last.append(c)
                if ct < lt:
                    lt = ct
                if cb > lb:
                    lb = cb
                continue
            tops[-1], bottoms[-1] = lt, lb
        i = len(members) - 2  # the last line was tried above
        stop = i - 2 if i >= 2 else -1
        while i > stop:
            t, b = tops[i], bottoms[i]
            m = b - t if b - t < h else h
            if (b if b < cb else cb) - (t if t > ct else ct) >= 0.5 * m:
                members[i].append(c)
                if ct < t:
                    tops[i] = ct
                if cb > b:
                    bottoms[i] = cb
                break
            i -= 1
        else:
            last = [c]
            members.append(last)
            tops.append(ct)
            bottoms.append(cb)
            lt, lb = ct, cb
    lines = [Line(cs).finish() for cs in members if any(not c.text.isspace() for c in cs)]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


#: one cell of a row of values: a number, or a dash/slash marking an empty cell
_VALUE_TOKEN = re.compile(r"^(?:[+\-－−]?[\d０-９][\d０-９,，.．]*(?:%|万元|元|件|项|个|条|次)?"
                          r"|[-－—–−/／~～]{1,2})$")
#: a dash, slash or tilde standing for an empty cell
DASH_CELL = re.compile(r"^[-－—–−/／~～]{1,2}$")


def _pieces(line: Line, gap_factor: float) -> tuple[list[list[Ch]], list[set[int]]]:
    """The line's glyphs in pieces cut at wide gaps; per piece the indices
    where a word starts (after a space glyph or a word gap)."""
    segs: list[list[Ch]] = []
    breaks: list[set[int]] = []
    prev = None
    spaced = False
    for c in line.chars:
        if c.text.isspace():
            spaced = True
            continue
        if prev is not None:
            ps, cs = prev.size, c.size
            big = cs if cs > ps else ps
            gap = c.x0 - prev.x1
        if prev is None or gap > gap_factor * (big if big > 4.0 else 4.0):
            segs.append([c])
            breaks.append(set())
        else:
            if spaced or gap > WORD_GAP * big:
                breaks[-1].add(len(segs[-1]))
            segs[-1].append(c)
        prev = c
        spaced = False
    return segs, breaks


def _recorded_pieces(line: Line, cuts: list[int], word_starts: list[int]) -> tuple[list[list[Ch]], list[set[int]]]:
    """:func:`_pieces` from what ``finish`` recorded of the gaps."""
    glyphs = line.chars if not line.n_spaces else [c for c in line.chars if not c.text.isspace()]
    if not cuts and not word_starts:
        return [glyphs], [set()]
    bounds = [0, *cuts, len(glyphs)]
    segs = [glyphs[a:b] for a, b in pairwise(bounds)]
    breaks: list[set[int]] = [set() for _ in segs]
    k = 0
    for w in word_starts:  # ascending, as the bounds are
        while w >= bounds[k + 1]:
            k += 1
        breaks[k].add(w - bounds[k])
    return segs, breaks


def _letter_spacing(segs: list[list[Ch]]) -> float:
    """The space a letter-spaced line sets between its glyphs (0: none seen):
    the median gap between neighbouring glyphs of the line's words that are
    not values (its label), when it is wider than a word gap's share of
    normal setting.  Its digits stand as far apart, and are one number."""
    gaps = [b.x0 - a.x1 for s in segs if not _VALUE_TOKEN.match("".join(c.text for c in s))
            for a, b in pairwise(s)]
    if not gaps:
        return 0.0
    gap = _median(gaps)
    return gap if gap > 0.15 * max(segs[0][0].size, 4.0) else 0.0


def split_segments(line: Line, gap_factor: float = SEGMENT_GAP) -> list[Line]:
    """A line cut where the horizontal gap is wide (table columns).

    A piece made only of numbers and dashes separated by spaces
    (``190  -  0``) is cut at every space: a dash between spaced numbers is an
    empty cell, never a sign or a digit separator, and two spaced numbers are
    two cells.  On a letter-spaced line (its label's glyphs set apart) a gap
    no wider than the letters' is no space: ``1 9 0`` is one number."""
    if line.segments:
        return line.segments
    if line.cuts is not None and line.word_starts is not None and gap_factor == SEGMENT_GAP:
        segs, breaks = _recorded_pieces(line, line.cuts, line.word_starts)
    else:
        segs, breaks = _pieces(line, gap_factor)
    if len(segs) == 1 and not breaks[0] and len(segs[0]) == len(line.chars):
        # one piece holding every glyph of the line: the line itself
        line.segments = [Line(segs[0], line.x0, line.top, line.x1, line.bottom, line.size, line.text)]
        return line.segments
    out: list[Line] = []
    letter: float | None = None
    for s, b in zip(segs, breaks, strict=False):
        if b:
            cuts = [0, *sorted(b), len(s)]
            words = [s[i:j] for i, j in pairwise(cuts)]
            texts = ["".join(c.text for c in w) for w in words]
            if all(_VALUE_TOKEN.match(t) for t in texts):
                if letter is None:
                    letter = _letter_spacing(segs)
                if letter > 0:  # a letter-spaced line: only gaps wider than its letters' cut
                    b = {i for i in b if s[i].x0 - s[i - 1].x1 > letter + WORD_GAP * max(s[i].size, 4.0)}
                    cuts = [0, *sorted(b), len(s)]
                    words = [s[i:j] for i, j in pairwise(cuts)]
                    texts = ["".join(c.text for c in w) for w in words]
            if len(words) > 1 and all(_VALUE_TOKEN.match(t) for t in texts):  # numbers and dashes
                out.extend(Line(w).finish(presorted=True) for w in words)
                continue
        out.append(Line(s).finish(presorted=True))
    line.segments = out
    return line.segments


# --------------------------------------------------------------------------
# page furniture: running headers, footers, page numbers
# --------------------------------------------------------------------------

_PAGE_NO = re.compile(
    r"^(?:[-—–－~·\s]*\d{1,4}[-—–－~·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|[-—–－]\s*[一二三四五六七八九十]+\s*[-—–－])$",
    re.IGNORECASE,
)


_DIGITS = re.compile(r"\d+")
_SPACE_RUN = re.compile(r"\s+")


def furniture_key(text: str) -> str:
    return _DIGITS.sub("#", _SPACE_RUN.sub("", text))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NO.match(text.strip()))


# --------------------------------------------------------------------------
# paragraphs
# --------------------------------------------------------------------------

HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百]+[章节部分条]|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d)|[①-⑳])"
)
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9,.;:)]")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9(]")


@dataclass(slots=True)
class ParaDraft:
    lines: list[Line]
    starts_new: bool = True  # first line is indented / a heading / after a gap
    ends_open: bool = False  # last line runs to the right margin (may continue)

    @property
    def top(self) -> float:
        return self.lines[0].top

    def text(self) -> str:
        out: list[str] = []
        last = ""
        for ln in self.lines:
            t = ln.text
            if last and _ASCII_WORD_END.match(last) and _ASCII_WORD_START.match(t):
                out.append(" ")
            out.append(t)
            last = t[-1:] or last
        return "".join(out)


@dataclass(slots=True)
class Margins:
    left: float
    right: float
    pitch: float
    size: float = 12.0  # the body text size


def page_margins(lines: list[Line], width: float) -> Margins | None:
    """Body left/right edges and the usual line pitch from a page's lines."""
    if len(lines) < 3:
        return None
    lefts = [round(ln.x0) for ln in lines]
    rights = [round(ln.x1) for ln in lines]
    left = _mode_near(lefts)
    right = _mode_near(rights, prefer_high=True)
    pitches = []
    for a, b in pairwise(lines):
        d = b.top - a.top
        if 0 < d < 3 * max(a.size, b.size):
            pitches.append(d)
    pitch = statistics.median(pitches) if pitches else 1.5 * statistics.median(ln.size for ln in lines)
    if right - left < 0.3 * width:
        return None
    return Margins(left, right, pitch, statistics.median(ln.size for ln in lines))


def _mode_near(values: list[int], prefer_high: bool = False) -> float:
    """The value most lines share (within 2pt)."""
    best, best_n = values[0], -1
    counts = Counter(values)  # the values are whole points: count the five within 2 of each
    for v in sorted(counts, reverse=prefer_high):
        n = counts[v - 2] + counts[v - 1] + counts[v] + counts[v + 1] + counts[v + 2]
        if n > best_n:
            best, best_n = v, n
    return float(best)


def build_paragraphs(lines: list[Line], m: Margins | None) -> list[ParaDraft]:
    """Consecutive lines -> paragraphs: a new one at a wider gap, an indented
    first line, a line after a short line, a heading-like start, a change of
    font size; centred lines of one size (titles) stay together."""
    paras: list[ParaDraft] = []
    prev: Line | None = None
    for ln in lines:
        size = ln.size
        new = prev is None
        if m is None:
            new = True
        elif prev is not None:
            indented = ln.x0 > m.left + 0.9 * size
            centred = indented and abs((ln.x0 - m.left) - (m.right - ln.x1)) < 2 * size
            prev_centred = prev.x0 > m.left + 0.9 * prev.size and \
                abs((prev.x0 - m.left) - (m.right - prev.x1)) < 2 * prev.size
            gap = ln.top - prev.top
            if abs(size - prev.size) > 1.0:
                new = True
            elif centred and prev_centred and size > 1.15 * m.size and gap < 2.2 * size:
                new = False  # a title set on several centred lines
            elif gap > m.pitch * 1.45 + 1 and gap > 1.6 * max(size, prev.size):
                new = True
            elif centred and prev_centred:
                new = False
            elif indented or HEADING_START.match(ln.text) or prev.x1 < m.right - 1.5 * prev.size:
                new = True
        if new:
            starts_new = True
            if m is not None and prev is None:
                # first line of a page: new unless it is flush left and not a heading
                starts_new = ln.x0 > m.left + 0.9 * size or bool(HEADING_START.match(ln.text))
            paras.append(ParaDraft([ln], starts_new=starts_new))
        else:
            paras[-1].lines.append(ln)
        prev = ln
    for p in paras:
        last = p.lines[-1]
        p.ends_open = m is not None and last.x1 >= m.right - 1.5 * last.size \
            and not last.text.endswith(("。", "：", ":", "！", "？", "；"))
    return paras
