"""The PDF reader's optional C loops (gxconvert/readers/pdf/_native.c).

Built, they make the per-glyph and per-object PDFium calls and fill the
buffers the ctypes calls fill otherwise; the same Python lays them out.  So:
every sampled corpus PDF gives the same report both ways (and the C loops
really were the ones called), damaged PDFs fail the same clean way both
ways, a missing module (no compiler, PyPy) or ``GXCONVERT_PURE=1`` falls
back to ctypes, and the C checks what it is given instead of crashing.
"""

from __future__ import annotations

import ctypes
import os
import random
import subprocess
import sys
from array import array
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from builders import make_pdf
from pypdfium2 import raw

import gxconvert
from gxconvert.errors import ConversionError
from gxconvert.readers.pdf import _pdfium

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
NATIVE = _pdfium._load_native()
needs_native = pytest.mark.skipif(NATIVE is None, reason="the C loops are not built "
                                  "(pip install -e . or python setup.py build_ext --inplace)")

#: every fourth report PDF of each corpus folder (OCR folders aside): all the PDF producers
SAMPLE = [p.relative_to(CORPUS).as_posix() for folder in sorted(CORPUS.iterdir())
          if folder.name not in ("scan", "screenshot", "html_img") for p in sorted(folder.rglob("*.pdf"))[::4]]

#: the ctypes functions the C loops replace: none of them may be called when the loops are built
_REPLACED = ["_LOOSE_BOX", "_FONT_SIZE", "_MAP_ERROR", "_PAGE_OBJECT", "_FORM_OBJECT", "_OBJ_TYPE",
             "_SEG_COUNT", "_SEGMENT", "_SEG_POINT", "_SEG_TYPE", "_SEG_CLOSE"]


def _outcome(data: bytes, name: str) -> str:
    try:
        return gxconvert.convert(data, path=name).to_json(provenance=True)
    except ConversionError as exc:
        assert "\n" not in str(exc) and name in str(exc)  # a clean one-line error naming the file
        return f"{type(exc).__name__}: {exc}"


def _both_ways(data: bytes, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The outcome with the C loops (every replaced ctypes call made to fail
    loudly), then with ctypes alone."""
    with monkeypatch.context() as m:
        m.setattr(_pdfium, "_NATIVE", NATIVE)
        for fn in _REPLACED:
            m.setattr(_pdfium, fn, _not_called(fn))
        native = _outcome(data, name)
    with monkeypatch.context() as m:
        m.setattr(_pdfium, "_NATIVE", None)
        pure = _outcome(data, name)
    return native, pure


def _not_called(name: str) -> Any:
    def call(*args: object) -> object:
        raise AssertionError(f"{name} called through ctypes while the C loops are built")
    return call


def test_the_sample_covers_every_pdf_folder() -> None:
    folders = {name.split("/")[0] for name in SAMPLE}
    assert folders >= {"pdf", "pdf_browser", "pdf_dash", "pdf_pagebreak", "pdf_rulings", "pdf_tall", "pdf_wrapped",
                       "identity"}
    assert len(SAMPLE) >= 35


@needs_native
@pytest.mark.parametrize("name", SAMPLE)
def test_a_corpus_pdf_gives_the_same_report_with_and_without_the_c_loops(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    native, pure = _both_ways((CORPUS / name).read_bytes(), name, monkeypatch)
    assert native == pure
    assert '"tables"' in native or "Error" in native  # a report (or an error), compared whole


@needs_native
@pytest.mark.parametrize("seed", range(16))
def test_a_damaged_pdf_fails_or_reads_the_same_with_the_c_loops(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(9000 + seed)
    data = bytearray((CORPUS / ["pdf/000_ruled_split.pdf", "pdf_browser/000_cms_hf.pdf"][seed % 2]).read_bytes())
    for _ in range(rnd.randint(1, 12)):
        at = rnd.randrange(len(data))
        if rnd.random() < 0.6:
            data[at] = rnd.randrange(256)
        else:
            del data[at:at + rnd.randint(1, 300)]
    native, pure = _both_ways(bytes(data), "m.pdf", monkeypatch)
    assert native == pure


@needs_native
def test_the_segment_limit_stops_a_page_before_the_c_loop_reads_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A path beyond the page's segment budget is not read (the C loop is
    told the budget left): the same clear error both ways."""
    monkeypatch.setattr(_pdfium, "MAX_SEGMENTS_PER_PAGE", 40)
    path = b"0 0 0 RG 1 w 50 50 m " + b"".join(b"%d %d l " % (60 + k, 50 + 20 * (k % 2)) for k in range(60)) + b"S\n"
    data = make_pdf([(612, 792, path)])
    native, pure = _both_ways(data, "lines.pdf", monkeypatch)
    assert native == pure
    assert "more than 40 path segments" in native


def test_the_fallback_is_taken_when_the_module_is_missing() -> None:
    """A child where ``_native`` cannot be imported (as without a compiler,
    or on PyPy) reads with ctypes and gives the report the C loops give."""
    name = "pdf_rulings/000_filled.pdf"
    child = (
        "import sys; sys.modules['gxconvert.readers.pdf._native'] = None\n"  # import fails: ImportError
        "import gxconvert\n"
        "from gxconvert.readers.pdf import _pdfium\n"
        "assert _pdfium._NATIVE is None\n"
        f"sys.stdout.write(gxconvert.convert({str(CORPUS / name)!r}).to_json(provenance=True))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GXCONVERT_PURE", None)
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, env=env, check=True).stdout
    assert out == gxconvert.convert(CORPUS / name).to_json(provenance=True)
    assert '"tables"' in out


@pytest.mark.parametrize("value,off", [("1", True), ("yes", True), ("0", False), ("", False)])
def test_gxconvert_pure_turns_the_c_loops_off(value: str, off: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GXCONVERT_PURE", value)
    loaded = _pdfium._load_native()
    if off:
        assert loaded is None
    else:
        assert loaded is NATIVE


# --------------------------------------------------------------------------
# the C checks what it is given
# --------------------------------------------------------------------------


@pytest.fixture
def text_page() -> Any:
    pdf = pdfium.PdfDocument((CORPUS / "pdf/000_ruled_split.pdf").read_bytes())
    page = raw.FPDF_LoadPage(pdf.raw, 0)
    tp = raw.FPDFText_LoadPage(page)
    try:
        yield ctypes.cast(tp, ctypes.c_void_p).value, raw.FPDFText_CountChars(tp), tp
    finally:
        raw.FPDFText_ClosePage(tp)
        raw.FPDF_ClosePage(page)
        pdf.close()


@needs_native
def test_the_c_loop_fills_what_the_api_answers(text_page: tuple[int, int, Any]) -> None:
    tp, n, handle = text_page
    at = array("i", [0, 1, n - 1])
    boxes, sizes, errors = array("f", [0.0] * 12), array("d", [0.0] * 3), array("i", [7] * 3)
    NATIVE.glyphs(_pdfium._GLYPH_FNS, tp, n, at, boxes, sizes, errors)
    for k, index in enumerate(at):
        rect = raw.FS_RECTF()
        raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(rect))
        assert list(boxes[4 * k:4 * k + 4]) == [rect.left, rect.top, rect.right, rect.bottom]
        assert sizes[k] == raw.FPDFText_GetFontSize(handle, index)
        assert errors[k] == raw.FPDFText_HasUnicodeMapError(handle, index) == 0
    assert sizes[0] > 0 and boxes[2] > boxes[0]


@needs_native
def test_the_c_loop_refuses_short_buffers_and_bad_indices(text_page: tuple[int, int, Any]) -> None:
    tp, n, _ = text_page
    fns = _pdfium._GLYPH_FNS
    ok = dict(boxes=array("f", [0.0] * 8), sizes=array("d", [0.0] * 2), errors=array("i", [0] * 2))
    at = array("i", [0, 1])
    for short, buf in (("boxes", array("f", [0.0] * 7)), ("sizes", array("d", [0.0])), ("errors", array("i", [0]))):
        bufs = {**ok, short: buf}
        with pytest.raises(ValueError, match="shorter"):
            NATIVE.glyphs(fns, tp, n, at, bufs["boxes"], bufs["sizes"], bufs["errors"])
    for index in (-1, n):
        with pytest.raises(IndexError):
            NATIVE.glyphs(fns, tp, n, array("i", [0, index]), ok["boxes"], ok["sizes"], ok["errors"])
    with pytest.raises(ValueError, match="not C ints"):
        NATIVE.glyphs(fns, tp, n, b"\0\0\0", ok["boxes"], ok["sizes"], ok["errors"])
    with pytest.raises(TypeError):  # read-only output
        NATIVE.glyphs(fns, tp, n, at, bytes(32), ok["sizes"], ok["errors"])
    with pytest.raises(ValueError, match="NULL handle"):
        NATIVE.glyphs(fns, 0, n, at, ok["boxes"], ok["sizes"], ok["errors"])
    with pytest.raises(TypeError, match="3 function addresses"):
        NATIVE.glyphs(fns[:2], tp, n, at, ok["boxes"], ok["sizes"], ok["errors"])
    with pytest.raises(ValueError, match="NULL"):
        NATIVE.glyphs((0, *fns[1:]), tp, n, at, ok["boxes"], ok["sizes"], ok["errors"])
    with pytest.raises(ValueError, match="shorter"):
        NATIVE.objects(_pdfium._OBJECT_FNS, tp, False, array("Q", [0]), array("i", [0, 0]))
    with pytest.raises(ValueError, match="six floats"):
        NATIVE.path(_pdfium._PATH_FNS, tp, array("f", [0.0] * 5), 10)


def test_a_page_object_walk_reads_a_form_xobject_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """Objects inside a form XObject are asked for with the form getter: a
    rule drawn in a form, scaled by its matrix, is an edge both ways."""
    form = b"0 0 0 RG 1 w 0 0 m 100 0 l S 0 0 m 0 50 l S"
    content = b"q 2 0 0 2 100 300 cm /Fm1 Do Q"
    data = make_pdf([(612, 792, content)], forms={"Fm1": form})
    got = []
    for native in ([NATIVE] if NATIVE is not None else []) + [None]:
        monkeypatch.setattr(_pdfium, "_NATIVE", native)
        with _pdfium.PdfiumDocument(data, "form.pdf") as doc:
            (page,) = list(doc.pages())
        assert isinstance(page, _pdfium.RawPage)
        got.append((page.h_edges, page.v_edges))
    assert got[0] == ([(100.0, 300.0, 492.0)], [(100.0, 392.0, 492.0)])
    assert all(g == got[0] for g in got)

