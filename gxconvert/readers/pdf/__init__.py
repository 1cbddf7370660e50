"""The PDF reader: reports printed to PDF by office suites.

Text comes out in reading order as paragraphs, tables as cell grids with
spans.  How:

* **Cheap pass** (pypdfium2, optional extra ``fast-pdf``): every page's
  characters with their boxes and the number of drawing (path) objects.
  Pages without drawings are read from this pass alone.
* **pdfplumber** parses only the pages that draw something (ruled tables are
  drawn; plain text pages are not), and every page when pypdfium2 is missing
  or the page is rotated.  Ruled tables come from pdfplumber's cell boxes: one
  box per merged cell gives the spans; a slot no box covers gets no Cell; an
  empty box is ``Cell('')``.
* Tables without ruling lines come from text alignment (runs of lines that
  split into columns at wide gaps, with numbers among them).
* Fake bold (every glyph drawn twice at nearly the same place) is removed
  before anything else reads the characters.
* Running headers and footers (the same text at the same place on many
  pages) and page numbers (``- 3 -``, ``第3页``, ``3/12`` in the top or bottom
  margin) are dropped.
* A table that ends a page and a table that starts the next one are joined
  when their columns line up (by x position, else counted from the right);
  a repeated header row is dropped and a row cut by the break is put back
  together.
* Glyphs without a Unicode mapping (``(cid:123)``, private-use characters)
  are kept as they are and reported as ``unmapped_glyphs`` warnings.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ...errors import ConversionError, CorruptDocumentError, UnsupportedFormatError
from ...model import Document, Issue, Location, Paragraph, Table
from ...options import DEFAULT_OPTIONS, Options
from ._layout import (Ch, Line, Margins, build_paragraphs, dedupe_chars, furniture_key, group_lines,
                      is_page_number, page_margins)
from ._tables import PageTable, find_borderless, grid_from_cells, join_pieces

MAX_BYTES = 100 * 1024 * 1024
MAX_PAGES = 500
MAX_CHARS_PER_PAGE = 60_000  # a page with more glyphs than this is hostile or a drawing
MIN_TEXT_CHARS = 20  # fewer visible characters in the whole file: no text layer

_CID = re.compile(r"\(cid:\d+\)")


def _is_pua(ch: str) -> bool:
    o = ord(ch[0]) if ch else 0
    return 0xE000 <= o <= 0xF8FF or 0xF0000 <= o <= 0x10FFFF


@dataclass(slots=True)
class _Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Ch] = field(default_factory=list)
    n_paths: int = 0
    rotated: bool = False
    backend: str = ""
    tables: list[PageTable] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    n_images: int = 0


class PdfReader:
    format = "pdf"

    def __init__(self, fast: bool | None = None, max_pages: int = MAX_PAGES) -> None:
        """``fast``: use pypdfium2 for the cheap pass (default: when installed)."""
        self.fast = fast
        self.max_pages = max_pages

    # ------------------------------------------------------------------
    def read(self, data: bytes, path: str | None = None,
             options: Options = DEFAULT_OPTIONS) -> Document:
        try:
            return self._read(data, path)
        except ConversionError as exc:
            raise exc.with_path(path)
        except (MemoryError, RecursionError) as exc:
            raise CorruptDocumentError(f"PDF too complex to read ({type(exc).__name__})", path) from exc
        except Exception as exc:  # noqa: BLE001 - never let a parser's exception out
            raise CorruptDocumentError(f"damaged PDF: {type(exc).__name__}: {exc}", path) from exc

    def _read(self, data: bytes, path: str | None) -> Document:
        if len(data) > MAX_BYTES:
            raise CorruptDocumentError(f"PDF larger than {MAX_BYTES // (1024 * 1024)} MB", path)
        if b"%PDF-" not in data[:1024]:
            raise UnsupportedFormatError("not a PDF file (no %PDF- header)", path)
        warnings: list[Issue] = []
        tail = data[-2048:]
        truncated = b"%%EOF" not in tail
        pdfium = _load_pdfium() if self.fast is not False else None
        if self.fast and pdfium is None:
            raise UnsupportedFormatError("the fast PDF path needs pypdfium2 (pip install gxconvert[fast-pdf])")
        plumber = _Plumber(data, path)
        if pdfium is not None:
            pages = _pdfium_pages(pdfium, data, path, self.max_pages, truncated)
        else:
            pages = plumber.page_shells(self.max_pages, truncated)
        if truncated:
            warnings.append(Issue("truncated", "the PDF has no end-of-file marker: it may be truncated; "
                                  "read what could be read", ""))
        # pdfplumber for the pages that draw (ruled tables), rotated pages and
        # everything when there was no cheap pass
        for pg in pages:
            if pg.backend != "pdfium" or pg.n_paths > 0 or pg.rotated:
                plumber.fill(pg)
        total = sum(1 for pg in pages for c in pg.chars if not c.text.isspace())
        if total < MIN_TEXT_CHARS:
            raise UnsupportedFormatError(
                "the PDF has no text layer (a scanned document?): OCR would be needed to read it", path)
        for pg in pages:
            if not pg.chars and pg.n_images:
                warnings.append(Issue("no_text_layer", "page has images but no text: OCR would be needed",
                                      f"page {pg.number}"))
            self._warn_glyphs(pg, warnings)
        for pg in pages:
            chars = pg.chars
            if pg.tables:
                chars = [c for c in chars if not any(_inside(c, t.bbox) for t in pg.tables)]
            pg.lines = group_lines(chars)
        _drop_furniture(pages)
        blocks = self._assemble(pages)
        doc = Document(blocks=blocks, format=self.format, path=path, warnings=warnings)
        return doc

    # ------------------------------------------------------------------
    @staticmethod
    def _warn_glyphs(pg: _Page, warnings: list[Issue]) -> None:
        n_cid = sum(1 for c in pg.chars if c.text.startswith("(cid:"))
        n_pua = sum(1 for c in pg.chars if _is_pua(c.text))
        n_bad = sum(1 for c in pg.chars if c.text == "\ufffd")
        if n_cid or n_pua or n_bad:
            what = []
            if n_cid:
                what.append(f"{n_cid} as (cid:N)")
            if n_pua:
                what.append(f"{n_pua} private-use")
            if n_bad:
                what.append(f"{n_bad} replacement characters")
            warnings.append(Issue("unmapped_glyphs",
                                  "characters without a Unicode mapping (" + ", ".join(what)
                                  + "): text on this page may be garbled", f"page {pg.number}"))

    def _assemble(self, pages: list[_Page]) -> list:
        """Per page: borderless tables, paragraphs, all in top-to-bottom
        order; then join tables and paragraphs running over page breaks."""
        by_width: dict[int, list[Margins]] = defaultdict(list)
        page_m: dict[int, Margins | None] = {}
        for pg in pages:
            m = page_margins(pg.lines, pg.width)
            page_m[pg.number] = m
            if m is not None:
                by_width[round(pg.width)].append(m)
        blocks: list = []
        # entries: ("p", ParaDraft, page) or ("t", PageTable)
        seq: list[tuple] = []
        for pg in pages:
            m = page_m[pg.number]
            if m is None and by_width.get(round(pg.width)):
                ms = by_width[round(pg.width)]
                m = Margins(sorted(x.left for x in ms)[len(ms) // 2], sorted(x.right for x in ms)[len(ms) // 2],
                            sorted(x.pitch for x in ms)[len(ms) // 2])
            pitch = m.pitch if m else 16.0
            btables, used = find_borderless(pg.lines, pg.number, pitch)
            tables = sorted(pg.tables + btables, key=lambda t: t.bbox[1])
            rest = [ln for k, ln in enumerate(pg.lines) if k not in used]
            # cut the text into runs between tables
            items: list[tuple[float, tuple]] = [(t.bbox[1], ("t", t)) for t in tables]
            run: list[Line] = []

            def flush() -> None:
                if run:
                    for p in build_paragraphs(list(run), m):
                        items.append((p.top, ("p", p, pg.number)))
                    run.clear()

            cuts = sorted(t.bbox[1] for t in tables)
            ci = 0
            for ln in rest:
                while ci < len(cuts) and ln.top > cuts[ci]:
                    flush()
                    ci += 1
                run.append(ln)
            flush()
            items.sort(key=lambda it: it[0])
            page_seq = [it[1] for it in items]
            # a page boundary marker lets the joiner see "first/last block of a page"
            seq.append(("page", pg.number))
            seq.extend(page_seq)
        # join across page breaks
        out: list[tuple] = []
        for ent in seq:
            if ent[0] == "page":
                out.append(ent)
                continue
            prev_idx = _last_block_before_page_marker(out)
            if prev_idx is not None and out[-1][0] == "page":
                prev = out[prev_idx]
                if ent[0] == "t" and prev[0] == "t" and join_pieces(prev[1], ent[1]):
                    continue
                if ent[0] == "p" and prev[0] == "p" and prev[1].ends_open and not ent[1].starts_new:
                    prev[1].lines.extend(ent[1].lines)
                    prev[1].ends_open = ent[1].ends_open
                    continue
            out.append(ent)
        for ent in out:
            if ent[0] == "t":
                blocks.append(ent[1].table)
            elif ent[0] == "p":
                text = ent[1].text()
                if text:
                    blocks.append(Paragraph(text=text, loc=Location(page=ent[2])))
        return blocks


def _last_block_before_page_marker(out: list[tuple]) -> int | None:
    """Index of the last block before the trailing page marker, if the
    marker is the last entry and the previous page ended with a block."""
    if not out or out[-1][0] != "page":
        return None
    i = len(out) - 1
    while i >= 0 and out[i][0] == "page":
        i -= 1  # a page wholly taken by a table piece already joined
    return i if i >= 0 else None


def _inside(c: Ch, bbox: tuple[float, float, float, float], pad: float = 1.0) -> bool:
    x0, t, x1, b = bbox
    return x0 - pad <= c.cx <= x1 + pad and t - pad <= c.cy <= b + pad


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove running headers/footers and page numbers from the pages' lines."""
    n = len(pages)
    counts: Counter = Counter()
    for pg in pages:
        seen = set()
        for ln in _edge_lines(pg):
            key = (furniture_key(ln.text), round(ln.top / 6))
            if key not in seen:
                counts[key] += 1
                seen.add(key)
    need = max(2, (n + 1) // 2) if n < 6 else 3
    for pg in pages:
        drop = set()
        for ln in _edge_lines(pg):
            key = (furniture_key(ln.text), round(ln.top / 6))
            if is_page_number(ln.text) or (n >= 2 and counts[key] >= need):
                drop.add(id(ln))
        if drop:
            pg.lines = [ln for ln in pg.lines if id(ln) not in drop]


def _edge_lines(pg: _Page) -> list[Line]:
    """The lines in the top and bottom margins: the first/last two lines of
    the page when they sit in the outer 13% of its height."""
    if not pg.lines:
        return []
    out = []
    for ln in pg.lines[:2]:
        if ln.bottom < 0.13 * pg.height:
            out.append(ln)
    for ln in pg.lines[-2:]:
        if ln.top > 0.87 * pg.height and ln not in out:
            out.append(ln)
    return out


# --------------------------------------------------------------------------
# backends
# --------------------------------------------------------------------------


def _load_pdfium():
    try:
        import pypdfium2 as pdfium  # type: ignore
        import pypdfium2.raw as pdfium_c  # type: ignore
    except ImportError:
        return None
    return pdfium, pdfium_c


def _pdfium_pages(mods, data: bytes, path: str | None, max_pages: int, truncated: bool) -> list[_Page]:
    pdfium, pdfium_c = mods
    has_map_error = getattr(pdfium_c, "FPDFText_HasUnicodeMapError", None)
    try:
        doc = pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or getattr(exc, "err_code", None) == getattr(pdfium_c, "FPDF_ERR_PASSWORD", -1):
            raise CorruptDocumentError("the PDF is encrypted and needs a password to open", path) from exc
        if "security" in msg:
            raise CorruptDocumentError("the PDF uses an unsupported security handler", path) from exc
        raise CorruptDocumentError(f"damaged PDF ({exc})", path) from exc
    try:
        n = len(doc)
        if n == 0:
            raise CorruptDocumentError("the PDF has no pages" + (" (truncated file?)" if truncated else ""), path)
        if n > max_pages:
            raise CorruptDocumentError(f"the PDF has {n} pages, more than the {max_pages} a report can have", path)
        pages = []
        for i in range(n):
            try:
                page = doc[i]
            except Exception as exc:  # noqa: BLE001
                raise CorruptDocumentError(f"page {i + 1} cannot be loaded (damaged or truncated PDF)", path) from exc
            w, h = page.get_size()
            rot = page.get_rotation()
            pg = _Page(number=i + 1, width=w if rot in (0, 180) else h, height=h if rot in (0, 180) else w,
                       backend="pdfium", rotated=rot != 0)
            n_obj = pdfium_c.FPDFPage_CountObjects(page)
            for k in range(n_obj):
                t = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page, k))
                if t == pdfium_c.FPDF_PAGEOBJ_PATH:
                    pg.n_paths += 1
                elif t == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    pg.n_images += 1
                elif t == pdfium_c.FPDF_PAGEOBJ_FORM:
                    pg.n_paths += 1  # a form XObject may hold drawings: let pdfplumber look
            if not pg.rotated and not pg.n_paths:
                tp = page.get_textpage()
                nc = tp.count_chars()
                if nc > MAX_CHARS_PER_PAGE:
                    raise CorruptDocumentError(f"page {i + 1} has {nc} characters: not a report page", path)
                text = tp.get_text_range(0, nc) if nc else ""
                # get_text_range may drop/merge surrogates; fall back per char
                if len(text) != nc:
                    text = None
                x0p, y0p = 0.0, 0.0
                try:
                    box = page.get_mediabox()
                    x0p, y0p = box[0], box[1]
                except Exception:  # noqa: BLE001
                    pass
                chars = []
                for k in range(nc):
                    ch = text[k] if text is not None else tp.get_text_range(k, 1)
                    if not ch or ch in "\r\n\ufffe":
                        continue
                    l, b, r, t = tp.get_charbox(k, loose=True)
                    if r - l <= 0 and t - b <= 0:
                        continue
                    if has_map_error is not None and has_map_error(tp, k) == 1:
                        ch = f"(cid:{ord(ch[0])})"  # no Unicode mapping: say so, as pdfminer does
                    size = pdfium_c.FPDFText_GetFontSize(tp, k) or (t - b)
                    chars.append(Ch(ch, l - x0p, h - (t - y0p), r - x0p, h - (b - y0p), float(size)))
                tp.close()
                if _runs_sideways(chars):
                    pg.rotated = True  # text set sideways: pdfplumber knows each glyph's direction
                else:
                    pg.chars = dedupe_chars(chars)
            page.close()
            pages.append(pg)
        return pages
    finally:
        doc.close()


def _runs_sideways(chars: list[Ch]) -> bool:
    """True when most neighbouring glyphs follow each other vertically."""
    vert = horiz = 0
    for a, b in zip(chars, chars[1:]):
        if a.text.isspace() or b.text.isspace():
            continue
        dx, dy = abs(b.cx - a.cx), abs(b.cy - a.cy)
        if dx > 3 * a.size or dy > 3 * a.size:
            continue
        if dy > dx:
            vert += 1
        else:
            horiz += 1
    return vert > horiz and vert >= 10


class _Plumber:
    """pdfplumber, opened on first use."""

    def __init__(self, data: bytes, path: str | None) -> None:
        self.data = data
        self.path = path
        self._pdf = None

    def _open(self):
        if self._pdf is None:
            import pdfplumber
            from pdfminer.pdfdocument import PDFPasswordIncorrect, PDFEncryptionError

            try:
                self._pdf = pdfplumber.open(io.BytesIO(self.data), password="")
                self._pdf.pages  # noqa: B018 - forces the page tree
            except PDFPasswordIncorrect as exc:
                raise CorruptDocumentError("the PDF is encrypted and needs a password to open", self.path) from exc
            except PDFEncryptionError as exc:
                raise CorruptDocumentError(f"the PDF uses an unsupported encryption ({exc})", self.path) from exc
            except Exception as exc:  # noqa: BLE001
                name = type(exc).__name__
                chain = [exc, exc.__cause__, exc.__context__, *[a for a in exc.args if isinstance(a, BaseException)]]
                if any(e is not None and "Password" in type(e).__name__ for e in chain):
                    raise CorruptDocumentError("the PDF is encrypted and needs a password to open",
                                               self.path) from exc
                raise CorruptDocumentError(f"damaged PDF ({name}: {exc})", self.path) from exc
        return self._pdf

    def page_shells(self, max_pages: int, truncated: bool) -> list[_Page]:
        pdf = self._open()
        n = len(pdf.pages)
        if n == 0:
            raise CorruptDocumentError("the PDF has no pages" + (" (truncated file?)" if truncated else ""), self.path)
        if n > max_pages:
            raise CorruptDocumentError(f"the PDF has {n} pages, more than the {max_pages} a report can have",
                                       self.path)
        out = []
        for i, p in enumerate(pdf.pages):
            out.append(_Page(number=i + 1, width=float(p.width), height=float(p.height), backend="pdfplumber",
                             rotated=bool(p.rotation)))
        return out

    def fill(self, pg: _Page) -> None:
        """Parse one page: characters (deduplicated) and ruled tables."""
        pdf = self._open()
        page = pdf.pages[pg.number - 1]
        pg.width, pg.height = float(page.width), float(page.height)
        pg.backend = "pdfplumber"
        raw = page.chars
        if len(raw) > MAX_CHARS_PER_PAGE:
            raise CorruptDocumentError(f"page {pg.number} has {len(raw)} characters: not a report page", self.path)
        pg.n_images = len(page.images)
        x0p, topp = float(page.bbox[0]), float(page.bbox[1])
        chars = []
        upright = 0
        for c in raw:
            t = c.get("text") or ""
            if not t:
                continue
            if c.get("upright", True):
                upright += 1
            chars.append(Ch(t, float(c["x0"]) - x0p, float(c["top"]) - topp, float(c["x1"]) - x0p,
                            float(c["bottom"]) - topp, float(c.get("size") or (c["bottom"] - c["top"]))))
        if chars and upright < 0.5 * len(chars):
            chars = _turn_sideways(chars, pg)
        pg.chars = dedupe_chars(chars)
        pg.tables = []
        h_edges, v_edges = _ruling_edges(page)
        if h_edges and v_edges:
            try:
                found = page.find_tables({"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                                          "explicit_vertical_lines": v_edges,
                                          "explicit_horizontal_lines": h_edges,
                                          "snap_tolerance": 3, "join_tolerance": 3,
                                          "intersection_tolerance": 3})
            except Exception:  # noqa: BLE001 - a broken drawing is not a table
                found = []
            for t in found:
                boxes = [(float(b[0]) - x0p, float(b[1]) - topp, float(b[2]) - x0p, float(b[3]) - topp)
                         for b in t.cells]
                pt = grid_from_cells(boxes, pg.chars, pg.number)
                if pt is not None:
                    pg.tables.append(pt)
        pg.tables.sort(key=lambda t: t.bbox[1])
        page.flush_cache() if hasattr(page, "flush_cache") else None


def _ruling_edges(page) -> tuple[list[dict], list[dict]]:
    """The page's ruling lines (lines, rectangle sides, straight curves) as
    clean horizontal and vertical edges.  pdfplumber decides a line's
    orientation by exact float equality, which rounding noise of a rotated
    page breaks, so orientation is decided here with a tolerance."""
    h: list[dict] = []
    v: list[dict] = []
    try:
        edges = page.edges
    except Exception:  # noqa: BLE001
        return h, v
    for e in edges:
        x0, x1, top, bottom = float(e["x0"]), float(e["x1"]), float(e["top"]), float(e["bottom"])
        if abs(bottom - top) <= 1.0 and x1 - x0 > 1.0:
            y = (top + bottom) / 2
            h.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                      "height": 0.0, "doctop": y, "page_number": page.page_number})
        elif abs(x1 - x0) <= 1.0 and bottom - top > 1.0:
            x = (x0 + x1) / 2
            v.append({"object_type": "line", "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
                      "height": bottom - top, "doctop": top, "page_number": page.page_number})
    return h, v


def _turn_sideways(chars: list[Ch], pg: _Page) -> list[Ch]:
    """Text set sideways on the page (a landscape table printed on a portrait
    page without /Rotate): turn the coordinates a quarter so lines read left
    to right.  Which way is guessed from the order glyphs were drawn in."""
    # glyphs drawn bottom-to-top (rotated 90 deg counter-clockwise) or top-down
    ups = sum(1 for a, b in zip(chars, chars[1:]) if b.top < a.top)
    downs = sum(1 for a, b in zip(chars, chars[1:]) if b.top > a.top)
    out = []
    w, h = pg.width, pg.height
    for c in chars:
        if ups >= downs:  # text runs upwards: reader turns the page clockwise
            out.append(Ch(c.text, h - c.bottom, c.x0, h - c.top, c.x1, c.size))
        else:
            out.append(Ch(c.text, c.top, w - c.x1, c.bottom, w - c.x0, c.size))
    pg.width, pg.height = h, w
    return out
