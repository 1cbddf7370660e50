"""Image files -> pixels, once, within a pixel budget.

The size is read from the file's header before anything is decoded
(Pillow opens lazily), so an image bomb (a tiny PNG declaring 100,000 x
100,000 pixels) fails in milliseconds; a page over ``options.max_image_pixels``
is refused naming the limit.  A 600 dpi colour A4 scan (4960 x 7016, 34.8 MP)
is well inside the default 60 MP.  Every frame of a multi-page TIFF is a page.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...errors import CorruptDocumentError, LimitExceededError
from ...options import Options


@dataclass(slots=True)
class Frame:
    """One page's pixels: RGB, uint8, shape (height, width, 3); ``dpi`` when
    the file states it."""

    pixels: Any  # numpy.ndarray
    dpi: float | None


def frames(data: bytes, path: str | None, options: Options) -> Iterator[Frame]:
    """The pages of an image file, each decoded once when it is reached."""
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    limit = options.max_image_pixels
    Image.MAX_IMAGE_PIXELS = None  # our own limit, checked below, applies
    try:
        im = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CorruptDocumentError(f"damaged image: {exc}", path) from None
    n = getattr(im, "n_frames", 1)
    if n > options.max_pages:
        raise LimitExceededError(f"the image has {n:,} pages, more than {options.max_pages:,}", path, "max_pages")
    for k in range(n):
        try:
            im.seek(k)
            w, h = im.size
            if w * h > limit:
                raise LimitExceededError(
                    f"page {k + 1} of the image is {w:,} x {h:,} pixels ({w * h / 1e6:.0f} MP), more than "
                    f"{limit / 1e6:.0f} MP", path, "max_image_pixels")
            dpi = im.info.get("dpi")
            rgb = im.convert("RGB")
            pixels = np.asarray(rgb)
        except (OSError, ValueError, SyntaxError) as exc:  # Pillow's errors for damaged data
            raise CorruptDocumentError(f"damaged image (page {k + 1}): {exc}", path) from None
        d = float(dpi[0]) if isinstance(dpi, tuple) and dpi and float(dpi[0]) > 30 else None
        yield Frame(pixels, d)
