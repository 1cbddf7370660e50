"""Web pages opened in a word processor and saved as .docx (corpus/site).

Every page of corpus/html wrapped in site chrome (header, navigation and
share-button layout tables, breadcrumb, related links, attachments, footer)
and saved as .docx by real LibreOffice (``corpus/site/make_site.py``); two
pages also with the article inside a two-column layout table.  Each converts
like its html twin: the seed's golden merged with the page's own
``corpus/html/<page>.expected.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import CORPUS, SEEDS, diff_meta, diff_tables

import gxconvert
from gxconvert.readers.docx import DocxReader
from gxconvert.readers.base import ReadContext

SITE = CORPUS / "site"
HTML = CORPUS / "html"
FILES = sorted(SITE.glob("*.docx"))


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _html_page(docx: Path) -> str:
    return docx.stem.removesuffix("_nested")


def expected(docx: Path) -> dict:
    page = _html_page(docx)
    exp = json.loads(next(SEEDS.glob(page[:3] + "_*.expected.json")).read_text("utf-8"))
    over = HTML / f"{page}.expected.json"
    if over.exists():
        exp = _merge(exp, json.loads(over.read_text("utf-8")))
    return exp


def test_every_html_page_has_a_site_docx():
    pages = {p.stem for p in HTML.glob("*.html") if not p.stem.endswith("_gbk")}
    assert {_html_page(p) for p in FILES} == pages
    assert {p.stem for p in FILES if p.stem.endswith("_nested")} == {"001_cms_nested", "003_cms_nested"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_site_docx_converts_like_its_html_twin(path):
    golden = expected(path)
    out = gxconvert.convert(path).to_dict()
    assert out["source"]["format"] == "docx"
    assert diff_tables(out, golden) == []
    assert diff_meta(out, golden) == []
    assert [s["number"] for s in out["sections"]] == [1, 2, 3, 4, 5, 6]


def test_chrome_comes_before_the_report_as_layout_tables():
    doc = DocxReader().read((SITE / "001_cms.docx").read_bytes(), ReadContext(path="001_cms.docx"))
    first = doc.blocks[:4]
    texts = ["".join(c.text for c in b.cells) if hasattr(b, "cells") else b.text for b in first]
    assert any("首页" in t and "政务公开" in t for t in texts)  # the navigation table
    assert any("搜索" in t for t in texts)
    # the chrome gives no warning about unmatched rows: its tables hold no numbers
    out = gxconvert.convert(SITE / "001_cms.docx").to_dict()
    assert not [w for w in out["warnings"] if w["code"] == "unmatched_row"]


def test_article_inside_a_layout_table_is_read_in_order():
    out = gxconvert.convert(SITE / "003_cms_nested.docx").to_dict()
    assert out["meta"]["title"] == "米林县卫健委关于2020年度政府信息公开工作年度报告"
    assert out["tables"]["active_disclosure"]["procurement"]["projects"] == 0
