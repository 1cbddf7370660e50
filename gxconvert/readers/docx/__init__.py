"""The Word reader: .docx (and, through LibreOffice, Word 97 .doc).

``DocxReader().read(data, ctx)`` returns the body of the document as
gxconvert blocks, in document order: paragraphs (with list numbers rendered
the way Word displays them, and a heading level from the style / outline
level) and tables (one :class:`~gxconvert.model.Cell` per ``w:tc``, spans from
``w:gridSpan`` / ``w:vMerge``).  See :mod:`.body` for the table rules and
:mod:`.container` for the safety limits.

What it decides, so the matcher need not guess:

* empty paragraphs are dropped, so two Word tables separated only by empty
  paragraphs or page breaks are *adjacent* blocks (the matcher joins tables
  that continue the same report table);
* a nested table is emitted as its own Table right after its parent table
  (its text is not repeated in the parent cell); a one-cell table is a frame
  and is unwrapped into its content;
* tracked changes are read as accepted: inserted text counts, deleted text
  (and deleted rows/cells) does not; field results are kept, field codes
  dropped; content controls are read through, except one still showing its
  placeholder prompt (read as empty); hidden (``w:vanish``) text and ruby
  annotations are dropped; text boxes and pictures are not read (their count
  goes to ``metadata["images"]``), an embedded Excel/OLE object is a
  ``docx.embedded_object`` warning;
* list numbering is replayed in document order (tables included) and the
  label rendered as Word shows it (``%1、`` + chineseCounting -> ``一、``);
  ``heading_level`` comes from the outline level (paragraph or style) or a
  ``heading N`` style;
* ``w:altChunk`` parts (HTML, MHT, text or docx imported when Word opens the
  file) are read in place by the reader the registry's triage picks
  (``ReadContext.read_embedded``: this package does not import the registry);
* the python-docx package is not needed (zipfile + lxml only).

Errors, each one line in plain words: :class:`CorruptDocumentError` for
damaged, truncated, encrypted or hostile files (the zip and XML libraries'
own exceptions, translated by :func:`.container.explain`; any other
exception is a bug in gxconvert and propagates), :class:`LimitExceededError`
for a part or a total over ``Options.max_zip_member_bytes`` /
``max_zip_total_bytes``, a table over ``max_cells_per_table`` is cut with a
``table_truncated`` warning, ``max_seconds`` is checked between body
elements, :class:`UnsupportedFormatError` for zips and OLE files that hold
no Word document and for a Word 97 .doc without LibreOffice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from lxml import etree

from ...catalogue import Format
from ...errors import (
    ConversionError,
    CorruptDocumentError,
    LimitExceededError,
    UnsupportedFormatError,
    one_line,
)
from ...gcpause import gc_paused
from ...model import Block, Document, Issue
from ..base import ReadContext
from ..containers import OLE_MAGIC
from ..parser_errors import parser_errors
from .body import W_MAIN, W_STRICT, BodyWalker
from .container import (
    PARSER_ERRORS,
    DocxPackage,
    convert_with_soffice,
    explain,
    parse_xml,
)
from .numbering import Numbering, Styles
from .slim import slim_part
from .stream import stream_body

__all__ = ["DocxReader"]

class DocxReader:
    """Reads .docx bytes (and Word 97 .doc bytes through LibreOffice)."""

    format: Format = "docx"

    def read(self, data: bytes, ctx: ReadContext) -> Document:
        # (the cycle collector paused: the walk makes thousands of element proxies, lists and cells
        # that hold no reference cycles, see gxconvert.gcpause; an altChunk read by another reader
        # inside is one bounded document, whatever cycles it makes are collected after)
        with parser_errors("Word document", ctx.path, PARSER_ERRORS, explain=explain), gc_paused():
            try:
                if data.startswith(OLE_MAGIC):
                    return self._read_word97(data, ctx)
                return self._read(data, ctx)
            except ConversionError as err:
                raise _one_line(err) from err.__cause__

    def _read(self, data: bytes, ctx: ReadContext) -> Document:
        path, options, deadline = ctx.path, ctx.options, ctx.deadline
        pkg = DocxPackage(data, options, ctx.budget)
        main = pkg.main_part()
        rels = pkg.rels(main)
        styles_part, numbering_part = _styles_and_numbering(rels)
        aux_warnings: list[Issue] = []

        def make_walker(W: str) -> BodyWalker:
            # styles and numbering parsed lazily: on the first paragraph that names a style / a list
            styles = Styles(_lazy_part(pkg, styles_part, aux_warnings, _paragraph_styles_only), W)
            numbering = Numbering(_lazy_part(pkg, numbering_part, aux_warnings), W, styles)
            walker = BodyWalker(W, styles, numbering, options.max_cells_per_table, deadline)
            walker.alt_chunk = lambda rid: _alt_chunk(pkg, rels, rid, ctx, aux_warnings)
            return walker

        # the main part is read as it inflates, one body element at a time
        streamed = stream_body(pkg.stream(main, options.max_zip_member_bytes), main, make_walker)
        if streamed is None:  # a UTF-16 part: parsed whole
            root = pkg.xml(main, options.max_zip_member_bytes)
            W = _namespace(root)
            if W is None:
                raise CorruptDocumentError(f"{one_line(main)} is not WordprocessingML (root element "
                                           f"{one_line(str(root.tag), 80)})")
            body = root.find(f"{{{W}}}body")
            walker: BodyWalker | None = make_walker(W)
            assert walker is not None
            blocks = walker.walk(body) if body is not None else []
            found_body = body is not None
        else:
            if _namespace_of(streamed.root_tag) is None:
                raise CorruptDocumentError(f"{one_line(main)} is not WordprocessingML (root element "
                                           f"{one_line(streamed.root_tag, 80)})")
            walker, blocks, found_body = streamed.walker, streamed.blocks, streamed.found_body
        deadline.check("reading the Word document")
        doc = Document(blocks=blocks, format="docx", path=path,
                       warnings=aux_warnings + (walker.warnings if walker else []))
        if walker is not None and walker.images:
            doc.metadata["images"] = str(walker.images)
        if walker is not None and walker.pictures:
            _read_pictures(doc, pkg, rels, walker.pictures, ctx)
        if not found_body:
            doc.warnings.append(Issue("docx.no_body", f"{one_line(main)} has no w:body", path or ""))
        return doc

    def _read_word97(self, data: bytes, ctx: ReadContext) -> Document:
        """A Word 97-2003 .doc (or WPS .wps), converted to .docx by
        LibreOffice and read.  Embedded in a .docx it is not read: Word
        imports only .docx chunks."""
        if ctx.depth:
            raise UnsupportedFormatError("an embedded OLE file is not read (Word imports only .docx chunks)")
        docx_bytes = convert_with_soffice(data, ".doc")
        if docx_bytes.startswith(OLE_MAGIC):
            raise CorruptDocumentError("LibreOffice produced a .doc instead of a .docx")
        doc = self._read(docx_bytes, ctx)
        doc.warnings.insert(0, Issue("docx.converted_from_doc",
                                     "a Word 97-2003 .doc, converted to .docx with LibreOffice", ctx.path or ""))
        doc.metadata["converted_from"] = "doc"
        return doc


def _alt_chunk(pkg: DocxPackage, rels: dict[str, tuple[str, str, str]], rid: str, ctx: ReadContext,
               warnings: list[Issue]) -> list[Block]:
    """The blocks of a w:altChunk: a part Word imports when it opens the
    file (web CMSs export "Word" files as an HTML or MHT page wrapped in a
    docx this way).  ``ctx.read_embedded`` reads it with the reader the
    registry's triage picks, as for a file of its own: HTML and MHT, plain
    text and docx chunks are read in place; RTF, OLE files and anything
    unreadable are a ``docx.alt_chunk`` warning, not read."""
    typ, target, mode = rels.get(rid, ("", "", ""))
    if not typ.endswith("/aFChunk") or mode != "Internal" or pkg.find(target) is None:
        warnings.append(Issue("docx.alt_chunk", f"altChunk {one_line(repr(rid), 60)} points at no part; skipped",
                              ctx.path or ""))
        return []
    data = pkg.read(target, ctx.options.max_zip_member_bytes)
    try:
        sub = ctx.read_embedded(data, ctx)
    except LimitExceededError:
        raise
    except ConversionError as err:
        warnings.append(Issue("docx.alt_chunk", one_line(f"{target}: {err.reason}; skipped"), ctx.path or ""))
        return []
    warnings.extend(sub.warnings)
    return list(sub.blocks)


def _read_pictures(doc: Document, pkg: DocxPackage, rels: dict[str, tuple[str, str, str]],
                   pictures: list[tuple[int, str]], ctx: ReadContext) -> None:
    """The body's pictures read by OCR when the document has no table of its
    own (:mod:`..image.inline`); their placeholders not replaced are dropped."""
    from ..image.inline import Picture, read_pictures, refuse

    found: list[Picture] = []
    for index, rid in pictures:
        typ, target, mode = rels.get(rid, ("", "", ""))
        if not typ.endswith("/image") or mode != "Internal" or pkg.find(target) is None:
            why = "a linked picture (never fetched)" if mode == "External" else "a picture whose part is missing"
            found.append(Picture(index, one_line(target or rid, 80), refuse(why)))
        else:
            found.append(Picture(index, target, partial(pkg.read, target, ctx.options.max_zip_member_bytes)))
    placeholders = {id(doc.blocks[i]) for i, _ in pictures}
    read_pictures(doc, found, ctx)
    doc.blocks = [b for b in doc.blocks if id(b) not in placeholders]  # those not replaced


def _styles_and_numbering(rels: dict[str, tuple[str, str, str]]) -> tuple[str, str]:
    """The styles and numbering parts the main part's relationships name
    (the first internal one of each), else their usual names."""
    styles_part = numbering_part = None
    for (typ, target, mode) in rels.values():
        if mode != "Internal":
            continue
        if typ.endswith("/styles") and styles_part is None:
            styles_part = target
        elif typ.endswith("/numbering") and numbering_part is None:
            numbering_part = target
    return styles_part or "word/styles.xml", numbering_part or "word/numbering.xml"


def _lazy_part(pkg: DocxPackage, part: str, warnings: list[Issue],
               trim: Callable[[bytes], bytes] | None = None) -> Callable[[], etree._Element | None]:
    """A loader of the styles or numbering ``part`` (None when absent),
    ``trim`` and :func:`.slim.slim_part` applied before the parse (a part
    the parser rejects once slimmed is parsed as written).  A damaged or
    hostile part costs the list numbers and heading levels, not the
    document (its tables do not need it): a ``docx.bad_part`` warning."""
    def load() -> etree._Element | None:
        try:
            if pkg.find(part) is None:
                return None
            data = pkg.read(part)
            if trim is not None:
                data = trim(data)
            slim = slim_part(data)
            if slim is not None:
                try:
                    return parse_xml(slim, part)
                except CorruptDocumentError:
                    pass  # reported as the part is written
            return parse_xml(data, part)
        except CorruptDocumentError as err:
            warnings.append(Issue("docx.bad_part", f"{one_line(err.reason)}; ignored", one_line(part)))
            return None
    return load


# the start tag of a table/character/numbering style; the style runs to the next </w:style>
_NON_PARAGRAPH_STYLE = re.compile(rb'<w:style\b[^>]*\bw:type="(?:table|character|numbering)"[^>]*>')
_STYLE_START = b"<w:style"
_STYLE_END = b"</w:style>"


def _paragraph_styles_only(data: bytes) -> bytes:
    """styles.xml without its table/character styles (often most of its
    bytes: table styles carry dozens of conditional formats) — only
    paragraph styles give heading levels and numbering.  A part written with
    another namespace prefix is simply parsed whole."""
    if len(data) < 65536:
        return data
    # each ``<w:style`` found by bytes.find and its start tag tested by the regular-expression
    # engine (a search of the pattern itself steps through the bytes at several instructions a
    # byte: most of the part's cost), each style's end by bytes.find (a lazy ``.*?</w:style>`` in
    # the pattern would test the end at every byte of a style)
    parts: list[bytes] = []
    pos = 0
    match, find = _NON_PARAGRAPH_STYLE.match, data.find
    at = find(_STYLE_START, 0)
    while at >= 0:
        m = match(data, at)
        if m is None:  # a paragraph style, the root element …: stepped over
            at = find(_STYLE_START, at + len(_STYLE_START))
            continue
        end = find(_STYLE_END, m.end())
        if end < 0:
            break  # no style ends after here
        parts.append(data[pos:at])
        pos = end + len(_STYLE_END)
        at = find(_STYLE_START, pos)
    if not parts:
        return data
    parts.append(data[pos:])
    return b"".join(parts)


def _one_line(err: ConversionError) -> ConversionError:
    """``err`` with its reason folded to one line (a zip member name or a
    library message may hold line breaks)."""
    reason = one_line(err.reason, 400)
    if reason == err.reason:
        return err
    if isinstance(err, LimitExceededError):
        return LimitExceededError(reason, err.path, err.limit)
    return type(err)(reason, err.path)


def _namespace(root: etree._Element) -> str | None:
    return _namespace_of(root.tag if isinstance(root.tag, str) else "")


def _namespace_of(tag: str) -> str | None:
    if tag.startswith("{"):
        ns = tag[1:].split("}", 1)[0]
        if ns in (W_MAIN, W_STRICT):
            return ns
    return None
