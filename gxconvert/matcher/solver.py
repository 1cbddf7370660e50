"""Place values by the form's own arithmetic.

When a row of a table arrives with too few or too many cells (a lost cell in
a PDF dump, a split merge), or its digits ran together, the reader cannot
say which column each number belongs to.  Each such row then has several
*candidate readings*.  The solver tries the combinations of readings over
the whole table, fills cells that are missing but determined by an equation
(a row total with one unknown part), and keeps the readings that break the
fewest 勾稽关系.  Cells on which all the best readings agree get their value;
cells on which they differ become ``None`` with a warning listing the
readings — never a silent guess.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..arith import Equation
from ..model import Issue, Provenance

MAX_COMBINATIONS = 20000


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

    def signature(self) -> tuple:
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


def _violations(values: dict[str, object], eqs: list[Equation]) -> int:
    bad = 0
    for eq in eqs:
        cells = eq.total + eq.parts
        if any(values.get(p) is UNKNOWN for p in cells):
            continue
        if all(values.get(p) is None for p in cells):
            continue
        if abs(sum(_num(values.get(p)) for p in eq.total) - sum(_num(values.get(p)) for p in eq.parts)) > 1e-6:
            bad += 1
    for v in values.values():
        if isinstance(v, (int, float)) and v < 0:
            bad += 1
    return bad


def solve(rows: dict[str, list[Reading]], eqs: list[Equation], table: str,
          where: dict[str, str] | None = None) -> Solution:
    """Choose values for every path of ``rows`` (row key -> its readings)."""
    where = where or {}
    sol = Solution()
    fixed: dict[str, Slot] = {}
    ambiguous: list[tuple[str, list[Reading]]] = []
    for key, readings in rows.items():
        uniq: dict[tuple, Reading] = {}
        for r in readings:
            uniq.setdefault(r.signature(), r)
        readings = list(uniq.values())
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

    total = 1
    for _, rs in ambiguous:
        total *= len(rs)
    if total > MAX_COMBINATIONS:
        # too many joint readings: settle each row on its own
        combos = _row_by_row(ambiguous, base, eqs)
        sol.warnings.append(Issue("search_bounded", f"{total} joint readings of {table}: rows were settled one at a time", table))
    else:
        combos = list(itertools.product(*[range(len(rs)) for _, rs in ambiguous]))

    # only the equations that touch an ambiguous or unknown cell can change
    # between readings: score those per reading, the rest once
    moving = {p for _, rs in ambiguous for r in rs for p in r.slots}
    moving |= {p for p, v in base.items() if v is UNKNOWN}
    live = [eq for eq in eqs if moving.intersection(eq.total + eq.parts)]
    eqs = live
    scored: list[tuple[int, tuple[int, ...], dict[str, object], dict[str, object]]] = []
    for combo in combos:
        values = dict(base)
        for (key, rs), idx in zip(ambiguous, combo):
            values.update({p: s.value for p, s in rs[idx].slots.items()})
        inferred = _fill_unknowns(values, eqs)
        scored.append((_violations(values, eqs), combo, values, inferred))
    best_score = min(s[0] for s in scored)
    best = [s for s in scored if s[0] == best_score]

    all_paths = set(base)
    for _, rs in ambiguous:
        for r in rs:
            all_paths.update(r.slots)

    for p in sorted(all_paths):
        vals = {repr(b[2].get(p)) for b in best}
        first = best[0]
        v = first[2].get(p)
        if len(vals) == 1 and v is not UNKNOWN:
            sol.values[p] = v
            prov = _prov_for(p, first[1], ambiguous, fixed)
            if any(p in b[3] for b in best):
                prov = Provenance(raw=prov.raw if prov else "", loc=prov.loc if prov else None,
                                  cell=prov.cell if prov else None, table=prov.table if prov else None,
                                  how="inferred", note="cell missing in the source; value settled by the form's arithmetic")
            elif len({repr(_prov_for(p, b[1], ambiguous, fixed)) for b in best}) > 1:
                prov = Provenance(raw=prov.raw if prov else "", loc=prov.loc if prov else None,
                                  cell=None, table=prov.table if prov else None, how="inferred",
                                  note="which source cell holds this value is ambiguous; every reading the arithmetic allows gives this value")
            if prov is not None:
                sol.provenance[p] = prov
        else:
            sol.values[p] = None
            shown = sorted(x for x in vals if x != "?")
            if v is UNKNOWN and len(vals) == 1:
                sol.warnings.append(Issue("value_missing", f"{table}.{p}: the source has no cell for this value and the arithmetic does not settle it; left null", where.get(p.rsplit(".", 1)[0], table)))
            else:
                sol.warnings.append(Issue("ambiguous_value", f"{table}.{p}: readings disagree ({', '.join(shown)}); left null", where.get(p.rsplit(".", 1)[0], table)))

    for key, rs in ambiguous:
        paths = list(rs[0].slots)
        outcomes = {tuple(repr(b[2].get(p)) for p in paths) for b in best}
        if len(outcomes) == 1:
            shown = ", ".join("·" if sol.values.get(p) is None else str(sol.values.get(p)) for p in paths)
            msg = (f"{table}.{key}: the row has {rs[0].note or 'more than one reading'}; "
                   f"every reading that fits the form's arithmetic gives [{shown}]")
            if best_score:
                msg += f" (the best still break {best_score} rule(s))"
            sol.warnings.append(Issue("row_placed_by_arithmetic", msg, where.get(key, table)))
        else:
            desc = "; ".join(f"[{_fmt(r)}]" for r in rs)
            sol.warnings.append(Issue("row_ambiguous", f"{table}.{key}: several readings fit equally well: {desc}", where.get(key, table)))
    if best_score and ambiguous:
        sol.warnings.append(Issue("no_consistent_reading", f"{table}: no reading satisfies every rule; the best break {best_score}", table))
    return sol


def _fmt(r: Reading) -> str:
    return ", ".join("?" if s.value is UNKNOWN else ("·" if s.value is None else str(s.value)) for s in r.slots.values())


def _prov_for(p: str, combo: tuple[int, ...], ambiguous, fixed) -> Provenance | None:
    for (key, rs), idx in zip(ambiguous, combo):
        s = rs[idx].slots.get(p)
        if s is not None:
            return s.prov
    s = fixed.get(p)
    return s.prov if s else None


def _row_by_row(ambiguous, base, eqs) -> list[tuple[int, ...]]:
    choice = []
    for key, rs in ambiguous:
        best_i, best_s = 0, None
        for i, r in enumerate(rs):
            values = dict(base)
            values.update({p: s.value for p, s in r.slots.items()})
            _fill_unknowns(values, eqs)
            sc = _violations(values, eqs)
            if best_s is None or sc < best_s:
                best_i, best_s = i, sc
        choice.append(best_i)
    return [tuple(choice)]
