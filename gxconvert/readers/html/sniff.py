"""Whether a file's first bytes are an HTML page or an MHT document."""

from __future__ import annotations

import re

from ..encoding import _looks_utf16

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p|title|style|script|span|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_MHT_START = re.compile(rb"\s*(?:MIME-Version:|Content-Type:\s*multipart/related)", re.IGNORECASE)
_MARKUP_TAG = re.compile(rb"<html\b|<body\b|<table\b", re.IGNORECASE)


def accepts(head: bytes, name: str) -> bool:
    """HTML markup, or a Word .mht single-file web page, in any encoding."""
    start = head[:1024]
    if _MHT_START.match(start) or (b"multipart/related" in start.lower() and b"mime-version" in start.lower()):
        return True
    probe = start.lstrip(b"\xef\xbb\xbf").lstrip()
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = head[:4096].decode("utf-16", errors="ignore").encode("utf-8", errors="ignore").lstrip()
    elif b"\x00" in start:
        utf16 = _looks_utf16(head)
        if utf16:  # UTF-16 without a byte-order mark
            probe = head[:8192 & ~1].decode(utf16, errors="ignore").encode("utf-8", errors="ignore").lstrip()
        else:
            probe = probe.replace(b"\x00", b"")
    return bool(_HTML_START.match(probe[:4096]) or _MARKUP_TAG.search(probe[:65536])
                or _MARKUP_TAG.search(head[:65536]))


