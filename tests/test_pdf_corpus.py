"""Every PDF of corpus/pdf against the golden file of its text twin.

The PDFs were printed by LibreOffice from documents laid out like the
official forms (corpus/pdf/build_pdf.py); their tables carry the golden
values, so the conversion must give them back value by value, with the
template, agency and year.  ``corpus/pdf/<name>.expected.json``, when it
exists, overrides parts of the twin's golden file for that PDF.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import CORPUS, SEEDS, diff_meta, diff_tables, load_golden

import gxconvert

PDF_DIR = CORPUS / "pdf"
REPORT_PDFS = sorted(p for p in PDF_DIR.glob("0*.pdf"))


def twin_golden(pdf: Path) -> dict:
    seed = next(SEEDS.glob(pdf.name[:3] + "_*.expected.json"))
    golden = load_golden(seed)
    override = pdf.with_suffix(".expected.json")
    if override.exists():
        extra = json.loads(override.read_text("utf-8"))
        for key, value in extra.items():
            if isinstance(value, dict) and isinstance(golden.get(key), dict):
                golden[key].update(value)
            else:
                golden[key] = value
    return golden


def test_the_corpus_is_there():
    names = {p.stem for p in REPORT_PDFS}
    assert {"000_ruled_split", "001_borderless", "002_html", "003_landscape", "004_fonts"} <= names


@pytest.mark.parametrize("pdf", REPORT_PDFS, ids=lambda p: p.stem)
def test_pdf_converts_like_its_twin(pdf):
    golden = twin_golden(pdf)
    out = gxconvert.convert(pdf).to_dict()
    assert out["source"]["format"] == "pdf"
    assert diff_tables(out, golden) == []
    assert diff_meta(out, golden, keys=("template", "agency", "year")) == []


@pytest.mark.parametrize("pdf", REPORT_PDFS, ids=lambda p: p.stem)
def test_pdf_sections_like_its_twin(pdf):
    golden = twin_golden(pdf)
    out = gxconvert.convert(pdf).to_dict()
    assert [s["number"] for s in out["sections"]] == [s["number"] for s in golden["sections"]]


def test_rotated_page_converts_like_the_landscape_original():
    """rotated.pdf is the landscape page of 003_landscape (table 三 part 1)
    stored on a portrait page with /Rotate 90."""
    from gxconvert.readers.pdf import PdfReader

    reader = PdfReader()
    rotated = reader.read((PDF_DIR / "rotated.pdf").read_bytes())
    original = reader.read((PDF_DIR / "003_landscape.pdf").read_bytes())
    t_rot = next(rotated.tables())
    page = t_rot.loc.page
    assert page == 1
    t_orig = next(t for t in original.tables() if t.n_cols == t_rot.n_cols and "申请人情况" in
                  "".join(c.text for c in t.cells))
    rows_rot = [[c.text for c in r] for r in t_rot.rows()]
    rows_orig = [[c.text for c in r] for r in t_orig.rows()][: len(rows_rot) - 1]
    assert rows_rot[: len(rows_orig)] == rows_orig
