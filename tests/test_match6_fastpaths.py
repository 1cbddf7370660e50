"""The sixth matcher pass's shortcuts, each against the way it replaces.

* a leaf of the search weighed from the rows' contributions (no values
  dict) when nothing is unknown, no cell is held twice and every number is
  whole and small: the same solution as the leaf that builds the values;
* what a run-together piece gives in a column worked out once per column
  kind for the whole document, not once per row;
* a row read by cell order shares one unknown slot per missing column
  between its readings;
* a phase's exact reach skips a row that adds nothing to an equation.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gxconvert.arith import Equation
from gxconvert.matcher import glued as glued_mod
from gxconvert.matcher import search as search_mod
from gxconvert.matcher.events import LRow, build_events
from gxconvert.matcher.readings import UNKNOWN, Reading, Slot
from gxconvert.matcher.solver import solve
from gxconvert.matcher.tables import _order_readings
from gxconvert.model import Cell, Table
from gxconvert.readers.text import parse_text
from gxconvert.templates import get

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
COLS = ("a", "b", "c")


def _instance(rng: random.Random, n_rows: int, scale: float = 1.0
              ) -> tuple[dict[str, list[Reading]], list[Equation]]:
    """Rows r0.. read several ways (three columns, each row's own total in
    ``t``) and a total row read one way: column sums and row totals."""
    rows: dict[str, list[Reading]] = {}
    for i in range(n_rows):
        opts = []
        for _ in range(rng.randint(2, 5)):
            v = {c: rng.randint(0, 9) * scale for c in COLS}
            v["t"] = v["a"] + v["b"] + (v["c"] if rng.random() < 0.7 else scale)
            opts.append(Reading({f"r{i}.{k}": Slot(x) for k, x in v.items()}, penalty=rng.randint(0, 1)))
        rows[f"r{i}"] = opts
    rows["total"] = [Reading({f"total.{c}": Slot(rng.randint(0, 9 * n_rows) * scale) for c in (*COLS, "t")})]
    eqs = [Equation("column sum", "t", f"t.total.{c}", (f"total.{c}",), tuple(f"r{i}.{c}" for i in range(n_rows)))
           for c in (*COLS, "t")]
    eqs += [Equation("row total", "t", f"t.r{i}", (f"r{i}.t",), tuple(f"r{i}.{c}" for c in COLS))
            for i in range(n_rows)]
    return rows, eqs


def _solution(rows: dict[str, list[Reading]], eqs: list[Equation]) -> tuple[object, ...]:
    sol = solve(rows, eqs, "t")
    return sol.values, sol.provenance, [(w.code, w.message, w.where) for w in sol.warnings]


def test_a_leaf_weighed_from_contributions_gives_what_the_values_give(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    cases = [_instance(rng, rng.randint(2, 5)) for _ in range(60)]
    used = []
    real = search_mod._Search._leaf_from_terms

    def spy(self: search_mod._Search, terms: object) -> None:
        used.append(1)
        real(self, terms)  # type: ignore[arg-type]

    monkeypatch.setattr(search_mod._Search, "_leaf_from_terms", spy)
    fast = [_solution(rows, eqs) for rows, eqs in cases]
    assert len(used) > 100  # the shortcut is taken (from the second leaf of a search on)
    monkeypatch.setattr(search_mod._Search, "_terms", lambda self: None)
    used.clear()
    slow = [_solution(rows, eqs) for rows, eqs in cases]
    assert not used
    assert fast == slow


@pytest.mark.parametrize("scale", [0.5, 2.0**40])
def test_no_leaf_is_weighed_from_contributions_when_sums_may_round(scale: float) -> None:
    """Halves (not whole) and numbers from 2**40 up (sums may lose units) keep the leaf that
    builds the values."""
    rng = random.Random(3)
    for _ in range(20):
        rows, eqs = _instance(rng, 3, scale)
        s = search_mod._Search(*_search_args(rows, eqs))
        assert s._terms() is None


def test_no_leaf_is_weighed_from_contributions_when_a_cell_may_be_unknown() -> None:
    rng = random.Random(5)
    rows, eqs = _instance(rng, 3)
    rows["r0"].append(Reading({f"r0.{c}": Slot(UNKNOWN) for c in (*COLS, "t")}))
    s = search_mod._Search(*_search_args(rows, eqs))
    assert s.any_unknown and s._terms() is None


def _search_args(rows: dict[str, list[Reading]], eqs: list[Equation]):  # type: ignore[no-untyped-def]
    fixed = {p: sl for k, rs in rows.items() if len(rs) == 1 for p, sl in rs[0].slots.items()}
    ambiguous = [(k, rs) for k, rs in rows.items() if len(rs) > 1]
    return ambiguous, {p: sl.value for p, sl in fixed.items()}, fixed, eqs, ()


def test_a_pieces_value_in_a_column_kind_is_worked_out_once_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seed 002's table 三 run together: 25 rows of seven count columns, most of them '0' — each
    (piece, column kind) read once, and the readings as when each row reads its own."""
    text = (CORPUS / "glued" / "002_808b9c10c0982807.glued.txt").read_text("utf-8")
    items = build_events(parse_text(text)).items
    template = get("2021")  # (its year: 2021)
    calls: list[tuple[object, ...]] = []
    real = glued_mod._value

    def spy(piece: object, col: glued_mod._Col) -> tuple[bool, object]:
        calls.append((piece, col.signed, col.money, col.unit))
        return real(piece, col)  # type: ignore[arg-type]

    monkeypatch.setattr(glued_mod, "_value", spy)
    shared = glued_mod.glued_readings(items, template, set(), {})
    assert len(calls) == len(set(calls)) and len(calls) < 40
    n_shared = len(calls)

    real_row_readings = glued_mod._row_readings

    def own_memo(*a: object, **k: object) -> list[Reading]:
        return real_row_readings(*a[:6], values={})  # type: ignore[arg-type]

    monkeypatch.setattr(glued_mod, "_row_readings", own_memo)
    calls.clear()
    apart = glued_mod.glued_readings(items, template, set(), {})
    assert len(calls) > 3 * n_shared  # each row reading '0' in a count column again

    def shown(rows: list[glued_mod.GluedRow]) -> list[object]:
        return [(g.table, g.key, g.where, [(r.note, r.penalty, r.narrative, r.narrative_notes,
                                            [(p, repr(s.value), s.prov) for p, s in r.slots.items()])
                                           for r in g.readings]) for g in rows]

    assert shown(shared) == shown(apart)


def test_a_row_read_by_cell_order_shares_one_unknown_slot_per_missing_column() -> None:
    cells = [Cell("3", 0, 1), Cell("1", 0, 2)]
    row = LRow([Cell("label", 0, 0)], cells, 0, Table(cells=[]))
    paths = ["r.a", "r.b", "r.c", "r.d"]
    readings = _order_readings(row, paths, [], "t")
    assert len(readings) == 6  # two of four columns missing
    for p in paths:
        unknown = {id(r.slots[p]) for r in readings if r.slots[p].value is UNKNOWN}
        assert len(unknown) == 1  # the same slot in every reading that leaves column p missing
        read = {id(r.slots[p]) for r in readings if r.slots[p].value is not UNKNOWN}
        assert len(read) <= 2  # cell '3' or cell '1' placed there, one slot each
    assert sorted(tuple(repr(r.slots[p].value) for p in paths) for r in readings) == sorted(
        [("3", "1", "?", "?"), ("3", "?", "1", "?"), ("3", "?", "?", "1"),
         ("?", "3", "1", "?"), ("?", "3", "?", "1"), ("?", "?", "3", "1")])


def test_the_exact_reach_skips_a_row_that_adds_nothing() -> None:
    """A row whose allowed classes add 0 to an equation leaves its reachable sums as they are
    (the same set, not a copy made by adding 0 to each)."""
    rows = {"r0": [Reading({"r0.a": Slot(0)}), Reading({"r0.a": Slot(0), "r0.b": Slot(None)})],
            "r1": [Reading({"r1.a": Slot(2)}), Reading({"r1.a": Slot(3)})],
            "total": [Reading({"total.a": Slot(3)})]}
    eqs = [Equation("column sum", "t", "t.total.a", ("total.a",), ("r0.a", "r1.a"))]
    s = search_mod._Search(*_search_args(rows, eqs))
    s.allowed = s.class_order
    s._prepare_bounds(s.allowed)
    (e,) = s.sums
    one = s.reach_of[e]
    d0 = s.order.index(0)
    assert one[d0] is one[d0 + 1]
    assert one[s.order.index(1)] == {-2.0, -3.0}  # the parts' side: 0 - 2, 0 - 3
