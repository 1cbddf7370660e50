"""One-line web-archive texts (corpus/oneline): the whole page on one line.

Each ``<id>.oneline.txt`` is its seed flattened (cells separated by one
space; ``<id>.tabs.oneline.txt``: by a tab) and each
``<id>.glued.oneline.txt`` its glued version flattened (cells run together),
all wrapped in a crawler header and site chrome
(``corpus/oneline/make_oneline.py``).  Expected: the twin's golden (the seed's,
or the glued golden with its nulls by reasoning), with
``corpus/oneline/<name>.expected.json`` (by hand) naming values lost by
reasoning and a 发布时间 the report itself does not print.  A value is the
golden's or, where listed, null with a warning naming it — never a wrong
number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import CORPUS, SEEDS, flatten

import gxconvert

ONELINE = CORPUS / "oneline"
GLUED = CORPUS / "glued"
FILES = sorted(ONELINE.glob("*.txt"))


def _expected(path: Path) -> tuple[dict, dict, dict]:
    """(values, meta, nulls by reasoning) of a one-line file."""
    stem = path.name.split(".")[0]
    golden = json.loads((SEEDS / f"{stem}.expected.json").read_text("utf-8"))
    values = flatten(golden["tables"])
    meta = dict(golden["meta"])
    nulls: dict = {}
    if ".glued." in path.name:
        nulls.update(json.loads((GLUED / f"{stem}.expected.json").read_text("utf-8"))["null"])
    # the tab-separated version loses and keeps what the space-separated one does
    own = path.with_name(path.name.replace(".tabs.", ".")[: -len(".txt")] + ".expected.json")
    if own.exists():
        spec = json.loads(own.read_text("utf-8"))
        nulls.update(spec.get("null", {}))
        meta.update(spec.get("meta", {}))
    for p in nulls:
        assert values[p] is not None, f"{p} is null in the golden already"
        values[p] = None
    return values, meta, nulls


def _named(path: str, warnings: list[dict]) -> bool:
    row = path.rsplit(".", 1)[0]
    table = path.split(".", 1)[0]
    return any(path in w["message"] or w["where"] in (path, row) or f"{row}:" in w["message"]
               or (table == "review_litigation" and w["where"] == table) for w in warnings)


def test_corpus_has_every_seed_and_glued_seed():
    seeds = {p.name.split(".")[0] for p in SEEDS.glob("*.txt")}
    for kind in ("oneline", "tabs.oneline", "glued.oneline"):
        assert {p.name.split(".")[0] for p in ONELINE.glob("*.txt") if p.name.split(".", 1)[1] == kind + ".txt"} == seeds
    for p in FILES:
        assert p.read_text("utf-8").count("\n") == 1, "one line"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3] + p.name.split(".", 1)[1][: -len("oneline.txt")].rstrip("."))
def test_one_line_page_converts_like_its_twin(path):
    values, meta, nulls = _expected(path)
    out = gxconvert.convert(path).to_dict()
    got = flatten(out["tables"])
    assert set(got) == set(values)
    wrong = [f"{p}: {got[p]!r} != {v!r}" for p, v in values.items()
             if got[p] is not None and (v is None or abs(got[p] - v) > 1e-9)]
    assert wrong == []
    lost = [p for p, v in values.items() if v is not None and got[p] is None]
    assert lost == []
    assert [p for p in nulls if not _named(p, out["warnings"])] == []
    for k in ("title", "agency", "year", "template", "published"):
        assert out["meta"][k] == meta[k], k
    assert [s["number"] for s in out["sections"]] == [1, 2, 3, 4, 5, 6]
    # the form is told by its labels in the flattened tables, not guessed from the year
    assert "template_guessed" not in {w["code"] for w in out["warnings"]}


def test_inline_headings_found_without_their_comma():
    out = gxconvert.convert(ONELINE / "001_4ad21a775c00ab02.oneline.txt").to_dict()
    assert out["sections"][0]["heading"] == "一总体情况"
    assert out["sections"][1]["heading"] == "二主动公开政府信息情况"
    # part 六 of this seed has no numeral at all: found after a full stop
    assert out["sections"][5]["heading"] == "其他需要报告的事项"
    # the header's listing '…总体情况，主动公开…' is not taken for headings
    assert "2024年，我局" in out["sections"][0]["text"]


def test_empty_cells_told_by_their_spaces():
    """Seed 002's table 三 has one number per row and six empty cells; joined
    by one space, each empty cell leaves one extra space (``4       二、…``),
    which places the number (the golden: 自然人 4, the rest blank)."""
    rep = gxconvert.convert(ONELINE / "002_808b9c10c0982807.oneline.txt")
    assert rep.value("applications.new_received.natural_person") == 4
    assert rep.value("applications.new_received.total") is None
    assert rep.value("applications.denied.internal_affairs.natural_person") == 1
    assert any(w.code == "blank_in_run" and w.where == "applications.new_received" for w in rep.warnings)
    # glued digits show no spaces: the same row there stays unplaced, with a warning
    glued = gxconvert.convert(ONELINE / "002_808b9c10c0982807.glued.oneline.txt")
    assert glued.value("applications.new_received.total") is None
