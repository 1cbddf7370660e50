"""Text lengths (visible characters under each element), layout tables and
the article body found from them."""

from __future__ import annotations

from collections.abc import Callable

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
    backwards = reversed(els)  # not `for e in reversed(els)`: mypyc cannot compile that over a list of Any
    for e in backwards:
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


_MEASURE_EACH = 32  # elements measured one by one (by lxml) before one pass measures all


def _two_cells(el: El) -> bool:
    """Whether ``el``'s subtree holds two td/th or more (lxml's iterator stops at the second)."""
    it = el.iter("td", "th")
    return next(it, None) is not None and next(it, None) is not None


class _Lengths:
    """Visible characters, tables and layout tables under the elements asked
    about: each element measured alone by lxml (its text serialised, its
    subtree searched in C) while few are asked -- a page has a handful of
    navs and footers, a body a few levels deep, a few tables -- then one
    bottom-up pass for all (:func:`_measure`), so a page of nested
    candidates costs no more than that pass.  The tree must not change
    while one is in use."""

    def __init__(self, body: El, length: int | None = None) -> None:
        """``length``: the visible characters under ``body`` when known."""
        self.body = body
        self.asked = 0
        self.all: tuple[dict[El, int], dict[El, int]] | None = None
        self.layout: set[El] = set()
        self.seen: dict[El, int] = {} if length is None else {body: length}  # elements measured alone
        self.tables_seen: dict[El, int] = {}
        self.layout_seen: dict[El, bool] = {}

    def _alone(self) -> bool:
        """Whether one more element may be measured alone; past the budget,
        the bottom-up pass measures all of them."""
        if self.all is not None:
            return False
        self.asked += 1
        if self.asked <= _MEASURE_EACH:
            return True
        self.all = _measure(self.body, self.layout)
        return False

    def text(self, el: El) -> int:
        """Visible characters under ``el`` (whitespace not counted)."""
        if self.all is None:
            n = self.seen.get(el)
            if n is not None:
                return n
            if self._alone():
                return self._text_alone(el)
        return self.all[0].get(el, 0)  # type: ignore[index]

    def _text_alone(self, el: El) -> int:
        n = self.seen.get(el)
        if n is None:
            n = _nchars(_etree().tostring(el, method="text", encoding=str, with_tail=False))
            self.seen[el] = n
        return n

    def children(self, node: El) -> Callable[[El], int]:
        """A measure of ``node``'s children: measuring all of them serialises
        ``node``'s subtree once, so they count as one element asked about."""
        if self.all is None and self._alone():
            return self._text_alone
        return self.text

    def tables(self, el: El) -> int:
        """<table> elements in ``el``'s subtree, itself included."""
        if self.all is None:
            n = self.tables_seen.get(el)
            if n is not None:
                return n
            if self._alone():
                n = sum(1 for _ in el.iter("table"))
                self.tables_seen[el] = n
                return n
        return self.all[1].get(el, 0)  # type: ignore[index]

    def has_table(self, el: El) -> bool:
        if self.all is None:
            return next(el.iter("table"), None) is not None
        return bool(self.all[1].get(el, 0))

    def is_layout(self, table: El) -> bool:
        """Whether ``table`` is page layout, not data (as :func:`_measure`
        says): it holds a table of two or more cells, has one cell or none,
        or has a cell of more than 1000 characters."""
        if self.all is None:
            got = self.layout_seen.get(table)
            if got is not None:
                return got
            if self._alone():
                got = self._layout_alone(table)
                self.layout_seen[table] = got
                return got
        return table in self.layout

    def _layout_alone(self, table: El) -> bool:
        """Linear in the table's subtree: of the tables inside it only the
        outermost are searched for two cells (the tables inside one of fewer
        cells have fewer too), and then a cell's text is measured only when
        no table in it has two cells (cells are nested two deep at most)."""
        if not _two_cells(table):
            return True
        inside: set[El] = set()
        tables = table.iter("table")
        next(tables)  # the table itself
        for inner in tables:
            if inner not in inside:
                if _two_cells(inner):
                    return True
                deeper = inner.iter("table")
                next(deeper)
                inside.update(deeper)
        tostring = _etree().tostring
        text = tostring(table, method="text", encoding=str, with_tail=False)
        if len(text) <= _LAYOUT_CELL_CHARS or _nchars(text) <= _LAYOUT_CELL_CHARS:
            return False  # no cell can hold more than the whole table
        return any(_nchars(tostring(td, method="text", encoding=str, with_tail=False)) > _LAYOUT_CELL_CHARS
                   for td in table.iter("td", "th"))


def _find_body(body: El, lengths: _Lengths) -> El:
    """The article body: see the module doc.  Never narrowed past a table
    (every table of the page stays inside the body).  At each level the
    children are measured until one holds 70% of the node's text (then no
    other can be longer) or too little text is left for one to.  The last
    child, when the others are measured, is not serialised: its length is
    the node's less theirs and less the node's own text and the tails
    (lengths add up: a count of the characters that are not whitespace) --
    a page's wrappers (body > div > div > article) have one child each, and
    the article is often the last child of its parent."""
    page = lengths.text(body)
    node = body
    if page == 0:
        return body
    while True:
        total = lengths.text(node)
        need = 0.7 * total
        left = total
        best = None
        measure = lengths.children(node)
        derive = lengths.all is None
        kids = [c for c in node if _is_tag(c)]
        last = len(kids) - 1
        for i, c in enumerate(kids):
            if left < need:
                break  # no child left can hold 70%
            if i == last and derive:
                n = left - _own_text(node)
                lengths.seen[c] = n
            else:
                n = measure(c)
            if n >= need:
                best, best_n = c, n  # the longest child: the others hold 30% at most
                break
            left -= n
        if best is None:
            return node
        tag = _tag(best)
        if tag not in _CONTAINERS or (tag == "table" and not lengths.is_layout(best)):
            return node
        if best_n < 0.6 * page:
            return node
        if lengths.tables(best) < lengths.tables(node):
            return node
        node = best


def _own_text(node: El) -> int:
    """Visible characters of ``node``'s own text and its children's tails
    (comments' and processing instructions' included: their tails show)."""
    t = node.text
    n = _nchars(t) if t else 0
    for c in node:
        t = c.tail
        if t:
            n += _nchars(t)
    return n
