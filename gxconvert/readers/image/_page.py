"""One page image -> what the PDF reader takes from a page: glyphs with
boxes and ruling edges, in points (``readers.pdf._pdfium.RawPage``), plus
the recognised text boxes with their confidences.

The steps: red seals removed by colour, the page brought to the OCR
resolution, deskewed, its ruling lines found (``_rulings``) and erased,
text recognised (``_ocr``); a ruled cell where recognition found nothing but
the page has ink is read on its own (a lone ``0`` the detector missed), and
when that reading is empty too the cell holds :data:`UNREAD` (a cell with
ink is never taken for a blank one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..pdf._grid import find_cell_boxes
from ..pdf._layout import Ch
from ..pdf._pdfium import RawPage
from ._clean import OCR_DPI, remove_seal, rescale, rotate, skew_angle, to_gray
from ._ocr import TextBox, _chars, engine, font_size, ink_margin, recognise
from ._rulings import erase, ruling_edges

MAX_WIDTH = 2600  # px: a page image without a stated resolution is brought under this width first
#: the text of a ruled cell with ink in it that recognition reads as nothing: not a number, so the
#: value is null with a warning naming it (a blank cell has no ink)
UNREAD = "?"


@dataclass(slots=True)
class OcrPage:
    raw: RawPage
    boxes: list[TextBox]  # in points
    px_per_pt: float  # the source image's pixels per point (for pixel boxes in provenance)
    offset: tuple[float, float] = (0.0, 0.0)  # the image's top-left corner on the page, in points
    skew: float = 0.0
    notes: list[str] = field(default_factory=list)


def ocr_page(rgb: Any, number: int, page_size: tuple[float, float] | None, dpi: float | None,
             offset: tuple[float, float] = (0.0, 0.0)) -> OcrPage:
    """``rgb``: the page's pixels.  ``page_size``: the page in points when
    known (a PDF page: the image covers it); ``dpi``: the image's stated
    resolution (an image file), else it is judged from the text's height."""
    w0 = rgb.shape[1]
    if page_size is not None:
        dpi = w0 / (page_size[0] / 72.0)
    # a tall screenshot keeps its height: it is read in strips
    factor = min(1.0, OCR_DPI / dpi) if dpi is not None else min(1.0, MAX_WIDTH / w0)
    img = rescale(remove_seal(rgb), factor)
    gray = to_gray(img)
    angle = skew_angle(gray)
    if angle:
        gray = rotate(gray, angle)
    h_px, v_px = ruling_edges(gray)
    clean = erase(gray, h_px, v_px)
    boxes = recognise(clean)
    boxes += _read_empty_cells(clean, h_px, v_px, boxes)
    for b in boxes:
        b.size = font_size(clean, b)
    if dpi is not None:
        pt_per_px = 72.0 / (dpi * factor)
    else:  # judged from the text: the body text (the median size of the CJK runs) is 12 pt
        sizes = sorted(b.size for b in boxes if any(ord(c) > 0x2E80 for c in b.text) and b.size)
        med = sizes[len(sizes) // 2] if sizes else 16.0
        pt_per_px = 12.0 / med
    hh, ww = gray.shape
    s = pt_per_px
    ox, oy = offset
    raw = RawPage(number, ww * s + 2 * ox, hh * s + 2 * oy, n_images=1)
    raw.h_edges = [(a * s + ox, b * s + ox, y * s + oy) for a, b, y in h_px]
    raw.v_edges = [(x * s + ox, t * s + oy, b * s + oy) for x, t, b in v_px]
    scaled: list[TextBox] = []
    for b in boxes:
        size = round(b.size * s * 2) / 2 if b.size else (b.bottom - b.top) * s / 1.4  # to half points
        top, bottom = b.top * s + oy, b.bottom * s + oy
        for ch, a, z in b.chars:
            raw.chars.append(Ch(ch, a * s + ox, top, z * s + ox, bottom, size))
        scaled.append(TextBox(b.text, b.conf, b.x0 * s + ox, top, b.x1 * s + ox, bottom,
                              [(c, a * s + ox, z * s + ox) for c, a, z in b.chars]))
    raw.n_glyphs = len(raw.chars)
    return OcrPage(raw, scaled, px_per_pt=1.0 / (s * factor), skew=angle, offset=offset)


def _read_empty_cells(gray: Any, h_px: list[tuple[float, float, float]], v_px: list[tuple[float, float, float]],
                      boxes: list[TextBox]) -> list[TextBox]:
    """Ruled cells no text box falls in but with ink inside: recognised on their own (one batch)."""
    import numpy as np

    if not h_px or not v_px:
        return []
    found: list[tuple[TextBox, Any]] = []
    centres = [((b.x0 + b.x1) / 2, (b.top + b.bottom) / 2) for b in boxes]
    for table in find_cell_boxes(h_px, v_px):
        for x0, t, x1, bt in table:
            if any(x0 <= cx <= x1 and t <= cy <= bt for cx, cy in centres):
                continue
            m = 3  # clear of the ruling
            ix0, ix1, it, ib = int(x0) + m, int(x1) - m, int(t) + m, int(bt) - m
            if ix1 - ix0 < 4 or ib - it < 4:
                continue
            dark = gray[it:ib, ix0:ix1] < 140
            if dark.sum() < 10:
                continue
            rows, cols = np.where(dark)
            y0, y1 = it + rows.min(), it + rows.max() + 1
            xa, xb = ix0 + cols.min(), ix0 + cols.max() + 1
            if y1 - y0 < 5:
                continue  # a speck or the rest of a line, not a character (a screenshot's digit is ~9 px high)
            k = ink_margin(int(y1 - y0))
            crop = gray[max(0, y0 - k):y1 + k, max(0, xa - k):xb + k]
            box = TextBox("", 0.0, float(xa), float(y0), float(xb), float(y1), [])
            found.append((box, np.ascontiguousarray(np.stack([crop] * 3, axis=-1))))
    if not found:
        return []
    got, _ = engine().text_rec([c for _, c in found])
    got = list(got or [])
    out: list[TextBox] = []
    for k, (box, _) in enumerate(found):
        text, conf = (str(got[k][0]).strip(), float(got[k][1])) if k < len(got) else ("", 0.0)
        if not text:  # ink the recogniser reads as nothing: never a blank cell, a cell that is not a number
            text, conf = UNREAD, 0.0
        box.text, box.conf = text, conf
        box.chars = _chars(box.text, box, None)
        out.append(box)
    return out
