"""The 勾稽关系 checks of the output contract (``docs/canonical-report.md``), one Check per row/column/group."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from .arith import shared_equations
from .model import Check
from .templates import Template, generation


def _out(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


#: a count below this is summed as an int: exactly what the sum of the same counts as floats gives
#: (every partial sum of up to 8,192 of them stays below 2**53), and ``_out`` of it is itself
_EXACT = 1 << 40

#: (rule, where, its parts' getter, its total's getter, all its cells' getter) over the form's cells
#: in :func:`_compiled` order (a getter yields a tuple, a last cell of 0 / False padding the short ones)
_Eq = tuple[str, str, "itemgetter[Any]", "itemgetter[Any]", "itemgetter[Any]"]
#: the cells' paths grouped by table, in cell order, and the equations
_Compiled = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[_Eq, ...]]
_COMPILED: dict[tuple[str, int], _Compiled] = {}


def _compiled(template: Template) -> _Compiled:
    """The form's equations over one list of the cells they name ((table, path)
    each once, a table's cells together), built once per loaded form."""
    key = (template.id, generation())
    got = _COMPILED.get(key)
    if got is None:
        by_table: dict[str, list[str]] = {}
        for eq in shared_equations(template):
            paths = by_table.setdefault(eq.table, [])
            paths.extend(p for p in eq.parts + eq.total if p not in paths)
        index = {(table, p): k for k, (table, p) in enumerate((t, p) for t, ps in by_table.items() for p in ps)}
        pad = len(index)  # the padding cell

        def getter(paths: tuple[str, ...], table: str) -> itemgetter[Any]:
            idx = [index[(table, p)] for p in paths]
            return itemgetter(*(idx + [pad] * (2 - len(idx))))  # at least two: a tuple, never one item

        eqs = tuple((eq.rule, eq.where, getter(eq.parts, eq.table), getter(eq.total, eq.table),
                     getter(eq.parts + eq.total, eq.table)) for eq in shared_equations(template))
        got = _COMPILED[key] = (tuple((t, tuple(ps)) for t, ps in by_table.items()), eqs)
    return got


def run_checks(template: Template, values: dict[str, dict[str, object]]) -> list[Check]:
    """``expected`` is the sum of the parts, ``actual`` the stated total
    (for applications.balance: new_received + carried_over, and
    total_processed + carried_forward).  ``null`` counts as 0.  A check
    whose cells are all null (the table was not found) is not reported."""
    tables, eqs = _compiled(template)
    no_table: dict[str, object] = {}
    raw: list[object] = []
    for table, paths in tables:
        raw += map(values.get(table, no_table).get, paths)
    raw.append(None)  # the padding cell
    # each cell's number (null and what is not a number: 0), a count as an int; each cell: not null
    nums = [v if v.__class__ is int and -_EXACT < v < _EXACT else float(v) if isinstance(v, (int, float)) else 0
            for v in raw]
    filled = [v is not None for v in raw]
    out: list[Check] = []
    for rule, where, parts, total, every in eqs:
        if not any(every(filled)):
            continue
        expected = sum(parts(nums))
        actual = sum(total(nums))
        out.append(Check(rule, abs(expected - actual) < 1e-6, expected if expected.__class__ is int else _out(expected),
                         actual if actual.__class__ is int else _out(actual), where))
    return out
