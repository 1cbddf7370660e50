"""Hostile and unlucky Word documents (issue 14), generated at test time
from ``corpus/docx/000.docx`` (whose expected values are its text twin's
hand-checked golden): nested 1x1 tables, digits split by a space, zip
limits, per-table cell budgets, deadlines, one-line errors, big documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import zip_bytes, zip_members
from golden import SEEDS, diff_tables, load_golden
from hostile_inputs import big_docx
from lxml import etree

import gxconvert
from gxconvert.errors import ConversionError, CorruptDocumentError, LimitExceededError
from gxconvert.model import Paragraph, Table
from gxconvert.options import Options
from gxconvert.readers.docx import DocxReader
from gxconvert.readers.base import ReadContext

ROOT = Path(__file__).resolve().parents[1]
DOCX = ROOT / "corpus" / "docx" / "000.docx"
GOLDEN = load_golden(next(SEEDS.glob("000_*.expected.json")))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
w = f"{{{W}}}"


def _with_document(edit) -> bytes:
    parts = zip_members(DOCX)
    root = etree.fromstring(parts["word/document.xml"])
    edit(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_bytes(parts)


def _text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(w + "t"))


def _value_cells(root) -> list:
    return [tc for tc in root.iter(w + "tc") if re.fullmatch(r"\s*\d+\s*", _text(tc))]


def test_value_in_a_nested_1x1_table_is_the_cells_value():
    def box_values(root):
        for tc in _value_cells(root):
            paras = [c for c in tc if c.tag == w + "p"]
            tbl = etree.SubElement(tc, w + "tbl")
            inner = etree.SubElement(etree.SubElement(tbl, w + "tr"), w + "tc")
            for p in paras:
                inner.append(p)  # moved into the box
            etree.SubElement(tc, w + "p")  # Word keeps an empty paragraph after a table in a cell

    data = _with_document(box_values)
    report = gxconvert.convert(data, path="boxed.docx")
    assert diff_tables(report.to_dict(), GOLDEN) == []
    doc = DocxReader().read(data, ReadContext(path="boxed.docx"))
    assert all(len(t.cells) > 1 for t in doc.blocks if isinstance(t, Table))  # no 1x1 tables left over


def test_digits_split_by_a_space_in_one_cell_are_never_joined():
    # 其他对外管理服务事项 decisions 221667 -> "22 1667": never 221667 or 221,667 read as one number
    def split(root):
        for tc in _value_cells(root):
            if _text(tc).strip() == "221667":
                t = next(tc.iter(w + "t"))
                t.text = "22 1667"
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    report = gxconvert.convert(_with_document(split), path="split.docx")
    path = "active_disclosure.other_services.decisions"
    assert report.value(path) is None
    assert any("22 1667" in x.message for x in report.warnings)
    golden = dict(GOLDEN)
    tables = __import__("copy").deepcopy(golden["tables"])
    tables["active_disclosure"]["other_services"]["decisions"] = None
    assert diff_tables(report.to_dict(), {"tables": tables}) == []


def test_zip_member_limit_is_checked_before_inflating():
    data = DOCX.read_bytes()
    with pytest.raises(LimitExceededError) as err:
        DocxReader().read(data, ReadContext(path="x.docx", options=Options(max_zip_member_bytes=10_000)))
    assert err.value.limit == "max_zip_member_bytes"
    msg = str(err.value)
    assert "word/document.xml" in msg and "--max-zip-member-bytes" in msg and "\n" not in msg


def test_zip_total_limit_counts_every_part():
    parts = zip_members(DOCX)
    size = len(parts["word/document.xml"])
    # the main part alone fits; with the styles/numbering/rels read after it, it does not
    with pytest.raises(LimitExceededError) as err:
        DocxReader().read(DOCX.read_bytes(), ReadContext(path="x.docx", options=Options(max_zip_total_bytes=size + 100)))
    assert err.value.limit == "max_zip_total_bytes"


def test_junk_table_before_the_report_does_not_starve_it():
    def junk(root):
        body = root.find(w + "body")
        tbl = etree.Element(w + "tbl")
        for _ in range(60):
            tr = etree.SubElement(tbl, w + "tr")
            for _ in range(50):
                etree.SubElement(etree.SubElement(etree.SubElement(tr, w + "tc"), w + "p"), w + "r").append(
                    etree.Element(w + "t"))
        body.insert(0, tbl)

    data = _with_document(junk)
    options = Options(max_cells_per_table=2000)  # the junk table has 3000 cells, the report's fewer
    report = gxconvert.convert(data, path="junk.docx", options=options)
    assert diff_tables(report.to_dict(), GOLDEN) == []
    assert any(x.code == "table_truncated" for x in report.warnings)
    first = DocxReader().read(data, ReadContext(path="junk.docx", options=options)).blocks[0]
    assert isinstance(first, Table) and len(first.cells) == 2000


def test_max_seconds_stops_the_docx_reader():
    with pytest.raises(LimitExceededError) as err:
        DocxReader().read(DOCX.read_bytes(), ReadContext(path="slow.docx", options=Options(max_seconds=0.0)))
    assert err.value.limit == "max_seconds"


def test_messages_are_one_line_even_with_line_breaks_in_names():
    parts = zip_members(DOCX)
    data = zip_bytes({**{k: v for k, v in parts.items() if k != "word/document.xml"},
                   "word/docu\nment.xml": b"junk"})
    with pytest.raises(ConversionError) as err:
        DocxReader().read(data, ReadContext(path="x.docx"))
    assert "\n" not in str(err.value)


def test_damaged_compressed_data_is_plain_words():
    data = bytearray(DOCX.read_bytes())
    start = data.find(b"word/document.xml") + len(b"word/document.xml")
    for k in range(start + 200, start + 400):
        data[k] ^= 0x5A
    with pytest.raises(CorruptDocumentError) as err:
        DocxReader().read(bytes(data), ReadContext(path="x.docx"))
    msg = str(err.value)
    assert msg.startswith("x.docx: damaged Word document: ") and "\n" not in msg
    assert "Error -3" not in msg and "zlib" not in msg


def test_our_own_bug_is_not_called_damaged_input(monkeypatch):
    from gxconvert.readers.docx import body

    def broken(self, el, blocks, top=True):
        raise AttributeError("'NoneType' object has no attribute 'tag'")

    monkeypatch.setattr(body.BodyWalker, "block", broken)
    with pytest.raises(AttributeError):
        DocxReader().read(DOCX.read_bytes(), ReadContext(path="x.docx"))


def test_big_document_is_read_whole():
    # scripts/bench_hostile.py measures time and memory up to ~97 MB
    data = big_docx(4)
    doc = DocxReader().read(data, ReadContext(path="big.docx"))
    assert len(doc.blocks) > 30_000
    assert isinstance(doc.blocks[-1], Paragraph) and doc.blocks[-1].text.startswith("其他需要报告的事项")
    report = gxconvert.convert(data, path="big.docx")
    assert diff_tables(report.to_dict(), GOLDEN) == []


def test_a_97_mb_document_is_refused_by_the_member_limit_before_inflating():
    data = big_docx(12)  # stands for the 97 MB one: the limit is checked from the zip header
    with pytest.raises(LimitExceededError) as err:
        DocxReader().read(data, ReadContext(path="big.docx", options=Options(max_zip_member_bytes=8 * 1024 * 1024)))
    assert err.value.limit == "max_zip_member_bytes" and "declares" in str(err.value)
