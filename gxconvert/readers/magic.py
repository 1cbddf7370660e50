"""The readers' ``accepts(head, name)`` tests, in one light module.

The triage (:func:`gxconvert.readers.sniff`) asks these, by priority, for
every file that is not a zip or OLE container.  They look at magic bytes and
the start of the markup only, so deciding a file's format imports neither a
reader's module nor its parser libraries: a text file never loads the PDF
or HTML readers (their modules compile dozens of patterns), a PDF never
loads the HTML reader.  The registry in :mod:`gxconvert.readers` names these
functions; each reader's own module keeps its class (imported when a file of
its format is read).
"""

from __future__ import annotations

import re

from .. import patterns

# ---------------------------------------------------------------- PDF

_PDF_HEADER = patterns.compile(rb"%PDF-\d")
_TEXT_PREFIX_JUNK = patterns.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


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


def pdf_header_at(head: bytes) -> int | None:
    """The offset of the ``%PDF-`` header where PDF readers accept it, else None.

    Readers accept the header within the first 1024 bytes.  At offset 0 it
    counts; further in, only when it starts a line or the bytes before it
    are junk (a download wrapper, binary garbage) — a text report whose
    first line mentions ``%PDF-1.4`` mid-sentence is text.  A header that
    starts a line after text lines (an HTTP response saved with its
    headers) counts when the file's start also holds PDF objects (``endobj``)."""
    if head.startswith(b"%PDF-"):
        return 0
    m = _PDF_HEADER.search(head, 0, 1024 + 6)
    if m is None or m.start() > 1024:
        return None
    prefix = head[: m.start()]
    if not _text_prefix(prefix) or (prefix.endswith((b"\n", b"\r")) and b"endobj" in head):
        return m.start()
    return None


def pdf(head: bytes, name: str) -> bool:
    """A PDF: a ``%PDF-`` header where PDF readers accept it (:func:`pdf_header_at`)."""
    return pdf_header_at(head) is not None


# ---------------------------------------------------------------- HTML

_HTML_START = patterns.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p|title|style|script|span|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_MHT_START = patterns.compile(rb"\s*(?:MIME-Version:|Content-Type:\s*multipart/related)", re.IGNORECASE)
_MARKUP_TAG = patterns.compile(rb"<html\b|<body\b|<table\b", re.IGNORECASE)


def html(head: bytes, name: str) -> bool:
    """HTML markup, or a Word .mht single-file web page, in any encoding."""
    start = head[:1024]
    if _MHT_START.match(start) or (b"multipart/related" in start.lower() and b"mime-version" in start.lower()):
        return True
    probe = start.lstrip(b"\xef\xbb\xbf").lstrip()
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = head[:4096].decode("utf-16", errors="ignore").encode("utf-8", errors="ignore").lstrip()
    elif b"\x00" in start:
        from .encoding import _looks_utf16  # only for a file with NUL bytes near its start

        utf16 = _looks_utf16(head)
        if utf16:  # UTF-16 without a byte-order mark
            probe = head[:8192 & ~1].decode(utf16, errors="ignore").encode("utf-8", errors="ignore").lstrip()
        else:
            probe = probe.replace(b"\x00", b"")
    return bool(_HTML_START.match(probe[:4096]) or _MARKUP_TAG.search(probe[:65536])
                or _MARKUP_TAG.search(head[:65536]))


# ---------------------------------------------------------------- images

#: the magic bytes of the image formats read (PNG, JPEG, TIFF both byte orders; WebP below)
IMAGE_MAGIC: tuple[bytes, ...] = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def is_image(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) starts an image the image reader reads."""
    return head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def image(head: bytes, name: str) -> bool:
    """PNG, JPEG, TIFF or WebP, by their magic bytes."""
    return is_image(head[:16])


# ---------------------------------------------------------------- text


def text(head: bytes, name: str) -> bool:
    """Anything the readers before it (by priority) did not take: whether it
    is text at all is the reader's to tell (it decodes the whole file)."""
    return True


def rtf(head: bytes, name: str) -> bool:
    """An RTF document (told apart from text, not read)."""
    return head[:2048].lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{\\rtf")
