"""The contract every registered reader keeps (``gxconvert.readers.READERS``).

* Empty input and garbage give a :class:`ConversionError` (a one-line reason),
  never another exception: through the triage, and handed to the reader
  directly behind the magic bytes the triage tests (the reader does not test
  them again).
* Truncated input: a container format (a zip, a PDF) gives a
  CorruptDocumentError; a text format (text, HTML) is read — a cut page is a
  page — as the blocks before the cut, the last one possibly cut short.
* Every cell of a good document has a location (where the number came from).

A new reader needs a good sample here (the test fails until it has one).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from builders import zip_bytes

from gxconvert.errors import ConversionError, CorruptDocumentError
from gxconvert.model import Document
from gxconvert.readers import READERS, get_reader, read_document, sniff
from gxconvert.readers.base import ReadContext

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOOD = {
    "text": CORPUS / "seeds" / "000_c618104cc4de48fa.txt",
    "html": CORPUS / "html" / "000_cms.html",
    "docx": CORPUS / "docx" / "000.docx",
    "pdf": CORPUS / "pdf" / "000_ruled_split.pdf",
    "image": CORPUS / "scan" / "table_page.jpg",  # a photographed table page (read by OCR)
}
CONTAINERS = {"docx", "pdf", "image"}  # formats whose truncated files cannot be read
GARBAGE = random.Random(11).randbytes(4096)


def test_every_registered_reader_has_a_good_sample() -> None:
    assert set(READERS) == set(GOOD)


#: what the triage tests before it sends a file to a reader
MAGIC = {"pdf": b"%PDF-1.7\n", "docx": b"PK\x03\x04", "html": b"<html><body>", "text": b"",
         "image": b"\x89PNG\r\n\x1a\n"}


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize("kind", ["empty", "garbage"])
def test_empty_and_garbage_give_a_conversion_error(fmt: str, kind: str) -> None:
    data = b"" if kind == "empty" else GARBAGE
    with pytest.raises(ConversionError) as err:
        get_reader(fmt).read(data, ReadContext(path=f"x.{fmt}"))
    assert "\n" not in str(err.value) and str(err.value).startswith(f"x.{fmt}: ")


@pytest.mark.parametrize("fmt", sorted(set(READERS) - {"html"}))
def test_garbage_behind_the_magic_gives_a_conversion_error(fmt: str) -> None:
    """What passes the triage's test but is garbage after it (an HTML page of
    garbage is still a page, so html is left out)."""
    data = MAGIC[fmt] + GARBAGE
    assert sniff(data) == fmt
    with pytest.raises(ConversionError) as err:
        read_document(data, f"x.{fmt}")
    assert "\n" not in str(err.value) and str(err.value).startswith(f"x.{fmt}: ")


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_truncated_input(fmt: str) -> None:
    good = GOOD[fmt].read_bytes()
    whole = get_reader(fmt).read(good, ReadContext(path=f"x.{fmt}"))
    for cut in (len(good) // 3, len(good) * 2 // 3):
        if fmt in CONTAINERS:
            with pytest.raises(CorruptDocumentError) as err:
                get_reader(fmt).read(good[:cut], ReadContext(path=f"x.{fmt}"))
            assert "\n" not in str(err.value) and str(err.value).startswith(f"x.{fmt}: damaged ")
            continue
        doc = get_reader(fmt).read(good[:cut], ReadContext(path=f"x.{fmt}"))
        assert isinstance(doc, Document) and 1 < len(doc.blocks) <= len(whole.blocks)
        assert doc.blocks[:-1] == whole.blocks[: len(doc.blocks) - 1], f"{fmt} cut at {cut}"


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_every_cell_of_a_good_document_has_a_location(fmt: str) -> None:
    if fmt == "image":
        pytest.importorskip("rapidocr_onnxruntime", reason="reading images needs the ocr extra")
    doc = get_reader(fmt).read(GOOD[fmt].read_bytes(), ReadContext(path=GOOD[fmt].name))
    cells = [c for t in doc.tables() for c in t.cells]
    assert len(cells) > (100 if fmt == "image" else 200)  # the image: one photographed page of a table
    assert [c.text for c in cells if c.loc is None] == []


@pytest.mark.parametrize("members,said", [
    ({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}, "an Excel workbook (.xlsx)"),
    ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "an OpenDocument text (.odt)"),
    ({"OFD.xml": b"<x/>", "Doc_0/Document.xml": b"<x/>"}, "an OFD document"),
    ({"a.txt": b"x"}, "a zip archive of 1 files (a.txt)"),
])
def test_an_unsupported_container_is_named(members: dict[str, bytes], said: str) -> None:
    from gxconvert import convert
    from gxconvert.errors import UnsupportedFormatError

    with pytest.raises(UnsupportedFormatError) as err:
        convert(zip_bytes(members), path="in.bin")
    assert said in str(err.value) and "\n" not in str(err.value)


def test_an_excel_97_file_is_named() -> None:
    from gxconvert.readers.containers import OLE_MAGIC, ole_kind

    data = OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 64
    assert ole_kind(data) == "excel97"
    with pytest.raises(ConversionError) as err:
        read_document(data, "x.xls")
    assert "Excel 97-2003 workbook (.xls" in str(err.value)


def test_a_registered_reader_is_asked_by_priority() -> None:
    """A new format plugs in with one entry; sniffing asks it in priority order."""
    from gxconvert import readers
    from gxconvert.readers import REGISTRY, ReaderEntry, register, sniff

    saved = list(REGISTRY)
    try:
        register(ReaderEntry("made-up", "gxconvert.readers.text:TextReader", 0.5,
                             lambda head, name: head.startswith(b"MADE-UP")))
        assert sniff(b"MADE-UP 1") == "made-up"
        assert sniff(b"%PDF-1.7\n") == "pdf"  # priority 0 still first
        assert sniff("一、总体情况".encode()) == "text"
        assert readers.READERS["made-up"] == "gxconvert.readers.text:TextReader"
    finally:
        REGISTRY[:] = saved
        readers.READERS.pop("made-up", None)


def test_an_rtf_file_is_named_not_read_as_text() -> None:
    """RTF is told apart from text by the registry's triage (one place for the
    top-level file and a Word altChunk alike) and named in the error."""
    from gxconvert import convert
    from gxconvert.errors import UnsupportedFormatError
    from gxconvert.readers import sniff

    rtf = b"\xef\xbb\xbf  {\\rtf1\\ansi\\ansicpg936 \\f0 2021\\'c4\\'ea\\par}"
    with pytest.raises(UnsupportedFormatError) as err:
        sniff(rtf)
    assert "RTF document (.rtf)" in str(err.value)
    with pytest.raises(UnsupportedFormatError) as err:
        convert(rtf, path="report.rtf")
    assert str(err.value).startswith("report.rtf: an RTF document (.rtf)") and "\n" not in str(err.value)
    assert sniff(b"{ not rtf }\n") == "text"


def test_a_reader_registered_for_an_unread_format_replaces_it() -> None:
    from gxconvert import readers
    from gxconvert.readers import REGISTRY, UNREAD, ReaderEntry, register, sniff

    saved, saved_unread = list(REGISTRY), list(UNREAD)
    try:
        register(ReaderEntry("rtf", "gxconvert.readers.text:TextReader", 1.5,
                             lambda head, name: head.startswith(b"{\\rtf")))
        assert sniff(b"{\\rtf1 hello}") == "rtf"
        assert [u.name for u in UNREAD] == []
    finally:
        REGISTRY[:], UNREAD[:] = saved, saved_unread
        readers.READERS.pop("rtf", None)


def test_the_triage_asks_the_light_accepts_module() -> None:
    """The built-in readers' ``accepts`` live in ``gxconvert.readers.magic``
    (deciding a format imports no reader); the Word reader is reached
    through the container triage's docx branch.  A reader module that still
    declares an ``accepts`` of its own must agree with the one the triage
    asks, head by head."""
    import importlib

    from gxconvert.readers import REGISTRY, magic

    heads = [b"%PDF-1.7\n1 0 obj", b"\x00\x13\xfe\xff junk %PDF-1.4\n1 0 obj", "文件头为%PDF-1.4的文件".encode("gb18030"),
             b"<!DOCTYPE html><html><body>", b"\xef\xbb\xbf  <table><tr><td>1</td></tr></table>",
             "<html><body>报告</body></html>".encode("utf-16"), "<html><body>报告</body></html>".encode("utf-16-le"),
             b"MIME-Version: 1.0\r\nContent-Type: multipart/related", b"\x89PNG\r\n\x1a\n\x00\x00",
             b"\xff\xd8\xff\xe0", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"II*\x00", "一、总体情况".encode(), b""]
    for entry in REGISTRY:
        module = importlib.import_module(entry.target.partition(":")[0])
        if entry.name == "docx":
            assert entry.accepts is None
            continue
        assert callable(entry.accepts) and entry.accepts.__module__ == magic.__name__
        own = getattr(module, "accepts", None)
        if own is not None:
            assert [own(h, "") for h in heads] == [entry.accepts(h, "") for h in heads], entry.name
    assert [magic.pdf(h, "") for h in heads[:3]] == [True, True, False]
    assert [magic.html(h, "") for h in heads[3:8]] == [True] * 5
    assert [magic.image(h, "") for h in heads[8:12]] == [True] * 4
    assert not any(magic.pdf(h, "") or magic.html(h, "") or magic.image(h, "") for h in heads[12:])


def test_no_reader_imports_the_registry_above_it() -> None:
    """The readers get embedded documents read through ``ReadContext``'s
    callback: no module under gxconvert/readers/ imports the package root."""
    import ast

    root = Path(__file__).resolve().parent.parent / "gxconvert" / "readers"
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.parent == root and path.name == "__init__.py":
            continue
        depth = len(path.relative_to(root).parts) - 1  # 0: readers/x.py, 1: readers/pdf/x.py
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                up = node.level - depth  # 1: the readers package itself
                if (up == 1 and node.module is None) or node.module == "gxconvert.readers":
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []


def test_the_triage_loads_no_parser_library() -> None:
    """``import gxconvert`` imports no reader; sniffing every kind of file
    imports no reader module and no PDFium, lxml or BeautifulSoup (a text
    batch never loads them)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import gxconvert\n"
        "from gxconvert.readers import sniff\n"
        "assert not [m for m in sys.modules if m.startswith(('gxconvert.readers.pdf', 'gxconvert.readers.html',"
        " 'gxconvert.readers.text', 'gxconvert.readers.docx'))]\n"
        "for p in sys.argv[1:]:\n"
        "    sniff(open(p, 'rb').read())\n"
        "readers = ('gxconvert.readers.pdf', 'gxconvert.readers.html', 'gxconvert.readers.image',"
        " 'gxconvert.readers.text', 'gxconvert.readers.docx')\n"
        "print(sorted(m for m in ('pypdfium2', 'lxml', 'bs4') if m in sys.modules),"
        " sorted(m for m in sys.modules if m.startswith(readers)))\n"
    )
    files = [str(p) for p in GOOD.values()]
    out = subprocess.run([sys.executable, "-c", code, *files], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "[] []"
