"""The 勾稽关系 checks of the output contract (``docs/canonical-report.md``), one Check per row/column/group.

A form's checks are compiled once per loaded form into one Python function
(:func:`_compiled`): each equation a line of additions over one list of the
form's cells, so a report's checks run without a loop over the equations or
a tuple built for each; its code is kept as bytecode is (:mod:`gxconvert.codecache`)."""

from __future__ import annotations

from collections.abc import Callable

from . import codecache
from .arith import shared_equations
from .model import Check
from .templates import Template, generation


def _out(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


#: a count below this is summed as an int: exactly what the sum of the same counts as floats gives
#: (every partial sum of up to 8,192 of them stays below 2**53), and ``_out`` of it is itself
_EXACT = 1 << 40

#: the most cells a side of an equation adds as a chain of additions (more: ``sum()`` of a tuple of them)
CHAIN_MAX = 64

#: the compiled checks: (nums, filled) -> checks, over the form's cells in the order of its tables' paths
_Run = Callable[[list[object], list[bool]], list[Check]]
#: the cells' paths grouped by table, in cell order, and the compiled checks
_Compiled = tuple[tuple[tuple[str, tuple[str, ...]], ...], _Run]
_COMPILED: dict[tuple[str, int], _Compiled] = {}


def _compiled(template: Template) -> _Compiled:
    """The form's checks as one function over one list of the cells they name
    ((table, path) each once, a table's cells together; a last cell of 0 /
    False pads), built once per loaded form.  Each equation sums its parts
    and its total as ``sum()`` of their cells would (from 0, left to right,
    a one-cell side padded with the 0 cell), and is skipped when all its
    cells are null."""
    key = (template.id, generation())
    got = _COMPILED.get(key)
    if got is None:
        eqs = shared_equations(template)
        by_table: dict[str, dict[str, None]] = {}  # each table's cells, in first-named order
        for eq in eqs:
            by_table.setdefault(eq.table, {}).update(dict.fromkeys(eq.parts + eq.total))
        index = {(table, p): k for k, (table, p) in enumerate((t, p) for t, ps in by_table.items() for p in ps)}
        pad = len(index)  # the padding cell
        num = [f"n[{i}]" for i in range(pad + 1)]  # each cell's number and filled flag, as the code names them
        filled = [f"f[{i}]" for i in range(pad + 1)]

        def cells(paths: tuple[str, ...], table: str) -> list[int]:
            idx = [index[(table, p)] for p in paths]
            return idx + [pad] * (2 - len(idx))  # as sum() of an itemgetter's tuple: at least two cells

        def total(idx: list[int]) -> str:
            if len(idx) <= CHAIN_MAX:
                return "0 + " + " + ".join([num[i] for i in idx])
            return f"sum(({', '.join([num[i] for i in idx])}))"  # (a long chain nests too deep to compile)

        code = ["def run(n, f):", " out = []", " add = out.append"]
        for k, eq in enumerate(eqs):
            every = sorted(set(cells(eq.parts + eq.total, eq.table)) - {pad})
            code += [f" if {' or '.join([filled[i] for i in every]) or 'False'}:",
                     f"  e = {total(cells(eq.parts, eq.table))}",
                     f"  a = {total(cells(eq.total, eq.table))}",
                     f"  add(Check(R[{k}], abs(e - a) < 1e-6, e if e.__class__ is int else out_(e),"
                     f" a if a.__class__ is int else out_(a), W[{k}]))"]
        code.append(" return out")
        scope: dict[str, object] = {"Check": Check, "out_": _out, "R": tuple(eq.rule for eq in eqs),
                                    "W": tuple(eq.where for eq in eqs)}
        exec(codecache.compile("\n".join(code), f"<checks of form {template.id}>"), scope)
        run: _Run = scope["run"]  # type: ignore[assignment]
        got = _COMPILED[key] = (tuple((t, tuple(ps)) for t, ps in by_table.items()), run)
    return got


def run_checks(template: Template, values: dict[str, dict[str, object]]) -> list[Check]:
    """``expected`` is the sum of the parts, ``actual`` the stated total
    (for applications.balance: new_received + carried_over, and
    total_processed + carried_forward).  ``null`` counts as 0.  A check
    whose cells are all null (the table was not found) is not reported."""
    tables, run = _compiled(template)
    no_table: dict[str, object] = {}
    raw: list[object] = []
    for table, paths in tables:
        raw += map(values.get(table, no_table).get, paths)
    raw.append(None)  # the padding cell
    # each cell's number (null and what is not a number: 0), a count as an int; each cell: not null
    nums: list[object] = [v if v.__class__ is int and -_EXACT < v < _EXACT
                          else float(v) if isinstance(v, (int, float)) else 0 for v in raw]
    return run(nums, [v is not None for v in raw])
