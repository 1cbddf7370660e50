"""Tables in PDFs: ruled grids (from the cell boxes of ``_grid``), borderless
tables (from text alignment) and tables continued over a page break."""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter, itemgetter
from typing import Any

from ...model import Cell, Location, Table
from ._grid import Rule
from ._layout import DASH_CELL, HEADING_START, Ch, Line, group_lines, line_text, split_segments

_X0 = attrgetter("x0")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_CLOSERS = ("。", "）", ")", "”", "；", "：", "》", "」")
_SPACE_RUN = re.compile(r"\s+")
_NUMERIC = re.compile(r"^[+\-－—]?[\d０-９][\d０-９,，.．]*\s*(?:万元|元|件|项|个|条|次|%)?$")


@dataclass(slots=True)
class PageTable:
    """A table found on one page, with its geometry (for joining pieces)."""

    table: Table
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    col_edges: list[float]  # x positions of the column boundaries
    ruled: bool = True
    pieces: list[int] = field(default_factory=list)  # pages joined into it
    uncertain: list[str] = field(default_factory=list)  # rows whose cut into cells is uncertain


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    """The index of the edge nearest to ``v`` (edges sorted)."""
    i = bisect_left(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def cell_text(chars: list[Ch]) -> str:
    """The text of one cell: its visual lines joined with '\\n'."""
    if not chars:
        return ""
    if len(chars) == 1:  # what line_text gives for one glyph
        t = chars[0].text
        return "" if t.isspace() else t.strip()
    top = min([c.top for c in chars])
    if all([c.top - top < 0.5 * (c.bottom - c.top) for c in chars]):  # one line: the common case
        return line_text(sorted(chars, key=_X0))
    return "\n".join(ln.text for ln in group_lines(list(chars)) if ln.text)


def _bucket_glyphs(boxes: list[tuple[float, float, float, float]], chars: list[Ch], cxs: list[float],
                   cys: list[float]) -> list[list[Ch]]:
    """The glyphs of each box: a glyph whose centre lies in a box (0.5 pt of
    tolerance) belongs to the first such box; glyphs in no box are left out.

    The glyphs inside the table are sorted by (centre y, centre x, drawing
    order); a box takes the run of them its height spans, and within that
    run (shared by the boxes of one row, sorted by x once) the ones its
    width spans."""
    buckets: list[list[Ch]] = [[] for _ in boxes]
    tx0, tx1 = min(b[0] for b in boxes) - 1, max(b[2] for b in boxes) + 1
    ty0, ty1 = min(b[1] for b in boxes) - 1, max(b[3] for b in boxes) + 1
    # only the glyphs inside the table are sorted, by (cy, cx, n): two
    # stable sorts on plain keys (taken in n order)
    centred = [(cy, cx, n, c) for n, (c, cx, cy) in enumerate(zip(chars, cxs, cys, strict=True))
               if ty0 <= cy <= ty1 and tx0 <= cx <= tx1]
    centred.sort(key=_SECOND)
    centred.sort(key=_FIRST)
    mids = [e[0] for e in centred]
    cxl = [e[1] for e in centred]
    runs: dict[tuple[int, int], tuple[list[float], list[int]]] = {}
    claimed: set[int] = set()
    for i, (x0, t, x1, b) in enumerate(boxes):
        lo, hi = bisect_left(mids, t - 0.5), bisect_right(mids, b + 0.5)
        run = runs.get((lo, hi))
        if run is None:  # the run's positions sorted by centre x
            ks = sorted(range(lo, hi), key=cxl.__getitem__)
            run = runs[lo, hi] = (list(map(cxl.__getitem__, ks)), ks)
        xs, ks = run
        mine = sorted(ks[bisect_left(xs, x0 - 0.5):bisect_right(xs, x1 + 0.5)])
        for k in mine:
            if k not in claimed:
                buckets[i].append(centred[k][3])
                claimed.add(k)
    return buckets


def grid_from_cells(cell_boxes: list[tuple[float, float, float, float]], chars: list[Ch], cxs: list[float],
                    cys: list[float], page: int) -> PageTable | None:
    """Ruled cell boxes (one box per merged cell) -> a Table with spans.

    A slot that no box covers gets no Cell; a box without text is Cell('')."""
    if len(cell_boxes) < 2:
        return None
    xs = _cluster([b[0] for b in cell_boxes] + [b[2] for b in cell_boxes], 2.0)
    ys = _cluster([b[1] for b in cell_boxes] + [b[3] for b in cell_boxes], 2.0)
    if len(xs) < 3 or len(ys) < 2 or (len(ys) < 3 and len(xs) < 4):
        return None  # a single column, or a row of fewer than three cells: a box, not a table
    # (a single row of three cells or more is kept: the last row of a table
    # that the page break left alone on the next page)
    loc = Location(page=page, box=(xs[0], ys[0], xs[-1], ys[-1]))
    boxes = list(cell_boxes)
    buckets = _bucket_glyphs(boxes, chars, cxs, cys)
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    # the boxes share their corners: each distinct position looked up once
    col_of = {v: _index(xs, v) for v in {v for bx in boxes for v in (bx[0], bx[2])}}
    row_of = {v: _index(ys, v) for v in {v for bx in boxes for v in (bx[1], bx[3])}}
    for (x0, t, x1, b), bucket in zip(boxes, buckets, strict=False):
        c0, c1 = col_of[x0], col_of[x1]
        r0, r1 = row_of[t], row_of[b]
        if c1 <= c0 or r1 <= r0 or (r0, c0) in taken:
            continue
        for r in range(r0, r1):
            for k in range(c0, c1):
                taken.add((r, k))
        cells.append(Cell(text=cell_text(bucket), row=r0, col=c0, rowspan=r1 - r0,
                          colspan=c1 - c0, loc=Location(page=page, box=(x0, t, x1, b))))
    cells.sort(key=lambda c: (c.row, c.col))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return PageTable(Table(cells=cells, loc=loc), page, bbox, xs, ruled=True, pieces=[page])


# --------------------------------------------------------------------------
# borderless tables: rows of text split into columns by wide gaps
# --------------------------------------------------------------------------


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.replace(" ", "")))


def _is_value(text: str) -> bool:
    """A number, or a dash standing for an empty cell (a value's place)."""
    return _is_numeric(text) or bool(DASH_CELL.match(text))


def find_borderless(lines: list[Line], page: int, pitch: float,
                    rules: list[Rule] | None = None) -> tuple[list[PageTable], set[int]]:
    """Runs of lines that split into aligned columns -> tables.  ``rules``:
    the page's horizontal rules outside ruled tables (a table ruled only
    between its rows takes its rows from them).

    Returns the tables and the indices of the lines they took."""
    segs = [split_segments(ln) for ln in lines]
    multi = [len(s) >= 2 for s in segs]
    for k in _lone_values(lines, segs):
        multi[k] = True  # a row of the table as much as a line of several pieces
    used: set[int] = set()
    tables: list[PageTable] = []
    # a table ruled only between its rows: the lines inside a stack of rules
    for top, bottom in _rule_stacks(rules or [], pitch):
        block = [k for k, ln in enumerate(lines) if ln.top >= top - 1 and ln.bottom <= bottom + 1]
        if sum(1 for k in block if multi[k] and any(_is_numeric(s.text) for s in segs[k])) < 1:
            continue
        t = _grid_from_lines([lines[k] for k in block], page, rules or [])
        if t is not None:
            tables.append(t)
            used.update(block)
    i = 0
    n = len(lines)
    while i < n:
        if not multi[i] or i in used:
            i += 1
            continue
        j = i
        # extend over multi-segment lines, and over short single-segment lines
        # (a wrapped cell) when a multi-segment line follows closely
        while j + 1 < n:
            gap = lines[j + 1].top - lines[j].top
            if gap > 2.6 * max(pitch, lines[j].size * 1.2):
                break
            if multi[j + 1]:
                j += 1
                continue
            # a run of short lines (the wrapped lines of long labels: any
            # number of them left of the values) followed closely by another
            # row of the table
            bx0 = min(ln.x0 for ln in lines[i:j + 1])
            width = max(ln.x1 for ln in lines[i:j + 1]) - bx0
            # left of the block's first value column: a label's wrapped line
            value_x = min((sg.x0 for sgs in segs[i:j + 1] for sg in sgs if _is_numeric(sg.text)), default=-1.0)
            k = j + 1
            size = lines[j].size
            while k < n and not multi[k] and (lines[k].x1 - lines[k].x0 < 0.5 * width or lines[k].x1 < value_x - 1) \
                    and (lines[k].x0 >= bx0 - 3 * lines[k].size or lines[k].x1 < value_x - 1) \
                    and lines[k].top - lines[k - 1].top < max(1.6 * pitch, 3.0 * size) \
                    and (k - j <= 4 or lines[k].x1 < value_x - 1) \
                    and abs(lines[k].size - size) <= 1.0:  # a heading in body text size is no label line
                k += 1
            if k < n and k > j + 1 and multi[k] and lines[k].top - lines[k - 1].top < 2.6 * max(pitch, size * 1.2):
                j = k
                continue
            m = j + 1  # the lines after the values left of them all: the last row's label
            while m < k and value_x > 0 and lines[m].x1 < value_x - 1:
                m += 1
            if m > j + 1 and (m < k or k == n or lines[k].top - lines[k - 1].top > 1.6 * pitch or multi[k] is False):
                # the last row's label wraps on after its values, then the table ends
                j = m - 1
            break
        block = list(range(i, j + 1))
        n_multi = sum(1 for k in block if multi[k])
        n_numeric_rows = sum(1 for k in block if (multi[k] and sum(_is_numeric(s.text) for s in segs[k]) >= 1
                             and any(not _is_numeric(s.text) for s in segs[k])) or
                             (multi[k] and sum(_is_numeric(s.text) for s in segs[k]) >= 3))
        max_numeric = max(sum(_is_numeric(s.text) for s in segs[k]) for k in block)
        at_top = i == 0  # the continuation of a table from the previous page
        if (n_multi >= 3 or (at_top and n_multi >= 2)) and \
                (n_numeric_rows >= 2 or max_numeric >= 3 or (at_top and n_numeric_rows >= 1)):
            bx0 = min(lines[k].x0 for k in block)
            bx1 = max(lines[k].x1 for k in block)

            def caption_like(k: int, ref: int, bx0: float = bx0, bx1: float = bx1) -> bool:
                ln = lines[k]
                return (k not in used and not multi[k] and abs(ln.top - lines[ref].top) < 1.8 * pitch
                        and ln.x1 - ln.x0 < 0.5 * (bx1 - bx0) and ln.x0 > bx0 - 2 and ln.x1 < bx1 + 2
                        and abs((ln.x0 - bx0) - (bx1 - ln.x1)) < 3 * ln.size)  # centred over the table

            while block[0] > 0 and caption_like(block[0] - 1, block[0]):
                block.insert(0, block[0] - 1)
            # the first row's label wrapped above its values (cells centred)
            value_x = min((sg.x0 for k in block for sg in segs[k] if _is_numeric(sg.text)), default=-1.0)
            while block[0] > 0 and _label_line_above(lines, block[0] - 1, block[0], value_x) \
                    and block[0] - 1 not in used:
                block.insert(0, block[0] - 1)
            while block[-1] + 1 < n and caption_like(block[-1] + 1, block[-1]):
                block.append(block[-1] + 1)
            j = block[-1]
            t = _grid_from_lines([lines[k] for k in block], page, rules or [])
            if t is not None:
                tables.append(t)
                used.update(block)
        i = j + 1
    return tables, used


def _lone_values(lines: list[Line], segs: list[list[Line]]) -> list[int]:
    """The lines holding nothing but one value set between two lines of a
    label left of it, within a line's height of each: a vertically centred
    cell's value beside a label wrapped over two (or four) lines, the row's
    values otherwise blank.  Prose never sets a line half a line below
    another."""
    out = []
    n = len(lines)
    for k, sk in enumerate(segs):
        if len(sk) != 1 or not _is_value(sk[0].text) or k == 0 or k + 1 >= n:
            continue
        v, above, below = lines[k], lines[k - 1], lines[k + 1]
        near = 1.1 * v.size
        if (0 < v.top - above.top < near and 0 < below.top - v.top < near
                and above.x1 < v.x0 - v.size and below.x1 < v.x0 - v.size
                and len(segs[k - 1]) == 1 and len(segs[k + 1]) == 1
                and not _is_value(segs[k - 1][0].text) and not _is_value(segs[k + 1][0].text)):
            out.append(k)
    return out


_Row = dict[int, tuple[int, list[str], list[Line]]]  # column -> (span, texts, pieces)


def _grid_from_lines(lines: list[Line], page: int, rules: list[Rule]) -> PageTable | None:
    """Lines split into pieces at wide gaps -> a table: columns from the
    pieces' x ranges, rows from the rules between them when the table has
    them, else from the lines (wrapped cells joined)."""
    rows = [split_segments(ln) for ln in lines]
    ranges = _column_ranges(rows)
    if len(ranges) < 2:
        return None
    ncol = len(ranges)
    edges = [ranges[0][0]] + [(ranges[k][1] + ranges[k + 1][0]) / 2 for k in range(ncol - 1)] + [ranges[-1][1]]
    own = _row_rules(lines, rows, rules)
    centred = None if own else _centred_owners(lines, rows, ranges)
    if own:
        grid_rows, bands, collided = _place_rows_by_rules(rows, ranges, own)
    elif centred:
        grid_rows, bands, collided = _place_rows_owned(lines, rows, ranges, centred)
    else:
        grid_rows, bands, collided = _place_rows(lines, rows, ranges)
    _centre_headings(grid_rows, ncol, collided)
    bbox = (min(ln.x0 for ln in lines), lines[0].top, max(ln.x1 for ln in lines), lines[-1].bottom)
    cells = _cells_of_rows(grid_rows, bands, collided, edges, page)
    uncertain = []
    for r, c in sorted(collided):
        label = next((t for k in sorted(grid_rows[r]) for t in grid_rows[r][k][1] if not _is_numeric(t)), "")
        uncertain.append(f"page {page}, row {label.replace(chr(10), '')[:20]!r}: "
                         f"{' | '.join(grid_rows[r][c][1])} in one column")
    return PageTable(Table(cells=cells, loc=Location(page=page, box=bbox)), page, bbox, edges, ruled=False,
                     pieces=[page], uncertain=uncertain)


def _label_line_above(lines: list[Line], k: int, first: int, value_x: float) -> bool:
    """Whether line ``k`` is the wrapped top of the label of the table's first
    row: that row's line holds values and no label of its own (cells
    centred), and line ``k`` is one short piece left of every value, in the
    table's type size, less than two lines above."""
    ln, nxt = lines[k], lines[first]
    first_segs = split_segments(nxt)
    return (value_x > 0 and bool(first_segs) and _is_value(first_segs[0].text)
            and len(split_segments(ln)) == 1 and ln.x1 < value_x - 1
            and abs(ln.size - nxt.size) <= 0.5 and 0 < nxt.top - ln.top < 1.8 * nxt.size)


def _centred_owners(lines: list[Line], rows: list[list[Line]], ranges: list[list[float]]) -> dict[int, int] | None:
    """For a table whose cells are vertically centred (a row's values sit
    between the lines of its wrapped label, on none of their baselines): the
    row each line belongs to, as {line: the line of the row's values}.

    The lines holding values are the rows' bands; a line of label text left
    of every value column joins the band nearest to it among those it
    touches (within a line's pitch of a line already in the band), so a
    label wrapped above and below its values is one row; the first line of
    a numbered label (``（二）``, ``1．``) joins no band above it (a cell's
    first line is never below its row's values).  Other lines
    (headers) stay rows of their own.  None when no row is set that way
    (values on a label line: the usual placement)."""
    anchors = [i for i, segs in enumerate(rows) if any(_is_value(s.text) for s in segs)]
    if not anchors:
        return None
    first_value = min(_columns_of(s, ranges)[0] for i in anchors for s in rows[i] if _is_value(s.text))
    if first_value == 0:
        return None

    n = len(lines)
    only = [all(not _is_value(s.text) and sum(_columns_of(s, ranges)) <= first_value for s in rows[i])
            for i in range(n)]
    cy = [(ln.top + ln.bottom) / 2 for ln in lines]
    step = 1.9 * statistics.median(ln.size for ln in lines)

    def close(i: int) -> list[int]:
        """The lines within a step of line ``i`` (lines run top to bottom)."""
        out = []
        for rng in (range(i - 1, -1, -1), range(i + 1, n)):
            for j in rng:
                if abs(cy[j] - cy[i]) > step:
                    break
                out.append(j)
        return out

    between = 0
    for a in anchors:
        near_a = close(a)
        if any(not _is_value(s.text) for s in rows[a]):
            # a label on the values' line: centred all the same when a
            # numbered label starts on the line above (its middle line)
            between += any(only[i] and cy[i] < cy[a] and HEADING_START.match(rows[i][0].text) for i in near_a) \
                and not any(HEADING_START.match(s.text) for s in rows[a] if not _is_value(s.text))
            continue
        above = any(only[i] and cy[i] < cy[a] for i in near_a)
        below = any(only[i] and cy[i] > cy[a] for i in near_a)
        between += above and below
    if not between:
        return None
    owner = {a: a for a in anchors}
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if i in owner or not only[i]:
                continue
            near = [owner[j] for j in close(i) if j in owner]
            if rows[i] and HEADING_START.match(rows[i][0].text):
                # a numbered label's first line: its row's values are never above it
                near = [a for a in near if cy[a] >= cy[i] - 0.5 * lines[i].size]
            if near:
                best = min(near, key=lambda a: (abs(cy[i] - cy[a]), a))
                owner[i] = best
                changed = True
    return owner


def _place_rows_owned(lines: list[Line], rows: list[list[Line]], ranges: list[list[float]], owner: dict[int, int]
                      ) -> tuple[list[_Row], list[tuple[float, float]], set[tuple[int, int]]]:
    """Rows from the lines' owners (see :func:`_centred_owners`): each row
    the lines of one band, top to bottom; a line owned by none its own row."""
    groups: dict[int, list[int]] = {}
    for i in range(len(lines)):
        groups.setdefault(owner.get(i, i), []).append(i)
    grid_rows: list[_Row] = []
    bands: list[tuple[float, float]] = []
    collided: set[tuple[int, int]] = set()
    for members in sorted(groups.values(), key=lambda m: min(lines[i].top for i in m)):
        row: _Row = {}
        for i in sorted(members, key=lambda i: lines[i].top):
            seen: set[int] = set()
            for s in rows[i]:
                c, span = _columns_of(s, ranges)
                if c in row:
                    if c in seen and _is_numeric(s.text) and any(_is_numeric(t) for t in row[c][1]):
                        collided.add((len(grid_rows), c))  # two values side by side in one column
                    row[c][1].append(s.text)
                    row[c][2].append(s)
                else:
                    row[c] = (span, [s.text], [s])
                seen.add(c)
        grid_rows.append(row)
        bands.append((min(lines[i].top for i in members), max(lines[i].bottom for i in members)))
    return grid_rows, bands, collided


def _rule_stacks(rules: list[Rule], pitch: float) -> list[tuple[float, float]]:
    """(top, bottom) of each stack of three or more long horizontal rules of
    about the same extent, each within a few lines of the next: the rows of a
    table ruled only between its rows."""
    long = [(y, spans) for y, spans in rules if spans[-1][1] - spans[0][0] > 150]
    out: list[tuple[float, float]] = []
    run: list[tuple[float, list[tuple[float, float]]]] = []

    def close() -> None:
        if len(run) >= 3:
            out.append((run[0][0], run[-1][0]))

    for y, spans in long:
        if run:
            x0, x1 = min(r[1][0][0] for r in run), max(r[1][-1][1] for r in run)
            # the same right end, or within the run's extent (the rule under
            # a header spanning some columns)
            inside = spans[0][0] >= x0 - 3 and spans[-1][1] <= x1 + 3
            if y - run[-1][0] > 6 * pitch or not (abs(spans[-1][1] - run[-1][1][-1][1]) <= 3 or inside):
                close()
                run = []
        run.append((y, spans))
    close()
    return out


def _row_rules(lines: list[Line], rows: list[list[Line]], rules: list[Rule]) -> list[Rule]:
    """The rules that rule the table's rows: across its lines' height, each
    crossing the whole width of its values; none unless two or more do
    between its lines (a table ruled between its rows)."""
    values = [s for segs in rows for s in segs if _is_value(s.text)]
    if not values:
        return []
    top, bottom = lines[0].top, lines[-1].bottom
    x0, x1 = min(s.x0 for s in values), max(s.x1 for s in values)
    pitch = max(ln.size for ln in lines) * 1.6
    own = [(y, spans) for y, spans in rules if top - pitch <= y <= bottom + pitch
           and sum(max(0.0, min(b, x1) - max(a, x0)) for a, b in spans) >= 0.9 * (x1 - x0)]
    inside = [y for y, _ in own if top < y < bottom]
    return own if len(inside) >= 2 and len(own) >= 3 else []


def _covers(spans: list[tuple[float, float]], x: float) -> bool:
    return any(a - 2 <= x <= b + 2 for a, b in spans)


def _place_rows_by_rules(rows: list[list[Line]], ranges: list[list[float]], rules: list[Rule]
                         ) -> tuple[list[_Row], list[tuple[float, float]], set[tuple[int, int]]]:
    """Each piece into the band between the rules above and below it, in
    its column; a piece under no rule at its x (a cell spanning rows, like a
    group label) joins the band above, up to the rule over it.  A label
    wrapped over two lines and its values set lower in the cell are one
    row.  Returns the rows, their bands and the collided slots."""
    ys = [y for y, _ in rules]
    by_band: dict[int, list[tuple[tuple[int, int], Line]]] = {}
    for segs in rows:
        for s in segs:
            b = bisect_left(ys, (s.top + s.bottom) / 2)  # rules above the piece's centre
            while b > 1 and not _covers(rules[b - 1][1], s.cx):
                b -= 1
            by_band.setdefault(b, []).append((_columns_of(s, ranges), s))
    grid_rows: list[_Row] = []
    bands: list[tuple[float, float]] = []
    collided: set[tuple[int, int]] = set()
    for b in sorted(by_band):
        placed = sorted(by_band[b], key=lambda e: (e[1].top, e[1].x0))
        row: _Row = {}
        seen_top: dict[int, float] = {}
        for (c, span), s in placed:
            if c in row:
                if _is_numeric(s.text) and any(_is_numeric(t) for t in row[c][1]) \
                        and abs(seen_top[c] - s.top) < 0.5 * s.size:
                    collided.add((len(grid_rows), c))  # two values side by side in one column
                row[c][1].append(s.text)
                row[c][2].append(s)
            else:
                row[c] = (span, [s.text], [s])
                seen_top[c] = s.top
        starts = sorted(row)
        for c, nxt in pairwise(starts):  # a span stops at the next cell
            if c + row[c][0] > nxt:
                row[c] = (nxt - c, *row[c][1:])
        grid_rows.append(row)
        bands.append((min(s.top for _, s in placed), max(s.bottom for _, s in placed)))
    return grid_rows, bands, collided


def _column_ranges(rows: list[list[Line]]) -> list[list[float]]:
    """The columns' x ranges, sorted: from the rows with the most pieces, then
    columns marked only by numbers, row labels left of them all and a
    header right of them all."""
    maxn = max(len(r) for r in rows)
    fine = [r for r in rows if len(r) >= max(2, maxn - 1)]
    # column ranges from the rows with the most segments
    ranges: list[list[float]] = []
    for fr in sorted(fine, key=len, reverse=True):
        for s in fr:
            hit = [k for k, (a, b) in enumerate(ranges) if s.x0 <= b and s.x1 >= a]
            if len(hit) == 1:
                a, b = ranges[hit[0]]
                ranges[hit[0]] = [min(a, s.x0), max(b, s.x1)]
            elif not hit and len(fr) == maxn:
                ranges.append([s.x0, s.x1])
    # numbers mark columns too: a column whose header sits on another row
    # (one header line above another) is found from the values under it, when three
    # rows or more have a value there (one value between two columns is a
    # value spanning them)
    extra: list[list[float]] = []  # [x0, x1, count]
    for row_segs in rows:
        if len(row_segs) < 2:
            continue
        for s in row_segs:
            if _is_numeric(s.text) and not any(s.x0 <= b + 1 and s.x1 >= a - 1 for a, b in ranges):
                same = next((e for e in extra if s.x0 <= e[1] + 1 and s.x1 >= e[0] - 1), None)
                if same is None:
                    extra.append([s.x0, s.x1, 1])
                else:
                    same[0], same[1], same[2] = min(same[0], s.x0), max(same[1], s.x1), same[2] + 1
    ranges.extend([e[0], e[1]] for e in extra if e[2] >= 3)
    ranges.extend(_header_columns(rows, ranges))
    # row labels left of every column found so far are a column of their own;
    # so is a header right of every column (a total's header over a column left blank)
    if ranges:
        lo_x, hi_x = min(a for a, _ in ranges), max(b for _, b in ranges)
        labels = [s for r in rows if len(r) >= 2 for s in r if s.x1 < lo_x - 1 and not _is_numeric(s.text)]
        if labels:
            ranges.append([min(s.x0 for s in labels), max(s.x1 for s in labels)])
        right = [s for r in rows if len(r) >= 2 for s in r if s.x0 > hi_x + 1]
        if right:
            ranges.append([min(s.x0 for s in right), max(s.x1 for s in right)])
    ranges.sort()
    return ranges


def _header_columns(rows: list[list[Line]], ranges: list[list[float]]) -> list[list[float]]:
    """Columns whose header sits on another line than the widest row's and
    whose values are all blank: a header word between two columns found so
    far, clear of both, on a line of several pieces above the table's first
    value (a sub-header lower down, centred over two columns, is a cell
    spanning them; a vertically centred
    header row puts its short headers on one line, its wrapped ones on
    others).  Each such column is the x range of the words one above the
    other; a word crossing a column found so far is a spanning header, no
    column."""
    if len(ranges) < 2:
        return []
    lo_x, hi_x = min(a for a, _ in ranges), max(b for _, b in ranges)
    found: list[list[float]] = []
    for row_segs in rows:
        if any(_is_value(s.text) for s in row_segs):
            break  # the header rows are those above the first value
        if len(row_segs) < 2:
            continue
        for s in row_segs:
            if _is_value(s.text) or not (lo_x < s.x0 and s.x1 < hi_x) \
                    or any(s.x0 <= b + 1 and s.x1 >= a - 1 for a, b in ranges):
                continue
            same = next((e for e in found if s.x0 <= e[1] + 1 and s.x1 >= e[0] - 1), None)
            if same is None:
                found.append([s.x0, s.x1])
            else:
                same[0], same[1] = min(same[0], s.x0), max(same[1], s.x1)
    return found


def _columns_of(s: Line, ranges: list[list[float]]) -> tuple[int, int]:
    """(first column, span) of a piece of a line."""
    ncol = len(ranges)
    hit = [k for k, (a, b) in enumerate(ranges) if s.x0 <= b + 1 and s.x1 >= a - 1]
    if len(hit) >= 2:
        # a wide text spans columns only when it really crosses their gap
        return hit[0], hit[-1] - hit[0] + 1
    if hit:
        a, b = ranges[hit[0]]
        if min(s.x1, b) - max(s.x0, a) >= 0.25 * (s.x1 - s.x0):
            return hit[0], 1
        # it only grazes a column: a wide value centred over two columns spans both
        k = hit[0] - 1 if s.cx < a else hit[0]
        if 0 <= k < ncol - 1:
            left, right = s.cx - ranges[k][1], ranges[k + 1][0] - s.cx
            if left > 0 and right > 0 and abs(left - right) < 0.25 * (left + right):
                return k, 2
        return hit[0], 1
    for k in range(ncol - 1):
        # centred in the gap between two columns: a cell spanning both
        left, right = s.cx - ranges[k][1], ranges[k + 1][0] - s.cx
        if left > 0 and right > 0 and abs(left - right) < 0.25 * (left + right):
            return k, 2
    k = min(range(ncol), key=lambda k: abs((ranges[k][0] + ranges[k][1]) / 2 - s.cx))
    return k, 1


def _place_rows(lines: list[Line], rows: list[list[Line]], ranges: list[list[float]]
                ) -> tuple[list[_Row], list[tuple[float, float]], set[tuple[int, int]]]:
    """Each line's pieces into the columns: a new row, or the row above
    continued (a wrapped cell).  Returns the rows, their bands (top, bottom)
    and the (row, column) slots where two values collided."""
    # rows: a line without numbers whose pieces all sit under text of the
    # previous row continues that row (a wrapped cell)
    grid_rows: list[_Row] = []
    bands: list[tuple[float, float]] = []
    collided: set[tuple[int, int]] = set()
    prev_line: Line | None = None
    for ln, segs in zip(lines, rows, strict=False):
        placed = [(_columns_of(s, ranges), s) for s in segs]
        if prev_line is not None and _continues(grid_rows, placed, ln, prev_line, segs):
            for (c, span), s in placed:
                if c in grid_rows[-1]:
                    grid_rows[-1][c][1].append(s.text)
                    grid_rows[-1][c][2].append(s)
                else:
                    grid_rows[-1][c] = (span, [s.text], [s])
            bands[-1] = (bands[-1][0], ln.bottom)
        else:
            row: _Row = {}
            for (c, span), s in placed:
                if c in row:
                    if _is_numeric(s.text) and any(_is_numeric(t) for t in row[c][1]):
                        collided.add((len(grid_rows), c))  # two values side by side in one column
                    row[c][1].append(s.text)
                    row[c][2].append(s)
                else:
                    row[c] = (span, [s.text], [s])
            grid_rows.append(row)
            bands.append((ln.top, ln.bottom))
        prev_line = ln
    return grid_rows, bands, collided


def _continues(grid_rows: list[_Row], placed: list[tuple[tuple[int, int], Line]], ln: Line, prev_line: Line,
               segs: list[Line]) -> bool:
    """Whether the line continues the row above (wrapped text, no numbers)."""
    if not grid_rows or any(_is_value(s.text) for s in segs) \
            or not ln.top - prev_line.top < 1.6 * max(ln.size, prev_line.size) * 1.3:
        return False
    last = grid_rows[-1]
    if any(HEADING_START.match(s.text) for s in segs[:1]) \
            and any(_is_value(t) for _, texts, _ in last.values() for t in texts):
        return False  # a numbered label after a row of values starts the next row
    if all(c in last and not all(_is_value(t) for t in last[c][1]) for (c, _), _ in placed):
        return True
    # wrapped label lines under a row of values (set at the top of
    # their cells): every piece left of the row's first value
    first_value = min((c for c, (_, texts, _) in last.items() if any(_is_value(t) for t in texts)),
                      default=None)
    return first_value is not None and all(c + span <= first_value for (c, span), _ in placed) \
        and not any(HEADING_START.match(s.text) and c == 0 for (c, _), s in placed)


def _centre_headings(grid_rows: list[_Row], ncol: int, collided: set[tuple[int, int]]) -> None:
    """A heading centred over several columns: grow its span symmetrically
    over empty slots of its row (numbers never grow: a blank value stays).
    A slot that collided (two texts in one column) moves with its cell."""
    for r, row in enumerate(grid_rows):
        if any(all(_is_numeric(t) for t in texts) for _, texts, _ in row.values()):
            continue
        for c in sorted(row):
            span, texts, segs = row[c]
            lo, hi = c, c + span - 1
            while lo - 1 >= 0 and hi + 1 < ncol and all(
                    k not in row and not any(o <= k < o + row[o][0] for o in row if o != c)
                    for k in (lo - 1, hi + 1)):
                lo, hi = lo - 1, hi + 1
            if lo != c:
                del row[c]
                row[lo] = (hi - lo + 1, texts, segs)
                if (r, c) in collided:
                    collided.discard((r, c))
                    collided.add((r, lo))


def _cells_of_rows(grid_rows: list[_Row], bands: list[tuple[float, float]], collided: set[tuple[int, int]],
                   edges: list[float], page: int) -> list[Cell]:
    """The rows' cells, a blank Cell for every slot no text covers."""
    ncol = len(edges) - 1
    cells: list[Cell] = []
    for r, (row, (top, bottom)) in enumerate(zip(grid_rows, bands, strict=False)):
        covered: set[int] = set()
        for c in sorted(row):
            span, texts, segs = row[c]
            span = max(1, min(span, ncol - c))
            box = (min(s.x0 for s in segs), min(s.top for s in segs), max(s.x1 for s in segs),
                   max(s.bottom for s in segs))
            # values that share a column on one line: which is whose is not
            # known, so the cell says so (it reads as no number) - never a guess
            text = " | ".join(texts) if (r, c) in collided else "\n".join(texts)
            cells.append(Cell(text=text, row=r, col=c, colspan=span, loc=Location(page=page, box=box)))
            covered.update(range(c, c + span))
        for c in range(ncol):
            if c not in covered:  # a blank: the column's width on the row's band
                cells.append(Cell(text="", row=r, col=c, loc=Location(page=page, box=(edges[c], top, edges[c + 1],
                                                                                      bottom))))
    cells.sort(key=lambda c: (c.row, c.col))
    return cells


# --------------------------------------------------------------------------
# joining the pieces of a table broken by page breaks
# --------------------------------------------------------------------------


def _row_texts(t: Table, r: int) -> list[str]:
    return [_SPACE_RUN.sub("", c.text) for c in sorted((c for c in t.cells if c.row == r), key=lambda c: c.col)]


def _align(a: PageTable, b: PageTable,
           tol: float = 3.0) -> tuple[dict[Any, int], dict[Any, int], list[float]] | None:
    """How the columns of ``a`` and ``b`` line up: ``(amap, bmap, edges)``
    where amap/bmap map a column-edge index of a/b to an edge index of the
    joined table, or None when they cannot be lined up.

    Ruled pieces line up by x position: the joined table has the union of
    both pieces' column edges (a piece whose merged cells hide a column
    boundary gets it from the other piece).  Otherwise pieces are counted
    from the right (a piece lost its label columns); text-aligned pieces go
    where their column middles fall."""
    na, nb = len(a.col_edges) - 1, len(b.col_edges) - 1
    if nb <= 0 or na <= 0:
        return None
    ident_a: dict[Any, int] = {k: k for k in range(na + 1)}
    if a.ruled and b.ruled:
        if abs(a.col_edges[-1] - b.col_edges[-1]) <= tol:
            union = _cluster(a.col_edges + b.col_edges, tol)
            amap: dict[Any, int] = {k: _index(union, x) for k, x in enumerate(a.col_edges)}
            bmap: dict[Any, int] = {k: _index(union, x) for k, x in enumerate(b.col_edges)}
            if all(abs(union[amap[k]] - x) <= tol for k, x in enumerate(a.col_edges)) and \
                    all(abs(union[bmap[k]] - x) <= tol for k, x in enumerate(b.col_edges)) and \
                    len(set(amap.values())) == na + 1 and len(set(bmap.values())) == nb + 1:
                return amap, bmap, union
        if nb <= na and (nb == na or abs(a.col_edges[-1] - b.col_edges[-1]) <= tol):
            return ident_a, {k: k + na - nb for k in range(nb + 1)}, a.col_edges
        return None
    # text-aligned pieces: each b column goes where its middle falls in a

    def b_numeric(k: int) -> bool:
        return any(_is_numeric(c.text) for c in b.table.cells if c.col == k)

    ca: dict[int, int] = {}
    for k in range(nb):
        mid = (b.col_edges[k] + b.col_edges[k + 1]) / 2
        ca[k] = min(range(na), key=lambda i: 0 if a.col_edges[i] <= mid <= a.col_edges[i + 1]
                    else min(abs(mid - a.col_edges[i]), abs(mid - a.col_edges[i + 1])))
    if not all(ca[k] <= ca[k + 1] for k in range(nb - 1)):
        return None
    if any(ca[k] == ca[k + 1] and (b_numeric(k) or b_numeric(k + 1)) for k in range(nb - 1)):
        return None  # only label columns may fold into one (a piece that split a label column)
    bmap = {k: ca[k] for k in range(nb)}
    bmap[nb] = ca[nb - 1] + 1
    # a cell ending at b's edge k ends after a's column ca[k-1]
    bmap.update({("end", k): ca[k - 1] + 1 for k in range(1, nb + 1)})
    return ident_a, bmap, a.col_edges


def join_pieces(a: PageTable, b: PageTable) -> bool:
    """Append table ``b`` (top of the next page) to ``a`` (end of the previous
    page) when they are one table.  Returns False (nothing changed) if the
    columns cannot be lined up."""
    aligned = _align(a, b)
    if aligned is None:
        return False
    amap, cmap, edges = aligned
    ta = a.table
    if any(amap[k] != k for k in range(len(a.col_edges))):
        for c in ta.cells:
            c.col, c.colspan = amap[c.col], amap[c.col + c.colspan] - amap[c.col]
        a.col_edges = list(edges)
    bcells = _without_repeated_header(ta, _continuation_cells(b, cmap, edges), b.table.n_rows)
    if not bcells:
        return True  # only the repeated header
    _append_continuation(ta, bcells)
    a.pieces.append(b.page)
    a.ruled = a.ruled and b.ruled
    return True


def _continuation_cells(b: PageTable, cmap: dict[Any, int], edges: list[float]) -> list[Cell]:
    """``b``'s cells in the joined table's columns: label columns folded into
    one column give one cell per slot; a text-aligned piece with fewer
    columns gets a blank cell in every slot its rows leave empty."""
    bcells = []
    for c in b.table.cells:
        c0 = cmap[c.col]
        c1 = cmap.get(("end", c.col + c.colspan), cmap[c.col + c.colspan])
        bcells.append(Cell(text=c.text, row=c.row, col=c0, rowspan=c.rowspan, colspan=max(1, c1 - c0), loc=c.loc))
    # label columns of b folded into one column of a: one cell per slot
    slots: dict[tuple[int, int], Cell] = {}
    for c in list(bcells):
        key = (c.row, c.col)
        if key in slots:
            kept = slots[key]
            if c.text:
                kept.text = f"{kept.text}\n{c.text}" if kept.text else c.text
            kept.colspan = max(kept.colspan, c.col + c.colspan - kept.col)
            bcells.remove(c)
        else:
            slots[key] = c
    # a blank cell of b whose column maps inside a wider cell of the same row (b's edge fell within one of a's
    # columns) is no slot of its own: kept, it would overlap the wider cell and stand for a blank value there
    inside = {(c.row, k) for c in bcells if c.colspan > 1 for k in range(c.col + 1, c.col + c.colspan)}
    if inside:
        bcells = [c for c in bcells if c.text or (c.row, c.col) not in inside]
    # a text-aligned piece had fewer columns: its rows get the joined table's
    # blank slots (a borderless table has a Cell for every slot)
    if not b.ruled:
        ncols = len(edges) - 1
        by_row: dict[int, list[Cell]] = {}
        for c in bcells:
            by_row.setdefault(c.row, []).append(c)
        for r, cs in by_row.items():
            covered = {k for c in cs for k in range(c.col, c.col + c.colspan)}
            boxes = [c.loc.box for c in cs if c.loc is not None and c.loc.box is not None]
            top = min(bx[1] for bx in boxes) if boxes else 0.0
            bottom = max(bx[3] for bx in boxes) if boxes else 0.0
            for k in range(ncols):
                if k not in covered:
                    bcells.append(Cell(text="", row=r, col=k, loc=Location(page=b.page, box=(
                        edges[k], top, edges[k + 1], bottom))))
    return bcells


def _without_repeated_header(ta: Table, bcells: list[Cell], n_rows_b: int) -> list[Cell]:
    """The continuation without the header rows it repeats (cells of those
    rows that span into the kept rows go with them: a repeated header never
    spans into the data); the rows left are renumbered from 0."""
    skip = 0
    for r in range(min(ta.n_rows, n_rows_b - 1)):
        ra = _row_texts(ta, r)
        rb = [_SPACE_RUN.sub("", c.text) for c in sorted((c for c in bcells if c.row == r), key=lambda c: c.col)]
        if ra and ra == rb and any(ra):
            skip = r + 1
        else:
            break
    if skip:
        bcells = [c for c in bcells if c.row >= skip]
        for c in bcells:
            c.row -= skip
    return bcells


def _append_continuation(ta: Table, bcells: list[Cell]) -> None:
    """Add the continuation's rows under ``ta``'s: a merged label cell
    running over the break grows down; a row cut in two by the break is put
    back together; the other rows follow."""
    n_rows_a = ta.n_rows
    last = n_rows_a - 1
    grid = ta.grid()
    first = sorted((c for c in bcells if c.row == 0), key=lambda c: c.col)
    # a merged label cell running over the break: the continuation shows an
    # empty cell in the same columns under a cell that spans rows
    absorbed: set[int] = set()
    grown: list[Cell] = []
    for c in first:
        above = grid[last][c.col] if c.col < len(grid[last]) else None
        if above is not None and not c.text and above.rowspan > 1 and above.row < last \
                and above.col == c.col and above.colspan == c.colspan:
            above.rowspan += c.rowspan
            absorbed.add(id(c))
            grown.append(above)
    rest = [c for c in first if id(c) not in absorbed]
    cut = _is_cut_row(rest, grid, last)
    if not cut:
        _continue_cut_labels(rest, grid, last, absorbed)
    offset = n_rows_a
    if cut:
        for c in rest:
            above = grid[last][c.col]
            assert above is not None  # lined up above: checked
            if c.text:
                above.text = f"{above.text}\n{c.text}" if above.text else c.text
                above.loc = above.loc or c.loc
            above.rowspan += c.rowspan - 1
            absorbed.add(id(c))
        for above in grown:  # the continuation's first row is the cut row itself
            above.rowspan -= 1
        offset = n_rows_a - 1
    for c in bcells:
        if id(c) in absorbed:
            continue
        c.row += offset
        ta.cells.append(c)
    ta.cells.sort(key=lambda c: (c.row, c.col))


def _is_cut_row(rest: list[Cell], grid: list[list[Cell | None]], last: int) -> bool:
    """Whether the continuation's first row (``rest``) and the last row above
    are one row cut in two by the break: the values sit in one half, the
    other half only continues the label text (or is empty)."""
    if not rest:
        return False
    for c in rest:
        above = grid[last][c.col] if c.col < len(grid[last]) else None
        if above is None or above.last_row != last or above.col != c.col or above.colspan != c.colspan:
            return False
    above_cells: list[Cell] = [grid[last][c.col] for c in rest]  # type: ignore[misc]
    num_a = [_is_numeric(a.text) for a in above_cells]
    num_b = [_is_numeric(c.text) for c in rest]
    # a column filled on both sides with a number on either side is two
    # rows (a header row ending the page, then the first data row)
    clash = any(a.text.strip() and c.text.strip() and (x or y)
                for a, c, x, y in zip(above_cells, rest, num_a, num_b, strict=False))
    one_side = any(num_a) != any(num_b)
    fresh = any(HEADING_START.match(c.text) for c in rest if c.text and not _is_numeric(c.text))
    everything_empty = not any(c.text for c in rest)
    # no numbers on either side: a label running on (its first half
    # does not end a phrase, the second does not start a new item)
    label_runs_on = not any(num_a) and not any(num_b) and all(
        not c.text or (a.text and not a.text.rstrip().endswith(_CLOSERS))
        for a, c in zip(above_cells, rest, strict=False))
    return not clash and not fresh and (one_side or everything_empty or label_runs_on)


def _continue_cut_labels(rest: list[Cell], grid: list[list[Cell | None]], last: int, absorbed: set[int]) -> None:
    """A merged label cell cut by the break: its text starts on one page and
    goes on in a cell spanning rows at the top of the next."""
    for c in rest:
        above = grid[last][c.col] if c.col < len(grid[last]) else None
        if (above is not None and c.rowspan > 1 and c.text and above.text and above.last_row == last
                and above.col == c.col and above.colspan == c.colspan
                and not _is_numeric(c.text) and not _is_numeric(above.text)
                and not HEADING_START.match(c.text) and not above.text.rstrip().endswith(_CLOSERS)):
            above.text = f"{above.text}\n{c.text}"
            above.rowspan += c.rowspan
            absorbed.add(id(c))
