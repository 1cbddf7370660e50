"""Resource bombs found before PDFium parses anything.

PDFium inflates a stream whole, in native memory, where no Python limit can
reach; a 1 MB FlateDecode stream can hold 1 GB, a doubly compressed one far
more.  So before the document is opened, every stream that *could* inflate
past ``options.max_pdf_stream_bytes`` (deflate expands at most ~1032x per
stage, so only streams whose compressed size times that factor per Flate
stage exceeds the limit) is inflated here, all stages chained chunk by
chunk (memory: a megabyte per stage), counting the bytes that come out:
passing the limit is a :class:`LimitExceededError`.  Content streams (not
images, not fonts) that inflate past several megabytes have their path
operators counted: millions of them make a page PDFium would need gigabytes
for.

The scan reads the raw file: streams are found by their ``stream`` keyword
and ended at ``endstream``, whatever their (possibly damaged) ``/Length``
says.  Object streams and cross-reference streams are streams like any other.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from ...errors import CorruptDocumentError, LimitExceededError
from ...options import Options

#: deflate's worst-case expansion factor (a run of one byte)
_DEFLATE_RATIO = 1032
#: path-construction operators a content stream may hold (a report page has hundreds)
MAX_PATH_OPERATORS = 1_000_000
#: content streams larger than this (inflated) have their operators counted
_COUNT_FROM = 4 * 1024 * 1024

_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_NOT_CONTENT = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)|/Length[123]\b|/Type\s*/(?:ObjStm|XRef"
                          rb"|EmbeddedFile|Metadata)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_WIDTH = re.compile(rb"/Width\s+(\d+)")
_HEIGHT = re.compile(rb"/Height\s+(\d+)")
_BPC = re.compile(rb"/BitsPerComponent\s+(\d+)")
_COLOURS = ((rb"/DeviceCMYK", 4), (rb"/DeviceRGB", 3), (rb"/ICCBased", 3), (rb"/CalRGB", 3), (rb"/Lab", 3))
_SPACES = bytes.maketrans(b"\r\n\t\f\x00", b"     ")
_PATH_OPS = (b" m ", b" l ", b" c ", b" v ", b" y ", b" re ", b" h ")


def _count_path_ops(chunk: bytes) -> int:
    """Path-construction operators in a piece of content (whitespace-separated
    tokens; an operator cut by a chunk boundary is not counted)."""
    text = chunk.translate(_SPACES)
    return sum(text.count(op) for op in _PATH_OPS)


def _filters(d: bytes) -> list[bytes]:
    m = _FILTER.search(d)
    if not m:
        return []
    return _NAME.findall(m.group(1))


_CHUNK = 1 << 20


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """One Flate stage, chunk by chunk (at most ``_CHUNK`` bytes out at a
    time).  A damaged stream inflates as far as it can (PDFium does the same)."""
    d = zlib.decompressobj()
    for chunk in chunks:
        buf = chunk
        while buf:
            try:
                out = d.decompress(buf, _CHUNK)
            except zlib.error:
                return
            if out:
                yield out
            if d.eof:
                return
            buf = d.unconsumed_tail
    try:
        rest = d.flush()
    except zlib.error:
        return
    if rest:
        yield rest


def _slices(data: bytes, start: int, end: int) -> Iterator[bytes]:
    view = memoryview(data)
    for k in range(start, end, _CHUNK):
        yield bytes(view[k:min(end, k + _CHUNK)])


def _image_cap(d: bytes, options: Options, path: str | None) -> int | None:
    """An image stream's own cap: the bytes its declared pixels take (a 600 dpi
    colour A4 scan inflates to ~105 MB, past ``max_pdf_stream_bytes``), once its
    pixel count is within ``options.max_image_pixels`` (refused here, before a
    byte is inflated, when it is not).  None: not an image, or its size is not
    stated."""
    if not _IMAGE.search(d):
        return None
    w, h = _WIDTH.search(d), _HEIGHT.search(d)
    if not w or not h:
        return None
    px = int(w.group(1)) * int(h.group(1))
    if px > options.max_image_pixels:
        raise LimitExceededError(f"an image of {int(w.group(1)):,} x {int(h.group(1)):,} pixels ({px / 1e6:.0f} MP) "
                                 f"is more than {options.max_image_pixels / 1e6:.0f} MP", path, "max_image_pixels")
    bpc = _BPC.search(d)
    bits = int(bpc.group(1)) if bpc else 8
    colours = next((n for key, n in _COLOURS if key in d), 1)
    return (px * colours * min(bits, 16) + 7) // 8 + int(h.group(1)) + 4096  # + a PNG predictor's row bytes


def check_streams(data: bytes, path: str | None, options: Options) -> None:
    """Raise before any parsing when a stream inflates past the limit or a
    content stream draws millions of paths."""
    # a stream of at most this many bytes through at most one Flate stage can
    # pass neither limit (the common case: a report's fonts and pages)
    small = min(options.max_pdf_stream_bytes, _COUNT_FROM) // _DEFLATE_RATIO
    # Every ``stream`` keyword not preceded by a letter and followed by an end
    # of line starts a stream, which ends at its ``endstream`` (the data in
    # between is skipped); its dictionary runs from the last ``obj`` keyword in
    # the 4 KB before the keyword.  One loop of plain searches on the file,
    # with no copy of a small stream's dictionary (a Chromium PDF holds about
    # a hundred streams a page: its fonts' glyphs); a regular expression with
    # a look-behind scans the file many times slower.
    find, rfind, count = data.find, data.rfind, data.count
    n = len(data)
    pos = 0
    while True:
        at = find(b"stream", pos)
        if at < 0:
            return
        after = pos = at + 6
        if at and 97 <= (data[at - 1] | 32) <= 122:
            continue  # endstream, or a name holding the word (an ASCII letter before it)
        if data.startswith(b"\n", after):
            start = after + 1
        elif data.startswith(b"\r\n", after):
            start = after + 2
        else:
            continue
        end = find(b"endstream", start)
        if end < 0:
            end = n
        pos = end + 9 if end < n else end  # past the endstream keyword
        lo = at - 4096 if at > 4096 else 0
        k = rfind(b"obj", lo, at)
        if k >= 0:
            lo = k
        cap = options.max_pdf_stream_bytes
        size = end - start
        # (an image's pixels are checked whatever its size; "/Fl" begins
        # every Flate filter's name)
        image_cap = _image_cap(data[lo:at], options, path) if find(b"/Image", lo, at) >= 0 else None
        if size <= small and count(b"/Fl", lo, at) <= 1:
            continue
        d = data[lo:at]
        if image_cap is not None:
            cap = max(cap, image_cap)  # and never more than its pixels: a bomb still stops at its declared size
        filters = _filters(d)
        flate = 0
        for f in filters:
            if f in (b"FlateDecode", b"Fl"):
                flate += 1
            else:
                break  # other filters (images, LZW, ...) are PDFium's business
        if filters and not flate:
            continue  # other filters (images, LZW, ...) are PDFium's business
        most = size * _DEFLATE_RATIO ** flate  # the most it can inflate to
        if most <= cap and most <= _COUNT_FROM:
            continue  # cannot pass either limit
        content = not _NOT_CONTENT.search(d)
        if most <= cap and not content:
            continue  # cannot pass the limit; not a page's content
        chunks: Iterator[bytes] = _slices(data, start, end)
        for _ in range(flate):
            chunks = _inflate(chunks)
        total = ops = 0
        for out in chunks:  # memory: one chunk per stage, never the whole stream
            total += len(out)
            if total > cap:
                limit = "max_pdf_stream_bytes" if image_cap is None else "max_image_pixels"
                raise LimitExceededError(
                    f"a compressed stream of {size:,} bytes inflates to more than {cap / 1048576:.0f} MB "
                    "(a decompression bomb?)", path, limit)
            if content and total > _COUNT_FROM:
                ops += _count_path_ops(out)
                if ops > MAX_PATH_OPERATORS:
                    raise CorruptDocumentError(
                        f"a page content stream draws more than {MAX_PATH_OPERATORS:,} path operators "
                        "(a drawing bomb, not a report)", path)
