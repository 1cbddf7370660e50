#!/usr/bin/env python3
"""The matcher alone, in CPU time, per corpus folder: median and worst file.

    python scripts/bench_matcher.py [-n ROUNDS] [--before DIR] [--top N] [FOLDER ...]   # default: html site docx

Each tree's gxconvert runs in a child process of its own, the trees taking
turns file after file (both see the same load): every file of the
folders is read once, matched once (warm-up), then matched ``-n`` times with
the text caches emptied first, as for a file never seen
(``bench_pdf.cold_caches``), the cycle collector paused as ``convert()``
pauses it; per file the best round's CPU time is kept (CPU time and the best
round: the machine is shared and loaded).  Figures, not assertions;
``scripts/count_matcher.py`` counts instructions where even this is too noisy.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import gc, os, sys, time
gc.disable()
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import gxconvert
from bench_pdf import cold_caches
from gxconvert.matcher import match
from gxconvert.model import Source
from gxconvert.readers import read_document, sniff
rounds = int(sys.argv[3])
for line in sys.stdin:
    path = line.rstrip("\\n")
    data = open(path, "rb").read()
    try:
        fmt = sniff(data, os.path.basename(path))
        doc = read_document(data, path, fmt)
        src = Source(path=path, format=fmt, sha256="")
        match(doc, src)
    except gxconvert.ConversionError:
        print("skip", flush=True)
        continue
    best = float("inf")
    for _ in range(rounds):
        cold_caches(gxconvert)
        t = time.process_time()
        match(doc, src)
        best = min(best, time.process_time() - t)
    print(best * 1000, flush=True)
"""

EXTS = (".txt", ".docx", ".html", ".htm", ".pdf")


class Child:
    def __init__(self, tree: str, rounds: int) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _CHILD, tree, str(ROOT / "scripts"), str(rounds)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def measure(self, path: str) -> float | None:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        out = self.proc.stdout.readline().strip()
        return None if out == "skip" else float(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=["html", "site", "docx"])
    ap.add_argument("-n", "--rounds", type=int, default=5)
    ap.add_argument("--before", help="another tree, measured in the same run")
    ap.add_argument("--top", type=int, default=0, help="also list each tree's N slowest files")
    args = ap.parse_args()
    files = [str(f) for d in args.folders for f in sorted((ROOT / "corpus" / d).iterdir())
             if f.suffix.lower() in EXTS and f.is_file()]
    trees = [("this tree", str(ROOT))] + ([("before", args.before)] if args.before else [])
    children = [Child(tree, args.rounds) for _, tree in trees]
    got: list[dict[str, float]] = [{} for _ in trees]
    for f in files:
        for k, child in enumerate(children):
            ms = child.measure(f)
            if ms is not None:
                got[k][f] = ms
    for (label, tree), ms_of in zip(trees, got, strict=True):
        print(f"#### {label} ({tree}): matcher CPU ms, best of {args.rounds} rounds, caches cold")
        for d in args.folders:
            ms = {f: t for f, t in ms_of.items() if Path(f).parent.name == d}
            if ms:
                worst = max(ms, key=lambda f: ms[f])
                print(f"   {d:6s} {len(ms):3d} files  median {statistics.median(ms.values()):6.2f}  "
                      f"worst {ms[worst]:6.2f} ({Path(worst).name})")
        if ms_of:
            print(f"   all    {len(ms_of):3d} files  median {statistics.median(ms_of.values()):6.2f}  "
                  f"worst {max(ms_of.values()):6.2f}")
        for f in sorted(ms_of, key=lambda f: -ms_of[f])[:args.top]:
            print(f"     {ms_of[f]:6.2f}  {Path(f).parent.name}/{Path(f).name}")

if __name__ == "__main__":
    main()
