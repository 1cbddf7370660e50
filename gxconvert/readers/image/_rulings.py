"""Ruling lines of a page image by morphology: long thin runs of dark
pixels, horizontal and vertical, as the edges the PDF table finder takes
(``readers.pdf._grid``: ``(x0, x1, y)`` and ``(x, top, bottom)``), in pixels.

At the OCR resolution (200 dpi) a character is ~29 px high: a vertical run
of 40 px or more and a horizontal run of 100 px or more is a ruling, not a
stroke (the strokes of neighbouring characters such as 本年 line up into
runs of 60-70 px: a gap of more than 3 px between them is kept open).
Gaps of a few pixels (a fax threshold, a faint scan) are closed first."""

from __future__ import annotations

from typing import Any

HEdge = tuple[float, float, float]
VEdge = tuple[float, float, float]

MIN_H = 100  # px: shortest horizontal ruling
MIN_V = 40  # px: shortest vertical ruling
MAX_THICK = 12  # px: a thicker run is a filled area, not a line
SLACK = 4  # px added at each end: a line stopping short of the one it meets still meets it


def ruling_edges(gray: Any) -> tuple[list[HEdge], list[VEdge]]:
    import cv2
    import numpy as np

    ink = (gray < 150).astype(np.uint8) * 255
    horiz = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (MIN_H, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, MIN_V)))
    h_edges: list[HEdge] = []
    v_edges: list[VEdge] = []
    n, _, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    for x, y, w, hh, _area in stats[1:n]:
        if hh <= MAX_THICK:
            h_edges.append((float(x - SLACK), float(x + w + SLACK), float(y + hh / 2)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(vert, connectivity=8)
    for x, y, w, hh, _area in stats[1:n]:
        if w <= MAX_THICK:
            v_edges.append((float(x + w / 2), float(y - SLACK), float(y + hh + SLACK)))
    return h_edges, v_edges


def erase(gray: Any, h_edges: list[HEdge], v_edges: list[VEdge]) -> Any:
    """``gray`` with its rulings painted white (text detection then sees the
    digits in the cells, not the lines between them)."""
    import cv2

    out = gray.copy()
    for x0, x1, y in h_edges:
        if x1 - x0 >= 1.5 * MIN_H:
            cv2.line(out, (int(x0 + SLACK), round(y)), (int(x1 - SLACK), round(y)), 255, 3)
    for x, t, b in v_edges:
        if b - t >= 1.5 * MIN_V:
            cv2.line(out, (round(x), int(t + SLACK)), (round(x), int(b - SLACK)), 255, 3)
    return out
