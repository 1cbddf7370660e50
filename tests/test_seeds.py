"""The five real seed reports against their hand-checked golden files."""

from __future__ import annotations

import jsonschema
import pytest

import gxconvert
from gxconvert.schema import load_schema

from golden import SEEDS, diff_meta, diff_tables, flatten, load_golden

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def test_there_are_five_seeds():
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem[:3])
def test_seed_matches_golden(path):
    golden = load_golden(path.with_name(path.stem + ".expected.json"))
    out = gxconvert.convert(path).to_dict()
    assert diff_meta(out, golden) == []
    assert diff_tables(out, golden) == []
    assert [(s["number"], s["heading"]) for s in out["sections"]] == [
        (s["number"], s["heading"]) for s in golden["sections"]]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem[:3])
def test_seed_output_and_golden_follow_the_schema(path):
    schema = load_schema()
    out = gxconvert.convert(path).to_dict(provenance=True)
    jsonschema.validate(out, schema)
    golden = load_golden(path.with_name(path.stem + ".expected.json"))
    for table, value in golden["tables"].items():
        jsonschema.validate(value, schema["properties"]["tables"]["properties"][table])


def test_every_number_has_provenance():
    path = SEEDS / "004_6a33f86162c8aeae.txt"
    rep = gxconvert.convert(path)
    d = rep.to_dict(provenance=True)
    for p, v in flatten(d["tables"]).items():
        if v is not None:
            assert p in d["provenance"], p
    prov = rep.provenance["applications.new_received.total"]
    assert prov.raw == "3" and prov.loc.line == 112
    # the lost cell of row （一）予以公开 is settled by arithmetic, and says so
    assert rep.value("applications.granted.natural_person") == 2
    assert rep.value("applications.granted.total") == 2
    assert any(w.code == "row_placed_by_arithmetic" and "granted" in w.message for w in rep.warnings)


def test_seed_002_blank_cells_are_null_not_zero():
    rep = gxconvert.convert(SEEDS / "002_808b9c10c0982807.txt")
    assert rep.value("applications.new_received.natural_person") == 4
    assert rep.value("applications.new_received.total") is None
    assert rep.meta.published == "2022-01-24"
    # the blank total column makes the row totals fail: reported, not raised
    failed = {(c.rule, c.where) for c in rep.checks if not c.ok}
    assert ("applications.row_total", "applications.new_received") in failed


def test_seed_003_variant_characters_and_typos():
    rep = gxconvert.convert(SEEDS / "003_03381b20af5bb87f.txt")
    # 釆购 (variant) still finds the procurement row; 第（0八）项 still finds fees
    assert rep.value("active_disclosure.fees.prev_items") == 1127
    assert rep.value("active_disclosure.procurement.projects") == 0
    assert rep.value("applications.other.natural_person") is None
    assert rep.meta.published == "2021-01-28"
    assert any(w.code == "agency_mismatch" for w in rep.warnings)
