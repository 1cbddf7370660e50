"""The Word reader: .docx (and, through LibreOffice, Word 97 .doc).

``DocxReader().read(data, path)`` returns the body of the document as
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
  dropped; content controls are read through; hidden (``w:vanish``) text is
  dropped; text boxes and drawings are not read.
"""

from __future__ import annotations

import re

from ...errors import ConversionError, CorruptDocumentError, UnsupportedFormatError
from ...model import Document, Issue
from .body import W_MAIN, W_STRICT, BodyWalker
from .container import (
    MAX_PART_BYTES,
    OLE_MAGIC,
    DocxPackage,
    convert_with_soffice,
    ole_kind,
    parse_xml,
)
from .numbering import Numbering, Styles

__all__ = ["DocxReader"]

_OLE_NAMES = {
    "excel97": "an Excel 97-2003 workbook (.xls), not a Word document",
    "powerpoint97": "a PowerPoint 97-2003 presentation (.ppt), not a Word document",
    "ole": "an OLE compound file that holds no Word document",
}


class DocxReader:
    """Reads .docx bytes (and Word 97 .doc bytes through LibreOffice)."""

    format = "docx"

    def read(self, data: bytes, path: str | None = None) -> Document:
        try:
            return self._read(data, path)
        except ConversionError as err:
            raise err.with_path(path) from err.__cause__
        except MemoryError:
            raise CorruptDocumentError("the document is too large to read in memory", path) from None
        except (RecursionError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            # never let a raw exception out: a hostile/damaged file is reported as such
            raise CorruptDocumentError(f"damaged Word document ({type(exc).__name__}: {exc})", path) from exc

    def _read(self, data: bytes, path: str | None, converted: bool = False) -> Document:
        if data[:8] == OLE_MAGIC:
            kind = ole_kind(data)
            if kind == "encrypted":
                raise CorruptDocumentError(
                    "the document is password-protected (encrypted); save an unprotected copy to convert it")
            if kind != "word97":
                raise UnsupportedFormatError(_OLE_NAMES[kind])
            if converted:
                raise CorruptDocumentError("LibreOffice produced a .doc instead of a .docx")
            docx_bytes = convert_with_soffice(data, ".doc")
            doc = self._read(docx_bytes, path, converted=True)
            doc.warnings.insert(0, Issue("docx.converted_from_doc",
                                         "a Word 97-2003 .doc, converted to .docx with LibreOffice", path or ""))
            doc.metadata["converted_from"] = "doc"
            return doc
        if not data[:4].startswith(b"PK"):
            raise UnsupportedFormatError("not a Word document (neither a .docx zip nor a Word 97 .doc)")
        pkg = DocxPackage(data)
        main = pkg.main_part()
        root = pkg.xml(main, MAX_PART_BYTES)
        W = _namespace(root)
        if W is None:
            raise CorruptDocumentError(f"{main} is not WordprocessingML (root element {root.tag})")
        body = root.find("{%s}body" % W)
        rels = pkg.rels(main)
        styles_part = numbering_part = None
        for _rid, (typ, target, mode) in rels.items():
            if mode != "Internal":
                continue
            if typ.endswith("/styles") and styles_part is None:
                styles_part = target
            elif typ.endswith("/numbering") and numbering_part is None:
                numbering_part = target
        styles_part = styles_part or "word/styles.xml"
        numbering_part = numbering_part or "word/numbering.xml"
        aux_warnings: list[Issue] = []

        def aux(part: str, slim=None):
            # a damaged or hostile styles/numbering part costs the numbers and
            # heading levels, not the document (its tables do not need it)
            def load():
                try:
                    if pkg.find(part) is None:
                        return None
                    data = pkg.read(part)
                    return parse_xml(slim(data) if slim else data, part)
                except CorruptDocumentError as err:
                    aux_warnings.append(Issue("docx.bad_part", f"{err.reason}; ignored", part))
                    return None
            return load

        # parsed lazily: on the first paragraph that names a style / a list
        styles = Styles(aux(styles_part, _paragraph_styles_only), W)
        numbering = Numbering(aux(numbering_part), W, styles)
        walker = BodyWalker(W, styles, numbering)
        blocks = walker.walk(body) if body is not None else []
        doc = Document(blocks=blocks, format="docx", path=path, warnings=aux_warnings + walker.warnings)
        if body is None:
            doc.warnings.append(Issue("docx.no_body", f"{main} has no w:body", path or ""))
        if any(typ.endswith("/aFChunk") for typ, _t, _m in rels.values()):
            doc.warnings.append(Issue("docx.alt_chunk",
                                      "the document embeds content as altChunk parts (HTML/RTF), which are not read",
                                      path or ""))
        return doc


_NON_PARAGRAPH_STYLE = re.compile(
    rb'<w:style\b[^>]*\bw:type="(?:table|character|numbering)"[^>]*>.*?</w:style>', re.S)


def _paragraph_styles_only(data: bytes) -> bytes:
    """styles.xml without its table/character styles (often most of its
    bytes: table styles carry dozens of conditional formats) — only
    paragraph styles give heading levels and numbering.  A part written with
    another namespace prefix is simply parsed whole."""
    if len(data) < 65536:
        return data
    return _NON_PARAGRAPH_STYLE.sub(b"", data)


def _namespace(root) -> str | None:
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag.startswith("{"):
        ns = tag[1:].split("}", 1)[0]
        if ns in (W_MAIN, W_STRICT):
            return ns
    return None
