"""Format readers and content sniffing.

``read_document(data, path)`` looks at the bytes, not the file name, picks a
reader and returns its :class:`~gxconvert.model.Document`.
"""

from __future__ import annotations

import importlib
import re

from ..errors import UnsupportedFormatError
from ..model import Document
from ..options import DEFAULT_OPTIONS, Options
from .base import Reader
from .containers import is_container

# format name -> "module:Class" (imported lazily: a PDF batch never pays for
# python-docx, a text batch never imports pdfplumber)
READERS: dict[str, str] = {
    "text": "gxconvert.readers.text:TextReader",
    "html": "gxconvert.readers.html:HtmlReader",
    "docx": "gxconvert.readers.docx:DocxReader",
    "pdf": "gxconvert.readers.pdf:PdfReader",
}

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p|title|style|script|span|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)


_PDF_HEADER = re.compile(rb"%PDF-\d")
_TEXT_PREFIX_JUNK = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _text_prefix(prefix: bytes) -> bool:
    """True when ``prefix`` reads as text (UTF-8 or GB18030, no control bytes)."""
    if _TEXT_PREFIX_JUNK.search(prefix):
        return False
    for codec in ("utf-8", "gb18030"):
        try:
            prefix.decode(codec)
            return True
        except UnicodeDecodeError:
            pass
    return False


def pdf_header_at(data: bytes) -> int | None:
    """The offset of the ``%PDF-`` header where PDF readers accept it, else None.

    Readers accept the header within the first 1024 bytes.  At offset 0 it
    counts; further in, only when it starts a line or the bytes before it
    are junk (a download wrapper, binary garbage) — a text report whose
    first line mentions ``%PDF-1.4`` mid-sentence is text.  A header that
    starts a line after text lines (an HTTP response saved with its
    headers) counts when the file also holds PDF objects (``endobj``)."""
    if data.startswith(b"%PDF-"):
        return 0
    m = _PDF_HEADER.search(data, 0, 1024 + 6)
    if m is None or m.start() > 1024:
        return None
    prefix = data[: m.start()]
    if not _text_prefix(prefix) or (prefix.endswith((b"\n", b"\r")) and b"endobj" in data):
        return m.start()
    return None


def sniff(data: bytes) -> str:
    """The format of ``data`` judged from its content: pdf, docx, html or text.

    A zip or OLE container is 'docx' (the docx reader tells a real .docx from
    a legacy .doc, an encrypted package or a zip that is no Word file)."""
    head = data[:1024]
    if pdf_header_at(data) is not None:
        return "pdf"
    if is_container(head):
        return "docx"  # the docx reader reads Word documents; what any other container is: .containers
    if re.match(rb"\s*(?:MIME-Version:|Content-Type:\s*multipart/related)", head, re.IGNORECASE) or (
            b"multipart/related" in head.lower() and b"mime-version" in head.lower()):
        return "html"  # a Word .mht single-file web page
    probe = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = data[:4096].decode("utf-16", errors="ignore").encode("utf-8", errors="ignore").lstrip()
    elif b"\x00" in head:
        from .encoding import _looks_utf16

        utf16 = _looks_utf16(data)
        if utf16:  # UTF-16 without a byte-order mark
            probe = data[:8192 & ~1].decode(utf16, errors="ignore").encode("utf-8", errors="ignore").lstrip()
        else:
            probe = probe.replace(b"\x00", b"")
    if _HTML_START.match(probe[:4096]) or re.search(rb"<html\b|<body\b|<table\b", probe[:65536], re.IGNORECASE) \
            or re.search(rb"<html\b|<body\b|<table\b", data[:65536], re.IGNORECASE):
        return "html"
    return "text"


def get_reader(fmt: str) -> Reader:
    try:
        target = READERS[fmt]
    except KeyError:
        raise UnsupportedFormatError(f"no reader for format {fmt!r}") from None
    module_name, _, cls_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:  # an optional dependency is missing
        raise UnsupportedFormatError(
            f"reading {fmt} needs the Python package {exc.name!r}, which is not installed") from exc
    reader: Reader = getattr(module, cls_name)()
    return reader


def read_document(data: bytes, path: str | None = None, fmt: str | None = None,
                  options: Options = DEFAULT_OPTIONS) -> Document:
    """Read ``data`` (the bytes of one file) into a Document."""
    fmt = fmt or sniff(data)
    return get_reader(fmt).read(data, path, options)
