"""The 勾稽关系 checks of the output contract (``docs/canonical-report.md``), one Check per row/column/group."""

from __future__ import annotations

from .arith import shared_equations
from .model import Check
from .templates import Template


def _out(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


def run_checks(template: Template, values: dict[str, dict[str, object]]) -> list[Check]:
    """``expected`` is the sum of the parts, ``actual`` the stated total
    (for applications.balance: new_received + carried_over, and
    total_processed + carried_forward).  ``null`` counts as 0.  A check
    whose cells are all null (the table was not found) is not reported."""
    out: list[Check] = []
    no_table: dict[str, object] = {}
    for eq in shared_equations(template):
        got = values.get(eq.table, no_table).get
        filled = False  # a value (not null) among the cells
        parts: list[float] = []  # the numbers (null counts 0)
        for p in eq.parts:
            v = got(p)
            if v is not None:
                filled = True
                if isinstance(v, (int, float)):
                    parts.append(float(v))
        total: list[float] = []
        for p in eq.total:
            v = got(p)
            if v is not None:
                filled = True
                if isinstance(v, (int, float)):
                    total.append(float(v))
        if not filled:
            continue
        expected = sum(parts)
        actual = sum(total)
        out.append(Check(rule=eq.rule, ok=abs(expected - actual) < 1e-6,
                         expected=_out(expected), actual=_out(actual), where=eq.where))
    return out
