"""Flatten a Document into one ordered stream of events for the matcher.

A *logical row* is a table row read as label cells followed by value cells.
Grid rows give them directly; cell streams (tables whose row boundaries were
lost) are cut into rows at each label that follows a value.  Section
headings are recognised in paragraphs and in stream cells alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, groupby
from operator import attrgetter, not_

from .. import patterns
from ..model import Cell, Document, Location, Paragraph, Table
from ..normalize import _table, folding_to, label_key, squash
from ..numerals import COUNTING as CN_NUM
from ..templates import sections
from ..values import LABEL, NUMBER, cell_class, is_blank, looks_numeric
from .inline import heading_words_end, split_paragraph

MAX_HEADING_TAIL = 12  # characters a heading may carry after its words ('（单位：件）')


@dataclass(slots=True)
class LRow:
    labels: list[Cell]  # label cells with text, in order
    values: list[Cell]  # value cells (numbers or blanks), in order
    table: int  # index of the source table among the document's tables
    source: Table
    loc: Location | None = None
    numbers: bool | None = None  # whether a value cell holds a number (None: not looked at yet)

    @property
    def has_number(self) -> bool:
        if self.numbers is None:
            self.numbers = any(looks_numeric(c.text) for c in self.values)
        return self.numbers


@dataclass(slots=True)
class Heading:
    number: int
    text: str
    loc: Location | None


@dataclass(slots=True)
class Para:
    text: str
    loc: Location | None


Item = Heading | Para | LRow  # one event of the stream


@dataclass(slots=True)
class Events:
    items: list[Item] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    #: a grid table's (index among ``tables``) first grid row holding a number (None: none does)
    first_numbers: dict[int, int | None] = field(default_factory=dict)


def heading_number(text: str, after: int) -> int | None:
    """The section number (1..6) if ``text`` is one of the six part headings
    and comes after part ``after``; else None.  A numbered heading carries
    the part's own Chinese numeral (``四、``, or ``四`` right before the
    words: ``四政府信息公开…``) and may word the part longer than the form
    (a subject before the form's words); an unnumbered one must
    say the heading's words exactly (Word list numbering drops the ``四、``)."""
    if _long(text):
        return None  # a long paragraph: not squashed whole only to be refused
    return _heading_number(text, after)


MAX_HEADING = 40  # characters of a heading (squashed: no whitespace)
_IDEOGRAPH_RUNS = patterns.compile("[\u4e00-\u9fff]+")


def _ideographs(text: str) -> int:
    """How many CJK ideographs ``text`` holds: no more characters than that
    are left by :func:`squash` (NFKC and the folding keep an ideograph one
    character, never whitespace), so it tells most paragraphs too long to be
    a heading without normalising them."""
    return len(text) - len(_IDEOGRAPH_RUNS.sub("", text))


def _long(text: str) -> bool:
    """A paragraph too long to be a heading, told from its first characters."""
    if len(text) <= 80:
        return False
    head = text[:80]
    return _ideographs(head) > MAX_HEADING or len(squash(head)) > MAX_HEADING


def _heading_number(text: str, after: int) -> int | None:
    """:func:`heading_number` of a text that is not :func:`_long`."""
    if not _may_start_heading(text, after) or _numbers_no_later_part(text, after):
        return None  # told by its first character, without normalising it
    if len(text) > MAX_HEADING and _ideographs(text) > MAX_HEADING:
        return None
    t = squash(text)
    if not t or len(t) > MAX_HEADING:
        return None
    k = CN_NUM.find(t[0])
    if 0 <= k < 6 and len(t) > 1:
        if k + 1 <= after:
            return None
        rest = t[2:] if t[1] in "、.," else t[1:]
        end = heading_words_end(k + 1, rest, numbered=t[1] in "、.,")
        if end is None or len(rest) - end > MAX_HEADING_TAIL or "。" in rest[end:]:
            return None  # not a heading, or a heading with its text (cut by split_paragraph)
        return k + 1
    if t[0].isdigit() or t[0] in "(第" or t[0] in CN_NUM:
        return None  # '3.' + a part's title is a subsection, (一)… too
    key = label_key(t)
    for spec in sections():
        if spec.number > after and key in spec.labels:
            return spec.number
    return None


#: first characters (after the whitespace) that :func:`squash` keeps first as a digit or ``(`` (NFKC
#: keeps an ASCII digit and ``(`` and makes the full-width forms those): no part heading starts so
_PLAIN_FIRST = frozenset("0123456789(（０１２３４５６７８９")


def _may_start_numbered(text: str) -> bool:
    """False when :func:`squash` of ``text`` cannot start with a counting
    numeral, told without normalising it: its first character after the
    whitespace is an ideograph that neither is one nor folds into one (NFKC
    keeps an ideograph as it is), or a digit or a bracket (:data:`_PLAIN_FIRST`)."""
    c = text.lstrip()[:1]
    return c in _numeral_folds() if "\u4e00" <= c <= "\u9fff" else c not in _PLAIN_FIRST


@lru_cache(maxsize=1)
def _numeral_folds() -> frozenset[str]:
    """The counting numerals and what the folding makes one (on first use: the table is read then)."""
    return frozenset(CN_NUM) | frozenset(folding_to(frozenset(CN_NUM)))


def _may_start_heading(text: str, after: int) -> bool:
    """False when :func:`_heading_number` of ``text`` is None for its first
    character alone (after the whitespace), told without normalising the
    text: a digit or a bracket (a subsection, never a part heading), or an
    ideograph that is not a counting numeral (nor folds into one) and does
    not fold into the first character of the words of a part after
    ``after`` (an unnumbered heading says the part's words exactly: its
    label key starts with that character).  True: the text may be one."""
    c = text.lstrip()[:1]
    if "\u4e00" <= c <= "\u9fff":
        if c in _numeral_folds():
            return True
        return _table().get(ord(c), c) in _words_first(after)
    return c not in _PLAIN_FIRST


def _numbers_no_later_part(text: str, after: int) -> bool:
    """True when :func:`squash` of ``text`` starts with a counting numeral
    that numbers no part after part ``after`` (``一是…`` in part 五, ``七、``),
    told without normalising the text: its first character after the
    whitespace is that numeral, an ideograph NFKC and the folding keep as it
    is.  Such a text is no part heading, whole or with the paragraph after it."""
    c = text.lstrip()[:1]
    k = CN_NUM.find(c) if c else -1
    return k >= 0 and (k >= 6 or k + 1 <= after) and ord(c) not in _table()


@lru_cache(maxsize=8)
def _words_first(after: int) -> frozenset[str]:
    """The first characters of the words of the parts after part ``after``."""
    return frozenset(lab[0] for spec in sections() if spec.number > after for lab in spec.labels if lab)


def _split_heading(first: str, second: str, after: int) -> int | None:
    """A numbered heading broken over two paragraphs (``五、存在的主要问题``
    + ``及改进情况``): the number when the two together are one (the caller
    has found that the first alone is not: ``heading_number(first, after)`` is None,
    and that it is not :func:`_long`: no heading with its tail)."""
    if not _may_start_numbered(first) or _numbers_no_later_part(first, after):
        return None
    t = squash(first)
    if len(t) < 3 or CN_NUM.find(t[0]) < 0:
        return None
    s2 = squash(second)
    if not s2 or len(s2) > 20 or s2[0] in CN_NUM:
        return None
    return heading_number(t + s2, after)


def _is_label(cell: Cell) -> bool:
    return not is_blank(cell.text) and not looks_numeric(cell.text)


def build_events(doc: Document) -> Events:
    ev = Events()
    kinds = _Kinds()  # cell text -> its kind, for this document
    current = 0
    blocks = doc.blocks
    skip = -1
    for bi, block in enumerate(blocks):
        if bi == skip:
            continue
        if isinstance(block, Paragraph):
            # no heading, whole or broken over two paragraphs: its first character starts none (most
            # paragraphs, told without measuring them), or it is too long
            text_only = not _may_start_heading(block.text, current) or _long(block.text)
            n = None if text_only else _heading_number(block.text, current)
            if n is None and not text_only and bi + 1 < len(blocks):
                nxt = blocks[bi + 1]
                if isinstance(nxt, Paragraph):
                    n = _split_heading(block.text, nxt.text, current)
                    if n is not None:
                        skip = bi + 1
                        current = n
                        ev.items.append(Heading(n, block.text.strip() + nxt.text.strip(), block.loc))
                        continue
            if n is not None:
                current = n
                ev.items.append(Heading(n, block.text.strip(), block.loc))
                continue
            pieces = split_paragraph(block.text, current)
            if pieces is None:
                ev.items.append(Para(block.text, block.loc))
                continue
            for piece in pieces:
                if piece.number is not None:
                    current = piece.number
                    ev.items.append(Heading(piece.number, piece.text, block.loc))
                else:
                    ev.items.append(Para(piece.text, block.loc))
            continue
        t_index = len(ev.tables)
        ev.tables.append(block)
        if block.rows_reliable:
            current = _grid_rows(block, t_index, current, ev, kinds)
            continue
        current = _stream_rows(block, t_index, current, ev.items)
    return ev


_LABEL, _NUMBER = LABEL, NUMBER  # a cell's kind: label words, blank (empty, a dash ...), a number


class _Kinds(dict[str, int]):
    """Cell text -> its kind (``values.cell_class``), each text classified
    once when first looked up."""

    def __missing__(self, text: str) -> int:
        kind = self[text] = cell_class(text)
        return kind


_ROW_COL = attrgetter("row", "col")
_ROW = attrgetter("row")
_TEXT = attrgetter("text")


def _grid_rows(block: Table, t_index: int, current: int, ev: Events, kinds: _Kinds) -> int:
    """A grid table's rows: in each, the label cells are the leading cells
    up to the last label-like cell, the rest are value cells (numbers or
    blanks); a row whose one filled cell is a part heading is that heading.
    ``kinds``: each cell text's kind, kept for the document; the first grid
    row holding a number is kept in ``ev.first_numbers``.  Returns the part
    number reached.  (The rows are :meth:`Table.rows`, empty ones left out:
    the cells by (row, column), a stable sort.)"""
    out = ev.items
    kind_of = kinds.__getitem__
    first_numbers: int | None = None
    for _, group in groupby(sorted(block.cells, key=_ROW_COL), _ROW):
        row = list(group)
        ks = list(map(kind_of, map(_TEXT, row)))
        if _LABEL in ks:
            start = len(ks) - ks[::-1].index(_LABEL)  # after the last label
            labels = list(compress(row, map(not_, ks)))  # (values.LABEL is 0: the kinds not true)
            if len(labels) == 1 and _NUMBER not in ks:  # its one filled cell: a part heading?
                first = labels[0]
                n = heading_number(first.text, current)
                if n is not None:  # a part heading caught in the table's first row
                    current = n
                    out.append(Heading(n, first.text.strip(), first.loc))
                    continue
            numbers = _NUMBER in ks[start:]
        else:
            start = 0
            labels = []
            numbers = _NUMBER in ks
        if first_numbers is None and _NUMBER in ks:
            first_numbers = row[0].row
        out.append(LRow(labels, row[start:] if start else row, t_index, block, row[0].loc, numbers))
    ev.first_numbers[t_index] = first_numbers
    return current


def _stream_rows(block: Table, t_index: int, current: int, out: list[Item]) -> int:
    """A cell stream (a table whose row boundaries were lost) cut into rows
    at each label that follows a value; part headings among its cells become
    headings.  Returns the part number reached."""
    labels: list[Cell] = []
    values: list[Cell] = []

    def emit() -> None:
        if labels or values:
            out.append(LRow(labels=list(labels), values=list(values), table=t_index,
                            source=block, loc=(labels or values)[0].loc))
        labels.clear()
        values.clear()

    for cell in sorted(block.cells, key=lambda c: (c.row, c.col)):
        if _is_label(cell):
            n = heading_number(cell.text, current)
            if n is not None:
                emit()
                current = n
                out.append(Heading(n, cell.text.strip(), cell.loc))
                continue
            if values:
                emit()
            labels.append(cell)
        else:
            values.append(cell)
    emit()
    return current
