"""A cut-off PDF's surviving pages, given back to PDFium.

A PDF cut short (a download stopped half way) loses its end: the
cross-reference table, the trailer and often the document catalog and page
tree.  PDFium rebuilds a lost cross-reference table by scanning the file, but
without a catalog it has no pages.  Here the raw bytes are scanned for the
page objects that survive (``/Type /Page``), and a new page tree and
catalog naming them are appended, so PDFium can read those pages.  How many
pages the file had is taken from a surviving page-tree node's ``/Count``
when one is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OBJ = re.compile(rb"(?<![0-9])(\d{1,7})\s+(\d{1,5})\s+obj\b")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")
#: more objects than this: not worth scanning for pages
MAX_OBJECTS = 2_000_000


@dataclass(slots=True)
class Salvage:
    data: bytes  # the file with a new page tree and catalog appended
    n_found: int  # page objects found
    n_declared: int | None  # the page count a surviving page tree declares


def salvage(data: bytes) -> Salvage | None:
    """The cut file with a page tree of its surviving pages, or None when no
    page object survives."""
    objs: list[tuple[int, int, int]] = []
    for m in _OBJ.finditer(data):
        objs.append((m.start(), int(m.group(1)), int(m.group(2))))
        if len(objs) > MAX_OBJECTS:
            return None
    pages: list[tuple[int, int]] = []
    for k, (pos, num, gen) in enumerate(objs):
        end = objs[k + 1][0] if k + 1 < len(objs) else len(data)
        head = data[pos:min(end, pos + 4096)]
        cut = head.find(b"stream")
        if cut >= 0:
            head = head[:cut]
        if b"endobj" not in data[pos:end] and k + 1 == len(objs):
            continue  # the object the file was cut in
        if _PAGE.search(head):
            pages.append((num, gen))
    if not pages:
        return None
    declared = [int(m.group(1) or m.group(2)) for m in _COUNT.finditer(data)]
    # close the object the cut went through, so PDFium's scan finds ours
    last = objs[-1][0]
    close = b""
    if data.rfind(b"stream", last) > data.rfind(b"endstream", last):
        close += b"\nendstream"
    if b"endobj" not in data[last:]:
        close += b"\nendobj\n"
    top = max(num for _, num, _ in objs) + 1
    kids = b" ".join(b"%d %d R" % p for p in pages)
    tail = (b"\n%d 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n"
            b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n"
            b"trailer\n<< /Root %d 0 R /Size %d >>\n%%%%EOF\n"
            % (top, kids, len(pages), top + 1, top, top + 1, top + 2))
    return Salvage(data + close + tail, len(pages), max(declared) if declared else None)
