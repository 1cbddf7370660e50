"""Flatten a Document into one ordered stream of events for the matcher.

A *logical row* is a table row read as label cells followed by value cells.
Grid rows give them directly; cell streams (tables whose row boundaries were
lost) are cut into rows at each label that follows a value.  Section
headings are recognised in paragraphs and in stream cells alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cell, Document, Location, Paragraph, Table
from ..normalize import label_key, squash
from ..templates import sections
from ..values import is_blank, looks_numeric

CN_NUM = "一二三四五六七八九十"


@dataclass(slots=True)
class LRow:
    labels: list[Cell]  # label cells with text, in order
    values: list[Cell]  # value cells (numbers or blanks), in order
    table: int  # index of the source table among the document's tables
    source: Table
    loc: Location | None = None

    @property
    def has_number(self) -> bool:
        return any(looks_numeric(c.text) for c in self.values)

    def label_texts(self) -> list[str]:
        return [c.text for c in self.labels]


@dataclass(slots=True)
class Heading:
    number: int
    text: str
    loc: Location | None


@dataclass(slots=True)
class Para:
    text: str
    loc: Location | None


@dataclass(slots=True)
class Events:
    items: list = field(default_factory=list)  # Heading | Para | LRow
    tables: list[Table] = field(default_factory=list)


def heading_number(text: str, after: int) -> int | None:
    """The section number (1..6) if ``text`` is one of the six part headings
    and comes after part ``after``; else None.  A numbered heading must carry
    the part's own Chinese numeral (``四、``); an unnumbered one must say the
    heading's words exactly (Word list numbering drops the ``四、``)."""
    t = squash(text)
    if not t or len(t) > 40:
        return None
    prefix_num = None
    if t[0] in CN_NUM and len(t) > 1 and t[1] in "、.,":
        prefix_num = CN_NUM.index(t[0]) + 1
    elif t[0].isdigit() or t[0] in "(第":
        return None  # 3.政府信息公开行政复议… is a subsection, (一)… too
    key = label_key(t)
    for spec in sections():
        if spec.number <= after:
            continue
        if prefix_num is not None and prefix_num != spec.number:
            continue
        for lab in spec.labels:
            if key == lab or (prefix_num is not None and key.startswith(lab)):
                return spec.number
    return None


def _is_label(cell: Cell) -> bool:
    return not is_blank(cell.text) and not looks_numeric(cell.text)


def _row_from_cells(cells: list[Cell], t_index: int, table: Table) -> LRow:
    """Label cells are the leading cells up to the last label-like cell; the
    rest are value cells (numbers or blanks)."""
    last_label = -1
    for k, c in enumerate(cells):
        if _is_label(c):
            last_label = k
    labels = [c for c in cells[: last_label + 1] if _is_label(c)]
    values = cells[last_label + 1:]
    loc = cells[0].loc if cells else table.loc
    return LRow(labels=labels, values=values, table=t_index, source=table, loc=loc)


def build_events(doc: Document) -> Events:
    ev = Events()
    current = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            n = heading_number(block.text, current)
            if n is not None:
                current = n
                ev.items.append(Heading(n, block.text.strip(), block.loc))
            else:
                ev.items.append(Para(block.text, block.loc))
            continue
        t_index = len(ev.tables)
        ev.tables.append(block)
        if block.rows_reliable:
            for row in block.rows():
                if row:
                    ev.items.append(_row_from_cells(row, t_index, block))
            continue
        # a cell stream: cut into rows at each label that follows a value
        labels: list[Cell] = []
        values: list[Cell] = []

        def emit() -> None:
            if labels or values:
                ev.items.append(LRow(labels=list(labels), values=list(values), table=t_index,
                                     source=block, loc=(labels or values)[0].loc))
            labels.clear()
            values.clear()

        for cell in sorted(block.cells, key=lambda c: (c.row, c.col)):
            if _is_label(cell):
                n = heading_number(cell.text, current)
                if n is not None:
                    emit()
                    current = n
                    ev.items.append(Heading(n, cell.text.strip(), cell.loc))
                    continue
                if values:
                    emit()
                labels.append(cell)
            else:
                values.append(cell)
        emit()
    return ev
