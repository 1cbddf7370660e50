"""The PDF reader's fast paths give exactly what the plain algorithms give.

The hot loops of the reader (glyphs read in bulk from PDFium and ruling
edges read by untyped calls, a line's box
and text in one pass, duplicate glyphs compared only where a copy can be,
a line that is one piece reused as its own segment, lines banded with the
last line in locals, pieces cut where finish() saw the gaps, ruled cells
grouped with their corners computed once, glyphs put into cells by row runs) were rewritten
for speed.  Each is checked here against a straightforward version of the same
rule, written out in the test: same glyphs, same boxes, same text, same
floats to the last bit.

The glyphs and edges are read both ways PDFium is called: through the C
loops (``_native.c``, when built) and through ctypes (the fallback, which
the tests that count or swap single ctypes calls are about).
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdfium2 import raw

from gxconvert.readers.pdf import _pdfium
from gxconvert.readers.pdf._grid import _group
from gxconvert.readers.pdf._layout import (
    SEGMENT_GAP,
    Ch,
    Line,
    _pieces,
    _recorded_pieces,
    centres,
    dedupe_chars,
    group_lines,
    line_text,
    split_segments,
)
from gxconvert.readers.pdf._tables import _bucket_glyphs

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NATIVE = _pdfium._load_native()


@pytest.fixture(autouse=True)
def _ctypes_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test here reads through ctypes unless it asks for ``reading``."""
    monkeypatch.setattr(_pdfium, "_NATIVE", None)


@pytest.fixture(params=["ctypes", "native"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, _ctypes_calls: None) -> str:
    """The test runs twice: PDFium called through ctypes, then by the C loops."""
    if request.param == "native":
        if NATIVE is None:
            pytest.skip("the C loops are not built (pip install -e . or python setup.py build_ext --inplace)")
        monkeypatch.setattr(_pdfium, "_NATIVE", NATIVE)
    return str(request.param)


# --------------------------------------------------------------------------
# glyphs from PDFium
# --------------------------------------------------------------------------


def _glyphs_one_by_one(page: pdfium.PdfPage, frame: _pdfium._Frame) -> tuple[list[Ch], int, int]:
    """Every glyph asked of PDFium on its own, in the plainest way."""
    tp = raw.FPDFText_LoadPage(page)
    out: list[Ch] = []
    n_glyphs = n_unmapped = 0
    try:
        n = raw.FPDFText_CountChars(tp)
        rect = raw.FS_RECTF()
        for k in range(n):
            ch = chr(raw.FPDFText_GetUnicode(tp, k))
            if ch in ("\r", "\n", "\ufffe"):
                continue
            if not raw.FPDFText_GetLooseCharBox(tp, k, ctypes.byref(rect)):
                continue
            left, top, right, bottom = rect.left, rect.top, rect.right, rect.bottom
            if right - left <= 0 and top - bottom <= 0:
                continue
            n_glyphs += 1
            if raw.FPDFText_HasUnicodeMapError(tp, k) == 1:
                n_unmapped += 1
                ch = f"(cid:{ord(ch)})"
            size = raw.FPDFText_GetFontSize(tp, k) or top - bottom  # no size: the box's height
            if frame.rot == 0:
                out.append(Ch(ch, left - frame.left, frame.top - top, right - frame.left, frame.top - bottom, size))
            else:
                x0, t, x1, b = frame.box(left, bottom, right, top)
                out.append(Ch(ch, x0, t, x1, b, size))
    finally:
        raw.FPDFText_ClosePage(tp)
    return out, n_glyphs, n_unmapped


def _compare_pages(data: bytes, what: str) -> int:
    """Bulk vs one-by-one on every page; returns the unmapped glyphs seen."""
    pdf = pdfium.PdfDocument(data)
    unmapped = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            frame = _pdfium._Frame(page)
            got = _pdfium.RawPage(i + 1, frame.width, frame.height)
            _pdfium._read_text(page, frame, got, None)
            want, n_glyphs, n_unmapped = _glyphs_one_by_one(page, frame)
            page.close()
            assert got.chars == want, f"{what} page {i + 1}"
            assert (got.n_glyphs, got.n_unmapped) == (n_glyphs, n_unmapped)
            assert len(want) > 50  # a page of text, not an empty comparison
            unmapped += n_unmapped
    finally:
        pdf.close()
    return unmapped


def test_glyphs_without_unicode_read_in_bulk_are_marked_as_one_by_one(reading: str) -> None:
    from builders import HELVETICA, cid_font, make_pdf

    content = b"".join(b"BT /F2 12 Tf 72 %d Td <%s> Tj ET\n" % (
        700 - 16 * i, b"".join(b"%04X" % (0x100 + 40 * i + k) for k in range(40))) for i in range(5))
    content += b"BT /F1 12 Tf 72 90 Td (Page 1 of the mixed fonts) Tj ET\n"
    data = make_pdf([(612, 792, content)], fonts={**HELVETICA, "F2": cid_font()})
    assert _compare_pages(data, "cid font") > 100


@pytest.mark.parametrize("name", ["pdf/004_fonts.pdf", "pdf_rulings/000_rotated.pdf", "pdf_dash/000_tabs.pdf",
                                  "pdf_browser/002_cms_plain.pdf", "pdf/003_landscape.pdf"])
def test_glyphs_read_in_bulk_are_the_glyphs_read_one_by_one(name: str, reading: str) -> None:
    assert _compare_pages((CORPUS / name).read_bytes(), name) == 0


def test_line_breaks_pdfium_generates_get_no_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """No PDFium call for the line breaks PDFium generates (known from the
    page's text): every other character is asked its box, size and mapping
    once, in order, and the glyphs are those read one by one."""
    asked: dict[str, list[int]] = {"box": [], "size": [], "error": []}
    for name, kind in (("_LOOSE_BOX", "box"), ("_FONT_SIZE", "size"), ("_MAP_ERROR", "error")):
        def counted(*args: object, _call: object = getattr(_pdfium, name), _kind: str = kind) -> object:
            asked[_kind].append(args[1])  # type: ignore[arg-type]
            return _call(*args)  # type: ignore[operator]

        monkeypatch.setattr(_pdfium, name, counted)
    pdf = pdfium.PdfDocument((CORPUS / "pdf_wrapped" / "000_wrapped.pdf").read_bytes())
    try:
        page = pdf[0]
        frame = _pdfium._Frame(page)
        got = _pdfium.RawPage(1, frame.width, frame.height)
        _pdfium._read_text(page, frame, got, None)
        want, _, _ = _glyphs_one_by_one(page, frame)
        tp = page.get_textpage()
        text = tp.get_text_range()
        tp.close()
        page.close()
    finally:
        pdf.close()
    assert got.chars == want and len(want) > 50
    breaks = [k for k, t in enumerate(text) if t in "\r\n"]
    assert len(breaks) > 20  # the page's lines end in generated breaks
    assert asked["box"] == asked["size"] == asked["error"] == [k for k in range(len(text)) if k not in breaks]


def _edges_one_by_one(page: pdfium.PdfPage, frame: _pdfium._Frame) -> tuple[list[tuple[float, float, float]],
                                                                          list[tuple[float, float, float]], int]:
    """Every object, path segment and point asked of PDFium on its own, with
    its declared (typed) functions: the horizontal and vertical edges drawn,
    and the images."""
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    images = 0

    def edge(p: tuple[float, float], q: tuple[float, float]) -> None:
        dx, dy = abs(p[0] - q[0]), abs(p[1] - q[1])
        if dy <= 1.0 and dx > 1.0:
            hs.append((min(p[0], q[0]), max(p[0], q[0]), (p[1] + q[1]) / 2))
        elif dx <= 1.0 and dy > 1.0:
            vs.append(((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))

    def walk(objs: list[object], parent: tuple[float, ...], depth: int) -> None:
        nonlocal images
        for obj in objs:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                images += 1
            is_form = kind == raw.FPDF_PAGEOBJ_FORM
            if not (kind == raw.FPDF_PAGEOBJ_PATH or (is_form and depth < 12)):
                continue
            mt = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(mt))
            m = _pdfium._mul((mt.a, mt.b, mt.c, mt.d, mt.e, mt.f), parent)  # type: ignore[arg-type]
            if is_form:
                children = [raw.FPDFFormObj_GetObject(obj, k) for k in range(raw.FPDFFormObj_CountObjects(obj))]
                walk(children, m, depth + 1)
                continue
            start = prev = None
            for k in range(raw.FPDFPath_CountSegments(obj)):
                seg = raw.FPDFPath_GetPathSegment(obj, k)
                x, y = ctypes.c_float(), ctypes.c_float()
                if not raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                    continue
                a, b, c, d, e, f = m
                p = frame.point(x.value * a + y.value * c + e, x.value * b + y.value * d + f)
                if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO or prev is None:
                    start = prev = p
                    continue
                if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_LINETO:
                    edge(prev, p)
                prev = p
                if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                    edge(p, start)
                    prev = start

    walk([raw.FPDFPage_GetObject(page, k) for k in range(raw.FPDFPage_CountObjects(page))], _pdfium._IDENTITY, 0)
    return hs, vs, images


_RULED = ["pdf_rulings/000_filled.pdf", "pdf_rulings/000_outlines.pdf", "pdf_rulings/000_segments.pdf",
          "pdf_rulings/000_rotated.pdf", "pdf_browser/000_cms_hf.pdf", "pdf/000_ruled_split.pdf"]


@pytest.mark.parametrize("name", _RULED)
def test_edges_read_by_untyped_calls_are_the_edges_read_one_by_one(name: str, reading: str) -> None:
    _compare_edges(name)
    if reading == "ctypes":
        assert _pdfium._LAYOUT == [True]  # the segments were read in one piece, not a call a field


@pytest.mark.parametrize("name", _RULED[:3])
def test_edges_read_a_call_a_field_are_the_edges_read_one_by_one(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where PDFium's point array does not have the layout the API showed,
    the segments are asked a field at a time: the same edges."""
    monkeypatch.setattr(_pdfium, "_LAYOUT", [False])
    monkeypatch.setattr(_pdfium, "_SEGMENT_STRUCT", None)  # never read in one piece
    _compare_edges(name)


def test_the_segment_layout_is_checked_against_the_api_before_it_is_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first path read decides: its segments read in one piece must be
    what the API answers a field at a time; a layout that differs (here a
    struct that swaps x and y) is never used, for that path or any other."""
    import struct

    monkeypatch.setattr(_pdfium, "_LAYOUT", [])
    monkeypatch.setattr(_pdfium, "_SEGMENT_STRUCT", struct.Struct("=ffBB2x"))
    _compare_edges(_RULED[0])
    assert _pdfium._LAYOUT == [True]
    monkeypatch.setattr(_pdfium, "_LAYOUT", [])
    monkeypatch.setattr(_pdfium, "_SEGMENT_STRUCT", _SwappedXY())
    _compare_edges(_RULED[0])
    assert _pdfium._LAYOUT == [False]


def test_paths_read_from_their_point_array_are_the_edges_read_one_by_one(reading: str) -> None:
    """Paths whose points are read in one piece from PDFium's array give the
    edges the one-by-one reading gives, upright and on rotated pages:
    Chromium-style rules (thin filled rectangles under a scaling matrix),
    outlined cells, and a box drawn as an open polyline."""
    from builders import make_pdf

    rules = b"".join(b"0 0 0 rg %g %g 400 0.75 re f\n" % (40 + k * 0.5, 700 - 22.5 * k) for k in range(12))
    rules += b"".join(b"%g 400 0.75 247.5 re f\n" % (40 + 100 * k) for k in range(5))
    boxes = b"".join(b"%g %g 90 20 re S\n" % (60 + 100 * (k % 4), 300 - 25 * (k // 4)) for k in range(24))
    content = b"q 1 0 0 -1 0 792 cm q 0.75 0 0 0.75 10 5 cm " + rules + b"Q " + boxes + \
        b"50 50 m 350 50 l 350 80 l 50 80 l 50 50 l 50 65 l S Q\n"
    for rotate in (0, 90, 270):
        _compare_edges_of(make_pdf([(612, 792, content)], rotate=rotate), f"rules, /Rotate {rotate}")
    _compare_edges("pdf_browser/000_cms_hf.pdf")
    if reading == "ctypes":
        assert _pdfium._LAYOUT == [True]


class _SwappedXY:
    """A wrong guess at the layout: y read where x lies."""

    size = 12

    def iter_unpack(self, data: bytes) -> list[tuple[float, float, int, int]]:
        import struct

        return [(y, x, kind, close) for x, y, kind, close in struct.iter_unpack("=ffBB2x", data)]


def _compare_edges(name: str) -> None:
    _compare_edges_of((CORPUS / name).read_bytes(), name)


def _compare_edges_of(data: bytes, name: str) -> None:
    pdf = pdfium.PdfDocument(data)
    n_edges = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            frame = _pdfium._Frame(page)
            got = _pdfium.RawPage(i + 1, frame.width, frame.height)
            _pdfium._read_objects(page, frame, got, None)
            hs, vs, images = _edges_one_by_one(page, frame)
            page.close()
            assert (got.h_edges, got.v_edges, got.n_images) == (hs, vs, images), f"{name} page {i + 1}"
            n_edges += len(hs) + len(vs)
    finally:
        pdf.close()
    assert n_edges > 100  # ruled pages, not an empty comparison


# --------------------------------------------------------------------------
# lines, segments, duplicates
# --------------------------------------------------------------------------

_texts = st.sampled_from(["一", "二", "3", "0", ",", "-", " ", "\u3000", "A", "(cid:7)"])
_glyph = st.builds(
    Ch, _texts,
    st.integers(0, 400).map(lambda v: v / 4),  # x0 on a quarter-point grid: ties and near-ties
    st.integers(0, 12).map(lambda v: 100 + v / 4),  # top
    st.just(0.0), st.just(0.0),
    st.sampled_from([10.5, 12.0, 12.0, 16.0]),
).map(lambda c: Ch(c.text, c.x0, c.top, c.x0 + c.size * 0.8, c.top + c.size * 1.1, c.size))


def _finish_plainly(chars: list[Ch]) -> tuple[float, float, float, float, float, str]:
    cs = sorted(chars, key=lambda c: c.x0)
    ink = [c for c in cs if not c.text.isspace()] or cs
    sizes = sorted(c.size for c in ink)
    n = len(sizes)
    size = sizes[n // 2] if n % 2 else (sizes[n // 2 - 1] + sizes[n // 2]) / 2
    return (min(c.x0 for c in ink), min(c.top for c in ink), max(c.x1 for c in ink),
            max(c.bottom for c in ink), size, line_text(cs))


@settings(max_examples=300, deadline=None)
@given(st.lists(_glyph, min_size=1, max_size=30))
def test_a_line_finished_in_one_pass_is_the_plain_computation(chars: list[Ch]) -> None:
    ln = Line(list(chars)).finish()
    assert (ln.x0, ln.top, ln.x1, ln.bottom, ln.size, ln.text) == _finish_plainly(chars)


@settings(max_examples=300, deadline=None)
@given(st.lists(_glyph, min_size=1, max_size=30))
def test_a_one_piece_line_is_its_own_segment_with_the_same_values(chars: list[Ch]) -> None:
    for ln in group_lines(list(chars)):
        for seg in split_segments(ln):
            again = Line(list(seg.chars)).finish()
            assert (seg.x0, seg.top, seg.x1, seg.bottom, seg.size, seg.text) == \
                (again.x0, again.top, again.x1, again.bottom, again.size, again.text)


def _dedupe_plainly(chars: list[Ch], tol: float = 1.5) -> list[Ch]:
    n = len(chars)
    order = sorted(range(n), key=lambda i: (chars[i].text, chars[i].top))
    dropped: set[int] = set()
    for pos, i in enumerate(order):
        if i in dropped:
            continue
        c = chars[i]
        for q in range(pos + 1, n):
            j = order[q]
            d = chars[j]
            if d.text != c.text or d.top - c.top > tol:
                break
            if j not in dropped and abs(d.x0 - c.x0) <= tol:
                dropped.add(max(i, j))
                if j < i:
                    break
    return [c for k, c in enumerate(chars) if k not in dropped]


@settings(max_examples=300, deadline=None)
@given(st.lists(_glyph, max_size=40))
def test_duplicates_dropped_by_the_fast_path_are_the_plain_ones(chars: list[Ch]) -> None:
    assert dedupe_chars(list(chars)) == _dedupe_plainly(chars)


def test_fake_bold_is_still_dropped() -> None:
    a = Ch("3", 10.0, 100.0, 16.0, 112.0, 12.0)
    copy = Ch("3", 10.5, 100.4, 16.5, 112.4, 12.0)
    b = Ch("3", 20.0, 100.0, 26.0, 112.0, 12.0)
    assert dedupe_chars([a, b, copy]) == [a, b]


@settings(max_examples=200, deadline=None)
@given(st.lists(_glyph, max_size=40), st.lists(st.integers(0, 39), max_size=3))
def test_duplicates_with_infinite_positions_are_the_plain_ones(chars: list[Ch], where: list[int]) -> None:
    chars = list(chars)
    for k in where:  # a hostile file's glyph at an infinite position
        if k < len(chars):
            c = chars[k]
            chars[k] = Ch(c.text, float("inf"), c.top, float("inf"), c.bottom, c.size)
    assert dedupe_chars(list(chars)) == _dedupe_plainly(chars)


def test_a_line_of_prose_with_a_copy_of_one_letter() -> None:
    line = [Ch(ch, 10.0 + 6 * k, 100.0, 15.0 + 6 * k, 112.0, 12.0) for k, ch in enumerate("seventeen sheep")]
    copy = Ch("e", 16.4 + 0.5, 100.3, 21.9, 112.3, 12.0)  # over the first 'e' (x0 16.0)
    got = dedupe_chars([*line, copy])
    assert got == line
    assert got == _dedupe_plainly([*line, copy])


# --------------------------------------------------------------------------
# lines banded, pieces recorded, cells grouped, glyphs put into cells
# --------------------------------------------------------------------------


def _band_plainly(chars: list[Ch]) -> list[list[Ch]]:
    """Glyphs into line bands: a glyph joins the first of the last three
    lines it overlaps vertically by half the smaller height."""
    cs = sorted(sorted((c for c in chars if c.text), key=lambda c: c.x0), key=lambda c: c.top)
    members: list[list[Ch]] = []
    bands: list[list[float]] = []
    for c in cs:
        h = max(c.bottom - c.top, 0.1)
        for i in range(len(members) - 1, max(len(members) - 4, -1), -1):
            t, b = bands[i]
            if min(b, c.bottom) - max(t, c.top) >= 0.5 * min(b - t, h):
                members[i].append(c)
                bands[i] = [min(t, c.top), max(b, c.bottom)]
                break
        else:
            members.append([c])
            bands.append([c.top, c.bottom])
    return members


_tall_glyph = st.builds(
    Ch, _texts,
    st.integers(0, 400).map(lambda v: v / 4),
    st.integers(0, 120).map(lambda v: 100 + v / 2),  # tops over several lines
    st.just(0.0), st.just(0.0),
    st.sampled_from([10.5, 12.0, 16.0]),
).map(lambda c: Ch(c.text, c.x0, c.top, c.x0 + c.size * 0.8, c.top + c.size * 1.1, c.size))


@settings(max_examples=300, deadline=None)
@given(st.lists(_tall_glyph, max_size=60))
def test_lines_banded_with_the_last_line_in_locals_are_the_plain_bands(chars: list[Ch]) -> None:
    plain = [Line(cs).finish() for cs in _band_plainly(chars) if any(not c.text.isspace() for c in cs)]
    plain.sort(key=lambda ln: (ln.top, ln.x0))
    assert [(ln.text, ln.x0, ln.top, ln.x1, ln.bottom) for ln in group_lines(list(chars))] == \
        [(ln.text, ln.x0, ln.top, ln.x1, ln.bottom) for ln in plain]


@settings(max_examples=300, deadline=None)
@given(st.lists(_glyph, min_size=1, max_size=30))
def test_pieces_from_the_gaps_finish_recorded_are_the_pieces_cut_plainly(chars: list[Ch]) -> None:
    for ln in group_lines(list(chars)):
        assert ln.cuts is not None and ln.word_starts is not None
        assert _recorded_pieces(ln, ln.cuts, ln.word_starts) == _pieces(ln, SEGMENT_GAP)


def _group_plainly(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Passes over the cells: a cell joins the current table when it shares
    a corner with it; a pass that adds nothing closes the table."""
    def corners(c: tuple[float, float, float, float]) -> list[tuple[float, float]]:
        return [(c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3])]

    remaining, tables, current, seen = list(cells), [], [], set()  # type: ignore[var-annotated]
    while remaining:
        before, keep = len(current), []
        for c in remaining:
            if not current or any(k in seen for k in corners(c)):
                seen.update(corners(c))
                current.append(c)
            else:
                keep.append(c)
        remaining = keep
        if len(current) == before:
            tables.append(current)
            current, seen = [], set()
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


_cell = st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(1, 3), st.integers(1, 3)).map(
    lambda v: (10.0 * v[0], 10.0 * v[1], 10.0 * (v[0] + v[2]), 10.0 * (v[1] + v[3])))


@settings(max_examples=400, deadline=None)
@given(st.lists(_cell, max_size=30))
def test_cells_grouped_by_shared_corners_are_the_plain_passes(cells: list[tuple[float, float, float, float]]) -> None:
    assert _group(list(cells)) == _group_plainly(cells)


def _buckets_plainly(boxes: list[tuple[float, float, float, float]], chars: list[Ch]) -> list[list[Ch]]:
    """Each box in turn takes the unclaimed glyphs whose centre it holds
    (0.5 pt of tolerance), in (centre y, centre x, drawing order) order."""
    order = sorted(range(len(chars)), key=lambda n: ((chars[n].top + chars[n].bottom) / 2,
                                                     (chars[n].x0 + chars[n].x1) / 2, n))
    tx0, tx1 = min(b[0] for b in boxes) - 1, max(b[2] for b in boxes) + 1
    ty0, ty1 = min(b[1] for b in boxes) - 1, max(b[3] for b in boxes) + 1
    claimed: set[int] = set()
    out: list[list[Ch]] = []
    for x0, t, x1, b in boxes:
        mine = []
        for n in order:
            c = chars[n]
            cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
            if n not in claimed and tx0 <= cx <= tx1 and ty0 <= cy <= ty1 \
                    and t - 0.5 <= cy <= b + 0.5 and x0 - 0.5 <= cx <= x1 + 0.5:
                mine.append(c)
                claimed.add(n)
        out.append(mine)
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(_cell, min_size=1, max_size=12), st.lists(_tall_glyph, max_size=60))
def test_glyphs_put_into_cells_by_runs_are_the_plain_claims(cells: list[tuple[float, float, float, float]],
                                                            chars: list[Ch]) -> None:
    boxes = [(x0 + 95, t + 95, x1 + 95, b + 95) for x0, t, x1, b in cells]  # over the glyphs
    cxs, cys = centres(chars)
    assert _bucket_glyphs(boxes, chars, cxs, cys) == _buckets_plainly(boxes, chars)
