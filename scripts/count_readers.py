#!/usr/bin/env python3
"""Count the instructions the HTML and Word readers cost against their parse floors.

    python scripts/count_readers.py                   # four pages / four reports per format
    python scripts/count_readers.py --before /tmp/old # also the gxconvert found in /tmp/old

Timing on this shared 2-core machine at load 15 moves by more than a speed
pass changes; instructions do not.  Under ``valgrind --tool=callgrind`` a
child Python reads the files ``--reps`` times after one warm-up read each;
another does the warm-up only, and is subtracted.  Floors: ``lxml.html``
parsing the page's bytes; unzip + ``lxml.etree`` parsing
``word/document.xml``.  Printed: instructions a round (all files once) of
the reader and of its floor, and their ratio.  A guide for choosing between
two versions of the code, not the speed claim (``bench_html.py --ratio``,
``bench_docx.py --ratio`` measure time).  Needs valgrind; each count takes
a minute or two.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "html": ["html/000_cms.html", "html/000_word.html", "html/001_libreoffice.html", "site/003_cms_nested.site.html"],
    "docx": ["docx/000.docx", "docx/001-numbered.docx", "site/000_word.docx", "site/001_libreoffice.docx"],
}

_CHILD = """
import io, sys, zipfile
sys.path.insert(0, sys.argv[1])
fmt, what, reps = sys.argv[2], sys.argv[3], int(sys.argv[4])
datas = [open(p, "rb").read() for p in sys.argv[5:]]
from lxml import etree
import lxml.html
from gxconvert.readers.base import ReadContext
if fmt == "html":
    from gxconvert.readers.html import HtmlReader as Reader
    def floor(d):
        lxml.html.document_fromstring(d)
else:
    from gxconvert.readers.docx import DocxReader as Reader
    def floor(d):
        with zipfile.ZipFile(io.BytesIO(d)) as z:
            etree.fromstring(z.read("word/document.xml"))
reader = Reader()
for d in datas:
    reader.read(d, ReadContext())
    floor(d)
for _ in range(reps):
    for d in datas:
        if what == "reader":
            reader.read(d, ReadContext())
        elif what == "floor":
            floor(d)
"""


def count(tree: Path, fmt: str, what: str, reps: int) -> int:
    files = [str(ROOT / "corpus" / f) for f in FILES[fmt]]
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", _CHILD,
         str(tree), fmt, what, str(reps), *files], capture_output=True, text=True, check=True)
    m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"no callgrind count in: {out.stderr[-400:]}")
    return int(m.group(1))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, help="also count the gxconvert found in this tree")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    trees = [("now", ROOT)] + ([("before", args.before)] if args.before else [])
    for fmt in FILES:
        base = count(ROOT, fmt, "warmup", 0)
        floor = (count(ROOT, fmt, "floor", args.reps) - base) / args.reps
        print(f"{fmt}: floor {floor / 1e6:.1f} M instructions a round ({', '.join(FILES[fmt])})")
        for name, tree in trees:
            warm = count(tree, fmt, "warmup", 0)
            reader = (count(tree, fmt, "reader", args.reps) - warm) / args.reps
            print(f"  {name:6} reader {reader / 1e6:.1f} M = {reader / floor:.2f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
