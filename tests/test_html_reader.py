"""HtmlReader at the document-model level (no matcher needed)."""

from __future__ import annotations

import pytest

from gxconvert.errors import ConversionError, CorruptDocumentError, UnsupportedFormatError
from gxconvert.model import Paragraph, Table
from gxconvert.readers import read_document, sniff
from gxconvert.readers.encoding import decode, declared_charset, normalise_charset
from gxconvert.readers.html import HtmlReader
from gxconvert.readers.base import ReadContext


def read(markup: str | bytes, **kw):
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return HtmlReader().read(data, ReadContext(path="t.html"))


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def tables(doc) -> list[Table]:
    return list(doc.tables())


def texts(doc) -> list[str]:
    return [b.text for b in doc.paragraphs()]


def slots(t: Table) -> dict[tuple[int, int], str]:
    """(row, col) -> text of the cell covering that slot."""
    out = {}
    for c in t.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                assert (r, k) not in out, f"slot {(r, k)} covered twice"
                out[(r, k)] = c.text
    return out


def cell_at(t: Table, row: int, col: int):
    for c in t.cells:
        if c.row == row and c.col == col:
            return c
    return None


# --------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------

FORM_THREE = """
<table border=1>
<tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为……）</td><td colspan=7>申请人情况</td></tr>
<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>4</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>
<tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>2</td><td></td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</table>"""


def test_form_three_header_rows_and_rowspan_labels():
    t = tables(read(page(FORM_THREE)))[0]
    s = slots(t)
    assert t.n_cols == 10 and t.n_rows == 7
    corner = cell_at(t, 0, 0)
    assert (corner.rowspan, corner.colspan) == (3, 3)
    assert s[(2, 3)] == "自然人" and s[(1, 3)] == "自然人"  # rowspan 2
    assert s[(2, 4)] == "商业企业" and s[(2, 9)] == "总计"
    # rowspan label columns: the 国家秘密 row starts its label at col 2
    assert s[(5, 0)] == "三、本年度办理结果" and s[(6, 1)] == "（三）不予公开"
    assert s[(6, 2)] == "2.其他法律行政法规禁止公开"
    assert s[(6, 3)] == "1" and s[(6, 9)] == "1"
    assert s[(3, 3)] == "4" and s[(3, 9)] == "5"
    # an empty cell is a Cell with text "", not a missing slot
    empty = cell_at(t, 4, 4)
    assert empty is not None and empty.text == ""


def test_value_cell_spanning_two_columns_keeps_grid_position():
    # header has one-column heads; the data row's first value spans two grid
    # columns (a misaligned Word table)
    t = tables(read(page("""<table>
      <tr><td colspan=4>项目</td><td>自然人</td><td>商业企业</td></tr>
      <tr><td colspan=3>一、本年新收</td><td colspan=2>7</td><td>1</td></tr></table>""")))[0]
    v = cell_at(t, 1, 3)
    assert (v.text, v.colspan) == ("7", 2)
    assert cell_at(t, 1, 5).text == "1"


def test_rows_with_too_few_cells_leave_slots_uncovered():
    t = tables(read(page("<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>")))[0]
    s = slots(t)
    assert s[(1, 0)] == "d" and (1, 1) not in s and (1, 2) not in s
    assert t.n_cols == 3


def test_absurd_spans_are_clamped():
    t = tables(read(page("""<table><tbody>
      <tr><td colspan="1000000">title</td></tr>
      <tr><td>a</td><td>b</td><td>c</td></tr>
      <tr><td rowspan="0">x</td><td>1</td><td>2</td></tr>
      <tr><td>3</td><td>4</td></tr></tbody><tbody>
      <tr><td rowspan="99999">y</td><td colspan="-3">5</td><td colspan="abc">6</td></tr>
      <tr><td>7</td></tr></tbody></table>""")))[0]
    title = cell_at(t, 0, 0)
    assert title.colspan == 3  # stretched to the table's width, not 1000000
    x = cell_at(t, 2, 0)
    assert x.rowspan == 2  # rowspan=0: to the end of its row group
    assert cell_at(t, 3, 1).text == "3"
    y = cell_at(t, 4, 0)
    assert y.text == "y" and y.rowspan == 2  # rowspan 99999 clamped to the rows that exist
    assert cell_at(t, 4, 1).colspan == 1 and cell_at(t, 4, 2).colspan == 1  # invalid colspans -> 1
    assert cell_at(t, 5, 1).text == "7"
    assert (t.n_rows, t.n_cols) == (6, 3)
    slots(t)


def test_overlapping_spans_never_cover_a_slot_twice():
    t = tables(read(page("""<table>
      <tr><td>a</td><td rowspan=2>B</td><td>c</td></tr>
      <tr><td colspan=3>wide</td><td>d</td></tr>
      <tr><td>e</td><td>f</td><td>g</td><td>h</td></tr></table>""")))[0]
    s = slots(t)  # asserts no slot is covered twice
    wide = next(c for c in t.cells if c.text == "wide")
    assert (wide.col, wide.colspan) == (0, 1)  # cut where B holds the slot
    d = next(c for c in t.cells if c.text == "d")
    assert d.col == 3  # where a browser puts it: after wide's full span
    assert s[(1, 1)] == "B"


def test_cell_text_blocks_br_nbsp_and_spans():
    t = tables(read(page("""<table><tr>
      <td><p>结果</p><p>维持</p></td>
      <td>其他<br>结果</td>
      <td><p align=center><span style="x">&nbsp;12</span><o:p></o:p></p></td>
      <td>&nbsp;</td>
      <td>  a   b  </td></tr><tr><td>x</td><td>y</td></tr></table>""")))[0]
    row = [c.text for c in t.rows()[0]]
    assert row == ["结果\n维持", "其他\n结果", "12", "", "a b"]


def test_tbody_thead_tfoot_order_and_caption():
    doc = read(page("""<table><caption>表一</caption>
      <tfoot><tr><td>foot</td><td>9</td></tr></tfoot>
      <thead><tr><th>h1</th><th>h2</th></tr></thead>
      <tbody><tr><td>a</td><td>1</td></tr></tbody></table>"""))
    t = tables(doc)[0]
    assert [[c.text for c in r] for r in t.rows()] == [["h1", "h2"], ["a", "1"], ["foot", "9"]]
    assert "表一" in texts(doc)


def test_cells_and_table_carry_source_lines():
    doc = read("<html><body>\n<p>intro</p>\n<table>\n<tr><td>a</td><td>b</td></tr>\n<tr><td>c</td><td>d</td></tr>\n</table></body></html>")
    t = tables(doc)[0]
    assert t.loc.line == 3
    assert cell_at(t, 1, 1).loc.line == 5
    assert doc.blocks[0].loc.line == 2


# --------------------------------------------------------------------------
# layout tables
# --------------------------------------------------------------------------


def test_nested_layout_table_is_not_data_its_inner_tables_are():
    doc = read(page("""
      <table width=100%><tr><td>
        <p>一、总体情况</p><p>正文。</p>
        <table border=1><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>3</td></tr></table>
        <p>三、收到和处理</p>
        <table border=1><tr><td>自然人</td><td>总计</td></tr><tr><td>1</td><td>1</td></tr></table>
      </td><td>sidebar text</td></tr></table>"""))
    ts = tables(doc)
    assert len(ts) == 2
    assert [c.text for c in ts[0].cells] == ["规章", "0", "规范性文件", "3"]
    assert [c.text for c in ts[1].cells] == ["自然人", "总计", "1", "1"]
    order = [b.text if isinstance(b, Paragraph) else "TABLE" for b in doc.blocks]
    assert order.index("一、总体情况") < order.index("TABLE") < order.index("三、收到和处理")


def test_single_cell_table_is_a_container():
    doc = read(page("<table><tr><td><p>第一段</p><p>第二段</p></td></tr></table>"))
    assert tables(doc) == []
    assert texts(doc) == ["第一段", "第二段"]


# --------------------------------------------------------------------------
# paragraphs
# --------------------------------------------------------------------------


def test_paragraphs_headings_lists_and_br_lines_in_order():
    doc = read(page("""<h1>标题</h1><div>块一<p>段落</p>块尾</div>
      <ul><li>甲</li><li>乙</li></ul><p>行一<br>行二<br/>行三</p><h3>小节</h3>"""))
    assert texts(doc) == ["标题", "块一", "段落", "块尾", "甲", "乙", "行一", "行二", "行三", "小节"]
    levels = {b.text: b.heading_level for b in doc.paragraphs()}
    assert levels["标题"] == 1 and levels["小节"] == 3 and levels["段落"] is None


def test_whitespace_collapsed_fullwidth_kept():
    doc = read(page("<p>  一、总体\n   情况&nbsp;&nbsp;x </p><p>\u3000\u3000正文</p>"))
    assert texts(doc) == ["一、总体 情况  x", "\u3000\u3000正文"]


def test_comments_and_conditional_comments_do_not_cut_text():
    doc = read(page("<p>前<!-- x -->后<!--[if gte mso 9]><xml>hidden</xml><![endif]-->尾</p>"
                    "<p><![if !supportLists]><span>1、</span><![endif]>列表项</p>"))
    assert texts(doc) == ["前后尾", "1、列表项"]


def test_traditional_text_kept_as_is():
    doc = read(page("<p>四、政府信息公開行政複議、行政訴訟情況</p><p>發佈日期：2022-01-24</p>"))
    assert "四、政府信息公開行政複議、行政訴訟情況" in texts(doc)
    assert doc.metadata["published"] == "2022-01-24"


# --------------------------------------------------------------------------
# furniture, body, metadata
# --------------------------------------------------------------------------

CMS = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>某某局2020年政府信息公开工作年度报告_某某市人民政府</title>
<script>var x = "发布日期：1999-01-01";</script><style>p{color:red}</style></head>
<body>
<div id="header" class="header"><div class="logo">某某市人民政府门户网站</div>
  <form class="search"><input name=q><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/gk">信息公开</a></li></ul></div>
<div class="main">
 <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a>年报</a></div>
 <div class="article">
  <h1>某某局2020年政府信息公开工作年度报告</h1>
  <div class="info">发布日期：2021-01-28 09:12 信息来源：某某局 浏览次数：<script>document.write(5)</script></div>
  <div class="content">
   <p>根据《条例》要求，编制本报告。本报告由总体情况等六个部分组成，所列数据统计期限自2020年1月1日至2020年12月31日。</p>
   <p>一、总体情况</p><p>2020年，我局认真贯彻落实政府信息公开条例，主动公开政府信息，回应社会关切，推进政务公开工作。</p>
   <p style="display:none">隐藏的内容</p>
   <table border=1><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>0</td></tr></table>
   <p>六、其他需要报告的事项</p><p>无。</p>
  </div>
  <div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
  <div class="article-tools"><a href="javascript:print()">【打印本页】</a></div>
 </div>
 <div class="related-links"><ul><li><a>某某局2019年政府信息公开工作年度报告</a></li></ul></div>
</div>
<div class="footer">版权所有：某某市人民政府 网站标识码：123</div>
<script>tracker()</script>
</body></html>"""


def test_furniture_dropped_article_kept():
    doc = read(CMS)
    ts = texts(doc)
    joined = "\n".join(ts)
    for junk in ("首页", "当前位置", "分享到", "打印本页", "版权所有", "搜索", "门户网站", "隐藏的内容", "2019年", "tracker"):
        assert junk not in joined, junk
    assert ts[0] == "某某局2020年政府信息公开工作年度报告"
    assert ts[-1] == "无。"
    assert "一、总体情况" in ts and len(tables(doc)) == 1
    assert doc.metadata["published"] == "2021-01-28"  # not the script's 1999 date
    assert doc.metadata["page_title"] == "某某局2020年政府信息公开工作年度报告_某某市人民政府"
    assert doc.metadata["info_source"] == "某某局"


def test_aspnet_form_wrapping_the_page_is_not_furniture():
    doc = read(page("<form id='form1'><div class='nav'><a>首页</a></div>"
                    "<div><p>一、总体情况</p><p>报告正文内容</p></div></form>"))
    assert texts(doc) == ["一、总体情况", "报告正文内容"]


def test_published_from_meta_tag_and_metadata_table():
    doc = read(page("<p>正文</p>", head="<meta name='PubDate' content='2021-02-03 10:00'>"))
    assert doc.metadata["published"] == "2021-02-03"
    doc = read(page("<table><tr><td>索引号</td><td>001</td></tr><tr><td>发布日期</td><td>2020年3月5日</td></tr></table><p>正文</p>"))
    assert doc.metadata["published"] == "2020-03-05"
    assert "published" not in read(page("<p>无日期</p>")).metadata


def test_image_in_body_gives_placeholder_and_warning():
    doc = read(page("<div><p>二、主动公开政府信息情况</p><p><img src='/upload/t2.png' width=600></p>"
                    "<p><img src='/icons/pdf.gif' width=16 height=16>附件</p><p>三、收到和处理</p></div>"))
    ts = texts(doc)
    assert ts == ["二、主动公开政府信息情况", "[image: /upload/t2.png]", "附件", "三、收到和处理"]
    # the page has no table of its own: the picture is considered for OCR, and named as not read
    assert [w.code for w in doc.warnings] == ["image_in_body", "image_not_read"]
    assert "/upload/t2.png" in doc.warnings[0].message
    assert doc.warnings[1].where == "/upload/t2.png" and ("site's root" in doc.warnings[1].message
                                                         or "gxconvert[ocr]" in doc.warnings[1].message)


# --------------------------------------------------------------------------
# encodings
# --------------------------------------------------------------------------

REPORT = "釆购项目数量 采购总金额 政府信息公开申请"


def gbk_page(meta: str) -> bytes:
    body = f"<html><head>{meta}</head><body><p>{REPORT}</p>" + "<p>后文段落</p>" * 3 + "<p>结尾</p></body></html>"
    return body.encode("gbk")


def test_gb2312_declared_gbk_content_is_not_truncated():
    data = gbk_page('<meta charset="gb2312">')
    with pytest.raises(UnicodeEncodeError):
        "釆".encode("gb2312")  # the premise: 釆 is outside GB2312
    doc = read(data)
    assert texts(doc)[0] == REPORT
    assert texts(doc)[-1] == "结尾"
    assert doc.metadata["encoding"] == "gb18030"


def test_http_equiv_content_type():
    doc = read(gbk_page('<meta http-equiv="Content-Type" content="text/html; charset=GBK">'))
    assert texts(doc)[0] == REPORT


def test_no_declaration_detects_gb18030_and_utf8():
    assert texts(read(gbk_page("")))[0] == REPORT
    assert texts(read(gbk_page("").decode("gbk").encode("utf-8")))[0] == REPORT


def test_wrong_declaration_utf8_bytes_declared_gb2312():
    data = gbk_page('<meta charset="gb2312">').decode("gbk").encode("utf-8")
    doc = read(data)
    assert texts(doc)[0] == REPORT
    assert any(w.code == "encoding_mismatch" for w in doc.warnings)


def test_boms():
    html = f"<html><body><p>{REPORT}</p></body></html>"
    for data in (b"\xef\xbb\xbf" + html.encode("utf-8"), html.encode("utf-16"),
                 b"\xef\xbb\xbf" + f"<meta charset='gbk'>{html}".encode("utf-8")):
        assert texts(read(data))[0] == REPORT


def test_undecodable_bytes_replaced_with_warning_not_error():
    data = gbk_page('<meta charset="utf-8">')[:-30] + b"\xff\xfe\xfd<p>x</p>"
    doc = read(data)
    assert texts(doc)[0] == REPORT
    assert any(w.code in ("decode_errors", "encoding_mismatch") for w in doc.warnings)


def test_decode_helpers():
    assert normalise_charset("GB2312") == "gb18030"
    assert normalise_charset("x-gbk") == "gb18030"
    assert normalise_charset("big5") == "big5hkscs"
    assert normalise_charset("no-such-charset") is None
    assert declared_charset(b'<meta http-equiv="content-type" content="text/html;charset=gb2312">') == "gb2312"
    assert declared_charset(b"<?xml version='1.0' encoding='GBK'?><html>") == "GBK"
    big5 = "政府資訊公開工作年度報告 採購項目".encode("big5")
    assert decode(big5, declared="big5").text == "政府資訊公開工作年度報告 採購項目"
    assert decode(b"", html=True).text == ""


def test_xml_declaration_with_encoding():
    data = ("<?xml version='1.0' encoding='gb2312'?><html><body><p>" + REPORT + "</p></body></html>").encode("gbk")
    assert texts(read(data))[0] == REPORT


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------


def test_no_markup_is_unsupported():
    with pytest.raises(UnsupportedFormatError):
        read("一、总体情况\n本年度未收到申请。 a < b > c")
    with pytest.raises(UnsupportedFormatError):
        read(b"   \n ")
    assert sniff("一、总体情况\n正文".encode()) == "text"


def test_truncated_markup_reads_what_is_there():
    doc = read("<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>3")
    assert texts(doc) == ["一、总体情况"]
    t = tables(doc)[0]
    assert [c.text for c in t.cells] == ["规章", "0", "规范性文件", "3"]


def test_huge_page_clear_error():
    from gxconvert.errors import LimitExceededError
    from gxconvert.options import Options

    with pytest.raises(LimitExceededError, match="max_bytes") as err:
        HtmlReader().read(b"<html>" + b"x" * 2000, ReadContext(path="big.html", options=Options(max_bytes=1000)))
    assert err.value.limit == "max_bytes"


def test_deeply_nested_markup_no_crash_no_silent_loss():
    n = 30_000
    data = ("<html><body>" + "<div>" * n + "<p>深处</p>" + "</div>" * n + "<p>之后</p></body></html>").encode()
    doc = read(data)
    assert texts(doc) == ["深处", "之后"]
    # unclosed inline tags nest too (old CMS pages): the text after them stays
    data = ("<html><body>" + "<font>" * 5000 + "<p>甲</p><p>乙</p></body></html>").encode()
    assert texts(read(data)) == ["甲", "乙"]


def test_binary_garbage_and_nul_bytes():
    junk = bytes(range(128, 256))
    doc = read(b"<html><body><p>a\x00b\x01c</p>" + junk + b"</body></html>")
    # NUL and control characters are whitespace; undeclared non-UTF-8 bytes are read as GB18030
    assert [(type(b).__name__, b.text) for b in doc.blocks] == [
        ("Paragraph", "a b c"), ("Paragraph", junk.decode("gb18030", "replace").strip())]
    with pytest.raises(ConversionError):
        read(bytes(range(256)) * 10)


def test_registry_routes_html():
    doc = read_document(CMS.encode("utf-8"), "x.html")
    assert doc.format == "html"


def test_content_after_closing_html_tag_is_not_lost():
    # libxml2 drops everything after </html>; the reader notices and re-parses
    doc = read("<html><body>\n<p>一、总体情况</p>\n</body></html>\n<p>二、主动公开</p>\n<table><tr><td>规章</td><td>0</td></tr></table>")
    assert texts(doc) == ["一、总体情况", "二、主动公开"]
    assert [c.text for c in tables(doc)[0].cells] == ["规章", "0"]
    assert tables(doc)[0].loc.line == 5
    assert any(w.code == "html_parser_fallback" for w in doc.warnings)


def test_article_body_never_excludes_a_table():
    narrative = "<p>" + "总体情况正文。" * 200 + "</p>"
    doc = read(page(f"<div class='content'><div class='text'>{narrative}</div>"
                    "<table border=1><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>1</td></tr></table>"
                    "<p>六、其他需要报告的事项</p></div><div>相关文章</div>"))
    assert len(tables(doc)) == 1
    assert texts(doc)[-1] == "六、其他需要报告的事项"


def _mht(html: bytes, charset: str, cte: str) -> bytes:
    import base64
    import quopri

    body = base64.encodebytes(html) if cte == "base64" else quopri.encodestring(html)
    return (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01D6\"\r\n\r\n"
            b"This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
            b"------=_NextPart_01D6\r\nContent-Location: file:///C:/report.htm\r\n"
            b"Content-Transfer-Encoding: " + cte.encode() + b"\r\n"
            b"Content-Type: text/html; charset=\"" + charset.encode() + b"\"\r\n\r\n" + body +
            b"\r\n------=_NextPart_01D6\r\nContent-Location: file:///C:/report.files/image001.png\r\n"
            b"Content-Transfer-Encoding: base64\r\nContent-Type: image/png\r\n\r\niVBORw0KGgo=\r\n"
            b"------=_NextPart_01D6--\r\n")


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_word_single_file_web_page_mht(cte):
    html = ("<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'></head><body>"
            f"<p class=MsoNormal>{REPORT}<o:p></o:p></p><table border=1><tr><td>规章</td><td>0</td></tr>"
            "<tr><td>规范性文件</td><td>3</td></tr></table></body></html>").encode("gbk")
    doc = read(_mht(html, "gb2312", cte))
    assert texts(doc) == [REPORT]
    assert [c.text for c in tables(doc)[0].cells] == ["规章", "0", "规范性文件", "3"]


def test_undeclared_big5_and_gbk_traditional():
    trad = "政府資訊公開工作年度報告，本機關收到申請數量為零。行政複議與訴訟情況如下。"
    assert texts(read(f"<html><body><p>{trad}</p></body></html>".encode("big5")))[0] == trad
    assert texts(read(f"<html><body><p>{trad}</p></body></html>".encode("gbk")))[0] == trad


def test_one_cell_tables_inside_cells_are_boxes_not_layout():
    box = "<table><tr><td>{}</td></tr></table>"
    doc = read(page("<table border=1><tr><td>规章</td><td>" + box.format("0") + "</td></tr>"
                    "<tr><td>规范性文件</td><td>" + box.format("3") + "</td></tr></table>"))
    assert [[c.text for c in r] for r in tables(doc)[0].rows()] == [["规章", "0"], ["规范性文件", "3"]]
    assert len(tables(doc)) == 1


def test_before_the_body_only_headings_and_the_article_head_are_kept():
    doc = read(page("""<div class="site"><div class="logo-text">某某市人民政府</div></div>
      <div class="main"><div class="article"><h1>某某局2020年年度报告</h1><div class="info">发布日期：2021-01-28</div>
      <div class="content"><p>一、总体情况</p><p>{}</p></div></div></div>""".format("正文" * 100)))
    assert texts(doc) == ["某某局2020年年度报告", "发布日期：2021-01-28", "一、总体情况", "正文" * 100]


def test_attachments_and_embedded_documents_are_warned():
    doc = read(page("<div class='content'><p>一、总体情况</p><p>附件：<a href='/upload/2020年报.pdf'>2020年年度报告.pdf</a></p>"
                    "<iframe src='/viewer/report.html'></iframe></div>"))
    codes = {w.code: w.message for w in doc.warnings}
    assert "/upload/2020年报.pdf" in codes["attachment"] and "2020年年度报告.pdf" in codes["attachment"]
    assert "/viewer/report.html" in codes["embedded_document"]
