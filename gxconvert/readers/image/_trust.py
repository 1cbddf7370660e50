"""Confidence on every cell read from pixels.

After the tables are built from an OCR page's glyphs, each cell's Location
gets the lowest confidence of the text boxes inside it, its box in the
page image's pixels, and ``doubtful`` when it holds a digit (or a dash,
which may be a digit) read with a confidence below :data:`MIN_DIGIT_CONF`.

The threshold is chosen from the corpus (``scripts/bench_ocr.py``; the table
is in the README): the numeric readings fall in two populations, 1,942 at
0.90 or more and 72 below 0.70 (lone digits in small type) with 2 between,
and none was a wrong digit; 0.90 is where the sure population begins, so
every reading below it is flagged, never guessed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ...model import Location, Table
from ._ocr import TextBox

if TYPE_CHECKING:
    from ._page import OcrPage

MIN_DIGIT_CONF = 0.90

#: letters the recogniser reads for a digit in a small cell (a lone 0 read as D or O): a cell of
#: nothing but digits and these holds a number; it is read as that number and is doubtful
_CONFUSED = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "〇": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER_OR_CONFUSED = re.compile(r"^[0-9OoDQ〇lI|]{1,6}$")
#: a dash (a blank cell's mark) read with a low confidence may be a digit (a 1, a 7): doubtful too
_DASH = re.compile(r"^\s*[-－—–―_/／\\]+\s*$")


def _inside(box: tuple[float, float, float, float], tb: TextBox, tol: float = 1.0) -> bool:
    cx, cy = (tb.x0 + tb.x1) / 2, (tb.top + tb.bottom) / 2
    return box[0] - tol <= cx <= box[2] + tol and box[1] - tol <= cy <= box[3] + tol


def cell_location(loc: Location, page: OcrPage) -> Location:
    assert loc.box is not None
    inside = [b for b in page.boxes if _inside(loc.box, b)]
    x0, t, x1, b = loc.box
    ox, oy, k = page.offset[0], page.offset[1], page.px_per_pt
    px = (round((x0 - ox) * k), round((t - oy) * k), round((x1 - ox) * k), round((b - oy) * k))
    if not inside:
        return replace(loc, pixel_box=px)
    conf = min(tb.conf for tb in inside)
    doubtful = any(tb.conf < MIN_DIGIT_CONF and (any(ch.isdigit() for ch in tb.text) or _DASH.fullmatch(tb.text))
                   for tb in inside)
    return replace(loc, conf=conf, pixel_box=px, doubtful=doubtful)


def mark_cells(tables: Iterable[Table], pages: Mapping[int, OcrPage]) -> None:
    """Every cell of an OCR page (``pages``: page number -> what OCR read on
    it) gets its confidence and pixel box."""
    for table in tables:
        for cell in table.cells:
            loc = cell.loc
            if loc is not None and loc.box is not None and loc.page is not None and loc.page in pages:
                cell.loc = cell_location(loc, pages[loc.page])
                text = cell.text.strip()
                if _NUMBER_OR_CONFUSED.match(text) and not text.isdigit():
                    cell.text = text.translate(_CONFUSED)  # a digit read as a letter: doubtful, so never taken as is
                    cell.loc = replace(cell.loc, doubtful=True)
