"""Walking ``word/document.xml``: paragraphs and tables in document order.

Tables are read from the ``w:tbl/w:tr/w:tc`` structure itself, not through
python-docx's ``row.cells`` (which returns a merged cell once per grid slot
and re-resolves merges for every row):

* ``w:gridBefore`` / ``w:gridAfter`` and the ``w:gridSpan`` of each cell give
  its grid column; a row with fewer cells simply leaves its last slots
  uncovered;
* ``w:vMerge restart`` opens a vertical merge, ``w:vMerge`` (continue) in the
  same grid column of the next row extends it: one :class:`Cell` with a
  rowspan, the continuation slots get no cell;
* malformed merges still give a rectangular grid: a continuation with
  nothing to continue becomes an ordinary cell, spans are clamped to a sane
  width.

Nested tables are emitted as tables of their own, right after the table that
contains them (their text is *not* copied into the parent cell, so no value
is seen twice) -- except a table of a single cell inside a cell, which is a
box around the cell's value: its content is the cell's text.  A table made
of a single cell in the body is only a frame (a layout box around content)
and is unwrapped: its paragraphs and tables become body blocks.

A plain table (runs of text in paragraphs in cells in rows, with spans,
merges, styles and list numbers) is read in one pass over only the elements
that carry something (lxml's C-level ``iter`` with a tag filter: no Python
step for the dozens of formatting elements around each value); anything
else in it -- a nested table, a content control around rows or cells, a
tracked deletion, hidden text, a picture, a Choice/Fallback branch -- sends
the table to the full walk, which reads every element.  Both give the same
blocks (``tests/test_docx_fast_tables.py`` reads each construct both ways).

A table holding more than ``max_cells`` cells is cut there, with a
``table_truncated`` warning (``Options.max_cells_per_table``, counted per
table); the deadline (``Options.max_seconds``) is checked between body
elements and table rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from lxml import etree

from ...model import Block, Cell, Issue, Location, Paragraph, Table
from ...options import DEFAULT_OPTIONS
from ..deadline import Deadline
from .numbering import Numbering, Styles, _int

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

#: a table row as the grid builder takes it: gridBefore, then per cell (gridSpan, vMerge, hMerge, its content)
#: (a list in the fast path, a tuple in the full walk: typed Sequence so that compiled code accepts both)
_Row = tuple[int, list[Sequence[Any]]]


def _symbol(char: str | None) -> str | None:
    """The text of a ``w:sym`` whose ``w:char`` is ``char`` (hex): "" for the
    symbol fonts' private use area (no text); None when it is no hex number."""
    try:
        code = int(char or "", 16)
    except ValueError:
        return None
    return "" if 0xF000 <= code <= 0xF0FF else chr(code)


MAX_COLS = 64  # a row never gets wider than max(this, the table's w:tblGrid)
_LABEL_PUNCT = re.compile(r"[、.．,，:：;；)）\]】]$")
_TRUE = {None, "1", "true", "on"}
# what the one-pass table reader leaves to the full walk: text that is not displayed (deleted, moved away,
# ruby annotations, text boxes), pictures and objects, Choice/Fallback branches,
# tracked property changes (they hold the old properties) and deleted table cells
_FALLBACK = ("del", "moveFrom", "rt", "drawing", "pict", "object", "pPrChange", "tcPrChange",
             "trPrChange", "cellDel")
# the one-pass table reader's codes for the tags it reads itself (_F_OTHER: by _text_of; _F_NONE: a tag it
# leaves to the full walk)
_F_T, _F_P, _F_STYLE, _F_TC, _F_TR, _F_SPAN, _F_VMERGE, _F_HMERGE, _F_BEFORE, _F_OTHER = range(10)
_F_NONE = 99


class BodyWalker:
    """Turns the ``w:body`` of one document into gxconvert blocks."""

    def __init__(self, W: str, styles: Styles, numbering: Numbering,
                 max_cells: int = DEFAULT_OPTIONS.max_cells_per_table, deadline: Deadline | None = None) -> None:
        self.W = W
        self.max_cells = max_cells
        self.deadline = deadline or Deadline(DEFAULT_OPTIONS)
        w = f"{{{W}}}"
        self.t_p = w + "p"
        self.t_tbl = w + "tbl"
        self.t_tr = w + "tr"
        self.t_tc = w + "tc"
        self.t_sdt = w + "sdt"
        self.t_sdtContent = w + "sdtContent"
        self.t_sdtPr = w + "sdtPr"
        self.t_showingPlcHdr = w + "showingPlcHdr"
        self.t_customXml = w + "customXml"
        self.t_pPr = w + "pPr"
        self.t_rPr = w + "rPr"
        self.t_r = w + "r"
        self.t_t = w + "t"
        self.t_tab = w + "tab"
        self.t_br = w + "br"
        self.t_cr = w + "cr"
        self.t_del = w + "del"
        self.t_ins = w + "ins"
        self.t_moveFrom = w + "moveFrom"
        self.t_moveTo = w + "moveTo"
        self.t_sym = w + "sym"
        self.t_noBreakHyphen = w + "noBreakHyphen"
        self.t_vanish = w + "vanish"
        self.t_pStyle = w + "pStyle"
        self.t_numPr = w + "numPr"
        self.t_numId = w + "numId"
        self.t_ilvl = w + "ilvl"
        self.t_outlineLvl = w + "outlineLvl"
        self.t_tcPr = w + "tcPr"
        self.t_trPr = w + "trPr"
        self.t_gridSpan = w + "gridSpan"
        self.t_vMerge = w + "vMerge"
        self.t_hMerge = w + "hMerge"
        self.t_gridBefore = w + "gridBefore"
        self.t_tblGrid = w + "tblGrid"
        self.t_gridCol = w + "gridCol"
        self.t_cellDel = w + "cellDel"
        self.a_val = w + "val"
        self.a_char = w + "char"
        self.t_alt = f"{{{MC}}}AlternateContent"
        self.t_choice = f"{{{MC}}}Choice"
        self.t_fallback = f"{{{MC}}}Fallback"
        self.styles = styles
        self.numbering = numbering
        self.t_altChunk = w + "altChunk"
        self.a_rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        # resolves a w:altChunk (content imported as HTML/MHT/text/docx) to blocks
        self.alt_chunk: Callable[[str], list[Block]] | None = None
        self.warnings: list[Issue] = []
        self.ordinal = 0  # body-level element counter (Location.line)
        self.images = 0  # pictures met (w:drawing / w:pict)
        #: (index of its placeholder block, relationship id) of each picture of a body paragraph or table
        self.pictures: list[tuple[int, str]] = []
        self._pending: list[str] = []  # relationship ids of the pictures of the paragraph being read
        self.a_embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
        self.t_drawing, self.t_pict, self.t_object = w + "drawing", w + "pict", w + "object"
        self.t_tabs = w + "tabs"
        self.t_hyperlink = w + "hyperlink"
        # (the tag tables, the same for every walker of a namespace, are made once)
        self._table_tags, self._fast_codes, self._skip = _tag_tables(W)

    # ------------------------------------------------------------------
    # body
    # ------------------------------------------------------------------
    def walk(self, body: etree._Element) -> list[Block]:
        blocks: list[Block] = []
        self._container(body, blocks, top=True)
        return blocks

    def walk_into(self, body: etree._Element, blocks: list[Block]) -> None:
        """The blocks of ``body`` appended to ``blocks``."""
        self._container(body, blocks, top=True)

    def _container(self, parent: etree._Element, blocks: list[Block], top: bool) -> None:
        """Paragraphs and tables of a block container, in document order."""
        for child in parent:
            self.block(child, blocks, top)

    def block(self, child: etree._Element, blocks: list[Block], top: bool = True) -> None:
        """The blocks of one child of a block container (``top``: of the
        body itself, counted as a body element)."""
        tag = child.tag
        if top:
            self.ordinal += 1
            if not self.ordinal & 0x3FF:
                self.deadline.check("reading the Word document")
        if tag == self.t_p:
            text, level = self._paragraph(child)
            if text.strip():
                blocks.append(Paragraph(text=text.strip("\n"), loc=Location(line=self.ordinal),
                                        heading_level=level))
            self._placeholders(blocks)
        elif tag == self.t_tbl:
            self._table_blocks(child, blocks)
            self._placeholders(blocks)  # pictures in its cells (a layout table of pictures): after it
        elif tag in (self.t_sdt, self.t_customXml, self.t_ins, self.t_moveTo):
            inner = self._sdt_content(child) if tag == self.t_sdt else child
            if inner is not None:
                self._container(inner, blocks, top=False)
        elif tag == self.t_alt:
            branch = child.find(self.t_choice)
            if branch is None:
                branch = child.find(self.t_fallback)
            if branch is not None:
                self._container(branch, blocks, top=False)
        elif tag == self.t_altChunk and self.alt_chunk is not None:
            blocks.extend(self.alt_chunk(child.get(self.a_rid) or ""))
        # w:sectPr, w:bookmarkStart, w:del (deleted blocks), … carry no text

    def _placeholders(self, blocks: list[Block]) -> None:
        """A placeholder block for each picture met since the last one, which
        the reader replaces (the picture read by OCR) or drops."""
        for rid in self._pending:
            self.pictures.append((len(blocks), rid))
            blocks.append(Paragraph(text=f"[image: {rid}]", loc=Location(line=self.ordinal)))
        self._pending.clear()

    def _embedded_object(self, obj: etree._Element) -> None:
        """An embedded OLE object (w:object): a spreadsheet pasted into the
        report is very likely one of its tables, and it cannot be read."""
        for el in obj.iter("{*}OLEObject"):  # (lxml's C-level filter; a namespaced one, as Office writes it)
            if el.tag.startswith("{"):
                prog = el.get("ProgID") or ""
                kind = "Excel" if prog.startswith("Excel") else (prog or "OLE")
                self.warnings.append(Issue(
                    "docx.embedded_object",
                    f"an embedded {kind} object (ProgID {prog or '?'}) is not read; if a table was "
                    "pasted as an object, its values are missing", f"body element {self.ordinal}"))
                return
        self.images += 1  # an object without OLE data is a picture

    def _sdt_content(self, sdt: etree._Element) -> etree._Element | None:
        """The content of a content control; None while it only shows its
        placeholder prompt ('单击或点击此处输入文字。' is not a value)."""
        pr = sdt.find(self.t_sdtPr)
        shown = pr.find(self.t_showingPlcHdr) if pr is not None else None
        if shown is not None:
            v = shown.get(self.a_val)
            if v in _TRUE:
                return None
        return sdt.find(self.t_sdtContent)

    # ------------------------------------------------------------------
    # paragraphs
    # ------------------------------------------------------------------
    def _paragraph(self, p: etree._Element) -> tuple[str, int | None]:
        """(text, heading level) of one w:p, with its list number rendered.
        (A walk of its children: a one-pass reader like :meth:`_fast_rows`
        costs more for one paragraph -- lxml's iter sets up its tag filter
        at about 1 us a tag for every call.)"""
        parts: list[str] = []
        style = num_id = None
        ilvl = outline = None
        t_r, t_pPr, t_t, t_rPr = self.t_r, self.t_pPr, self.t_t, self.t_rPr
        for child in p:
            tag = child.tag
            if tag == t_r:  # (a run read here as _run reads it: the hot path)
                for el in child:
                    etag = el.tag
                    if etag == t_t:
                        text = el.text
                        if text:
                            parts.append(text)
                    elif etag == t_rPr:
                        if len(el) and self._hidden(el):  # (most are empty once slimmed)
                            break
                    else:
                        self._runs_of(el, parts)
            elif tag == t_pPr:
                for el in child:
                    t = el.tag
                    if t == self.t_pStyle:
                        style = el.get(self.a_val)
                    elif t == self.t_numPr:
                        for e2 in el:
                            if e2.tag == self.t_numId:
                                num_id = e2.get(self.a_val)
                            elif e2.tag == self.t_ilvl:
                                ilvl = _int(e2.get(self.a_val))
                    elif t == self.t_outlineLvl:
                        outline = _int(el.get(self.a_val))
            else:
                self._runs_of(child, parts)
        if style is None and num_id is None and outline is None:
            return "".join(parts), None
        return self._finish("".join(parts), [style, num_id, ilvl, outline])

    def _finish(self, text: str, props: list[Any]) -> tuple[str, int | None]:
        """(text, heading level) of a paragraph with properties ``props``
        (style, numId, ilvl, outline level): the heading level, and the list
        label (the list's counters advanced) before the text."""
        style, num_id, ilvl, outline = props
        if style is None:  # (a paragraph without a style inherits nothing: see Styles)
            level = (outline + 1 if 0 <= outline < 9 else None) if outline is not None else None
        else:
            styles = self.styles
            level = (outline + 1 if 0 <= outline < 9 else None) if outline is not None else styles.heading_level(style)
            if num_id is None or ilvl is None:
                s_num, s_ilvl = styles.numbering(style)
                if num_id is None:
                    num_id = s_num
                if ilvl is None:
                    ilvl = s_ilvl
        if num_id is not None and num_id != "0":
            # an empty numbered paragraph still shows (and uses up) its number in Word
            label = self.numbering.label(num_id, ilvl)
            if label and text.strip():
                nd = self.numbering.nums.get(num_id)
                lvl = nd.levels.get(ilvl or 0) if nd else None
                sep = ""
                if lvl is not None and lvl.suff != "nothing" and not _LABEL_PUNCT.search(label):
                    sep = " "
                text = label + sep + text
        return text, level

    def _run(self, r: etree._Element, out: list[str]) -> None:
        """Text of one w:r (the hot path: rPr + t)."""
        t_t = self.t_t
        for child in r:
            tag = child.tag
            if tag == t_t:
                text = child.text
                if text:
                    out.append(text)
            elif tag == self.t_rPr:
                if len(child) and self._hidden(child):
                    return
            else:
                self._runs_of(child, out)

    def _hidden(self, rpr: etree._Element) -> bool:
        """Whether run properties ``rpr`` hide the run (w:vanish)."""
        return any(el.tag == self.t_vanish and el.get(self.a_val) in _TRUE for el in rpr)

    def _runs(self, el: etree._Element, out: list[str]) -> None:
        """Displayed text under ``el`` (a paragraph or a run container)."""
        for child in el:
            self._runs_of(child, out)

    def _runs_of(self, child: etree._Element, out: list[str]) -> None:
        """Displayed text of one element met inside a paragraph or run."""
        tag = child.tag
        if tag == self.t_r:
            self._run(child, out)
        elif tag == self.t_t:
            text = child.text
            if text:
                out.append(text)
        elif tag == self.t_hyperlink:
            self._runs(child, out)
        elif tag in self._skip or not isinstance(tag, str):
            return
        elif tag == self.t_tab:
            out.append("\t")
        elif tag == self.t_br or tag == self.t_cr:
            out.append("\n")
        elif tag == self.t_noBreakHyphen:
            out.append("-")
        elif tag == self.t_sym:
            sym = _symbol(child.get(self.a_char))
            if sym is None:
                return
            if sym:
                out.append(sym)
        elif tag == self.t_sdt:
            inner = self._sdt_content(child)
            if inner is not None:
                self._runs(inner, out)
        elif tag == self.t_alt:
            branch = child.find(self.t_choice)
            if branch is None:
                branch = child.find(self.t_fallback)
            if branch is not None:
                self._runs(branch, out)
        elif tag == self.t_drawing or tag == self.t_pict:
            self.images += 1  # text boxes are not read; a picture's relationship is kept
            for el in child.iter():
                rid = el.get(self.a_embed) or (el.get(self.a_rid) if str(el.tag).endswith("}imagedata") else None)
                if rid:
                    self._pending.append(rid)
        elif tag == self.t_object:
            self._embedded_object(child)
        elif tag == self.t_p:  # a paragraph inside a run container (rare)
            text, _ = self._paragraph(child)
            if out and text:
                out.append("\n")
            out.append(text)
        else:
            # w:ins, w:moveTo, w:hyperlink, w:smartTag, w:fldSimple,
            # w:customXml, w:dir, w:bdo, w:ruby/w:rubyBase (w:rt skipped), …
            self._runs(child, out)

    # ------------------------------------------------------------------
    # tables
    # ------------------------------------------------------------------
    def _table_blocks(self, tbl: etree._Element, blocks: list[Block]) -> None:
        loc = Location(line=self.ordinal)
        fast = self._fast_rows(tbl)
        if fast is not None:
            table = self._assemble(tbl, fast, loc, self._fast_cell_text)
            if table.cells:
                blocks.append(table)
            return
        rows = self._rows(tbl)
        # a one-cell table is a frame around content, a one-row table with a
        # table inside a cell is a page's layout (menu | article): unwrap them
        if len(rows) == 1:
            tcs = self._tcs(rows[0])
            if len(tcs) == 1 or any(tc.find(self.t_tbl) is not None for tc in tcs):
                for tc in tcs:
                    self._container(tc, blocks, top=False)
                return
        nested: list[etree._Element] = []
        table = self._grid(tbl, rows, loc, nested)
        if table.cells:
            blocks.append(table)
        for inner in nested:
            self._table_blocks(inner, blocks)

    def _fast_rows(self, tbl: etree._Element) -> list[_Row] | None:
        """The rows of a plain table in one pass over the elements that
        matter (lxml's C-level iter picks them): each row's gridBefore, each cell's
        spans and its paragraphs as ([text parts], [style, numId, ilvl,
        outline level]).  None when the table needs the full walk: one row
        (maybe a frame to unwrap), a nested table, rows or cells inside
        content controls or other wrappers, deleted rows or cells, or a
        paragraph holding anything but runs of plain text (``_FALLBACK``,
        w:vanish, a paragraph inside a paragraph).  Reading stops after the cell that passes ``max_cells`` (the
        grid builder cuts the table there)."""
        codes, a_val, text_of, max_cells = self._fast_codes, self.a_val, self._text_of, self.max_cells
        rows: list[_Row] = []
        row: list[Any] = []
        cell: list[Any] = []
        paras: list[Any] = []
        parts: list[str] | None = None  # the paragraph being read (None: outside any)
        props: list[Any] = []
        tr = tc = None
        tc_first: etree._Element | None = None  # the first child of the cell being read (fetched once)
        n_cells = 0
        # (a cell paragraph's style matters only for a list number its style may bring: cells keep no
        # heading level.  A table with a styled paragraph loads the styles first -- the style's lookup
        # would load them at its first cell --, so that when no style brings a number the styles are
        # not visited at all: LibreOffice and most CMS exports style every cell paragraph)
        styles = self.styles
        if not styles.loaded and next(tbl.iterdescendants(self.t_pStyle), None) is not None:
            styles.load()
        it = tbl.iter(self._table_tags[not styles.number_free])
        next(it)  # tbl itself
        # (tags by frequency: an element's tag string is made anew at each .tag, so it is looked
        # up once; a tag with no code -- a nested table, a tag of _FALLBACK, w:vanish -- ends it)
        for el in it:
            code = codes.get(el.tag, _F_NONE)
            if code == _F_T:
                if parts is None:
                    return None
                text = el.text
                if text:
                    parts.append(text)
            elif code == _F_P:
                if tc is None or el.getparent() is not tc:  # (a paragraph in a text box, a wrapper …)
                    return None
                parts = []
                props = [None, None, None, None]
                paras.append((parts, props))
            elif code == _F_STYLE:
                if parts is None:
                    return None
                props[0] = el.get(a_val)
            elif code == _F_TC:
                if tr is None or el.getparent() is not tr:  # (a cell in a content control, a wrapper …)
                    return None
                if n_cells >= max_cells:  # a cell past the limit: read in full (the grid builder cuts it)
                    return None
                n_cells += 1
                tc, parts, paras, tc_first = el, None, [], None
                cell = [1, None, None, paras]
                row.append(cell)
            elif code == _F_TR:
                if el.getparent() is not tbl:  # (a row in a content control, a wrapper …)
                    return None
                if not len(rows) & 0xFF:
                    self.deadline.check("reading a Word table")
                tr, tc, parts = el, None, None
                row = []
                rows.append((0, row))
            elif code <= _F_HMERGE:  # w:gridSpan, w:vMerge, w:hMerge
                if tc is None or parts is not None:
                    return None
                parent = el.getparent()
                if tc_first is None:
                    tc_first = tc[0]
                if parent is tc_first:  # in the w:tcPr, the first child of the cell
                    if code == _F_SPAN:
                        cell[0] = max(_int(el.get(a_val)) or 1, 1)
                    else:
                        cell[1 if code == _F_VMERGE else 2] = el.get(a_val) or "continue"
                elif parent is None or parent.getparent() is not tc:
                    return None
                # (else in a later child of the cell: not read)
            elif code == _F_BEFORE:
                parent = el.getparent()
                if tr is None or tc is not None or parent is None or parent.getparent() is not tr:
                    return None
                if parent.getprevious() is None:  # the w:trPr, the first child of the row
                    rows[-1] = (max(_int(el.get(a_val)) or 0, 0), row)
            elif parts is None or code == _F_NONE or not text_of(el, parts, props):
                return None  # a nested table, a tag of _FALLBACK, text outside a paragraph …
        # (every w:tr, w:tc, w:p met is a child of the table, of the w:tr, of the w:tc met last: a
        # test of the parent each, the proxies of the table, row and cell being alive, costs less than
        # an XPath count of the three a table)
        if len(rows) == 1:
            return None
        return rows

    def _text_of(self, el: etree._Element, parts: list[str], props: list[Any]) -> bool:
        """One element met by the one-pass table reader inside a paragraph: its text
        into ``parts``, a paragraph property into ``props`` (style, numId,
        ilvl, outline level); False if the table needs the full walk."""
        tag = el.tag
        if tag == self.t_t:
            text = el.text
            if text:
                parts.append(text)
        elif tag == self.t_tab:
            parent = el.getparent()
            if parent is None or parent.tag != self.t_tabs:  # (not a tab stop of the paragraph properties)
                parts.append("\t")
        elif tag == self.t_br or tag == self.t_cr:
            parts.append("\n")
        elif tag == self.t_noBreakHyphen:
            parts.append("-")
        elif tag == self.t_sym:
            sym = _symbol(el.get(self.a_char))
            if sym is None:
                return True
            if sym:
                parts.append(sym)
        elif tag == self.t_pStyle:
            props[0] = el.get(self.a_val)
        elif tag == self.t_numId:
            props[1] = el.get(self.a_val)
        elif tag == self.t_ilvl:
            props[2] = _int(el.get(self.a_val))
        elif tag == self.t_outlineLvl:
            props[3] = _int(el.get(self.a_val))
        elif tag == self.t_sdt:  # a content control around runs: read through, unless it shows its prompt
            return self._sdt_content(el) is not None
        else:  # a nested paragraph, a tag of _FALLBACK, w:vanish
            return False
        return True

    def _fast_cell_text(self, paras: list[tuple[list[str], list[Any]]]) -> str:
        """The text of a cell read by :meth:`_fast_rows`."""
        if len(paras) == 1:  # (most cells: one paragraph, no list number)
            parts, props = paras[0]
            if props[0] is None and props[1] is None:
                return "".join(parts)
        texts: list[str] = []
        numbering = self.styles.numbering
        for parts, props in paras:
            text = "".join(parts)
            # only a list number changes the text (the heading level is not kept): a paragraph
            # with no numId of its own whose style brings none needs no _finish
            if props[1] is not None or (props[0] is not None and numbering(props[0])[0] not in (None, "0")):
                text = self._finish(text, props)[0]
            texts.append(text)
        return texts[0] if len(texts) == 1 else _join_cell(texts)

    def _single_cell(self, tbl: etree._Element) -> etree._Element | None:
        """The only w:tc of a 1x1 table, else None."""
        rows = self._rows(tbl)
        if len(rows) != 1:
            return None
        tcs = self._tcs(rows[0])
        return tcs[0] if len(tcs) == 1 else None

    def _rows(self, tbl: etree._Element) -> list[etree._Element]:
        """The w:tr of a table, rows inside content controls included and
        rows deleted by a tracked change left out."""
        out: list[etree._Element] = []
        self._collect(tbl, self.t_tr, out)
        return out

    def _tcs(self, tr: etree._Element) -> list[etree._Element]:
        """The w:tc of a row, cells inside content controls included and
        cells deleted by a tracked change left out."""
        out: list[etree._Element] = []
        self._collect(tr, self.t_tc, out)
        return out

    def _collect(self, parent: etree._Element, want: str, out: list[etree._Element]) -> None:
        pr_tag = self.t_trPr if want == self.t_tr else self.t_tcPr
        gone = self.t_del if want == self.t_tr else self.t_cellDel
        for el in parent:
            tag = el.tag
            if tag == want:
                for first in el:  # the properties element, if any, comes first
                    if first.tag == pr_tag:
                        for prop in first:
                            if prop.tag == gone:
                                break  # deleted with track changes on
                        else:
                            out.append(el)
                    else:
                        out.append(el)
                    break
                else:
                    out.append(el)
            elif tag == self.t_sdt:
                inner = el.find(self.t_sdtContent)
                if inner is not None:
                    self._collect(inner, want, out)
            elif tag in (self.t_customXml, self.t_ins, self.t_moveTo):
                self._collect(el, want, out)

    def _cell_text(self, tc: etree._Element, nested: list[etree._Element]) -> str:
        paras: list[str] = []
        self._cell_paras(tc, paras, nested)
        return _join_cell(paras)

    def _cell_paras(self, el: etree._Element, paras: list[str], nested: list[etree._Element]) -> None:
        for child in el:
            tag = child.tag
            if tag == self.t_p:
                paras.append(self._paragraph(child)[0])
            elif tag == self.t_tbl:
                box = self._single_cell(child)
                if box is not None:  # a box around the cell's value
                    self._cell_paras(box, paras, nested)
                else:
                    nested.append(child)
            elif tag == self.t_sdt:
                inner = self._sdt_content(child)
                if inner is not None:
                    self._cell_paras(inner, paras, nested)
            elif tag in (self.t_customXml, self.t_ins, self.t_moveTo):
                self._cell_paras(child, paras, nested)
            elif tag == self.t_alt:
                branch = child.find(self.t_choice)
                if branch is None:
                    branch = child.find(self.t_fallback)
                if branch is not None:
                    self._cell_paras(branch, paras, nested)

    def _grid(self, tbl: etree._Element, rows: list[etree._Element], loc: Location,
              nested: list[etree._Element]) -> Table:
        """The cell grid of a table whose rows are ``rows`` (nested tables
        found in its cells go to ``nested``)."""
        return self._assemble(tbl, self._row_props(rows), loc, lambda tc: self._cell_text(tc, nested))

    def _row_props(self, rows: list[etree._Element]) -> Iterator[_Row]:
        """Each row's gridBefore and its cells' (gridSpan, vMerge, hMerge, w:tc)."""
        t_trPr, t_gridBefore, a_val = self.t_trPr, self.t_gridBefore, self.a_val
        for tr in rows:
            before = 0
            trpr = tr[0] if len(tr) and tr[0].tag == t_trPr else None
            if trpr is not None:
                for el in trpr:
                    if el.tag == t_gridBefore:
                        before = max(_int(el.get(a_val)) or 0, 0)
                # gridAfter slots are simply left uncovered
            yield before, [(*self._merge_props(tc), tc) for tc in self._tcs(tr)]

    def _assemble(self, tbl: etree._Element, rows: Iterable[_Row], loc: Location,
                  text_of: Callable[[Any], str]) -> Table:
        """The cell grid of ``rows`` (gridBefore, then each cell's gridSpan,
        vMerge, hMerge and what ``text_of`` turns into its text)."""
        grid_el = tbl.find(self.t_tblGrid)
        n_grid = len(grid_el.findall(self.t_gridCol)) if grid_el is not None else 0
        max_cols = max(n_grid, MAX_COLS)
        cells: list[Cell] = []
        # open[c] = the cell whose bottom edge is the previous row, starting at grid col c
        open_: dict[int, Cell] = {}
        clamped = orphans = 0
        n_cells = 0
        truncated = False
        # text of merge continuations, joined once at the end (joining row
        # by row would copy a growing string for each of thousands of rows)
        more: dict[int, tuple[Cell, list[str]]] = {}
        for r, (before, tcs) in enumerate(rows):
            if not r & 0xFF:
                self.deadline.check("reading a Word table")
            if n_cells + len(tcs) > self.max_cells:
                tcs = tcs[: max(self.max_cells - n_cells, 0)]
                truncated = True
            n_cells += len(tcs)
            col = min(before, max_cols - 1)
            next_open: dict[int, Cell] = {}
            prev_in_row: Cell | None = None
            for span, vmerge, hmerge, payload in tcs:
                if col >= max_cols:
                    clamped += 1
                    break
                if col + span > max_cols:
                    span = max_cols - col
                    clamped += 1
                text = text_of(payload)
                # legacy horizontal merge: widen the cell on the left
                if hmerge == "continue" and prev_in_row is not None and prev_in_row.row == r \
                        and prev_in_row.last_col == col - 1:
                    prev_in_row.colspan += span
                    if text.strip():
                        more.setdefault(id(prev_in_row), (prev_in_row, []))[1].append(text)
                    for c in range(col, col + span):
                        next_open.pop(c, None)
                    next_open[prev_in_row.col] = prev_in_row
                    col += span
                    continue
                if vmerge == "continue":
                    owner = open_.get(col)
                    if owner is not None and owner.colspan == span and owner.last_row == r - 1:
                        owner.rowspan += 1
                        if text.strip():
                            more.setdefault(id(owner), (owner, []))[1].append(text)
                        next_open[col] = owner
                        prev_in_row = owner
                        col += span
                        continue
                    if r > 0:  # (a first row continuing nothing: a table split from its top part)
                        orphans += 1  # continuation with nothing (matching) to continue
                cell = Cell(text, r, col, 1, span, loc)
                cells.append(cell)
                # any cell may be continued below (Word also merges a
                # continuation into a cell above that lacks 'restart')
                next_open[col] = cell
                prev_in_row = cell
                col += span
            open_ = next_open
            if truncated:
                break
        for cell, texts in more.values():
            cell.text = "\n".join(([cell.text] if cell.text.strip() else []) + texts)
        self._grid_warnings(loc, max_cols, truncated, clamped, orphans)
        return Table(cells=cells, loc=loc)

    def _merge_props(self, tc: etree._Element) -> tuple[int, str | None, str | None]:
        """A cell's grid span and its vertical and legacy horizontal merge marks
        ('restart' / 'continue' / None)."""
        span = 1
        vmerge = None
        hmerge = None
        tcpr = tc[0] if len(tc) and tc[0].tag == self.t_tcPr else None
        if tcpr is not None:
            for el in tcpr:
                tag = el.tag
                if tag == self.t_gridSpan:
                    span = _int(el.get(self.a_val)) or 1
                    span = max(span, 1)
                elif tag == self.t_vMerge:
                    vmerge = el.get(self.a_val) or "continue"
                elif tag == self.t_hMerge:
                    hmerge = el.get(self.a_val) or "continue"
        return span, vmerge, hmerge

    def _grid_warnings(self, loc: Location, max_cols: int, truncated: bool, clamped: int, orphans: int) -> None:
        if truncated:
            self.warnings.append(Issue("table_truncated",
                                       f"a table of more than {self.max_cells} cells; the rest of it was not "
                                       "read (limit max_cells_per_table)", f"table at body element {loc.line}"))
        if clamped:
            self.warnings.append(Issue("docx.span_clamped",
                                       f"{clamped} cell(s) reach past column {max_cols}; clamped",
                                       f"table at body element {loc.line}"))
        if orphans:
            self.warnings.append(Issue("docx.merge_orphan",
                                       f"{orphans} vertically merged cell(s) continue nothing above; "
                                       "read as ordinary cells", f"table at body element {loc.line}"))


@lru_cache(maxsize=4)
def _tag_tables(W: str) -> tuple[dict[bool, tuple[str, ...]], dict[str, int], frozenset[str]]:
    """For namespace ``W``: the tags the one-pass table reader visits (by whether a paragraph style may number it),
    its tag codes, and the run-content tags whose subtree holds no displayed text."""
    w = f"{{{W}}}"
    # the one-pass table reader (_fast_rows) visits only these elements, found by lxml's C-level
    # iter in document order; meeting any of _FALLBACK's sends the table to the full walk
    text_tags = tuple(w + t for t in ("t", "tab", "br", "cr", "noBreakHyphen", "sym"))
    prop_tags = tuple(w + t for t in ("pStyle", "numId", "ilvl", "outlineLvl"))
    fallback = (*(w + t for t in _FALLBACK), f"{{{MC}}}AlternateContent")
    para = (w + "p", w + "sdt", *text_tags, *fallback)
    table = (w + "tbl", w + "tr", w + "tc", w + "gridSpan", w + "vMerge", w + "hMerge", w + "gridBefore", *para)
    # [styles]: the tags to visit, by whether a paragraph's style may change its text (see
    # Styles.number_free)
    table_tags = {st: (*table, w + "vanish", *(prop_tags if st else prop_tags[1:])) for st in (False, True)}
    codes = {
        w + "t": _F_T, w + "p": _F_P, w + "pStyle": _F_STYLE, w + "tc": _F_TC, w + "tr": _F_TR,
        w + "gridSpan": _F_SPAN, w + "vMerge": _F_VMERGE, w + "hMerge": _F_HMERGE, w + "gridBefore": _F_BEFORE,
        **{t: _F_OTHER for t in (*text_tags[1:], *prop_tags[1:], w + "sdt")}}  # (text_tags[0]: w:t)
    skip = frozenset(w + t for t in (
        "instrText", "delInstrText", "delText", "del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "rt",
        "footnoteReference", "endnoteReference", "commentReference", "annotationRef", "fldData", "bookmarkStart",
        "bookmarkEnd", "proofErr", "lastRenderedPageBreak", "permStart", "permEnd", "commentRangeStart",
        "commentRangeEnd"))
    return table_tags, codes, skip


def _join_cell(paras: list[str]) -> str:
    """A cell's paragraphs as its text: leading/trailing empty paragraphs are
    layout, inner ones are kept."""
    if len(paras) == 1:
        return paras[0]
    while paras and not paras[-1]:
        paras.pop()
    i = 0
    while i < len(paras) and not paras[i]:
        i += 1
    return "\n".join(paras[i:])
