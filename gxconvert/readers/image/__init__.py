"""The image reader: scans and screenshots (PNG, JPEG, TIFF, WebP) read from
their pixels by OCR (the ``ocr`` extra: ``pip install 'gxconvert[ocr]'``).

Each page image goes through :mod:`._page` (seal removal, deskew, ruling
lines, recognition) into the glyphs-and-edges form the PDF reader takes
from a PDF page; the PDF reader's own table finder (ruled grids from the
rulings, borderless tables from column alignment), paragraph builder and
page joiner then make the Document, so the same matcher reads it.  Every
table cell carries its confidence and pixel box (:mod:`._trust`).  The
reader knows nothing of the report forms.

A scanned PDF is read by the PDF reader, which sends its image pages here
(``readers.pdf._scans``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...catalogue import Format
from ...errors import UnsupportedFormatError
from ...model import Document, Issue, Table
from ..magic import is_image
from . import _ocr
from ._decode import frames

if TYPE_CHECKING:
    from ..base import ReadContext

__all__ = ["ImageReader", "is_image"]

MIN_TEXT_CHARS = 20


class ImageReader:
    format: Format = "image"

    def read(self, data: bytes, ctx: ReadContext) -> Document:
        path, options = ctx.path, ctx.options
        if not _ocr.available():
            raise UnsupportedFormatError(f"the file is an image: reading it needs OCR: {_ocr.INSTALL_HINT}", path)
        from ..pdf import PdfReader, _build_page, _drop_furniture
        from ._page import OcrPage, ocr_page
        from ._trust import mark_cells

        _ocr.engine()  # built before any page image is decoded (see ``_ocr.engine``)
        warnings: list[Issue] = []
        pages = []
        ocr: dict[int, OcrPage] = {}
        for k, frame in enumerate(frames(data, path, options), 1):
            op = ocr_page(frame.pixels, k, None, frame.dpi)
            pages.append(_build_page(op.raw, warnings))
            ocr[k] = op
        if sum(pg.n_chars for pg in pages) < MIN_TEXT_CHARS:
            raise UnsupportedFormatError("the image holds no readable text (OCR found none)", path)
        _drop_furniture(pages)
        blocks = PdfReader()._assemble(pages, warnings)
        mark_cells((b for b in blocks if isinstance(b, Table)), ocr)
        warnings.append(Issue("ocr", f"read from {len(pages)} page image(s) by OCR: every value carries its "
                              "confidence", ""))
        return Document(blocks=blocks, format=self.format, path=path, warnings=warnings, ocr_pages=len(pages))
