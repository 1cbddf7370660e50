"""Place values by the form's own arithmetic.

When a row of a table arrives with too few or too many cells (a lost cell in
a PDF dump, a split merge), or its digits ran together, the reader cannot
say which column each number belongs to.  Each such row then has several
*candidate readings*.  The solver weighs the combinations of readings over
the whole table (a branch-and-bound search, see ``_search``), fills cells
that are missing but determined by an equation (a row total with one
unknown part), and keeps the readings that break the fewest 勾稽关系 — first
the rules of each row on its own (its total), then those shared between rows
(column sums); then those contradicting the fewest figures of the report's
narrative; then those closest to one number per cell.  Cells on which all
the best readings agree get their value; cells on which they differ become
``None`` with a warning listing the readings — never a silent guess.  When
the search would take too long, only what every reading of a row agrees on
is kept, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..arith import Equation
from ..model import Issue, Provenance
from ..options import DEFAULT_OPTIONS


class _Unknown:
    """A cell that exists in the form but whose value the source lost."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "?"


UNKNOWN = _Unknown()


@dataclass(slots=True)
class Slot:
    value: object  # int | float | None | UNKNOWN
    prov: Provenance | None = None


@dataclass(slots=True)
class Reading:
    """One way to read one row: dotted path -> Slot."""

    slots: dict[str, Slot]
    note: str = ""
    # -- for readings cut from run-together digits (matcher/glued.py) --
    issues: list[Issue] = field(default_factory=list)  # warnings that come with the row
    narrative: int = 0  # figures of the report's narrative this reading contradicts
    narrative_note: str = ""  # which ones (shown when the narrative settles a choice)
    penalty: int = 0  # how far the reading is from one number per cell (ties only)
    digits: str | None = None  # the digits its unknown cells must spell, in order, once inferred

    def signature(self) -> tuple[tuple[str, str], ...]:
        return tuple((k, repr(s.value)) for k, s in sorted(self.slots.items()))


@dataclass(slots=True)
class Solution:
    values: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)


def _num(v: object) -> float:
    return float(v) if isinstance(v, (int, float)) else 0.0


def _fill_unknowns(values: dict[str, object], eqs: list[Equation]) -> dict[str, object]:
    """Solve equations with exactly one unknown cell, until none is left."""
    inferred: dict[str, object] = {}
    changed = True
    while changed:
        changed = False
        for eq in eqs:
            cells = eq.total + eq.parts
            unk = [p for p in cells if values.get(p) is UNKNOWN]
            if len(unk) != 1:
                continue
            u = unk[0]
            if any(values.get(p) is None for p in cells):
                continue  # a blank cell is unknown too: infer only from real numbers
            tot = sum(_num(values.get(p)) for p in eq.total if p != u)
            parts = sum(_num(values.get(p)) for p in eq.parts if p != u)
            v = (parts - tot) if u in eq.total else (tot - parts)
            if v < 0 or not float(v).is_integer():
                continue
            values[u] = int(v)
            inferred[u] = int(v)
            changed = True
    return inferred


def solve(rows: dict[str, list[Reading]], eqs: list[Equation], table: str,
          where: dict[str, str] | None = None, bound: int = DEFAULT_OPTIONS.glued_search_bound) -> Solution:
    """Choose values for every path of ``rows`` (row key -> its readings).
    ``bound``: the search's work bound (``Options.glued_search_bound``: class
    trials and leaves over all its phases, a leaf weighing ``LEAF_WEIGHT``)."""
    where = where or {}
    sol = Solution()
    fixed: dict[str, Slot] = {}
    ambiguous: list[tuple[str, list[Reading]]] = []
    seen_issues: set[tuple[str, str]] = set()
    spelled: list[tuple[list[str], str]] = []  # rows whose digits their values must spell
    for key, readings in rows.items():
        for r in readings:
            for iss in r.issues:
                if (iss.code, iss.message) not in seen_issues:
                    seen_issues.add((iss.code, iss.message))
                    sol.warnings.append(iss)
        uniq: dict[tuple[tuple[str, str], ...], Reading] = {}
        for r in readings:
            uniq.setdefault(r.signature(), r)
        readings = list(uniq.values())
        for r in readings:
            if r.digits is not None:
                spelled.append((list(r.slots), r.digits))
        if len(readings) == 1:
            fixed.update(readings[0].slots)
        elif readings:
            ambiguous.append((key, readings))

    base = {p: s.value for p, s in fixed.items()}
    has_unknown = any(v is UNKNOWN for v in base.values())
    if not ambiguous and not has_unknown:
        for p, s in fixed.items():
            sol.values[p] = s.value
            if s.prov is not None:
                sol.provenance[p] = s.prov
        return sol

    # only the equations that touch an ambiguous or unknown cell can change
    # between readings: score those per reading, the rest once
    moving = {p for _, rs in ambiguous for r in rs for p in r.slots}
    moving |= {p for p, v in base.items() if v is UNKNOWN}
    live = [eq for eq in eqs if moving.intersection(eq.total + eq.parts)]
    eqs = live
    best = _search(ambiguous, base, fixed, eqs, bound, spelled)
    if best.bounded:
        sol.warnings.append(Issue("search_bounded", f"{table}: more than {bound} joint readings to weigh; "
                                  "only values on which every reading of their row agrees are kept", table))

    all_paths = set(base)
    for _, rs in ambiguous:
        for r in rs:
            all_paths.update(r.slots)
    _settle_values(sol, best, sorted(all_paths), table, where)
    _explain_rows(sol, best, ambiguous, table, where)
    return sol


def _settle_values(sol: Solution, best: _Best, paths: list[str], table: str, where: dict[str, str]) -> None:
    """Each path's value: the one every best reading gives (with how it was
    found), else null with a warning saying why."""
    for p in paths:
        found = best.vals.get(p, {})
        vals = set(found)
        v = next(iter(found.values())) if found else UNKNOWN
        if len(vals) == 1 and v is not UNKNOWN:
            sol.values[p] = v
            provs = best.provs.get(p, {})
            prov = next(iter(provs.values())) if provs else None
            if p in best.inferred:
                prov = Provenance(raw=prov.raw if prov else "", loc=prov.loc if prov else None,
                                  cell=prov.cell if prov else None, table=prov.table if prov else None,
                                  how="inferred",
                                  note="cell missing in the source; value settled by the form's arithmetic")
            elif len(provs) > 1:
                prov = Provenance(raw=prov.raw if prov else "", loc=prov.loc if prov else None,
                                  cell=None, table=prov.table if prov else None, how="inferred",
                                  note="which source cell holds this value is ambiguous; every reading the "
                                       "arithmetic allows gives this value")
            if prov is not None:
                sol.provenance[p] = prov
                if v is None and prov.how == "split":
                    sol.warnings.append(Issue("blank_in_run", f"{table}.{p}: the run-together digits {prov.raw!r} "
                                              "leave no number for this cell; left null",
                                              where.get(p.rsplit(".", 1)[0], table)))
        else:
            sol.values[p] = None
            shown = sorted(x for x in vals if x != "?")
            if v is UNKNOWN and len(vals) == 1:
                sol.warnings.append(Issue("value_missing", f"{table}.{p}: the source has no cell for this value and "
                                          "the arithmetic does not settle it; left null",
                                          where.get(p.rsplit(".", 1)[0], table)))
            else:
                sol.warnings.append(Issue("ambiguous_value",
                                          f"{table}.{p}: readings disagree ({', '.join(shown)}); left null",
                                          where.get(p.rsplit(".", 1)[0], table)))


def _explain_rows(sol: Solution, best: _Best, ambiguous: list[tuple[str, list[Reading]]], table: str,
                  where: dict[str, str]) -> None:
    """What the arithmetic did with each row that had several readings."""
    best_score = best.score
    for i, (key, rs) in enumerate(ambiguous):
        paths = list(rs[0].slots)
        outcomes = best.outcomes.get(i, {})
        note = best.notes.get(i) or rs[0].note
        if len(outcomes) == 1:
            settled = ", ".join("·" if sol.values.get(p) is None else str(sol.values.get(p)) for p in paths)
            msg = (f"{table}.{key}: the row has {note or 'more than one reading'}; "
                   f"every reading that fits the form's arithmetic gives [{settled}]")
            if best_score:
                msg += f" (the best still break {best_score} rule(s))"
            sol.warnings.append(Issue("row_placed_by_arithmetic", msg, where.get(key, table)))
        else:
            outs = list(outcomes)
            desc = "; ".join(f"[{_fmt_outcome(o)}]" for o in outs[:MAX_SHOWN])
            if len(outs) > MAX_SHOWN:
                desc += f"; … ({len(outs) - MAX_SHOWN} more)"
            sol.warnings.append(Issue("row_ambiguous", f"{table}.{key}: several readings fit equally well: {desc}",
                                      where.get(key, table)))
    if best_score and ambiguous:
        sol.warnings.append(Issue("no_consistent_reading",
                                  f"{table}: no reading satisfies every rule; the best break {best_score}", table))
    if best.narrative_notes:
        notes = "; ".join(sorted(best.narrative_notes))
        sol.warnings.append(Issue("settled_by_narrative", f"{table}: the form's arithmetic left a choice open; the "
                                  f"report's own narrative settled it ({notes})", table))


MAX_SHOWN = 12  # candidate readings listed in one warning


def _fmt_outcome(o: tuple[str, ...]) -> str:
    return ", ".join("·" if x == "None" else x for x in o)


# -- the search over joint readings (branch and bound) -------------------------
#
# Readings of a row that give the same numbers for the arithmetic (a blank
# counts as 0) form one *class*; the search weighs classes.
#
# "Fewest rules broken" is read in two steps: first the rules of each row on
# its own (a row's total is the sum of its cells; negative counts), then the
# rules shared between rows (column sums).  A cut of run-together digits
# that breaks its own row's total is a poor reading of those digits, while
# column sums are where real reports are inconsistent (a count of one group added
# on top, a total left at 0): such a report keeps its faithful readings and
# its broken column sums, rather than trading them for rows cut against
# their own totals.  Then fewer figures contradicting the narrative, then
# fewer numbers more or fewer than cells.
#
# Every combination that is best in that order is visited (ties are the
# point: they decide what is left null); their values, sources and row
# outcomes are gathered.  Bounds: each row's least own breakage; for shared
# equations, the partial sum of the rows assigned so far and the least and
# most the rows still to come can add.

LEAF_WEIGHT = 100  # nodes one leaf counts for: at most 1,000 leaves (corpus tables need <= 43)
_EPS = 1e-6
_MAX_KEPT = 50  # distinct outcomes / sources remembered per row / path


class _Bounded(Exception):
    pass


@dataclass(slots=True)
class _Best:
    key: tuple[float, float] = (float("inf"), float("inf"))  # (own-row rules broken, shared rules broken)
    narrative: int = 0
    penalty: int = 0
    vals: dict[str, dict[str, object]] = field(default_factory=dict)
    provs: dict[str, dict[str, Provenance | None]] = field(default_factory=dict)
    inferred: set[str] = field(default_factory=set)
    outcomes: dict[int, dict[tuple[str, ...], None]] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    done: set[tuple[int, int]] = field(default_factory=set)
    # combinations as good by the rules but contradicting the narrative
    # more: tie-break penalty -> the narrative figures they contradict
    losers: dict[int, set[str]] = field(default_factory=dict)
    bounded: bool = False

    @property
    def score(self) -> int:
        """Rules broken by the best readings, all told."""
        return int(sum(self.key)) if self.key[0] != float("inf") else 0

    @property
    def narrative_notes(self) -> set[str]:
        """The narrative settled a choice when a combination it set aside
        would otherwise have been among the best."""
        out: set[str] = set()
        for pen, notes in self.losers.items():
            if pen <= self.penalty:
                out |= notes or {"figures quoted in the text"}
        return out

    def reset(self) -> None:
        self.vals, self.provs, self.inferred = {}, {}, set()
        self.outcomes, self.notes, self.done = {}, {}, set()


def _own_row(eq: Equation) -> bool:
    """An equation among the cells of one row (a row's total)."""
    return len({p.rsplit(".", 1)[0] for p in eq.total + eq.parts}) == 1


_Classes = list[tuple[list[str], list[list[Reading]]]]  # per row: its paths, its readings grouped by values


def _reading_classes(ambiguous: list[tuple[str, list[Reading]]], any_unknown: bool) -> _Classes:
    """Each row's readings grouped into classes the arithmetic cannot tell
    apart (the same values, narrative and penalty)."""
    rows: _Classes = []
    for _key, rs in ambiguous:
        paths = list(dict.fromkeys(p for r in rs for p in r.slots))
        groups: dict[tuple[tuple[object, ...], int, int], list[Reading]] = {}
        for r in rs:
            vals = tuple(_arith(r.slots[p].value if p in r.slots else None, not any_unknown) for p in paths)
            groups.setdefault((vals, r.narrative, r.penalty), []).append(r)
        rows.append((paths, list(groups.values())))
    return rows


def _val(r: Reading, p: str) -> object:
    s = r.slots.get(p)
    return s.value if s is not None else None


def _contributions(eqs: list[Equation], rows: _Classes, base: dict[str, object]
                   ) -> tuple[list[float], list[bool], list[dict[int, list[float | None]]]]:
    """Per equation: its constant part (cells no ambiguous row holds), whether
    a base cell is unknown (then it is judged at the leaves only), and each
    involved row's contribution per class (None: the class leaves a cell unknown)."""
    owner: dict[str, int] = {p: i for i, (paths, _) in enumerate(rows) for p in paths}
    E = len(eqs)
    const = [0.0] * E
    never = [False] * E
    contrib: list[dict[int, list[float | None]]] = [dict() for _ in range(E)]
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
            out: list[float | None] = []
            for cls in rows[i][1]:
                r = cls[0]
                if any(_val(r, p) is UNKNOWN for p, _ in cells_i):
                    out.append(None)
                else:
                    out.append(sum(sg * _num(_val(r, p)) for p, sg in cells_i))
            contrib[e][i] = out
    return const, never, contrib


def _search(ambiguous: list[tuple[str, list[Reading]]], base: dict[str, object],
            fixed: dict[str, Slot], eqs: list[Equation], bound: int,
            spelled: Sequence[tuple[list[str], str]] = ()) -> _Best:
    any_unknown = any(v is UNKNOWN for v in base.values()) or any(
        s.value is UNKNOWN for _, rs in ambiguous for r in rs for s in r.slots.values())
    covered = {p for eq in eqs for p in eq.total + eq.parts}
    own = [_own_row(eq) for eq in eqs]
    own_eqs = [eq for eq, o in zip(eqs, own, strict=False) if o]
    shared_eqs = [eq for eq, o in zip(eqs, own, strict=False) if not o]

    rows = _reading_classes(ambiguous, any_unknown)
    R = len(rows)
    E = len(eqs)
    const, never, contrib = _contributions(eqs, rows, base)

    eqs_at: dict[str, list[Equation]] = {}
    for eq in eqs:
        for p in eq.total + eq.parts:
            eqs_at.setdefault(p, []).append(eq)

    own_of: dict[int, list[int]] = {}
    for e in range(E):
        if own[e] and not never[e] and len(contrib[e]) == 1:
            own_of.setdefault(next(iter(contrib[e])), []).append(e)

    def own_cost(i: int, c: int) -> int:
        """What class c of row i surely breaks on its own: negative counts
        and its row's own equations."""
        r = rows[i][1][c][0]
        bad = sum(1 for p in rows[i][0] if p in covered and _is_negative(_val(r, p)))
        for e in own_of.get(i, ()):
            x = contrib[e][i][c]
            if x is not None and abs(x + const[e]) > _EPS:
                bad += 1
        return bad

    # rows with fewer classes first; within a row, classes by what they break
    # on their own, then narrative, then distance from one number per cell
    order = sorted(range(R), key=lambda i: len(rows[i][1]))
    cost = [[own_cost(i, c) for c in range(len(rows[i][1]))] for i in order]
    narr = [[rows[i][1][c][0].narrative for c in range(len(rows[i][1]))] for i in order]
    pen = [[rows[i][1][c][0].penalty for c in range(len(rows[i][1]))] for i in order]
    class_order = [_ranked(cost[d], narr[d], pen[d]) for d in range(R)]
    own_rest = [0] * (R + 1)
    for d in range(R - 1, -1, -1):
        own_rest[d] = own_rest[d + 1] + min(cost[d])
    base_own = sum(1 for p, v in base.items() if p in covered and isinstance(v, (int, float)) and v < 0)
    base_own += sum(1 for e in range(E) if own[e] and not never[e] and not contrib[e]
                    and abs(const[e]) > _EPS and not all(base.get(p) is None for p in eqs[e].total + eqs[e].parts))
    narrated = any(x for row in narr for x in row)

    # shared equations: partial sums and the range of the rows to come
    glob = [e for e in range(E) if not own[e] and not never[e] and contrib[e]]
    eqs_of = [[e for e in glob if order[d] in contrib[e]] for d in range(R)]
    INF = float("inf")
    b_lo: dict[int, list[float]] = {}
    b_hi: dict[int, list[float]] = {}
    pen_rest = [0] * (R + 1)

    def prep(allowed: list[list[int]]) -> None:
        for e in glob:
            lo = [0.0] * (R + 1)
            hi = [0.0] * (R + 1)
            for d in range(R - 1, -1, -1):
                lo[d], hi[d] = lo[d + 1], hi[d + 1]
                i = order[d]
                if i in contrib[e]:
                    xs = [contrib[e][i][c] for c in allowed[d]]
                    known = [x for x in xs if x is not None]
                    if len(known) != len(xs):
                        lo[d], hi[d] = -INF, INF
                    else:
                        lo[d] += min(known)
                        hi[d] += max(known)
            b_lo[e], b_hi[e] = lo, hi
        for d in range(R - 1, -1, -1):
            pen_rest[d] = pen_rest[d + 1] + min(pen[d][c] for c in allowed[d])

    acc = list(const)
    unk = [0] * E
    choice = [0] * R
    best = _Best()
    nodes = 0

    def shared_broken(d: int) -> int:
        n = 0
        for e in glob:
            if not unk[e] and (acc[e] + b_lo[e][d] > _EPS or acc[e] + b_hi[e][d] < -_EPS):
                n += 1
        return n

    cur_notes: set[str] = set()  # narrative notes of the best combinations so far

    def leaf_notes() -> set[str]:
        out = set()
        for d in range(R):
            r = rows[order[d]][1][choice[d]][0]
            if r.narrative and r.narrative_note:
                out.add(r.narrative_note)
        return out

    def leaf() -> None:
        values = dict(base)
        n_narr = n_pen = 0
        for d in range(R):
            i = order[d]
            r = rows[i][1][choice[d]][0]
            n_narr += r.narrative
            n_pen += r.penalty
            for p in rows[i][0]:
                values[p] = _val(r, p)
        inferred = _fill_unknowns(values, eqs)
        key = (_own_violations(values, own_eqs, covered), _eq_violations(values, shared_eqs))
        if key > best.key:
            return
        if key < best.key:
            best.key, best.narrative, best.penalty = key, n_narr, n_pen
            best.losers = {}
            best.reset()
            cur_notes.clear()
        elif (n_narr, n_pen) > (best.narrative, best.penalty):
            if n_narr > best.narrative:  # the narrative sets this one aside
                best.losers.setdefault(n_pen, set()).update(leaf_notes())
            return
        elif (n_narr, n_pen) < (best.narrative, best.penalty):
            if n_narr < best.narrative:
                best.losers.setdefault(best.penalty, set()).update(cur_notes)
            best.narrative, best.penalty = n_narr, n_pen
            best.reset()
            cur_notes.clear()
        # a cell inferred from one equation that another equation then
        # contradicts (an inconsistent report) is not settled
        doubtful = {p for p in inferred if any(_eq_violations(values, [eq]) for eq in eqs_at.get(p, ()))}
        # nor one of a row whose digits could not be cut, unless the row's
        # values spell those digits
        for paths, digits in spelled:
            if any(p in inferred for p in paths) and "".join(_spell(values.get(p)) for p in paths) != digits:
                doubtful.update(p for p in paths if p in inferred)
        if doubtful:
            inferred = {p: v for p, v in inferred.items() if p not in doubtful}
            values = {p: (UNKNOWN if p in doubtful else v) for p, v in values.items()}
        _record(best, rows, order, choice, fixed, any_unknown, values, inferred)
        cur_notes.update(leaf_notes())

    def dfs(d: int, own_acc: int, pacc: int) -> None:
        nonlocal nodes
        if d == R:
            nodes += LEAF_WEIGHT  # a leaf weighs every value of the table: it counts for many nodes
            if nodes > bound:
                raise _Bounded
            leaf()
            return
        i = order[d]
        touched = eqs_of[d]
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
            for e in touched:
                x = contrib[e][i][c]
                if x is None:
                    unk[e] += 1
                else:
                    acc[e] += x
            go = own_lb < best.key[0]
            if not go:
                sh = shared_broken(d + 1)
                # as good as the best by the rules, and (unless the narrative
                # may still tip the balance) no farther from one number per cell
                go = sh < best.key[1] or (sh == best.key[1] and (narrated or p2 + pen_rest[d + 1] <= best.penalty))
            if go:
                dfs(d + 1, o2, p2)
            for e in touched:
                x = contrib[e][i][c]
                if x is None:
                    unk[e] -= 1
                else:
                    acc[e] -= x

    # Phases: first each row's classes that break the least on their own and,
    # among those, are the closest to one number per cell; then all classes
    # breaking the least on their own; then all.  A phase whose best cannot
    # be matched by what the next adds is the whole answer: a class breaking
    # more on its own adds an own-row rule, a farther one a penalty.
    lmin = [min(cost[d]) for d in range(R)]
    local_min = [[c for c in class_order[d] if cost[d][c] == lmin[d]] for d in range(R)]
    min_pen = [min(pen[d][c] for c in local_min[d]) for d in range(R)]
    close = [[c for c in local_min[d] if narrated or pen[d][c] == min_pen[d]] for d in range(R)]
    floor = base_own + own_rest[0]
    phases: list[tuple[list[list[int]], Callable[[_Best], bool]]] = [
              (close, lambda b: b.key[0] == floor and b.penalty == sum(min_pen)),
              (local_min, lambda b: b.key[0] == floor),
              (class_order, lambda b: True)]
    allowed = close
    try:
        prev: list[list[int]] | None = None
        for allowed, exact in phases:
            if prev is not None:
                if all(len(a) == len(p) for a, p in zip(allowed, prev, strict=False)):
                    if exact(best):  # the same classes as the phase before
                        break
                    continue
                earlier = best
                best = _Best(key=earlier.key, narrative=earlier.narrative, penalty=earlier.penalty)
                cur_notes.clear()
            prep(allowed)
            dfs(0, 0, 0)
            if prev is not None and not best.vals:
                best = earlier
            prev = allowed
            if exact(best):
                break
    except _Bounded:
        # too many to weigh: keep only what every reading of a row agrees on
        best = _Best(bounded=True, key=(0, 0))
        for p, s in fixed.items():
            best.vals.setdefault(p, {}).setdefault(repr(s.value), s.value)
            best.provs.setdefault(p, {}).setdefault(repr(s.prov), s.prov)
        for d in range(R):
            for c in range(len(rows[order[d]][1])):
                choice[d] = c
                _record(best, rows, order, choice, fixed, any_unknown, {}, {}, only=d)
    return best


def _record(best: _Best, rows: _Classes, order: list[int], choice: list[int], fixed: dict[str, Slot],
            any_unknown: bool, values: dict[str, object], inferred: dict[str, object], only: int | None = None
            ) -> None:
    """Add one best combination (``choice``: a class per row, in search
    order) to ``best``: every value, source and row outcome it gives; with
    ``only``, just that row's class (the bounded fallback)."""
    for p, s in fixed.items() if only is None else ():
        v = values.get(p)
        best.vals.setdefault(p, {}).setdefault(repr(v), v)
        pv = best.provs.setdefault(p, {})
        if len(pv) < _MAX_KEPT:
            pv.setdefault(repr(s.prov), s.prov)
        if p in inferred:
            best.inferred.add(p)
    for d in range(len(order)) if only is None else (only,):
        i = order[d]
        c = choice[d]
        if not any_unknown and (i, c) in best.done:
            continue
        best.done.add((i, c))
        paths = rows[i][0]
        outs = best.outcomes.setdefault(i, {})
        for r in rows[i][1][c]:
            if i not in best.notes:
                best.notes[i] = r.note
            row_out = []
            for p in paths:
                slot = r.slots.get(p)
                v = slot.value if slot is not None else None
                if v is UNKNOWN:
                    v = inferred.get(p, UNKNOWN)
                    if p in inferred:
                        best.inferred.add(p)
                best.vals.setdefault(p, {}).setdefault(repr(v), v)
                pv = best.provs.setdefault(p, {})
                if len(pv) < _MAX_KEPT and slot is not None:
                    pv.setdefault(repr(slot.prov), slot.prov)
                row_out.append(repr(v))
            if len(outs) < _MAX_KEPT:
                outs[tuple(row_out)] = None


def _ranked(cost: list[int], narr: list[int], pen: list[int]) -> list[int]:
    """A row's classes, best first: fewest own-row rules broken, then fewest
    narrative figures contradicted, then the smallest penalty."""
    return sorted(range(len(cost)), key=lambda c: (cost[c], narr[c], pen[c]))


def _is_negative(v: object) -> bool:
    return isinstance(v, (int, float)) and v < 0


def _spell(v: object) -> str:
    if v is None or v is UNKNOWN:
        return "" if v is None else "?"
    return str(int(v)) if isinstance(v, (int, float)) and float(v).is_integer() else str(v)


def _eq_violations(values: dict[str, object], eqs: list[Equation]) -> int:
    bad = 0
    for eq in eqs:
        cells = eq.total + eq.parts
        if any(values.get(p) is UNKNOWN for p in cells) or all(values.get(p) is None for p in cells):
            continue
        if abs(sum(_num(values.get(p)) for p in eq.total) - sum(_num(values.get(p)) for p in eq.parts)) > _EPS:
            bad += 1
    return bad


def _own_violations(values: dict[str, object], own_eqs: list[Equation], covered: set[str]) -> int:
    """Own-row rules broken: a row's equations, and negative counts in
    cells the arithmetic covers."""
    bad = _eq_violations(values, own_eqs)
    for p, v in values.items():
        if isinstance(v, (int, float)) and v < 0 and p in covered:
            bad += 1
    return bad


def _arith(v: object, merge_blank: bool) -> object:
    """A value as the arithmetic sees it (a blank counts as 0 when no cell is
    unknown; with unknown cells, blanks block inference and stay apart)."""
    if v is None and merge_blank:
        return 0
    return repr(v) if v is UNKNOWN else v
