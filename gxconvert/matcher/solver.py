"""Place values by the form's own arithmetic.

When a row of a table arrives with too few or too many cells (a lost cell in
a PDF dump, a split merge), or its digits ran together, the reader cannot
say which column each number belongs to.  Each such row then has several
*candidate readings*.  The solver weighs the combinations of readings over
the whole table (a branch-and-bound search, :mod:`.search`), fills cells
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

from dataclasses import dataclass, field

from ..arith import Equation
from ..model import Issue, Provenance
from ..options import DEFAULT_OPTIONS
from .readings import UNKNOWN, Reading, Slot
from .search import LEAF_WEIGHT, Best, Budget, search

__all__ = ["LEAF_WEIGHT", "UNKNOWN", "Budget", "Distinct", "Reading", "Slot", "Solution", "solve"]


class Distinct(list[Reading]):
    """A row's readings no two of which give the same values (as
    :meth:`Reading.signature` tells readings apart), first come first: the
    solver takes them as they are rather than sorting out duplicates."""

    __slots__ = ()


@dataclass(slots=True)
class Solution:
    values: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)


def solve(rows: dict[str, list[Reading]], eqs: list[Equation], table: str,
          where: dict[str, str] | None = None, bound: int | Budget = DEFAULT_OPTIONS.glued_search_bound
          ) -> Solution:
    """Choose values for every path of ``rows`` (row key -> its readings).
    ``bound``: the search's work bound (``Options.glued_search_bound``: class
    trials and leaves over all its phases, a leaf weighing ``LEAF_WEIGHT``),
    or the :class:`Budget` the searches of one conversion share."""
    where = where or {}
    sol = Solution()
    fixed, ambiguous, spelled, paths_of = _sort_rows(rows, sol.warnings)
    if not ambiguous:  # every row read one way: each value as read, unless the source lost one
        values, provenance = sol.values, sol.provenance
        for p, s in fixed.items():
            if s.value is UNKNOWN:
                values.clear()
                provenance.clear()
                break
            values[p] = s.value
            if s.prov is not None:
                provenance[p] = s.prov
        else:
            return sol
    base = {p: s.value for p, s in fixed.items()}
    in_rows = set().union(*paths_of)  # the cells the ambiguous rows hold

    # only the equations that touch an ambiguous or unknown cell can change
    # between readings: score those per reading, the rest once
    moving = in_rows | {p for p, v in base.items() if v is UNKNOWN}
    live = [eq for eq in eqs if moving.intersection(eq.total + eq.parts)]
    eqs = live
    best = search(ambiguous, base, fixed, eqs, bound, spelled, paths_of)
    if best.bounded:
        steps = bound.steps if isinstance(bound, Budget) else bound
        rows_named = ", ".join(where.get(k, f"{table}.{k}") for k, _ in ambiguous)
        sol.warnings.append(Issue("search_bounded", f"{table}: weighing the joint readings of rows {rows_named} "
                                  f"would take more than the search's {steps} steps; in those rows only the values "
                                  "every reading of the row agrees on are kept, the others are left null", table))

    all_paths = in_rows.union(base)
    _settle_values(sol, best, sorted(all_paths), table, where)
    _explain_rows(sol, best, ambiguous, table, where)
    return sol


def _sort_rows(rows: dict[str, list[Reading]], warnings: list[Issue]
               ) -> tuple[dict[str, Slot], list[tuple[str, list[Reading]]], list[tuple[list[str], str]],
                          list[list[str]]]:
    """The rows' readings, duplicates dropped: the slots of rows read one way
    (fixed), the rows read several ways (ambiguous), the paths and digits of
    rows whose values must spell their digits, and each ambiguous row's paths
    (those of its readings, in the order they first come).  The readings'
    warnings are added to ``warnings``, each once."""
    fixed: dict[str, Slot] = {}
    ambiguous: list[tuple[str, list[Reading]]] = []
    paths_of: list[list[str]] = []
    seen_issues: set[tuple[str, str]] = set()
    spelled: list[tuple[list[str], str]] = []
    for key, readings in rows.items():
        for r in readings:
            if r.issues:
                for iss in r.issues:
                    if (iss.code, iss.message) not in seen_issues:
                        seen_issues.add((iss.code, iss.message))
                        warnings.append(iss)
        if len(readings) > 1 and type(readings) is not Distinct:  # (one reading, or distinct: nothing to drop)
            uniq: dict[frozenset[tuple[str, str]], Reading] = {}
            for r in readings:
                uniq.setdefault(r.signature(), r)
            readings = list(uniq.values())
        if len(readings) == 1:
            r = readings[0]
            if r.digits is not None:
                spelled.append((list(r.slots), r.digits))
            fixed.update(r.slots)
            continue
        paths: dict[str, object] = {}
        for r in readings:
            paths.update(r.slots)  # (the keys, in the order they first come)
            if r.digits is not None:
                spelled.append((list(r.slots), r.digits))
        if readings:
            ambiguous.append((key, readings))
            paths_of.append(list(paths))
    return fixed, ambiguous, spelled, paths_of


def _settle_values(sol: Solution, best: Best, paths: list[str], table: str, where: dict[str, str]) -> None:
    """Each path's value: the one every best reading gives (with how it was
    found), else null with a warning saying why."""
    for p in paths:
        found = best.vals.get(p, {})  # (by repr: its keys are the distinct values)
        v = next(iter(found.values())) if found else UNKNOWN
        if len(found) == 1 and v is not UNKNOWN:
            sol.values[p] = v
            provs = best.provs.get(p, ())
            prov = provs[0] if provs else None
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
            shown = sorted(x for x in found if x != "?")
            if v is UNKNOWN and len(found) == 1:
                sol.warnings.append(Issue("value_missing", f"{table}.{p}: the source has no cell for this value and "
                                          "the arithmetic does not settle it; left null",
                                          where.get(p.rsplit(".", 1)[0], table)))
            else:
                sol.warnings.append(Issue("ambiguous_value",
                                          f"{table}.{p}: readings disagree ({', '.join(shown)}); left null",
                                          where.get(p.rsplit(".", 1)[0], table)))


def _explain_rows(sol: Solution, best: Best, ambiguous: list[tuple[str, list[Reading]]], table: str,
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
    # one warning per row the narrative settled, naming the figures its set-aside readings contradict
    by_row: dict[int, set[str]] = {}
    for i, note in best.narrative_notes:
        by_row.setdefault(i, set()).add(note)
    for i, notes in sorted(by_row.items()):
        name, at = (f"{table}.{ambiguous[i][0]}", where.get(ambiguous[i][0], table)) if i >= 0 else (table, table)
        sol.warnings.append(Issue("settled_by_narrative", f"{name}: the form's arithmetic left a choice open; the "
                                  f"report's own narrative settled it ({'; '.join(sorted(notes))})", at))


MAX_SHOWN = 12  # candidate readings listed in one warning


def _fmt_outcome(o: tuple[str, ...]) -> str:
    return ", ".join("·" if x == "None" else x for x in o)
