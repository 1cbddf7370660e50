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
from gxconvert.matcher.readings import UNKNOWN, Reading, Slot
from gxconvert.matcher.solver import Budget, solve
from gxconvert.model import Provenance

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


@pytest.mark.parametrize("step", [1, 0.25])
def test_the_exact_reach_of_the_last_rows_changes_nothing_but_the_work(monkeypatch: pytest.MonkeyPatch,
                                                                      step: float) -> None:
    """Whole counts (the sums packed into ints) and quarters (tuples of rounded sums)."""
    rng = random.Random(7)
    for _ in range(60):
        rows, eqs, _ = _instance(rng, rng.randint(2, 5), 7, step)
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


def _rows_with_lost_cells(rng: random.Random, n_rows: int, share: bool
                          ) -> tuple[dict[str, list[Reading]], list[Equation]]:
    """Rows of three columns and their total, each read several ways, some
    ways losing a cell (unknown: the arithmetic may infer it) or reading a
    blank, some contradicting the narrative or farther from one number per
    cell; now and then a negative count or an inconsistent total row.  With
    ``share``, readings of a row that place the same cell share its slot
    (as the readers of rows make them)."""
    rows: dict[str, list[Reading]] = {}
    truth = []
    for i in range(n_rows):
        made: dict[tuple[str, str, int], Slot] = {}
        opts = []
        for j in range(rng.randint(1, 8)):
            vals: dict[str, object] = {c: rng.randint(0, 6) for c in ("a", "b", "c")}
            vals["t"] = sum(vals.values()) + (1 if rng.random() < 0.1 else 0)  # type: ignore[call-overload]
            if rng.random() < 0.05:
                vals["a"] = -1
            if j == 0:
                truth.append(vals)
            slots = {}
            for c in ("a", "b", "c", "t"):
                x = rng.random()
                v = UNKNOWN if x < 0.12 else None if x < 0.2 else vals[c]
                key = (c, repr(v), rng.randint(0, 2))
                slot = made.get(key) if share else None
                if slot is None:
                    slot = made[key] = Slot(v, Provenance(raw=repr(v), cell=(i, key[2]), how="split"))
                slots[f"r{i}.{c}"] = slot
            narr = rng.random() < 0.15
            opts.append(Reading(slots, f"row {i}", narrative=int(narr),
                                narrative_notes=(f"fig {i}.{j}",) if narr else (),
                                penalty=rng.choice([0, 0, 0, 1, 1000])))
        rows[f"r{i}"] = opts
    total = {c: sum(t[c] for t in truth) + (1 if rng.random() < 0.15 else 0) for c in ("a", "b", "c", "t")}
    rows["total"] = [Reading({f"total.{c}": Slot(UNKNOWN if rng.random() < 0.1 else v) for c, v in total.items()})]
    eqs = [Equation("column sum", "t", f"t.total.{c}", (f"total.{c}",), tuple(f"r{i}.{c}" for i in range(n_rows)))
           for c in ("a", "b", "c", "t")]
    eqs += [Equation("row total", "t", f"t.{r}", (f"{r}.t",), (f"{r}.a", f"{r}.b", f"{r}.c"))
            for r in [*(f"r{i}" for i in range(n_rows)), "total"]]
    return rows, eqs


def _outcome(rows: dict[str, list[Reading]], eqs: list[Equation], steps: int) -> tuple[object, ...]:
    budget = Budget(steps)
    sol = solve(rows, eqs, "t", bound=budget)
    return (sol.values, [(w.code, w.message, w.where) for w in sol.warnings],
            {p: repr(v) for p, v in sol.provenance.items()}, budget.left)


@pytest.mark.parametrize("share", [False, True])
def test_weighing_leaves_late_or_not_at_all_changes_nothing_but_the_work(
        monkeypatch: pytest.MonkeyPatch, share: bool) -> None:
    """Leaves weighed after the walk once the best is at the floor, and the walk
    that tells a phase cannot end within its steps before weighing more than a
    few leaves, give what the plain walk gives: the same values, warnings,
    sources and steps left, bounded or not."""
    rng = random.Random(11 + share)
    bounded = 0
    for _ in range(150):
        rows, eqs = _rows_with_lost_cells(rng, rng.randint(2, 7), share)
        steps = rng.choice([300, 2_000, 20_000])
        fast = _outcome(rows, eqs, steps)
        monkeypatch.setattr(search_mod._Search, "_floor", lambda self: None)  # neither shortcut
        plain = _outcome(rows, eqs, steps)
        monkeypatch.undo()
        assert fast == plain
        bounded += any(code == "search_bounded" for code, _, _ in fast[1])  # type: ignore[attr-defined]
    assert 30 < bounded < 120  # both kinds of search are met


def test_a_search_that_cannot_end_within_its_steps_weighs_few_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seven rows of seven cells, each with two cells lost (21 ways to place
    the five values), totals no combination meets: no column sum can prune
    while a cell is unknown, so the walk would weigh 187 leaves before running
    out of its 20,000 steps; the walk at the floor sees that after 8 and the
    search stops there, with the same nulls."""
    rows: dict[str, list[Reading]] = {}
    cols = [f"c{k}" for k in range(7)]
    for i in range(7):
        vals = [i + k for k in range(5)]
        opts = []
        for lost in itertools.combinations(range(7), 2):
            it = iter(vals)
            opts.append(Reading({f"r{i}.{c}": Slot(UNKNOWN if k in lost else next(it)) for k, c in enumerate(cols)}))
        rows[f"r{i}"] = opts
    rows["total"] = [Reading({f"total.{c}": Slot(100) for c in cols})]
    eqs = [Equation("column sum", "t", f"t.total.{c}", (f"total.{c}",), tuple(f"r{i}.{c}" for i in range(7)))
           for c in cols]
    weighed: list[int] = []
    leaf = search_mod._Search._leaf

    def counted(self: search_mod._Search) -> None:
        weighed.append(1)
        leaf(self)

    monkeypatch.setattr(search_mod._Search, "_leaf", counted)
    fast = solve(rows, eqs, "t", bound=Budget(20_000))
    assert len(weighed) == search_mod._PROBE_AFTER
    weighed.clear()
    monkeypatch.setattr(search_mod._Search, "_floor", lambda self: None)
    plain = solve(rows, eqs, "t", bound=Budget(20_000))
    assert len(weighed) >= 180  # 187: a leaf weighs 100 steps, the class trials take the rest
    assert [w.code for w in fast.warnings if w.code == "search_bounded"] == ["search_bounded"]
    assert (fast.values, [w.message for w in fast.warnings]) == (plain.values, [w.message for w in plain.warnings])
    assert all(fast.values[f"r{i}.{c}"] is None for i in range(7) for c in cols)  # nothing guessed
    assert fast.values["total.c0"] == 100
