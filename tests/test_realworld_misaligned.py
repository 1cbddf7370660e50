"""CMS tables whose data rows sit on another grid than their header
(corpus/html_misaligned): value cells spanning two header columns.

Each page is a corpus/html CMS page with table 三 rebuilt on a doubled grid
whose data rows start one grid column early
(``corpus/html_misaligned/make_misaligned.py``).  Read by column overlap,
every value after the first spans two header columns; the row still holds
one value cell per column, so reading it in order is a candidate too, and
the form's arithmetic chooses.  Expected: the html twin's values.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import CORPUS, SEEDS, diff_meta, diff_tables

import gxconvert
from gxconvert.readers.html import HtmlReader
from gxconvert.readers.base import ReadContext

MIS = CORPUS / "html_misaligned"
HTML = CORPUS / "html"
PAGES = sorted(MIS.glob("*.html"))


def _twin(page: Path) -> str:
    return page.name.replace("_someshifted", "").replace("_shifted", "")


def expected(page: Path) -> dict:
    twin = _twin(page)
    exp = json.loads(next(SEEDS.glob(twin[:3] + "_*.expected.json")).read_text("utf-8"))
    over = HTML / (Path(twin).stem + ".expected.json")
    if over.exists():
        for k, v in json.loads(over.read_text("utf-8")).items():
            exp[k] = {**exp[k], **v} if isinstance(v, dict) else v
    return exp


def test_corpus_covers_every_cms_page():
    assert {_twin(p) for p in PAGES} == {p.name for p in HTML.glob("*_cms.html")}
    assert (MIS / "001_cms_someshifted.html").exists()


def test_the_value_cells_really_span_two_header_columns():
    doc = HtmlReader().read((MIS / "001_cms_shifted.html").read_bytes(), ReadContext())
    t = next(t for t in doc.tables() if any("本年新收" in c.text for c in t.cells))
    head = {c.text.strip(): c for c in t.cells if c.text.strip() in ("自然人", "商业企业", "总计")}
    assert head["商业企业"].colspan == 2
    row = next(c for c in t.rows() if any("上年结转" in x.text for x in c))
    values = [c for c in row if c.col >= 3 and c.text.strip()]
    second = values[1]
    # the second value starts in the second half of 自然人 and ends in 商业企业
    assert second.col == head["自然人"].col + 1 and second.last_col == head["商业企业"].col


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_misaligned_page_converts_like_its_twin(page):
    golden = expected(page)
    out = gxconvert.convert(page).to_dict()
    assert diff_tables(out, golden) == []
    assert diff_meta(out, golden) == []


def test_the_choice_is_said():
    rep = gxconvert.convert(MIS / "001_cms_shifted.html")
    spans = [w for w in rep.warnings if w.code == "value_spans_columns"]
    assert spans and all(w.where.startswith("applications.") for w in spans)
    assert rep.value("applications.new_received.natural_person") == 1  # hand-checked: seed 001's golden
    assert rep.value("applications.new_received.total") == 1
