"""Resource bombs found before PDFium parses anything.

PDFium inflates a stream whole, in native memory, where no Python limit can
reach; a 1 MB FlateDecode stream can hold 1 GB, a doubly compressed one far
more.  So before the document is opened, every stream that *could* inflate
past ``options.max_pdf_stream_bytes`` (deflate expands at most ~1032x per
stage, so only streams whose compressed size times that factor per Flate
stage exceeds the limit) is inflated here, stage by stage, with the limit as
the output cap: exceeding it is a :class:`LimitExceededError`.  Content
streams (not images, not fonts) that inflate to several megabytes have their
path operators counted: millions of them make a page PDFium would need
gigabytes for.

The scan reads the raw file: streams are found by their ``stream`` keyword
and ended at ``endstream``, whatever their (possibly damaged) ``/Length``
says.  Object streams and cross-reference streams are streams like any other.
"""

from __future__ import annotations

import re
import zlib

from ...errors import CorruptDocumentError, LimitExceededError
from ...options import Options

#: deflate's worst-case expansion factor (a run of one byte)
_DEFLATE_RATIO = 1032
#: path-construction operators a content stream may hold (a report page has hundreds)
MAX_PATH_OPERATORS = 1_000_000
#: content streams larger than this (inflated) have their operators counted
_COUNT_FROM = 4 * 1024 * 1024

_STREAM = re.compile(rb"(?<![A-Za-z])stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_NOT_CONTENT = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)|/Length[123]\b|/Type\s*/(?:ObjStm|XRef"
                          rb"|EmbeddedFile|Metadata)")
_PATH_OP = re.compile(rb"(?<![A-Za-z0-9_.])(?:m|l|c|v|y|re|h)(?![A-Za-z0-9_])")


def _dict_before(data: bytes, at: int) -> bytes:
    """The stream dictionary: from the last 'obj' keyword before ``at``."""
    lo = max(0, at - 4096)
    head = data[lo:at]
    k = head.rfind(b"obj")
    return head[k:] if k >= 0 else head


def _filters(d: bytes) -> list[bytes]:
    m = _FILTER.search(d)
    if not m:
        return []
    return _NAME.findall(m.group(1))


def _inflate(buf: bytes, cap: int) -> bytes | None:
    """``buf`` inflated, or None when the output would pass ``cap`` bytes.
    A damaged stream inflates as far as it can (PDFium does the same)."""
    z = zlib.decompressobj()
    try:
        out = z.decompress(buf, cap + 1)
    except zlib.error:
        return b""
    if len(out) > cap:
        return None
    return out


def check_streams(data: bytes, path: str | None, options: Options) -> None:
    """Raise before any parsing when a stream inflates past the limit or a
    content stream draws millions of paths."""
    cap = options.max_pdf_stream_bytes
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            return
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        pos = end
        size = end - start
        d = _dict_before(data, m.start())
        filters = _filters(d)
        flate = 0
        for f in filters:
            if f in (b"FlateDecode", b"Fl"):
                flate += 1
            else:
                break  # other filters (images, LZW, ...) are PDFium's business
        if flate and size * _DEFLATE_RATIO ** flate <= min(cap, _COUNT_FROM):
            continue  # cannot inflate past either limit
        if not flate and (filters or size <= _COUNT_FROM):
            continue
        buf: bytes | None = data[start:end]
        for _ in range(flate):
            assert buf is not None
            buf = _inflate(buf, cap)
            if buf is None:
                raise LimitExceededError(
                    f"a compressed stream of {size:,} bytes inflates to more than {cap / 1048576:.0f} MB "
                    "(a decompression bomb?)", path, "max_pdf_stream_bytes")
        assert buf is not None
        if len(buf) > _COUNT_FROM and not _NOT_CONTENT.search(d):
            n = sum(1 for _ in zip(range(MAX_PATH_OPERATORS + 1), _PATH_OP.finditer(buf)))
            if n > MAX_PATH_OPERATORS:
                raise CorruptDocumentError(
                    f"a page content stream draws more than {MAX_PATH_OPERATORS:,} path operators "
                    "(a drawing bomb, not a report)", path)
