#!/usr/bin/env python3
"""Count the instructions a PDF conversion costs against the PDFium text floor.

    python scripts/count_pdf.py                     # six median-sized corpus PDFs
    python scripts/count_pdf.py a.pdf b.pdf
    python scripts/count_pdf.py --before /tmp/old   # also the gxconvert found in /tmp/old
    python scripts/count_pdf.py --split             # where a conversion's instructions go

Time on a shared machine moves by 10-15 % from run to run; instructions do
not.  Under ``valgrind --tool=callgrind`` (on every machine of this
project), a child Python converts the files ``--reps`` times, each with the
text caches empty as in ``bench_pdf.py``; another child runs the floor
(pypdfium2 opening each file and extracting every page's text) as many
times; a third only imports and warms up.  The warm-up is subtracted from
both, so what is printed is the instructions of the conversions and of the
floor alone, and their ratio.  The same build counts the same within a
fraction of a per mille, so a change of 0.5 % is a real change.

Instructions are not time: the floor and the conversion run at different
instructions a cycle (here the instruction ratio comes out about a tenth
above the time ratio), so the count is a guide for choosing between two
versions of the code, not the speed claim (``bench_pdf.py`` measures that).

``--pure`` also counts this tree with its C loops turned off
(``GXCONVERT_PURE=1``: every PDFium call through ctypes).

``--split`` also counts, for each tree, the PDF reader alone and PDFium's
page-by-page extraction alone (``PdfiumDocument.pages``: loading each page,
the object walk and the per-glyph calls, the glyphs made), and prints the
conversion's instructions in parts, each as a multiple of the floor: the
extraction, the layout (the rest of the reader: lines, tables, paragraphs)
and what follows the reader (the matcher, identity, checks, the report).  Needs
valgrind; each count takes about a minute on an idle machine, a ``--before`` run three
to four.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEDIAN_FILES = ["pdf_pagebreak/003_t2_p16.pdf", "pdf_wrapped/000_wrapped.pdf", "pdf/001_borderless.pdf",
                "pdf_pagebreak/004_t2_p14.pdf", "pdf_dash/001_tabs.pdf", "pdf_rulings/004_filled.pdf"]

_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import gxconvert
from bench_pdf import cold_caches, floor
from gxconvert.readers.base import ReadContext
from gxconvert.readers.pdf import PdfReader
from gxconvert.readers.pdf._pdfium import PdfiumDocument
mode, reps, files = sys.argv[3], int(sys.argv[4]), sys.argv[5:]
datas = [open(f, "rb").read() for f in files]
for d in datas:  # warm-up: imports, the forms' indexes, PDFium's start
    gxconvert.convert(d, path="x.pdf")
    floor(d)
for _ in range(reps):
    for d in datas:
        if mode == "convert":
            cold_caches(gxconvert)
            gxconvert.convert(d, path="x.pdf")
        elif mode == "floor":
            floor(d)
        elif mode == "read":
            PdfReader().read(d, ReadContext(path="x.pdf"))
        elif mode == "pages":
            with PdfiumDocument(d, "x.pdf") as doc:
                for _page in doc.pages():
                    pass
"""


def count(root: Path, mode: str, reps: int, files: list[str], pure: bool = False) -> int:
    """Instructions of one child run under callgrind (``pure``: with the PDF
    reader's C loops turned off, ``GXCONVERT_PURE=1``)."""
    # the interpreter itself, not a shim script; a virtual environment's own
    # link kept (resolved, it would lose the environment's packages)
    python = Path(sys.executable) if sys.prefix != sys.base_prefix else Path(sys.executable).resolve()
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", str(python), "-c", _CHILD,
         str(ROOT / "scripts"), str(root), mode, str(reps), *files],
        capture_output=True, text=True, check=True, env={**os.environ, "GXCONVERT_PURE": "1" if pure else "0"})
    m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if not m:
        raise SystemExit(f"no instruction count from valgrind:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--reps", type=int, default=1, help="conversions of each file counted")
    ap.add_argument("--before", type=Path, help="directory holding the gxconvert to compare with")
    ap.add_argument("--split", action="store_true",
                    help="also each tree's reader alone and its PDFium extraction alone: the parts of a conversion")
    ap.add_argument("--pure", action="store_true",
                    help="also this tree with its C loops turned off (GXCONVERT_PURE=1): the ctypes fallback")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed")
    files = [str(Path(f).resolve()) for f in args.files] or [str(ROOT / "corpus" / f) for f in MEDIAN_FILES]
    roots = [("after", ROOT, False)]
    if args.before is not None:
        roots.insert(0, ("before", args.before.resolve(), False))
    if args.pure:
        roots.append(("pure", ROOT, True))
    base = count(ROOT, "none", 0, files)
    floor = count(ROOT, "floor", args.reps, files) - base
    print(f"{len(files)} PDFs x {args.reps}: floor {floor / 1e6:,.0f} M instructions")
    for name, root, pure in roots:
        # the warm-up converts every file once: counted the same way as the conversions
        warm = base if root == ROOT and not pure else count(root, "none", 0, files, pure)
        conv = count(root, "convert", args.reps, files, pure) - warm
        print(f"{name:6s} ({root}{', GXCONVERT_PURE=1' if pure else ''}): convert {conv / 1e6:,.0f} M instructions, "
              f"convert/floor {conv / floor:.2f}x")
        if args.split:
            pages = count(root, "pages", args.reps, files, pure) - warm
            read = count(root, "read", args.reps, files, pure) - warm
            print(f"       parts, M instructions and x floor: PDFium extraction {pages / 1e6:,.0f} "
                  f"({pages / floor:.2f}x), layout {(read - pages) / 1e6:,.0f} ({(read - pages) / floor:.2f}x), "
                  f"after the reader {(conv - read) / 1e6:,.0f} ({(conv - read) / floor:.2f}x)")


if __name__ == "__main__":
    main()
