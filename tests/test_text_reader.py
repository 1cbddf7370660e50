"""The plain-text reader: each kind of mess with a small input of its own."""

from __future__ import annotations

from gxconvert.readers import sniff
from gxconvert.readers.text import TextReader
from gxconvert.readers.base import ReadContext


def read(text: str, enc: str = "utf-8"):
    return TextReader().read(text.encode(enc), ReadContext())


def test_word_dump_rows_and_continuation_lines():
    doc = read("标题\n\t信息内容\n\t本年新收\n\n\t5.要求行政机关确认或重新\n出具已获取信息\n\t0\n\t1\n\n正文\n")
    (table,) = list(doc.tables())
    rows = table.rows()
    assert [c.text for c in rows[0]] == ["信息内容", "本年新收"]
    assert [c.text for c in rows[1]] == ["5.要求行政机关确认或重新\n出具已获取信息", "0", "1"]
    assert rows[1][2].loc.line == 8
    assert [p.text for p in doc.paragraphs()] == ["标题", "正文"]


def test_pdf_dump_tab_rows_survive_a_page_break_blank_line():
    doc = read("三、收到\n甲\t1\t2\n\n乙\t3\t\n丙\n")
    (table,) = list(doc.tables())
    assert [[c.text for c in r] for r in table.rows()] == [["甲", "1", "2"], ["乙", "3", ""]]


def test_pipe_and_space_aligned_tables():
    doc = read("| 规章 | 0 | 1 | 2 |\n|---|---|---|---|\n| 行政许可 | 3 | 4 | 5 |\n")
    (t,) = list(doc.tables())
    assert [[c.text for c in r] for r in t.rows()] == [["规章", "0", "1", "2"], ["行政许可", "3", "4", "5"]]
    doc = read("规章      0     1     2\n行政许可  3     4     5\n")
    (t,) = list(doc.tables())
    assert [c.text for c in t.rows()[1]] == ["行政许可", "3", "4", "5"]


def test_web_dump_is_a_cell_stream_with_empty_cells():
    lines = ["说明文字很长的一段话，用来结束。", "", "本年新收", "", " 4", "", "", "", "上年结转", "", "0", "", "1",
             "", "2", "", "3", "", "结果", " 纠正", "", "5", "", "后面的一段很长的正文，作为结束。"]
    doc = read("\n".join(lines))
    (t,) = list(doc.tables())
    assert not t.rows_reliable
    texts = [c.text for c in sorted(t.cells, key=lambda c: c.row)]
    # ' 4' is followed by three blank lines: one separator and two empty cells
    assert texts[:5] == ["本年新收", " 4", "", "", "上年结转"]
    assert "结果\n 纠正" in texts  # a cell broken by <br> stays one cell


def test_gbk_and_bom_and_utf16_text_are_decoded():
    text = "政府信息公开工作年度报告\n釆购项目数量\n"
    for data in (text.encode("gb18030"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-16")):
        doc = TextReader().read(data, ReadContext())
        assert [p.text for p in doc.paragraphs()] == ["政府信息公开工作年度报告", "釆购项目数量"]


def test_sniff_by_content_not_name():
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"PK\x03\x04rest") == "docx"
    assert sniff("<html><body><p>报告</p></body></html>".encode()) == "html"
    assert sniff("\ufeff<!DOCTYPE html><html>".encode()) == "html"
    assert sniff("一、总体情况\n正文".encode("gb18030")) == "text"


def test_a_page_on_one_line_with_tabs_is_text_not_a_table_row():
    # a crawler's dump: paragraphs and cells separated by tabs, all on one line
    items = ["标题: 某局2022年政府信息公开工作年度报告", "一、总体情况",
             "本年度我局认真落实政府信息公开条例的各项要求，主动公开各类信息一百余条。",
             "二、主动公开政府信息情况", "规章", "0", "0", "0",
             "同时我局进一步完善了依申请公开的办理流程，确保按时答复。"]
    line = "\t".join(items)
    doc = read(line + "\n")
    assert list(doc.tables()) == []
    assert [p.text for p in doc.paragraphs()] == [line]
    # a real tab-separated table row stays a row
    (table,) = list(read("规章\t0\t0\t0\n行政许可\t3\t4\t5\n").tables())
    assert [[c.text for c in r] for r in table.rows()] == [["规章", "0", "0", "0"], ["行政许可", "3", "4", "5"]]
