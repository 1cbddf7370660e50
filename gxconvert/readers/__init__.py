"""Format readers and the one place that triages a file's format.

``sniff(data)`` looks at the bytes, not the file name, and names the reader
that reads them (or raises for a format recognised but not read, RTF);
``read_document(data, path)`` reads them with it into a
:class:`~gxconvert.model.Document`.  Every judgement of a format goes through
:func:`sniff`: the top-level file and what a reader finds embedded (a Word
document's altChunk parts) alike.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import UnsupportedFormatError
from ..model import Document
from ..options import DEFAULT_OPTIONS, Options
from .base import Reader
from .containers import is_container

Hints = Mapping[str, object]  # what is known besides the bytes (today: nothing is needed)


@dataclass(frozen=True, slots=True)
class ReaderEntry:
    """One registered reader (markitdown's shape): its format name, its class
    as ``"module:Class"`` (imported only when used: a PDF batch never imports
    the Word reader's libraries, a text batch never imports PDFium), its
    priority (lower is asked first) and ``accepts(data, hints)``, which must
    be cheap and import nothing heavy."""

    name: str
    target: str
    priority: float
    accepts: Callable[[bytes, Hints], bool]


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


def _accepts_pdf(data: bytes, hints: Hints) -> bool:
    return pdf_header_at(data) is not None


def _accepts_container(data: bytes, hints: Hints) -> bool:
    """A zip or OLE file: the docx reader reads Word documents and names any
    other container (:mod:`.containers`)."""
    return is_container(data[:1024])


def _accepts_html(data: bytes, hints: Hints) -> bool:
    """HTML markup, or a Word .mht single-file web page, in any encoding."""
    head = data[:1024]
    if re.match(rb"\s*(?:MIME-Version:|Content-Type:\s*multipart/related)", head, re.IGNORECASE) or (
            b"multipart/related" in head.lower() and b"mime-version" in head.lower()):
        return True
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
    return bool(_HTML_START.match(probe[:4096]) or re.search(rb"<html\b|<body\b|<table\b", probe[:65536], re.IGNORECASE)
                or re.search(rb"<html\b|<body\b|<table\b", data[:65536], re.IGNORECASE))


def _accepts_image(data: bytes, hints: Hints) -> bool:
    """PNG, JPEG, TIFF or WebP by their magic bytes (read by OCR, the ``ocr`` extra)."""
    from .image._decode import is_image

    return is_image(data[:16])


def _accepts_anything(data: bytes, hints: Hints) -> bool:
    return True


def _is_rtf(data: bytes, hints: Hints) -> bool:
    return data[:2048].lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{\\rtf")


@dataclass(frozen=True, slots=True)
class UnreadFormat:
    """A format recognised from its content but not read: :func:`sniff` names
    it (``why``) instead of handing it to the text reader as text.  Asked in
    the same priority order as the readers; a reader registered under the
    same name replaces it."""

    name: str
    why: str
    priority: float
    accepts: Callable[[bytes, Hints], bool]


#: the readers, asked in order of priority.  Each is registered by module path
#: with its acceptance test here, beside the others: sniffing a file never
#: imports a reader's parser libraries (PDFium, lxml), only the one that reads it
REGISTRY: list[ReaderEntry] = [
    ReaderEntry("pdf", "gxconvert.readers.pdf:PdfReader", 0.0, _accepts_pdf),
    ReaderEntry("docx", "gxconvert.readers.docx:DocxReader", 1.0, _accepts_container),
    ReaderEntry("html", "gxconvert.readers.html:HtmlReader", 2.0, _accepts_html),
    ReaderEntry("image", "gxconvert.readers.image:ImageReader", 3.0, _accepts_image),
    ReaderEntry("text", "gxconvert.readers.text:TextReader", 10.0, _accepts_anything),
]
#: format name -> "module:Class"
READERS: dict[str, str] = {e.name: e.target for e in REGISTRY}
#: formats told apart from text but not read
UNREAD: list[UnreadFormat] = [
    UnreadFormat("rtf", "an RTF document (.rtf), which gxconvert does not read; save it as .docx", 1.5, _is_rtf),
]


def register(entry: ReaderEntry) -> None:
    """Add a reader (a new format: OFD, WPS …) to the registry."""
    REGISTRY[:] = sorted([e for e in REGISTRY if e.name != entry.name] + [entry], key=lambda e: e.priority)
    READERS[entry.name] = entry.target
    UNREAD[:] = [u for u in UNREAD if u.name != entry.name]


def sniff(data: bytes, hints: Hints | None = None) -> str:
    """The reader for ``data``, judged from its content: the first registered
    reader, by priority, that accepts it (pdf, docx, html, else text).

    A zip or OLE container is 'docx' (the docx reader tells a real .docx from
    a legacy .doc, an encrypted package or a zip that is no Word file); an
    MHT page is 'html'.  A format recognised but not read (:data:`UNREAD`:
    RTF) raises :class:`UnsupportedFormatError` saying what it is."""
    candidates: list[ReaderEntry | UnreadFormat] = [*REGISTRY, *UNREAD]
    for entry in sorted(candidates, key=lambda e: e.priority):
        if entry.accepts(data, hints or {}):
            if isinstance(entry, UnreadFormat):
                raise UnsupportedFormatError(entry.why)
            return entry.name
    raise UnsupportedFormatError("no registered reader accepts this file")


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
