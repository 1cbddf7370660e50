"""Rows whose cells ran together (a label, then ``12000012``).

Hook for the matcher: :func:`glued_readings` finds rows of the form whose
values arrive as one run of digits and returns, for each, the candidate
readings (ways to cut the run into the row's cells).  The matcher settles
them with the form's arithmetic (``solver.solve``) together with the rows it
read from grids.

Where glued rows are looked for:

* paragraphs of parts 二, 三 and 四 (a web page or a CMS "text version"
  that flattened a table row, or several rows, into one line);
* table rows whose last label cell ends in a run of digits.

A row is recognised by a label of the form (from the template data) that
ends the text right before a run.  Text that reads like a sentence (the run
followed by ``，``/``。`` and more text, the label right after a comma) is the
report's narrative, not a table row, and is left alone.

The run is cut into the row's number of cells (:mod:`.digits`), each cut
one candidate reading whose values carry ``Provenance(how="split")``.  In
tables 三 and 四, readings with one or two numbers more or fewer than cells
(a spurious cell, a blank cell whose absence left no trace) are offered too,
with a penalty: they only win when they break fewer rules.  When the digits
cannot fill the row, the missing cells are read as blanks.  Work is bounded:
the cuts are counted before they are made; a row with more than
``MAX_READINGS`` is narrowed to the cuts that agree with its own totals
(read from the right, a bounded dynamic programme), or else cut off with a
warning and left to the arithmetic.  Counts stated in the narrative
(``共收到政府信息公开申请3件``) mark readings that contradict them; they only
break ties the arithmetic leaves open, and the solver says so when they do.
Where cells were joined by one space (a page flattened to one line), each
empty cell leaves one extra space: readings whose blank cells sit where the
text shows them are preferred, again only among those the arithmetic and
the narrative leave tied (:func:`spacing_mismatch`).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from math import comb
from typing import NamedTuple, cast

from .. import patterns
from ..model import Issue, Location, Provenance
from ..normalize import norm_text
from ..numerals import COUNTING
from ..templates import RowSpec, Template, generation
from ..values import COUNT_UNITS, Parsed, to_count, to_money
from ..values import header_unit as unit_of_header
from .digits import (
    MAX_PIECE,
    Group,
    Piece,
    Run,
    after_mark,
    cut_counts,
    cuts,
    dash_variants,
    find_runs,
    numbering_after,
    piece_range,
    strip_numbering,
    valid_piece,
)
from .events import Heading, Item, LRow, Para
from .readings import UNKNOWN, Reading, Slot
from .solver import Distinct

MAX_READINGS = 1000  # candidate readings of one row; more: narrowed to its totals, else cut off
MAX_SHIFT = 2  # readings with up to this many numbers more/fewer than cells
MAX_LINE = 5000  # longer lines are not table rows
MAX_COUNT_DIGITS = 8  # a count of a hundred million or more is not a cell of these forms
_KEPT = patterns.compile(r"[^\s\W_]+")  # what a label key keeps (no spaces, no punctuation), a stretch at a time
_SPACE = " \t\u3000\xa0"
_SENTENCE = ",;。:!?！？"
_DIGIT = patterns.compile(r"\d")  # after NFKC: '，'->',' '；'->';' '：'->':'
# (after NFKC) an item's numbering (1.  3、  (六)  四、), and where a label may end without digits after
# it: before a gap of spaces or a numbering, or at the end of the text
_NUMBERING = rf"\d{{1,3}}[.、]|\([{COUNTING}]+\)|[{COUNTING}]+、"
_NUMBERING_BEFORE = patterns.compile(f"(?:{_NUMBERING})[{_SPACE}]*$")
_BARE_END = patterns.compile(f"[{_SPACE}]+|(?:{_NUMBERING})")


@dataclass(slots=True)
class GluedRow:
    table: str  # the table's key ("applications")
    key: str  # row key ("granted", "penalty"); "*" for the whole of a "flat" table
    readings: list[Reading]  # slots keyed by dotted path inside the table
    where: str


class _Col(NamedTuple):
    path: str  # dotted path inside the table
    signed: bool = False
    money: str | None = None  # 'yuan' | 'wan_yuan'
    unit: str | None = None  # the column header's unit ('万元', '元')


@dataclass(slots=True)
class _Match:
    table: str
    key: str
    run: Run
    label: str  # the label as written (for messages)
    where: str
    loc: Location | None
    table_index: int | None = None
    unit: str | None = None  # a unit named in the text before the label ('（单位：万元）')
    cell: tuple[int, int] | None = None  # the grid cell holding the run (label cells ending in digits)
    lead_gap: int = 0  # spaces between the label and the run
    trail_gap: int | None = None  # spaces after the run (None: the line ends there)


# -- the form's labels ---------------------------------------------------------


@dataclass(slots=True)
class _Index:
    aliases: list[tuple[str, str, RowSpec]]  # (alias key, table, row), longest first
    # the same, by the alias key's last character (None: an empty alias key, which ends any key)
    by_last: dict[str, list[tuple[str, str, RowSpec]]] | None
    groups: list[tuple[str, str]]  # (group label key, group key)
    flat_labels: dict[str, tuple[str, ...]]  # a "flat" table -> its groups' and columns' labels


_INDEXES: dict[tuple[str, int], _Index] = {}  # (form id, load generation) -> the form's index


def _index(template: Template) -> _Index:
    hit = _INDEXES.get((template.id, generation()))
    if hit is not None:
        return hit
    aliases = [(a, t.key, r) for t in template.tables.values() if t.layout != "flat" for r in t.rows for a in r.labels]
    aliases.sort(key=lambda x: -len(x[0]))
    groups = [(lab, g.key) for t in template.of_layout("grid") for g in t.groups for lab in g.labels]
    flat = {t.key: tuple(lab for g in t.groups + t.columns for lab in g.labels) for t in template.of_layout("flat")}
    buckets: dict[str, list[tuple[str, str, RowSpec]]] = {}
    for a in aliases:
        if a[0]:
            buckets.setdefault(a[0][-1], []).append(a)
    by_last = buckets if all(a[0] for a in aliases) else None
    index = _INDEXES[(template.id, generation())] = _Index(aliases, by_last, groups, flat)
    return index


def _key_map(text: str) -> tuple[str, list[int]]:
    """The label key of ``text`` (no spaces, no punctuation) and, for each of
    its characters, its offset in ``text``."""
    idx: list[int] = []
    parts: list[str] = []
    for m in _KEPT.finditer(text):  # a match a stretch of kept characters, not one a character
        a, b = m.span()
        idx.extend(range(a, b))
        parts.append(m.group())
    return "".join(parts), idx


class _LineKey(NamedTuple):
    """A line's label key (no spaces, no punctuation) made once, and the
    offset in the line of each of its characters: the key of any stretch of
    the line is a slice of it (the kept characters do not depend on their
    neighbours)."""

    key: str
    idx: list[int]

    @classmethod
    def of(cls, line: str) -> _LineKey:
        return cls(*_key_map(line))

    def window(self, start: int, end: int) -> tuple[str, int]:
        """The key of ``line[start:end]`` (its last 200 characters) and
        the index in :attr:`idx` of its first character."""
        idx = self.idx
        lo = bisect_left(idx, max(start, end - 200))
        return self.key[lo:bisect_left(idx, end, lo)], lo


def _match_label(line: _LineKey, start: int, end: int, index: _Index, ctx_table: str | None,
                 group_ctx: str | None) -> tuple[str, RowSpec, int, str | None] | None:
    """The row whose label ends the text ``line[start:end]`` (its last 200
    characters): (table, row, offset of the label from ``start``, group
    context).  Short labels (under four characters) need their part of the
    report, and grouped ones their group."""
    key, lo = line.window(start, end)
    if not key:
        return None
    by_last = index.by_last
    # (an alias ending in another character cannot end key)
    for alias, table, spec in index.aliases if by_last is None else by_last.get(key[-1], ()):
        if not key.endswith(alias):
            continue
        if ctx_table is not None and table != ctx_table:
            continue
        before = key[: len(key) - len(alias)]
        g = group_ctx
        last = -1
        for lab, gkey in index.groups:
            k = before.rfind(lab)
            if k >= 0 and k + len(lab) > last:
                last, g = k + len(lab), gkey
        short = len(alias) < 4
        if short and ctx_table is None:
            continue
        if short and spec.group and g != spec.group:
            continue
        return table, spec, line.idx[lo + len(key) - len(alias)] - start, g
    return None


def _is_sentence_before(text: str, off: int) -> bool:
    """The label at ``text[off:]`` follows a comma or full stop (narrative)."""
    j = off - 1
    while j >= 0 and text[j] in " \t\u3000\xa0":
        j -= 1
    if j < 0 or text[j] not in _SENTENCE:
        return False
    # '3,' + a label: the label's own numbering, not a sentence
    return not (text[j] in ".," and j >= 1 and text[j - 1] in "123456789" and (j < 2 or not text[j - 2].isdigit()))


def _is_sentence_after(s: str, end: int) -> bool:
    """The run ending at ``s[end]`` is followed by a comma or full stop and
    more text (or the end of the line after a full stop): narrative."""
    k = after_mark(s, end, _SENTENCE)
    return k is not None and (k >= len(s) or not s[k].isdigit())


# -- scanning lines ----------------------------------------------------------


def _runs_of_line(s: str) -> list[Run]:
    """The runs of a line, numbering digits (``…00002.`` + a label) given back to
    the label that follows."""
    out = []
    for r in find_runs(s):
        if numbering_after(s, r):
            r2 = strip_numbering(r)
            if r2 is None:
                continue  # the run was only the next label's number
            r = r2
        if r.groups:
            out.append(r)
    return out


class _Scanner:
    def __init__(self, template: Template) -> None:
        self.t = template
        self.index = _index(template)
        self.group_ctx: str | None = None
        self.flat_runs: dict[str, list[tuple[Run, str, Location | None]]] = {}  # by "flat" table
        #: rows whose label stands in a paragraph with no digits after it ("table.row" -> the label, numbered)
        self.bare: dict[str, str] = {}

    def line(self, text: str, ctx_table: str | None, where: str, loc: Location | None,
             table_index: int | None = None, bare: bool = False) -> list[_Match]:
        """The labelled runs of a line; ``bare``: note the form rows whose
        label stands in it with no digits after it (:attr:`bare`)."""
        if len(text) > MAX_LINE:
            return []
        s = norm_text(text)
        runs = _runs_of_line(s)
        bare = bare and ctx_table is not None and self.t.tables[ctx_table].layout != "flat"
        if not runs:
            if bare:
                self._bare(s, _LineKey.of(s), 0, len(s), cast(str, ctx_table), True)
            return []
        if ctx_table is not None and self.t.tables[ctx_table].layout == "flat":
            self._flat_line(s, runs, loc, ctx_table)
            return []
        out: list[_Match] = []
        prev = 0
        keys = _LineKey.of(s)
        for r in runs:
            seg = s[prev:r.start]
            if bare:
                self._bare(s, keys, prev, r.start, cast(str, ctx_table), False)
            m = _match_label(keys, prev, r.start, self.index, ctx_table, self.group_ctx)
            prev = r.end
            if m is None:
                continue
            table, spec, off, g = m
            if _is_sentence_before(seg, off) or _is_sentence_after(s, r.end):
                continue  # a sentence of the narrative quoting a count
            if spec.group:
                self.group_ctx = spec.group
            elif spec.is_group_row:
                self.group_ctx = spec.group or g
            else:
                self.group_ctx = None
            label = seg[off:].strip()
            out.append(_Match(table, spec.key, r, label, f"{table}.{spec.key}", loc, table_index,
                              unit_of_header(seg[:off]), lead_gap=_spaces_before(s, r.start),
                              trail_gap=_spaces_after(s, r.start + len(r.text.rstrip(_SPACE)))))
        if bare:
            self._bare(s, keys, prev, len(s), cast(str, ctx_table), True)
        return out

    def _bare(self, s: str, keys: _LineKey, start: int, end: int, ctx_table: str, to_end: bool) -> None:
        """The form rows whose label stands in ``s[start:end]`` (text between
        digit runs) with no digits after it: a label that starts the text or
        follows a numbering, and ends before a gap of spaces or a numbering
        (or ``end`` when ``to_end``: no run follows).  A row whose cells are
        all blank leaves only this where a table's cells run together."""
        ends = [m.start() for m in _BARE_END.finditer(s, start, end) if m.start() > start]
        if to_end:
            ends.append(end)
        for e in ends:
            text = s[start:e].rstrip(_SPACE)
            m = _match_label(keys, start, start + len(text), self.index, ctx_table, self.group_ctx)
            if m is None:
                continue
            table, spec, off, _ = m
            head = text[:off]
            numbered = _NUMBERING_BEFORE.search(head)
            if head.strip(_SPACE) and numbered is None:
                continue  # the label does not start there: words of another label or a sentence
            label = text[numbered.start() if numbered is not None else off:].strip(_SPACE)
            self.bare.setdefault(f"{table}.{spec.key}", label)

    def _flat_line(self, s: str, runs: list[Run], loc: Location | None, table: str) -> None:
        """A "flat" table (table 四) flattened: a run at the end of a line, after
        nothing or after one of the table's own labels (its groups' and columns')."""
        r = runs[-1]
        if s[r.end:].strip(" \t\u3000\xa0"):
            return
        before = s[runs[-2].end if len(runs) > 1 else 0:r.start]
        key, _ = _key_map(before)
        if key and not key.endswith(self.index.flat_labels[table]):
            return
        if before.strip() and _is_sentence_before(before, len(before.rstrip())):
            return
        self.flat_runs.setdefault(table, []).append((r, before, loc))


# -- narrative counts ----------------------------------------------------------

def narrative_counts(items: list[Item], template: Template) -> dict[str, tuple[float, str]]:
    """Counts the report's own text states: table path -> (value, quote).
    A path stated twice with different values is dropped."""
    found: dict[str, set[float]] = {}
    quotes: dict[str, str] = {}
    rows_of = {t.key: {a: r.key for r in t.rows for a in r.labels} for t in template.of_layout("rows")}
    cols_of = {t.key: {c for r in t.rows for c in r.columns} for t in template.of_layout("rows")}
    ignore = template.narrative_ignore
    any_cue = _any_cue(template)

    def add(path: str, v: float, quote: str) -> None:
        found.setdefault(path, set()).add(v)
        quotes.setdefault(path, quote)

    for it in items:
        if not isinstance(it, Para) or len(it.text) > MAX_LINE:
            continue
        if not _DIGIT.search(it.text):
            continue  # every cue states a number (its value, read by float(), has digits)
        s = re.sub(r"\s+", "", norm_text(it.text))
        if any_cue is not None and any_cue(s) is None:
            continue  # no cue matches anywhere in the paragraph: none matches in a clause of it
        for clause in re.split(r"[,;。!?]", s):
            if not _DIGIT.search(clause):
                continue
            for cue in template.narrative:
                for m in cue.pattern.finditer(clause):
                    head = clause[: m.start()] if cue.head_before else clause[: m.start("value")]
                    if ignore is not None and ignore.search(head):
                        continue
                    if cue.skip_if_head_has and cue.skip_if_head_has in head:
                        continue
                    if not cue.columns:
                        add(cue.path, float(m.group("value")), m.group(0))
                        continue
                    row = rows_of.get(cue.path, {}).get(m.group("row"))
                    col = dict(cue.columns).get(m.group("column"))
                    if row and col in cols_of.get(cue.path, ()):
                        add(f"{cue.path}.{row}.{col}", float(m.group("value")), m.group(0))
    return {p: (next(iter(vs)), quotes[p]) for p, vs in found.items() if len(vs) == 1}


# what makes a cue's match in a clause depend on the text around the clause (anchors, look-arounds,
# atomic groups, possessive repeats, back-references, inline flags): such a cue is not pre-checked
_CONTEXT_BOUND = patterns.compile(r"\\[bBAZ0-9]|\(\?[=!<>aiLmsux-]|\(\?P=|[*+?}]\+|(?<!\[)\^|\$")
_ANY_CUE: dict[tuple[str, int], Callable[[str], re.Match[str] | None] | None] = {}


def _any_cue(template: Template) -> Callable[[str], re.Match[str] | None] | None:
    """One search for every narrative cue of the form at once (their
    patterns as alternatives, groups unnamed): a paragraph it finds nothing
    in has no clause any cue matches (a clause is a stretch of the
    paragraph, and no cue looks past its match).  None when a cue's pattern
    may look past its match."""
    key = (template.id, generation())
    if key not in _ANY_CUE:
        sources = [c.source for c in template.narrative]
        unnamed = [re.sub(r"[(][?]P<[^>]*>", "(?:", x) for x in sources]
        _ANY_CUE[key] = (None if not sources or any(_CONTEXT_BOUND.search(x) for x in sources) else
                         patterns.compile("|".join(f"(?:{x})" for x in unnamed)).search)
    return _ANY_CUE[key]


# -- readings -----------------------------------------------------------------


def _value(piece: Piece, col: _Col) -> tuple[bool, object]:
    """(valid, value) of a piece in a column."""
    if piece.null:
        return True, None
    if piece.sign and not col.signed:
        return False, None
    if "." in piece.text and not col.money:
        return False, None
    num = float(piece.text.replace(",", ""))
    if piece.sign == "-":
        num = -num
    if col.money:
        if piece.unit is not None and piece.unit not in ("万元", "万", "元"):
            return False, None
        return True, to_money(Parsed(num, piece.unit), col.money, col.unit)
    if piece.unit is not None and piece.unit not in COUNT_UNITS and piece.unit != "万":
        return False, None
    if len(piece.text.replace(",", "")) > MAX_COUNT_DIGITS:
        return False, None
    return True, to_count(Parsed(num, piece.unit))


def _placements(pieces: list[Piece], n: int) -> Iterator[tuple[list[Piece | None], list[Piece]]]:
    """Ways to lay m pieces on n cells: one a cell; blanks where the digits
    are too few; spurious pieces left out where they are too many.  Yields
    (cells: list of Piece|None, dropped: list of Piece)."""
    m = len(pieces)
    if m == n:
        yield list[Piece | None](pieces), []
    elif m < n:
        for blanks in itertools.combinations(range(n), n - m):
            it = iter(pieces)
            yield [None if i in blanks else next(it) for i in range(n)], []
    else:
        for drop in itertools.combinations(range(m), m - n):
            kept: list[Piece | None] = [p for i, p in enumerate(pieces) if i not in drop]
            yield kept, [pieces[i] for i in drop]


def _n_placements(m: int, n: int) -> int:
    return comb(n, n - m) if m <= n else comb(m, m - n)


def _row_readings(match: _Match, cols: list[_Col], table: str, hints: dict[str, tuple[float, str]],
                  rules: list[tuple[int, list[int]]] | None = None, max_shift: int = MAX_SHIFT,
                  values: _ValueMemo | None = None, placed: _PlacedMemo | None = None) -> list[Reading]:
    """The candidate readings of a glued row: the cuts of its run into the
    row's cells whose numbers fit them (:func:`_plan` says which numbers of
    pieces and how many readings each); more than ``MAX_READINGS``: only
    those that agree with the row's own totals (``rules``), else the row is
    cut off (:func:`_cut_off`).  ``values``: what pieces give in columns
    of a kind, shared by the rows of one document (:class:`_Maker`);
    ``placed``: the placements kept for a run in cells of kinds, shared the
    same way (a table's rows of one digit each, ``0``, are cut once)."""
    run = match.run
    n = len(cols)
    shown = f"{match.label}{run.text}"
    if len(shown) > 80:
        shown = shown[:40] + "…" + shown[-30:]
    note = f"values run together in '{shown}'"

    # which placements fit and which are told apart depends on the run's groups, the columns'
    # kinds and the shifts allowed, not on the row: made once for rows alike, each row's own
    # reading (its slots, sources, narrative, spacing) made from them
    key = (*run.groups, None, *[(c.signed, c.money, c.unit) for c in cols], max_shift) if placed is not None else ()
    kept = placed.get(key) if placed is not None else None
    if kept is not None:
        maker = _Maker(match, cols, table, note, shown, hints, values)
        return Distinct([maker.reading(cells, cast("list[_Cell]", maker.place(cells)), dropped, shift)
                         for cells, dropped, shift in kept])

    variants = dash_variants(run.groups)
    if variants is None:
        return _cut_off(match, cols, table, shown, note,
                        f"the run '{run.text}' has too many '-' to weigh each as a sign or a blank")
    plan = _plan(variants, n, max_shift)
    if not plan:
        return _cut_off(match, cols, table, shown, note, f"the run '{run.text}' cannot be cut into {n} numbers")
    best_shift = plan[0][0]
    maker = _Maker(match, cols, table, note, shown, hints, values)
    budget = MAX_READINGS
    readings: list[Reading] = []
    # the values' reprs of the readings made: one told from another as the solver tells them
    # (:meth:`Reading.signature`; every reading has a slot for every cell), the first kept
    seen: set[tuple[str, ...]] = set()
    made: list[tuple[list[Piece | None], list[Piece], int]] = []
    for shift, groups, m, count in plan:
        if count > budget:
            if shift == best_shift:
                narrowed = (_by_row_totals(maker, variants, rules, count)
                            if shift == 0 else None)
                return narrowed or _cut_off(match, cols, table, shown, note, f"the run '{run.text}' can be cut "
                                            f"into {n} numbers in {count} ways (more than {MAX_READINGS})")
            continue  # an alternative with too many readings: not offered
        budget -= count
        for pieces in cuts(groups, m):
            for cells, dropped in _placements(pieces, n):
                got = maker.place(cells)
                if got is None:
                    continue
                sig = tuple([shown for shown, _, _ in got])
                if sig in seen:
                    continue
                seen.add(sig)
                made.append((cells, dropped, shift))
                readings.append(maker.reading(cells, got, dropped, shift))
    if not readings:
        return _cut_off(match, cols, table, shown, note, f"no cut of the run '{run.text}' fits the row's {n} cells")
    if placed is not None:
        placed[key] = made
    return Distinct(readings)


def _plan(variants: list[list[Group]], n: int, max_shift: int = MAX_SHIFT) -> list[tuple[int, list[Group], int, int]]:
    """Which numbers of pieces to cut each variant of a run into, and how many
    readings each gives, counted before any is made: (shift, groups, pieces,
    readings), the shifts from one number per cell smallest first."""
    plan: list[tuple[int, list[Group], int, int]] = []
    for groups in variants:
        lo, hi = piece_range(groups, n + MAX_SHIFT)
        if hi == 0:
            continue
        # other counts than one number per cell only where arithmetic can
        # tell them apart (``max_shift`` 0 in a "rows" table, table 二, which has none)
        shift = max_shift
        ms = [m for m in range(lo, hi + 1) if abs(m - n) <= shift]
        if not ms and hi < n:
            ms = [m for m in range(max(lo, hi - MAX_SHIFT), hi + 1)]
        counts = cut_counts(groups, max(ms, default=0))  # every m's count in one product
        for m in ms:
            if m < 1:
                continue
            c = counts[m]
            if c:
                plan.append((abs(m - n), groups, m, c * _n_placements(m, n)))
    plan.sort(key=lambda x: x[0])
    return plan


def _cut_off(match: _Match, cols: list[_Col], table: str, shown: str, note: str, reason: str) -> list[Reading]:
    """The one reading of a row whose run cannot be weighed (``reason``):
    every cell unknown, left to the form's arithmetic, with the digits an
    inferred row must spell."""
    run = match.run
    prov = Provenance(raw=run.text, loc=match.loc, cell=match.cell, table=match.table_index, how="split",
                      note=f"split from '{shown}'")
    slots = {c.path: Slot(UNKNOWN, prov) for c in cols}
    digits = "".join(g.text.replace(",", "") for g in run.groups if g.kind == "num")
    if any(g.sign or g.unit or g.kind == "null" or "." in g.text for g in run.groups):
        digits = "\x00"  # signs, units or blank marks: no inferred row can be checked, none is kept
    cut = Issue("glued_run_cut_off", f"{table}.{match.key}: {reason}; the row's values are left to the form's "
                "arithmetic", match.where)
    return [Reading(slots, note, digits=digits, issues=[cut])]


# -- too many cuts: only those that agree with the row's own totals ------------

_Ending = tuple[Piece, object, float, int, int]  # piece, value, its number, previous group, previous end
MAX_DP_STATES = 30_000  # work bound of the constrained count, per row


class _TooMuch(Exception):
    pass


_RULES: dict[tuple[object, ...], list[tuple[int, list[int]]] | None] = {}  # (form, generation, table, cols) ->


def _row_rules(template: Template, table: str, cols: list[_Col]) -> list[tuple[int, list[int]]] | None:
    """The row's own equations as (total cell, part cells), in cell order, each
    total after its parts and no two interleaved; None when they are not so.
    Worked out once per form and row shape."""
    key = (template.id, generation(), table, *cols)
    if key not in _RULES:
        _RULES[key] = _rules_of_row(template, table, cols)
    return _RULES[key]


def _rules_of_row(template: Template, table: str, cols: list[_Col]) -> list[tuple[int, list[int]]] | None:
    idx = {c.path: i for i, c in enumerate(cols)}
    prefixes = list(dict.fromkeys(c.path.rsplit(".", 1)[0] for c in cols))
    out: list[tuple[int, list[int]]] = []
    for rule in template.rules:
        if rule.table != table or rule.each == "column" or len(rule.total) != 1:
            continue
        for pre in prefixes:
            t = idx.get(f"{pre}.{rule.total[0]}")
            parts = [idx[f"{pre}.{x}"] for x in rule.parts if f"{pre}.{x}" in idx]
            if t is None or len(parts) != len(rule.parts):
                continue
            out.append((t, sorted(parts)))
    out.sort()
    last = -1
    for t, parts in out:
        if min(parts) <= last or max(parts) >= t:
            return None
        last = t
    return out or None


def _pieces_ending(groups: list[Group], gi: int, end: int) -> Iterator[tuple[Piece, int, int]]:
    """The pieces that can end at ``groups[gi].text[:end]`` (read from the
    right): (piece, previous gi, previous end)."""
    g = groups[gi]
    if g.kind == "null":
        yield Piece("", null=True), gi - 1, len(groups[gi - 1].text) if gi > 0 else 0
        return
    text = g.text
    for i in range(end - 1, max(0, end - MAX_PIECE) - 1, -1):
        t = text[i:end]
        if t[0] in ".,":
            continue
        if not valid_piece(t):
            continue
        if i > 0 and text[i - 1] == ".":
            continue  # the cut would split a decimal
        if i > 0 and text[i - 1] == "," and i - 1 == 0:
            continue
        piece = Piece(t, g.sign if i == 0 else "", g.unit if end == len(text) else None)
        if i == 0:
            yield piece, gi - 1, len(groups[gi - 1].text) if gi > 0 else 0
        else:
            yield piece, gi, i - 1 if text[i - 1] == "," else i


class _TotalsDP:
    """The cuts of one variant of a run whose numbers agree with the row's
    own totals, read from the right: a total is met before its parts, whose
    sum it bounds.  :meth:`count` counts them (memoised, bounded by
    ``MAX_DP_STATES``), :meth:`walk` then lists them."""

    def __init__(self, groups: list[Group], cols: list[_Col], rules: list[tuple[int, list[int]]]) -> None:
        self.groups = groups
        self.cols = cols
        self.total_at = {t for t, _ in rules}
        self.first_part = {min(parts): t for t, parts in rules}
        self.part_of = {p for _, parts in rules for p in parts}
        self.memo: dict[tuple[int, int, int, float], int] = {}
        self.ending: dict[tuple[int, int, _Col], list[_Ending]] = {}

    def pieces(self, gi: int, end: int, col: _Col) -> list[_Ending]:
        key = (gi, end, col)
        hit = self.ending.get(key)
        if hit is None:
            hit = []
            for piece, pgi, pend in _pieces_ending(self.groups, gi, end):
                ok, v = _value(piece, col)
                if ok:
                    hit.append((piece, v, float(v) if isinstance(v, (int, float)) else 0.0, pgi, pend))
            self.ending[key] = hit
        return hit

    def step(self, gi: int, end: int, k: int, left: float) -> Iterator[tuple[Piece, object, int, int, float]]:
        """(piece, value, prev gi, prev end, left after) for cell k."""
        for piece, v, x, pgi, pend in self.pieces(gi, end, self.cols[k]):
            if k in self.total_at:
                nl = x
            elif k in self.part_of:
                nl = left - x
                if nl < -1e-6:
                    continue
                if k in self.first_part and abs(nl) > 1e-6:
                    continue
            else:
                nl = left
            yield piece, v, pgi, pend, nl

    def count(self, gi: int, end: int, k: int, left: float) -> int:
        if k < 0:
            return 1 if gi < 0 or (gi == 0 and end == 0) else 0
        if gi < 0:
            return 0
        key = (gi, end, k, left)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        if len(self.memo) > MAX_DP_STATES:
            raise _TooMuch
        total = sum(self.count(pgi, pend, k - 1, nl) for _, _, pgi, pend, nl in self.step(gi, end, k, left))
        self.memo[key] = total
        return total

    def walk(self, gi: int, end: int, k: int, left: float, acc: list[tuple[Piece, object]]
             ) -> Iterator[list[tuple[Piece, object]]]:
        if k < 0:
            if gi < 0 or (gi == 0 and end == 0):
                yield list(reversed(acc))
            return
        if gi < 0:
            return
        for piece, v, pgi, pend, nl in self.step(gi, end, k, left):
            if k > 0 and not self.memo.get((pgi, pend, k - 1, nl)) and pgi >= 0:
                continue
            acc.append((piece, v))
            yield from self.walk(pgi, pend, k - 1, nl, acc)
            acc.pop()


def _by_row_totals(maker: _Maker, variants: list[list[Group]], rules: list[tuple[int, list[int]]] | None,
                   count_all: int) -> list[Reading] | None:
    """When a run has too many cuts, the ones whose numbers agree with the
    row's own totals (a row of table 三: the six columns add up to the total column).
    Read from the right (:class:`_TotalsDP`); None when that is not possible."""
    if not rules:
        return None
    match, cols, table = maker.match, maker.cols, maker.table
    n = len(cols)
    out: list[Reading] = []
    for groups in variants:
        if any(g.kind == "num" and ("." in g.text) for g in groups):
            return None
        dp = _TotalsDP(groups, cols, rules)
        last = len(groups) - 1
        try:
            c = dp.count(last, len(groups[last].text), n - 1, 0.0)
        except (_TooMuch, RecursionError):
            return None
        if c + len(out) > MAX_READINGS:
            return None
        for cells in dp.walk(last, len(groups[last].text), n - 1, 0.0, []):
            pieces: list[Piece | None] = [p for p, _ in cells]
            got = maker.place(pieces)
            assert got is not None  # (each piece's value in its column: the walk only takes those that fit)
            out.append(maker.reading(pieces, got, [], 0))
    if not out:
        return None
    out[0].issues.append(Issue(
        "glued_run_narrowed",
        f"{table}.{match.key}: the run '{match.run.text}' can be cut into {len(cols)} numbers in {count_all} "
        f"ways; only the {len(out)} whose numbers add up to the row's own total(s) were weighed", match.where))
    return out


def _spaces_before(s: str, i: int) -> int:
    j = i
    while j > 0 and s[j - 1] in _SPACE:
        j -= 1
    return i - j


def _spaces_after(s: str, i: int) -> int | None:
    j = i
    while j < len(s) and s[j] in _SPACE:
        j += 1
    return None if j >= len(s) and j == i else j - i


def spacing_mismatch(match: _Match, cells: list[Piece | None]) -> int:
    """How far the blank cells of a reading are from where the text shows
    them.  Cells joined by one space (a page flattened with a space between
    cells) leave one extra space per empty cell: ``4       二、…`` is 4 and six
    blanks.  0 for every reading when the run shows no wide gap (glued
    digits, one space everywhere); only breaks ties the arithmetic leaves."""
    gaps = [match.lead_gap, match.trail_gap or 0] + [p.gap for p in cells if p is not None]
    if max(gaps) < 2:
        return 0
    out = 0
    blanks = 0
    first = True
    for p in cells:
        if p is None:
            blanks += 1
            continue
        expected = max(0, (match.lead_gap if first else p.gap) - 1)
        if first or p.gap:
            out += abs(blanks - expected)
        else:
            out += blanks  # blanks inside a run of digits leave no space
        blanks = 0
        first = False
    if match.trail_gap is not None:
        out += abs(blanks - max(0, match.trail_gap - 1))
    return out


#: a column's (signed, money, unit) -> piece -> whether the piece fits such a column, its value there, its repr
_ValueMemo = dict[tuple[bool, str | None, str | None], dict[Piece, tuple[bool, object, str]]]

#: (a run's groups, None, its columns' kinds, the shifts allowed) -> the placements kept for it, in
#: order: (cells, numbers left out, shift)
_PlacedMemo = dict[tuple[object, ...], list[tuple[list[Piece | None], list[Piece], int]]]

#: a cell read one way: its value's repr (what tells two readings apart), its slot, the narrative
#: figure it contradicts
_Cell = tuple[str, Slot, str | None]
_MISFIT: _Cell = ("", Slot(None), None)  # a piece that does not fit the column

SPACING_WEIGHT = 1000  # penalty: cells off one number per cell weigh more than blanks off the spacing


class _Maker:
    """The readings of one glued row, made cell by cell: what a piece gives in a
    column (its value, its slot, the narrative figure it contradicts) is worked
    out once per (cell, piece), however many cuts place that piece there, in
    one pass over a placement's cells."""

    def __init__(self, match: _Match, cols: list[_Col], table: str, note: str, shown: str,
                 hints: dict[str, tuple[float, str]], values: _ValueMemo | None = None) -> None:
        self.match, self.cols, self.table, self.note, self.shown = match, cols, table, note, shown
        self.paths = [col.path for col in cols]
        # (no figure in the narrative: none to look up a cell)
        self.hints = [hints.get(f"{table}.{col.path}") for col in cols] if hints else [None] * len(cols)
        self.hinted = any(h is not None for h in self.hints)  # else no reading contradicts the narrative
        # no gap of two spaces around or inside the run (a piece's gap is its group's): every
        # reading's blanks are as far from the spacing as any other's (spacing_mismatch 0)
        self.spaced = max(match.lead_gap, match.trail_gap or 0, *(g.gap for g in match.run.groups)) >= 2
        # per cell, piece -> whether it fits the column, its value, and that value's repr (what a
        # piece gives depends on the column's kind, not on its path: one dict a kind, shared by the rows)
        by_kind: _ValueMemo = {} if values is None else values
        self.value_memos = [by_kind.setdefault((col.signed, col.money, col.unit), {}) for col in cols]
        # per cell, piece or None (read as blank) -> how it reads there (:meth:`_cell`)
        self.cell_memos: list[dict[Piece | None, _Cell]] = [{} for _ in cols]

    def place(self, cells: list[Piece | None]) -> list[_Cell] | None:
        """How each cell of a placement reads (None for a blank: read as
        blank); None when a piece does not fit its column."""
        memos = self.cell_memos
        got: list[_Cell] = []
        for i, cell in enumerate(cells):
            hit = memos[i].get(cell)
            if hit is None:
                hit = self._cell(i, cell)
            if hit is _MISFIT:
                return None
            got.append(hit)
        return got

    def _cell(self, i: int, cell: Piece | None) -> _Cell:
        """Cell i read as ``cell``: its value's repr, its slot, and the
        narrative figure it contradicts (:data:`_MISFIT` when the piece does
        not fit the column); made once (``cell_memos``)."""
        if cell is None:
            v: object = None
            shown = "None"
        else:
            kind = self.value_memos[i]
            fit = kind.get(cell)
            if fit is None:
                ok, value = _value(cell, self.cols[i])
                fit = kind[cell] = (ok, value, repr(value))
            if not fit[0]:
                self.cell_memos[i][cell] = _MISFIT
                return _MISFIT
            v, shown = fit[1], fit[2]
        n = len(self.cols)
        note = (f"split from '{self.shown}': cell {i + 1} of {n} read as blank (no number left for it)"
                if cell is None else f"split from '{self.shown}': cell {i + 1} of {n} read as '{cell.shown()}'")
        m = self.match
        slot = Slot(v, Provenance(raw=m.run.text, loc=m.loc, cell=m.cell, table=m.table_index, how="split", note=note))
        h = self.hints[i]
        contra = None
        if h is not None and (not isinstance(v, (int, float)) or abs(float(v) - h[0]) > 1e-6):
            contra = f"'{h[1]}' gives {self.table}.{self.cols[i].path} = {h[0]:g}"
        hit = self.cell_memos[i][cell] = (shown, slot, contra)
        return hit

    def reading(self, cells: list[Piece | None], got: list[_Cell], dropped: list[Piece], shift: int) -> Reading:
        """The reading of a placement (``got``: :meth:`place`)."""
        slots = dict(zip(self.paths, [slot for _, slot, _ in got], strict=False))
        contradicted = [contra for _, _, contra in got if contra is not None] if self.hinted else []
        rnote = self.note
        if dropped:
            rnote += f"; {len(dropped)} number(s) left out ({', '.join(p.shown() for p in dropped)})"
        elif blanks := cells.count(None):
            rnote += f"; {blanks} cell(s) read as blank"
        off = spacing_mismatch(self.match, cells) if self.spaced else 0
        return Reading(slots, rnote, narrative=len(contradicted), narrative_notes=tuple(contradicted),
                       penalty=shift * SPACING_WEIGHT + off)


# -- the hook -----------------------------------------------------------------


def _columns(template: Template, table: str, key: str, header_unit: str | None) -> list[_Col]:
    t = template.tables[table]
    if t.layout == "grid":
        return [_Col(f"{key}.{c.key}") for c in t.columns]
    if t.layout == "flat":
        return [_Col(p) for p in t.paths()]
    spec = t.row(key)
    return [_Col(f"{key}.{c}", c in t.signed, t.money.get(c),
                 header_unit if t.money.get(c) else None) for c in spec.columns]


def _max_shift(template: Template, table: str) -> int:
    """Readings with other counts of numbers than cells only where arithmetic
    can tell them apart: not in a "rows" table (table 二)."""
    return 0 if template.tables[table].layout == "rows" else MAX_SHIFT


def glued_readings(items: list[Item], template: Template, found: set[str],
                   bare: dict[str, str] | None = None) -> list[GluedRow]:
    """Glued rows among ``items`` (the matcher's events) that are not among
    ``found`` (dotted "table.row" keys already read from cells).  ``bare``,
    when given, gets the rows whose label stands in the tables' paragraphs
    with no digits after it ("table.row" -> the label as written, numbered)."""
    scanner = _Scanner(template)
    matches = _scan(items, template, scanner, bare is not None)
    if bare is not None:
        bare.update(scanner.bare)
    hints = narrative_counts(items, template) if matches or scanner.flat_runs else {}
    out: list[GluedRow] = []
    done: set[str] = set()
    values: _ValueMemo = {}  # pieces in columns of a kind: "0" read in a count column once, not once a row
    placed: _PlacedMemo = {}  # a run in columns of kinds: "0" placed in seven count cells once, not once a row
    for m, unit in matches:
        qual = f"{m.table}.{m.key}"
        if qual in found:
            continue
        cols = _columns(template, m.table, m.key, unit)
        if qual in done:
            dup = Issue("duplicate_row", f"{qual}: run-together digits '{m.run.text}' for this row again; the first "
                        "occurrence is kept", m.where)
            for g in out:
                if f"{g.table}.{g.key}" == qual:
                    g.readings[0].issues.append(dup)
            continue
        done.add(qual)
        readings = _row_readings(m, cols, m.table, hints, _row_rules(template, m.table, cols),
                                 _max_shift(template, m.table), values, placed)
        out.append(GluedRow(m.table, m.key, readings, m.where))
    for table, runs in scanner.flat_runs.items():
        if f"{table}.*" not in found:
            out.append(_flat_row(table, runs, template, hints, values))
    return out


def _scan(items: list[Item], template: Template, scanner: _Scanner,
          bare: bool = False) -> list[tuple[_Match, str | None]]:
    """The labelled runs of the tables' paragraphs and of table rows whose
    last label ends in digits, each with its unit (its own, else the header's
    above it); a "flat" table's (table 四's) runs are gathered by the scanner
    (and with ``bare``, the labels without digits after them)."""
    ctx: str | None = None
    matches: list[tuple[_Match, str | None]] = []
    header_unit: str | None = None
    for it in items:
        if isinstance(it, Heading):
            ctx = template.table_sections.get(it.number)
            scanner.group_ctx = None
            continue
        if isinstance(it, Para):
            if ctx is None:
                continue
            where = str(it.loc) if it.loc else "text"
            got = scanner.line(it.text, ctx, where, it.loc, bare=bare)
            if template.tables[ctx].layout == "rows" and not got:
                header_unit = unit_of_header(it.text)  # a header line: its unit holds for the next row
            matches.extend((m, m.unit or header_unit) for m in got)
            continue
        if isinstance(it, LRow) and it.labels and ctx is not None and template.tables[ctx].layout != "flat":
            last = norm_text(it.labels[-1].text).rstrip()
            if not last or not (last[-1].isdigit() or last[-1] in "/—-"):
                continue
            text = "".join(c.text for c in it.labels) + "".join(" " + c.text for c in it.values)
            where = f"table {it.table + 1}" + (f", {it.loc}" if it.loc else "")
            for m in scanner.line(text, ctx, where, it.loc, it.table):
                m.cell = (it.labels[-1].row, it.labels[-1].col)
                matches.append((m, m.unit or header_unit))
    return matches


def _flat_row(table: str, runs: list[tuple[Run, str, Location | None]], template: Template,
              hints: dict[str, tuple[float, str]], values: _ValueMemo | None = None) -> GluedRow:
    """A "flat" table (table 四) flattened: its runs read as one row of all its cells."""
    groups = [g for r, _, _ in runs for g in r.groups]
    text = " ".join(r.text for r, _, _ in runs)
    run = Run(groups, runs[0][0].start, runs[-1][0].end, text)
    loc = runs[0][2]
    where = table
    m = _Match(table, "*", run, "", where, loc)
    cols = _columns(template, table, "*", None)
    readings = _row_readings(m, cols, table, hints, _row_rules(template, table, cols), _max_shift(template, table),
                             values)
    return GluedRow(table, "*", readings, where)
