"""Every .docx (and .doc) of corpus/docx converts to the same canonical
values as its text twin: table values one by one, template, agency, year.

The twin is named by the three-digit prefix (``003-split.docx`` ->
``corpus/seeds/003_*.expected.json``); a file whose values differ from its
twin has its own ``corpus/docx/<name>.expected.json``.  Rebuild the corpus
with ``python corpus/docx/build_docx.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gxconvert
from gxconvert.readers.docx import DocxReader
from gxconvert.readers.docx.container import find_soffice

from golden import CORPUS, SEEDS, diff_meta, diff_tables, flatten, load_golden

DOCX_DIR = CORPUS / "docx"
FILES = sorted(p for p in DOCX_DIR.iterdir() if p.suffix in (".docx", ".doc"))


def golden_for(path: Path) -> dict:
    own = path.with_name(path.name.split(".")[0] + ".expected.json")
    if own.exists():
        return load_golden(own)
    (twin,) = SEEDS.glob(path.name[:3] + "_*.expected.json")
    return load_golden(twin)


def needs_soffice(path: Path) -> bool:
    return path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_the_corpus_is_there():
    names = {p.name for p in FILES}
    assert {"000.docx", "001.docx", "002.docx", "003.docx", "004.docx"} <= names
    assert {"000-messy.docx", "001-numbered.docx", "002-grid.docx", "003-split.docx", "000-lo.docx",
            "004.doc", "001-as.doc"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_docx_matches_its_text_twin(path):
    if needs_soffice(path) and find_soffice() is None:
        pytest.skip("a Word 97 .doc needs LibreOffice (soffice), not installed here")
    golden = golden_for(path)
    out = gxconvert.convert(path).to_dict()
    assert out["source"]["format"] == "docx"
    assert diff_meta(out, golden, keys=("template", "agency", "year")) == []
    assert diff_tables(out, golden) == []
    # the six parts are found (numbered by hand or by Word's list numbering)
    assert [s["number"] for s in out["sections"]] == [s["number"] for s in golden["sections"]]


def test_list_numbered_headings_are_rendered_and_recognised():
    out = gxconvert.convert(DOCX_DIR / "001-numbered.docx").to_dict()
    assert [s["heading"] for s in out["sections"]] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_placeholder_content_controls_are_blank_not_text():
    rep = gxconvert.convert(DOCX_DIR / "001-numbered.docx")
    assert rep.value("applications.other.unpaid_fee.natural_person") is None
    assert rep.value("applications.other.other.total") is None
    assert rep.value("active.penalty.decisions") == 64  # a value inside a cell-level content control


def test_tracked_changes_and_fields_in_the_messy_variant():
    rep = gxconvert.convert(DOCX_DIR / "000-messy.docx")
    assert rep.value("active.penalty.decisions") == 96  # '69' deleted, '96' inserted
    assert rep.value("applications.carried_over.natural_person") == 0  # the deleted row of 9s is gone
    assert rep.value("applications.new_received.total") == 0  # a =SUM field's result
    assert rep.value("active.procurement.amount_yuan") == 284400.0  # '28.44' + '万元' in two runs


def test_provenance_points_at_the_word_table_cell():
    rep = gxconvert.convert(DOCX_DIR / "004.docx")
    prov = rep.provenance["applications.unable.not_held.total"]
    assert prov.raw == "1" and prov.cell is not None
    doc = DocxReader().read((DOCX_DIR / "004.docx").read_bytes(), "004.docx")
    table = list(doc.tables())[prov.table]
    cell = table.grid()[prov.cell[0]][prov.cell[1]]
    assert cell.text == "1" and cell.col == 9


def test_split_table_three_reads_as_two_adjacent_word_tables():
    doc = DocxReader().read((DOCX_DIR / "003-split.docx").read_bytes(), "003-split.docx")
    kinds = [type(b).__name__ for b in doc.blocks]
    i = next(k for k, b in enumerate(doc.blocks) if getattr(b, "text", "").strip().startswith("四、政府信息公开行政复议"))
    assert kinds[i - 3:i] == ["Paragraph", "Table", "Table"]  # 三's two halves, nothing between them
    assert not doc.warnings


def test_word97_doc_converted_through_libreoffice():
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    rep = gxconvert.convert(DOCX_DIR / "004.doc")
    assert "docx.converted_from_doc" in {w.code for w in rep.warnings}
    assert rep.value("active.procurement.amount_yuan") == 4192613.35


def test_every_number_of_a_docx_has_provenance():
    d = gxconvert.convert(DOCX_DIR / "000-messy.docx").to_dict(provenance=True)
    missing = [p for p, v in flatten(d["tables"]).items() if v is not None and p not in d["provenance"]]
    assert missing == []
