"""The docx reader's one-pass table reader (BodyWalker._fast_rows) against
the full walk of every element: each construct read both ways must give the
same blocks and warnings, the values asserted by hand, and the one-pass
reader must really be the one used for plain tables (and left for the
others)."""

from __future__ import annotations

import pytest
from test_docx_reader import _NUMBERING, make_docx, num, p, tbl, tc, texts, tr

from gxconvert.model import Table
from gxconvert.options import Options
from gxconvert.readers.base import ReadContext
from gxconvert.readers.docx import DocxReader
from gxconvert.readers.docx.body import BodyWalker

_FAST_ROWS = BodyWalker._fast_rows


def _read(body: str, options: Options | None = None, **kw: str):
    ctx = ReadContext(path="t.docx", options=options) if options else ReadContext(path="t.docx")
    return DocxReader().read(make_docx(body, **kw), ctx)


def both(body: str, monkeypatch: pytest.MonkeyPatch, options: Options | None = None, **kw: str):
    """(document, tables the one-pass reader took) read normally, after
    checking that the full walk alone reads the same blocks and warnings."""
    real = _FAST_ROWS
    taken: list[bool] = []

    def spy(self: BodyWalker, t):  # type: ignore[no-untyped-def]
        got = real(self, t)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(BodyWalker, "_fast_rows", spy)
    doc = _read(body, options, **kw)
    monkeypatch.setattr(BodyWalker, "_fast_rows", lambda self, t: None)
    full = _read(body, options, **kw)
    assert repr(doc.blocks) == repr(full.blocks)
    assert [(w.code, w.message, w.where) for w in doc.warnings] == [(w.code, w.message, w.where)
                                                                   for w in full.warnings]
    return doc, taken


def _table(doc) -> Table:  # type: ignore[no-untyped-def]
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1, doc.blocks
    return tables[0]


def run(inner: str) -> str:
    return f"<w:r>{inner}</w:r>"


def test_spans_merges_and_run_content(monkeypatch: pytest.MonkeyPatch) -> None:
    tabs = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>'  # a tab stop: no text
    cell = (f"<w:p>{tabs}" + run("<w:t>甲</w:t><w:tab/><w:t>乙</w:t>") + run("<w:br/><w:t>丙</w:t><w:noBreakHyphen/>")
            + run('<w:sym w:font="Symbol" w:char="00B1"/><w:sym w:font="Wingdings" w:char="F0FC"/>')
            + "</w:p>")
    body = tbl(tr(tc("项目", vmerge="restart"), tc("合计", span=2)),
               tr(tc(vmerge="continue"), tc(cell), tc(p() + p("7") + p("8") + p())),
               tr(tc("尾"), tc("9"), before=1))
    doc, taken = both(body, monkeypatch)
    assert taken == [True]
    t = _table(doc)
    assert texts(t) == [["项目", "合计"], ["甲\t乙\n丙-±", "7\n8"], ["尾", "9"]]
    first = t.rows()[0][0]
    assert (first.rowspan, first.colspan) == (2, 1) and (t.rows()[0][1].col, t.rows()[0][1].colspan) == (1, 2)
    assert [c.col for c in t.rows()[2]] == [1, 2]  # gridBefore 1


def test_content_control_around_runs_is_read_through_and_a_prompt_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = f"<w:p><w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent>{run('<w:t>64</w:t>')}</w:sdtContent></w:sdt></w:p>"
    prompt = ('<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
              f"{run('<w:t>单击或点击此处输入文字。</w:t>')}</w:sdtContent></w:sdt></w:p>")
    doc, taken = both(tbl(tr(tc("收到申请数"), tc(shown)), tr(tc("其他"), tc("1"))), monkeypatch)
    assert taken == [True] and texts(_table(doc)) == [["收到申请数", "64"], ["其他", "1"]]
    doc, taken = both(tbl(tr(tc("收到申请数"), tc(prompt)), tr(tc("其他"), tc("1"))), monkeypatch)
    assert taken == [False] and texts(_table(doc)) == [["收到申请数", ""], ["其他", "1"]]


@pytest.mark.parametrize("why, body, want", [
    ("rows in a content control",
     tbl("<w:sdt><w:sdtContent>" + tr(tc("a"), tc("1")) + "</w:sdtContent></w:sdt>", tr(tc("b"), tc("2"))),
     [["a", "1"], ["b", "2"]]),
    ("a deleted row",
     tbl(tr(tc("a"), tc("1")), tr(tc("x"), tc("9"), trpr='<w:del w:id="1" w:author="x"/>'), tr(tc("b"), tc("2"))),
     [["a", "1"], ["b", "2"]]),
    ("deleted text",
     tbl(tr(tc("a"), tc("<w:p><w:del><w:r><w:delText>8</w:delText></w:r></w:del><w:r><w:t>1</w:t></w:r></w:p>")),
         tr(tc("b"), tc("2"))),
     [["a", "1"], ["b", "2"]]),
    ("hidden text",
     tbl(tr(tc("a"), tc("<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>8</w:t></w:r><w:r><w:t>1</w:t></w:r></w:p>")),
         tr(tc("b"), tc("2"))),
     [["a", "1"], ["b", "2"]]),
    ("paragraphs in a customXml",
     tbl(tr(tc("a"), tc("<w:customXml>" + p("1") + "</w:customXml>")), tr(tc("b"), tc("2"))),
     [["a", "1"], ["b", "2"]]),
    ("cells in a customXml",
     tbl(tr(tc("a"), "<w:customXml>" + tc("1") + "</w:customXml>"), tr(tc("b"), tc("2"))),
     [["a", "1"], ["b", "2"]]),
    ("rows in a customXml",
     tbl(tr(tc("a"), tc("1")), "<w:customXml>" + tr(tc("b"), tc("2")) + "</w:customXml>"),
     [["a", "1"], ["b", "2"]]),
    ("a nested table",
     tbl(tr(tc("a"), tc(tbl(tr(tc("x"), tc("y")), tr(tc("z"), tc("w"))))), tr(tc("b"), tc("2"))),
     None),
    ("a one-row frame", tbl(tr(tc(p("正文") + p("第二段")))), None),
])
def test_what_the_one_pass_reader_leaves_to_the_full_walk(why: str, body: str, want: list[list[str]] | None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    doc, taken = both(body, monkeypatch)
    assert taken[0] is False, why
    if want is not None:
        assert texts(_table(doc)) == want, why


def test_cell_properties_not_first_in_the_cell_are_not_read_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    late = '<w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tc>'
    doc, taken = both(tbl(tr(late, tc("1")), tr(tc("b"), tc("2"))), monkeypatch)
    assert taken == [False]  # (w:tcPr after a paragraph: the full walk reads it)
    assert [(c.text, c.col, c.colspan) for c in _table(doc).cells] == [
        ("a", 0, 1), ("1", 1, 1), ("b", 0, 1), ("2", 1, 1)]


def test_numbered_and_styled_paragraphs_in_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [tr(tc(p("属于国家秘密", num(6))), tc("0")), tr(tc(p("其他法律行政法规禁止公开", num(6))), tc("0")),
            tr(tc(p("没有现成信息", '<w:pStyle w:val="TableText"/>')), tc("0"))]
    doc, taken = both(tbl(*rows), monkeypatch, numbering=_NUMBERING)
    assert taken == [True]
    assert [r[0].text for r in _table(doc).rows()] == ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "没有现成信息"]


def test_a_table_over_max_cells_is_cut_the_same_way(monkeypatch: pytest.MonkeyPatch) -> None:
    body = tbl(*(tr(tc(f"r{r}"), tc(str(r)), tc(str(r * 2))) for r in range(4)))
    doc, _ = both(body, monkeypatch, Options(max_cells_per_table=5))
    assert texts(_table(doc)) == [["r0", "0", "0"], ["r1", "1"]]
    assert [w.code for w in doc.warnings] == ["table_truncated"]
    doc, taken = both(body, monkeypatch, Options(max_cells_per_table=12))
    assert taken == [True] and len(_table(doc).cells) == 12 and doc.warnings == []


def test_a_part_in_one_chunk_is_read_as_the_stream_reads_it() -> None:
    """stream_body parses a part that comes in one chunk whole; cut in two it
    is read element by element: the same blocks, walker flags and body."""
    from test_docx_reader import document_xml

    from gxconvert.readers.docx.numbering import Numbering, Styles
    from gxconvert.readers.docx.stream import stream_body

    def walker(ns: str) -> BodyWalker:
        styles = Styles(None, ns)
        return BodyWalker(ns, styles, Numbering(None, ns, styles))

    body = (p("标题") + '<w:bookmarkStart w:id="0"/>'
            + tbl(tr(tc("a"), tc("1")), tr(tc("b"), tc("<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r></w:p>")))
            + p("结尾"))
    xml = document_xml(body).encode()
    whole = stream_body([xml], "word/document.xml", walker)
    cut = stream_body([xml[:300], xml[300:]], "word/document.xml", walker)
    assert whole is not None and cut is not None and whole.walker is not None and cut.walker is not None
    assert repr(whole.blocks) == repr(cut.blocks)
    assert [b.text for b in whole.blocks if not isinstance(b, Table)] == ["标题", "结尾"]
    assert texts(_table(whole)) == [["a", "1"], ["b", ""]]
    assert (whole.found_body, whole.root_tag, whole.walker.ordinal) == (
        cut.found_body, cut.root_tag, cut.walker.ordinal)


_PLAIN_STYLES = ('<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
                 '<w:style w:type="paragraph" w:styleId="Cell"><w:name w:val="表格文字"/></w:style>')
_NUMBERED_STYLE = ('<w:style w:type="paragraph" w:styleId="Item"><w:name w:val="条目"/>'
                   '<w:pPr><w:numPr><w:numId w:val="6"/></w:numPr></w:pPr></w:style>')


def _spy_style_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The style ids the docx reader looks up for a paragraph's list number
    (``Styles.numbering``), in order, from now on."""
    from gxconvert.readers.docx.numbering import Styles

    looked_up: list[str | None] = []
    real = Styles.numbering

    def spy(self: Styles, sid: str | None) -> tuple[str | None, int | None]:
        looked_up.append(sid)
        return real(self, sid)

    monkeypatch.setattr(Styles, "numbering", spy)
    return looked_up


def test_cell_styles_are_not_read_once_no_style_can_number_a_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """A styled body paragraph loads the styles before the table; when none of
    them brings a list number, a cell paragraph's w:pStyle cannot change its
    text and the one-pass reader does not visit it (no style lookup a cell);
    when one does, the cell paragraphs of that style are numbered."""
    looked_up = _spy_style_lookups(monkeypatch)
    cell = '<w:pStyle w:val="Cell"/>'
    body = (p("二、收到和处理政府信息公开申请情况", '<w:pStyle w:val="Title"/>')
            + tbl(tr(tc(p("本年新收政府信息公开申请数量", cell)), tc(p("64", cell))),
                  tr(tc(p("上年结转", cell)), tc(p("3", cell)))))
    doc, taken = both(body, monkeypatch, styles=_PLAIN_STYLES)
    assert taken == [True]
    assert texts(_table(doc)) == [["本年新收政府信息公开申请数量", "64"], ["上年结转", "3"]]
    assert doc.blocks[0].text == "二、收到和处理政府信息公开申请情况"
    monkeypatch.setattr(BodyWalker, "_fast_rows", _FAST_ROWS)  # (both() left the full walk in place)
    looked_up.clear()
    _read(body, styles=_PLAIN_STYLES)
    assert looked_up == ["Title"]  # the body paragraph's only: no cell's

    item = '<w:pStyle w:val="Item"/>'
    body = (p("三、政府信息公开行政复议、行政诉讼情况", '<w:pStyle w:val="Title"/>')
            + tbl(tr(tc(p("维持", item)), tc(p("2", cell))), tr(tc(p("纠正", item)), tc(p("1", cell)))))
    doc, taken = both(body, monkeypatch, styles=_PLAIN_STYLES + _NUMBERED_STYLE, numbering=_NUMBERING)
    assert taken == [True]
    assert texts(_table(doc)) == [["1.维持", "2"], ["2.纠正", "1"]]


def test_a_table_with_styled_cells_loads_the_styles_before_its_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no styled paragraph before it, a table whose cell paragraphs name a
    style loads the styles first (a cell's style lookup would load them at its
    first cell): when none brings a list number no cell's style is looked up;
    a style that numbers still numbers its cells."""
    looked_up = _spy_style_lookups(monkeypatch)
    cell = '<w:pStyle w:val="Cell"/>'
    body = tbl(tr(tc(p("本年新收政府信息公开申请数量", cell)), tc(p("64", cell))),
               tr(tc(p("上年结转", cell)), tc(p("3", cell))))
    doc, taken = both(body, monkeypatch, styles=_PLAIN_STYLES)
    assert taken == [True]
    assert texts(_table(doc)) == [["本年新收政府信息公开申请数量", "64"], ["上年结转", "3"]]
    monkeypatch.setattr(BodyWalker, "_fast_rows", _FAST_ROWS)  # (both() left the full walk in place)
    looked_up.clear()
    _read(body, styles=_PLAIN_STYLES)
    assert looked_up == []

    item = '<w:pStyle w:val="Item"/>'
    body = tbl(tr(tc(p("维持", item)), tc(p("2", cell))), tr(tc(p("纠正", item)), tc(p("1", cell))))
    doc, taken = both(body, monkeypatch, styles=_PLAIN_STYLES + _NUMBERED_STYLE, numbering=_NUMBERING)
    assert taken == [True]
    assert texts(_table(doc)) == [["1.维持", "2"], ["2.纠正", "1"]]
