"""The ninth pass's shortcuts in the run-together rows, each held to the way it
replaces: the placements of a run made once per document for rows alike
(glued._row_readings' ``placed``), and a line's label key found a stretch of
kept characters at a time (glued._key_map)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from gxconvert.matcher import glued as glued_mod
from gxconvert.matcher import search as search_mod
from gxconvert.matcher import solver as solver_mod
from gxconvert.matcher.digits import find_runs
from gxconvert.matcher.events import build_events
from gxconvert.matcher.readings import Reading, Slot
from gxconvert.model import Location, Provenance
from gxconvert.readers.text import parse_text
from gxconvert.templates import get

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _shown(rows: list[glued_mod.GluedRow]) -> list[object]:
    """Everything a glued row hands the solver: its readings' notes, weights, issues, values and sources."""
    return [(g.table, g.key, g.where, [(r.note, r.penalty, r.narrative, r.narrative_notes, r.digits,
                                        [(i.code, i.message, i.where) for i in r.issues],
                                        [(p, repr(s.value), s.prov) for p, s in r.slots.items()])
                                       for r in g.readings]) for g in rows]


@pytest.mark.parametrize("rel", ["glued/002_808b9c10c0982807.glued.txt", "glued/002_808b9c10c0982807.runon.txt",
                                 "oneline/002_808b9c10c0982807.glued.oneline.txt", "mixed/002_mixed.txt",
                                 "glued/004_6a33f86162c8aeae.glued.txt", "oneline/000_c618104cc4de48fa.oneline.txt"])
def test_alike_rows_cut_once_read_as_before(rel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows whose runs are alike (seed 002's table 三: twenty rows of one '0'
    each, seven cells) are cut once; every row's readings are those the row
    gets cut on its own (``placed`` None), slots, sources and notes its own."""
    template = get("2021")
    items = build_events(parse_text((CORPUS / rel).read_text("utf-8"))).items
    calls = [0]
    cuts = glued_mod.cuts

    def counted(*a: object) -> object:
        calls[0] += 1
        return cuts(*a)  # type: ignore[arg-type]

    monkeypatch.setattr(glued_mod, "cuts", counted)
    shared = glued_mod.glued_readings(items, template, set(), {})
    with_memo = calls[0]
    plain_rows = glued_mod._row_readings
    monkeypatch.setattr(glued_mod, "_row_readings", lambda *a: plain_rows(*a[:7]))  # no ``placed``: each row cut
    calls[0] = 0
    alone = glued_mod.glued_readings(items, template, set(), {})
    assert len(alone) > 20 and _shown(shared) == _shown(alone)
    # each row's readings are its own objects (its slots name its own line and label)
    assert len({id(r) for g in shared for r in g.readings}) == sum(len(g.readings) for g in shared)
    if rel.startswith(("glued/002", "oneline/002", "mixed/002")):
        assert with_memo < calls[0] / 2  # fails without the memo: every row cut again


def _match(text: str) -> glued_mod._Match:
    run = find_runs(text)[-1]
    return glued_mod._Match("t", "row", run, "label", "t.row", None)


@pytest.mark.parametrize("text", ["-12", "1-2", "0", "12 3", "1,2005"])
def test_placements_shared_only_by_columns_of_a_kind(text: str) -> None:
    """The memo's key holds the columns' kinds: the same run in signed, money or
    plain count cells keeps other placements, each as cut on its own."""
    shapes = [[glued_mod._Col("row.a"), glued_mod._Col("row.b")],
              [glued_mod._Col("row.a", signed=True), glued_mod._Col("row.b", signed=True)],
              [glued_mod._Col("row.a", money="wan_yuan", unit="万元"), glued_mod._Col("row.b")],
              [glued_mod._Col("row.a"), glued_mod._Col("row.b"), glued_mod._Col("row.c")]]
    placed: glued_mod._PlacedMemo = {}
    values: glued_mod._ValueMemo = {}
    for _ in range(2):
        for cols in shapes:
            for shift in (0, 2):
                m = _match(f"label{text}")
                got = glued_mod._row_readings(m, cols, "t", {}, None, shift, values, placed)
                alone = glued_mod._row_readings(_match(f"label{text}"), cols, "t", {}, None, shift)
                key = [(r.note, r.penalty, [(p, repr(s.value), s.prov) for p, s in r.slots.items()]) for r in got]
                assert key == [(r.note, r.penalty, [(p, repr(s.value), s.prov) for p, s in r.slots.items()])
                               for r in alone]
    assert placed  # (the memo was filled)


_PER_CHARACTER = re.compile(r"[^\s\W_]")  # the way replaced: a match a kept character


@pytest.mark.parametrize("seed", range(4))
def test_key_map_as_character_by_character(seed: int) -> None:
    """A line's label key and offsets, a stretch at a time, are those found
    one kept character at a time (spaces, punctuation, '_', full-width and
    ideographic characters, digits mixed)."""
    rng = random.Random(seed)
    pool = "申请政府信息公开 \t\u3000\xa0_,.、（）()：:；-—/0123456789ＡＢ１２ab"
    texts = ["", " ", "___", "一、收到申请数", "(一)予以公开 12", "第二十条第(五)项 行政许可5084"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 60))) for _ in range(300)]
    for text in texts:
        idx = [m.start() for m in _PER_CHARACTER.finditer(text)]
        assert glued_mod._key_map(text) == ("".join(text[i] for i in idx), idx)


# -- a glued row's readings told apart as the solver tells them -------------------------------------

_RUNS = ["100", "1000", "0 0", "10 0", "1 00", "0-0", "00", "1,000", "10-", "-10", "1 0 0", "20 0 1", "3/0", "0"]


def _old_way(m: glued_mod._Match, cols: list[glued_mod._Col], max_shift: int) -> list[object]:
    """The readings as made before: told apart by their values and shift, then
    the duplicates by value dropped by the solver (first kept)."""
    variants = glued_mod.dash_variants(m.run.groups)
    assert variants is not None
    maker = glued_mod._Maker(m, cols, "t", "note", "shown", {})
    made, seen = [], set()
    budget = glued_mod.MAX_READINGS
    for shift, groups, k, count in glued_mod._plan(variants, len(cols), max_shift):
        assert count <= budget
        budget -= count
        for pieces in glued_mod.cuts(groups, k):
            for cells, dropped in glued_mod._placements(pieces, len(cols)):
                got = maker.place(cells)
                if got is None or (sig := (tuple(s for s, _, _ in got), shift)) in seen:
                    continue
                seen.add(sig)
                made.append(maker.reading(cells, got, dropped, shift))
    warnings: list[object] = []
    _, ambiguous, _, _ = solver_mod._sort_rows({"row": made}, warnings)  # type: ignore[arg-type]
    kept = ambiguous[0][1] if ambiguous else made
    return [(r.note, r.penalty, sorted(r.signature())) for r in kept]


@pytest.mark.parametrize("text", _RUNS)
def test_glued_readings_distinct_as_the_solver_would_keep_them(text: str) -> None:
    """A row's readings come distinct by value (one reading per value, the one
    nearest one number per cell: the solver kept the first of each), exactly
    those the solver kept from the readings told apart by value and shift."""
    for n in (1, 2, 3, 7):
        for max_shift in (0, 2):
            cols = [glued_mod._Col(f"row.c{i}") for i in range(n)]
            m = _match(f"label{text}")
            got = glued_mod._row_readings(m, cols, "t", {}, None, max_shift)
            sigs = [r.signature() for r in got]
            assert len(set(sigs)) == len(sigs)
            if type(got) is solver_mod.Distinct:  # (not a row cut off)
                assert [(r.penalty, sorted(r.signature())) for r in got] == \
                    [(p, sig) for _, p, sig in _old_way(_match(f"label{text}"), cols, max_shift)]


@pytest.mark.parametrize("rel", ["glued/002_808b9c10c0982807.glued.txt", "mixed/002_mixed.txt",
                                 "oneline/002_808b9c10c0982807.glued.oneline.txt",
                                 "glued/004_6a33f86162c8aeae.runon.txt"])
def test_solver_takes_distinct_readings_as_they_are(rel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row's readings marked distinct settle exactly as the same readings in a
    plain list (whose duplicates the solver looks for), and no signature is taken."""
    template = get("2021")
    items = build_events(parse_text((CORPUS / rel).read_text("utf-8"))).items
    rows = [g for g in glued_mod.glued_readings(items, template, set(), {}) if len(g.readings) > 1]
    assert rows and all(type(g.readings) is solver_mod.Distinct for g in rows)

    def settle(plain: bool) -> list[object]:
        out: list[object] = []
        for g in rows:
            sol = solver_mod.solve({g.key: list(g.readings) if plain else g.readings}, [], g.table)
            out.append((sol.values, sol.provenance, [(w.code, w.message, w.where) for w in sol.warnings]))
        return out

    plain = settle(True)
    monkeypatch.setattr(Reading, "signature", lambda self: pytest.fail("signature taken of distinct readings"))
    assert settle(False) == plain


def _keyed(provs: list[Provenance | None]) -> list[Provenance | None]:
    """The way replaced: the first two sources told apart by a tuple of their fields, kept by key."""
    kept: dict[object, Provenance | None] = {}
    for prov in provs:
        if len(kept) < 2:
            key = None if prov is None else (prov.raw, prov.loc, prov.cell, prov.table, prov.how, prov.note,
                                             prov.source)
            kept.setdefault(key, prov)
    return list(kept.values())


@pytest.mark.parametrize("seed", range(3))
def test_sources_told_apart_by_their_fields(seed: int) -> None:
    """A path's first two sources kept in a list, told apart by ``==`` (equal
    fields: one source), are those kept by a key of their fields, the same
    objects in the same order (None among them; equal copies; a box)."""
    rng = random.Random(seed)
    pool: list[Provenance | None] = [None]
    for raw in ("12", "0", ""):
        for note in ("", "split from 'x'"):
            for loc in (None, Location(line=3), Location(page=2, box=(1.0, 2.0, 3.0, 4.0))):
                pool.append(Provenance(raw=raw, loc=loc, cell=rng.choice([None, (1, 2)]), how="split", note=note))
    for _ in range(400):
        provs = [rng.choice(pool) for _ in range(rng.randint(0, 6))]
        provs += [Provenance(p.raw, p.loc, p.cell, p.table, p.how, p.note, p.source) if p else None
                  for p in provs[:2]]  # equal copies, other objects
        rng.shuffle(provs)
        listed: list[Provenance | None] = []
        readings = [Reading({"row.a": Slot(k, prov)}) for k, prov in enumerate(provs)]
        search_mod._record_readings(readings, [("row.a", {}, listed)], {}, {}, {}, set())
        assert [id(p) for p in listed] == [id(p) for p in _keyed(provs)]
