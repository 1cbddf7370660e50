"""Python's cycle collector paused while gxconvert's own code builds objects.

Laying out a PDF's pages and matching a document onto a form make tens of
thousands of small objects (glyphs, lines, cells, readings) that hold no
reference cycles: reference counting frees them, and the cycle collector,
which runs every few hundred allocations and walks the young objects each
time, only costs time (about 4 % of a PDF conversion).  It is paused around
the PDF reader and the matcher (not around parsers that build trees with
cycles, such as BeautifulSoup's; a batch worker holds it from a file's read
until its report is encoded and dropped: :func:`gxconvert.batch.worker.work`)
and restored after, as it was found; nested and
concurrent pauses (threads converting at once) are counted, so it is enabled
again only when the last one ends, and only if it was enabled before the
first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _LOCK:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _LOCK:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
