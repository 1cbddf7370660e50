"""The docx reader at grid level: each Word construct with a small document
of its own, built here as raw WordprocessingML (no matcher involved)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from lxml import etree
from builders import zip_bytes
from realtools import require_soffice

from gxconvert.errors import CorruptDocumentError, UnsupportedFormatError
from gxconvert.model import Paragraph, Table
from gxconvert.readers import read_document, sniff
from gxconvert.readers.containers import OLE_MAGIC
from gxconvert.readers.base import ReadContext
from gxconvert.readers.docx import DocxReader, container

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>')


def document_xml(body: str, ns: str = W) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{ns}" xmlns:r="{R}"><w:body>{body}<w:sectPr/></w:body></w:document>')


def make_docx(body: str, *, styles: str | None = None, numbering: str | None = None,
              raw_document: bytes | None = None, chunks: dict[str, bytes] | None = None) -> bytes:
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": _CT,
        "_rels/.rels": _RELS,
        "word/document.xml": raw_document if raw_document is not None else document_xml(body),
    }
    rels = []
    if styles is not None:
        parts["word/styles.xml"] = f'<w:styles xmlns:w="{W}">{styles}</w:styles>'
        rels.append('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/styles" Target="styles.xml"/>')
    if numbering is not None:
        parts["word/numbering.xml"] = f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>'
        rels.append('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/numbering" Target="numbering.xml"/>')
    for rid, chunk in (chunks or {}).items():
        parts[f"word/{rid}.bin"] = chunk
        rels.append(f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/aFChunk" Target="{rid}.bin"/>')
    if rels:
        parts["word/_rels/document.xml.rels"] = (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels) + "</Relationships>")
    return zip_bytes(parts)


def p(text: str = "", ppr: str = "") -> str:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{run}</w:p>"


def tc(content: str = "", span: int = 1, vmerge: str | None = None) -> str:
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    if not content.startswith("<"):
        content = p(content)
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{content}</w:tc>"


def tbl(*rows: str, grid: int = 0) -> str:
    g = "<w:tblGrid>" + '<w:gridCol w:w="100"/>' * grid + "</w:tblGrid>" if grid else ""
    return f"<w:tbl><w:tblPr/>{g}{''.join(rows)}</w:tbl>"


def tr(*cells: str, before: int = 0, after: int = 0, trpr: str = "") -> str:
    pr = trpr
    if before:
        pr += f'<w:gridBefore w:val="{before}"/>'
    if after:
        pr += f'<w:gridAfter w:val="{after}"/>'
    return f"<w:tr>{f'<w:trPr>{pr}</w:trPr>' if pr else ''}{''.join(cells)}</w:tr>"


def read(body: str, **kw):
    """The Word reader on a made-up document, through the registry (which
    hands it the callback that reads altChunks)."""
    return read_document(make_docx(body, **kw), "t.docx", "docx")


def only_table(doc) -> Table:
    tables = list(doc.tables())
    assert len(tables) == 1, doc.blocks
    return tables[0]


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows()]


def at(table: Table, r: int, c: int):
    return table.grid()[r][c]


# ---------------------------------------------------------------------------
# the grid
# ---------------------------------------------------------------------------


def test_vmerge_restart_and_continue_give_one_cell_with_rowspan():
    doc = read(tbl(tr(tc("三、本年度办理结果", vmerge="restart"), tc("（一）予以公开"), tc("1")),
                   tr(tc(vmerge="continue"), tc("（二）部分公开"), tc("2")),
                   tr(tc(vmerge="continue"), tc("（三）不予公开"), tc("3")),
                   tr(tc("四、结转"), tc(""), tc("4")), grid=3))
    t = only_table(doc)
    merged = [c for c in t.cells if c.text == "三、本年度办理结果"]
    assert len(merged) == 1 and (merged[0].row, merged[0].col, merged[0].rowspan) == (0, 0, 3)
    # the continuation slots have no cell of their own: the grid points at the merged one
    assert at(t, 1, 0) is merged[0] and at(t, 2, 0) is merged[0]
    assert texts(t)[1] == ["（二）部分公开", "2"]
    # a blank cell is still a cell (text ""), not a hole
    blank = at(t, 3, 1)
    assert blank is not None and blank.text == "" and blank.rowspan == 1
    assert len(t.cells) == 3 + 2 + 2 + 3


def test_gridspan_gives_colspan_and_shifts_the_next_cells():
    t = only_table(read(tbl(tr(tc("申请人情况", span=7)),
                            tr(tc("自然人"), tc("法人或其他组织", span=5), tc("总计")),
                            tr(*[tc(str(i)) for i in range(7)]), grid=7)))
    row0, row1, _ = t.rows()
    assert (row0[0].col, row0[0].colspan) == (0, 7)
    assert [(c.col, c.colspan) for c in row1] == [(0, 1), (1, 5), (6, 1)]
    assert t.n_cols == 7 and at(t, 1, 3).text == "法人或其他组织"


def test_header_of_table_three_with_merges_in_both_directions():
    t = only_table(read(tbl(
        tr(tc("（本列数据的勾稽关系为…）", span=3, vmerge="restart"), tc("申请人情况", span=7)),
        tr(tc(span=3, vmerge="continue"), tc("自然人", vmerge="restart"), tc("法人或其他组织", span=5),
           tc("总计", vmerge="restart")),
        tr(tc(span=3, vmerge="continue"), tc(vmerge="continue"), *[tc(x) for x in "ABCDE"], tc(vmerge="continue")),
        tr(tc("一、本年新收", span=3), *[tc(str(i)) for i in range(7)]), grid=10)))
    corner = at(t, 0, 0)
    assert (corner.rowspan, corner.colspan) == (3, 3) and at(t, 2, 2) is corner
    assert at(t, 2, 3).text == "自然人" and at(t, 2, 3).rowspan == 2
    assert at(t, 2, 9).text == "总计" and at(t, 1, 9) is at(t, 2, 9)
    assert [c.text for c in t.rows()[2]] == list("ABCDE")
    assert [(c.text, c.col) for c in t.rows()[3]][:2] == [("一、本年新收", 0), ("0", 3)]


def test_grid_before_and_short_rows_keep_columns_aligned():
    t = only_table(read(tbl(tr(tc("a"), tc("b"), tc("c"), tc("d")),
                            tr(tc("x"), tc("y"), before=2),
                            tr(tc("p"), tc("q"), after=2),
                            tr(tc("only")), grid=4)))
    rows = t.rows()
    assert [(c.text, c.col) for c in rows[1]] == [("x", 2), ("y", 3)]
    assert [(c.text, c.col) for c in rows[2]] == [("p", 0), ("q", 1)]
    g = t.grid()
    assert g[1][0] is None and g[1][1] is None  # gridBefore slots: no cell
    assert g[3][1] is None and g[3][3] is None  # a short row leaves its last slots uncovered
    assert all(len(r) == 4 for r in g)


def test_malformed_merges_still_give_a_rectangular_grid():
    doc = read(tbl(tr(tc("top", vmerge="continue"), tc("b")),  # continue with nothing above
                   tr(tc("x", span=2), tc("overflow", span=5)),  # spans past the 2-column grid
                   tr(tc(vmerge="continue", span=3)),  # continue with a different span than above
                   grid=2))
    t = only_table(doc)
    assert at(t, 0, 0).text == "top" and at(t, 0, 0).rowspan == 1
    assert (at(t, 1, 2).text, at(t, 1, 2).colspan) == ("overflow", 5)
    g = t.grid()
    assert len(g) == 3 and all(len(r) == t.n_cols == 7 for r in g)
    assert at(t, 2, 0).text == "" and at(t, 2, 0).colspan == 3  # an ordinary (empty) cell
    assert {w.code for w in doc.warnings} == {"docx.merge_orphan"}


def test_absurd_gridspan_is_clamped():
    doc = read(tbl(tr(tc("a", span=1_000_000), tc("b")), tr(tc("c"), tc("d"))))
    t = only_table(doc)
    assert t.n_cols <= 64
    assert any(w.code == "docx.span_clamped" for w in doc.warnings)


def test_continuation_text_is_not_lost():
    t = only_table(read(tbl(tr(tc("上", vmerge="restart")), tr(tc("下", vmerge="continue")))))
    assert texts(t) == [["上\n下"], []]


# ---------------------------------------------------------------------------
# cell text
# ---------------------------------------------------------------------------


def test_cell_text_paragraphs_breaks_tabs_and_split_runs():
    cell = ('<w:p><w:r><w:t>（本列数据的勾稽关系为：</w:t></w:r><w:proofErr w:type="spellStart"/>'
            '<w:r><w:rPr><w:b/></w:rPr><w:t>第一项加</w:t></w:r><w:bookmarkStart w:id="1" w:name="x"/>'
            '<w:r><w:t>第二项之和，</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>'
            '<w:p><w:r><w:t>等于</w:t><w:br/><w:t>第三项</w:t><w:tab/><w:t>加第四项之和）</w:t></w:r></w:p>')
    t = only_table(read(tbl(tr(tc(cell), tc(p("") + p("0") + p(""))))))
    assert texts(t) == [["（本列数据的勾稽关系为：第一项加第二项之和，\n等于\n第三项\t加第四项之和）", "0"]]


def test_tracked_changes_inserted_counts_deleted_does_not():
    cell = ('<w:p><w:del w:id="1" w:author="a"><w:r><w:delText>69</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t>96</w:t></w:r></w:ins></w:p>')
    moved = ('<w:p><w:moveFrom w:id="3" w:author="a"><w:r><w:t>旧</w:t></w:r></w:moveFrom>'
             '<w:moveTo w:id="4" w:author="a"><w:r><w:t>新</w:t></w:r></w:moveTo></w:p>')
    deleted_row = tr(tc("二、上年结转"), tc("9"), trpr='<w:del w:id="5" w:author="a"/>')
    t = only_table(read(tbl(tr(tc("行政处罚"), tc(cell)), deleted_row, tr(tc("x"), tc(moved)))))
    assert texts(t) == [["行政处罚", "96"], ["x", "新"]]


def test_field_results_kept_and_field_codes_dropped():
    complex_field = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     '<w:r><w:instrText xml:space="preserve"> =SUM(B4:G4) </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
                     '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    simple = '<w:p><w:fldSimple w:instr=" =SUM(LEFT) "><w:r><w:t>12</w:t></w:r></w:fldSimple></w:p>'
    t = only_table(read(tbl(tr(tc(complex_field), tc(simple)))))
    assert texts(t) == [["7", "12"]]


def test_hidden_text_and_hyperlinks():
    cell = ('<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r>'
            f'<w:hyperlink r:id="rId9"><w:r><w:t>0</w:t></w:r></w:hyperlink></w:p>')
    assert texts(only_table(read(tbl(tr(tc(cell)), tr(tc("y")))))) == [["0"], ["y"]]


def test_hidden_text_and_headings_found_wherever_the_stream_cuts_the_part():
    """The reader skips the run- and paragraph-property checks while the
    bytes read so far name no w:vanish / w:pStyle / w:numPr / w:outlineLvl:
    a name cut in two by a chunk boundary, or first met late in the part,
    still counts."""
    from gxconvert.readers.docx.body import BodyWalker
    from gxconvert.readers.docx.numbering import Numbering, Styles
    from gxconvert.readers.docx.stream import stream_body

    styles_root = etree.fromstring(
        f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="H1">'
        '<w:name w:val="heading 1"/></w:style></w:styles>')
    filler = p("前文") * 40
    body = (filler + '<w:p><w:r><w:rPr><w:b/><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>可见</w:t></w:r></w:p>'
            + p("总体情况", '<w:pStyle w:val="H1"/>') + p("一", '<w:outlineLvl w:val="1"/>'))
    xml = document_xml(body).encode()

    def walker(ns: str) -> BodyWalker:
        styles = Styles(styles_root, ns)
        return BodyWalker(ns, styles, Numbering(None, ns, styles))

    for name in (b"vanish", b"pStyle", b"outlineLvl"):
        at = xml.index(name)
        for cut in range(at - 2, at + len(name) + 2):
            got = stream_body([xml[:cut], xml[cut:]], "word/document.xml", walker)
            assert got is not None
            tail = [(b.text, b.heading_level) for b in got.blocks[40:]]
            assert tail == [("可见", None), ("总体情况", 1), ("一", 2)], (name, cut, tail)
    # in one chunk, and without any of those names, the text is the same
    got = stream_body([xml], "word/document.xml", walker)
    assert got is not None and [b.text for b in got.blocks[40:]] == ["可见", "总体情况", "一"]
    plain = document_xml(filler + p("结尾")).encode()
    got = stream_body([plain[:100], plain[100:]], "word/document.xml", walker)
    assert got is not None and got.walker is not None
    assert [b.text for b in got.blocks] == ["前文"] * 40 + ["结尾"]


def test_ruby_pictures_and_embedded_objects():
    ruby = ('<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>guī</w:t></w:r></w:rt>'
            '<w:rubyBase><w:r><w:t>规</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>章</w:t></w:r></w:p>')
    picture = '<w:p><w:r><w:drawing><wp:inline xmlns:wp="urn:x"><wp:docPr name="图片 1"/></wp:inline></w:drawing></w:r></w:p>'
    excel = ('<w:p><w:r><w:object><v:shape xmlns:v="urn:schemas-microsoft-com:vml"/>'
             '<o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" ProgID="Excel.Sheet.12"/>'
             '</w:object></w:r></w:p>')
    doc = read(ruby + picture + excel)
    assert [b.text for b in doc.blocks] == ["规章"]
    assert doc.metadata["images"] == "1"
    assert [w.code for w in doc.warnings] == ["docx.embedded_object"] and "Excel" in doc.warnings[0].message


def test_content_controls_at_every_level():
    run_sdt = ('<w:p><w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>64</w:t></w:r>'
               '</w:sdtContent></w:sdt></w:p>')
    cell_sdt = f'<w:sdt><w:sdtPr/><w:sdtContent>{p("行政处罚")}</w:sdtContent></w:sdt>'
    placeholder = ('<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
                   '<w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt></w:p>')
    row_sdt = f'<w:sdt><w:sdtPr/><w:sdtContent>{tr(tc("行政强制"), tc("0"))}</w:sdtContent></w:sdt>'
    table = tbl(tr(tc(cell_sdt), tc(run_sdt)), row_sdt, tr(tc("行政许可"), tc(placeholder)))
    doc = read(p("前") + f"<w:sdt><w:sdtPr/><w:sdtContent>{table}</w:sdtContent></w:sdt>" + p("后"))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert texts(only_table(doc)) == [["行政处罚", "64"], ["行政强制", "0"], ["行政许可", ""]]


def test_nested_table_becomes_its_own_table_after_the_parent():
    inner = tbl(tr(tc("内1"), tc("内2")))
    outer = tbl(tr(tc("外"), tc(p("说明") + inner)), tr(tc("a"), tc("b")))
    doc = read(outer + p("后"))
    t1, t2 = list(doc.tables())
    assert texts(t1) == [["外", "说明"], ["a", "b"]]  # the nested text is not copied into the parent
    assert texts(t2) == [["内1", "内2"]]
    assert isinstance(doc.blocks[-1], Paragraph)


def test_one_cell_frame_table_is_unwrapped():
    frame = tbl(tr(tc(p("二、主动公开政府信息情况") + tbl(tr(tc("规章"), tc("0")), tr(tc("x"), tc("1"))))))
    doc = read(frame)
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "二、主动公开政府信息情况"
    assert texts(only_table(doc)) == [["规章", "0"], ["x", "1"]]


# ---------------------------------------------------------------------------
# body order, split tables
# ---------------------------------------------------------------------------


def test_body_in_document_order_and_split_tables_are_adjacent():
    t_a = tbl(tr(tc("一、本年新收"), tc("0")), tr(tc("二、上年结转"), tc("0")))
    t_b = tbl(tr(tc("（四）无法提供", vmerge="continue"), tc("0")), tr(tc("四、结转"), tc("0")))
    page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    doc = read(p("三、收到和处理政府信息公开申请情况") + t_a + p() + page_break + p("  ") + t_b + p("四、…"))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Table", "Paragraph"]
    assert doc.blocks[0].text == "三、收到和处理政府信息公开申请情况"
    assert not doc.warnings  # a table starting with a continuation (a split table) is no error


_CHUNK_HTML = ("<html><head><meta charset='gbk'></head><body><p>二、主动公开政府信息情况</p>"
               "<table><tr><td>规章</td><td>3</td></tr><tr><td>行政许可</td><td>5</td></tr></table>"
               "</body></html>").encode("gbk")


def test_alt_chunk_html_is_read_in_place():
    doc = read(p("前") + '<w:altChunk r:id="rIdC1"/>' + p("后"), chunks={"rIdC1": _CHUNK_HTML})
    assert [b.text for b in doc.paragraphs()] == ["前", "二、主动公开政府信息情况", "后"]
    assert texts(only_table(doc)) == [["规章", "3"], ["行政许可", "5"]]


def test_alt_chunk_mht_and_unsupported_chunks():
    mht = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
           b"Content-Type: text/html; charset=\"gbk\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + __import__("base64").encodebytes(_CHUNK_HTML) + b"\r\n--B--\r\n")
    doc = read('<w:altChunk r:id="rIdC1"/><w:altChunk r:id="rIdC2"/>',
               chunks={"rIdC1": mht, "rIdC2": b"{\\rtf1 hello}"})
    assert texts(only_table(doc)) == [["规章", "3"], ["行政许可", "5"]]
    assert [w.code for w in doc.warnings if w.code == "docx.alt_chunk"] == ["docx.alt_chunk"]
    assert "rtf" in [w for w in doc.warnings if w.code == "docx.alt_chunk"][0].message


def test_alt_chunk_plain_text_is_read_in_place():
    """A plain-text chunk (GB18030, no markup) goes through the registry's
    triage to the text reader: its lines are paragraphs, in place."""
    chunk = "一、总体情况\n本机关主动公开政府信息 12 条。\n".encode("gb18030")
    doc = read(p("前") + '<w:altChunk r:id="rIdC1"/>' + p("后"), chunks={"rIdC1": chunk})
    assert [b.text for b in doc.blocks] == ["前", "一、总体情况", "本机关主动公开政府信息 12 条。", "后"]
    assert not [w for w in doc.warnings if w.code == "docx.alt_chunk"]


def test_alt_chunk_html_that_only_mentions_a_table_late_is_html_not_text():
    """The chunk's kind is the registry's judgement for a file of its own:
    markup after a long text preamble is still HTML (its table is a table)."""
    chunk = ("说明" * 600 + "<table><tr><td>规章</td><td>3</td></tr></table>").encode()
    doc = read('<w:altChunk r:id="rIdC1"/>', chunks={"rIdC1": chunk})
    assert texts(only_table(doc)) == [["规章", "3"]]


def test_alt_chunk_docx_and_ole_chunks():
    inner = make_docx(p("内嵌文档") + tbl(tr(tc("规章"), tc("7"))))
    ole = _ole("WordDocument")
    doc = read('<w:altChunk r:id="rIdC1"/><w:altChunk r:id="rIdC2"/>', chunks={"rIdC1": inner, "rIdC2": ole})
    assert [b.text for b in doc.paragraphs()] == ["内嵌文档"]
    assert texts(only_table(doc)) == [["规章", "7"]]
    [skipped] = [w.message for w in doc.warnings if w.code == "docx.alt_chunk"]
    assert skipped.startswith("word/rIdC2.bin: an embedded OLE file is not read")


def test_docx_with_no_tables_is_a_document():
    doc = read(p("只有正文"))
    assert [b.text for b in doc.blocks] == ["只有正文"] and not list(doc.tables())


def test_strict_ooxml_namespace():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    body = tbl(tr(tc("a"), tc("1")))
    doc = DocxReader().read(make_docx("", raw_document=document_xml(body, strict).encode()), ReadContext(path="s.docx"))
    assert texts(only_table(doc)) == [["a", "1"]]


# ---------------------------------------------------------------------------
# headings and list numbering
# ---------------------------------------------------------------------------

_STYLES = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
           '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
           '<w:style w:type="paragraph" w:styleId="Part"><w:name w:val="报告部分"/><w:basedOn w:val="1"/>'
           '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
           '<w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="my sub"/>'
           '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>')


def _lvl(i: int, fmt: str, text: str, suff: str = "nothing", extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:suff w:val="{suff}"/>{extra}</w:lvl>')


_NUMBERING = (
    '<w:abstractNum w:abstractNumId="1">' + _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）")
    + _lvl(2, "decimal", "%3.") + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2">' + _lvl(0, "decimal", "%1.") + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="3">' + _lvl(0, "bullet", "\u25cf", "tab") + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="4">' + _lvl(0, "decimal", "%1", "space") + _lvl(1, "decimal", "%1.%2", "tab")
    + "</w:abstractNum>"
    '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="7"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
    "</w:lvlOverride></w:num>"
    '<w:num w:numId="8"><w:abstractNumId w:val="3"/></w:num>'
    '<w:num w:numId="9"><w:abstractNumId w:val="4"/></w:num>')


def num(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_list_numbered_headings_get_their_numbers_rendered():
    body = (p("总体情况", '<w:pStyle w:val="Part"/>')  # numbered through its style
            + p("主动公开情况。", num(5, 1)) + p("及时推送。", num(5, 2)) + p("推进公开。", num(5, 2))
            + p("依申请公开情况。", num(5, 1)) + p("依申请。", num(5, 2))
            + p("主动公开政府信息情况", '<w:pStyle w:val="Part"/>')
            + p("", '<w:pStyle w:val="Part"/>')  # an empty numbered paragraph uses up 三 (as in Word)
            + p("收到和处理政府信息公开申请情况", '<w:pStyle w:val="Part"/>')
            + p("第三部分", '<w:pStyle w:val="Part"/>' + num(0))  # numId 0 switches numbering off
            + p("要点", num(8)) + p("章", num(9)) + p("节", num(9, 1)))
    doc = read(body, styles=_STYLES, numbering=_NUMBERING)
    assert [b.text for b in doc.blocks] == [
        "一、总体情况", "（一）主动公开情况。", "1.及时推送。", "2.推进公开。", "（二）依申请公开情况。", "1.依申请。",
        "二、主动公开政府信息情况", "四、收到和处理政府信息公开申请情况", "第三部分", "要点", "1 章", "1.1 节"]
    levels = [b.heading_level for b in doc.blocks]
    assert levels[0] == 1 and levels[6] == 1 and levels[1] is None and levels[8] == 1


def test_numbered_table_labels_restart_per_list_instance():
    rows = [tr(tc(p("属于国家秘密", num(6))), tc("0")), tr(tc(p("其他法律行政法规禁止公开", num(6))), tc("0")),
            tr(tc(p("本机关不掌握相关政府信息", num(7))), tc("0")), tr(tc(p("没有现成信息", num(7))), tc("0"))]
    t = only_table(read(tbl(*rows), numbering=_NUMBERING))
    assert [r[0].text for r in t.rows()] == ["1.属于国家秘密", "2.其他法律行政法规禁止公开",
                                             "1.本机关不掌握相关政府信息", "2.没有现成信息"]


def test_heading_levels_from_styles_and_outline_levels():
    body = (p("一、总体情况", '<w:pStyle w:val="1"/>') + p("（一）主动", '<w:pStyle w:val="Sub"/>')
            + p("正文") + p("直接大纲", '<w:outlineLvl w:val="2"/>') + p("正文级", '<w:outlineLvl w:val="9"/>'))
    doc = read(body, styles=_STYLES)
    assert [b.heading_level for b in doc.blocks] == [1, 2, None, 3, None]


def test_a_style_or_list_level_property_given_twice_counts_once_the_first():
    # (what lxml's find() gives; the reader reads each element's children in one pass)
    styles = ('<w:style w:type="paragraph" w:styleId="A"><w:name w:val="heading 2"/><w:name w:val="heading 5"/>'
              '<w:pPr><w:numPr><w:numId w:val="9"/><w:numId w:val="5"/></w:numPr></w:pPr>'
              '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>')
    numbering = ('<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:start w:val="7"/>'
                 '<w:numFmt w:val="upperRoman"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/>'
                 '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="9"><w:abstractNumId w:val="1"/><w:abstractNumId w:val="2"/></w:num>')
    doc = read(p("甲", '<w:pStyle w:val="A"/>') + p("乙", '<w:pStyle w:val="A"/>'), styles=styles,
               numbering=numbering)
    assert [(b.text, b.heading_level) for b in doc.blocks] == [("III)甲", 2), ("IV)乙", 2)]


def test_numbering_without_numbering_part_leaves_text_alone():
    doc = read(p("总体情况", num(5)))
    assert doc.blocks[0].text == "总体情况"


def test_missing_or_hostile_styles_part_costs_only_the_heading_levels():
    body = p("总体情况", '<w:pStyle w:val="Part"/>') + tbl(tr(tc("a"), tc("1")))
    doc = read(body)  # a style is named but there is no styles part
    assert doc.blocks[0].text == "总体情况" and doc.blocks[0].heading_level is None
    evil = '<!DOCTYPE s [<!ENTITY x "y">]><w:style/>'
    doc = read(body, styles=evil, numbering=_NUMBERING)
    assert texts(only_table(doc)) == [["a", "1"]]
    assert [w.code for w in doc.warnings] == ["docx.bad_part"] and "DOCTYPE" in doc.warnings[0].message


def test_chinese_counting_formats():
    from gxconvert.readers.docx.numbering import chinese_counting, format_number
    assert [chinese_counting(n) for n in (1, 6, 10, 11, 20, 21, 99, 100, 101, 110)] == [
        "一", "六", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零一", "一百一十"]
    assert format_number(3, "decimalEnclosedCircle") == "③" and format_number(4, "upperRoman") == "IV"
    assert format_number(2, "ideographTraditional") == "乙" and format_number(27, "lowerLetter") == "aa"


# ---------------------------------------------------------------------------
# bad input: each a clear error, quickly
# ---------------------------------------------------------------------------


def good_docx() -> bytes:
    return make_docx(p("一、总体情况") + tbl(tr(tc("a"), tc("1"))))


def test_truncated_zip():
    data = good_docx()
    with pytest.raises(CorruptDocumentError) as exc:
        DocxReader().read(data[: len(data) // 2], ReadContext(path="cut.docx"))
    assert str(exc.value).startswith("cut.docx: damaged Word document: ") and "truncated" in str(exc.value)


def test_garbage_after_zip_magic():
    with pytest.raises(CorruptDocumentError):
        DocxReader().read(b"PK\x03\x04" + bytes(range(256)) * 20, ReadContext(path="x.docx"))


def test_zip_needing_an_unknown_zip_version():
    data = bytearray(good_docx())
    i = data.find(b"PK\x01\x02")
    data[i + 6:i + 8] = struct.pack("<H", 99)  # "version needed to extract": 9.9
    with pytest.raises(CorruptDocumentError):
        DocxReader().read(bytes(data), ReadContext(path="v.docx"))


def test_corrupt_deflate_stream_is_reported():
    data = bytearray(good_docx())
    i = data.find(b"word/document.xml") + len("word/document.xml")  # first local header's data
    for k in range(i + 10, i + 60):
        data[k] ^= 0x5A
    with pytest.raises(CorruptDocumentError) as exc:
        DocxReader().read(bytes(data), ReadContext(path="bad.docx"))
    assert "word/document.xml" in str(exc.value)


@pytest.mark.parametrize("files, says", [
    ({"xl/workbook.xml": b"<x/>", "[Content_Types].xml": b"<x/>"}, "Excel"),
    ({"ppt/presentation.xml": b"<x/>"}, "PowerPoint"),
    ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "OpenDocument text"),
    ({"a.txt": b"hello", "b.txt": b"world"}, "zip archive of 2 files"),
])
def test_zip_that_is_not_a_word_document(files, says):
    with pytest.raises(UnsupportedFormatError) as exc:
        DocxReader().read(zip_bytes(files), ReadContext(path="x.doc"))
    assert says in str(exc.value) and str(exc.value).startswith("x.doc: ")


def _bomb(size: int, declared: int | None = None) -> bytes:
    """A docx whose document.xml inflates to ``size`` bytes of spaces (its
    headers claim ``declared`` bytes)."""
    declared = size if declared is None else declared
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    head = document_xml("").encode()[:-len("<w:sectPr/></w:body></w:document>")]
    body = [comp.compress(head)]
    crc = zlib.crc32(head)
    left = size - len(head)
    while left > 0:
        c = chunk[:left]
        body.append(comp.compress(c))
        crc = zlib.crc32(c, crc)
        left -= len(c)
    body.append(comp.flush())
    raw = b"".join(body)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
    # append a deflated entry by hand (so the test never holds `size` bytes)
    entries = buf.getvalue()
    cd_start = entries.find(b"PK\x01\x02")
    local, central = entries[:cd_start], entries[cd_start:entries.rfind(b"PK\x05\x06")]
    name = b"word/document.xml"
    offset = len(local)
    lh = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(raw), declared, len(name), 0) + name
    ch = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(raw), declared, len(name),
                     0, 0, 0, 0, 0, offset) + name
    local += lh + raw
    central += ch
    n = central.count(b"PK\x01\x02")
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(central), len(local), 0)
    return local + central + eocd


def test_zip_bomb_refused_by_declared_size():
    from gxconvert.errors import LimitExceededError
    from gxconvert.options import DEFAULT_OPTIONS

    # nothing is inflated to find out
    data = _bomb(1 << 20, declared=DEFAULT_OPTIONS.max_zip_member_bytes + 1)
    with pytest.raises(LimitExceededError) as exc:
        DocxReader().read(data, ReadContext(path="bomb.docx"))
    assert exc.value.limit == "max_zip_member_bytes" and "declares" in str(exc.value)


def test_zip_bomb_refused_by_compression_ratio():
    data = _bomb(12 << 20)
    with pytest.raises(CorruptDocumentError) as exc:
        DocxReader().read(data, ReadContext(path="bomb.docx"))
    assert "compression ratio" in str(exc.value)


def test_zip_bomb_with_lying_sizes_is_bounded():
    # the headers claim 100 kB; the stream inflates to 12 MB: reading stops
    # at the declared size and the CRC no longer matches
    data = _bomb(12 << 20, declared=100_000)
    with pytest.raises(CorruptDocumentError) as exc:
        DocxReader().read(data, ReadContext(path="liar.docx"))
    assert "word/document.xml" in str(exc.value)


def test_part_read_is_bounded_when_the_ratio_check_is_off(monkeypatch):
    monkeypatch.setattr(container, "RATIO_FLOOR", 1 << 40)
    pkg = container.DocxPackage(_bomb(3 << 20, declared=1 << 20))
    with pytest.raises(CorruptDocumentError):
        pkg.read("word/document.xml", limit=2 << 20)


_BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""

_XXE = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&x;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.mark.parametrize("xml", [_BILLION_LAUGHS, _XXE, _BILLION_LAUGHS.decode().encode("utf-16")])
def test_doctype_and_entities_are_refused(xml):
    with pytest.raises(CorruptDocumentError) as exc:
        DocxReader().read(make_docx("", raw_document=xml), ReadContext(path="evil.docx"))
    assert "DOCTYPE" in str(exc.value)


def test_malformed_xml():
    with pytest.raises(CorruptDocumentError) as exc:
        DocxReader().read(make_docx("", raw_document=b"<w:document><w:body>"), ReadContext(path="m.docx"))
    assert "the XML is malformed" in str(exc.value) and "\n" not in str(exc.value)


def test_not_wordprocessingml():
    with pytest.raises(CorruptDocumentError):
        DocxReader().read(make_docx("", raw_document=b"<html><body/></html>"), ReadContext(path="h.docx"))


# -- OLE containers -------------------------------------------------------

def _ole(*stream_names: str) -> bytes:
    """Enough of an OLE compound file for the reader: magic + directory names."""
    out = bytearray(OLE_MAGIC + b"\x00" * 504)
    for name in ("Root Entry",) + stream_names:
        entry = name.encode("utf-16-le") + b"\x00\x00"
        out += entry.ljust(64, b"\x00") + b"\x00" * 64
    return bytes(out)


def test_encrypted_docx_is_reported_as_password_protected():
    with pytest.raises(CorruptDocumentError) as exc:
        read_document(_ole("EncryptionInfo", "EncryptedPackage"), "secret.docx")
    assert "password-protected" in str(exc.value) and str(exc.value).startswith("secret.docx: ")


def test_ole_that_is_not_word():
    with pytest.raises(UnsupportedFormatError) as exc:
        read_document(_ole("Workbook"), "t.doc")
    assert "Excel" in str(exc.value) and str(exc.value).startswith("t.doc: ")


def test_word97_without_libreoffice_says_so(monkeypatch):
    monkeypatch.setattr(container, "find_soffice", lambda: None)
    with pytest.raises(UnsupportedFormatError) as exc:
        DocxReader().read(_ole("WordDocument", "1Table"), ReadContext(path="old.doc"))
    assert "LibreOffice" in str(exc.value) and str(exc.value).startswith("old.doc: ")


def test_word97_that_libreoffice_cannot_convert(monkeypatch):
    require_soffice()
    with pytest.raises(CorruptDocumentError) as exc:
        DocxReader().read(_ole("WordDocument", "1Table"), ReadContext(path="broken.doc"))
    assert "LibreOffice" in str(exc.value)


# -- sniffing -------------------------------------------------------------

def test_sniffing_sends_zip_and_ole_here_and_html_doc_elsewhere():
    assert sniff(good_docx()) == "docx"
    assert sniff(_ole("WordDocument")) == "docx"
    html_doc = "<html><head><meta charset=utf-8></head><body><table><tr><td>规章</td></tr></table></body></html>"
    assert sniff(html_doc.encode()) == "html"
    doc = read_document(good_docx(), "named-like-a.doc")  # a .docx under a .doc name
    assert doc.format == "docx" and texts(only_table(doc)) == [["a", "1"]]


def test_embedded_documents_share_the_files_zip_budget_and_depth():
    """An altChunk is read through ``ReadContext.read_embedded`` (the
    registry's triage) within the embedding file's budget: the parts of a
    docx chunk count against ``max_zip_total_bytes`` with the outer file's,
    and chunks nest two levels deep, no deeper."""
    from gxconvert.errors import LimitExceededError
    from gxconvert.options import Options

    filler = "规章" * 20_000  # 120 KB of text, inflated once in each package
    inner = make_docx(p(filler) + tbl(tr(tc("规章"), tc("7"))))
    outer = make_docx(p(filler) + '<w:altChunk r:id="rIdC1"/>', chunks={"rIdC1": inner})
    assert read_document(outer, "t.docx", "docx", Options(max_zip_total_bytes=1_000_000)).blocks
    with pytest.raises(LimitExceededError) as err:  # each package alone fits; both together do not
        read_document(outer, "t.docx", "docx", Options(max_zip_total_bytes=len(document_xml(p(filler))) * 2))
    assert err.value.limit == "max_zip_total_bytes"

    level3 = make_docx(p("第三层"))
    level2 = make_docx(p("第二层") + '<w:altChunk r:id="rIdC1"/>', chunks={"rIdC1": level3})
    level1 = make_docx(p("第一层") + '<w:altChunk r:id="rIdC1"/>', chunks={"rIdC1": level2})
    doc = read(p("正文") + '<w:altChunk r:id="rIdC1"/>', chunks={"rIdC1": level1})
    assert [b.text for b in doc.blocks] == ["正文", "第一层", "第二层"]
    [skipped] = [w.message for w in doc.warnings if w.code == "docx.alt_chunk"]
    assert skipped == "word/rIdC1.bin: embedded documents nested too deeply; skipped"


def test_big_styles_part_keeps_only_paragraph_styles_as_a_lazy_regex_would() -> None:
    """styles.xml of 64 KB or more loses its table/character/numbering styles
    before it is parsed; the start tags are found by a regular expression and
    each style's end by bytes.find: the same bytes as one lazy pattern."""
    import random
    import re

    from gxconvert.readers.docx import _paragraph_styles_only

    lazy = re.compile(rb'<w:style\b[^>]*\bw:type="(?:table|character|numbering)"[^>]*>.*?</w:style>', re.DOTALL)
    pieces = [b'<w:style w:type="table" w:styleId="a">', b'<w:style w:type="paragraph">', b"</w:style>",
              b'<w:style w:type="character"/>', b"<w:styles>", b"x" * 20, b"<w:style>", b'w:type="numbering"', b">",
              b'<w:stylex w:type="table">', b'<w:style  a="1" w:type="table" >', b"</w:style",
              b'<w:style\nw:type="character">']
    rng = random.Random(17)
    pad = b" " * 65536
    for _ in range(3000):
        body = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        data = body + pad if rng.random() < 0.5 else pad + body
        assert _paragraph_styles_only(data) == lazy.sub(b"", data), body
    real = (b'<w:styles><w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/></w:style>'
            b'<w:style w:type="table" w:styleId="T"><w:tblPr/></w:style>' + pad + b"</w:styles>")
    assert _paragraph_styles_only(real) == (b'<w:styles><w:style w:type="paragraph" w:styleId="H1">'
                                            b'<w:name w:val="heading 1"/></w:style>' + pad + b"</w:styles>")
