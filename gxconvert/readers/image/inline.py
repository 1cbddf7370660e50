"""Pictures inside a document (``<img>`` in a web page, a picture in a
.docx) read as tables by OCR, when the document's own text has no table.

A format-level judgement, not a form-level one: when the Document's own
tables hold fewer than :data:`MIN_NUMERIC_CELLS` numeric cells and it has
pictures, each picture (in document order) is read by the image reader and
its blocks replace the picture's placeholder block.  Without the ``ocr``
extra, or for a picture that cannot be read, one ``image_not_read`` warning
names it; the document itself still converts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...errors import ConversionError, LimitExceededError, UnsupportedFormatError
from ...model import Block, Document, Issue, Table

if TYPE_CHECKING:
    from ..base import ReadContext

#: fewer numeric cells than this in the document's own tables: it has no report table
MIN_NUMERIC_CELLS = 10

_NUMBER = re.compile(r"\s*-?\d[\d,，.]*\s*")


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture met by a reader: the index of its placeholder block in
    ``Document.blocks``, a name for messages (its src, its part name) and
    ``load``, which returns its bytes or raises ``ConversionError``/``OSError``."""

    index: int
    name: str
    load: Callable[[], bytes]


def refuse(reason: str) -> Callable[[], bytes]:
    """A ``Picture.load`` for a picture that is not read: raises ``reason``."""
    def load() -> bytes:
        raise UnsupportedFormatError(reason)
    return load


def numeric_cells(blocks: Sequence[Block]) -> int:
    """The numeric cells of the document's tables, counted up to
    :data:`MIN_NUMERIC_CELLS` (enough to say it has a table of its own: a
    report's first table has its numbers within a few rows)."""
    n = 0
    number = _NUMBER.fullmatch
    for b in blocks:
        if isinstance(b, Table):
            for c in b.cells:
                if number(c.text):
                    n += 1
                    if n >= MIN_NUMERIC_CELLS:
                        return n
    return n


def read_pictures(doc: Document, pictures: Sequence[Picture], ctx: ReadContext) -> set[int]:
    """Splice the blocks read from ``pictures`` into ``doc`` (in place) when
    its own tables hold no report table; returns the indices of the
    placeholders replaced."""
    if not pictures or numeric_cells(doc.blocks) >= MIN_NUMERIC_CELLS:
        return set()
    from . import ImageReader, _ocr

    if not _ocr.available():
        names = ", ".join(p.name for p in pictures)
        doc.warnings.append(Issue(
            "image_not_read",
            f"the document has no table of its own but {len(pictures)} picture(s) ({names}); reading them "
            f"needs OCR: {_ocr.INSTALL_HINT}", names))
        return set()
    read: dict[int, list[Block]] = {}
    for p in pictures:
        try:
            sub = ImageReader().read(p.load(), ctx.nested())
        except LimitExceededError as exc:
            if exc.limit == "max_seconds":
                raise
            reason = exc.reason
            doc.warnings.append(Issue("image_not_read", f"picture {p.name} not read: {reason}", p.name))
            continue
        except (ConversionError, OSError) as exc:
            reason = exc.reason if isinstance(exc, ConversionError) else str(exc)
            doc.warnings.append(Issue("image_not_read", f"picture {p.name} not read: {reason}", p.name))
            continue
        ctx.deadline.check("reading the document's pictures")
        read[p.index] = list(sub.blocks)
        doc.ocr_pages += sub.ocr_pages
        for w in sub.warnings:
            doc.warnings.append(Issue(w.code, f"picture {p.name}: {w.message}", w.where or p.name, w.suggested))
    if read:
        blocks: list[Block] = []
        for i, b in enumerate(doc.blocks):
            blocks.extend(read.get(i, [b]))
        doc.blocks = blocks
    return set(read)
