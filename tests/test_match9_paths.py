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
from gxconvert.matcher.digits import find_runs
from gxconvert.matcher.events import build_events
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
