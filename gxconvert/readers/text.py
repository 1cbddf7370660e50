"""The plain-text reader: text dumps of reports, however they were made.

It recognises, line by line, the table layouts that text dumps of Word, web
pages and PDFs carry, without knowing anything of the report templates:

* **tab-led cells** (Word dumps): every cell on its own line starting with a
  tab, rows separated by a blank line; a line without the tab right after a
  cell continues that cell's text;
* **tab-separated rows** (PDF dumps): one row per line, cells split by tabs;
* **pipe rows** (``| a | b |``, Markdown-like) and **space-aligned rows**
  (cells split by runs of two or more spaces, with numbers among them);
* **cell streams** (web-page dumps): every cell on its own line between blank
  lines, row boundaries not marked at all.  The table is emitted with
  ``rows_reliable=False``, one cell per row, empty cells included (a run of
  k blank lines after a cell holds k-1 empty cells).

Everything else is a paragraph, one per line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import patterns
from ..catalogue import Format
from ..errors import CorruptDocumentError, LimitExceededError, UnsupportedFormatError
from ..model import Block, Cell, Document, Location, Paragraph, Table
from ..values import UNIT_PATTERN
from .base import ReadContext
from .encoding import decode_text_file

_BOOKMARK = patterns.compile(r"\[bookmark:[^\]]*\]")
_IMAGE_LINE = patterns.compile(r"^\s*\[image:[^\]]*\]\s*$")
_NUMERIC = patterns.compile(rf"^[\s\u3000\xa0]*[+\-－—]?[\d０-９][\d０-９,，.．]*\s*(?:{UNIT_PATTERN})?"
                          r"[\s\u3000\xa0]*$")
_ALIGN_GAP = patterns.compile(r"(?:[ \xa0]{2,}|\u3000+)")
_SENTENCE_END = patterns.compile(r"[。；;！!？?]\s*$")
# a page number a dump carries between a table's cells (``- 5 -``, ``第 3 页 共 8 页``, ``5/8``)
_PAGE_NUMBER = patterns.compile(r"^[\s\u3000\xa0]*(?:[-－—–·•]*[\s\u3000]*\d+[\s\u3000]*[-－—–·•]*(?:/\s*\d+)?"
                                r"|第[\s\u3000]*\d+[\s\u3000]*页(?:[\s\u3000,，]*共[\s\u3000]*\d+[\s\u3000]*页)?)[\s\u3000\xa0]*$")

# a stream cell is short; a longer line is running text
_STREAM_CELL_MAX = 60
# a tab-separated cell longer than this is running text (a page dumped on one line)
_TAB_CELL_MAX = 300
_TAB_ROW_MAX = 3000


@dataclass(slots=True)
class _Line:
    no: int  # 1-based
    text: str


def _is_blank(s: str) -> bool:
    return not s.strip(" \t\u3000\xa0\r")


def _is_numeric(s: str) -> bool:
    return bool(_NUMERIC.match(s))


def _split_tabs(s: str) -> list[str] | None:
    """Cells of a tab-separated row; None when the line is not one (no tab,
    or a cell of running text: a page dumped on one line with tabs between
    its cells and paragraphs is text, not a table row)."""
    if "\t" not in s:
        return None
    if len(s) > _TAB_ROW_MAX:
        return None
    parts = s.split("\t")
    if any(len(p) > _TAB_CELL_MAX for p in parts):
        return None
    if sum(1 for p in parts if len(p) > 20 and _SENTENCE_END.search(p)) >= 2:
        return None  # sentences between tabs: paragraphs, not cells
    return parts


def _split_pipe(s: str) -> list[str] | None:
    t = s.strip()
    if not (t.startswith("|") and t.count("|") >= 3):
        return None
    inner = t[1:-1] if t.endswith("|") else t[1:]
    cells = [c.strip() for c in inner.split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
        return []  # the |---|---| separator line
    return cells


def _split_aligned(s: str) -> list[str] | None:
    """Cells of a space-aligned row, or None if the line is running text."""
    t = s.strip(" \xa0\u3000")
    parts = [p for p in _ALIGN_GAP.split(t) if p != ""]
    if len(parts) < 3:
        return None
    nums = sum(1 for p in parts if _is_numeric(p))
    if nums == 0 or any(len(p) > 40 for p in parts):
        return None
    if nums < len(parts) - 2 and nums < len(parts) / 2:
        return None
    return [p.strip() for p in parts]




class TextReader:
    """Reads plain-text dumps (UTF-8 with or without BOM, UTF-16, GB18030/GBK)."""

    format: Format = "text"

    def read(self, data: bytes, ctx: ReadContext) -> Document:
        path, options, deadline = ctx.path, ctx.options, ctx.deadline
        if not data:
            raise CorruptDocumentError("the file is empty", path)
        if len(data) > options.max_bytes:
            raise LimitExceededError(
                f"the text file is {len(data) / 1048576:.1f} MB, over {options.max_bytes / 1048576:.0f} MB",
                path, "max_bytes")
        try:
            dec = decode_text_file(data)
        except ValueError as exc:
            raise UnsupportedFormatError(str(exc), path) from None
        deadline.check("decoding the text")
        doc = parse_text(dec.text)
        deadline.check("reading the text")
        doc.path = path
        doc.metadata["encoding"] = dec.encoding
        doc.warnings[:0] = dec.warnings
        return doc


def parse_text(text: str) -> Document:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "[bookmark:" in text:  # (a dump without bookmarks, most, runs no substitution a line)
        raw = [_BOOKMARK.sub("", s) for s in raw]
    lines = [_Line(i, s) for i, s in enumerate(raw, 1)]
    blocks: list[Block] = []
    i = 0
    n = len(lines)
    pending: list[_Line] = []  # plain lines not yet assigned

    def flush_plain() -> None:
        if pending:
            blocks.extend(_plain_lines_to_blocks(pending))
            pending.clear()

    while i < n:
        s = lines[i].text
        if s.startswith("\t") and "\t" not in s[1:]:
            flush_plain()
            table, i, strays = _read_tab_led(lines, i)
            blocks.append(table)
            blocks.extend(Paragraph(text=ln.text, loc=Location(line=ln.no)) for ln in strays)
            continue
        if ("\t" in s.strip("\t") or s.count("\t") >= 2) and _split_tabs(s) is not None:
            table, j = _read_rows(lines, i, _split_tabs)
            if j > i:  # a line of only tabs and spaces not followed by rows is no table
                flush_plain()
                blocks.append(table)
                i = j
                continue
        if _split_pipe(s) is not None:
            flush_plain()
            table, i = _read_rows(lines, i, _split_pipe)
            blocks.append(table)
            continue
        if _split_aligned(s) is not None and i + 1 < n and _split_aligned(lines[i + 1].text) is not None:
            flush_plain()
            table, i = _read_rows(lines, i, _split_aligned)
            blocks.append(table)
            continue
        pending.append(lines[i])
        i += 1
    flush_plain()
    return Document(blocks=blocks, format="text")


def _is_cell_line(lines: list[_Line], i: int) -> bool:
    return i < len(lines) and lines[i].text.startswith("\t") and "\t" not in lines[i].text[1:]


def _after_continuation(lines: list[_Line], i: int) -> int:
    """The end of the run of lines from ``i`` that may continue a Word-dump cell: lines
    without the leading tab, each short or right before a cell line."""
    n = len(lines)
    while (i < n and not _is_blank(lines[i].text) and not lines[i].text.startswith("\t")
           and (len(lines[i].text.strip()) <= 30 or _is_cell_line(lines, i + 1))):
        i += 1
    return i


def _goes_on(lines: list[_Line], i: int) -> bool:
    """Whether a Word-dump table goes on at line ``i`` (a cell line, maybe after blank lines)."""
    n = len(lines)
    while i < n and _is_blank(lines[i].text) and not _is_cell_line(lines, i):
        i += 1
    return _is_cell_line(lines, i)


def _read_tab_led(lines: list[_Line], i: int) -> tuple[Table, int, list[_Line]]:
    """Word-dump table: tab-led cell lines, rows split by one blank line.  Also returns the
    lines between its cells that are no part of them (page furniture), in order."""
    strays: list[_Line] = []
    cells: list[Cell] = []
    row, col = 0, 0
    n = len(lines)
    last: Cell | None = None
    start = lines[i].no
    while i < n:
        s = lines[i].text
        if s.startswith("\t") and "\t" not in s[1:]:
            last = Cell(text=s[1:], row=row, col=col, loc=Location(line=lines[i].no))
            cells.append(last)
            col += 1
            i += 1
            continue
        if _is_blank(s):
            # a blank line ends the row; the table goes on if a cell line follows
            j = i
            while j < n and _is_blank(lines[j].text):
                j += 1
            if j < n and lines[j].text.startswith("\t") and "\t" not in lines[j].text[1:]:
                if col:
                    row, col = row + 1, 0
                i = j
                continue
            break
        # a line without the tab right after a cell continues that cell (a paragraph break inside
        # the cell) when the table goes on after it; a line after the table's last cell (a page
        # number, a footnote) or after a number is not part of the cell
        if last is not None and col and (len(s.strip()) <= 30 or _is_cell_line(lines, i + 1)):
            j = _after_continuation(lines, i)
            if _goes_on(lines, j) and not _is_numeric(last.text) and not any(
                    _PAGE_NUMBER.match(x.text) for x in lines[i:j]):
                last.text += "\n" + "\n".join(x.text for x in lines[i:j])
                i = j
                continue
            if _goes_on(lines, j):  # furniture between the cells of a table: a paragraph of its own
                strays.extend(lines[i:j])
                i = j
                continue
        break
    return Table(cells=cells, loc=Location(line=start), positions_reliable=False), i, strays


def _read_rows(lines: list[_Line], i: int, split: Callable[[str], list[str] | None]) -> tuple[Table, int]:
    """Tables with one row per line (tab-separated, pipe, space-aligned).
    Blank lines inside are skipped (page breaks in PDF dumps)."""
    cells: list[Cell] = []
    row = 0
    n = len(lines)
    start = lines[i].no
    while i < n:
        s = lines[i].text
        if _is_blank(s):
            j = i
            while j < n and _is_blank(lines[j].text):
                j += 1
            if j < n and j - i <= 2 and split(lines[j].text):
                i = j
                continue
            break
        parts = split(s)
        if parts is None:
            break
        if parts:  # [] is a separator line (|---|)
            for col, text in enumerate(parts):
                cells.append(Cell(text=text, row=row, col=col, loc=Location(line=lines[i].no)))
            row += 1
        i += 1
    return Table(cells=cells, loc=Location(line=start), positions_reliable=False), i


# -- plain lines: paragraphs, or cell streams of web-page dumps --------------


def _plain_lines_to_blocks(lines: list[_Line]) -> list[Block]:
    """Group plain lines into paragraphs and detect cell streams.

    Lines are first grouped into *units*: in blank-line separated text a unit
    is the run of non-blank lines between blank lines (a cell whose text was
    broken by <br>); each unit remembers how many blank lines follow it."""
    units: list[tuple[list[_Line], int]] = []  # (lines, blank lines after)
    cur: list[_Line] = []
    for ln in lines:
        if _is_blank(ln.text):
            if cur:
                units.append((cur, 1))
                cur = []
            elif units:
                lines_, k = units[-1]
                units[-1] = (lines_, k + 1)
        else:
            cur.append(ln)
    if cur:
        units.append((cur, 0))

    blank_separated = sum(1 for _, k in units if k >= 1) >= max(3, len(units) // 2)
    if not blank_separated:
        # one line, one paragraph; a stream without blank lines is one line a cell
        units = [([ln], 0) for u, _ in units for ln in u]

    def is_cell_like(u: list[_Line]) -> bool:
        t = "".join(x.text.strip() for x in u)
        return len(t) <= _STREAM_CELL_MAX and not _SENTENCE_END.search(t) and not _IMAGE_LINE.match(t)

    out: list[Block] = []
    idx = 0
    while idx < len(units):
        # the longest run of cell-like units from here
        j = idx
        while j < len(units) and is_cell_like(units[j][0]):
            j += 1
        run = units[idx:j]
        numeric = sum(1 for u, _ in run if len(u) == 1 and _is_numeric(u[0].text))
        if j - idx >= 6 and numeric >= 4 and numeric * 5 >= (j - idx):
            out.append(_stream_table(run, blank_separated))
            idx = j
            continue
        stop = max(j, idx + 1)
        for u, _ in units[idx:stop]:
            for ln in u:  # outside a table every line is its own paragraph
                if _IMAGE_LINE.match(ln.text) or _is_blank(ln.text):
                    continue
                out.append(Paragraph(text=ln.text, loc=Location(line=ln.no)))
        idx = stop
    return out


def _stream_table(run: list[tuple[list[_Line], int]], blank_separated: bool) -> Table:
    cells: list[Cell] = []
    r = 0
    for k, (u, blanks_after) in enumerate(run):
        text = "\n".join(x.text for x in u)
        loc = Location(line=u[0].no)
        cells.append(Cell(text=text, row=r, col=0, loc=loc))
        r += 1
        if blank_separated and k + 1 < len(run):
            for e in range(max(0, blanks_after - 1)):
                cells.append(Cell(text="", row=r, col=0, loc=Location(line=u[-1].no + 2 + e)))
                r += 1
    return Table(cells=cells, loc=Location(line=run[0][0][0].no), positions_reliable=False, rows_reliable=False)
