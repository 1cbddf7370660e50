"""``<table>`` -> :class:`~gxconvert.model.Table`: the HTML table model with
a slot-occupancy grid (spans, row groups, absurd colspans) and cell text."""

from __future__ import annotations

from ...model import Cell, Table
from .common import (
    _BLANK,
    _BLOCK,
    _BREAK_SET,
    _LIBXML_LINE_CAP,
    _UNCLEAN_CHAR,
    El,
    _clean_text,
    _etree,
    _int_attr,
    _is_tag,
    _line,
    _Locations,
    _tag,
    _unclean,
)

_CELL_TAGS = ("td", "th")
_SANE_SPAN = 100  # a colspan above this is absurd (official forms have 15 columns)
_MAX_ROWSPAN = 65534  # the HTML limit

def _cell_text(td: El) -> str:
    """A cell's text: block children and <br> lines joined with '\\n'.

    Most cells hold text, or a few children with no line break inside
    (Word's ``<p><span>…</span></p>``): those are read child by child, each
    child's text serialised by lxml; a cell with a break deeper down is
    walked element by element (:func:`_cell_lines`).  A cell of one child
    and blank text around it (``<td><p>…</p></td>``) is that child's text."""
    n = len(td)
    if not n:
        t: str | None = td.text
        if not t:
            return ""
        if not _unclean(t):  # nothing to clean, no blank but single spaces
            return t.strip(" ")
        return _clean_text(t).strip(" ") if t.strip(_BLANK) else ""
    if n == 1:
        c = td[0]
        tag = c.tag
        if tag.__class__ is str and tag != "br":
            head, tail = td.text, c.tail
            if (not head or not head.strip(_BLANK)) and (not tail or not tail.strip(_BLANK)):
                m = len(c)
                if not m:
                    t = c.text
                elif m == 1 and not len(g := c[0]):  # Word's <p><span>…</span></p>: no serialising
                    gt = g.tag
                    if gt in _BREAK_SET:
                        return _cell_lines(td)
                    t = "".join((c.text or "", (g.text or "") if gt.__class__ is str else "", g.tail or ""))
                else:
                    for x in c.iterdescendants():
                        if x.tag in _BREAK_SET:
                            return _cell_lines(td)
                    t = _etree().tostring(c, method="text", encoding=str, with_tail=False)
                return _clean_text(t).strip(" ") if t and t.strip(_BLANK) else ""
    tostring = _etree().tostring
    breaks = _BREAK_SET
    lines: list[str] = []
    buf: list[str] = [td.text or ""]
    for c in td:
        tag = c.tag
        if tag.__class__ is not str:  # a comment
            pass
        elif tag == "br":
            s = "".join(buf)
            if s.strip(_BLANK):
                lines.append(_clean_text(s).strip(" "))
            buf.clear()
        else:
            if len(c):
                for x in c.iterdescendants():  # a plain loop: a tag filter costs more on small cells
                    if x.tag in breaks:
                        return _cell_lines(td)
                s = tostring(c, method="text", encoding=str, with_tail=False)
            else:
                s = c.text or ""
            if tag in _BLOCK:
                t = "".join(buf)
                if t.strip(_BLANK):
                    lines.append(_clean_text(t).strip(" "))
                buf.clear()
                if s.strip(_BLANK):
                    lines.append(_clean_text(s).strip(" "))
            else:
                buf.append(s)
        if c.tail:
            buf.append(c.tail)
    s = "".join(buf)
    if s.strip(_BLANK):
        lines.append(_clean_text(s).strip(" "))
    return "\n".join(lines)


def _cell_lines(td: El) -> str:
    """:func:`_cell_text` element by element."""
    lines: list[str] = []
    buf: list[str] = []

    def end_line() -> None:
        if buf:
            s = _clean_text("".join(buf)).strip(" ")
            if s:
                lines.append(s)
            buf.clear()

    if td.text:
        buf.append(td.text)
    stack: list[tuple[El, bool]] = [(c, False) for c in reversed(td)]
    while stack:
        el, closing = stack.pop()
        if closing:
            if _tag(el) in _BLOCK:
                end_line()
            if el.tail:
                buf.append(el.tail)
            continue
        tag = _tag(el)
        if not tag:  # comment
            if el.tail:
                buf.append(el.tail)
            continue
        if tag == "br":
            end_line()
            if el.tail:
                buf.append(el.tail)
            continue
        if tag in _BLOCK:
            end_line()
        if el.text:
            buf.append(el.text)
        stack.append((el, True))
        for c in reversed(el):
            stack.append((c, False))
    end_line()
    return "\n".join(lines)


def _table_rows(table: El) -> tuple[list[El], list[str], list[El]]:
    """(rows as (tr, group index), caption texts, stray elements) in display order."""
    head: list[El] = []
    body: list[El] = []
    foot: list[El] = []
    captions: list[str] = []
    stray: list[El] = []
    group = 0
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            body.append((child, group))
        elif tag in ("thead", "tbody", "tfoot"):
            group += 1
            rows = [(tr, group) for tr in child if _tag(tr) == "tr"]
            (head if tag == "thead" else foot if tag == "tfoot" else body).extend(rows)
            group += 1
            for c in child:
                if _is_tag(c) and _tag(c) != "tr":
                    stray.append(c)
        elif tag == "caption":
            s = _clean_text(" ".join(child.itertext())).strip(" ")
            if s:
                captions.append(s)
        elif tag in ("colgroup", "col", ""):
            continue
        else:
            stray.append(child)
    return head + body + foot, captions, stray


def _grid(rows: list[list[El]], group_end: list[int], width: int | None, capped: bool, locs: _Locations
          ) -> tuple[list[Cell], bool]:
    """The cells of the table, placed by slot occupancy, with their text and
    source line; and whether a colspan is absurd.  ``rows[r]`` = the td/th
    of row ``r``; rowspans clamp to the end of the row's group
    (``group_end[r]``); ``width`` None = first pass, absurd colspans taken
    as 1.

    Within a row the cells go left to right, each at or after the end of the
    one before, so the only slots that can be taken ahead of a cell are those
    of cells of earlier rows with a rowspan: only those are recorded
    (``held[c]``: the last row the cell holding column ``c`` reaches), and a
    row that no rowspan reaches into (most rows, of most tables) places its
    cells one after the other without looking."""
    held: list[int] = []  # per column: the last row a cell with a rowspan holds it (shorter: free)
    n_held = 0  # len(held)
    reach = -1  # the last row any rowspan reaches
    out: list[Cell] = []
    add = out.append
    absurd = False
    cap = _LIBXML_LINE_CAP if capped else 1 << 62
    unclean_char, blank, cell_text = _UNCLEAN_CHAR, _BLANK, _cell_text
    for r, tds in enumerate(rows):
        cursor = 0
        limit = group_end[r] - r  # >= 1
        free = reach < r  # no slot of this row is held from above
        for td in tds:
            rs = cs = 1
            names = td.keys()  # most cells have none, or an align: their names alone (no values made)
            if names:
                if "rowspan" in names:
                    rs = _int_attr(td.get("rowspan"), 1)
                    if rs != 1:
                        rs = limit if rs == 0 else min(max(rs, 1), _MAX_ROWSPAN, limit)
                if "colspan" in names:
                    cs = max(_int_attr(td.get("colspan"), 1), 1)
            c = cursor
            if free:
                if cs > _SANE_SPAN:
                    absurd = True
                    cs = 1 if width is None else max(1, width - c)
                n = cs
            else:
                while c < n_held and held[c] >= r:
                    c += 1
                if cs > _SANE_SPAN:
                    absurd = True
                    cs = 1 if width is None else max(1, width - c)
                # cut the span where an earlier cell already holds the slot (slot c is free)
                n = 1
                while n < cs and (c + n >= n_held or held[c + n] < r):
                    n += 1
            if rs > 1:
                last = r + rs - 1
                need = c + n
                if need > n_held:
                    held.extend([-1] * (need - n_held))
                    n_held = need
                held[c:need] = [last] * n
                if last > reach:
                    reach = last
            cursor = c + cs
            if len(td):
                text = cell_text(td)
            else:  # most cells: their text alone (as _cell_text, without the call)
                text = td.text
                if not text:
                    text = ""
                elif "  " not in text and (text.isprintable() or not unclean_char(text)):  # as _unclean
                    text = text.strip(" ")
                else:
                    text = _clean_text(text).strip(" ") if text.strip(blank) else ""
            line = td.sourceline
            if line is not None and line >= cap:
                line = None  # as _line
            add(Cell(text, r, c, rs, n, locs[line]))
    return out, absurd


def _read_table(table: El, capped: bool, max_cells: int, locs: _Locations | None = None
                ) -> tuple[Table | None, list[str], list[El], bool]:
    """(table, captions, stray elements, truncated): at most ``max_cells``
    cells of this table are read (the budget is per table: a junk table
    cannot use up the cells of the report's tables)."""
    rows, captions, stray = _table_rows(table)
    # drop zero-height rows (Word's column-width spacer row)
    rows = [(tr, g) for tr, g in rows if (tr.get("height") or "").strip() not in ("0", "0px")]
    cells_el = []
    n_cells = 0
    cell_tags = _CELL_TAGS
    truncated = False
    for k, (tr, _g) in enumerate(rows):
        tds = [c for c in tr if c.tag in cell_tags]  # a tag filter costs more on a row of a few cells
        if n_cells + len(tds) > max_cells:
            tds = tds[: max(max_cells - n_cells, 0)]
            truncated = True
        cells_el.append(tds)
        n_cells += len(tds)
        if truncated:
            rows = rows[: k + 1]
            break
    if not n_cells:
        return None, captions, stray, truncated
    n_rows = len(rows)
    # the end of each row's group, for rowspan clamping
    group_end = [0] * n_rows
    end = n_rows
    for r in range(n_rows - 1, -1, -1):
        if r + 1 < n_rows and rows[r + 1][1] != rows[r][1]:
            end = r + 1
        group_end[r] = end
    if locs is None:
        locs = _Locations()
    cells, absurd = _grid(cells_el, group_end, None, capped, locs)
    if absurd:
        width = max(c.col + c.colspan for c in cells)
        cells, _ = _grid(cells_el, group_end, width, capped, locs)
    return Table(cells=cells, loc=locs[_line(table.sourceline, capped)]), captions, stray, truncated
