"""The search over a table's joint readings (branch and bound).

The solver (:mod:`.solver`) hands over the rows that have several readings;
:func:`search` finds every combination — one reading per row — that is best
by the order below, and gathers their values, sources and row outcomes
(:class:`Best`).

Readings of a row that give the same numbers for the arithmetic (a blank
counts as 0) form one *class*; the search weighs classes.

"Fewest rules broken" is read in two steps: first the rules of each row on
its own (a row's total is the sum of its cells; negative counts), then the
rules shared between rows (column sums).  A cut of run-together digits that
breaks its own row's total is a poor reading of those digits, while column
sums are where real reports are inconsistent (a count of one group added on
top, a total left at 0): such a report keeps its faithful readings and its
broken column sums, rather than trading them for rows cut against their own
totals.  Then fewer figures contradicting the narrative, then fewer numbers
more or fewer than cells.

Every combination that is best in that order is visited (ties are the
point: they decide what is left null).  Bounds: each row's least own
breakage; for shared equations, the partial sum of the rows assigned so far
and the least and most the rows still to come can add.  The work is bounded
(``bound``: class trials and leaves, a leaf weighing :data:`LEAF_WEIGHT`;
a :class:`Budget` shares it between the tables of one conversion); past it
only what every reading of a row agrees on is kept, never a partial guess.

Pruning, arithmetic first: the shared equations each row adds to are
rechecked as the row is chosen (the others' count carries down), and for
the last rows the exact set of sums they can still add (``reach``) tells
when no way on brings every shared equation to zero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from operator import itemgetter
from typing import cast

from ..arith import Equation
from ..model import Provenance
from .readings import UNKNOWN, Reading, Slot

LEAF_WEIGHT = 100  # nodes one leaf counts for: at most 200 leaves by default (corpus searches need <= 49)
_EPS = 1e-6
_MAX_KEPT = 50  # distinct outcomes remembered per row
_SOURCES_KEPT = 2  # distinct sources remembered per path: the first, and whether there is another
_PROBE_AFTER = 8  # leaves weighed in a phase before the walk checks that it can end within its steps
_REACH_MAX = 4096  # sum vectors of the last rows kept for the exact shared-rule bound
_ZERO = {0.0}
_SMALL = 2.0**40  # whole numbers below this add up exactly in floats in any order (up to 2**13 of them)


class _Bounded(Exception):
    pass


class Budget:
    """The steps the arithmetic's search may still take in one conversion
    (class trials and leaves, a leaf weighing :data:`LEAF_WEIGHT`), shared
    by the searches of every table: the worst case of a whole document is
    bounded by work, not by a clock and not by luck.  A search that runs
    out of it keeps only what every reading of a row agrees on (and so
    does every later one)."""

    __slots__ = ("left", "steps")

    def __init__(self, steps: int) -> None:
        self.steps = steps
        self.left = steps


@dataclass(slots=True)
class Best:
    """What the best combinations give: per path its values and sources (the
    first two told apart: the one a settled value cites, and whether it has
    another), per row (index into the ambiguous rows) its outcomes."""

    key: tuple[float, float] = (float("inf"), float("inf"))  # (own-row rules broken, shared rules broken)
    narrative: int = 0
    penalty: int = 0
    vals: dict[str, dict[str, object]] = field(default_factory=dict)
    # (sources told apart by their fields, Provenance's ==, the object itself first: a leaf records
    # every cell's source, and no key is made of one)
    provs: dict[str, list[Provenance | None]] = field(default_factory=dict)
    inferred: set[str] = field(default_factory=set)
    outcomes: dict[int, dict[tuple[str, ...], None]] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    # (row, class) recorded, with the values inferred for its unknown cells when there are any
    done: set[tuple[object, ...]] = field(default_factory=set)
    # combinations as good by the rules but contradicting the narrative
    # more: tie-break penalty -> (row, narrative figure) they contradict
    losers: dict[int, set[tuple[int, str]]] = field(default_factory=dict)
    bounded: bool = False
    # the fixed cells whose value every combination shares are recorded
    constants_kept: bool = False

    @property
    def score(self) -> int:
        """Rules broken by the best readings, all told."""
        return int(sum(self.key)) if self.key[0] != float("inf") else 0

    @property
    def narrative_notes(self) -> set[tuple[int, str]]:
        """The narrative settled a choice when a combination it set aside
        would otherwise have been among the best: (row, figure) the rows
        it settled, by the figures their set-aside readings contradict (row
        -1: not known)."""
        out: set[tuple[int, str]] = set()
        for pen, notes in self.losers.items():
            if pen <= self.penalty:
                out |= notes or {(-1, "figures quoted in the text")}
        return out

    def reset(self) -> None:
        self.vals, self.provs, self.inferred = {}, {}, set()
        self.outcomes, self.notes, self.done = {}, {}, set()
        self.constants_kept = False


_Sides = tuple[Sequence[str], Sequence[str]]  # an equation's total cells and part cells
_Classes = list[tuple[list[str], list[list[Reading]]]]  # per row: its paths, its readings grouped by values
_Phase = tuple[list[list[int]], Callable[[Best], bool]]  # classes allowed per depth; "this best is final"


def search(ambiguous: list[tuple[str, list[Reading]]], base: dict[str, object], fixed: dict[str, Slot],
           eqs: list[Equation], bound: int | Budget, spelled: Sequence[tuple[list[str], str]] = (),
           paths_of: list[list[str]] | None = None) -> Best:
    """The best combinations of the ``ambiguous`` rows' readings, given the
    values of the rows read one way (``base``, their slots ``fixed``).
    ``bound``: the steps this search may take, or the conversion's
    :class:`Budget` (what this search takes is deducted from it).
    ``spelled``: rows whose inferred values must spell their digits.
    ``paths_of``: each row's paths (its readings', in the order they first
    come), when the caller has them."""
    budget = bound if isinstance(bound, Budget) else Budget(bound)
    return _Search(ambiguous, base, fixed, eqs, spelled, paths_of).run(budget)


class _Search:
    """One table's search.  Rows are taken in *search order* (fewer classes
    first; ``d`` is a depth in that order, ``i`` a row's own index), and
    within a row its classes best first (by what they break on their own,
    then narrative, then penalty).  The state of the walk (``choice``, the
    partial sums ``acc`` of the shared equations, ``nodes``) and the best so
    far live here between phases."""

    def __init__(self, ambiguous: list[tuple[str, list[Reading]]], base: dict[str, object],
                 fixed: dict[str, Slot], eqs: list[Equation], spelled: Sequence[tuple[list[str], str]],
                 paths_of: list[list[str]] | None = None) -> None:
        self.base, self.fixed, self.eqs, self.spelled = base, fixed, eqs, spelled
        # one pass over the readings' slots (:func:`_reading_classes`): per row and class, the
        # values its readings give each path of the row (None: no slot), and the cells the
        # readings may leave unknown
        maybe_unknown = {p for p, v in base.items() if v is UNKNOWN}
        self.rows, self.cvals, unknown_in_rows = _reading_classes(ambiguous, bool(maybe_unknown), paths_of)
        maybe_unknown |= unknown_in_rows
        self.any_unknown = bool(maybe_unknown)
        in_rows = {p for paths, _ in self.rows for p in paths}
        self.covered = {p for eq in eqs for p in eq.total + eq.parts}
        self.own = [_own_row(eq) for eq in eqs]
        # the equations as (total cells, part cells), what a leaf weighs (:func:`_violations`)
        self.own_eqs = [(eq.total, eq.parts) for eq, o in zip(eqs, self.own, strict=False) if o]
        self.shared_eqs = [(eq.total, eq.parts) for eq, o in zip(eqs, self.own, strict=False) if not o]
        self.eqs_at: dict[str, list[_Sides]] = {}
        for eq in eqs:
            for p in eq.total + eq.parts:
                self.eqs_at.setdefault(p, []).append((eq.total, eq.parts))

        self.R = R = len(self.rows)
        covered = self.covered
        # per row and class, the negative counts the rules cover
        self.cneg = [[len([p for p, v in vals.items() if isinstance(v, (int, float)) and v < 0 and p in covered])
                      for vals in row] for row in self.cvals]
        self.const, self.never, self.contrib = _contributions(eqs, self.rows, self.cvals, base)
        self.own_of: dict[int, list[int]] = {}  # row -> its own equations
        for e in range(len(eqs)):
            if self.own[e] and not self.never[e] and len(self.contrib[e]) == 1:
                self.own_of.setdefault(next(iter(self.contrib[e])), []).append(e)
        self._rank_classes()
        # shared equations: partial sums and the range of the rows to come
        self.glob = [e for e in range(len(eqs)) if not self.own[e] and not self.never[e] and self.contrib[e]]
        self._fold_one_class_rows()
        self.eqs_of = [[e for e in self.glob if self.order[d] in self.contrib[e]] for d in range(R)]
        self.checks: list[tuple[list[tuple[int, set[float] | None, float, float]], ...]] = []
        self.b_lo: dict[int, list[float]] = {}
        self.b_hi: dict[int, list[float]] = {}
        self.pen_rest = [0] * (R + 1)
        # exact reach of the last rows (see _prepare_reach)
        self.sums: list[int] = []
        self.reach_of: dict[int, list[set[float] | None]] = {}
        self.whole = False  # every sum of ``sums`` a whole number (exact in floats)
        self.reach: list[set[tuple[float, ...]] | None] = [None] * (R + 1)
        self.reach_int: list[set[int] | None] = [None] * (R + 1)  # the same, packed (whole numbers)
        self.reach_low = -1
        self.packs: list[tuple[int, int, int]] = []  # per equation of ``sums``: least, most, scale

        self.acc = list(self.const)
        self.unk = [0] * len(eqs)
        self.choice = [0] * R
        self.allowed: list[list[int]] = []
        self.best = Best()
        self.nodes = 0
        self.cur_notes: set[tuple[int, str]] = set()  # (row, narrative figure) of the best combinations so far
        # the fixed cells a combination can change (unknown ones, to infer;
        # those an ambiguous row also holds): the rest are recorded once
        self.fixed_moving = [(p, s) for p, s in fixed.items() if s.value is UNKNOWN or p in in_rows]
        # what a leaf weighs, precomputed: the equations a cell may be unknown in (the only ones
        # inference can solve), and the cells that may hold a negative count the rules cover
        self.unknown_eqs = [eq for eq in eqs if any(p in maybe_unknown for p in eq.total + eq.parts)]
        row_paths = {p for paths, _ in self.rows for p in paths}
        self.neg_base = sum(1 for p, v in base.items()
                            if p not in row_paths and p in self.covered and _is_negative(v))
        # per depth and class, in search order: the values a leaf sets, and the negative counts
        # the rules cover among them (a path two rows hold counts in the last one, which sets it)
        last_d = {p: d for d in range(R) for p in self.rows[self.order[d]][0]}
        # no cell held by two rows, nor by a row and the base: then what the rows break on
        # their own (``cost``) is what a leaf finds, and the least of it a true floor
        self.disjoint = len(last_d) == sum(len(paths) for paths, _ in self.rows) and not row_paths & base.keys()
        self.dvals = [self.cvals[self.order[d]] for d in range(R)]
        self.dneg = ([self.cneg[self.order[d]] for d in range(R)] if self.disjoint else
                     [[sum(1 for p, v in vals.items() if last_d[p] == d and p in covered and _is_negative(v))
                       for vals in self.dvals[d]] for d in range(R)])
        # the equations inference may solve, each as (total cells, part cells, all cells)
        self.unknown_cells = [(eq.total, eq.parts, eq.total + eq.parts) for eq in self.unknown_eqs]
        # a leaf weighed from the rows' contributions alone (no values built, no cell looked up)
        # when no cell may be unknown (nothing to infer), none is held twice (each cell's value
        # is its row's) and every number is whole and small (sums exact in any order): per
        # equation its constant part, (depth, contribution per class) of each row it involves,
        # and whether it is a row's own; worked out at the second leaf (most searches weigh one)
        self.eq_terms: list[tuple[float, list[tuple[int, list[float]]], bool]] | None = None
        self.leaves = 0  # leaves weighed
        self.moves: list[list[list[tuple[int, float | None]]]] | None = None  # see _moves

    def _terms(self) -> list[tuple[float, list[tuple[int, list[float]]], bool]] | None:
        """:attr:`eq_terms`, when a leaf may be weighed from them."""
        if self.any_unknown or not self.disjoint or not self._whole_and_small():
            return None
        depth = {i: d for d, i in enumerate(self.order)}
        return [(self.const[e], [(depth[i], cast("list[float]", xs))  # (no None: nothing unknown)
                                 for i, xs in self.contrib[e].items()], self.own[e])
                for e in range(len(self.eqs))]

    def _whole_and_small(self) -> bool:
        """Whether every number the equations add (the base's and each class's
        contribution, floats or None) is whole and below 2**40: sums of them are exact."""
        for p in self.covered:
            v = self.base.get(p)
            if isinstance(v, (int, float)) and not (float(v).is_integer() and abs(v) < _SMALL):
                return False
        for by_row in self.contrib:
            for xs in by_row.values():
                if None in xs or not all(map(float.is_integer, cast("list[float]", xs))) \
                        or max(map(abs, cast("list[float]", xs))) >= _SMALL:
                    return False
        return True

    # -- bounds ------------------------------------------------------------------

    def _own_cost(self, i: int, c: int) -> int:
        """What class c of row i surely breaks on its own: negative counts
        and its row's own equations."""
        bad = self.cneg[i][c]
        for e in self.own_of.get(i, ()):
            x = self.contrib[e][i][c]
            if x is not None and abs(x + self.const[e]) > _EPS:
                bad += 1
        return bad

    def _fold_one_class_rows(self) -> None:
        """A row with one class adds the same to every equation whatever the
        combination: where that is a whole number (below 2**40), as is the
        equation's constant, it joins the constant (added in search order, as
        the walk would add it) and the row drops out of the equation's
        contributions, so the bounds, the reachable sums and the leaves no
        longer go over it.  Such rows come first in the search order (fewest
        classes first) and a walk passes them once: the partial sums it
        checks after them are the same, the bounds at each of their depths
        those of the first row with several classes (exact in whole
        numbers), so the walk prunes, counts its steps and weighs its leaves
        as before.  Called once what a row breaks on its own (``cost``), the
        rows' own equations and the shared ones (``glob``) are known."""
        one = [i for i in self.order if len(self.cvals[i]) == 1]
        if not one:
            return
        const = self.const
        for e, by_row in enumerate(self.contrib):
            if not by_row or not _whole_small(const[e]):
                continue
            for i in one:
                xs = by_row.get(i)
                if xs is not None and (x := xs[0]) is not None and _whole_small(x):
                    const[e] += x
                    del by_row[i]

    def _rank_classes(self) -> None:
        """The search order; per depth each class's own cost, narrative and
        penalty, the classes best first, and the least own cost of the rows
        to come.  ``base_own``: what the rows read one way break on their own."""
        rows, R = self.rows, self.R
        # rows with fewer classes first; within a row, classes by what they break
        # on their own, then narrative, then distance from one number per cell
        self.order = order = sorted(range(R), key=lambda i: len(rows[i][1]))
        self.cost = [[self._own_cost(i, c) for c in range(len(rows[i][1]))] for i in order]
        self.narr = [[rows[i][1][c][0].narrative for c in range(len(rows[i][1]))] for i in order]
        self.pen = [[rows[i][1][c][0].penalty for c in range(len(rows[i][1]))] for i in order]
        self.class_order = [_ranked(self.cost[d], self.narr[d], self.pen[d]) for d in range(R)]
        self.own_rest = [0] * (R + 1)
        for d in range(R - 1, -1, -1):
            self.own_rest[d] = self.own_rest[d + 1] + min(self.cost[d])
        base, eqs, const, never, contrib = self.base, self.eqs, self.const, self.never, self.contrib
        self.base_own = sum(1 for p, v in base.items() if p in self.covered and isinstance(v, (int, float)) and v < 0)
        self.base_own += sum(1 for e in range(len(eqs)) if self.own[e] and not never[e] and not contrib[e]
                             and abs(const[e]) > _EPS
                             and not all(base.get(p) is None for p in eqs[e].total + eqs[e].parts))
        self.narrated = any(x for row in self.narr for x in row)

    def _prepare_bounds(self, allowed: list[list[int]]) -> None:
        """For the classes ``allowed`` per depth: the least and most each
        shared equation can still gain from depth d on, and the least penalty."""
        R, order, contrib = self.R, self.order, self.contrib
        inf = float("inf")
        # per depth, the allowed classes' contributions taken from a row's list in one C call
        pick = [itemgetter(*a) if len(a) > 1 else None for a in allowed]
        unknowable: set[int] = set()  # equations an allowed class leaves a cell of unknown
        for e in self.glob:
            lo = [0.0] * (R + 1)
            hi = [0.0] * (R + 1)
            ce = contrib[e]
            low = high = 0.0
            for d in range(R - 1, -1, -1):
                xs_all = ce.get(order[d])
                if xs_all is not None:
                    get = pick[d]
                    if get is None:  # one class allowed
                        x = xs_all[allowed[d][0]]
                        if x is None:
                            low, high = -inf, inf
                            unknowable.add(e)
                        else:
                            low += x
                            high += x
                    else:
                        xs = get(xs_all)
                        if None in xs:
                            low, high = -inf, inf
                            unknowable.add(e)
                        else:
                            low += min(xs)
                            high += max(xs)
                lo[d] = low
                hi[d] = high
            self.b_lo[e], self.b_hi[e] = lo, hi
        for d in range(R - 1, -1, -1):
            self.pen_rest[d] = self.pen_rest[d + 1] + min(self.pen[d][c] for c in allowed[d])
        self._prepare_reach(allowed, unknowable)
        # what the walk checks of the shared equations row d adds to, at depths d and d + 1:
        # (equation, the exact sums the rows to come can add or None, the least, the most)
        reach_of, b_lo, b_hi = self.reach_of, self.b_lo, self.b_hi
        self.checks = [tuple([(e, one[k] if (one := reach_of.get(e)) is not None else None, b_lo[e][k], b_hi[e][k])
                              for e in self.eqs_of[d]] for k in (d, d + 1)) for d in range(R)]

    def _prepare_reach(self, allowed: list[list[int]], unknowable: AbstractSet[int]) -> None:
        """For the last rows, every sum they can add to the shared equations
        whose every contribution is known (``sums``): ``reach[d]`` is the
        set of those sum vectors over the rows from depth d on, while it
        holds at most :data:`_REACH_MAX` vectors (None above).  A partial
        combination that no vector of ``reach`` brings to zero on all of
        them breaks at least one shared rule, however the search goes on
        -- which the per-equation ranges cannot see when every row adds to
        every column sum (run-together digits cut several ways in each of
        the last rows).  ``unknowable``: the shared equations some allowed
        class leaves a cell of unknown (not among ``sums``)."""
        R, order, contrib = self.R, self.order, self.contrib
        self.sums = sums = [e for e in self.glob if e not in unknowable]
        self.reach = [None] * (R + 1)
        self.reach_int = [None] * (R + 1)
        self.reach_low = -1  # see _reach_at
        self.reach_of = {}
        if not sums:
            return
        # whole numbers add up exactly in floats (-0.0 == 0.0): no rounding
        self.whole = whole = all(float(self.const[e]).is_integer() and all(
            all(map(float.is_integer, cast("list[float]", xs))) if None not in xs
            else all(x is None or x.is_integer() for x in xs) for xs in contrib[e].values()) for e in sums)
        # each equation on its own: the sums the rows from depth d on can add
        for e in sums:
            one: list[set[float] | None] = [None] * (R + 1)
            got = {0.0}
            one[R] = got
            for d in range(R - 1, -1, -1):
                xs = contrib[e].get(order[d])
                if xs is not None:
                    steps1 = {xs[c] for c in allowed[d]}
                    if whole and steps1 == _ZERO:  # adds nothing (-0.0 == 0.0): the same sums
                        one[d] = got
                        continue
                    if len(got) * len(steps1) > _REACH_MAX:
                        break
                    got = ({v + x for v in got for x in steps1 if x is not None} if whole
                           else {round(v + x, 6) for v in got for x in steps1 if x is not None})
                one[d] = got
            self.reach_of[e] = one
        self.reach_low = R  # the joint sum vectors, grown upwards only as far as the walk asks
        if not whole:
            self.reach[R] = {(0.0,) * len(sums)}
            return
        # whole numbers: each vector packed into one int, component k offset by the least it can
        # be at any depth and scaled past the spans of those before it; adding two vectors is
        # then adding two ints
        self.packs = []
        mult = 1
        for e in sums:
            lo = hi = lo_all = hi_all = 0
            for d in range(R - 1, -1, -1):
                xs = contrib[e].get(order[d])
                if xs is not None:
                    known = [int(x) for c in allowed[d] if (x := xs[c]) is not None]
                    lo += min(known)
                    hi += max(known)
                    lo_all, hi_all = min(lo_all, lo), max(hi_all, hi)
            self.packs.append((lo_all, hi_all, mult))
            mult *= hi_all - lo_all + 1
        self.reach_int[R] = {sum(-lo * m for lo, _, m in self.packs)}

    def _reach_at(self, d: int) -> AbstractSet[object] | None:
        """``reach[d]`` (packed: ``reach_int[d]``), grown from the last rows up
        to depth d on first use (None past :data:`_REACH_MAX` vectors, and for
        every depth above)."""
        whole = self.whole
        reach: list[set[tuple[float, ...]] | None] = self.reach
        packed: list[set[int] | None] = self.reach_int
        if self.reach_low <= d:
            return packed[d] if whole else reach[d]
        order, contrib, allowed, packs = self.order, self.contrib, self.allowed, self.packs
        pos = {e: k for k, e in enumerate(self.sums)}
        while self.reach_low > d:
            n_vecs = len(packed[self.reach_low] or ()) if whole else len(reach[self.reach_low] or ())
            self.reach_low = low = self.reach_low - 1
            i = order[low]
            mine = [(pos[e], contrib[e][i]) for e in self.eqs_of[low] if e in pos]
            steps: set[tuple[tuple[int, float], ...]] = set()
            for c in allowed[low]:
                steps.add(tuple((k, x) for k, xs in mine if (x := xs[c]) is not None))
            if mine and n_vecs * len(steps) > _REACH_MAX:
                self.reach_low = -1
                return None
            if whole:
                ints = packed[low + 1] or set()
                deltas = [sum(int(x) * packs[k][2] for k, x in step) for step in steps]
                packed[low] = {v + q for v in ints for q in deltas} if mine else ints
            else:
                vecs = reach[low + 1] or set()
                grown: set[tuple[float, ...]] = set()
                for v in vecs:
                    for step in steps:
                        w = list(v)
                        for k, x in step:
                            w[k] = round(w[k] + x, 6)
                        grown.add(tuple(w))
                reach[low] = grown if mine else vecs
        return packed[d] if whole else reach[d]

    def _can_zero(self, d: int) -> bool:
        """Whether some combination of the rows from depth d on brings every
        equation of ``sums`` to zero (True when ``reach[d]`` is not known)."""
        reach = self._reach_at(d)
        if reach is None:
            return True
        acc = self.acc
        if self.whole:
            t = 0
            for e, (lo, hi, m) in zip(self.sums, self.packs, strict=True):
                x = -acc[e]
                if x < lo or x > hi:
                    return False  # no vector of reach has it
                t += int(x - lo) * m
            return t in reach
        return tuple([round(-acc[e], 6) for e in self.sums]) in reach

    def _shared_broken(self, d: int, eqs: list[int] | None = None) -> int:
        """Shared equations (of ``eqs``; default: all) surely broken whatever
        the rows from depth d on give."""
        acc, unk, b_lo, b_hi, reach_of = self.acc, self.unk, self.b_lo, self.b_hi, self.reach_of
        n = 0
        for e in self.glob if eqs is None else eqs:
            if unk[e]:
                continue
            sums = reach_of[e][d] if e in reach_of else None
            if sums is not None:  # every sum the rows to come can add: exact
                if (-acc[e] if self.whole else round(-acc[e], 6)) not in sums:
                    n += 1
            elif acc[e] + b_lo[e][d] > _EPS or acc[e] + b_hi[e][d] < -_EPS:
                n += 1
        return n

    # -- phases --------------------------------------------------------------------

    def _phases(self) -> list[_Phase]:
        """First each row's classes that break the least on their own and,
        among those, are the closest to one number per cell; then all classes
        breaking the least on their own; then all.  A phase whose best cannot
        be matched by what the next adds is the whole answer: a class breaking
        more on its own adds an own-row rule, a farther one a penalty."""
        R, cost, pen, narrated = self.R, self.cost, self.pen, self.narrated
        lmin = [min(cost[d]) for d in range(R)]
        local_min = [[c for c in self.class_order[d] if cost[d][c] == lmin[d]] for d in range(R)]
        min_pen = [min(pen[d][c] for c in local_min[d]) for d in range(R)]
        close = [[c for c in local_min[d] if narrated or pen[d][c] == min_pen[d]] for d in range(R)]
        floor = self.base_own + self.own_rest[0]
        return [(close, lambda b: b.key[0] == floor and b.penalty == sum(min_pen)),
                (local_min, lambda b: b.key[0] == floor),
                (self.class_order, lambda b: True)]

    def run(self, budget: Budget) -> Best:
        """Search phase by phase; past what is left of ``budget``, the bounded fallback."""
        try:
            self._run_phases(budget.left)
        except _Bounded:
            self._keep_what_rows_agree_on()
            budget.left = 0
        else:
            budget.left = max(budget.left - self.nodes, 0)
        return self.best

    def _run_phases(self, bound: int) -> None:
        prev: list[list[int]] | None = None
        earlier = self.best
        for allowed, exact in self._phases():
            if prev is not None:
                if all(len(a) == len(p) for a, p in zip(allowed, prev, strict=False)):
                    if exact(self.best):  # the same classes as the phase before
                        break
                    continue
                earlier = self.best
                self.best = Best(key=earlier.key, narrative=earlier.narrative, penalty=earlier.penalty)
                self.cur_notes.clear()
            self.allowed = allowed
            self._prepare_bounds(allowed)
            self._dfs(bound)
            if prev is not None and not self.best.vals:
                self.best = earlier
            prev = allowed
            if exact(self.best):
                break

    def _keep_what_rows_agree_on(self) -> None:
        """Too many to weigh: keep only what every reading of a row agrees on
        (every reading recorded, as :meth:`_record` records a class, nothing
        inferred; a path's sources told apart only until it has two)."""
        self.best = best = Best(bounded=True, key=(0, 0))
        for p, s in self.fixed.items():
            best.vals.setdefault(p, {}).setdefault(repr(s.value), s.value)
            pv = best.provs.setdefault(p, [])
            if len(pv) < _SOURCES_KEPT and s.prov not in pv:
                pv.append(s.prov)
        for d in range(self.R):
            i = self.order[d]
            paths, classes = self.rows[i]
            outs = best.outcomes.setdefault(i, {})
            best.notes.setdefault(i, classes[0][0].note)
            cells = [(p, best.vals.setdefault(p, {}), best.provs.setdefault(p, [])) for p in paths]
            shown: dict[tuple[str, int], str] = {}  # a slot met again adds nothing new
            for cls in classes:
                _record_readings(cls, cells, outs, shown, {}, best.inferred)

    # -- the walk ------------------------------------------------------------------

    def _floor(self) -> tuple[tuple[float, float], int] | None:
        """The best any combination of this phase can score: (the least own-row
        breakage, no shared rule broken) and the least penalty; None when that is
        not a true bound (a cell held by two rows, or by a row and the base)."""
        if not self.disjoint:
            return None
        return (self.base_own + self.own_rest[0], 0), self.pen_rest[0]

    def _hopeless(self, bound: int) -> bool:
        """Whether this phase's walk surely takes more than ``bound`` steps: it
        does when it would even with the best at the floor from the start (a
        better best only prunes more, and the walk never has a better one), a
        walk of its own that weighs no leaf.  Not walked when every combination
        fits.  The walk in progress (``acc``, ``unk``, ``choice``) is kept."""
        floor = self._floor()
        if floor is None:
            return False
        size = LEAF_WEIGHT
        for a in self.allowed:
            size *= len(a)
            if self.nodes + size > bound:
                break
        else:
            return False
        kept = self.acc[:], self.unk[:], self.choice[:]
        self.acc[:], self.unk[:] = self.const, [0] * len(self.unk)  # its own walk, from the top
        try:
            self._dfs(bound, probe=floor)
        except _Bounded:
            return True
        self.acc[:], self.unk[:], self.choice[:] = kept
        return False

    def _moves(self) -> list[list[list[tuple[int, float | None]]]]:
        """Per depth and class, what choosing it adds to the shared equations
        the row adds to: (equation, number or None for unknown), the zeros
        left out (adding 0.0 changes no partial sum: none is -0.0, as each
        is a sum from 0.0).  Made once a search (the walk's phases share it)."""
        if self.moves is None:
            contrib, eqs_of, order = self.contrib, self.eqs_of, self.order
            self.moves = [[[(e, x) for e in eqs_of[d] if (x := contrib[e][order[d]][c]) != 0]
                           for c in range(len(self.cost[d]))] for d in range(self.R)]
        return self.moves

    def _dfs(self, bound: int, probe: tuple[tuple[float, float], int] | None = None) -> None:
        """Depth first over the classes allowed in this phase, a class per
        row, pruned by the bounds; every leaf is scored (:meth:`_leaf`).
        The hot loop: what it reads is bound to locals of ``visit``.
        ``probe``: only count the steps, as if the best were that key and
        penalty throughout (no leaf weighed, ``nodes`` left as it was)."""
        R, allowed = self.R, self.allowed
        cost, pen, own_rest, pen_rest = self.cost, self.pen, self.own_rest, self.pen_rest
        acc, unk, choice = self.acc, self.unk, self.choice
        base_own, narrated, best = self.base_own, self.narrated, self.best
        leaf, shared_broken, can_zero = self._leaf, self._shared_broken, self._can_zero
        checks, whole = self.checks, self.whole
        moves = self._moves()
        nodes = self.nodes

        def broken(chk: list[tuple[int, set[float] | None, float, float]]) -> int:
            """:meth:`_shared_broken` of one row's equations, prepared (``checks``)."""
            n = 0
            for e, sums, lo, hi in chk:
                if unk[e]:
                    continue
                a = acc[e]
                if sums is not None:  # every sum the rows to come can add: exact
                    if (-a if whole else round(-a, 6)) not in sums:
                        n += 1
                elif a + lo > _EPS or a + hi < -_EPS:
                    n += 1
            return n

        # once the best is as good as any combination can be (the least own-row breakage, no
        # shared rule broken and, unless the narrative may tip the balance, the least penalty),
        # no leaf can change what the walk prunes: the leaves are then weighed after the walk,
        # in the same order, and not at all when the walk runs out of steps
        floor = self._floor()
        settled: tuple[float, float] | None = None if floor is None else floor[0]
        least_pen = -1 if floor is None else floor[1]
        pending: list[tuple[int, ...]] = []
        weighed = 0
        if probe is not None:
            best = Best(key=probe[0], penalty=probe[1])
            settled = None

            def leaf() -> None:
                return

        def visit(d: int, own_acc: int, pacc: int, sh_d: int) -> None:
            # sh_d: shared equations surely broken given the rows above depth d
            nonlocal nodes, weighed
            if d == R:
                nodes += LEAF_WEIGHT  # a leaf weighs every value of the table: it counts for many nodes
                if nodes > bound:
                    raise _Bounded
                if pending or (best.key == settled and (narrated or best.penalty == least_pen)):
                    pending.append(tuple(choice))
                    return
                leaf()
                weighed += 1
                # many leaves to weigh: first make sure the walk can end within its steps
                if weighed == _PROBE_AFTER and probe is None and self._hopeless(bound):
                    raise _Bounded
                return
            moves_d = moves[d]
            here, below = checks[d]
            # only the equations the row adds to can change: the rest of the
            # count carries down (their bounds at d and d + 1 are the same)
            sh_rest = sh_d - broken(here)
            for c in allowed[d]:
                o2 = own_acc + cost[d][c]
                own_lb = base_own + o2 + own_rest[d + 1]
                if own_lb > best.key[0]:
                    break  # classes come by what they break on their own: the rest are worse
                p2 = pacc + pen[d][c]
                nodes += 1
                if nodes > bound:
                    raise _Bounded
                choice[d] = c
                move = moves_d[c]
                for e, x in move:
                    if x is None:
                        unk[e] += 1
                    else:
                        acc[e] += x
                sh = sh_rest + broken(below)
                go = own_lb < best.key[0]
                if not go:
                    lb = sh
                    if lb == 0 and best.key[1] <= 1 and not can_zero(d + 1):
                        lb = 1  # no way on brings every shared rule to zero
                    # as good as the best by the rules, and (unless the narrative
                    # may still tip the balance) no farther from one number per cell
                    go = lb < best.key[1] or (lb == best.key[1]
                                              and (narrated or p2 + pen_rest[d + 1] <= best.penalty))
                if go:
                    visit(d + 1, o2, p2, sh)  # noqa: F821 (bound until the del below)
                for e, x in move:
                    if x is None:
                        unk[e] -= 1
                    else:
                        acc[e] -= x

        try:
            visit(0, 0, 0, shared_broken(0))
        finally:
            if probe is None:
                self.nodes = nodes
            # visit refers to itself through its closure: emptying the cell breaks the cycle (the
            # search's whole state would otherwise wait for the cycle collector)
            del visit
        if probe is not None:
            return
        for ch in pending:
            choice[:] = ch
            leaf()

    # -- leaves --------------------------------------------------------------------

    def _leaf(self) -> None:
        """Score the combination in ``choice``; if it is among the best, record it."""
        self.leaves += 1
        if self.leaves == 2:
            self.eq_terms = self._terms()
        if self.eq_terms is not None:
            self._leaf_from_terms(self.eq_terms)
            return
        values = dict(self.base)
        n_narr = n_pen = neg = 0
        narr, pen, dvals, dneg = self.narr, self.pen, self.dvals, self.dneg
        for d, c in enumerate(self.choice):
            n_narr += narr[d][c]
            n_pen += pen[d][c]
            neg += dneg[d][c]
            values.update(dvals[d][c])
        inferred = _fill_unknowns(values, self.unknown_cells) if self.any_unknown else {}
        # own-row rules broken: the rows' equations, and negative counts the rules cover (an
        # inferred value is never negative: only the base's and the readings' can be)
        own = _violations(values, self.own_eqs) + self.neg_base + neg
        key = (own, _violations(values, self.shared_eqs))
        if not self._admit(key, n_narr, n_pen):
            return
        values, inferred = self._without_doubtful(values, inferred)
        self._record(values, inferred)
        self.cur_notes.update(self._leaf_notes())

    def _leaf_from_terms(self, eq_terms: list[tuple[float, list[tuple[int, list[float]]], bool]]) -> None:
        """:meth:`_leaf` where no cell is unknown or held twice and every number is whole
        and small: each equation's sum from its constant and the chosen classes'
        contributions, exact as the leaf's own sums would be; the values are the base's
        and the rows' (nothing inferred, nothing doubtful)."""
        choice = self.choice
        n_narr = n_pen = 0
        own = self.neg_base
        narr, pen, dneg = self.narr, self.pen, self.dneg
        for d, c in enumerate(choice):
            n_narr += narr[d][c]
            n_pen += pen[d][c]
            own += dneg[d][c]
        shared = 0
        for t, terms, is_own in eq_terms:
            for d, xs in terms:
                t += xs[choice[d]]
            if t != 0:
                if is_own:
                    own += 1
                else:
                    shared += 1
        if not self._admit((own, shared), n_narr, n_pen):
            return
        self._record(self.base, {})
        self.cur_notes.update(self._leaf_notes())

    def _admit(self, key: tuple[int, int], n_narr: int, n_pen: int) -> bool:
        """Whether a leaf scoring ``key`` (rules broken), ``n_narr``
        (narrative contradicted), ``n_pen`` (penalty) is among the best; a
        better one starts the best afresh, one set aside by the narrative
        is remembered as such."""
        best = self.best
        if key > best.key:
            return False
        if key < best.key:
            best.key, best.narrative, best.penalty = key, n_narr, n_pen
            best.losers = {}
            best.reset()
            self.cur_notes.clear()
        elif (n_narr, n_pen) > (best.narrative, best.penalty):
            if n_narr > best.narrative:  # the narrative sets this one aside
                best.losers.setdefault(n_pen, set()).update(self._leaf_notes())
            return False
        elif (n_narr, n_pen) < (best.narrative, best.penalty):
            if n_narr < best.narrative:
                best.losers.setdefault(best.penalty, set()).update(self.cur_notes)
            best.narrative, best.penalty = n_narr, n_pen
            best.reset()
            self.cur_notes.clear()
        return True

    def _without_doubtful(self, values: dict[str, object], inferred: dict[str, object]
                          ) -> tuple[dict[str, object], dict[str, object]]:
        """The leaf's values and inferred cells, the doubtful inferences undone."""
        # a cell inferred from one equation that another equation then
        # contradicts (an inconsistent report) is not settled
        eqs_at = self.eqs_at
        doubtful = {p for p in inferred if p in eqs_at and _violations(values, eqs_at[p])}
        # nor one of a row whose digits could not be cut, unless the row's
        # values spell those digits
        for paths, digits in self.spelled:
            if any(p in inferred for p in paths) and "".join(_spell(values.get(p)) for p in paths) != digits:
                doubtful.update(p for p in paths if p in inferred)
        if doubtful:
            inferred = {p: v for p, v in inferred.items() if p not in doubtful}
            values = {p: (UNKNOWN if p in doubtful else v) for p, v in values.items()}
        return values, inferred

    def _leaf_notes(self) -> set[tuple[int, str]]:
        """The narrative figures the combination in ``choice`` contradicts, with
        the row (index into the ambiguous rows) whose reading contradicts each."""
        out: set[tuple[int, str]] = set()
        for d in range(self.R):
            i = self.order[d]
            r = self.rows[i][1][self.choice[d]][0]
            if r.narrative:
                out.update((i, note) for note in r.narrative_notes)
        return out

    def _record(self, values: dict[str, object], inferred: dict[str, object]) -> None:
        """Add one best combination (``choice``: a class per row, in search
        order) to the best: every value, source and row outcome it gives."""
        best, rows, order, choice = self.best, self.rows, self.order, self.choice
        fixed = self.fixed_moving if best.constants_kept else self.fixed.items()
        best.constants_kept = True
        for p, s in fixed:
            v = values.get(p)
            best.vals.setdefault(p, {}).setdefault(repr(v), v)
            pv = best.provs.setdefault(p, [])
            if len(pv) < _SOURCES_KEPT and s.prov not in pv:
                pv.append(s.prov)
            if p in inferred:
                best.inferred.add(p)
        any_unknown, done_set, vals, provs, outcomes, notes = (
            self.any_unknown, best.done, best.vals, best.provs, best.outcomes, best.notes)
        for d in range(len(order)):
            i = order[d]
            c = choice[d]
            # what a row's class records depends only on the class and the values inferred for
            # its unknown cells: once recorded, the same again adds nothing
            done: tuple[object, ...] = ((i, c, *[(p, repr(inferred[p])) for p in rows[i][0] if p in inferred])
                                        if any_unknown and inferred else (i, c))
            if done in done_set:
                continue
            done_set.add(done)
            outs = outcomes.setdefault(i, {})
            if i not in notes:
                notes[i] = rows[i][1][c][0].note
            paths = rows[i][0]
            cells = [(p, vals.setdefault(p, {}), provs.setdefault(p, [])) for p in paths]
            # readings of a class share slots: a slot met again adds nothing new (its value's
            # repr, after inference, is kept)
            _record_readings(rows[i][1][c], cells, outs, {}, inferred, best.inferred)


def _record_readings(readings: list[Reading],
                     cells: list[tuple[str, dict[str, object], list[Provenance | None]]],
                     outs: dict[tuple[str, ...], None], shown: dict[tuple[str, int], str],
                     inferred: dict[str, object], inferred_paths: set[str]) -> None:
    """Record what each reading gives the row's paths (``cells``: a path, its
    values by repr, its first sources): a value once by its repr, at most
    ``_SOURCES_KEPT`` sources a path, the row's outcome (its values' reprs) among
    at most ``_MAX_KEPT``.  An unknown cell takes its ``inferred`` value (its path
    added to ``inferred_paths``).  ``shown`` holds the repr of each slot met so far
    (readings share slots: a slot met again adds nothing new)."""
    for r in readings:
        got = r.slots.get
        row_out = []
        for p, pvals, pv in cells:
            slot = got(p)
            if slot is None:
                pvals.setdefault("None", None)
                row_out.append("None")
                continue
            rv = shown.get((p, id(slot)))
            if rv is None:
                v = slot.value
                if v is UNKNOWN and p in inferred:
                    v = inferred[p]
                    inferred_paths.add(p)
                rv = shown[(p, id(slot))] = repr(v)
                pvals.setdefault(rv, v)
                if len(pv) < _SOURCES_KEPT and (prov := slot.prov) not in pv:
                    pv.append(prov)
            row_out.append(rv)
        if len(outs) < _MAX_KEPT:
            outs[tuple(row_out)] = None


# -- the problem, precomputed --------------------------------------------------


def _reading_classes(ambiguous: list[tuple[str, list[Reading]]], base_unknown: bool,
                     paths_of: list[list[str]] | None = None
                     ) -> tuple[_Classes, list[list[dict[str, object]]], set[str]]:
    """Each row's readings grouped into classes the arithmetic cannot tell
    apart (the same values, narrative and penalty), per class the values
    its readings give each path of the row (None: no slot), and the paths
    some reading leaves unknown.  As the arithmetic sees a value, a blank
    counts as 0 when no cell is unknown (``base_unknown``: a cell of the rows
    read one way is); with unknown cells, blanks block inference and stay
    apart.  ``paths_of``: each row's paths, when known (else worked out)."""
    raws_of: list[tuple[list[str], list[list[object]]]] = []
    unknown: set[str] = set()
    for k, (_key, rs) in enumerate(ambiguous):
        paths = paths_of[k] if paths_of is not None else list(dict.fromkeys(p for r in rs for p in r.slots))
        raws: list[list[object]] = []
        for r in rs:
            got = r.slots.get
            raw = [None if (sl := got(p)) is None else sl.value for p in paths]
            if UNKNOWN in raw:
                unknown.update(p for p, v in zip(paths, raw, strict=True) if v is UNKNOWN)
            raws.append(raw)
        raws_of.append((paths, raws))
    rows: _Classes = []
    values: list[list[dict[str, object]]] = []
    blank = None if base_unknown or unknown else 0
    for (paths, raws), (_key, rs) in zip(raws_of, ambiguous, strict=True):
        groups: dict[tuple[tuple[object, ...], int, int], list[Reading]] = {}
        firsts: list[dict[str, object]] = []
        for r, raw in zip(rs, raws, strict=True):
            vals = tuple(raw) if blank is None else tuple([blank if v is None else v for v in raw])
            group = groups.get((vals, r.narrative, r.penalty))
            if group is None:
                groups[(vals, r.narrative, r.penalty)] = [r]
                firsts.append(dict(zip(paths, raw, strict=True)))
            else:
                group.append(r)
        rows.append((paths, list(groups.values())))
        values.append(firsts)
    return rows, values, unknown


def _contributions(eqs: list[Equation], rows: _Classes, cvals: list[list[dict[str, object]]], base: dict[str, object]
                   ) -> tuple[list[float], list[bool], list[dict[int, list[float | None]]]]:
    """Per equation: its constant part (cells no ambiguous row holds), whether
    a base cell is unknown (then it is judged at the leaves only), and each
    involved row's contribution per class (None: the class leaves a cell unknown)."""
    owner: dict[str, int] = {p: i for i, (paths, _) in enumerate(rows) for p in paths}
    E = len(eqs)
    const = [0.0] * E
    never = [False] * E
    contrib: list[dict[int, list[float | None]]] = [dict() for _ in range(E)]
    columns: dict[tuple[int, str], list[float | None]] = {}

    def column(i: int, p: str) -> list[float | None]:
        """Row i's number at path p, per class (None: unknown)."""
        xs = columns.get((i, p))
        if xs is None:
            xs = columns[(i, p)] = [None if (v := vals[p]) is UNKNOWN else float(v) if isinstance(v, (int, float))
                                    else 0.0 for vals in cvals[i]]  # as _num
        return xs

    for e, eq in enumerate(eqs):
        cells = [(p, 1.0) for p in eq.total] + [(p, -1.0) for p in eq.parts]
        by_row: dict[int, list[tuple[str, float]]] = {}
        for p, sg in cells:
            if p in owner:
                by_row.setdefault(owner[p], []).append((p, sg))
            else:
                v = base.get(p)
                if v is UNKNOWN:
                    never[e] = True
                else:
                    const[e] += sg * _num(v)
        for i, cells_i in by_row.items():
            cols = [(sg, column(i, p)) for p, sg in cells_i]
            out: list[float | None]
            if len(cols) == 1:
                sg, xs = cols[0]
                out = [None if x is None else 0.0 + sg * x for x in xs]  # as sum() adds, from 0
            else:
                out = []
                for c in range(len(cvals[i])):
                    t = 0.0
                    for sg, xs in cols:
                        x = xs[c]
                        if x is None:
                            out.append(None)
                            break
                        t += sg * x
                    else:
                        out.append(t)
            contrib[e][i] = out
    return const, never, contrib


def _ranked(cost: list[int], narr: list[int], pen: list[int]) -> list[int]:
    """A row's classes, best first: fewest own-row rules broken, then fewest
    narrative figures contradicted, then the smallest penalty."""
    return sorted(range(len(cost)), key=lambda c: (cost[c], narr[c], pen[c]))


def _own_row(eq: Equation) -> bool:
    """An equation among the cells of one row (a row's total)."""
    return len({p.rsplit(".", 1)[0] for p in eq.total + eq.parts}) == 1


# -- arithmetic on a leaf's values ---------------------------------------------


def _num(v: object) -> float:
    return float(v) if isinstance(v, (int, float)) else 0.0


def _fill_unknowns(values: dict[str, object],
                   eqs: Sequence[tuple[Sequence[str], Sequence[str], Sequence[str]]]) -> dict[str, object]:
    """Solve equations (total cells, part cells, all cells) with exactly one
    unknown cell, until none is left."""
    inferred: dict[str, object] = {}
    get = values.get
    changed = True
    while changed:
        changed = False
        for total, parts, cells in eqs:
            u = None
            for p in cells:
                v = get(p)
                if v is UNKNOWN:
                    if u is not None:
                        break  # two unknown cells
                    u = p
                elif v is None:
                    break  # a blank cell is unknown too: infer only from real numbers
            else:
                if u is None:
                    continue
                tot = sum(_num(get(p)) for p in total if p != u)
                part = sum(_num(get(p)) for p in parts if p != u)
                x = (part - tot) if u in total else (tot - part)
                if x < 0 or not float(x).is_integer():
                    continue
                values[u] = int(x)
                inferred[u] = int(x)
                changed = True
    return inferred


def _whole_small(x: float) -> bool:
    """A whole number below 2**40: sums of such numbers are exact in any order."""
    return x.is_integer() and abs(x) < _SMALL


def _is_negative(v: object) -> bool:
    return isinstance(v, (int, float)) and v < 0


def _spell(v: object) -> str:
    if v is None or v is UNKNOWN:
        return "" if v is None else "?"
    return str(int(v)) if isinstance(v, (int, float)) and float(v).is_integer() else str(v)


def _violations(values: dict[str, object], eqs: Sequence[_Sides]) -> int:
    """Equations (total cells, part cells) broken by ``values``: those with no unknown cell
    and not all blank whose total differs from the sum of its parts (a blank counts as 0).
    One pass over each equation's cells: a leaf weighs every equation of its table."""
    bad = 0
    get = values.get
    for total, parts in eqs:
        s0 = 0.0
        seen = False
        for p in total:
            v = get(p)
            if v is None:
                continue
            if v is UNKNOWN:
                break
            seen = True
            if isinstance(v, (int, float)):
                s0 += v
        else:
            s1 = 0.0
            for p in parts:
                v = get(p)
                if v is None:
                    continue
                if v is UNKNOWN:
                    break
                seen = True
                if isinstance(v, (int, float)):
                    s1 += v
            else:
                if seen and abs(s0 - s1) > _EPS:
                    bad += 1
    return bad
