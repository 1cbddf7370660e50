"""Everything the PDF reader takes from PDFium (pypdfium2), one page at a time.

Per page: the glyphs (Unicode, loose box, font size, whether PDFium found no
Unicode mapping) and the drawn geometry as ruling edges — every straight
horizontal or vertical piece of a path: stroked lines, the sides of
rectangles (outlined or filled; a thin filled rectangle gives two edges a
hair apart, which table finding snaps into one), polyline segments — with
each object's matrix (and its form XObjects' matrices) applied.  Coordinates
are PDF points with the origin at the top-left of the page as displayed:
``/Rotate`` is applied, and text set sideways on an unrotated page is turned
so that it reads left to right.

The per-glyph, per-object and per-segment calls are made by C loops
(``_native.c``) when that optional extension is built, else through ctypes;
both fill the same buffers, which the same Python below lays out.

PDFium is not thread-safe: one lock serialises every call into it (the C
loops hold the GIL and run under the same lock).
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
from array import array
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise, repeat
from struct import Struct, iter_unpack
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
from pypdfium2 import raw

from ...errors import CorruptDocumentError
from ._layout import Ch

if TYPE_CHECKING:
    from typing import Self  # Python 3.11; annotations are not evaluated at run time

PdfiumError = pdfium.PdfiumError

#: a page with more glyphs than this is hostile or a drawing, not a report page
MAX_CHARS_PER_PAGE = 60_000
#: page objects (after PDFium parsed the page) and path segments per page
MAX_OBJECTS_PER_PAGE = 200_000
MAX_SEGMENTS_PER_PAGE = 400_000

_LOCK = threading.RLock()

_OPEN_ERRORS = {
    raw.FPDF_ERR_FILE: "the file cannot be read as a PDF",
    raw.FPDF_ERR_FORMAT: "damaged PDF: no readable cross-reference table or document catalog",
    raw.FPDF_ERR_PASSWORD: "the PDF is encrypted and needs a password to open",
    raw.FPDF_ERR_SECURITY: "the PDF uses an unsupported security handler (encryption)",
    raw.FPDF_ERR_PAGE: "damaged PDF: its page tree cannot be read",
}



def _direct(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function called with plain addresses: skips ctypes' pointer
    type checks (a third of a call's cost)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value or 0)


class _Handle(ctypes.c_void_p):
    """A PDFium handle kept as a ctypes object: what :func:`_untyped` calls
    take for a pointer (a subclass of ``c_void_p`` comes back from a call as
    itself, not as an int)."""


def _untyped(fn: Any, restype: Any) -> Any:
    """A PDFium function for the per-glyph and per-object calls, called
    without declared argument types: ctypes then passes each argument as
    what it is, with no ``from_param`` conversion (a third to two fifths of
    a call's cost).  Its arguments must be C ``int`` values (Python ints)
    and pointers as ctypes objects (a :class:`_Handle`, ``byref(...)``),
    never a pointer as a Python int: that would be passed as a C int."""
    f: Any = ctypes.CFUNCTYPE(restype)(ctypes.cast(fn, ctypes.c_void_p).value or 0)
    f.argtypes = None
    return f


def _by_reference(address: int) -> Any:
    """A handle as the cheapest argument ctypes passes: ``byref`` of a
    ctypes object lying at the handle's address is the address itself, and
    a ``byref`` object is passed as it is, where a ``c_void_p`` is converted
    on every call (a seventh of a per-glyph call).  Nothing is read at the
    address: PDFium gets its handle back."""
    return ctypes.byref(ctypes.c_char.from_address(address))


_LOOSE_BOX = _untyped(raw.FPDFText_GetLooseCharBox, ctypes.c_int)  # (text page, index, FS_RECTF*) -> bool
_FONT_SIZE = _untyped(raw.FPDFText_GetFontSize, ctypes.c_double)  # (text page, index)
_MAP_ERROR = _untyped(raw.FPDFText_HasUnicodeMapError, ctypes.c_int)  # (text page, index) -> 1, 0, -1


def _load_native() -> Any:
    """The C loops (``_native.c``) when they were built and not turned off by
    ``GXCONVERT_PURE=1``; else None, and the ctypes calls below fill the same
    buffers (no compiler at install time, PyPy, the tests of the fallback)."""
    if os.environ.get("GXCONVERT_PURE", "") not in ("", "0"):
        return None
    try:
        from . import _native
    except ImportError:
        return None
    return _native


#: the module of C loops, or None: then every call is made through ctypes
_NATIVE: Any = _load_native()


def _address(fn: Any) -> int:
    return ctypes.cast(fn, ctypes.c_void_p).value or 0


_GLYPH_FNS = (_address(raw.FPDFText_GetLooseCharBox), _address(raw.FPDFText_GetFontSize),
              _address(raw.FPDFText_HasUnicodeMapError))

_SURROGATE = re.compile("[\ud800-\udfff]")

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: p' = p·m·n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass(slots=True)
class RawPage:
    """What one page holds, in display coordinates."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Ch] = field(default_factory=list)
    h_edges: list[tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y
    v_edges: list[tuple[float, float, float]] = field(default_factory=list)  # x, top, bottom
    n_images: int = 0
    n_glyphs: int = 0  # glyphs drawn (spaces included)
    n_unmapped: int = 0  # glyphs PDFium found no Unicode value for


@dataclass(slots=True)
class PageFailure:
    number: int
    reason: str


def open_error(exc: BaseException) -> str:
    """PDFium's error code in plain words."""
    code = getattr(exc, "err_code", None)
    if code in _OPEN_ERRORS:
        return _OPEN_ERRORS[code]
    return "damaged PDF: PDFium cannot open it"


class PdfiumDocument:
    """An open PDF; iterate :meth:`pages` once.  Use as a context manager."""

    def __init__(self, data: bytes, path: str | None) -> None:
        self.path = path
        with _LOCK:
            try:
                self._doc = pdfium.PdfDocument(data, password="")
            except PdfiumError as exc:
                raise CorruptDocumentError(open_error(exc), path) from exc
            self.n_pages = len(self._doc)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        with _LOCK:
            self._doc.close()

    def pages(self) -> Iterator[RawPage | PageFailure]:
        for i in range(self.n_pages):
            with _LOCK:
                # the raw calls: pypdfium2's page object (a finalizer per page) is not needed here
                page = raw.FPDF_LoadPage(self._doc.raw, i)
                if not page:
                    out: RawPage | PageFailure = PageFailure(
                        i + 1, "PDFium cannot load the page (damaged content or page tree)")
                else:
                    try:
                        out = _read_page(page, i + 1, self.path)
                    finally:
                        raw.FPDF_ClosePage(page)
            yield out


# --------------------------------------------------------------------------
# one page
# --------------------------------------------------------------------------


class _Frame:
    """User space -> display coordinates of one page."""

    def __init__(self, page: Any) -> None:
        box = raw.FS_RECTF()
        if raw.FPDF_GetPageBoundingBox(page, ctypes.byref(box)):
            left, bottom, right, top = box.left, box.bottom, box.right, box.top
        else:
            w, h = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
            left, bottom, right, top = 0.0, 0.0, w, h
        self.left, self.top = left, top
        self.w, self.h = right - left, top - bottom
        self.rot = raw.FPDFPage_GetRotation(page) % 4
        self.width, self.height = (self.w, self.h) if self.rot in (0, 2) else (self.h, self.w)

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.top - y
        rot = self.rot
        if rot == 0:
            return u, v
        if rot == 1:
            return self.h - v, u
        if rot == 2:
            return self.w - u, self.h - v
        return v, self.w - u

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        ax, ay = self.point(left, top)
        bx, by = self.point(right, bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _read_page(page: Any, number: int, path: str | None) -> RawPage:
    frame = _Frame(page)
    pg = RawPage(number, frame.width, frame.height)
    n_obj = raw.FPDFPage_CountObjects(page)
    if n_obj > MAX_OBJECTS_PER_PAGE:
        raise CorruptDocumentError(f"page {number} has {n_obj:,} drawing objects: not a report page", path)
    _read_objects(page, frame, pg, path)
    _read_text(page, frame, pg, path)
    if _runs_sideways(pg.chars):
        _turn(pg)
    return pg


def _read_text(page: Any, frame: _Frame, pg: RawPage, path: str | None) -> None:
    tp = raw.FPDFText_LoadPage(page)
    if not tp:
        return
    try:
        n = raw.FPDFText_CountChars(tp)
        if n > MAX_CHARS_PER_PAGE:
            raise CorruptDocumentError(f"page {pg.number} has {n:,} characters: not a report page", path)
        if n <= 0:
            return
        buf = _buffer(_TEXT_BUFFER, ctypes.c_ushort, n + 1)
        ctypes.memset(buf, 0, 2 * (n + 1))  # what PDFium does not write reads as NUL, as in a new buffer
        raw.FPDFText_GetText(tp, 0, n, buf)
        text = ctypes.string_at(buf, 2 * n).decode("utf-16-le", errors="surrogatepass")
        if len(text) != n or _SURROGATE.search(text):
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, k)) for k in range(n))
        _glyphs(tp, text, n, frame, pg)
    finally:
        raw.FPDFText_ClosePage(tp)


#: ctypes arrays reused from page to page (a new array type costs about 70 µs:
#: one for each length asked); grown to a power of two, only under the lock
_TEXT_BUFFER, _BOX_BUFFER = "text", "boxes"
_BUFFERS: dict[str, Any] = {}


def _buffer(kind: str, ctype: Any, n: int) -> Any:
    """A ctypes array of at least ``n`` items of ``ctype``, kept for the next
    page (the largest page read so far sets its size: at most
    :data:`MAX_CHARS_PER_PAGE` glyphs, under a megabyte)."""
    buf = _BUFFERS.get(kind)
    if buf is None or len(buf) < n:
        buf = _BUFFERS[kind] = (ctype * (1 << max(n - 1, 1023).bit_length()))()
    return buf


#: line breaks and hyphen marks PDFium generates: no glyph of the page
_SKIP = re.compile("[\r\n\ufffe]")


def _glyphs(tp: Any, text: str, n: int, frame: _Frame, pg: RawPage) -> None:
    """The page's glyphs: three PDFium calls a glyph fill three buffers — in
    one C loop when the native module is built, else a step at a time over
    all of them, each step a C-level map of one untyped ctypes call a glyph
    (no Python loop); the loose boxes are written into one float array and
    read back in one piece; then one comprehension keeps the drawn glyphs.  The line breaks and hyphen marks
    PDFium generated (a tenth of a page's characters, known from its text)
    are no glyph of the page: they get no call."""
    breaks = [m.start() for m in _SKIP.finditer(text)]
    at: Sequence[int] = range(n)  # the text page's index of each glyph asked
    if breaks:
        at = list(chain.from_iterable(map(range, [0, *[k + 1 for k in breaks]], [*breaks, n])))
        text = _SKIP.sub("", text)
    m = len(at)
    boxes = _buffer(_BOX_BUFFER, ctypes.c_float, 4 * m)  # FS_RECTF per glyph: left, top, right, bottom
    # a box PDFium did not write stays 0, 0, 0, 0 and is dropped below
    ctypes.memset(boxes, 0, 16 * m)
    # each glyph's own font size (PDFium answers 0 when it has none: then
    # the box's height stands for it) and Unicode map error
    sizes: Sequence[float]
    errors: Sequence[int]
    address = ctypes.cast(tp, ctypes.c_void_p).value or 0
    if _NATIVE is not None:  # the three calls a glyph in one C loop
        sizes, errors = array("d", bytes(8 * m)), array("i", bytes(4 * m))
        _NATIVE.glyphs(_GLYPH_FNS, address, n, array("i", at), boxes, sizes, errors)
    else:
        h = _by_reference(address)
        deque(map(_LOOSE_BOX, repeat(h), at, map(ctypes.byref, repeat(boxes), range(0, 16 * m, 16))), maxlen=0)
        sizes = list(map(_FONT_SIZE, repeat(h), at))
        errors = list(map(_MAP_ERROR, repeat(h), at))
    quads = iter_unpack("4f", memoryview(boxes).cast("B")[:16 * m])
    texts: Sequence[str] = text
    if 1 in errors:  # no Unicode mapping: say so, as pdfminer does
        texts = [f"(cid:{ord(t)})" if e == 1 else t for t, e in zip(text, errors, strict=True)]
        pg.n_unmapped += sum(1 for e, (left, top, right, bottom) in zip(errors, quads, strict=True)
                             if e == 1 and (right > left or top > bottom))
        quads = iter_unpack("4f", memoryview(boxes).cast("B")[:16 * m])
    # drawn: a box with a width or a height (a space PDFium generated between
    # words has neither)
    if frame.rot == 0:
        fx, fy = frame.left, frame.top
        chars = [Ch(t, left - fx, fy - top, right - fx, fy - bottom, s or top - bottom)
                 for t, (left, top, right, bottom), s in zip(texts, quads, sizes, strict=True)
                 if right > left or top > bottom]
    else:
        to_box = frame.box
        chars = [Ch(t, *to_box(left, bottom, right, top), s or top - bottom)
                 for t, (left, top, right, bottom), s in zip(texts, quads, sizes, strict=True)
                 if right > left or top > bottom]
    pg.chars.extend(chars)
    pg.n_glyphs += len(chars)


# an object's handle comes back as a plain int (None for NULL): the type of
# every object is asked for, nothing more of the text objects (most of them),
# and an int is cheaper to make and to pass to a declared argument than a
# ctypes object; the few others are made a _Handle for the untyped calls
_PAGE_OBJECT = _untyped(raw.FPDFPage_GetObject, ctypes.c_void_p)  # (page, index)
# the index is an unsigned long: declared (form XObjects are few)
_FORM_OBJECT = _direct(raw.FPDFFormObj_GetObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong)
_FORM_COUNT = _untyped(raw.FPDFFormObj_CountObjects, ctypes.c_int)  # (form)
_OBJ_TYPE = _direct(raw.FPDFPageObj_GetType, ctypes.c_int, ctypes.c_void_p)  # (object) -> UNKNOWN for NULL
_OBJ_MATRIX = _untyped(raw.FPDFPageObj_GetMatrix, ctypes.c_int)  # (object, FS_MATRIX*) -> bool
_SEG_COUNT = _untyped(raw.FPDFPath_CountSegments, ctypes.c_int)  # (path)
_SEGMENT = _untyped(raw.FPDFPath_GetPathSegment, _Handle)  # (path, index)
_SEG_POINT = _untyped(raw.FPDFPathSegment_GetPoint, ctypes.c_int)  # (segment, float* x, float* y) -> bool
_SEG_TYPE = _untyped(raw.FPDFPathSegment_GetType, ctypes.c_int)  # (segment)
_SEG_CLOSE = _untyped(raw.FPDFPathSegment_GetClose, ctypes.c_int)  # (segment) -> bool
_SIX_FLOATS = Struct("6f").unpack_from  # an FS_MATRIX's memory: a, b, c, d, e, f
_TEXT, _IMAGE = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_IMAGE
_PATH, _FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
_LINETO, _MOVETO = raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_MOVETO


def _read_objects(page: Any, frame: _Frame, pg: RawPage, path: str | None) -> None:
    """Images and ruling edges of the page's objects, into form XObjects.
    Every call into PDFium is untyped, on handles (most objects are text
    objects, of which only the type is read)."""
    handle = ctypes.cast(page, _Handle)
    _ObjectWalk(frame, pg, path).walk(raw.FPDFPage_CountObjects(page), False, handle, _IDENTITY, 0)


_OBJECT_FNS = (_address(raw.FPDFPage_GetObject), _address(raw.FPDFFormObj_GetObject),
               _address(raw.FPDFPageObj_GetType))
_PATH_FNS = (_address(raw.FPDFPageObj_GetMatrix), _address(raw.FPDFPath_CountSegments),
             _address(raw.FPDFPath_GetPathSegment), _address(raw.FPDFPathSegment_GetPoint),
             _address(raw.FPDFPathSegment_GetType), _address(raw.FPDFPathSegment_GetClose))
_POINTER = "Q" if ctypes.sizeof(ctypes.c_void_p) == 8 else "I"  # an array type holding an address


def _objects(count: int, form: bool, owner: _Handle) -> tuple[Sequence[int | None], Sequence[int]]:
    """The handles (None or 0 for a missing object) and types of an owner's
    (a page's or a form XObject's) ``count`` objects: in one C loop when the
    native module is built, else a C-level map of one ctypes call each."""
    if _NATIVE is not None:
        count = max(count, 0)  # PDFium answers -1 for a form it cannot count
        handles, kinds = array(_POINTER, bytes(ctypes.sizeof(ctypes.c_void_p) * count)), array("i", bytes(4 * count))
        _NATIVE.objects(_OBJECT_FNS, owner.value or 0, form, handles, kinds)
        return handles, kinds
    get = _FORM_OBJECT if form else _PAGE_OBJECT
    objs = list(map(get, repeat(_by_reference(owner.value or 0)), range(count)))
    return objs, list(map(_OBJ_TYPE, objs))


class _ObjectWalk:
    """One page's objects, form XObjects entered (a class, not a recursive
    closure: a closure that calls itself is a reference cycle, which would
    keep the page's glyphs alive until the cycle collector runs)."""

    def __init__(self, frame: _Frame, pg: RawPage, path: str | None) -> None:
        self.frame, self.pg, self.path = frame, pg, path
        self.matrix = raw.FS_MATRIX()
        self.mref = ctypes.byref(self.matrix)
        self.mview = memoryview(self.matrix).cast("B")  # a, b, c, d, e, f as six floats, read in one call
        self.budget = MAX_SEGMENTS_PER_PAGE

    def walk(self, count: int, form: bool, owner: _Handle, parent: Matrix, depth: int) -> None:
        # the type of every object first (most are text: nothing more is read
        # of them); PDFium answers "unknown" for a missing object
        objs, kinds = _objects(count, form, owner)
        mref, mview, pg = self.mref, self.mview, self.pg
        for kind, address in zip(kinds, objs, strict=True):
            if kind == _TEXT or not address:
                continue
            if kind == _IMAGE:
                pg.n_images += 1
            elif kind == _PATH:
                obj = _Handle(address)
                if _NATIVE is not None:  # the matrix, the count and the segments in one C call
                    n, data = _NATIVE.path(_PATH_FNS, address, self.matrix, self.budget)
                else:
                    _OBJ_MATRIX(obj, mref)
                    n, data = _SEG_COUNT(obj), None
                self.path_edges(obj, n, data, _mul(_SIX_FLOATS(mview), parent))
            elif kind == _FORM and depth < 12:
                obj = _Handle(address)
                _OBJ_MATRIX(obj, mref)
                self.walk(_FORM_COUNT(obj), True, obj, _mul(_SIX_FLOATS(mview), parent), depth + 1)

    def path_edges(self, obj: _Handle, n: int, data: bytes | None, m: Matrix) -> None:
        """The horizontal and vertical pieces of one path object of ``n``
        segments (``data``: them as :data:`_SEGMENT_STRUCT` entries, when
        already read)."""
        if n <= 0:
            return
        pg = self.pg
        self.budget -= n
        if self.budget < 0:
            raise CorruptDocumentError(f"page {pg.number} draws more than {MAX_SEGMENTS_PER_PAGE:,} path segments: "
                                       "not a report page", self.path)
        if n == 1:
            return  # a lone point: no piece is drawn
        a, b, c, d, e, f = m
        frame = self.frame
        rot0 = frame.rot == 0
        left, top, point = frame.left, frame.top, frame.point
        h_add, v_add = pg.h_edges.append, pg.v_edges.append
        if data is None and _LAYOUT == [True]:
            data = _segment_bytes(obj, n)
        # the pen (pu, pv) and the subpath's start (su, sv) as plain floats,
        # each piece's edge test inlined
        have = False
        pu = pv = su = sv = 0.0
        segs = _SEGMENT_STRUCT.iter_unpack(data) if data is not None else _segments(obj, n)
        for px, py, kind, close in segs:
            x, y = px * a + py * c + e, px * b + py * d + f
            if rot0:  # what frame.point does on an unrotated page
                u, v = x - left, top - y
            else:
                u, v = point(x, y)
            if kind == _MOVETO or not have:
                su = pu = u
                sv = pv = v
                have = True
                continue
            if kind == _LINETO:  # the piece from the pen to here
                dx, dy = abs(pu - u), abs(pv - v)
                if dy <= 1.0 and dx > 1.0:
                    h_add((pu, u, (pv + v) / 2) if pu < u else (u, pu, (pv + v) / 2))
                elif dx <= 1.0 and dy > 1.0:
                    v_add(((pu + u) / 2, pv, v) if pv < v else ((pu + u) / 2, v, pv))
            pu, pv = u, v
            if close:  # the piece back to the subpath's start
                dx, dy = abs(u - su), abs(v - sv)
                if dy <= 1.0 and dx > 1.0:
                    h_add((u, su, (v + sv) / 2) if u < su else (su, u, (v + sv) / 2))
                elif dx <= 1.0 and dy > 1.0:
                    v_add(((u + su) / 2, v, sv) if v < sv else ((u + su) / 2, sv, v))
                pu, pv = su, sv


#: a path's segments as PDFium holds them: one ``CFX_Path::Point`` each, in
#: one array — x, y (floats), the type (a byte: FPDF_SEGMENT_*), the close
#: flag (a byte), two bytes of padding.  Read whole when :func:`_layout_holds`
#: found it so (the first path of the process, against the API's answers).
_SEGMENT_STRUCT = Struct("=ffBB2x")
_SEGMENT_SIZE = _SEGMENT_STRUCT.size  # 12
_LAYOUT: list[bool] = []  # [] not checked yet, then [True] or [False]
_string_at: Any = ctypes._string_at  # type: ignore[attr-defined]  # what ctypes.string_at calls


def _segment_bytes(obj: _Handle, n: int) -> bytes | None:
    """A path's ``n`` (> 1) points as PDFium holds them, in one read, once
    their layout is known to be the API's (:func:`_segments`); None when
    they do not lie in one array."""
    first, last = _SEGMENT(obj, 0).value or 0, _SEGMENT(obj, n - 1).value or 0
    if first and last - first == _SEGMENT_SIZE * (n - 1):
        data: bytes = _string_at(first, _SEGMENT_SIZE * n)
        return data
    return None


def _segments(obj: _Handle, n: int) -> list[tuple[float, float, int, int]]:
    """Every segment of a path (``n`` > 1 of them): point, type, close flag.

    PDFium gives a segment's handle as the address of its entry in the
    path's array of points, and asks four calls a segment for its fields.
    Read in one piece instead when the first and last handles lie exactly
    ``n - 1`` entries apart (one array) and the entries' layout was found
    to be the API's on a real path; else one call a field."""
    if _LAYOUT != [False]:
        first, last = _SEGMENT(obj, 0).value or 0, _SEGMENT(obj, n - 1).value or 0
        if first and last - first == _SEGMENT_SIZE * (n - 1):
            got = list(_SEGMENT_STRUCT.iter_unpack(ctypes.string_at(first, _SEGMENT_SIZE * n)))
            if _LAYOUT:
                return got
            _LAYOUT.append(got == _segments_by_calls(obj, n))
            if _LAYOUT[0]:
                return got
    return _segments_by_calls(obj, n)


def _segments_by_calls(obj: _Handle, n: int) -> list[tuple[float, float, int, int]]:
    """The segments asked of PDFium a field at a time, each by a C-level map
    (a segment PDFium has no point for is left out)."""
    path = _by_reference(obj.value or 0) if n > 16 else obj  # a reference pays from about 12 calls on
    segs = list(map(_SEGMENT, repeat(path), range(n)))
    points = (ctypes.c_float * (2 * n))()
    byref = ctypes.byref
    read = list(map(_SEG_POINT, segs, map(byref, repeat(points), range(0, 8 * n, 8)),
                    map(byref, repeat(points), range(4, 8 * n, 8))))
    v = points[:2 * n]
    return [(px, py, kind, close) for px, py, ok, kind, close
            in zip(v[0::2], v[1::2], read, map(_SEG_TYPE, segs), map(_SEG_CLOSE, segs), strict=True) if ok]


# --------------------------------------------------------------------------
# text set sideways on an unrotated page
# --------------------------------------------------------------------------


def _runs_sideways(chars: list[Ch]) -> bool:
    """True when most neighbouring glyphs follow each other vertically."""
    vert = horiz = 0
    # the first lines tell; per glyph: space?, centre, size of the one before
    first = chars[:200]
    left = len(first) - 1  # pairs not yet looked at
    a_space, ax, ay, size = True, 0.0, 0.0, 0.0
    for k, c in enumerate(first):
        b_space, bx, by = c.text.isspace(), (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        if k:
            if horiz >= vert + left:
                return False  # the pairs left cannot tip it
            left -= 1
            if not (a_space or b_space):
                dx, dy = abs(bx - ax), abs(by - ay)
                if not (dx > 3 * size or dy > 3 * size):
                    if dy > dx:
                        vert += 1
                    else:
                        horiz += 1
        a_space, ax, ay, size = b_space, bx, by, c.size
    return vert > horiz and vert >= 10


def _turn(pg: RawPage) -> None:
    """Turn the page a quarter so the sideways lines read left to right.
    Which way is judged from the order the glyphs were drawn in: text that
    runs upwards is read by turning the page clockwise."""
    chars = pg.chars
    ups = sum(1 for a, b in pairwise(chars) if b.top < a.top)
    downs = sum(1 for a, b in pairwise(chars) if b.top > a.top)
    w, h = pg.width, pg.height
    if ups >= downs:  # (u, v) -> (h - v, u)
        pg.chars = [Ch(c.text, h - c.bottom, c.x0, h - c.top, c.x1, c.size) for c in chars]
        hs = [(h - x1, h - x0, x) for x, x0, x1 in pg.v_edges]
        vs = [(h - y, x0, x1) for x0, x1, y in pg.h_edges]
    else:  # (u, v) -> (v, w - u)
        pg.chars = [Ch(c.text, c.top, w - c.x1, c.bottom, w - c.x0, c.size) for c in chars]
        hs = [(t, b, w - x) for x, t, b in pg.v_edges]
        vs = [(y, w - x1, w - x0) for x0, x1, y in pg.h_edges]
    pg.h_edges, pg.v_edges = hs, vs
    pg.width, pg.height = h, w
