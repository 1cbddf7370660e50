"""Hostile and unlucky HTML pages (issue 14), generated at test time from
the corpus page ``corpus/html/000_cms.html`` (whose expected values are its
text twin's hand-checked golden, see tests/test_corpus.py): DOCTYPE
internal subsets, processing instructions and comments never reach the
text; a void or unclosed ``<embed>``/``<object>`` never swallows the body;
the cell budget is per table; limits and parser errors are one clear line.
"""

from __future__ import annotations

import re

import pytest
from golden import diff_tables
from test_corpus import HTML, expected

import gxconvert
from gxconvert.errors import ConversionError, LimitExceededError
from gxconvert.model import Paragraph, Table
from gxconvert.options import Options
from gxconvert.readers.html import HtmlReader, strip_declarations
from gxconvert.readers.base import ReadContext

PAGE = "000_cms.html"
SOURCE = (HTML / PAGE).read_text("utf-8")
EXPECTED = expected(PAGE)
AGENCY = EXPECTED["meta"]["agency"]


def _convert(html: str, options: Options | None = None):
    return gxconvert.convert(html.encode("utf-8"), path="hostile.html", options=options)


def _assert_whole(report) -> None:
    d = report.to_dict()
    assert diff_tables(d, EXPECTED) == []
    assert d["meta"]["agency"] == AGENCY
    assert len(d["sections"]) == 6


def _after_body(insert: str) -> str:
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + insert, SOURCE, count=1)


def test_doctype_internal_subset_never_reaches_text():
    subset = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd" [\n'
              '  <!ENTITY nbsp "&#160;">\n  <!ENTITY gt2 "a>b">\n  <!ATTLIST p x CDATA "">\n]>')
    html = SOURCE.replace("<!DOCTYPE html>", subset, 1)
    assert subset in html
    report = _convert(html)
    _assert_whole(report)
    texts = [b.text for b in HtmlReader().read(html.encode(), ReadContext(path="x.html")).blocks if isinstance(b, Paragraph)]
    assert not any("]>" in t or "ENTITY" in t for t in texts)


def test_processing_instructions_and_comments_never_reach_text():
    html = _after_body('<?php echo "<p>x</p>"; ?><?xml-stylesheet href="a.xsl"?>'
                       '<!--[if gte mso 9]><xml><w:Word>junk</w:Word></xml><![endif]--><!-- 注释 -->')
    html = html.replace("</title>", "</title><?php include('head.php'); ?>", 1)
    report = _convert(html)
    _assert_whole(report)
    doc = HtmlReader().read(html.encode(), ReadContext(path="x.html"))
    all_text = " ".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    for junk in ("php", "?>", "xsl", "junk", "注释", "x</p>"):
        assert junk not in all_text


def test_strip_declarations_on_unterminated_markup():
    # one scan: a search that finds no end stops it (a rescan per '<?' would take minutes here)
    s = "<?" * 200_000 + "<!DOCTYPE html [" * 1000
    assert strip_declarations(s) == s
    assert strip_declarations("a<?x?>b<?y") == "ab<?y"


@pytest.mark.parametrize("insert,embeds", [
    ('<embed src="/video/intro.swf" width="640" height="480" type="application/x-shockwave-flash">',
     "/video/intro.swf"),
    ('<embed src="/video/intro.mp4" width=640 height=480 autostart=true>', "/video/intro.mp4"),
    ('<object data="/flash/banner.swf" width="640" height="480"><param name="movie" value="banner.swf">',
     "/flash/banner.swf"),
    ('<object classid="clsid:D27CDB6E" width="640"><param name="movie" value="a.swf"><embed src="a.swf">', "a.swf"),
    ('<video src="/v.mp4" controls>', None),  # a video is no document: nothing to name
])
def test_void_or_unclosed_embed_does_not_swallow_the_body(insert, embeds):
    report = _convert(_after_body(insert))
    _assert_whole(report)
    named = [w.message for w in report.warnings if w.code == "embedded_document"]
    assert named == ([f"the page embeds {embeds}; its content is not read"] if embeds else [])


def test_short_object_fallback_text_is_not_content():
    doc = HtmlReader().read('<html><body><object data="a.swf"><param name="a" value="b">请安装Flash播放器</object>'
                            '<p>正文</p></body></html>'.encode(), ReadContext(path="x.html"))
    assert [b.text for b in doc.blocks] == ["正文"]


def test_junk_table_before_the_report_does_not_starve_it():
    n = 3000  # cells of the junk table, over the per-table limit below
    junk = "<table>" + "<tr>" + "<td>x</td>" * 30 + "</tr>" * 1 + ("<tr>" + "<td>1</td>" * 30 + "</tr>") * (n // 30) + "</table>"
    options = Options(max_cells_per_table=2000)
    report = _convert(_after_body(junk), options)
    _assert_whole(report)
    assert any(w.code == "table_truncated" for w in report.warnings)
    doc = HtmlReader().read(_after_body(junk).encode(), ReadContext(path="x.html", options=options))
    big = next(b for b in doc.blocks if isinstance(b, Table))
    assert len(big.cells) == 2000


def test_max_seconds_stops_the_html_reader():
    with pytest.raises(LimitExceededError) as err:
        HtmlReader().read(SOURCE.encode(), ReadContext(path="slow.html", options=Options(max_seconds=0.0)))
    assert err.value.limit == "max_seconds"
    assert "slow.html" in str(err.value) and "\n" not in str(err.value)


def test_our_own_bug_is_not_called_damaged_input(monkeypatch):
    import gxconvert.readers.html.reader as html_mod

    def broken(*a, **k):
        raise AttributeError("'NoneType' object has no attribute 'tag'")

    monkeypatch.setattr(html_mod, "_find_body", broken)
    with pytest.raises(AttributeError):
        HtmlReader().read(SOURCE.encode(), ReadContext(path="x.html"))


def test_parser_error_is_one_plain_line(monkeypatch):
    import lxml.etree

    import gxconvert.readers.html.reader as html_mod

    def bad(text):
        raise lxml.etree.ParserError("Document is empty\nline 2 of a libxml2 message")

    monkeypatch.setattr(html_mod, "_parse_lxml", bad)
    with pytest.raises(ConversionError) as err:
        HtmlReader().read(SOURCE.encode(), ReadContext(path="x.html"))
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith("x.html: damaged HTML page")
    assert "no markup libxml2 can read" in msg


def test_nested_unclosed_objects_do_not_swallow_the_article():
    # a CMS that never closes <object>: each swallows the rest of the page
    n = 300
    article = "".join(f"<p>第{i}段：本机关依法公开政府信息，做好政府信息公开工作。</p>" for i in range(20))
    html = ("<html><body>" + "".join(f"<object data='v{i}.swf'><param name=a value=b>视频{i}" for i in range(n))
            + article + "<table><tr><td>规章</td><td>3</td></tr><tr><td>规范性文件</td><td>4</td></tr></table>"
            "</body></html>")
    doc = HtmlReader().read(html.encode(), ReadContext(path="x.html"))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert all(f"第{i}段：本机关依法公开政府信息，做好政府信息公开工作。" in texts for i in range(20))
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [c.text for c in table.cells] == ["规章", "3", "规范性文件", "4"]


def test_thousands_of_dropped_void_elements_keep_the_text_between_them():
    n = 3000
    html = "<html><body><p>开始" + "".join(f"<input name=q{i}>{i}、" for i in range(n)) + "结束</p></body></html>"
    doc = HtmlReader().read(html.encode(), ReadContext(path="x.html"))
    assert [b.text for b in doc.blocks] == ["开始" + "".join(f"{i}、" for i in range(n)) + "结束"]
