"""The six parts found however their headings are written (issue 13, item 9,
matcher side).  Inputs are the synthetic report with one heading rewritten."""

from __future__ import annotations

from reportgen import report_2021

import gxconvert
from gxconvert.matcher.events import heading_number
from gxconvert.matcher.inline import find_inline_headings


def sections(text: str) -> list[tuple[int, str]]:
    rep = gxconvert.convert(text.encode("utf-8"), path="synthetic.txt")
    return [(s.number, s.heading) for s in rep.sections]


def test_heading_worded_longer_than_the_form():
    text = report_2021().replace("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")
    assert sections(text)[4] == (5, "五、政府信息公开工作存在的主要问题及改进情况")


def test_heading_without_its_comma():
    text = report_2021().replace("二、主动公开政府信息情况", "二主动公开政府信息情况").replace("一、总体情况", "一 总体情况")
    got = sections(text)
    assert [n for n, _ in got] == [1, 2, 3, 4, 5, 6]
    assert got[1] == (2, "二主动公开政府信息情况")


def test_heading_split_over_two_lines():
    text = report_2021().replace("五、存在的主要问题及改进情况", "五、存在的主要问题\n及改进情况")
    got = sections(text)
    assert got[4] == (5, "五、存在的主要问题及改进情况")
    assert [n for n, _ in got] == [1, 2, 3, 4, 5, 6]


def test_heading_and_its_text_in_one_paragraph():
    text = report_2021().replace("一、总体情况\n本年度工作正常开展。", "一、总体情况 本年度工作正常开展。")
    rep = gxconvert.convert(text.encode("utf-8"), path="synthetic.txt")
    assert (rep.sections[0].heading, rep.sections[0].text) == ("一、总体情况", "本年度工作正常开展。")


def test_heading_in_the_first_row_of_a_table():
    # a PDF reader that took the heading line into the table it precedes
    text = report_2021().replace("二、主动公开政府信息情况\n\t第二十条", "\t二、主动公开政府信息情况\n\n\t第二十条")
    assert [n for n, _ in sections(text)] == [1, 2, 3, 4, 5, 6]


def test_headings_listed_in_a_sentence_are_not_headings():
    s = "报告全文由一、总体情况，二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况等部分组成。一、总体情况 本年度"
    assert find_inline_headings(s, 0) == [(1, s.rindex("一、总体情况"), s.rindex("一、总体情况") + 6)]


def test_inline_headings_in_one_line():
    s = ("某局2022年政府信息公开工作年度报告 一总体情况本年度正常。二、主动公开政府信息情况 规章 0 0 0 "
         "三、收到和处理政府信息公开申请情况 ... 四、结转下年度继续办理 0 0 0 0 0 0 0 四、政府信息公开行政复议、行政诉讼情况 0 "
         "五、政府信息公开工作存在的主要问题及改进情况 无。六其他需要报告的事项 无。")
    assert [n for n, _, _ in find_inline_headings(s, 0)] == [1, 2, 3, 4, 5, 6]
    four = next((a, b) for n, a, b in find_inline_headings(s, 0) if n == 4)
    assert s[four[0]:four[1]] == "四、政府信息公开行政复议、行政诉讼情况"


def test_heading_number_rules():
    assert heading_number("五、政府信息公开工作存在的主要问题及改进情况", 4) == 5
    assert heading_number("三收到和处理政府信息公开申请情况", 2) == 3
    assert heading_number("三、本年度办理结果", 2) is None  # a row label of table 三
    assert heading_number("（一）总体情况", 0) is None
    assert heading_number("二、主动公开政府信息情况", 2) is None  # not after part 二 again


def test_a_misspelt_numbered_heading_is_its_part():
    text = report_2021().replace("四、政府信息公开行政复议", "四、政府信息公开行政法复议")
    assert sections(text)[3] == (4, "四、政府信息公开行政法复议、行政诉讼情况")
    text = report_2021().replace("五、存在的主要问题及改进情况", "五、存在的主要门题及改进情况")
    assert [n for n, _ in sections(text)] == [1, 2, 3, 4, 5, 6]


def test_numbered_without_a_comma_and_a_print_break_after_the_heading():
    text = report_2021().replace("一、总体情况", "一总体情况").replace("六、其他需要报告的事项", "六其他需要报告的事项").replace(
        "五、存在的主要问题及改进情况\n", "五、存在的主要问题及改进情况\n2023/3/5 15:12 某某县测试局2022年政府信息公开工作"
        "年度报告_政府信息公开年报_某某县人民政府\nhttp://www.x.gov.cn/art/1.html 3/8\n")
    rep = gxconvert.convert(text.encode("utf-8"), path="synthetic.txt")
    assert [s.number for s in rep.sections] == [1, 2, 3, 4, 5, 6]
    assert rep.sections[4].text == "无。"  # the browser's header and footer are not the part's text


def test_the_last_part_ends_at_the_signature_not_the_pages_footer():
    text = report_2021() + "【打印本页】【关闭窗口】\n分享到：微信 微博\n相关链接\n某某县测试局2021年政府信息公开工作年度报告\n"
    rep = gxconvert.convert(text.encode("utf-8"), path="synthetic.txt")
    assert rep.sections[5].text == "无。\n某某县测试局\n2023年1月20日"


def test_each_part_says_where_its_heading_is():
    text = report_2021()
    lines = text.split("\n")
    rep = gxconvert.convert(text.encode("utf-8"), path="synthetic.txt")
    prov = rep.to_dict(provenance=True)["provenance"]
    for s in rep.sections:
        p = prov[f"sections.{s.number}"]
        assert (p["source"], p["how"], p["raw"]) == ("heading", "read", s.heading)
        assert lines[p["line"] - 1].strip() == s.heading  # the reader's Paragraph.loc, kept
    again = gxconvert.Report.from_dict(rep.to_dict(provenance=True))
    assert [s.loc for s in again.sections] == [s.loc for s in rep.sections]
    assert again.to_dict(provenance=True) == rep.to_dict(provenance=True)
