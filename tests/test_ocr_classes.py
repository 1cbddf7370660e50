"""One page for each degradation class and input kind the other OCR tests do
not already read (OCR takes seconds a page: the whole files of corpus/scan and
corpus/screenshot are read by ``scripts/bench_ocr.py``, whose figures are in
the README).

Already read elsewhere, once per session (tests/conftest.py): a mixed PDF
whose table pages are skewed 200 dpi JPEG scans (``scan/001_cms_plain_mixed.pdf``,
test_corpus.py), a tall screenshot (``screenshot/000_cms.png``), ``<img>``
pictures as data: URIs and files beside a page, pictures in a .docx
(``html_img/``), a photographed page as JPEG (``scan/table_page.jpg``,
test_ocr.py).  Here: the last page of a 300 dpi scan with a red seal stamped
over its foot (an image-only PDF, downscaled to the OCR resolution), one
frame of a fax-thresholded Group 4 TIFF, and a WebP file (decoding only: its
pixels are the JPEG's).  The pages are cut out with pypdfium2 and Pillow,
none of gxconvert's code."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from golden import CORPUS, SEEDS, flatten, load_golden

import gxconvert
from gxconvert.options import DEFAULT_OPTIONS
from gxconvert.readers.image import _ocr

pytestmark = pytest.mark.skipif(not _ocr.available(), reason=f"needs the ocr extra: {_ocr.INSTALL_HINT}")
SCAN = CORPUS / "scan"


def _pdf_page(path: Path, index: int) -> bytes:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(path.read_bytes())
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [index % len(src)])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _tiff_frame(path: Path, index: int) -> bytes:
    from PIL import Image

    im = Image.open(path)
    im.seek(index)
    buf = io.BytesIO()
    im.save(buf, "TIFF", compression="group4", dpi=im.info.get("dpi", (200, 200)))
    return buf.getvalue()


def _golden(prefix: str) -> dict[str, Any]:
    (twin,) = SEEDS.glob(f"{prefix}_*.expected.json")
    return flatten(load_golden(twin)["tables"])


def _read_right_or_named(rep: dict[str, Any], golden: dict[str, Any]) -> list[str]:
    """Every value the page gave: its golden value, or null with a warning naming it."""
    got = flatten(rep["tables"])
    warned = {w["where"] for w in rep["warnings"]}
    return [p for p, v in got.items() if v is not None and v != golden[p]
            and p not in warned]


CASES = {
    # the report's last page, 300 dpi, JPEG 75, a red seal stamped over the foot of the page:
    # table 四 (15 zeros) and the last paragraphs with the agency's name
    "seal300": (lambda: _pdf_page(SCAN / "004_fonts_seal300.pdf", -1), "seal.pdf", "004", "pdf_ocr"),
    # the fifth page of a fax (thresholded to black and white, Group 4): the end of table 三 and table 四
    "fax200": (lambda: _tiff_frame(SCAN / "002_html_fax200.tif", 4), "fax.tif", "002", "image"),
}


@pytest.mark.parametrize("klass", list(CASES))
def test_one_page_of_the_class_reads_table_four_right(klass: str) -> None:
    make, name, prefix, fmt = CASES[klass]
    rep = gxconvert.convert(make(), path=name).to_dict(provenance=True)
    golden = _golden(prefix)
    assert rep["source"]["format"] == fmt
    review = {p: v for p, v in flatten(rep["tables"]).items() if p.startswith("review_litigation.")}
    want = {p: v for p, v in golden.items() if p.startswith("review_litigation.")}
    assert len(want) == 15 and review == want
    assert all(rep["provenance"][p]["how"] == "ocr" and rep["provenance"][p]["confidence"] >= 0.9 for p in want)
    assert _read_right_or_named(rep, golden) == []


def test_the_text_under_the_seal_is_read() -> None:
    from gxconvert.readers.base import ReadContext
    from gxconvert.readers.image import _page
    from gxconvert.readers.pdf import PdfReader
    from gxconvert.readers.pdf._scans import page_images

    data = _pdf_page(SCAN / "004_fonts_seal300.pdf", -1)
    doc = PdfReader().read(data, ReadContext(path="seal.pdf"))
    assert [getattr(b, "text", "") for b in doc.blocks][-2:] == ["无。", "福清市卫生健康局"]
    (im,) = page_images(data, [1], "seal.pdf", DEFAULT_OPTIONS)
    assert im.pixels.shape[:2] == (3508, 2481) and not im.rendered  # the scan's own 300 dpi pixels
    page = _page.ocr_page(im.pixels, im.number, im.size, None, offset=im.offset)
    # the page's foot, under the seal's star (dropped from the document as page furniture)
    assert "第5页共5页" in [b.text.replace(" ", "") for b in page.boxes]


def test_a_fax_page_gives_the_rows_of_table_three_it_holds() -> None:
    rep = gxconvert.convert(_tiff_frame(SCAN / "002_html_fax200.tif", 4), path="fax.tif").to_dict(provenance=True)
    got = {p: v for p, v in flatten(rep["tables"]).items() if p.startswith("applications.") and v is not None}
    # the page's rows of table 三 (the other columns of seed 002's table are blank)
    assert got == {f"applications.{r}.natural_person": v for r, v in (
        ("not_processed.confirmation", 0), ("other.no_correction", 0), ("other.unpaid_fee", 0),
        ("other.other", 0), ("total_processed", 4), ("carried_forward", 0))}
    warned = {w["where"] for w in rep["warnings"] if w["code"] == "row_not_found"}
    assert "applications.new_received" in warned  # the rows on the pages before are named, not zero


def test_a_webp_file_decodes_to_the_pixels_of_its_lossless_source() -> None:
    np = pytest.importorskip("numpy")
    from PIL import Image

    from gxconvert.readers import sniff
    from gxconvert.readers.image._decode import frames

    im = Image.open(SCAN / "table_page.jpg").convert("RGB")
    buf = io.BytesIO()
    im.save(buf, "WEBP", lossless=True)
    data = buf.getvalue()
    assert sniff(data[:64]) == "image"
    (frame,) = list(frames(data, "page.webp", DEFAULT_OPTIONS))
    assert frame.pixels.shape == (im.height, im.width, 3) and np.array_equal(frame.pixels, np.asarray(im))
