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
        table = values.get(eq.table, no_table)
        got = table.get
        parts = [got(p) for p in eq.parts]
        total = [got(p) for p in eq.total]
        if parts.count(None) == len(parts) and total.count(None) == len(total):
            continue
        # null (and anything not a number) counts 0: summed without it, the same sums
        expected = sum([float(v) for v in parts if isinstance(v, (int, float))])
        actual = sum([float(v) for v in total if isinstance(v, (int, float))])
        out.append(Check(rule=eq.rule, ok=abs(expected - actual) < 1e-6,
                         expected=_out(expected), actual=_out(actual), where=eq.where))
    return out
