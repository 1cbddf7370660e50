"""Hostile and broken PDFs: bombs stopped before PDFium inflates them, damaged
and cut-off files read as far as they go, the real cause named, and our own
bugs never passed off as damaged input.  The bombs are built here, at test
time (see ``bombs()``; ``scripts/bench_pdf.py --bombs`` measures them)."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest
from builders import HELVETICA, cid_font, make_pdf, text_ops
from test_pdf_reader import BODY

import gxconvert
from gxconvert.errors import (
    ConversionError,
    CorruptDocumentError,
    LimitExceededError,
    UnsupportedFormatError,
)
from gxconvert.options import Options
from gxconvert.readers.pdf import PdfReader
from gxconvert.readers.base import ReadContext

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MB = 1 << 20


# --------------------------------------------------------------------------
# bombs
# --------------------------------------------------------------------------


def flate_bomb(mib: int) -> bytes:
    """A zlib stream of ~mib/1000 MB that inflates to ``mib`` MiB of zeros:
    one flushed block repeated (deflate blocks after a full flush stand alone)."""
    zeros = bytes(MB)
    co = zlib.compressobj(9)
    first = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(mib):
        adler = zlib.adler32(zeros, adler)
    return first + block * (mib - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def _stream_pdf(content: bytes, filters: bytes, fonts: dict | None = None) -> bytes:
    """make_pdf with a page content stream already encoded by ``filters``."""
    pdf = make_pdf([(612, 792, b"%%CONTENT%%")], fonts=fonts or HELVETICA)
    head, _, tail = pdf.partition(b"%%CONTENT%%")
    # the content object's dictionary: << /Length n >>
    k = head.rfind(b"<< /Length ")
    head = head[:k] + b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filters)
    return _fix_xref(head + content + tail)


def _fix_xref(pdf: bytes) -> bytes:
    """Rewrite the xref offsets after an object changed size."""
    import re

    offsets = {int(m.group(1)): m.start() for m in re.finditer(rb"(?m)^(\d+) 0 obj", pdf)}
    x = pdf.rfind(b"xref\n")
    n = max(offsets) + 1
    table = b"xref\n0 %d\n0000000000 65535 f \n" % n + b"".join(b"%010d 00000 n \n" % offsets[i]
                                                             for i in range(1, n))
    trailer = pdf[pdf.find(b"trailer", x):]
    trailer = re.sub(rb"startxref\n\d+", b"startxref\n%d" % x, trailer)
    return pdf[:x] + table + trailer


def bombs() -> dict[str, bytes]:
    """name -> PDF bytes (built on demand: a few seconds for all four)."""
    out: dict[str, bytes] = {}
    out["flate_1.1GB"] = _stream_pdf(flate_bomb(1100), b"/FlateDecode")
    inner = flate_bomb(2200)
    out["double_flate_2.2GB"] = _stream_pdf(zlib.compress(inner, 9), b"[/FlateDecode /FlateDecode]")
    bomb = flate_bomb(1100)

    def bomb_font(add):
        tu = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream")
        return add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>" % tu)

    out["tounicode_1.1GB"] = make_pdf([(612, 792, text_ops(BODY))], fonts={"F1": bomb_font})
    paths = b"0 0 m 1 1 l S\n" * 3_000_000
    out["paths_3M"] = _stream_pdf(zlib.compress(paths, 1), b"/FlateDecode")
    return out


@pytest.fixture(scope="module")
def built_bombs() -> dict[str, bytes]:
    return bombs()


_CHILD = """
import json, sys, time
import gxconvert
t = time.perf_counter()
try:
    gxconvert.convert(sys.argv[1])
    out = {"error": None}
except gxconvert.ConversionError as exc:
    out = {"error": type(exc).__name__, "message": str(exc), "limit": getattr(exc, "limit", None)}
out["seconds"] = time.perf_counter() - t
print(json.dumps(out))
"""


def convert_in_child(path: Path) -> tuple[dict, int]:
    """Convert ``path`` in a fresh Python process: (what it printed, its peak
    RSS in bytes, from the kernel's rusage of that one child).  The peak
    counts PDFium's and zlib's allocations, which tracemalloc does not see."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    p = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, env=env)
    assert p.stdout is not None
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout.close()
    assert p.returncode == 0, out
    return json.loads(out), usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux


@pytest.fixture(scope="module")
def child_floor(tmp_path_factory) -> int:
    """Peak RSS of the same child converting a small real PDF report."""
    got, peak = convert_in_child(CORPUS / "pdf" / "004_fonts.pdf")
    assert got["error"] is None
    return peak


@pytest.mark.parametrize("name,error,words", [
    ("flate_1.1GB", LimitExceededError, "inflates to more than 64 MB"),
    ("double_flate_2.2GB", LimitExceededError, "inflates to more than 64 MB"),
    ("tounicode_1.1GB", LimitExceededError, "inflates to more than 64 MB"),
    ("paths_3M", CorruptDocumentError, "path operators"),
])
def test_bomb_ends_in_a_clear_error_within_limits(built_bombs, child_floor, tmp_path, name, error, words):
    """Each bomb ends in its error in a worker-like child whose peak RSS
    (native allocations included) stays within 100 MB of the same child's
    peak on a small real report (the bombs would inflate to 1.1-2.2 GB)."""
    f = tmp_path / f"{name}.pdf"
    f.write_bytes(built_bombs[name])
    got, peak = convert_in_child(f)
    assert got["error"] == error.__name__, got
    assert words in got["message"] and f"{name}.pdf" in got["message"] and "\n" not in got["message"]
    assert got["seconds"] < 20
    assert peak - child_floor < 100 * MB, f"peak RSS {peak / MB:.0f} MB, {child_floor / MB:.0f} MB on a report"
    if error is LimitExceededError:
        assert got["limit"] == "max_pdf_stream_bytes" and "--max-pdf-stream-bytes" in got["message"]


def test_stream_limit_is_the_options_field(built_bombs):
    """The same stream passes a raised limit's pre-scan (PDFium then reads it)."""
    small = _stream_pdf(flate_bomb(80), b"/FlateDecode")
    with pytest.raises(LimitExceededError):
        PdfReader().read(small, ReadContext(path="b.pdf"))
    with pytest.raises(ConversionError) as err:  # zeros are no text: refused for that, not the limit
        PdfReader().read(small, ReadContext(path="b.pdf", options=Options(max_pdf_stream_bytes=100 * MB)))
    assert not isinstance(err.value, LimitExceededError)


# --------------------------------------------------------------------------
# damaged and cut-off files
# --------------------------------------------------------------------------


def _report(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def test_shifted_xref_is_read():
    data = make_pdf([(612, 792, text_ops(BODY))], fonts=HELVETICA)
    x = data.rfind(b"xref\n")
    body, table = data[:x], data[x:]
    import re

    shifted = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), table)
    doc = PdfReader().read(body + shifted, ReadContext(path="shifted.pdf"))
    assert any("Line 0 of the body" in p.text for p in doc.paragraphs())


def test_xref_cut_off_is_read_with_pdfium():
    data = _report("pdf/000_ruled_split.pdf")
    cut = data[:data.rfind(b"xref")]
    doc = PdfReader().read(cut, ReadContext(path="noxref.pdf"))
    assert len(list(doc.tables())) == 3
    assert any(w.code == "truncated" for w in doc.warnings)


def test_cut_in_half_gives_the_surviving_pages_with_a_warning():
    data = _report("pdf_browser/001_cms_plain.pdf")
    doc = PdfReader().read(data[: len(data) // 2], ReadContext(path="half.pdf"))
    warn = [w for w in doc.warnings if w.code == "truncated"]
    assert warn and "cut off" in warn[0].message and warn[0].where.startswith("pages after page")
    assert any("欢迎访问昌乐县人民政府" in p.text for p in doc.paragraphs())  # page 1 survives


def test_cut_before_any_page_is_a_clear_error():
    data = _report("pdf/003_landscape.pdf")  # LibreOffice writes its page objects last
    with pytest.raises(CorruptDocumentError, match="cut off before any complete page") as err:
        PdfReader().read(data[: len(data) // 2], ReadContext(path="half.pdf"))
    assert "half.pdf" in str(err.value)


@pytest.mark.parametrize("seed", range(40))
def test_byte_mutations_give_a_report_or_a_conversion_error(seed):
    import random

    rnd = random.Random(seed)
    data = bytearray(_report(["pdf/000_ruled_split.pdf", "pdf_browser/002_cms_plain.pdf"][seed % 2]))
    for _ in range(rnd.randint(1, 20)):
        at = rnd.randrange(len(data))
        if rnd.random() < 0.5:
            data[at] = rnd.randrange(256)
        else:
            del data[at:at + rnd.randint(1, 400)]
    try:
        PdfReader().read(bytes(data), ReadContext(path="m.pdf"))
    except ConversionError as exc:
        assert "\n" not in str(exc) and "m.pdf" in str(exc)


# --------------------------------------------------------------------------
# the real cause, before "not a report"
# --------------------------------------------------------------------------


def test_fonts_without_unicode_are_named_as_the_cause():
    # each line other glyphs: PDFium drops a text object identical to one it overlaps
    content = b"".join(b"BT /F2 12 Tf 72 %d Td <%s> Tj ET\n" % (
        700 - 16 * i, b"".join(b"%04X" % (0x100 + 40 * i + k) for k in range(40))) for i in range(30))
    content += b"BT /F1 12 Tf 72 90 Td (Page 1) Tj ET\n"
    data = make_pdf([(612, 792, content)], fonts={**HELVETICA, "F2": cid_font()})
    with pytest.raises(UnsupportedFormatError, match=r"1,[12]\d\d of 1,2\d\d glyphs have no Unicode mapping") as err:
        gxconvert.convert(data, path="nomap.pdf")
    assert "OCR" in str(err.value) and "not a" not in str(err.value)


def test_scanned_pages_with_a_text_stamp_need_ocr():
    img = bytes(range(64)) * 16
    pages = [(612, 792, b"q 500 0 0 700 50 50 cm /Im1 Do Q\n" + text_ops([(60, 30, f"Scan {k} of 3")]))
             for k in range(1, 4)]
    data = make_pdf(pages, fonts=HELVETICA, images={"Im1": (32, 32, img)})
    with pytest.raises(UnsupportedFormatError, match=r"scanned: 3 of 3 pages are images.*OCR"):
        gxconvert.convert(data, path="scan.pdf")


def test_our_own_bug_is_not_called_damaged_input(monkeypatch):
    """An AttributeError inside the reader is ours: it surfaces as itself."""
    import gxconvert.readers.pdf as pdf_reader

    def broken(*args, **kwargs):
        raise AttributeError("'Line' object has no attribute 'cx'")

    monkeypatch.setattr(pdf_reader, "_build_page", broken)
    with pytest.raises(AttributeError, match="cx"):
        gxconvert.convert(_report("pdf/001_borderless.pdf"))


def test_the_borderless_pdf_that_crashed_converts():
    """``Line.cx`` (a text piece placed by its middle) exists: the borderless
    PDF of issue 13 item 10 converts."""
    from gxconvert.readers.pdf._layout import Line

    assert hasattr(Line, "cx")
    out = gxconvert.convert(_report("pdf/001_borderless.pdf")).to_dict()
    assert out["tables"]["active_disclosure"]["penalty"]["decisions"] == 64


def test_a_page_pdfium_cannot_load_is_named_and_the_others_read():
    data = make_pdf([(612, 792, text_ops(BODY))] * 3, fonts=HELVETICA)
    first = data.find(b"<< /Type /Page /Parent")
    second = data.find(b"<< /Type /Page /Parent", first + 5)
    end = data.find(b"endobj", second)
    damaged = data[:second] + b"(not a page)".ljust(end - second) + data[end:]  # page 2 is no dictionary
    doc = PdfReader().read(damaged, ReadContext(path="bad.pdf"))
    warn = [w for w in doc.warnings if w.code == "page_unreadable"]
    assert warn and warn[0].where == "page 2" and "page 2 of 3" in warn[0].message
    text = " ".join(p.text for p in doc.paragraphs())
    assert text.count("Line 0 of the body") == 2  # pages 1 and 3


def test_a_long_document_with_the_report_near_its_end():
    """60 pages of ruled prose with the report on pages 50-54 (the bench's
    300-page PDF, shortened): every table value read."""
    import sys

    sys.path.insert(0, str(CORPUS.parent / "scripts"))
    from bench_pdf import long_pdf
    from golden import SEEDS, diff_tables, load_golden

    data = long_pdf(CORPUS / "pdf" / "000_ruled_split.pdf", total=60, at=50)
    out = gxconvert.convert(data, path="long.pdf").to_dict(provenance=True)
    assert diff_tables(out, load_golden(next(SEEDS.glob("000_*.expected.json")))) == []
    values = {k: p for k, p in out["provenance"].items() if not k.startswith(("meta.", "sections."))}
    pages = {p["page"] for p in values.values() if "page" in p}
    assert sorted(pages) == [52, 53]  # the report's pages 3 and 4 (its tables), placed from page 50 on
    assert out["provenance"]["meta.agency"]["page"] == 50 and out["provenance"]["sections.1"]["page"] == 50


def test_page_limit_is_checked_before_any_page_is_read():
    import sys

    sys.path.insert(0, str(CORPUS.parent / "scripts"))
    from bench_pdf import long_pdf

    data = long_pdf(CORPUS / "pdf" / "000_ruled_split.pdf", total=60, at=50)
    t = time.perf_counter()
    with pytest.raises(LimitExceededError, match="60 pages, more than 20") as err:
        gxconvert.convert(data, path="long.pdf", options=Options(max_pages=20))
    assert err.value.limit == "max_pages" and time.perf_counter() - t < 5
