"""Scans and screenshots (issue 20): the parts that need no OCR engine (limits,
the message without the extra, the form's arithmetic as the second reader,
seal removal) and, with the ``ocr`` extra, deskew and one page image read
from pixels.  Whole scanned and screenshot reports are rows of
tests/test_corpus.py (folders scan/ and screenshot/)."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pytest

import gxconvert
from gxconvert.errors import ConversionError, LimitExceededError, UnsupportedFormatError
from gxconvert.model import Issue, Location, Meta, Provenance, Report, Source
from gxconvert.options import DEFAULT_OPTIONS, Options
from gxconvert.readers import sniff
from gxconvert.readers.base import ReadContext
from gxconvert.readers.image import _ocr
from gxconvert.readers.pdf._streams import check_streams

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HINT = "pip install 'gxconvert[ocr]'"
needs_ocr = pytest.mark.skipif(not _ocr.available(), reason=f"needs the ocr extra: {HINT}")


def _image_pdf(w: int, h: int, stream: bytes, colour: bytes = b"/DeviceRGB") -> bytes:
    """A one-page PDF drawing one Flate image (``stream`` already compressed)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 "
            b"/Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, colour, len(stream)) + stream + b"\nendstream",
            b"<< /Length 32 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for n, body in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _zeros(n: int) -> bytes:
    c = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    out = [c.compress(chunk) for _ in range(n >> 20)]
    out.append(c.compress(bytes(n & ((1 << 20) - 1))))
    return b"".join(out) + c.flush()


# -- limits -----------------------------------------------------------------------


def test_a_600_dpi_colour_a4_scan_passes_the_stream_cap() -> None:
    w, h = 4960, 7016  # 34.8 MP: 104 MB of RGB, past the 64 MB stream cap
    data = _image_pdf(w, h, _zeros(w * h * 3))
    check_streams(data, "scan600.pdf", DEFAULT_OPTIONS)  # no error: its pixels are within max_image_pixels
    assert DEFAULT_OPTIONS.max_pdf_stream_bytes < w * h * 3 and w * h < DEFAULT_OPTIONS.max_image_pixels


def test_an_image_declaring_a_huge_size_fails_before_anything_inflates() -> None:
    data = _image_pdf(100_000, 100_000, _zeros(1 << 20))
    t = time.perf_counter()
    with pytest.raises(LimitExceededError, match=r"100,000 x 100,000 pixels \(10000 MP\)") as err:
        gxconvert.convert(data, path="bomb.pdf")
    assert time.perf_counter() - t < 1.0
    assert err.value.limit == "max_image_pixels" and "--max-image-pixels" in str(err.value)


def test_an_image_stream_inflating_past_its_declared_pixels_is_a_bomb() -> None:
    data = _image_pdf(1000, 1000, _zeros(70 << 20), colour=b"/DeviceGray")  # 1 MP grey that inflates to 70 MB
    with pytest.raises(LimitExceededError, match="inflates to more than 64 MB"):
        check_streams(data, "bomb.pdf", DEFAULT_OPTIONS)


def _png_header(w: int, h: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_a_png_bomb_fails_from_its_header() -> None:
    pytest.importorskip("PIL")
    from gxconvert.readers.image._decode import frames

    t = time.perf_counter()
    with pytest.raises(LimitExceededError, match="more than 60 MP") as err:
        next(frames(_png_header(50_000, 50_000), "bomb.png", DEFAULT_OPTIONS))
    assert time.perf_counter() - t < 0.5 and err.value.limit == "max_image_pixels"
    with pytest.raises(ConversionError) as err2:  # 35 MP passes the size check (then its data is cut short)
        next(frames(_png_header(4960, 7016), "a4.png", Options()))
    assert not isinstance(err2.value, LimitExceededError)


def test_image_files_are_sniffed_by_their_magic() -> None:
    assert sniff(_png_header(10, 10)) == "image"
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00") == "image"
    assert sniff(b"II*\x00\x08\x00\x00\x00") == "image"
    assert sniff(b"RIFF\x24\x00\x00\x00WEBPVP8 ") == "image"
    assert sniff(b"%PDF-1.4\n") == "pdf"


# -- without the extra --------------------------------------------------------------


def test_without_the_extra_a_scan_fails_in_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_ocr, "available", lambda: False)
    for path in (CORPUS / "scan" / "000_ruled_split_clean150.pdf", CORPUS / "scan" / "table_page.jpg"):
        with pytest.raises(UnsupportedFormatError) as err:
            gxconvert.convert(path)
        msg = str(err.value)
        assert HINT in msg and path.name in msg and "\n" not in msg


def test_a_text_pdf_never_loads_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> None:
        raise AssertionError("the OCR engine was loaded for a text PDF")
    monkeypatch.setattr(_ocr, "engine", boom)
    rep = gxconvert.convert(CORPUS / "pdf" / "000_ruled_split.pdf")
    assert rep.source.format == "pdf" and rep.ocr is None and "ocr" not in rep.to_dict()


# -- trust: the arithmetic as the second reader (no engine needed) -------------------


def _ocr_report(values: dict[str, int | None], confs: dict[str, float], doubtful: set[str]) -> Report:
    prov = {f"applications.{p}": Provenance(raw=str(v), loc=Location(page=5, box=(1, 2, 3, 4), conf=confs.get(p, 0.999),
                                                                     doubtful=p in doubtful), how="cell")
            for p, v in values.items()}
    return Report(source=Source("x.pdf", "pdf_ocr", ""), meta=Meta(template="2019"),
                  values={"applications": dict(values)}, provenance=prov)


ROW = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
       "legal_service_org", "other_org", "total")


def test_a_doubtful_digit_is_null_and_the_arithmetic_suggests_it() -> None:
    from gxconvert.matcher.ocrtrust import null_doubtful
    from gxconvert.templates import templates

    (t2019,) = [t for t in templates() if t.id == "2019"]
    vals = dict(zip([f"granted.{c}" for c in ROW], [3, 1, 0, 0, 0, 0, 4], strict=True))
    vals["granted.commercial_enterprise"] = 7  # misread: the paper says 1
    rep = _ocr_report(vals, {"granted.commercial_enterprise": 0.71}, {"granted.commercial_enterprise"})
    null_doubtful(rep, t2019)
    assert rep.value("applications.granted.commercial_enterprise") is None
    (w,) = [w for w in rep.warnings if w.code == "ocr_low_confidence"]
    assert w.where == "applications.granted.commercial_enterprise" and w.suggested == 1
    assert "0.71" in w.message and "the reading 7 would fail that check" in w.message
    assert rep.provenance["applications.granted.total"].how == "ocr"
    assert rep.to_dict()["warnings"][0]["suggested"] == 1


def test_a_failing_check_blames_its_one_unsure_cell() -> None:
    from gxconvert.checks import run_checks
    from gxconvert.matcher.ocrtrust import blame_failures, null_doubtful
    from gxconvert.templates import templates

    (t2019,) = [t for t in templates() if t.id == "2019"]
    vals = dict(zip([f"granted.{c}" for c in ROW], [3, 1, 0, 0, 0, 0, 9], strict=True))  # total misread: 4
    rep = _ocr_report(vals, {"granted.total": 0.93}, set())
    null_doubtful(rep, t2019)
    checks = run_checks(t2019, rep.values)
    blame_failures(rep, t2019, checks)
    blamed = [w for w in rep.warnings if w.code == "ocr_check_failed"]
    assert [(w.where, w.suggested) for w in blamed] == [("applications.granted.total", 4)]
    assert rep.value("applications.granted.total") == 9  # the value stays what was read: named, not replaced


def test_ocr_provenance_round_trips() -> None:
    p = Provenance(raw="12", loc=Location(page=3, box=(1.0, 2.0, 3.0, 4.0), conf=0.8731, pixel_box=(10, 20, 30, 40),
                                          doubtful=True), how="ocr")
    d = p.to_dict()
    assert d["confidence"] == 0.8731 and d["pixel_box"] == [10, 20, 30, 40] and d["doubtful"] is True
    assert Provenance.from_dict(d).to_dict() == d
    i = Issue("ocr_low_confidence", "m", "applications.granted.total", suggested=4)
    assert Report.from_dict({"warnings": [i.to_dict()]}).warnings == [i]


# -- pixels ---------------------------------------------------------------------------


def test_red_seal_ink_is_removed_and_black_text_under_it_stays() -> None:
    np = pytest.importorskip("numpy")
    from gxconvert.readers.image._clean import remove_seal

    img = np.full((40, 40, 3), 255, dtype=np.uint8)
    img[10:30, 5:35] = (214, 40, 45)  # seal ink
    img[18:22, 8:32] = (20, 20, 20)  # a stroke of text under it
    out = remove_seal(img)
    assert (out[10:18, 5:35] == 255).all() and (out[18:22, 8:32] == 20).all()


@needs_ocr
@pytest.mark.parametrize("angle", [-2.5, 1.2])
def test_deskew_finds_the_angle(angle: float) -> None:
    np = pytest.importorskip("numpy")
    from PIL import Image, ImageDraw

    from gxconvert.readers.image._clean import skew_angle

    im = Image.new("L", (1200, 1600), 255)
    d = ImageDraw.Draw(im)
    for k in range(30):  # lines of "text": dashes of ink
        y = 100 + 45 * k
        for x in range(100, 1100, 40):
            d.rectangle([x, y, x + 28, y + 22], fill=0)
    turned = np.asarray(im.rotate(angle, fillcolor=255))
    assert abs(skew_angle(turned) + angle) <= 0.15  # the angle that turns it back


@needs_ocr
def test_a_photographed_table_page_is_read_with_confidence_and_pixel_boxes() -> None:
    from gxconvert.readers.image import ImageReader

    data = (CORPUS / "scan" / "table_page.jpg").read_bytes()
    doc = ImageReader().read(data, ReadContext(path="table_page.jpg"))
    (table,) = [t for t in doc.tables() if t.n_rows >= 8]  # the page holds the table's first rows
    cells = [c for c in table.cells if c.text]
    assert len(cells) > 100
    assert all(c.loc is not None and c.loc.conf is not None and c.loc.pixel_box is not None for c in cells)
    texts = {c.text.replace(" ", "") for c in cells}
    assert {"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"} <= texts
    assert doc.ocr_pages == 1 and doc.format == "image"


def test_conversion_errors_stay_one_line_for_a_damaged_image() -> None:
    png = _png_header(100, 100)
    with pytest.raises(ConversionError) as err:
        gxconvert.convert(png[:40] + b"\x00" * 40, path="cut.png")
    assert "\n" not in str(err.value) and "cut.png" in str(err.value)


# -- a cell with ink is never a blank cell (no engine needed: its reading is given) ---------------


class _Rec:
    """Stands in for the recogniser's second reading only: it returns ``texts`` for the crops."""

    def __init__(self, texts: list[tuple[str, float]]) -> None:
        self.texts, self.crops = texts, 0

    def text_rec(self, crops: list[object]) -> tuple[list[tuple[str, float]], float]:
        self.crops += len(crops)
        return self.texts[:len(crops)], 0.0


def test_ink_in_a_cell_that_reads_as_nothing_is_not_a_blank_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    np = pytest.importorskip("numpy")
    from gxconvert.readers.image import _page

    gray = np.full((100, 300), 255, dtype=np.uint8)
    gray[40:60, 140:150] = 0  # ink in the middle cell: a blot the recogniser reads as nothing
    gray[45:47, 250:252] = 0  # a speck (2 px high) in the last cell: no character, a blank cell
    h = [(0.0, 300.0, 10.0), (0.0, 300.0, 90.0)]
    v = [(x, 10.0, 90.0) for x in (10.0, 110.0, 210.0, 290.0)]
    rec = _Rec([("", 0.0)])
    monkeypatch.setattr(_page, "engine", lambda: rec)
    (box,) = _page._read_empty_cells(gray, h, v, [])
    assert rec.crops == 1 and (box.text, box.conf) == (_page.UNREAD, 0.0) and 130 <= box.x0 < box.x1 <= 160


def test_a_dash_read_unsure_is_named_as_possibly_a_number() -> None:
    from gxconvert.matcher.ocrtrust import null_doubtful
    from gxconvert.templates import templates

    (t2019,) = [t for t in templates() if t.id == "2019"]
    vals: dict[str, int | None] = dict(zip([f"granted.{c}" for c in ROW], [3, 1, 0, 0, 0, 0, 4], strict=True))
    vals["granted.other_org"] = None  # the cell read as '-' (a blank) at 0.62: it may be a 1
    rep = _ocr_report(vals, {"granted.other_org": 0.62}, {"granted.other_org"})
    rep.provenance["applications.granted.other_org"].raw = "-"
    null_doubtful(rep, t2019)
    (w,) = rep.warnings
    assert (w.code, w.where, w.suggested) == ("ocr_low_confidence", "applications.granted.other_org", None)
    assert "'-'" in w.message and "0.62" in w.message and rep.value("applications.granted.other_org") is None


def test_a_dash_read_unsure_is_doubtful_and_a_sure_one_is_not() -> None:
    from gxconvert.readers.image._ocr import TextBox
    from gxconvert.readers.image._page import OcrPage
    from gxconvert.readers.image._trust import cell_location
    from gxconvert.readers.pdf._pdfium import RawPage

    def page(conf: float) -> OcrPage:
        return OcrPage(RawPage(1, 600.0, 800.0), [TextBox("—", conf, 12, 12, 18, 18, [])], px_per_pt=2.0)

    loc = Location(page=1, box=(10.0, 10.0, 20.0, 20.0))
    assert cell_location(loc, page(0.55)).doubtful and not cell_location(loc, page(0.97)).doubtful
