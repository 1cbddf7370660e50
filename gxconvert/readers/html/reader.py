"""The HTML reader: bytes -> :class:`~gxconvert.model.Document` (see the
package doc for the pipeline)."""

from __future__ import annotations

import functools
import re

from ...catalogue import Format
from ...errors import CorruptDocumentError, LimitExceededError, UnsupportedFormatError
from ...model import Document, Issue
from ...options import Options
from ..base import ReadContext
from ..deadline import Deadline
from ..encoding import controls_as_spaces, decode
from ..parser_errors import parser_errors
from .common import El
from .furniture import _release_swallowed, _remove_furniture
from .links import _attachments, _embedded_documents
from .measure import _find_body, _Lengths
from .metadata import _metadata, _too_deep, _visible_raw, _wants_text
from .mht import unwrap_mhtml
from .parse import _lost_text, _parse_bs4, _parse_lxml, _tree_cjk, strip_declarations
from .walk import _Blocks, _walk

_FALLBACK_MAX_CHARS = 5_000_000  # html.parser (pure Python) reads ~1 MB/s: no fallback above this

_MARKUP = re.compile(r"<(?:[A-Za-z][A-Za-z0-9:_-]*|!--|!doctype|/[A-Za-z][A-Za-z0-9]*)[\s>/]", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

def _explain(exc: BaseException) -> str:
    """A parser library's exception in plain words."""
    msg = str(exc)
    low = msg.lower()
    if "document is empty" in low:
        return "the page holds no markup libxml2 can read"
    if "encoding" in low:
        return f"the page's character encoding cannot be read ({msg})"
    if type(exc).__name__ == "ParserRejectedMarkup":
        return f"the markup cannot be parsed ({msg})"
    if isinstance(exc, UnicodeError):
        return "the text cannot be decoded"
    return f"the markup cannot be parsed ({msg or type(exc).__name__})"


@functools.cache
def _parser_exceptions() -> tuple[type[BaseException], ...]:
    """The exceptions of the libraries this reader calls: lxml/libxml2,
    BeautifulSoup, the MIME parser (MHT), decoding (imported once: the
    import statements cost ~25 µs a page even when the modules are loaded)."""
    import email.errors

    from bs4.exceptions import ParserRejectedMarkup
    from lxml import etree

    return (etree.LxmlError, ParserRejectedMarkup, email.errors.MessageError, UnicodeError)


def _held_proxies(root: El, deep: bool) -> list[El]:
    """The element proxies held for the whole read: in a tree nested deep
    (:func:`~.metadata._too_deep`), one for every node -- lxml frees a proxy
    by walking its ancestors up to the first one that still has a proxy,
    which is quadratic in a deeply nested tree when proxies come and go one
    by one; the list is freed deepest first (reverse document order), so
    each walk stops at its parent.  In a shallower tree none: each such walk
    is short, and the proxies no step asks for (the head's elements, those
    inside a cell or a paragraph that is read whole ...) are never made."""
    return list(root.iter()) if deep else []


class HtmlReader:
    """Reads report web pages (CMS pages, Word and LibreOffice HTML exports)."""

    format: Format = "html"

    def read(self, data: bytes, ctx: ReadContext) -> Document:
        with parser_errors("HTML page", ctx.path, _parser_exceptions(), explain=_explain):
            doc, pictures = self._read(data, ctx.path, ctx.options, ctx.deadline)
        if pictures:
            from ..image.inline import read_pictures
            from ..pictures import html_pictures

            done = read_pictures(doc, html_pictures(pictures, ctx), ctx)
            if done:  # the images read are no longer "not read"
                shown = {f"image {src} " for i, src, _ in pictures if i in done}
                doc.warnings = [w for w in doc.warnings if not (
                    w.code == "image_in_body" and any(w.message.startswith(s) for s in shown))]
        return doc

    def _read(self, data: bytes, path: str | None, options: Options, deadline: Deadline
              ) -> tuple[Document, list[tuple[int, str, str]]]:
        if len(data) > options.max_bytes:
            raise LimitExceededError(
                f"the HTML page is {len(data) / 1048576:.1f} MB, over {options.max_bytes / 1048576:.0f} MB",
                path, "max_bytes")
        declared = None
        mht = unwrap_mhtml(data)
        if mht is not None:
            data, declared = mht
            if not data.strip():
                raise UnsupportedFormatError("MHT document without an HTML part", path)
        dec = decode(data, declared=declared, html=True)
        text = dec.text
        if not text.strip():
            raise UnsupportedFormatError("empty file, not an HTML page", path)
        if not _MARKUP.search(text[:1_000_000]):
            raise UnsupportedFormatError("no HTML markup: not an HTML page (read it as plain text)", path)
        text = controls_as_spaces(strip_declarations(_XML_DECL.sub("", text, count=1)))
        warnings = list(dec.warnings)
        deadline.check("decoding the HTML page")

        root, too_deep = _parse_lxml(text)
        deadline.check("parsing the HTML page")
        # the page's visible text, made once: the metadata's, and its CJK
        # count is the tree's for the lost-text check
        deep = root is None or too_deep or _too_deep(root)  # 200 levels or more
        visible = _visible_raw(root, deep) if root is not None and not too_deep and _wants_text(text) else None
        capped = True
        if len(text) > _FALLBACK_MAX_CHARS:
            if root is None or too_deep:
                raise CorruptDocumentError(
                    "HTML markup nested deeper than 2048 levels (or unparseable) in a page too large "
                    "for the fallback parser", path)
        elif root is None or too_deep or _lost_text(root, text, visible):
            fallback = _parse_bs4(text)
            deadline.check("parsing the HTML page with html.parser")
            if root is None or too_deep or _tree_cjk(fallback) > _tree_cjk(root):
                why = ("markup nested deeper than libxml2 reads" if too_deep
                       else "libxml2 could not parse the page" if root is None
                       else "libxml2 lost part of the text")
                warnings.append(Issue("html_parser_fallback", f"{why}; parsed with html.parser instead"))
                root, capped, visible = fallback, False, None
                deep = _too_deep(root)

        keep = _held_proxies(root, deep)
        try:
            return self._read_tree(root, text, visible, dec.encoding, warnings, capped, options, deadline, path)
        finally:
            del root
            fallback = None
            keep.clear()  # CPython frees a list's items from the last one back

    def _read_tree(self, root: El, text: str, visible: str | None, encoding: str, warnings: list[Issue], capped: bool,
                   options: Options, deadline: Deadline, path: str | None
                   ) -> tuple[Document, list[tuple[int, str, str]]]:
        metadata = _metadata(root, text, visible)
        metadata["encoding"] = encoding
        body = next(root.iter("body"), None)
        if body is None:
            body = root
        embedded = _embedded_documents(body)
        _release_swallowed(body)
        left = _remove_furniture(body, text)
        deadline.check("removing page furniture")
        lengths = _Lengths(body, left)
        article = _find_body(body, lengths)
        attachments = _attachments(article)
        out = _Blocks(capped, options.max_cells_per_table, deadline)
        _walk(body, article, lengths.is_layout, out)
        warnings.extend(out.warnings)
        for src in embedded:
            warnings.append(Issue("embedded_document", f"the page embeds {src}; its content is not read"))
        for href, label in attachments:
            warnings.append(Issue("attachment", f"the article links to {href} ({label}); attached files are not read"))
        return (Document(blocks=out.blocks, format=self.format, path=path, warnings=warnings, metadata=metadata),
                out.pictures)

