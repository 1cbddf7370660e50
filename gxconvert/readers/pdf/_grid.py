"""Ruled tables from ruling edges: the cell boxes a page's lines enclose.

The algorithm is pdfplumber's ``TableFinder`` with explicit lines (after
Anssi Nurminen's thesis, as in Tabula), rewritten over plain tuples so the
reader needs no second PDF parser:

1. *snap*: edges of one orientation whose positions lie within ``SNAP`` of
   each other (chained) move to their average position;
2. *join*: edges on one line that overlap or nearly touch (``JOIN``) become
   one; edges shorter than ``MIN_LENGTH`` are dropped;
3. *intersections*: every vertical/horizontal pair that crosses (within
   ``CROSS``) is a vertex, remembering the edges through it;
4. *cells*: from each vertex the smallest rectangle whose four corners are
   vertices joined by edges;
5. *tables*: cells grouped by shared corners; groups of one cell dropped.

Edges are ``(x0, x1, y)`` (horizontal) and ``(x, top, bottom)`` (vertical)
in page points, origin top-left.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

HEdge = tuple[float, float, float]  # x0, x1, y
VEdge = tuple[float, float, float]  # x, top, bottom
Box = tuple[float, float, float, float]  # x0, top, x1, bottom

SNAP = 3.0
JOIN = 3.0
CROSS = 3.0
MIN_LENGTH = 3.0
#: more edges than this on one page is a drawing, not a table: no cells
MAX_EDGES = 6000


def _snap(positions: list[float], tol: float) -> dict[float, float]:
    """Each distinct position -> the average position of its chained cluster
    (weighted by how many edges sit there)."""
    counts: dict[float, int] = defaultdict(int)
    for p in positions:
        counts[p] += 1
    out: dict[float, float] = {}
    group: list[float] = []

    def close() -> None:
        n = sum(counts[v] for v in group)
        avg = sum(v * counts[v] for v in group) / n
        for v in group:
            out[v] = avg

    for v in sorted(counts):
        if group and v > group[-1] + tol:
            close()
            group = []
        group.append(v)
    if group:
        close()
    return out


def _join(spans: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    spans.sort()
    joined = [spans[0]]
    for lo, hi in spans[1:]:
        a, b = joined[-1]
        if lo <= b + tol:
            if hi > b:
                joined[-1] = (a, hi)
        else:
            joined.append((lo, hi))
    return joined


def merge_edges(h: list[HEdge], v: list[VEdge]) -> tuple[list[HEdge], list[VEdge]]:
    """Snap, join and filter the edges (steps 1-2)."""
    hy = _snap([e[2] for e in h], SNAP)
    vx = _snap([e[0] for e in v], SNAP)
    h_lines: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for x0, x1, y in h:
        h_lines[hy[y]].append((x0, x1))
    v_lines: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for x, t, b in v:
        v_lines[vx[x]].append((t, b))
    hm = [(a, b, y) for y, spans in h_lines.items() for a, b in _join(spans, JOIN) if b - a >= MIN_LENGTH]
    vm = [(x, a, b) for x, spans in v_lines.items() for a, b in _join(spans, JOIN) if b - a >= MIN_LENGTH]
    return hm, vm


def close_cut_tables(h: list[HEdge], v: list[VEdge]) -> list[HEdge]:
    """Horizontal edges a page break took away.

    A table broken by the page end (browsers cut a row, or a cell spanning
    rows, wherever the page ends) has vertical edges that stop at the cut
    with no horizontal edge there; the same at the top of the next page.
    Where two or more vertical edges end (or start) at the lowest (highest)
    point of the page's drawing and no horizontal edge runs there, the cut
    is ruled: one horizontal edge across those verticals."""
    out: list[HEdge] = []
    if len(v) < 2:
        return out
    for at_bottom in (True, False):
        y = max(e[2] for e in v) if at_bottom else min(e[1] for e in v)
        ends = [e[0] for e in v if abs((e[2] if at_bottom else e[1]) - y) <= SNAP]
        if len(ends) < 2:
            continue
        x0, x1 = min(ends), max(ends)
        if any(abs(e[2] - y) <= SNAP and e[0] <= x0 + SNAP and e[1] >= x1 - SNAP for e in h):
            continue  # already ruled
        out.append((x0, x1, y))
    return out


def find_cell_boxes(h: list[HEdge], v: list[VEdge]) -> list[list[Box]]:
    """The ruled tables of a page: per table, its cells' boxes."""
    if len(h) + len(v) > MAX_EDGES or not h or not v:
        return []
    h, v = merge_edges(h, v)
    cut = close_cut_tables(h, v)
    if cut:
        h, v = merge_edges(h + cut, v)
    # 3. intersections: vertex -> the edges through it (each edge by its
    # place in its sorted list: equal edges meet the same vertices, so
    # sharing a place is sharing an edge, and an int hashes at once)
    through_v: dict[tuple[float, float], set[int]] = defaultdict(set)
    through_h: dict[tuple[float, float], set[int]] = defaultdict(set)
    hs = sorted(h, key=lambda e: (e[2], e[0]))
    h_ys = [e[2] for e in hs]
    for iv, (x, top, bottom) in enumerate(sorted(v)):
        for k in range(bisect_left(h_ys, top - CROSS), bisect_right(h_ys, bottom + CROSS)):
            he = hs[k]
            if he[0] - CROSS <= x <= he[1] + CROSS:
                vertex = (x, he[2])
                through_v[vertex].add(iv)
                through_h[vertex].add(k)
    points = sorted(through_v)
    if not points:
        return []
    by_x: dict[float, list[tuple[float, float]]] = defaultdict(list)
    by_y: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for p in points:  # sorted: each list ascends
        by_x[p[0]].append(p)
        by_y[p[1]].append(p)

    def v_link(p: tuple[float, float], q: tuple[float, float]) -> bool:
        return not through_v[p].isdisjoint(through_v[q])

    def h_link(p: tuple[float, float], q: tuple[float, float]) -> bool:
        return not through_h[p].isdisjoint(through_h[q])

    # 4. the smallest cell from each vertex
    cells: list[Box] = []
    for pt in points:
        col, row = by_x[pt[0]], by_y[pt[1]]  # each ascending: what follows pt lies below / right of it
        below = col[bisect_right(col, pt):]
        right = row[bisect_right(row, pt):]
        found = None
        for b in below:
            if not v_link(pt, b):
                continue
            for r in right:
                if not h_link(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in through_v and v_link(corner, r) and h_link(corner, b):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return _group(cells)


def _corners(c: Box) -> tuple[tuple[float, float], ...]:
    return (c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3])


def _group(cells: list[Box]) -> list[list[Box]]:
    """5. cells -> tables: a cell joins the group it shares a corner with.

    Passes over the cells in their found order: a cell joins the current
    table when it shares a corner with it; a pass that adds nothing closes
    the table, and the next starts with the first cell left.  (This order
    is the order the cells' text is claimed in.)"""
    remaining = [(c, _corners(c)) for c in cells]
    tables: list[list[Box]] = []
    corners: set[tuple[float, float]] = set()
    current: list[Box] = []
    while remaining:
        before = len(current)
        keep: list[tuple[Box, tuple[tuple[float, float], ...]]] = []
        for c, cc in remaining:
            if not current or not corners.isdisjoint(cc):
                corners.update(cc)
                current.append(c)
            else:
                keep.append((c, cc))
        remaining = keep
        if len(current) == before:
            tables.append(current)
            corners = set()
            current = []
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


#: a horizontal rule: y, then its joined spans (x0, x1)
Rule = tuple[float, list[tuple[float, float]]]


def horizontal_rules(h: list[HEdge], outside: list[tuple[float, float, float, float]]) -> list[Rule]:
    """The page's horizontal rules not part of a ruled table (boxes in
    ``outside`` are the ruled tables found): one per height, its segments
    joined.  A table ruled only between its rows keeps them here."""
    kept = [(x0, x1, y) for x0, x1, y in h if x1 - x0 >= MIN_LENGTH
            and not any(bx0 - 1 <= x0 and x1 <= bx1 + 1 and top - 1 <= y <= bottom + 1
                        for bx0, top, bx1, bottom in outside)]
    if not kept:
        return []
    snapped = _snap([y for _, _, y in kept], SNAP)
    by_y: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for x0, x1, y in kept:
        by_y[snapped[y]].append((x0, x1))
    return [(y, _join(spans, JOIN)) for y, spans in sorted(by_y.items())]
