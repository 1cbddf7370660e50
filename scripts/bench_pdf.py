#!/usr/bin/env python3
"""Measure the PDF reader on a batch of PDFs, with and without the fast path.

    python scripts/bench_pdf.py                 # the corpus/pdf reports
    python scripts/bench_pdf.py a.pdf b.pdf -n 5

Prints, per mode, milliseconds per report and per page (best of ``-n``
rounds for each file, then summed over the batch), how many pages
pdfplumber had to parse, and the peak Python memory of one read.  The fast
path (pypdfium2) pulls every page's text cheaply and lets pdfplumber parse
only the pages that draw something (ruled tables); without pypdfium2 the
reader parses every page with pdfplumber.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gxconvert.readers import pdf as pdfmod  # noqa: E402
from gxconvert.readers.pdf import PdfReader  # noqa: E402


def count_plumber_pages(data: bytes, fast: bool | None) -> int:
    """How many pages pdfplumber parsed in one read."""
    seen = []
    orig = pdfmod._Plumber.fill

    def spy(self, pg):
        seen.append(pg.number)
        return orig(self, pg)

    pdfmod._Plumber.fill = spy
    try:
        PdfReader(fast=fast).read(data)
    finally:
        pdfmod._Plumber.fill = orig
    return len(seen)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("-n", type=int, default=3, help="rounds per file (best is kept)")
    args = ap.parse_args()
    files = args.files or sorted((ROOT / "corpus" / "pdf").glob("0*.pdf"))
    if not files:
        print("no PDFs to measure", file=sys.stderr)
        return 2
    blobs = [(f, f.read_bytes()) for f in files]
    import pypdfium2 as pdfium  # the fast path needs it; so does counting pages here

    pages = {f: len(pdfium.PdfDocument(b)) for f, b in blobs}
    total_pages = sum(pages.values())
    print(f"{len(blobs)} PDFs, {total_pages} pages")
    results = {}
    for label, fast in (("fast (pypdfium2 + pdfplumber on drawn pages)", None),
                        ("pdfplumber only", False)):
        total = 0.0
        parsed = 0
        peak = 0
        for f, data in blobs:
            PdfReader(fast=fast).read(data)  # warm-up (imports, font caches)
            best = min(_timed(data, fast) for _ in range(args.n))
            total += best
            parsed += count_plumber_pages(data, fast)
            tracemalloc.start()
            PdfReader(fast=fast).read(data)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        results[label] = total
        print(f"{label:48s} {1000 * total / len(blobs):7.1f} ms/report  "
              f"{1000 * total / total_pages:6.1f} ms/page  "
              f"pdfplumber parsed {parsed}/{total_pages} pages  peak {peak / 2**20:.1f} MiB")
    fast_t, slow_t = results.values()
    print(f"speed-up {slow_t / fast_t:.2f}x")
    return 0


def _timed(data: bytes, fast: bool | None) -> float:
    t = time.perf_counter()
    PdfReader(fast=fast).read(data)
    return time.perf_counter() - t


if __name__ == "__main__":
    sys.exit(main())
