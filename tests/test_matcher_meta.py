"""Metadata wherever the report starts: after site chrome, a browser's
header line, a crawler's ``key: value`` header block, or nothing at all.
Every expected value is written in the input by hand."""

from __future__ import annotations

from reportgen import report_2021

import gxconvert
from gxconvert.matcher.meta import agency_from, clean_agency, strip_title_chrome

TITLE = "某某县测试局2022年政府信息公开工作年度报告"
NO_SIGNATURE = "某某县测试局\n2023年1月20日\n"


def conv(text: str, path: str = "synthetic.txt") -> gxconvert.Report:
    return gxconvert.convert(text.encode("utf-8"), path=path)


def unsigned(text: str) -> str:
    return text.replace(NO_SIGNATURE, "")


def test_crawler_header_block_gives_title_agency_and_date():
    head = "标题: 某区人民政府2022年政府信息公开工作年度报告\n发布时间: 2023-01-30 09:12\n发布机构: 某区人民政府\n"
    rep = conv(head + unsigned(report_2021(title="")))
    assert rep.meta.title == "某区人民政府2022年政府信息公开工作年度报告"
    assert (rep.meta.agency, rep.meta.year, rep.meta.published) == ("某区人民政府", 2022, "2023-01-30")


def test_crawler_header_on_one_line_with_the_report_after_it():
    head = "标题: 某区人民政府2022年政府信息公开工作年度报告 发布时间: 2023-01-30 发布机构: 某区人民政府 来源: http://x.gov.cn/1.html "
    rep = conv(head + unsigned(report_2021(title="")).replace("\t", " ").replace("\n", " "))
    assert rep.meta.title == "某区人民政府2022年政府信息公开工作年度报告"
    assert (rep.meta.agency, rep.meta.year, rep.meta.published) == ("某区人民政府", 2022, "2023-01-30")
    assert [s.number for s in rep.sections] == [1, 2, 3, 4, 5, 6]


def test_browser_header_line_and_site_chrome_before_the_report():
    chrome = ("2023/3/5 下午3:12 某某县测试局2022年政府信息公开工作年度报告_政府信息公开年报_某某县人民政府\n"
              "首页\n政务公开\n互动交流\n请输入关键字\n搜索\n您当前的位置：首页 > 政府信息公开 > 年报\n分享到：微信 微博\n")
    rep = conv(chrome + report_2021(title=""))
    assert rep.meta.title == TITLE
    assert (rep.meta.agency, rep.meta.year, rep.meta.published) == ("某某县测试局", 2022, "2023-01-20")


def test_title_anywhere_in_the_first_part_after_chrome():
    chrome = "\n".join(["首页", "政务公开", "政策文件", "互动交流", "办事服务", "站内搜索", "请输入关键字", "搜索",
                        "当前位置：首页 > 政府信息公开 > 政府信息公开年报", "【字体：大 中 小】", "打印本页", "关闭窗口"] * 2)
    rep = conv(chrome + "\n" + report_2021())
    assert rep.meta.title == TITLE and rep.meta.agency == "某某县测试局"


def test_page_title_is_the_fallback():
    body = unsigned(report_2021(title="")).replace("\n", "<br>\n")
    page = (f"<html><head><title>{TITLE}_政府信息公开年报_某某县人民政府</title></head>"
            f"<body><div>{body}</div></body></html>")
    rep = conv(page, "page.html")
    assert rep.meta.title == TITLE
    assert rep.meta.agency == "某某县测试局"


def test_agency_never_keeps_a_year_or_a_field_label():
    assert agency_from("2019年某市人民政府办公厅政府信息公开工作年度报告") == "某市人民政府办公厅"
    assert agency_from("标题: 某区人民政府2020年政府信息公开工作年度报告") == "某区人民政府"
    assert clean_agency("标题: 某区人民政府".replace(" ", "")) == "某区人民政府"
    assert clean_agency("2019年某市人民政府办公厅") == "某市人民政府办公厅"
    assert clean_agency("发布机构：二〇二〇年某县教育局") == "某县教育局"
    rep = conv(report_2021(title="2022年某市人民政府办公厅政府信息公开工作年度报告"))
    assert (rep.meta.agency, rep.meta.year) == ("某市人民政府办公厅", 2022)


def test_year_of_a_title_with_niandu_or_a_month_range():
    assert conv(report_2021(title="某某县测试局2022年度政府信息公开工作年度报告")).meta.year == 2022
    rep = conv(report_2021(title="某某县测试局2022年1月至12月政府信息公开工作年度报告"))
    assert (rep.meta.year, rep.meta.agency) == (2022, "某某县测试局")
    rep = conv(report_2021(title="某某县测试局2022年1月1日至2022年12月31日政府信息公开工作年度报告"))
    assert (rep.meta.year, rep.meta.agency) == (2022, "某某县测试局")
    rep = conv(report_2021(title="某某县测试局关于二〇二二年度政府信息公开工作年度报告"))
    assert (rep.meta.year, rep.meta.agency) == (2022, "某某县测试局")


def test_strip_title_chrome():
    assert strip_title_chrome("2021/3/5 下午3:12 甲局2020年政府信息公开工作年度报告_政府信息公开年报_乙网") == \
        "甲局2020年政府信息公开工作年度报告"
    assert strip_title_chrome("标题：甲局2020年政府信息公开工作年度报告") == "甲局2020年政府信息公开工作年度报告"
    assert strip_title_chrome("甲局2020年政府信息公开工作年度报告 - 乙市人民政府") == "甲局2020年政府信息公开工作年度报告"


def test_links_to_other_reports_before_the_title_are_not_the_title():
    chrome = ("首页\n政务公开\n上一篇：某某县测试局2021年政府信息公开工作年度报告\n"
              "下一篇：某某县测试局2023年政府信息公开工作年度报告\n")
    rep = conv(chrome + report_2021())
    assert (rep.meta.title, rep.meta.year) == (TITLE, 2022)
