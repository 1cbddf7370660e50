"""The arithmetic's search: exact pruning, one work budget per conversion.

The oracle here enumerates every combination of the rows' readings with
itertools (no gxconvert code): the best are those breaking the fewest column
sums; a cell gets the value every best combination gives it, else null."""

from __future__ import annotations

import itertools
import random

import pytest

from gxconvert.arith import Equation
from gxconvert.matcher import search as search_mod
from gxconvert.matcher.readings import Reading, Slot
from gxconvert.matcher.solver import Budget, solve

COLS = ("a", "b", "c")


def _instance(rng: random.Random, n_rows: int, n_readings: int, step: float = 1
              ) -> tuple[dict[str, list[Reading]], list[Equation], dict[str, list[dict[str, float]]]]:
    """Rows r0.. with several readings of three columns and a total row
    (one reading) holding the column sums of one hidden combination (or,
    now and then, off by one: no consistent combination)."""
    raw: dict[str, list[dict[str, float]]] = {}
    for i in range(n_rows):
        opts = []
        for _ in range(rng.randint(2, n_readings)):
            opts.append({f"r{i}.{c}": rng.randint(0, 12) * step for c in COLS})
        raw[f"r{i}"] = opts
    truth = [rng.choice(opts) for opts in raw.values()]
    total = {f"total.{c}": sum(t[f"r{i}.{c}"] for i, t in enumerate(truth)) for c in COLS}
    if rng.random() < 0.2:
        total["total.b"] += step
    raw["total"] = [total]
    rows = {k: [Reading({p: Slot(v) for p, v in o.items()}) for o in opts] for k, opts in raw.items()}
    eqs = [Equation("column sum", "t", f"t.total.{c}", (f"total.{c}",), tuple(f"r{i}.{c}" for i in range(n_rows)))
           for c in COLS]
    return rows, eqs, raw


def _oracle(raw: dict[str, list[dict[str, float]]], n_rows: int) -> dict[str, object]:
    total = raw["total"][0]
    scored = []
    for combo in itertools.product(*(raw[f"r{i}"] for i in range(n_rows))):
        broken = sum(1 for c in COLS if sum(o[f"r{i}.{c}"] for i, o in enumerate(combo)) != total[f"total.{c}"])
        scored.append((broken, combo))
    least = min(b for b, _ in scored)
    best = [combo for b, combo in scored if b == least]
    out: dict[str, object] = dict(total)
    for i in range(n_rows):
        for c in COLS:
            p = f"r{i}.{c}"
            vals = {o[i][p] for o in best}
            out[p] = vals.pop() if len(vals) == 1 else None
    return out


@pytest.mark.parametrize(("seed", "step"), [(s, 1) for s in range(5)] + [(5, 0.5), (6, 0.25)])
def test_the_search_finds_what_every_combination_weighed_finds(seed: int, step: float) -> None:
    """Whole counts, and amounts in halves and quarters (sums exact in
    floats either way; the search rounds non-whole sums)."""
    rng = random.Random(seed)
    for _ in range(40):
        n_rows = rng.randint(2, 5)
        rows, eqs, raw = _instance(rng, n_rows, 6, step)
        sol = solve(rows, eqs, "t")
        assert sol.values == _oracle(raw, n_rows)


def test_the_exact_reach_of_the_last_rows_changes_nothing_but_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    for _ in range(60):
        rows, eqs, _ = _instance(rng, rng.randint(2, 5), 7)
        with_reach = solve(rows, eqs, "t")
        monkeypatch.setattr(search_mod, "_REACH_MAX", 0)
        without = solve(rows, eqs, "t")
        monkeypatch.undo()
        assert (with_reach.values, with_reach.warnings) == (without.values, without.warnings)


def _five_rows_seven_ways() -> tuple[dict[str, list[Reading]], list[Equation]]:
    """Five rows, seven readings each (reading j of row i says k = (j + 3) % 7:
    a = k, b = 6 - k, c = k * 7 ** i); one combination fits the column sums,
    each row's first reading (k = 3).  Sums of a and b are 15 for many
    combinations, and the range of what the rows to come can add to c
    holds its total long before the last row: only what they can add
    exactly tells the first rows' other readings apart."""
    rows: dict[str, list[Reading]] = {}
    for i in range(5):
        rows[f"r{i}"] = [Reading({f"r{i}.a": Slot(k), f"r{i}.b": Slot(6 - k), f"r{i}.c": Slot(k * 7 ** i)})
                         for k in ((j + 3) % 7 for j in range(7))]
    truth = [3, 3, 3, 3, 3]
    rows["total"] = [Reading({"total.a": Slot(sum(truth)), "total.b": Slot(sum(6 - k for k in truth)),
                              "total.c": Slot(sum(k * 7 ** i for i, k in enumerate(truth)))})]
    eqs = [Equation("column sum", "t", f"t.total.{c}", (f"total.{c}",), tuple(f"r{i}.{c}" for i in range(5)))
           for c in ("a", "b", "c")]
    return rows, eqs


def test_rows_every_column_sum_waits_for_are_pruned_by_what_they_can_still_add(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows, eqs = _five_rows_seven_ways()
    steps = []
    for reach_max in (search_mod._REACH_MAX, 0):  # exact sums of the rows to come; ranges only
        monkeypatch.setattr(search_mod, "_REACH_MAX", reach_max)
        budget = Budget(1_000_000)
        sol = solve(rows, eqs, "t", bound=budget)
        assert [sol.values[f"r{i}.a"] for i in range(5)] == [3, 3, 3, 3, 3]
        assert not [w for w in sol.warnings if w.code == "search_bounded"]
        steps.append(budget.steps - budget.left)
    # 7 ** 5 = 16,807 combinations: the ranges try ~13,000 classes, the exact sums ~140
    assert steps[0] * 50 < steps[1], steps


def test_one_budget_for_the_whole_conversion_and_a_warning_naming_the_rows() -> None:
    rows, eqs = _five_rows_seven_ways()
    probe = Budget(100_000)
    solve(rows, eqs, "t", bound=probe)
    used = probe.steps - probe.left
    budget = Budget(used * 2 + used // 2)
    first, second = solve(rows, eqs, "t", bound=budget), solve(rows, eqs, "t", bound=budget)
    assert first.values == second.values and budget.left == used // 2
    third = solve(rows, eqs, "t", {f"r{i}": f"t.r{i}" for i in range(5)}, bound=budget)
    bounded = [w for w in third.warnings if w.code == "search_bounded"]
    assert len(bounded) == 1 and bounded[0].where == "t"
    assert all(f"t.r{i}" in bounded[0].message for i in range(5))
    assert budget.left == 0
    # nothing is guessed: each row's readings disagree on every cell
    assert all(third.values[f"r{i}.{c}"] is None for i in range(5) for c in ("a", "b", "c"))
    assert third.values["total.a"] == 15  # read one way: kept
