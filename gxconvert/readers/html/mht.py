"""MHT (Word's "single file web page", MIME multipart/related)."""

from __future__ import annotations

import re

_MIME_START = re.compile(rb"(?i)(?:mime-version|content-type|from|date|subject|message-id|x-[a-z0-9-]+)\s*:")


def unwrap_mhtml(data: bytes) -> tuple[bytes, str | None] | None:
    """``(html bytes, charset of the part)`` if ``data`` is an MHT/MHTML
    document (the first text/html part), else None."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if not _MIME_START.match(head) or b"multipart/" not in data[:16384].lower():
        return None
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() in ("text/html", "application/xhtml+xml"):
            payload = part.get_payload(decode=True)
            return (payload if isinstance(payload, bytes) else b""), part.get_content_charset()
    return b"", None


