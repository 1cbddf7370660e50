"""The PDF reader: reports printed to PDF by office suites and browsers.

Text comes out in reading order as paragraphs, tables as cell grids with
spans.  How:

* **One pass through PDFium** (pypdfium2, ``_pdfium``): each page is loaded
  once; its glyphs (Unicode, loose box, font size) and its ruling edges
  (stroked lines, rectangle sides, thin filled rectangles, with every
  matrix and ``/Rotate`` applied) are taken and the page is closed before
  the next one is loaded.  What is kept per page is its lines and tables,
  not its glyphs.
* Ruled tables come from the cell boxes the ruling encloses (``_grid``): one
  box per merged cell gives the spans; a slot no box covers gets no Cell; an
  empty box is ``Cell('')``.  Every cell's Location names its page and box.
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
* Glyphs without a Unicode mapping are kept as ``(cid:N)`` and reported as
  ``unmapped_glyphs`` warnings; when most of the text is unmapped, or the
  pages are images, the reader says so instead of returning garbage.
* Hostile files: streams that inflate past ``options.max_pdf_stream_bytes``
  and pages with absurd numbers of objects are refused before PDFium
  parses them (``_streams``); a page PDFium cannot load is left out with a
  warning naming it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ...catalogue import Format
from ...errors import CorruptDocumentError, LimitExceededError, UnsupportedFormatError
from ...gcpause import gc_paused
from ...model import Document, Issue, Location, Paragraph, Table
from ...options import Options
from ..base import ReadContext
from ..parser_errors import parser_errors
from ._grid import Rule, find_cell_boxes, horizontal_rules
from ._layout import (
    Line,
    Margins,
    build_paragraphs,
    centres,
    dedupe_chars,
    furniture_key,
    group_lines,
    is_page_number,
    page_margins,
    split_segments,
)
from ._salvage import salvage
from ._streams import check_streams
from ._tables import PageTable, find_borderless, grid_from_cells, join_pieces

if TYPE_CHECKING:  # PDFium is loaded when a PDF is read, not when the triage asks accepts()
    from ..image._page import OcrPage
    from ._pdfium import PdfiumDocument, RawPage



MIN_TEXT_CHARS = 20  # fewer visible characters in the whole file: no text layer
SCAN_STAMP_CHARS = 60  # an image page with fewer characters than this is a scan with a stamp

_CID = re.compile(r"\(cid:\d+\)")
#: what a page's warning counts, searched for in its joined text first (a
#: match may still be ordinary text that spells "(cid:")
_ODD = re.compile("\\(cid:|[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
_TEXT = attrgetter("text")


def _is_pua(ch: str) -> bool:
    o = ord(ch[0]) if ch else 0
    return 0xE000 <= o <= 0xF8FF or 0xF0000 <= o <= 0x10FFFF


def _explain(exc: BaseException) -> str:
    """PDFium's errors in plain words (its own codes are not shown raw)."""
    from ._pdfium import open_error

    if getattr(exc, "err_code", None) is not None:
        return open_error(exc).removeprefix("damaged PDF: ")
    return "PDFium cannot read it"


@dataclass(slots=True)
class _Page:
    number: int  # 1-based
    width: float
    height: float
    tables: list[PageTable] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    n_images: int = 0
    n_chars: int = 0
    rules: list[Rule] = field(default_factory=list)  # horizontal rules outside the ruled tables


def _build_page(raw: RawPage, warnings: list[Issue]) -> _Page:
    """One page's glyphs and edges -> its ruled tables and text lines.  The
    glyphs are not kept: lines keep their text, box and column segments."""
    pg = _Page(raw.number, raw.width, raw.height, n_images=raw.n_images)
    chars = dedupe_chars(raw.chars)
    texts = list(map(_TEXT, chars))
    pg.n_chars = len(texts) - sum(map(str.isspace, texts))
    _warn_glyphs(pg.number, texts, warnings)
    cell_boxes = find_cell_boxes(raw.h_edges, raw.v_edges)
    off_tables = 0
    if cell_boxes:
        cxs, cys = centres(chars)
        for boxes in cell_boxes:
            pt = grid_from_cells(boxes, chars, cxs, cys, pg.number)
            # a frame of empty cells (the rules of a cell spanning rows, cut by
            # a page break) is no table: the text around it stays text
            if pt is not None and any(c.text.strip() for c in pt.table.cells):
                pg.tables.append(pt)
        n_tables = len(pg.tables)
        pg.tables = [t for t in pg.tables if not _off_page(t.bbox, pg.width, pg.height)]
        off_tables = n_tables - len(pg.tables)
        pg.tables.sort(key=lambda t: t.bbox[1])
        if pg.tables:  # the text outside the ruled tables: one pass a table
            outside = list(zip(chars, cxs, cys, strict=True))
            for x0, t, x1, b in (tb.bbox for tb in pg.tables):
                x0, t, x1, b = x0 - 1.0, t - 1.0, x1 + 1.0, b + 1.0
                outside = [e for e in outside if not (x0 <= e[1] <= x1 and t <= e[2] <= b)]
            chars = [e[0] for e in outside]
    if raw.h_edges:
        pg.rules = horizontal_rules(raw.h_edges, [t.bbox for t in pg.tables])
    lines = group_lines(chars)
    pg.lines = [ln for ln in lines if not _off_page((ln.x0, ln.top, ln.x1, ln.bottom), pg.width, pg.height)]
    if off_tables or len(pg.lines) < len(lines):
        _warn_off_page(pg.number, off_tables, len(lines) - len(pg.lines), warnings)
    for ln in pg.lines:
        for seg in split_segments(ln):
            seg.chars = []
        ln.chars = []
    return pg


def _off_page(box: tuple[float, float, float, float], width: float, height: float) -> bool:
    """Whether a box lies wholly outside the page (text drawn there is not
    shown when the page is viewed or printed: a damaged MediaBox, content
    moved out of the CropBox)."""
    x0, top, x1, bottom = box
    return x1 < 0 or bottom < 0 or x0 > width or top > height


def _warn_off_page(number: int, n_tables: int, n_lines: int, warnings: list[Issue]) -> None:
    what = [f"{n} {noun}{'s' if n > 1 else ''}" for n, noun in ((n_tables, "table"), (n_lines, "line"))
            if n]
    warnings.append(Issue("text_off_page",
                          f"{' and '.join(what)} of text drawn outside the page's box (not shown when the page "
                          "is viewed or printed): left out", f"page {number}"))


def _warn_glyphs(number: int, texts: list[str], warnings: list[Issue]) -> None:
    if not _ODD.search("".join(texts)):
        return
    odd = [t for t in texts if t[:1] >= "\ue000" or t[:1] == "("]  # the few worth a look
    n_cid = sum(1 for t in odd if t.startswith("(cid:"))
    n_pua = sum(1 for t in odd if _is_pua(t))
    n_bad = sum(1 for t in odd if t == "\ufffd")
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
                              + "): text on this page may be garbled", f"page {number}"))


def _open(data: bytes, path: str | None, truncated: bool, warnings: list[Issue]) -> PdfiumDocument:
    """PDFium on the file; a cut-off file PDFium refuses is opened on the
    page objects that survive (``_salvage``), with a warning naming what is
    missing."""
    from ._pdfium import PdfiumDocument

    try:
        return PdfiumDocument(data, path)
    except CorruptDocumentError:
        if not truncated:
            raise
        found = salvage(data)
        if found is None:
            raise CorruptDocumentError("damaged PDF: the file is cut off before any complete page "
                                       "(a truncated download?)", path) from None
        doc = PdfiumDocument(found.data, path)
    n = found.n_found
    if found.n_declared and found.n_declared > n:
        missing = list(range(n + 1, found.n_declared + 1))
        where = _pages_text(missing)
        text = f"{where} of {found.n_declared} are missing"
    else:
        where = f"pages after page {n}"
        text = f"{n} pages survive; any pages after page {n} are missing"
    warnings.append(Issue("truncated", f"the PDF is cut off and its page list is lost: {text}", where))
    return doc


def _pages_text(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> 'pages 3-5, 9'."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    return ("pages " if len(numbers) > 1 else "page ") + ", ".join(parts)


def _refuse_unusable_text(pages: list[_Page], n_glyphs: int, n_unmapped: int, n_image_pages: int,
                          n_pages: int, path: str | None) -> None:
    """The real reason a PDF cannot be read as text, before anyone calls it
    'not a report': no pages survived, glyphs without Unicode, or scans."""
    if not pages:
        raise CorruptDocumentError(f"damaged PDF: none of its {n_pages} pages can be read", path)
    mapped = n_glyphs - n_unmapped
    if n_unmapped and mapped < MIN_TEXT_CHARS * 10 and n_unmapped > mapped:
        raise UnsupportedFormatError(
            f"the PDF's text cannot be read: {n_unmapped:,} of {n_glyphs:,} glyphs have no Unicode mapping "
            "(fonts without a ToUnicode map); OCR would be needed", path)
    total = sum(pg.n_chars for pg in pages)
    if total < MIN_TEXT_CHARS:
        scans = f" ({n_image_pages} of {n_pages} pages are images)" if n_image_pages else ""
        raise UnsupportedFormatError(
            f"the PDF has no text layer{scans}: a scanned document? OCR would be needed to read it", path)
    # scans with a small text stamp (a page number, a watermark, a seal's caption)
    scanned = [pg.number for pg in pages if pg.n_images and pg.n_chars < SCAN_STAMP_CHARS]
    if len(scanned) * 2 >= len(pages) and total < SCAN_STAMP_CHARS * len(pages):
        raise UnsupportedFormatError(
            f"the PDF is scanned: {len(scanned)} of {n_pages} pages are images with at most a text stamp "
            f"({total:,} characters in all); OCR would be needed to read it", path)


class PdfReader:
    format: Format = "pdf"

    def read(self, data: bytes, ctx: ReadContext) -> Document:
        from ._pdfium import PdfiumError

        with parser_errors("PDF", ctx.path, (PdfiumError,), explain=_explain), gc_paused():
            return self._read(data, ctx)

    def _read(self, data: bytes, ctx: ReadContext) -> Document:
        from ._pdfium import PageFailure

        path, options = ctx.path, ctx.options
        warnings: list[Issue] = []
        check_streams(data, path, options)
        truncated = b"%%EOF" not in data[-2048:]
        max_pages = options.max_pages
        pages: list[_Page] = []
        n_glyphs = n_unmapped = n_image_pages = 0
        with _open(data, path, truncated, warnings) as doc:
            if doc.n_pages == 0:
                raise CorruptDocumentError("the PDF has no pages" + (" (truncated file?)" if truncated else ""),
                                           path)
            if doc.n_pages > max_pages:
                raise LimitExceededError(f"the PDF has {doc.n_pages:,} pages, more than {max_pages:,}", path,
                                         "max_pages")
            failed: list[int] = []
            for got in doc.pages():
                if isinstance(got, PageFailure):
                    failed.append(got.number)
                    continue
                n_glyphs += got.n_glyphs
                n_unmapped += got.n_unmapped
                if got.n_images and not got.chars:
                    n_image_pages += 1
                    warnings.append(Issue("no_text_layer", "page has images but no text: OCR would be needed",
                                          f"page {got.number}"))
                pages.append(_build_page(got, warnings))
            n_pages = doc.n_pages
        if truncated:
            empty = [pg.number for pg in pages if not pg.n_chars and not pg.n_images]
            if empty:  # a page object survived the cut, its content did not
                failed = sorted(set(failed) | set(empty))
                pages = [pg for pg in pages if pg.number not in empty]
        if failed:
            warnings.append(Issue("page_unreadable", f"{_pages_text(failed)} of {n_pages} cannot be read "
                                  "(damaged or truncated PDF): left out", _pages_text(failed)))
        if truncated and not any(w.code == "truncated" for w in warnings):
            warnings.append(Issue("truncated", "the PDF has no end-of-file marker: it may be truncated; "
                                  "read what could be read", ""))
        scans = [pg.number for pg in pages if pg.n_images and pg.n_chars < SCAN_STAMP_CHARS]
        ocr = _ocr_scans(data, path, options, scans, pages, warnings) if scans else {}
        if ocr and sum(pg.n_chars for pg in pages) < MIN_TEXT_CHARS:
            raise UnsupportedFormatError(
                f"the PDF is scanned: {len(ocr)} of {n_pages} pages are images, and OCR found no readable text "
                "on them", path)
        _refuse_unusable_text(pages, n_glyphs, n_unmapped, n_image_pages, n_pages, path)
        _drop_furniture(pages)
        blocks = self._assemble(pages, warnings)
        if ocr:
            from ..image._trust import mark_cells

            mark_cells((b for b in blocks if isinstance(b, Table)), ocr)
        return Document(blocks=blocks, format="pdf_ocr" if ocr else self.format, path=path, warnings=warnings,
                        ocr_pages=len(ocr))

    def _assemble(self, pages: list[_Page], warnings: list[Issue]) -> list[Paragraph | Table]:
        """Per page: borderless tables, paragraphs, all in top-to-bottom
        order; then join tables and paragraphs running over page breaks."""
        by_width: dict[int, list[Margins]] = defaultdict(list)
        page_m: dict[int, Margins | None] = {}
        for pg in pages:
            m = page_margins(pg.lines, pg.width)
            page_m[pg.number] = m
            if m is not None:
                by_width[round(pg.width)].append(m)
        # entries: ("p", ParaDraft, page) or ("t", PageTable), each page's
        # behind a ("page", number) marker (the joiner sees where pages end)
        seq: list[tuple[Any, ...]] = []
        for pg in pages:
            m = page_m[pg.number]
            if m is None and by_width.get(round(pg.width)):  # the margins of pages of its width
                ms = by_width[round(pg.width)]
                m = Margins(sorted(x.left for x in ms)[len(ms) // 2], sorted(x.right for x in ms)[len(ms) // 2],
                            sorted(x.pitch for x in ms)[len(ms) // 2])
            seq.append(("page", pg.number))
            seq.extend(_page_blocks(pg, m, warnings))
        blocks: list[Paragraph | Table] = []
        for ent in _join_over_breaks(seq):
            if ent[0] == "t":
                blocks.append(ent[1].table)
            elif ent[0] == "p":
                text = ent[1].text()
                if text:
                    blocks.append(Paragraph(text=text, loc=Location(page=ent[2])))
        return blocks


def _ocr_scans(data: bytes, path: str | None, options: Options, scans: list[int], pages: list[_Page],
               warnings: list[Issue]) -> dict[int, OcrPage]:
    """Pages that are scans (images, at most a text stamp) read again from
    their pixels (``readers.image``), in place in ``pages``.  Returns, per
    page read so, its text boxes and its image's pixels per point.  Without
    the ``ocr`` extra: nothing (the pages stay as they are and say so)."""
    from ..image._ocr import INSTALL_HINT, available

    if not available():
        for w in warnings:
            if w.code == "no_text_layer":
                w.message += f" ({INSTALL_HINT})"
        total = sum(pg.n_chars for pg in pages)
        if total < SCAN_STAMP_CHARS * len(pages) and len(scans) * 2 >= len(pages):
            raise UnsupportedFormatError(
                f"the PDF is scanned ({len(scans)} of {len(pages)} pages are images): reading it needs OCR: "
                f"{INSTALL_HINT}", path)
        return {}
    from ..image._page import ocr_page
    from ._scans import page_images

    index = {pg.number: i for i, pg in enumerate(pages)}
    out: dict[int, OcrPage] = {}
    for im in page_images(data, scans, path, options):
        op = ocr_page(im.pixels, im.number, im.size, None, offset=im.offset)
        page = _build_page(op.raw, warnings)
        page.n_images = 1
        pages[index[im.number]] = page
        out[im.number] = op
    if out:
        done = {f"page {n}" for n in out}
        warnings[:] = [w for w in warnings if not (w.code == "no_text_layer" and w.where in done)]
        warnings.append(Issue("ocr", f"{_pages_text(sorted(out))} read from the page images by OCR: every value "
                              "from them carries its confidence", _pages_text(sorted(out))))
    return out


def _page_blocks(pg: _Page, m: Margins | None, warnings: list[Issue]) -> list[tuple[Any, ...]]:
    """One page's tables (ruled and borderless) and paragraphs, top to bottom."""
    pitch = m.pitch if m else 16.0
    btables, used = find_borderless(pg.lines, pg.number, pitch, pg.rules)
    for t in btables:
        for where in t.uncertain:
            warnings.append(Issue("uncertain_cut", "values set side by side do not line up with "
                                     "the table's columns: left unread", where))
    tables = sorted(pg.tables + btables, key=lambda t: t.bbox[1])
    rest = [ln for k, ln in enumerate(pg.lines) if k not in used]
    # cut the text into runs between tables
    items: list[tuple[float, tuple[Any, ...]]] = [(t.bbox[1], ("t", t)) for t in tables]
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
    return [it[1] for it in items]


def _join_over_breaks(seq: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """A table ending a page and one starting the next are joined when their
    columns line up; a paragraph left open at a page's end goes on in the
    next page's first paragraph unless that one starts anew."""
    out: list[tuple[Any, ...]] = []
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
    return out


def _last_block_before_page_marker(out: list[tuple[Any, ...]]) -> int | None:
    """Index of the last block before the trailing page marker, if the
    marker is the last entry and the previous page ended with a block."""
    if not out or out[-1][0] != "page":
        return None
    i = len(out) - 1
    while i >= 0 and out[i][0] == "page":
        i -= 1  # a page wholly taken by a table piece already joined
    return i if i >= 0 else None


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove running headers/footers and page numbers from the pages' lines."""
    n = len(pages)
    counts: Counter[tuple[str, int]] = Counter()
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
            if (is_page_number(ln.text) and _apart(pg.lines, ln)) or (n >= 2 and counts[key] >= need):
                drop.add(id(ln))
        if drop:
            pg.lines = [ln for ln in pg.lines if id(ln) not in drop]


def _apart(lines: list[Line], ln: Line) -> bool:
    """Whether ``ln`` stands apart from the page's other lines: none within
    half its height above or below it (a page number does; a value set
    between the lines of its label in a table at the page's edge does not)."""
    pad = 0.5 * (ln.bottom - ln.top)
    return not any(o is not ln and o.top < ln.bottom + pad and o.bottom > ln.top - pad for o in lines)


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


