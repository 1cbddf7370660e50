"""Runs of digits whose cells ran together, and the ways to cut them.

A *run* is what follows a row label when the cells of a table row lost their
separators: ``12000012``, ``15-312``, ``228.44万元``, ``0。000000``.  This
module finds runs in a line of text (:func:`find_runs`) and cuts a run into
numbers (:func:`count_cuts`, :func:`cuts`).  It knows nothing of the forms:
which cut is right is for the form's arithmetic to say (``glued.py`` and the
solver).

A run is a list of :class:`Group` s separated by hard boundaries (spaces,
punctuation, a unit word, a sign starting a new number, a blank-cell mark).
A group of digits is cut into one or more numbers; numbers have no leading
zeros except ``0`` itself, a decimal point sits inside a number, thousands
separators are read as such where they can be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .. import patterns
from ..values import UNIT_PATTERN

_NULL_MARKS = "/\\"  # each one blank cell
_DASHES = "-—–―"  # a run of dashes is one blank cell (a '-' before digits may be a sign)
_SEPS = " \t\u3000\xa0。,;；、:"  # hard boundaries inside a run (after NFKC '，'->',')
_SPACE = " \t\u3000\xa0"
_SPACE_NO_TAB = " \u3000\xa0"  # blanks around a numbering separator (a tab is not one)
_NUMBERING_SEPS = ".、,"  # '2.X…' '2、X…' '3,X…' (a label's own numbering)
_PIECE = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
_PIECE_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")
MAX_PIECE = 16  # chars in one number (digits, '.', ','): 12-digit counts, money with cents
# characters that never start a run (no digit, sign, blank mark or dash): skipped in one match
_NO_START = patterns.compile(r"[\u4e00-\u9fffA-Za-z\s.,;:!?%()\[\]<>\"'\u3001\u3002\u300a-\u300f\u201c\u201d]+")
_UNIT_AT = patterns.compile(UNIT_PATTERN).match
MAX_DASH_VARIANTS = 4  # a '-' before digits is a sign or a blank mark: at most 2**4 variants


@dataclass(frozen=True, slots=True)
class Group:
    """A stretch of a run between hard boundaries."""

    kind: str  # "num" | "null"
    text: str = ""  # digits, maybe '.' and ',' inside; no sign
    sign: str = ""  # '+' | '-' | ''
    unit: str | None = None  # unit word written right after the digits
    dash: bool = False  # the sign is a '-' that may instead be a blank-cell mark
    gap: int = 0  # spaces before the group inside the run (0: none, or not only spaces)


@dataclass(slots=True)
class Run:
    groups: list[Group]
    start: int  # offsets in the (normalised) line
    end: int
    text: str  # the run as written

    @property
    def digits(self) -> int:
        return sum(sum(ch.isdigit() for ch in g.text) for g in self.groups)


class Piece(NamedTuple):
    """One number (or one blank mark) cut from a run (a tuple: hashed and
    compared in C, as the readings of a row look pieces up by value)."""

    text: str  # digits of the number ('' for a blank mark)
    sign: str = ""
    unit: str | None = None
    null: bool = False
    gap: int = 0  # spaces before it when it starts a group (0 inside a run of digits)

    def shown(self) -> str:
        return "/" if self.null else f"{self.sign}{self.text}{self.unit or ''}"


def _unit_at(s: str, i: int) -> str | None:
    """The unit word at ``s[i]``: the first of ``UNITS`` written there (the
    alternatives of one pattern, tried in that order)."""
    m = _UNIT_AT(s, i)
    return m.group() if m is not None else None


def _continues(s: str, i: int) -> bool:
    """Whether a run goes on at ``s[i]`` after a boundary (separators skipped)."""
    while i < len(s) and s[i] in _SEPS:
        i += 1
    return i < len(s) and _starts_run(s, i)


def _null_ahead(s: str, i: int) -> bool:
    """A blank mark at ``s[i]`` belongs to a run when digits, another mark or
    the end of the line follow it."""
    j = i
    while j < len(s) and (s[j] in _NULL_MARKS or s[j] in _DASHES):
        j += 1
    while j < len(s) and s[j] in " \t\u3000\xa0":
        j += 1
    return j >= len(s) or s[j].isdigit()


def _starts_run(s: str, i: int) -> bool:
    c = s[i]
    if c.isdigit():
        return True
    if c in "+-" and i + 1 < len(s) and s[i + 1].isdigit():
        return True
    return (c in _NULL_MARKS or c in _DASHES) and _null_ahead(s, i)


def _digits_at(s: str, i: int) -> int:
    """End of the digit material starting at ``s[i]`` (digits, a '.' or ','
    between digits)."""
    j = i
    while j < len(s):
        c = s[j]
        if c.isdigit() or (c in ".," and j > i and s[j - 1].isdigit() and j + 1 < len(s) and s[j + 1].isdigit()):
            j += 1
        else:
            break
    return j


def find_runs(s: str) -> list[Run]:
    """The runs of ``s`` (a line already passed through ``norm_text``), in order."""
    runs: list[Run] = []
    i, n = 0, len(s)
    skip = _NO_START.match
    while i < n:
        if not _starts_run(s, i):
            m = skip(s, i + 1)
            i = m.end() if m is not None else i + 1
            continue
        start = i
        groups: list[Group] = []
        gap = 0
        while i < n:
            c = s[i]
            if c.isdigit() or (c in "+-" and i + 1 < n and s[i + 1].isdigit()):
                sign = "" if c.isdigit() else c
                if sign:
                    i += 1
                j = _digits_at(s, i)
                unit = _unit_at(s, j)
                groups.append(Group("num", s[i:j], sign, unit, dash=(sign == "-"), gap=gap))
                i = j + (len(unit) if unit else 0)
                gap = 0
            elif c in _NULL_MARKS:
                groups.append(Group("null", gap=gap))
                i += 1
                gap = 0
            elif c in _DASHES:
                while i < n and s[i] in _DASHES:
                    i += 1  # a run of dashes is one blank mark
                groups.append(Group("null", gap=gap))
                gap = 0
            elif c in _SEPS and _continues(s, i):
                j = i
                while i < n and s[i] in _SEPS:
                    i += 1
                gap = i - j if all(ch in _SPACE for ch in s[j:i]) else 0
            else:
                break
        runs.append(Run(groups, start, i, s[start:i]))
    return runs


def after_mark(s: str, end: int, marks: str, blanks: str = _SPACE) -> int | None:
    """Where the text resumes after a mark right after ``s[:end]``: when the
    next character not among ``blanks`` is one of ``marks``, the index of the
    next one not among ``blanks`` after it (``len(s)`` at the end of the
    line); else None."""
    j = end
    while j < len(s) and s[j] in blanks:
        j += 1
    if j >= len(s) or s[j] not in marks:
        return None
    k = j + 1
    while k < len(s) and s[k] in blanks:
        k += 1
    return k


def numbering_after(s: str, run: Run) -> bool:
    """True when the run is followed by a numbering separator and text
    (``…00002.X…``, X a label): its last digit is the next label's number."""
    k = after_mark(s, run.end, _NUMBERING_SEPS, _SPACE_NO_TAB)
    if k is None or k >= len(s) or s[k].isdigit():
        return False
    last = run.groups[-1] if run.groups else None
    return bool(last and last.kind == "num" and last.unit is None and last.text and last.text[-1] in "123456789"
                and not last.text.endswith(tuple(f".{d}" for d in "0123456789")))


def strip_numbering(run: Run) -> Run | None:
    """The run without its last digit (the next label's number); None when
    nothing is left."""
    last = run.groups[-1]
    text = last.text[:-1]
    groups = list(run.groups[:-1])
    if text and text[-1] in ".,":
        return None  # '12.5' style: not a numbering
    if text:
        groups.append(Group("num", text, last.sign, None, last.dash, last.gap))
    elif last.sign:
        return None
    if not groups:
        return None
    return Run(groups, run.start, run.end - 1, run.text[:-1])


def dash_variants(groups: list[Group]) -> list[list[Group]] | None:
    """A '-' before digits is a minus sign or a blank-cell mark: every
    combination, or None when there are too many."""
    idx = [k for k, g in enumerate(groups) if g.dash]
    if len(idx) > MAX_DASH_VARIANTS:
        return None
    out = []
    for mask in range(1 << len(idx)):
        v: list[Group] = []
        for k, g in enumerate(groups):
            if g.dash and mask >> idx.index(k) & 1:
                v.append(Group("null", gap=g.gap))
                v.append(Group("num", g.text, "", g.unit))
            else:
                v.append(g)
        out.append(v)
    return out


def valid_piece(text: str) -> bool:
    return bool(_PIECE.match(text) or _PIECE_THOUSANDS.match(text))


def _pieces_at(text: str, i: int) -> Iterator[tuple[str, int]]:
    """(piece, next position) for every valid number starting at ``text[i]``;
    a ',' right after a piece is a separator and skipped."""
    n = len(text)
    for j in range(i + 1, min(n, i + MAX_PIECE) + 1):
        piece = text[i:j]
        if not valid_piece(piece):
            if piece[0] == "0" and len(piece) > 1 and piece[1] != ".":
                return  # a leading zero only gets worse
            continue
        if j < n and text[j] == ".":
            continue
        yield piece, (j + 1 if j < n and text[j] == "," else j)


@lru_cache(maxsize=4096)
def _starts(text: str) -> tuple[tuple[tuple[str, int], ...], ...]:
    """Per position of ``text``, the (piece, next position) of every valid
    number starting there (none at a '.' or ',')."""
    return tuple(() if text[i] in ".," else tuple(_pieces_at(text, i)) for i in range(len(text)))


@lru_cache(maxsize=4096)
def _cut_table(text: str, kmax: int) -> tuple[tuple[int, ...], ...]:
    """ways[i][k] (k <= kmax) = number of ways to cut ``text[i:]`` into exactly
    k valid numbers (a ',' at a cut is a separator and dropped).  Linear in
    the length: a number has at most MAX_PIECE chars."""
    n = len(text)
    ways = [[0] * (kmax + 1) for _ in range(n + 2)]  # ways[i][k]: text[i:] into k numbers
    ways[n][0] = 1
    starts = _starts(text)
    for i in range(n - 1, -1, -1):
        for _, nxt in starts[i]:
            row, out = ways[nxt], ways[i]
            for k in range(kmax):
                if row[k]:
                    out[k + 1] += row[k]
    return tuple(tuple(w) for w in ways)


def _cut_counts(text: str, kmax: int) -> tuple[int, ...]:
    """counts[k] (k <= kmax) = number of ways to cut ``text`` into exactly k
    valid numbers."""
    return _cut_table(text, kmax)[0]


def _cuts_of(text: str, k: int) -> Iterator[list[str]]:
    """The cuts of ``text`` into exactly k numbers (lists of strings)."""
    n = len(text)
    ways = _cut_table(text, k)  # ways[i][j]: text[i:] into j numbers (j <= k)
    starts = _starts(text)

    def rec(i: int, k: int) -> Iterator[list[str]]:
        if i == n or k == 0:
            if i == n and k == 0:
                yield []
            return
        if not ways[i][k]:
            return
        for piece, nxt in starts[i]:
            for rest in rec(nxt, k - 1):  # noqa: F821 (bound until the del below)
                yield [piece, *rest]

    try:
        yield from rec(0, k)
    finally:
        del rec  # rec refers to itself through its closure: a cycle the collector would have to free


def count_cuts(groups: list[Group], m: int) -> int:
    """Number of ways to cut the groups into exactly m pieces (numbers and
    blank marks)."""
    return cut_counts(groups, m)[m]


def cut_counts(groups: list[Group], kmax: int) -> list[int]:
    """counts[m] (m <= kmax) = number of ways to cut the groups into exactly
    m pieces: one polynomial product over the groups for every m at once."""
    poly = [1] + [0] * kmax
    for g in groups:
        if g.kind == "null":
            poly = [0, *poly[:-1]]
            continue
        opts = [(k, c) for k, c in enumerate(_cut_counts(g.text, kmax)) if c]
        new = [0] * (kmax + 1)
        for a, ca in enumerate(poly):
            if ca:
                for b, cb in opts:
                    if a + b > kmax:
                        break
                    new[a + b] += ca * cb
        poly = new
    return poly


def piece_range(groups: list[Group], kmax: int) -> tuple[int, int]:
    """Fewest and most pieces (at most ``kmax`` per group) the groups can be
    cut into; (0, 0) if they cannot be cut at all."""
    lo = hi = 0
    for g in groups:
        if g.kind == "null":
            lo += 1
            hi += 1
            continue
        ks = [k for k, c in enumerate(_cut_counts(g.text, kmax)) if c]
        if not ks:
            return 0, 0
        lo += min(ks)
        hi += max(ks)
    return lo, hi


SHORT_GROUP = 8  # a group of digits up to this long has its cuts kept for the process (a few each)


def _make_heads(text: str, sign: str, unit: str | None, gap: int, k: int) -> tuple[tuple[Piece, ...], ...]:
    """The cuts of a group of digits into k pieces (its sign on the first,
    its unit on the last)."""
    heads = []
    for parts in _cuts_of(text, k):
        ps = [Piece(p) for p in parts]
        ps[0] = Piece(ps[0].text, sign, ps[0].unit, gap=gap)
        ps[-1] = Piece(ps[-1].text, ps[-1].sign, unit, gap=ps[-1].gap)
        heads.append(tuple(ps))
    return tuple(heads)


#: :func:`_make_heads` of a short group, made once per group text, not once per row (short texts
#: repeat — '0', '12' — and have few cuts: a bounded cache stays small)
_short_heads = lru_cache(maxsize=4096)(_make_heads)


def cuts(groups: list[Group], m: int) -> list[list[Piece]]:
    """Every cut of the groups into exactly m pieces, as lists of Piece
    (in order: the first group's fewest pieces first, then its cuts, then
    the rest's).  The cuts of the groups from i on into a number of pieces
    are made once, however many heads precede them."""
    # per group, its numbers of pieces and, for a blank mark, its one cut (a group of digits': heads_of)
    per_group: list[tuple[tuple[int, tuple[tuple[Piece, ...], ...] | None], ...]] = []
    for g in groups:
        if g.kind == "null":
            per_group.append(((1, ((Piece("", null=True, gap=g.gap),),)),))
        else:
            per_group.append(tuple((k, None) for k, c in enumerate(_cut_counts(g.text, m)) if c))
    n = len(groups)
    made: dict[tuple[int, int], list[list[Piece]]] = {}
    long_heads: dict[tuple[int, int], tuple[tuple[Piece, ...], ...]] = {}  # (a long group's: made once here)

    def heads_of(i: int, k: int) -> tuple[tuple[Piece, ...], ...]:
        g = groups[i]
        if len(g.text) <= SHORT_GROUP:
            return _short_heads(g.text, g.sign, g.unit, g.gap, k)
        hit = long_heads.get((i, k))
        if hit is None:
            hit = long_heads[(i, k)] = _make_heads(g.text, g.sign, g.unit, g.gap, k)
        return hit

    def tails(i: int, left: int) -> list[list[Piece]]:
        hit = made.get((i, left))
        if hit is not None:
            return hit
        out: list[list[Piece]] = []
        if i == n:
            if left == 0:
                out.append([])
        else:
            for k, heads in per_group[i]:
                if k > left:
                    break
                rest = tails(i + 1, left - k)  # noqa: F821 (bound until the del below)
                if not rest:
                    continue
                for h in heads or heads_of(i, k):
                    out.extend([*h, *t] for t in rest)
        made[(i, left)] = out
        return out

    try:
        return tails(0, m)
    finally:
        # tails refers to itself through its closure: emptying the cell breaks the cycle that would
        # keep every cut made here for the cycle collector to free
        del tails
