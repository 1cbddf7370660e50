#!/usr/bin/env python3
"""Why the PDF reader is built on PDFium and not pdfplumber: time per file.

    pip install pdfplumber && python scripts/bench_pdfplumber.py [-n 3] [pdfs...]

For every corpus report PDF (default: corpus/pdf/0*.pdf), the median of
``-n`` rounds, each stage run one after the other on the same file:

* ``floor``      — pypdfium2 opening the file and extracting every page's
  text (what no PDFium-based reader can beat);
* ``gxconvert``  — ``PdfReader().read``: paragraphs and ruled/borderless
  tables with spans and cell boxes;
* ``pdfplumber`` — ``pdfplumber.open`` and, per page, ``extract_text()`` and
  ``extract_tables()`` (what the first PDF reader did, before it was
  replaced: text plus ruled tables, without borderless tables or spans).

Prints ms per file and the ratios pdfplumber / gxconvert and gxconvert /
floor (medians over the files).  pdfplumber is not a dependency of
gxconvert; install it to run this.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from gxconvert.readers.base import ReadContext  # noqa: E402
from gxconvert.readers.pdf import PdfReader  # noqa: E402


def floor(data: bytes) -> None:
    doc = pdfium.PdfDocument(data)
    for page in doc:
        page.get_textpage().get_text_range()
    doc.close()


def plumber(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()


def ours(data: bytes) -> None:
    PdfReader().read(data, ReadContext())


def ms(fn: object, data: bytes) -> float:
    t = time.perf_counter()
    fn(data)  # type: ignore[operator]
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("-n", type=int, default=3)
    args = ap.parse_args()
    pdfs = args.pdfs or sorted((ROOT / "corpus" / "pdf").glob("0*.pdf"))
    stages = {"floor": floor, "gxconvert": ours, "pdfplumber": plumber}
    for p in pdfs[:1]:
        for fn in stages.values():
            fn(p.read_bytes())  # imports and first-call costs out of the figures
    print(f"{'file':28} {'pages':>5} {'floor':>8} {'gxconvert':>10} {'pdfplumber':>11}  plumber/gx")
    ratios, over_floor = [], []
    for p in pdfs:
        data = p.read_bytes()
        times: dict[str, list[float]] = {k: [] for k in stages}
        for _ in range(args.n):
            for k, fn in stages.items():
                times[k].append(ms(fn, data))
        med = {k: statistics.median(v) for k, v in times.items()}
        pages = len(pdfium.PdfDocument(data))
        ratios.append(med["pdfplumber"] / med["gxconvert"])
        over_floor.append(med["gxconvert"] / med["floor"])
        print(f"{p.name:28} {pages:5d} {med['floor']:8.1f} {med['gxconvert']:10.1f} {med['pdfplumber']:11.1f}"
              f"  {ratios[-1]:5.1f}x")
    print(f"median over {len(pdfs)} PDFs: pdfplumber takes {statistics.median(ratios):.1f}x gxconvert's PDF reader "
          f"(range {min(ratios):.1f}-{max(ratios):.1f}x); gxconvert takes {statistics.median(over_floor):.2f}x the "
          "PDFium text floor")


if __name__ == "__main__":
    main()
