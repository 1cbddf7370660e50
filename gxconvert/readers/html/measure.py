"""Text lengths (visible characters under each element), layout tables and
the article body found from them."""

from __future__ import annotations

from .common import El, _etree, _is_tag, _nchars, _tag

_LAYOUT_CELL_CHARS = 1000  # a cell holding this much text is page layout

_CONTAINERS = frozenset((
    "div", "section", "article", "main", "center", "td", "th", "tr", "tbody", "thead", "tfoot",
    "table", "font", "span", "blockquote", "form", "dd", "body"
))

def _text_lengths(root: El) -> dict[El, int]:
    """Visible characters (whitespace not counted) under each element,
    computed bottom-up in one pass."""
    return _measure(root)[0]


def _measure(root: El, layout: set[El] | None = None) -> tuple[dict[El, int], dict[El, int]]:
    """One bottom-up pass over ``root``'s subtree: (visible characters --
    whitespace not counted -- under each element, <table> elements each
    element holds, itself included).  Given a set, ``layout`` also
    receives the tables that are page layout, not data: a table that holds
    a table of two or more cells (one-cell tables inside cells are just
    boxes around a value), has a single cell, or has a cell holding more
    than 1000 characters (nested tables: no rescans)."""
    els = list(root.iter())
    length: dict[El, int] = dict.fromkeys(els, 0)
    tables: dict[El, int] = dict.fromkeys(els, 0)
    want_layout = layout is not None
    if want_layout:
        cells: dict[El, int] = dict.fromkeys(els, 0)  # td/th in the subtree
        widest: dict[El, int] = dict.fromkeys(els, 0)  # longest td/th text in the subtree
        data_inside: set[El] = set()  # holds a table of >= 2 cells (itself included)
    nchars = _nchars
    for e in reversed(els):
        tag = e.tag
        if tag.__class__ is str:
            t = e.text
            n = length[e] + (nchars(t) if t else 0)
            length[e] = n
            if tag == "table":
                tables[e] += 1
        else:
            n = 0
        if want_layout:
            if tag == "td" or tag == "th":
                cells[e] += 1
                if n > widest[e]:
                    widest[e] = n
            elif tag == "table":
                inner = any(c in data_inside for c in e)
                if inner or widest[e] > _LAYOUT_CELL_CHARS or cells[e] <= 1:
                    layout.add(e)  # type: ignore[union-attr]
                if cells[e] >= 2:
                    data_inside.add(e)
        if e is root:
            continue
        parent = e.getparent()
        if parent is not None:
            t = e.tail
            length[parent] += n + (nchars(t) if t else 0)
            k = tables[e]
            if k:
                tables[parent] += k
            if want_layout:
                k = cells[e]
                if k:
                    cells[parent] += k
                    if widest[e] > widest[parent]:
                        widest[parent] = widest[e]
                if e in data_inside:
                    data_inside.add(parent)
    return length, tables



_MEASURE_EACH = 32  # furniture candidates measured one by one (by lxml) before one pass measures all


class _Lengths:
    """Visible characters under the elements asked about: each serialised
    by lxml while few are asked (pages have a handful of navs and footers),
    then one bottom-up pass for all (:func:`_measure`) -- so a page of
    nested candidates costs no more than that pass."""

    def __init__(self, body: El) -> None:
        self.body = body
        self.asked = 0
        self.all: tuple[dict[El, int], dict[El, int]] | None = None

    def text(self, el: El) -> int:
        if self.all is None:
            self.asked += 1
            if self.asked <= _MEASURE_EACH:
                s = _etree().tostring(el, method="text", encoding=str, with_tail=False)
                return _nchars(s)
            self.all = _measure(self.body)
        return self.all[0].get(el, 0)

    def has_table(self, el: El) -> bool:
        if self.all is None:
            return next(el.iter("table"), None) is not None
        return bool(self.all[1].get(el, 0))



def _find_body(body: El, length: dict[El, int], tables: dict[El, int], layout: set[El]) -> El:
    """The article body: see the module doc.  Never narrowed past a table
    (every table of the page stays inside the body)."""
    page = length.get(body, 0)
    node = body
    if page == 0:
        return body
    while True:
        best, best_n = None, -1
        for c in node:
            if _is_tag(c):
                n = length.get(c, 0)
                if n > best_n:
                    best, best_n = c, n
        if best is None:
            return node
        tag = _tag(best)
        if tag not in _CONTAINERS or (tag == "table" and best not in layout):
            return node
        if best_n < 0.7 * length.get(node, 0) or best_n < 0.6 * page:
            return node
        if tables.get(best, 0) < tables.get(node, 0):
            return node
        node = best


