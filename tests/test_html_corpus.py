"""Every page of corpus/html converts like its text twin.

``corpus/html/<seed>_<variant>.html`` is an HTML version of the seed report
``corpus/seeds/<seed>_*.txt``; the expected result is the twin's golden
``corpus/seeds/<seed>_*.expected.json`` with ``corpus/html/<page>.expected.json``
merged over it (only what differs, e.g. a 发布日期 the text lacks).
Table values are compared value by value (null stays null).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gxconvert
from gxconvert.readers.html import HtmlReader
from golden import diff_tables

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "corpus" / "html"
SEEDS = ROOT / "corpus" / "seeds"
PAGES = sorted(p.name for p in HTML.glob("*.html"))
META_FIELDS = ("title", "agency", "year", "template", "published")

# matcher gaps found by these pages (see the HTML reader's report); each is
# a strict xfail so it turns into a failure, i.e. a reminder, once fixed
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _flat(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def expected(page: str) -> dict:
    seed = page.split("_", 1)[0]
    twin = next(SEEDS.glob(f"{seed}_*.expected.json"))
    exp = json.loads(twin.read_text(encoding="utf-8"))
    over = HTML / (Path(page).stem + ".expected.json")
    if over.exists():
        exp = _merge(exp, json.loads(over.read_text(encoding="utf-8")))
    return exp


_CACHE: dict[str, dict] = {}


def converted(page: str) -> dict:
    if page not in _CACHE:
        _CACHE[page] = gxconvert.convert(str(HTML / page)).to_dict()
    return _CACHE[page]


def test_corpus_is_complete():
    kinds = {p.split("_", 1)[1] for p in PAGES}
    assert {"cms.html", "cms_gbk.html", "cms_traditional.html", "word.html", "libreoffice.html"} <= kinds
    for p in PAGES:
        assert next(SEEDS.glob(p.split("_", 1)[0] + "_*.expected.json"), None) is not None, p


@pytest.mark.parametrize("page", PAGES)
def test_tables_match_text_twin(page):
    problems = diff_tables(converted(page), expected(page))
    assert not problems, f"{len(problems)} values differ:\n" + "\n".join(problems)
    assert len(_flat(expected(page)["tables"])) > 50


def _meta_params():
    for p in PAGES:
        for f in META_FIELDS:
            gap = KNOWN_GAPS.get((p, "meta." + f))
            marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
            yield pytest.param(p, f, marks=marks, id=f"{p}-{f}")


@pytest.mark.parametrize("page,field", list(_meta_params()))
def test_meta_matches_text_twin(page, field):
    assert converted(page)["meta"][field] == expected(page)["meta"][field]


def test_published_date_from_page_when_report_has_none():
    # 000 prints no date; its CMS page's 发布日期 line is used
    assert converted("000_cms.html")["meta"]["published"] == "2021-02-03"
    # 003 signs 2021年1月28日; its CMS page says 发布日期 2021-02-01: the report's own date wins
    assert converted("003_cms.html")["meta"]["published"] == "2021-01-28"


def test_gbk_page_equals_utf8_page():
    a, b = converted("003_cms.html"), converted("003_cms_gbk.html")
    assert a["tables"] == b["tables"] and a["meta"] == b["meta"]
    doc = HtmlReader().read((HTML / "003_cms_gbk.html").read_bytes())
    assert doc.metadata["encoding"] == "gb18030"
    assert any("釆购项目数量" == c.text for t in doc.tables() for c in t.cells)


def test_cms_page_value_cell_spans_two_grid_columns():
    """Table 三 of the CMS pages is misaligned on purpose: row 一's 自然人
    value is one cell over two grid columns, one of them under the label
    header.  The matcher must place it by grid overlap."""
    doc = HtmlReader().read((HTML / "002_cms.html").read_bytes())
    t = [t for t in doc.tables() if any("本年新收" in c.text for c in t.cells)][0]
    label = next(c for c in t.cells if "本年新收" in c.text)
    value = next(c for c in t.cells if c.row == label.row and c.col == label.last_col + 1)
    natural = next(c for c in t.cells if c.text == "自然人")
    assert value.colspan == 2 and value.text.strip() == "4"
    assert natural.colspan == 1 and natural.col == value.last_col  # overlap, not same start
    assert converted("002_cms.html")["tables"]["applications"]["new_received"]["natural_person"] == 4


def test_word_export_reads_like_the_document():
    doc = HtmlReader().read((HTML / "000_word.html").read_bytes())
    texts = [p.text for p in doc.paragraphs()]
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    # supportLists numbering kept (its &nbsp; padding becomes spaces, as shown)
    assert any(t.startswith("1、") and t[2:].lstrip().startswith("拓展政府信息公开形式") for t in texts)
    assert not any("DocumentProperties" in t or "mso-" in t for t in texts)
    assert [w.code for w in doc.warnings] == ["image_in_body"]
    headings = {p.text: p.heading_level for p in doc.paragraphs()}
    assert headings["二、主动公开政府信息情况"] == 2


def test_traditional_page_keeps_its_own_text():
    r = converted("002_cms_traditional.html")
    assert r["meta"]["agency"] == "溫嶺市衛生健康局"
    assert any("總體情況" in s["heading"] for s in r["sections"])
    # every part is found, 四、政府信息公開行政複議… included (traditional 複/議/訟)
    assert [s["number"] for s in r["sections"]] == [1, 2, 3, 4, 5, 6]
    assert r["sections"][3]["heading"].startswith("四、政府信息公開行政複議")
