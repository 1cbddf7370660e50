#!/usr/bin/env python3
"""The identity, meta, sections and checks parts of the matcher, and what
``convert()`` does besides reading and matching, in CPU time per corpus folder.

    python scripts/bench_identity_speed.py [-n ROUNDS] [--before DIR] [FOLDER ...]
    # default folders: html site docx pdf_browser seeds

Each tree's gxconvert runs in a child process of its own, the trees taking
turns file after file (both see the same load).  Every file is converted
once (warm-up), then ``-n`` times with the text caches emptied first, as for
a file never seen (``bench_pdf.cold_caches``); in each round the parts are
timed inside the real ``convert()`` by wrapping the names the matcher and
``api`` call them by:

* ``meta``      ``build_meta`` (the identity: title, agency, year, published, publisher, key, region)
* ``template``  ``detect_template`` + ``check_against_form``
* ``sections``  ``build_sections``
* ``checks``    ``run_checks``
* ``own``       ``convert()`` minus ``read_document`` and ``match`` (the input's checks, the data-file
  test, the format sniff, the hash, freeing the reader's document; the report is freed outside the clock)

Per file the best round of each part is kept (CPU time, best round: the
machine is shared); the table gives the median over the files of each
folder and of all, and the matcher's whole time for scale.  Figures, not
assertions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("meta", "template", "sections", "checks", "own", "match")

_CHILD = r"""
import gc, json, os, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import gxconvert
import gxconvert.api as api
import gxconvert.matcher as matcher
from bench_pdf import cold_caches
rounds = int(sys.argv[3])
clock = time.process_time
spent = {}

def wrap(mod, name, part):
    fn = getattr(mod, name)
    def timed(*a, **k):
        t = clock()
        try:
            return fn(*a, **k)
        finally:
            spent[part] = spent.get(part, 0.0) + clock() - t
    setattr(mod, name, timed)

wrap(matcher, "build_meta", "meta")
wrap(matcher, "detect_template", "template")
wrap(matcher, "check_against_form", "template")
wrap(matcher, "build_sections", "sections")
wrap(matcher, "run_checks", "checks")
wrap(api, "read_document", "read")
wrap(api, "match", "match")
for line in sys.stdin:
    path = line.rstrip("\n")
    data = open(path, "rb").read()
    try:
        gxconvert.convert(data, path=path)
    except gxconvert.ConversionError:
        print("null", flush=True)
        continue
    best = {}
    for _ in range(rounds):
        cold_caches(gxconvert)
        spent.clear()
        t = clock()
        report = gxconvert.convert(data, path=path)
        spent["own"] = clock() - t - spent["read"] - spent["match"]
        del report  # (freed outside the clock: the caller frees it)
        for k, v in spent.items():
            best[k] = min(best.get(k, v), v)
    print(json.dumps({k: v * 1000 for k, v in best.items()}), flush=True)
"""

EXTS = (".txt", ".docx", ".html", ".htm", ".pdf")


class Child:
    def __init__(self, tree: str, rounds: int) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _CHILD, tree, str(ROOT / "scripts"), str(rounds)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def measure(self, path: str) -> dict[str, float] | None:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        got: dict[str, float] | None = json.loads(self.proc.stdout.readline())
        return got


def _row(label: str, n: int, ms: list[dict[str, float]]) -> str:
    med = {p: statistics.median(m.get(p, 0.0) for m in ms) for p in PARTS}
    ours = statistics.median(sum(m.get(p, 0.0) for p in PARTS[:5]) for m in ms)
    return (f"   {label:12s} {n:3d}  " + "  ".join(f"{med[p]:6.3f}" for p in PARTS)
            + f"  {ours:6.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=["html", "site", "docx", "pdf_browser", "seeds"])
    ap.add_argument("-n", "--rounds", type=int, default=5)
    ap.add_argument("--before", help="another tree, measured in the same run")
    args = ap.parse_args()
    files = [str(f) for d in args.folders for f in sorted((ROOT / "corpus" / d).iterdir())
             if f.suffix.lower() in EXTS and f.is_file()]
    trees = [("this tree", str(ROOT))] + ([("before", args.before)] if args.before else [])
    children = [Child(tree, args.rounds) for _, tree in trees]
    got: list[dict[str, dict[str, float]]] = [{} for _ in trees]
    for f in files:
        for k, child in enumerate(children):
            ms = child.measure(f)
            if ms is not None:
                got[k][f] = ms
    sums: list[float] = []
    for (label, tree), ms_of in zip(trees, got, strict=True):
        print(f"#### {label} ({tree}): CPU ms, median over the files of each part's best of {args.rounds} "
              "rounds, caches cold")
        print("   folder       files    " + "  ".join(f"{p:>6s}" for p in PARTS) + "  meta..own")
        for d in args.folders:
            ms = [m for f, m in ms_of.items() if Path(f).parent.name == d]
            if ms:
                print(_row(d, len(ms), ms))
        if ms_of:
            print(_row("all", len(ms_of), list(ms_of.values())))
            sums.append(sum(sum(m.get(p, 0.0) for p in PARTS[:5]) for m in ms_of.values()))
    if len(sums) == 2 and sums[0]:
        print(f"meta+template+sections+checks+own summed over the files: before / this tree = "
              f"{sums[1] / sums[0]:.2f}x")


if __name__ == "__main__":
    main()
