#!/usr/bin/env python3
"""Build corpus/pdf_rulings: the ruled corpus PDFs with their ruling redrawn.

    python corpus/pdf_rulings/build_rulings.py

Office suites and browsers draw the same table grid in different ways; the
reader must see one grid whatever the drawing.  Each source PDF of
``corpus/pdf`` (LibreOffice: every border a two-point stroked path) gets an
incremental update: in each page's content stream the source segments are
left unpainted (``S`` -> ``n``) and the ruling is drawn again, as

* ``<id>_filled.pdf``    thin filled rectangles (0.6 pt, ``re f``), as
  Chromium/Skia and WPS draw borders;
* ``<id>_outlines.pdf``  one stroked rectangle per cell (``re S``), merged
  cells as one rectangle;
* ``<id>_segments.pdf``  each cell side a separate two-point stroked path;
* ``<id>_rotated.pdf``   every page stored turned a quarter (``/Rotate 90``
  on even pages, ``/Rotate 270`` on odd ones) inside a form XObject, so a
  viewer shows it upright.

The text is left as it was; the values are the seed's golden values (the
test compares each PDF with its text twin's golden file).
"""

from __future__ import annotations

import re
import sys
import zlib
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from gxconvert.readers.pdf._grid import find_cell_boxes, merge_edges
from gxconvert.readers.pdf._pdfium import PdfiumDocument, RawPage

SOURCES = ["000_ruled_split", "003_landscape", "004_fonts"]


def _page_edges(data: bytes) -> list[RawPage]:
    with PdfiumDocument(data, None) as doc:
        return [p for p in doc.pages() if isinstance(p, RawPage)]


_SEGMENT = re.compile(rb"(-?[\d.]+ -?[\d.]+ m\s+-?[\d.]+ -?[\d.]+ l\s+)S(?=\s)")
_STREAM = re.compile(rb"(\d+) 0 obj\s*<<([^>]*?)/Filter\s*/FlateDecode([^>]*)>>\s*stream\r?\n")


def _drawing(style: str, rp: RawPage, h_page: float) -> bytes:
    """The page's ruling drawn again in ``style`` (PDF user space)."""
    hs, vs = merge_edges(rp.h_edges, rp.v_edges)
    out: list[str] = ["q 0 0 0 rg 0 0 0 RG 0.5 w"]

    def y(v: float) -> float:
        return h_page - v  # display top-left -> user space (the sources are unrotated)

    if style == "filled":
        for x0, x1, yy in hs:
            out.append(f"{x0 - 0.3:.2f} {y(yy) - 0.3:.2f} {x1 - x0 + 0.6:.2f} 0.6 re f")
        for xx, t, b in vs:
            out.append(f"{xx - 0.3:.2f} {y(b) - 0.3:.2f} 0.6 {b - t + 0.6:.2f} re f")
    elif style == "outlines":
        for table in find_cell_boxes(rp.h_edges, rp.v_edges):
            for x0, t, x1, b in table:
                out.append(f"{x0:.2f} {y(b):.2f} {x1 - x0:.2f} {b - t:.2f} re S")
    elif style == "segments":  # one path object per cell side
        for x0, x1, yy in hs:
            cuts = sorted({x0, x1, *(xx for xx, t, b in vs if x0 < xx < x1 and t - 1 <= yy <= b + 1)})
            for a, b2 in pairwise(cuts):
                out.append(f"{a:.2f} {y(yy):.2f} m {b2:.2f} {y(yy):.2f} l S")
        for xx, t, b in vs:
            cuts = sorted({t, b, *(yy for x0, x1, yy in hs if t < yy < b and x0 - 1 <= xx <= x1 + 1)})
            for a, b2 in pairwise(cuts):
                out.append(f"{xx:.2f} {y(a):.2f} m {xx:.2f} {y(b2):.2f} l S")
    out.append("Q")
    return ("\n" + "\n".join(out) + "\n").encode()


def redraw(src: Path, style: str, out: Path) -> None:
    """Unpaint the source's ruling segments (``S`` -> ``n``) and append the
    new drawing to each page's content stream, as an incremental update."""
    data = src.read_bytes()
    pages = _page_edges(data)
    doc = pdfium.PdfDocument(data)
    heights = [doc[i].get_height() for i in range(len(doc))]
    doc.close()
    updates: list[tuple[int, bytes]] = []
    page_i = 0
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        try:
            content = zlib.decompress(data[m.end():end])
        except zlib.error:
            continue
        if b"BT" not in content or b"Tf" not in content or page_i >= len(pages):
            continue  # not a page content stream
        new = _SEGMENT.sub(rb"\1n", content)
        new += _drawing(style, pages[page_i], heights[page_i])
        page_i += 1
        body = zlib.compress(new)
        updates.append((int(m.group(1)), b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(body) + body
                        + b"\nendstream"))
    assert page_i == len(pages), (src, page_i, len(pages))
    trailer = data[data.rfind(b"trailer"):]
    root = re.search(rb"/Root\s+(\d+ \d+ R)", trailer).group(1)
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))
    prev = int(re.search(rb"startxref\s+(\d+)", data[data.rfind(b"startxref"):]).group(1))
    outb = bytearray(data)
    offsets = []
    for num, body in updates:
        offsets.append((num, len(outb)))
        outb += b"\n%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(outb)
    outb += b"xref\n"
    for num, off in sorted(offsets):
        outb += b"%d 1\n%010d 00000 n \n" % (num, off + 1)
    outb += b"trailer\n<</Size %d/Root %s/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (size, root, prev, xref)
    out.write_bytes(bytes(outb))


def rotated(src: Path, out: Path) -> None:
    """Every page turned into a form XObject on a page that carries /Rotate."""
    srcdoc = pdfium.PdfDocument(str(src))
    new = pdfium.PdfDocument.new()
    for i in range(len(srcdoc)):
        w, h = srcdoc[i].get_size()
        xobj = srcdoc.page_as_xobject(i, new)
        page = new.new_page(h, w)
        obj = xobj.as_pageobject()
        if i % 2 == 0:  # (x, y) -> (h - y, x); /Rotate 90 turns it back
            m = pdfium.PdfMatrix().rotate(90, ccw=True).translate(h, 0)
            rot = 90
        else:  # (x, y) -> (y, w - x); /Rotate 270 turns it back
            m = pdfium.PdfMatrix().rotate(90, ccw=False).translate(0, w)
            rot = 270
        obj.transform(m)
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(rot)
    new.save(str(out))


def main() -> int:
    for name in SOURCES:
        src = ROOT / "corpus" / "pdf" / f"{name}.pdf"
        sid = name[:3]
        for style in ("filled", "outlines", "segments"):
            redraw(src, style, HERE / f"{sid}_{style}.pdf")
            print("built", f"{sid}_{style}.pdf")
        if name == SOURCES[0]:  # one is enough: each rotated page embeds its fonts again
            rotated(src, HERE / f"{sid}_rotated.pdf")
            print("built", f"{sid}_rotated.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
