"""The eighth matcher pass's shortcuts against the ways they replace.

Each test runs the shortcut and the plain way on the same random inputs
(built here with ``random``, no gxconvert code) and asserts that they give
the same values, warnings, sources and steps left."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_search_budget import _outcome  # the search's whole outcome: values, warnings, provenance, steps left

from gxconvert.arith import Equation
from gxconvert.matcher import glued as glued_mod
from gxconvert.matcher import search as search_mod
from gxconvert.matcher.events import build_events
from gxconvert.matcher.readings import UNKNOWN, Reading, Slot
from gxconvert.model import Provenance
from gxconvert.readers.text import parse_text
from gxconvert.templates import get

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

COLS = ("a", "b", "c", "t")


def _table(rng: random.Random, n_rows: int, step: float) -> tuple[dict[str, list[Reading]], list[Equation]]:
    """Rows of three columns and their total (``t``) plus a total row, each
    row read several ways.  About half the rows are read in ways that differ
    only in where a blank stands instead of a 0 (one class for the
    arithmetic: ``[0, ·, 3]`` and ``[·, 0, 3]``), the others in ways giving
    other numbers; now and then a lost cell, a narrative figure, a penalty
    or an inconsistent total."""
    rows: dict[str, list[Reading]] = {}
    truth = []
    for i in range(n_rows):
        vals: dict[str, object] = {c: rng.randint(0, 5) * step for c in "abc"}
        if rng.random() < 0.5:
            vals[rng.choice("abc")] = 0
        vals["t"] = sum(vals.values()) + (step if rng.random() < 0.1 else 0)  # type: ignore[call-overload]
        truth.append(vals)
        opts = []
        one_class = rng.random() < 0.5
        for j in range(rng.randint(2, 6)):
            got = dict(vals)
            if one_class:
                zeros = [c for c in "abc" if got[c] == 0]
                if zeros:
                    got[rng.choice(zeros)] = None  # the same numbers for the arithmetic
            else:
                for c in "abc":
                    if rng.random() < 0.4:
                        got[c] = rng.randint(0, 5) * step
                if rng.random() < 0.1:
                    got[rng.choice("abc")] = UNKNOWN
            slots = {f"r{i}.{c}": Slot(v, Provenance(raw=repr(v), cell=(i, j), how="split")) for c, v in got.items()}
            narr = not one_class and rng.random() < 0.15
            opts.append(Reading(slots, f"row {i}", narrative=int(narr),
                                narrative_notes=(f"fig {i}.{j}",) if narr else (),
                                penalty=0 if one_class else rng.choice([0, 0, 1, 1000])))
        rows[f"r{i}"] = opts
    total = {c: sum(t[c] or 0 for t in truth) + (step if rng.random() < 0.15 else 0) for c in COLS}  # type: ignore[misc]
    rows["total"] = [Reading({f"total.{c}": Slot(v) for c, v in total.items()})]
    eqs = [Equation("column sum", "t", f"t.total.{c}", (f"total.{c}",), tuple(f"r{i}.{c}" for i in range(n_rows)))
           for c in COLS]
    eqs += [Equation("row total", "t", f"t.{r}", (f"{r}.t",), (f"{r}.a", f"{r}.b", f"{r}.c"))
            for r in [*(f"r{i}" for i in range(n_rows)), "total"]]
    return rows, eqs


@pytest.mark.parametrize("step", [1, 0.5, 0.1])
def test_rows_read_one_way_by_the_arithmetic_join_the_constants(monkeypatch: pytest.MonkeyPatch,
                                                                  step: float) -> None:
    """A row whose readings all give the same numbers folded into the
    equations' constants: the same values, warnings, sources and steps
    left as when the walk adds it at its depth, bounded or not."""
    rng = random.Random(8 + int(step * 10))
    folded = bounded = 0
    for _ in range(120):
        rows, eqs = _table(rng, rng.randint(2, 7), step)
        steps = rng.choice([200, 2_000, 20_000])
        fast = _outcome(rows, eqs, steps)
        monkeypatch.setattr(search_mod._Search, "_fold_one_class_rows", lambda self: None)
        plain = _outcome(rows, eqs, steps)
        monkeypatch.undo()
        assert fast == plain
        bounded += any(code == "search_bounded" for code, _, _ in fast[1])  # type: ignore[attr-defined]
        s = search_mod._Search(*_search_args(rows, eqs))
        folded += sum(len(by_row) for by_row in s.contrib) < _plain_terms(rows, eqs)
    assert folded > 30  # the shortcut is taken
    assert bounded > 3  # and met by bounded searches


def _search_args(rows: dict[str, list[Reading]], eqs: list[Equation]) -> tuple[object, ...]:
    ambiguous = [(k, rs) for k, rs in rows.items() if len(rs) > 1]
    fixed = {p: s for k, rs in rows.items() if len(rs) == 1 for p, s in rs[0].slots.items()}
    base = {p: s.value for p, s in fixed.items()}
    return ambiguous, base, fixed, eqs, ()


def _plain_terms(rows: dict[str, list[Reading]], eqs: list[Equation]) -> int:
    """(row, equation) pairs of the ambiguous rows: what the contributions hold unfolded."""
    held = {p.split(".")[0] for k, rs in rows.items() if len(rs) > 1 for p in rs[0].slots}
    return sum(len({p.split(".")[0] for p in eq.total + eq.parts} & held) for eq in eqs)


def test_a_row_with_no_narrative_figure_looks_none_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """No figure stated in the narrative: a glued row's cells are not looked up
    among them, and its readings are those of a row whose figures name other
    cells (seed 002's table 三 run together, and its run-on spelling)."""
    template = get("2021")

    def shown(rows: list[glued_mod.GluedRow]) -> list[object]:
        return [(g.table, g.key, g.where, [(r.note, r.penalty, r.narrative, r.narrative_notes,
                                            [(p, repr(s.value), s.prov) for p, s in r.slots.items()])
                                           for r in g.readings]) for g in rows]

    for name in ("002_808b9c10c0982807.glued.txt", "002_808b9c10c0982807.runon.txt"):
        items = build_events(parse_text((CORPUS / "glued" / name).read_text("utf-8"))).items
        monkeypatch.setattr(glued_mod, "narrative_counts", lambda *a: {})
        none = glued_mod.glued_readings(items, template, set(), {})
        monkeypatch.setattr(glued_mod, "narrative_counts", lambda *a: {"elsewhere.row.col": (7.0, "7")})
        other = glued_mod.glued_readings(items, template, set(), {})
        monkeypatch.undo()
        assert len(none) > 20 and shown(none) == shown(other)


def _every_move(self: search_mod._Search) -> list[list[list[tuple[int, float | None]]]]:
    """What a class adds to every shared equation its row adds to, zeros included (the plain way)."""
    return [[[(e, self.contrib[e][self.order[d]][c]) for e in self.eqs_of[d]] for c in range(len(self.cost[d]))]
            for d in range(self.R)]


@pytest.mark.parametrize("step", [1, 0.1])
def test_a_class_adding_nothing_to_an_equation_leaves_its_sum_alone(monkeypatch: pytest.MonkeyPatch,
                                                                   step: float) -> None:
    """The walk adds a class's numbers only to the equations they change: the
    same values, warnings, sources and steps left as when it adds every one,
    zeros included, bounded or not."""
    rng = random.Random(80 + int(step * 10))
    skipped = 0
    for _ in range(120):
        rows, eqs = _table(rng, rng.randint(2, 7), step)
        steps = rng.choice([200, 2_000, 20_000])
        fast = _outcome(rows, eqs, steps)
        monkeypatch.setattr(search_mod._Search, "_moves", _every_move)
        plain = _outcome(rows, eqs, steps)
        monkeypatch.undo()
        assert fast == plain
        s = search_mod._Search(*_search_args(rows, eqs))  # type: ignore[arg-type]
        skipped += sum(map(len, (m for ms in _every_move(s) for m in ms))) > sum(
            map(len, (m for ms in s._moves() for m in ms)))
    assert skipped > 30  # the shortcut is taken
