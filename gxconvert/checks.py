"""The 勾稽关系 checks of the output contract (``docs/canonical-report.md``), one Check per row/column/group."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from .arith import Equation, shared_equations
from .model import Check
from .templates import Template, generation


def _out(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


#: (equation, its parts' getter, its total's getter, all its cells' getter) over the
#: form's cells in :func:`_compiled` order (a getter yields a tuple, a last cell
#: of 0.0 / False padding the short ones)
_Eq = tuple[Equation, "itemgetter[Any]", "itemgetter[Any]", "itemgetter[Any]"]
_COMPILED: dict[tuple[str, int], tuple[tuple[tuple[str, str], ...], tuple[_Eq, ...]]] = {}


def _compiled(template: Template) -> tuple[tuple[tuple[str, str], ...], tuple[_Eq, ...]]:
    """The form's equations over one list of the cells they name ((table, path)
    each once), built once per loaded form."""
    key = (template.id, generation())
    got = _COMPILED.get(key)
    if got is None:
        index: dict[tuple[str, str], int] = {}
        for eq in shared_equations(template):
            for p in eq.parts + eq.total:
                index.setdefault((eq.table, p), len(index))
        pad = len(index)  # the padding cell

        def getter(paths: tuple[str, ...], table: str) -> itemgetter[Any]:
            idx = [index[(table, p)] for p in paths]
            return itemgetter(*(idx + [pad] * (2 - len(idx))))  # at least two: a tuple, never one item

        eqs = tuple((eq, getter(eq.parts, eq.table), getter(eq.total, eq.table), getter(eq.parts + eq.total, eq.table))
                    for eq in shared_equations(template))
        got = _COMPILED[key] = (tuple(index), eqs)
    return got


def run_checks(template: Template, values: dict[str, dict[str, object]]) -> list[Check]:
    """``expected`` is the sum of the parts, ``actual`` the stated total
    (for applications.balance: new_received + carried_over, and
    total_processed + carried_forward).  ``null`` counts as 0.  A check
    whose cells are all null (the table was not found) is not reported."""
    cells, eqs = _compiled(template)
    no_table: dict[str, object] = {}
    nums: list[float] = []  # each cell's number (null and what is not a number: 0)
    filled: list[bool] = []  # each cell: not null
    for table, path in cells:
        v = values.get(table, no_table).get(path)
        nums.append(float(v) if isinstance(v, (int, float)) else 0.0)
        filled.append(v is not None)
    nums.append(0.0)
    filled.append(False)
    out: list[Check] = []
    for eq, parts, total, every in eqs:
        if not any(every(filled)):
            continue
        expected = sum(parts(nums))
        actual = sum(total(nums))
        out.append(Check(rule=eq.rule, ok=abs(expected - actual) < 1e-6,
                         expected=_out(expected), actual=_out(actual), where=eq.where))
    return out
