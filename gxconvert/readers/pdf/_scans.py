"""The images of a PDF's scanned pages, for the OCR reader.

A page that is one image covering the page (what a scanner writes) gives
that image at its own resolution, decoded by PDFium (``FPDFImageObj_GetBitmap``:
no re-rendering, no resampling); its size is checked against
``options.max_image_pixels`` before it is decoded.  Any other page (several
images, an image turned or flipped, a rotated page) is rendered at 200 dpi."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ...errors import LimitExceededError
from ...options import Options
from ._pdfium import _LOCK

RENDER_DPI = 200.0
#: a page whose images are all smaller than this (pixels) is no scan: a logo, an icon, a texture
MIN_SCAN_PIXELS = 250_000
COVER = 0.85  # an image covering this share of the page's area (and more) is the page


@dataclass(slots=True)
class PageImage:
    number: int
    pixels: Any  # RGB uint8 (h, w, 3)
    size: tuple[float, float]  # the page's (or the image's, when it is the page) size in points
    rendered: bool
    offset: tuple[float, float] = (0.0, 0.0)  # where the image's top-left corner sits on the page, in points


def _rgb(bitmap: Any) -> Any:
    import numpy as np

    arr = bitmap.to_numpy()
    mode = getattr(bitmap, "mode", "BGR")
    if arr.ndim == 2 or mode == "L":
        g = arr.reshape(arr.shape[0], arr.shape[1])
        return np.ascontiguousarray(np.stack([g, g, g], axis=-1))
    if arr.shape[2] == 4:
        arr = arr[:, :, :3]
    if mode.startswith("BGR"):
        arr = arr[:, :, ::-1]
    return np.array(arr, dtype=np.uint8, order="C")  # a copy: the bitmap's buffer goes with it


def page_images(data: bytes, numbers: list[int], path: str | None, options: Options) -> Iterator[PageImage]:
    """The pixels of pages ``numbers`` (1-based) that are scans, one page at a
    time (a page whose images are all small is skipped)."""
    limit = options.max_image_pixels
    with _LOCK:
        doc = pdfium.PdfDocument(data, password="")
    try:
        for n in numbers:
            with _LOCK:
                page = doc[n - 1]
                try:
                    out = _one(page, n, limit, path)
                finally:
                    page.close()
            if out is not None:
                yield out
    finally:
        with _LOCK:
            doc.close()


def _one(page: Any, n: int, limit: int, path: str | None) -> PageImage | None:
    pw, ph = page.get_size()
    images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3))
    sizes = [im.get_px_size() for im in images]
    if not any(w * h >= MIN_SCAN_PIXELS for w, h in sizes):
        return None
    from ..image._ocr import engine

    engine()  # built before the first page image is decoded (see ``engine``); at once after that
    if len(images) == 1 and not page.get_rotation():
        img = images[0]
        left, bottom, right, top = img.get_bounds()
        a, b, c, d, _e, _f = img.get_matrix().get()
        upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
        if upright and (right - left) * (top - bottom) >= COVER * pw * ph:
            w, h = img.get_px_size()
            if w * h > limit:
                raise LimitExceededError(
                    f"the image of page {n} is {w:,} x {h:,} pixels ({w * h / 1e6:.0f} MP), more than "
                    f"{limit / 1e6:.0f} MP", path, "max_image_pixels")
            bitmap = img.get_bitmap(render=False)  # PDFium's own buffer: freed with the bitmap object
            return PageImage(n, _rgb(bitmap), (right - left, top - bottom), rendered=False,
                             offset=(left, ph - top))
    scale = RENDER_DPI / 72.0
    if pw * ph * scale * scale > limit:
        scale = (limit / (pw * ph)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=False)
    try:
        return PageImage(n, _rgb(bitmap), (pw, ph), rendered=True)
    finally:
        bitmap.close()
