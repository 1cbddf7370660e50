"""The PDF reader on its own (no matcher): grids and spans, tables joined
over page breaks, page furniture, landscape/rotated pages, fake bold,
unmapped glyphs, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import HELVETICA, cid_font, make_pdf, text_ops, to_unicode_cmap, zip_bytes

from gxconvert.errors import (
    ConversionError,
    CorruptDocumentError,
    LimitExceededError,
    UnsupportedFormatError,
)
from gxconvert.model import Table
from gxconvert.options import Options
from gxconvert.readers import read_document, sniff
from gxconvert.readers.pdf import PdfReader
from gxconvert.readers.base import ReadContext

PDF_DIR = Path(__file__).resolve().parent.parent / "corpus" / "pdf"

MODES = [pytest.param(None, id="pdfium")]  # one engine since the PDFium reader

_cache: dict = {}


def read(name: str, fast=None):
    key = (name, fast)
    if key not in _cache:
        _cache[key] = PdfReader().read((PDF_DIR / name).read_bytes(), ReadContext(path=name))
    return _cache[key]


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def table_with(doc, text: str) -> Table:
    for t in doc.tables():
        if any(text in norm(c.text) for c in t.cells):
            return t
    raise AssertionError(f"no table contains {text!r}")


def cell_with(t: Table, text: str):
    return next(c for c in t.cells if norm(c.text).startswith(text))


# --------------------------------------------------------------------------
# tiny hand-made PDFs
# --------------------------------------------------------------------------


BODY = [(72, 400 - 16 * i, f"Line {i} of the body text, long enough to be running prose here.") for i in range(5)]


# --------------------------------------------------------------------------
# ruled tables: grid and spans
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_ruled_table_grid_and_spans(fast):
    doc = read("003_landscape.pdf", fast)
    t = table_with(doc, "申请人情况")
    corner = cell_with(t, "（本列数据的勾稽关系")
    assert (corner.row, corner.col, corner.rowspan, corner.colspan) == (0, 0, 3, 3)
    head = cell_with(t, "申请人情况")
    assert (head.row, head.col, head.rowspan, head.colspan) == (0, 3, 1, 7)
    person = cell_with(t, "自然人")
    assert (person.row, person.col, person.rowspan) == (1, 3, 2)
    assert cell_with(t, "法人或其他组织").colspan == 5
    group = cell_with(t, "三、本年度办理结果")
    # runs on over the page break: (一)予以公开 … (七)总计 of the 2019 form, 1+1+8+3+5+1+1 rows
    assert (group.row, group.col, group.rowspan) == (5, 0, 20)
    denied = cell_with(t, "（三）不予公开")
    assert (denied.col, denied.rowspan) == (1, 8)
    # a merged cell is ONE cell: the grid points every covered slot to it
    g = t.grid()
    assert g[1][0] is corner and g[2][2] is corner
    # the values of a row sit in the seven columns after the labels
    row = cell_with(t, "一、本年新收").row
    assert [c.text for c in t.rows()[row]][1:] == ["0"] * 7
    assert t.n_cols == 10


@pytest.mark.parametrize("fast", MODES)
def test_blank_cell_is_empty_text_not_a_merge(fast):
    """003: （六）其他处理 has a blank natural_person cell; the golden reads it
    as null.  It must be Cell('') in the value column, distinct from the
    span-covered slots of the label columns."""
    t = table_with(read("003_landscape.pdf", fast), "申请人情况")
    other = cell_with(t, "（六）其他处理")
    row = sorted((c for c in t.cells if c.row == other.row), key=lambda c: c.col)
    assert [c.text for c in row] == ["（六）其他处理", "", "0", "0", "0", "0", "0", "0"]
    blank = row[1]
    assert (blank.col, blank.colspan, blank.rowspan) == (3, 1, 1)
    assert other.colspan == 2  # the label spans columns 1-2: no Cell at column 2
    assert not [c for c in t.cells if c.row == other.row and c.col == 2]


# --------------------------------------------------------------------------
# tables over page breaks
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_table_split_over_pages_is_one_table(fast):
    doc = read("003_landscape.pdf", fast)
    tables = [t for t in doc.tables() if any("申请人情况" in c.text for c in t.cells)]
    assert len(tables) == 1
    t = tables[0]
    pages = {c.loc.page for c in t.cells}
    assert len(pages) == 2
    labels = [norm(c.text) for c in t.cells if c.col == 2]
    # the row the page break cut in two is one row again
    assert "3．补正后申请内容仍不明确" in labels
    assert "确" not in labels
    assert norm(t.rows()[-1][0].text) == "四、结转下年度继续办理"
    # every row of the form is there once: 3 header rows + 23 data rows (2019)
    assert t.n_rows == 26


@pytest.mark.parametrize("fast", MODES)
def test_table_over_three_pages_with_a_label_cut_twice(fast):
    """001 (2021 form): table 三 runs over three pages; the tall label of
    （六）2. is cut by a page break and comes back whole."""
    doc = read("001_borderless.pdf", fast)
    t = table_with(doc, "申请人情况")
    assert len({c.loc.page for c in t.cells}) == 3
    labels = [norm(c.text) for c in t.cells if c.col == 2]
    assert "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in labels
    other = cell_with(t, "（六）其他处理")
    assert other.rowspan == 3
    row = cell_with(t, "2．申请人逾期").row
    assert [c.text for c in t.rows()[row][1:]] == [""] * 7  # blank values, not merges
    assert t.n_rows == 3 + 25  # 2021 form: 25 data rows


def test_repeated_header_rows_are_dropped():
    """000: the three header rows repeat on the next page (Word's 'repeat
    header rows'); the joined table has them once."""
    doc = read("000_ruled_split.pdf")
    t = table_with(doc, "申请人情况")
    assert sum(1 for c in t.cells if norm(c.text) == "申请人情况") == 1
    assert sum(1 for c in t.cells if norm(c.text) == "自然人") == 1
    assert len({c.loc.page for c in t.cells}) == 2
    assert t.n_rows == 26
    labels = [norm(c.text) for c in t.cells if c.col == 2]
    assert "5．要求行政机关确认或重新出具已获取信息" in labels
    # the first piece has 9 columns (its merged cells hide the boundary between
    # label columns 1 and 2), the second 10: lined up by x position
    assert t.n_cols == 10
    assert (cell_with(t, "（一）予以公开").col, cell_with(t, "（一）予以公开").colspan) == (1, 2)
    # the merged label 三、本年度办理结果 is cut by the break ('三、本' | '年度办理结果'):
    # one cell again, spanning the 20 result rows of both pages
    group = [c for c in t.cells if c.col == 0 and "办理结果" in norm(c.text) or norm(c.text) == "年度办理结果"]
    assert len(group) == 1 and norm(group[0].text) == "三、本年度办理结果" and group[0].rowspan == 20


# --------------------------------------------------------------------------
# borderless tables
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_borderless_table_from_text_alignment(fast):
    doc = read("001_borderless.pdf", fast)
    t = table_with(doc, "行政复议")
    assert t.n_cols == 15
    assert cell_with(t, "行政复议").colspan == 5
    assert cell_with(t, "行政诉讼").colspan == 10
    assert [c.text for c in t.rows()[-1]] == ["0"] * 15
    # table 二 has no borders either; its pieces on two pages are one table
    t2 = table_with(doc, "本年制发件数")
    penalty = cell_with(t2, "行政处罚")
    assert [c.text for c in t2.rows()[penalty.row] if c.text] == ["行政处罚", "64"]
    assert any(norm(c.text) == "行政事业性收费" for c in t2.cells)
    # the table text is not in the paragraphs
    assert not any("行政复议" in p.text and "结果" in p.text for p in doc.paragraphs())


# --------------------------------------------------------------------------
# page furniture
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name,pattern", [
    ("000_ruled_split.pdf", r"^-\s*\d+\s*-$"),
    ("001_borderless.pdf", r"^第\s*\d+\s*页$"),
    ("004_fonts.pdf", r"第\s*\d+\s*页\s*共"),
])
def test_page_numbers_do_not_enter_paragraphs_or_cells(name, pattern):
    doc = read(name)
    texts = [p.text for p in doc.paragraphs()] + [c.text for t in doc.tables() for c in t.cells]
    assert not [s for s in texts if re.search(pattern, s.strip())]


def test_running_header_is_dropped():
    doc = read("000_ruled_split.pdf")
    header = "高青县卫生健康局政府信息公开工作年度报告"
    assert not [p for p in doc.paragraphs() if norm(p.text) == header]
    # the title (which contains the same words) stays
    assert norm(next(doc.paragraphs()).text) == "高青县卫生健康局2020年政府信息公开工作年度报告"


def test_paragraph_running_over_a_page_break_is_one_paragraph():
    doc = read("000_ruled_split.pdf")
    paras = [p.text for p in doc.paragraphs()]
    # the long 主动公开 paragraph of part 一 starts with 一是 and ends with 审计报告4条。
    hit = [p for p in paras if p.startswith("一是在县政府网站")]
    assert len(hit) == 1 and hit[0].rstrip().endswith("审计报告4条。")


@pytest.mark.parametrize("fast", MODES)
def test_paragraphs_in_reading_order_with_pages(fast):
    doc = read("003_landscape.pdf", fast)
    paras = list(doc.paragraphs())
    assert norm(paras[0].text) == "米林县卫健委关于2020年度政府信息公开工作年度报告"  # 2 centred lines
    heads = [p.text for p in paras if re.match(r"^[一二三四五六]、", p.text)]
    assert heads == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                     "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                     "六、其他需要报告的事项"]
    assert all(p.loc is not None and p.loc.page >= 1 for p in paras)
    assert paras[-1].text == "2021年1月28日"
    # table 三 sits between headings 三 and 四 in the block order
    kinds = ["T" if isinstance(b, Table) else b.text[:2] for b in doc.blocks]
    i3, i4 = kinds.index("三、"), kinds.index("四、")
    assert "T" in kinds[i3:i4]


# --------------------------------------------------------------------------
# landscape and rotated pages
# --------------------------------------------------------------------------


def test_landscape_page_is_read():
    doc = read("003_landscape.pdf")
    t = table_with(doc, "行政复议")
    assert t.loc.page == 4 and t.n_cols == 15
    assert [c.text for c in t.rows()[-1]] == ["0"] * 15


@pytest.mark.parametrize("fast", MODES)
def test_rotated_page_text_is_readable(fast):
    doc = read("rotated.pdf", fast)
    t = table_with(doc, "申请人情况")
    assert cell_with(t, "申请人情况").colspan == 7
    assert cell_with(t, "（本列数据的勾稽关系").rowspan == 3
    assert norm(cell_with(t, "一、本年新收").text) == "一、本年新收政府信息公开申请数量"


def test_sideways_text_without_rotate_is_turned():
    """Text drawn rotated 90 degrees on a page without /Rotate."""
    content = b"".join(b"BT /F1 12 Tf 0 1 -1 0 %g %g Tm (%s) Tj ET\n" % (100 + 16 * i, 72, s.encode())
                       for i, s in enumerate(["First sideways line of text", "Second sideways line here"]))
    doc = PdfReader().read(make_pdf([(612, 792, content)], fonts=HELVETICA), ReadContext())
    text = " ".join(p.text for p in doc.paragraphs())
    assert "First sideways line of text" in text and "Second sideways line here" in text


# --------------------------------------------------------------------------
# glyph trouble
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_fake_bold_doubled_characters_are_deduplicated(fast):
    items = [(72, 720, "Total 3"), (72, 700, "Granted 12")]
    doubled = items + [(x + 0.4, y + 0.2, s) for x, y, s in items]  # drawn twice, offset
    doc = PdfReader().read(make_pdf([(612, 792, text_ops(doubled) + text_ops(BODY))], fonts=HELVETICA), ReadContext())
    texts = [p.text for p in doc.paragraphs()]
    assert "Total 3" in texts and "Granted 12" in texts
    assert not any("33" in t or "TToo" in t for t in texts)


def test_fake_bold_in_a_ruled_table_cell():
    grid = b"0.5 w " + b"".join(b"72 %d m 372 %d l S " % (y, y) for y in (700, 680, 660)) + \
        b"".join(b"%d 660 m %d 700 l S " % (x, x) for x in (72, 222, 372)) + b"\n"
    cells = [(80, 686, "Granted"), (230, 686, "3"), (80, 666, "Denied"), (230, 666, "12")]
    doubled = cells + [(x + 0.5, y, s) for x, y, s in cells]
    doc = PdfReader().read(make_pdf([(612, 792, grid + text_ops(doubled) + text_ops(BODY))], fonts=HELVETICA), ReadContext())
    t = next(doc.tables())
    assert [[c.text for c in r] for r in t.rows()] == [["Granted", "3"], ["Denied", "12"]]


@pytest.mark.parametrize("fast", MODES)
def test_cid_glyphs_are_kept_and_warned(fast):
    content = text_ops(BODY) + b"BT /F2 14 Tf 72 600 Td <010203040506> Tj ET\n"
    doc = PdfReader().read(make_pdf([(612, 792, content)], fonts={**HELVETICA, "F2": cid_font()}), ReadContext())
    warn = [w for w in doc.warnings if w.code == "unmapped_glyphs"]
    assert warn and warn[0].where == "page 1"
    assert any("(cid:258)" in p.text for p in doc.paragraphs())


def test_private_use_glyphs_are_warned():
    cmap = to_unicode_cmap({"0102": "E001", "0304": "4E00"})
    content = text_ops(BODY) + b"BT /F2 14 Tf 72 600 Td <01020304> Tj ET\n"
    doc = PdfReader().read(make_pdf([(612, 792, content)], fonts={**HELVETICA, "F2": cid_font(cmap)}), ReadContext())
    warn = [w for w in doc.warnings if w.code == "unmapped_glyphs"]
    assert warn and "private-use" in warn[0].message
    assert any("\ue001一" in p.text for p in doc.paragraphs())  # text kept as the file has it


def test_kangxi_radicals_are_kept_as_printed():
    """Readers do not normalise: ⼀ (U+2F00) stays; the matcher folds it."""
    cmap = to_unicode_cmap({"0102": "2F00"})
    # two glyphs: PDFium leaves out a text object of one glyph whose font has
    # no program (its box has no height), which only this test font lacks
    content = text_ops(BODY) + b"BT /F2 14 Tf 72 600 Td <01020102> Tj ET\n"
    doc = PdfReader().read(make_pdf([(612, 792, content)], fonts={**HELVETICA, "F2": cid_font(cmap)}), ReadContext())
    assert any("\u2f00" in p.text for p in doc.paragraphs())
    assert not [w for w in doc.warnings if w.code == "unmapped_glyphs"]


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------


def test_scanned_pdf_needs_ocr():
    img = bytes(range(64)) * 16  # a 32x32 grey "scan"
    content = b"q 500 0 0 700 50 50 cm /Im1 Do Q\n"
    data = make_pdf([(612, 792, content), (612, 792, content)], images={"Im1": (32, 32, img)})
    for fast in (None,):
        with pytest.raises(UnsupportedFormatError, match="OCR"):
            PdfReader().read(data, ReadContext(path="scan.pdf"))


def test_encrypted_pdf_with_open_password_is_a_clear_error():
    data = (PDF_DIR / "encrypted.pdf").read_bytes()
    for fast in (None,):
        with pytest.raises(CorruptDocumentError, match="password") as err:
            PdfReader().read(data, ReadContext(path="encrypted.pdf"))
        assert "encrypted.pdf" in str(err.value)


def test_pdf_with_only_an_owner_password_opens():
    doc = PdfReader().read((PDF_DIR / "owner_only.pdf").read_bytes(), ReadContext())
    assert any("年度报告" in p.text for p in doc.paragraphs())


def test_truncated_pdf():
    """LibreOffice writes its page objects last: any cut of this file leaves
    no complete page, and says so.  (A cut that leaves pages: the browser
    PDF of tests/test_pdf_hostile.py, read with a 'truncated' warning.)"""
    data = (PDF_DIR / "003_landscape.pdf").read_bytes()
    for cut in (len(data) // 2, 4000, 200):
        with pytest.raises(CorruptDocumentError) as err:
            PdfReader().read(data[:cut], ReadContext(path="cut.pdf"))
        assert str(err.value) == ("cut.pdf: damaged PDF: the file is cut off before any complete page "
                                  "(a truncated download?)")


def test_garbage_after_the_header_is_corrupt():
    with pytest.raises(CorruptDocumentError):
        PdfReader().read(b"%PDF-1.7\n" + bytes(range(256)) * 40, ReadContext(path="junk.pdf"))
    with pytest.raises(ConversionError):
        PdfReader().read(b"%PDF-1.7\n" + bytes(range(256)) * 40, ReadContext(path="junk.pdf"))


def test_not_a_pdf():
    """The triage does not send a zip to the PDF reader; handed one anyway,
    the reader says the PDF is damaged (it does not test the header again)."""
    with pytest.raises(ConversionError):
        PdfReader().read(b"PK\x03\x04 this is a zip, not a pdf", ReadContext(path="x.pdf"))
    with pytest.raises(UnsupportedFormatError, match="a zip archive of"):
        read_document(zip_bytes({"a.txt": b"x"}), "x.pdf")


def test_too_many_pages_is_refused():
    data = make_pdf([(612, 792, text_ops(BODY))] * 5, fonts=HELVETICA)
    with pytest.raises(LimitExceededError, match="pages") as err:
        PdfReader().read(data, ReadContext(options=Options(max_pages=3)))
    assert err.value.limit == "max_pages" and "--max-pages" in str(err.value)


def test_registry_and_sniffing_reach_the_reader():
    data = (PDF_DIR / "003_landscape.pdf").read_bytes()
    assert sniff(data) == "pdf"
    doc = read_document(data, "003_landscape.pdf")
    assert doc.format == "pdf" and doc.path == "003_landscape.pdf"


# --------------------------------------------------------------------------
# dashes and spaced numbers in borderless rows
# --------------------------------------------------------------------------


def _typed_line(text: str, x: float = 72.0, size: float = 12.0):
    """Glyphs of ``text`` set left to right, 0.6 em per glyph, spaces kept."""
    from gxconvert.readers.pdf._layout import Ch, group_lines

    chars = []
    for ch in text:
        w = 0.6 * size if ord(ch) < 0x2E80 else size
        chars.append(Ch(ch, x, 100.0, x + w, 100.0 + size, size))
        x += w
    return group_lines(chars)[0]


@pytest.mark.parametrize("typed,cells", [
    ("行政处罚    190 - 0", ["行政处罚", "190", "-", "0"]),
    ("行政处罚    190 / 0", ["行政处罚", "190", "/", "0"]),
    ("行政处罚    190 — 0", ["行政处罚", "190", "—", "0"]),
    ("行政处罚    190 0 5", ["行政处罚", "190", "0", "5"]),  # spaced numbers are separate cells
    ("行政处罚    -5", ["行政处罚", "-5"]),  # a sign stays with its number
    ("政府集中采购    2 28.44万元", ["政府集中采购", "2", "28.44万元"]),
    ("本年增/减 处理决定数量", ["本年增/减 处理决定数量"]),  # words are not cut
])
def test_dash_between_spaced_numbers_is_an_empty_cell(typed, cells):
    from gxconvert.readers.pdf._layout import split_segments

    assert [s.text for s in split_segments(_typed_line(typed))] == cells


def test_two_values_in_one_column_are_left_unread_with_a_warning():
    """A row whose values do not line up with the columns: the cell shows
    both values and reads as no number; a warning names the page and row."""
    rows = [(72, "Item"), (200, "A"), (300, "B"), (400, "C")]
    items = [(x, 700, s) for x, s in rows]
    for k, label in enumerate(["Licences", "Penalties", "Permits"]):
        items += [(72, 680 - 20 * k, label), (200, 680 - 20 * k, "4"), (300, 680 - 20 * k, "6"),
                  (400, 680 - 20 * k, "9")]
    items += [(72, 620, "Fees"), (300, 620, "7"), (318, 620, "5")]  # "7 5" typed under B
    doc = PdfReader().read(make_pdf([(612, 792, text_ops(items) + text_ops(BODY))], fonts=HELVETICA), ReadContext())
    t = table_with(doc, "Fees")
    fees = [c.text for c in t.rows()[cell_with(t, "Fees").row]]
    assert fees == ["Fees", "", "7 | 5", ""]
    warn = [w for w in doc.warnings if w.code == "uncertain_cut"]
    assert warn and "page 1" in warn[0].where and "Fees" in warn[0].where
    from gxconvert.values import Unreadable, parse_number

    with pytest.raises(Unreadable):
        parse_number("7 | 5")  # never read as 75
