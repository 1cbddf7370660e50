"""The three tables of a form as printed: header cells with their spans, row
label cells and value slots, built from the form's data alone.

The words and the header structure come from the ``display`` keys of the
template JSON (:func:`gxconvert.templates.display`); the rows, columns and
their order from :class:`gxconvert.templates.Template`.  This module holds
no label of any form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..templates import Template, display, get, sections


@dataclass(frozen=True, slots=True)
class Label:
    """A header or row-label cell."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    unit: str = ""
    role: str = "head"  # "head" (column header) | "row" (row label) | "block" (a block heading) | "corner"


@dataclass(frozen=True, slots=True)
class Slot:
    """A value cell: ``path`` is the full dotted path (table first)."""

    path: str
    label: str  # row and column words, for the provenance panel
    colspan: int = 1


Cell = Label | Slot


@dataclass(frozen=True, slots=True)
class FormTable:
    key: str  # "active_disclosure" | "applications" | "review_litigation"
    caption: str  # the part's heading, e.g. "二、主动公开政府信息情况"
    head: list[list[Label]]
    body: list[list[Cell]]
    n_cols: int

    def slots(self) -> list[Slot]:
        return [c for row in self.body for c in row if isinstance(c, Slot)]


@dataclass(frozen=True, slots=True)
class Span:
    """One merged cell of a label hierarchy: items ``start`` ..
    ``start + count - 1`` share it at ``level``; it stretches over ``depth``
    levels (itself and the null/padded levels after it)."""

    level: int
    start: int
    count: int
    depth: int
    text: str


def merge(paths: Sequence[Sequence[str | None]]) -> list[Span]:
    """Merged cells of label paths (outermost label first).  Neighbours share
    a cell where their paths agree up to and including that level; a null
    entry, or the end of a shorter path, stretches the cell before it."""
    depth = max((len(p) for p in paths), default=0)
    padded = [list(p) + [None] * (depth - len(p)) for p in paths]
    out: list[Span] = []
    for level in range(depth):
        i = 0
        while i < len(padded):
            text = padded[i][level]
            if text is None:
                i += 1
                continue
            j = i + 1
            while j < len(padded) and padded[j][: level + 1] == padded[i][: level + 1]:
                j += 1
            stretch = 1
            while level + stretch < depth and all(padded[k][level + stretch] is None for k in range(i, j)):
                stretch += 1
            out.append(Span(level, i, j - i, stretch, text))
            i = j
    return out


def _caption(display_table: dict[str, Any], fallback: str) -> str:
    number = display_table.get("section")
    for s in sections():
        if s.number == number:
            return s.heading
    return fallback


def _words(path: Sequence[str | None]) -> str:
    return " ".join(p for p in path if p)


def active_disclosure(t: Template, d: dict[str, Any]) -> FormTable:
    """Table 二: blocks (第二十条第（…）项), each a heading row, a header row
    and its rows; a block with fewer columns stretches its last one."""
    rows_by_key = {r.key: r for r in t.active_rows}
    row_words: dict[str, str] = d.get("rows", {})
    col_words: dict[str, str] = d.get("columns", {})
    units: dict[str, str] = d.get("units", {})
    blocks: list[dict[str, Any]] = d.get("blocks") or [{"heading": "", "rows": [r.key for r in t.active_rows]}]
    placed = {k for b in blocks for k in b["rows"]}
    leftover = [r.key for r in t.active_rows if r.key not in placed]
    if leftover:  # a row the display data forgot still shows, under its key
        blocks = [*blocks, {"heading": "", "rows": leftover}]
    width = max(len(rows_by_key[k].columns) for b in blocks for k in b["rows"]) + 1
    body: list[list[Cell]] = []
    for b in blocks:
        cols: list[str] = []
        for k in b["rows"]:
            cols.extend(c for c in rows_by_key[k].columns if c not in cols)
        spans = [1] * len(cols)
        if cols:
            spans[-1] += width - 1 - len(cols)
        if b.get("heading"):
            body.append([Label(b["heading"], colspan=width, role="block")])
        header: list[Cell] = [Label(d.get("head", ""), role="head")]
        header += [Label(col_words.get(c, c), colspan=s, unit=units.get(c, ""), role="head")
                   for c, s in zip(cols, spans, strict=False)]
        body.append(header)
        for k in b["rows"]:
            own = rows_by_key[k].columns
            row: list[Cell] = [Label(row_words.get(k, k), role="row")]
            for c, s in zip(cols, spans, strict=False):
                if c in own:
                    row.append(Slot(f"active_disclosure.{k}.{c}",
                                    _words([row_words.get(k, k), col_words.get(c, c)]), s))
                else:
                    row.append(Label("", colspan=s, role="row"))
            body.append(row)
    return FormTable("active_disclosure", _caption(d, "active_disclosure"), [], body, width)


def applications(t: Template, d: dict[str, Any]) -> FormTable:
    """Table 三: a corner cell over the row labels, the applicant columns'
    merged header, and the rows' merged labels down the left."""
    col_paths = [d.get("columns", {}).get(c.key) or [c.key] for c in t.app_columns]
    row_paths = [d.get("rows", {}).get(r.key) or [r.key] for r in t.app_rows]
    head_depth = max(len(p) for p in col_paths)
    label_depth = max(len(p) for p in row_paths)
    head: list[list[Label]] = [[] for _ in range(head_depth)]
    head[0].append(Label(d.get("corner", ""), rowspan=head_depth, colspan=label_depth, role="corner"))
    for s in merge(col_paths):
        head[s.level].append(Label(s.text, rowspan=s.depth, colspan=s.count))
    body: list[list[Cell]] = [[] for _ in t.app_rows]
    for s in merge(row_paths):
        body[s.start].append(Label(s.text, rowspan=s.count, colspan=s.depth, role="row"))
    for i, r in enumerate(t.app_rows):
        for c, cp in zip(t.app_columns, col_paths, strict=False):
            body[i].append(Slot(f"applications.{r.key}.{c.key}", _words([*row_paths[i], "·", cp[-1]])))
    return FormTable("applications", _caption(d, "applications"), head, body, label_depth + len(col_paths))


def review_litigation(t: Template, d: dict[str, Any]) -> FormTable:
    """Table 四: one row of values under a header of group paths with the
    result columns as leaves."""
    groups: dict[str, list[str | None]] = d.get("groups", {})
    words: dict[str, str] = d.get("columns", {})
    keys = [(g.key, c.key) for g in t.review_groups for c in t.review_columns]
    paths = [[*(groups.get(g) or [g]), words.get(c, c)] for g, c in keys]
    depth = max(len(p) for p in paths)
    head: list[list[Label]] = [[] for _ in range(depth)]
    for s in merge(paths):
        head[s.level].append(Label(s.text, rowspan=s.depth, colspan=s.count))
    row: list[Cell] = [Slot(f"review_litigation.{g}.{c}", _words(p)) for (g, c), p in zip(keys, paths, strict=False)]
    return FormTable("review_litigation", _caption(d, "review_litigation"), head, [row], len(keys))


@cache
def _display_of(template_id: str) -> dict[str, Any]:
    return display(template_id)  # one copy per form, never changed here


@cache
def _tables_of(template_id: str) -> tuple[FormTable, ...]:
    t, d = get(template_id), _display_of(template_id)
    return (active_disclosure(t, d.get("active_disclosure", {})),
            applications(t, d.get("applications", {})),
            review_litigation(t, d.get("review_litigation", {})))


def form_tables(t: Template) -> list[FormTable]:
    """Tables 二, 三, 四 of form ``t``, in order (built once per form)."""
    return list(_tables_of(t.id))


def where_words(t: Template, where: str) -> str:
    """The form's words for a check's ``where`` (a row, column or group of
    table 三 or 四, e.g. ``applications.new_received``); '' if none."""
    d = _display_of(t.id)
    table, _, key = where.partition(".")
    td: dict[str, Any] = d.get(table, {})
    for part in ("rows", "groups"):
        path = td.get(part, {}).get(key)
        if path:
            return _words(path)
    col = td.get("columns", {}).get(key)
    if isinstance(col, list) and col:
        return str(col[-1])
    return col if isinstance(col, str) else ""
