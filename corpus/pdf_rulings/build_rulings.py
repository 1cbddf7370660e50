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
test compares each PDF with its text twin's golden file).  The ruling is
read from the source's own content streams by this script (LibreOffice
writes each border as ``x y m x y l S`` in user space, no ``cm``), joined into
lines and cut into cells here: nothing of gxconvert's PDF reader is used, so
a bug there cannot be built into these inputs.
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

SOURCES = ["000_ruled_split", "003_landscape", "004_fonts"]

SNAP = 1.0  # points: borders this close are one line
JOIN = 1.0  # points: collinear pieces this close are joined

HLine = tuple[float, float, float]  # x0, x1, y (user space)
VLine = tuple[float, float, float]  # x, y0, y1 (y0 < y1)

_SEGMENT = re.compile(rb"(-?[\d.]+) (-?[\d.]+) m\s+(-?[\d.]+) (-?[\d.]+) l\s+S(?=\s)")
_UNPAINT = re.compile(rb"(-?[\d.]+ -?[\d.]+ m\s+-?[\d.]+ -?[\d.]+ l\s+)S(?=\s)")
_STREAM = re.compile(rb"(\d+) 0 obj\s*<<([^>]*?)/Filter\s*/FlateDecode([^>]*)>>\s*stream\r?\n")


def _snap(values: list[float]) -> dict[float, float]:
    """Each value -> the first of its run of values less than SNAP apart."""
    out: dict[float, float] = {}
    first = prev = None
    for v in sorted(set(values)):
        if prev is None or v - prev > SNAP:
            first = v
        out[v] = first  # type: ignore[assignment]
        prev = v
    return out


def _join(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + JOIN:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def ruling(content: bytes) -> tuple[list[HLine], list[VLine]]:
    """The content stream's stroked two-point segments, joined into lines."""
    h: dict[float, list[tuple[float, float]]] = {}
    v: dict[float, list[tuple[float, float]]] = {}
    hs, vs = [], []
    for m in _SEGMENT.finditer(content):
        x0, y0, x1, y1 = (float(g) for g in m.groups())
        if abs(y0 - y1) < 0.01:
            hs.append((min(x0, x1), max(x0, x1), y0))
        elif abs(x0 - x1) < 0.01:
            vs.append((x0, min(y0, y1), max(y0, y1)))
    ys = _snap([y for _, _, y in hs])
    xs = _snap([x for x, _, _ in vs])
    for x0, x1, y in hs:
        h.setdefault(ys[y], []).append((x0, x1))
    for x, y0, y1 in vs:
        v.setdefault(xs[x], []).append((y0, y1))
    return ([(a, b, y) for y, spans in h.items() for a, b in _join(spans)],
            [(x, a, b) for x, spans in v.items() for a, b in _join(spans)])


def cells(hs: list[HLine], vs: list[VLine]) -> list[tuple[float, float, float, float]]:
    """The cells the lines enclose, merged cells whole: (x0, y0, x1, y1).

    The lines' coordinates cut the plane into a grid of slots; two slots
    side by side are one cell when no line runs between them; a group of
    slots is a cell when every side of it is drawn (the outside of a table
    and the gaps between tables are open somewhere)."""
    gx = sorted({x for x, _, _ in vs} | {a for a, _, _ in hs} | {b for _, b, _ in hs})
    gy = sorted({y for _, _, y in hs} | {a for _, a, _ in vs} | {b for _, _, b in vs})
    gx = [x for i, x in enumerate(gx) if i == 0 or x - gx[i - 1] > SNAP]
    gy = [y for i, y in enumerate(gy) if i == 0 or y - gy[i - 1] > SNAP]

    def h_drawn(y: float, a: float, b: float) -> bool:
        return any(abs(yy - y) <= SNAP and x0 <= a + SNAP and x1 >= b - SNAP for x0, x1, yy in hs)

    def v_drawn(x: float, a: float, b: float) -> bool:
        return any(abs(xx - x) <= SNAP and y0 <= a + SNAP and y1 >= b - SNAP for xx, y0, y1 in vs)

    nx, ny = len(gx) - 1, len(gy) - 1
    group = {(i, j): (i, j) for i in range(nx) for j in range(ny)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while group[k] != k:
            group[k] = group[group[k]]
            k = group[k]
        return k

    for i in range(nx):
        for j in range(ny):
            if i + 1 < nx and not v_drawn(gx[i + 1], gy[j], gy[j + 1]):
                group[find((i + 1, j))] = find((i, j))
            if j + 1 < ny and not h_drawn(gy[j + 1], gx[i], gx[i + 1]):
                group[find((i, j + 1))] = find((i, j))
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in group:
        members.setdefault(find(k), []).append(k)
    out = []
    for slots in members.values():
        inside = set(slots)
        closed = True
        for i, j in slots:
            for (di, dj) in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                if (i + di, j + dj) in inside:
                    continue
                if di:  # a left or right side
                    x = gx[i] if di < 0 else gx[i + 1]
                    closed = closed and v_drawn(x, gy[j], gy[j + 1])
                else:
                    y = gy[j] if dj < 0 else gy[j + 1]
                    closed = closed and h_drawn(y, gx[i], gx[i + 1])
        i0, i1 = min(i for i, _ in slots), max(i for i, _ in slots)
        j0, j1 = min(j for _, j in slots), max(j for _, j in slots)
        if closed and len(slots) == (i1 - i0 + 1) * (j1 - j0 + 1):
            out.append((gx[i0], gy[j0], gx[i1 + 1], gy[j1 + 1]))
    return sorted(out, key=lambda c: (-c[3], c[0]))


def _drawing(style: str, hs: list[HLine], vs: list[VLine]) -> bytes:
    """The page's ruling drawn again in ``style`` (user space)."""
    out: list[str] = ["q 0 0 0 rg 0 0 0 RG 0.5 w"]
    if style == "filled":
        for x0, x1, y in hs:
            out.append(f"{x0 - 0.3:.2f} {y - 0.3:.2f} {x1 - x0 + 0.6:.2f} 0.6 re f")
        for x, y0, y1 in vs:
            out.append(f"{x - 0.3:.2f} {y0 - 0.3:.2f} 0.6 {y1 - y0 + 0.6:.2f} re f")
    elif style == "outlines":
        for x0, y0, x1, y1 in cells(hs, vs):
            out.append(f"{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re S")
    elif style == "segments":  # one path object per cell side
        for x0, x1, y in hs:
            cuts = sorted({x0, x1, *(x for x, a, b in vs if x0 < x < x1 and a - 1 <= y <= b + 1)})
            for a, b in pairwise(cuts):
                out.append(f"{a:.2f} {y:.2f} m {b:.2f} {y:.2f} l S")
        for x, y0, y1 in vs:
            cuts = sorted({y0, y1, *(y for a, b, y in hs if y0 < y < y1 and a - 1 <= x <= b + 1)}, reverse=True)
            for a, b in pairwise(cuts):  # top down
                out.append(f"{x:.2f} {a:.2f} m {x:.2f} {b:.2f} l S")
    out.append("Q")
    return ("\n" + "\n".join(out) + "\n").encode()


def redraw(src: Path, style: str, out: Path) -> None:
    """Unpaint the source's ruling segments (``S`` -> ``n``) and append the
    new drawing to each page's content stream, as an incremental update."""
    data = src.read_bytes()
    doc = pdfium.PdfDocument(data)
    n_pages = len(doc)
    doc.close()
    updates: list[tuple[int, bytes]] = []
    page_i = 0
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        try:
            content = zlib.decompress(data[m.end():end])
        except zlib.error:
            continue
        if b"BT" not in content or b"Tf" not in content or page_i >= n_pages:
            continue  # not a page content stream
        new = _UNPAINT.sub(rb"\1n", content)
        new += _drawing(style, *ruling(content))
        page_i += 1
        body = zlib.compress(new)
        updates.append((int(m.group(1)), b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(body) + body
                        + b"\nendstream"))
    assert page_i == n_pages, (src, page_i, n_pages)
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
