"""Pictures inside a web page or a Word document, read by OCR only when the
document's own tables hold no report table (gxconvert/readers/image/inline.py);
the OCR runs themselves are corpus/html_img's rows in test_corpus.py."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from gxconvert.model import Document
from gxconvert.readers.base import ReadContext
from gxconvert.readers.docx import DocxReader
from gxconvert.readers.html import HtmlReader
from gxconvert.readers.image import _ocr, inline
from gxconvert.readers.pictures import html_pictures

HTML_IMG = Path(__file__).resolve().parent.parent / "corpus" / "html_img"
PNG = b"\x89PNG\r\n\x1a\nnot really"


def _page(body: str) -> bytes:
    return f"<html><body><div class='article'><h1>报告</h1>{body}</div></body></html>".encode()


def test_sources_are_resolved_inside_the_page_folder_only(tmp_path: Path) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "t 1.png").write_bytes(PNG)
    (tmp_path.parent / "outside.png").write_bytes(PNG)
    ctx = ReadContext(path=str(tmp_path / "page.html"))
    b64 = base64.b64encode(PNG).decode()
    pics = html_pictures([(0, "a", "pics/t%201.png"), (1, "b", "../outside.png"), (2, "c", "/pics/t 1.png"),
                          (3, "d", "http://example.org/t.png"), (4, "e", f"data:image/png;base64,{b64}"),
                          (5, "f", "//cdn.example.org/t.png")], ctx)
    assert pics[0].load() == PNG and pics[4].load() == PNG
    for p, why in zip(pics[1:4] + pics[5:], ("not inside the page's folder", "site's root", "never fetched",
                                             "never fetched"), strict=True):
        with pytest.raises(Exception, match=why):
            p.load()


def test_a_page_with_its_own_table_never_reads_its_pictures(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[int] = []
    monkeypatch.setattr(inline, "numeric_cells", lambda blocks: called.append(1) or 99)
    rows = "".join(f"<tr><td>项{i}</td><td>{i}</td></tr>" for i in range(12))
    doc = HtmlReader().read(_page(f"<p>正文</p><table>{rows}</table><p><img src='x.png'></p>"), ReadContext())
    assert called == [1]
    assert [w.code for w in doc.warnings] == ["image_in_body"] and doc.ocr_pages == 0


def test_without_ocr_the_pictures_are_named_and_the_page_converts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_ocr, "available", lambda: False)
    path = HTML_IMG / "000_cms_files.html"
    doc = HtmlReader().read(path.read_bytes(), ReadContext(path=str(path)))
    (w,) = [w for w in doc.warnings if w.code == "image_not_read"]
    assert "000_cms_files_t1.png, 000_cms_files_t2.png, 000_cms_files_t3.png" in w.message
    assert "gxconvert[ocr]" in w.message
    assert any("二、主动公开政府信息情况" in getattr(b, "text", "") for b in doc.blocks)
    docx = HTML_IMG / "000_cms_pictures.docx"
    d: Document = DocxReader().read(docx.read_bytes(), ReadContext(path=str(docx)))
    (w,) = [w for w in d.warnings if w.code == "image_not_read"]
    assert "word/media/image1.png, word/media/image2.png, word/media/image3.png" in w.message
    assert not any(getattr(b, "text", "").startswith("[image:") for b in d.blocks)  # placeholders dropped


def test_pictures_in_the_cells_of_a_layout_table_are_the_documents_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    docx = HTML_IMG / "000_cms_cellpictures.docx"
    monkeypatch.setattr(_ocr, "available", lambda: False)
    d = DocxReader().read(docx.read_bytes(), ReadContext(path=str(docx)))
    (w,) = [w for w in d.warnings if w.code == "image_not_read"]
    assert "3 picture(s) (word/media/image1.png, word/media/image2.png, word/media/image3.png)" in w.message
    assert not any(getattr(b, "text", "").startswith("[image:") for b in d.blocks)
    # read by OCR, its values are the source page's: a row of test_corpus.py (html_img/*.docx)
