#!/usr/bin/env python3
"""The matcher's instructions per file under callgrind (steady whatever the
machine's load; a guide next to the timings of ``bench_slowest.py``).

    python scripts/count_matcher.py [--before DIR] [-k 4] [--state cold|new|warm] FILE ...

Each tree's gxconvert reads the files once, matches each once (warm-up),
then matches every file ``-k`` times more; the instructions of a run with
``-k`` rounds less those of a run with none, over ``k`` × files, are the
instructions of one ``match()``.  ``--state``: ``cold`` empties the text
caches before each match as for a file never seen (``bench_pdf.cold_caches``,
what ``bench_slowest.py`` does; the matcher's per-form label memos stay, as
in a batch), ``new`` empties the per-form matchers too (the first file of a
process), ``warm`` empties nothing.  The cycle collector is paused, as
``convert()`` pauses it around the matcher.  The string hash seed is fixed
(``PYTHONHASHSEED=0``): with a random one the same tree's count moves by a
few per cent from run to run (set and dict layouts).  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import gc, importlib, sys
gc.disable()
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import gxconvert
from bench_pdf import cold_caches
from gxconvert.matcher import match
from gxconvert.model import Source
from gxconvert.readers import read_document, sniff
k, state = int(sys.argv[3]), sys.argv[4]
tables = importlib.import_module("gxconvert.matcher.tables")
docs = []
for p in sys.argv[5:]:
    data = open(p, "rb").read()
    fmt = sniff(data, p)
    docs.append((read_document(data, p, fmt), Source(path=p, format=fmt, sha256="")))
for d, s in docs:
    match(d, s)
for _ in range(k):
    for d, s in docs:
        if state != "warm":
            cold_caches(gxconvert)
        if state == "new":
            tables._MATCHERS.clear()
        match(d, s)
"""


def instructions(tree: str, k: int, state: str, files: list[str]) -> int:
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c",
                          _CHILD, tree, str(ROOT / "scripts"), str(k), state, *files],
                         capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"}).stderr
    m = re.search(r"Collected\s*:\s*(\d+)", out)
    if m is None:
        raise SystemExit(f"no instruction count from callgrind:\n{out[-2000:]}")
    return int(m.group(1))


def per_match(tree: str, k: int, state: str, files: list[str]) -> float:
    return (instructions(tree, k, state, files) - instructions(tree, 0, state, files)) / k / len(files)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--before", help="another tree, counted the same way")
    ap.add_argument("-k", type=int, default=4, help="rounds of matches counted")
    ap.add_argument("--state", choices=("cold", "new", "warm"), default="cold")
    args = ap.parse_args()
    files = [str(Path(f).resolve()) for f in args.files]
    after = per_match(str(ROOT), args.k, args.state, files)
    print(f"{len(files)} files, caches {args.state}: this tree {after / 1e6:.2f} M instructions per match()")
    if args.before:
        before = per_match(args.before, args.k, args.state, files)
        print(f"  before ({args.before}) {before / 1e6:.2f} M; after/before {after / before:.2f}")


if __name__ == "__main__":
    main()
