"""corpus/identity: report pages wrapped in the furniture real sites use, as
served (.html), printed by Chromium (_hf.pdf with the browser's header and
footer, _plain.pdf without) and saved as .docx by LibreOffice — one folder
per class (corpus/identity/build_identity.py).  Every identity field, where
it was read and the warnings on meta are compared with the page's golden
(written by hand in the build script); the tables with the seed's golden;
the six parts are found with where each heading is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from golden import CORPUS, SEEDS, diff_tables, load_golden

import gxconvert
from gxconvert.schema import load_schema

IDENTITY = CORPUS / "identity"
FIELDS = ("title", "agency", "year", "published", "publisher", "agency_key", "region")
FILES = sorted(p for p in IDENTITY.glob("*/*") if p.suffix in (".html", ".pdf", ".docx"))


def golden_of(path: Path) -> dict[str, Any]:
    stem = re.sub(r"_(hf|plain)$", "", path.stem)
    return load_golden(path.with_name(stem + ".expected.json"))


def test_every_class_has_its_shapes() -> None:
    classes = {p.parent.name for p in FILES}
    assert classes == {"furniture", "department", "letter", "years"}
    for cls in classes:
        kinds = {p.suffix for p in FILES if p.parent.name == cls}
        assert kinds == {".html", ".pdf", ".docx"}, cls
    assert any(p.stem.endswith("_plain") for p in FILES) and any(p.stem.endswith("_hf") for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_identity_of_every_shape(path: Path) -> None:
    golden = golden_of(path)
    rep = gxconvert.convert(path)
    out = rep.to_dict(provenance=True)
    jsonschema.validate(out, load_schema())
    assert {k: out["meta"][k] for k in FIELDS} == golden["meta"]
    for key, want in golden["provenance"].items():
        assert out["provenance"][key]["source"] == want["source"], key
        assert out["provenance"][key]["raw"], key
    meta_warnings = sorted(f"{w.code} {w.where}" for w in rep.warnings if w.where.startswith("meta."))
    assert meta_warnings == sorted(golden["meta_warnings"])
    assert [s.number for s in rep.sections] == [1, 2, 3, 4, 5, 6]
    assert all(f"sections.{n}" in out["provenance"] for n in range(1, 7))
    if path.suffix == ".pdf":
        assert all(out["provenance"][f"sections.{n}"]["page"] >= 1 for n in range(1, 7))
    (twin,) = SEEDS.glob(path.name[:3] + "_*.expected.json")
    assert diff_tables(out, load_golden(twin)) == []


@pytest.mark.parametrize("name", ["001_block_table.html", "001_block_table.docx", "001_block_table_plain.pdf"])
def test_a_catalogue_block_table_names_its_cell(name: str) -> None:
    prov = gxconvert.convert(IDENTITY / "furniture" / name).to_dict(provenance=True)["provenance"]
    p = prov["meta.publisher"]
    assert (p["raw"], p["note"], p["source"]) == ("昌乐县卫生健康局", "发布机构:", "page_metadata")
    assert p["cell"] == [1, 1] and p["table"] == 0  # row 2, column 2 of the page's first table
