#!/usr/bin/env python3
"""The slowest files of every corpus folder: reader and matcher time (and, for a PDF, PDFium's own floor).

    python scripts/bench_slowest.py [-n ROUNDS] [--top 10]
    python scripts/bench_slowest.py --before /tmp/old   # /tmp/old's gxconvert and this tree's, same run
    python scripts/bench_slowest.py --skip scan screenshot html_img   # the OCR folders left out
    python scripts/bench_slowest.py --cpu   # thread CPU time, least of the rounds (a busy machine)

Each tree's gxconvert runs in a child process of its own (as a batch
worker runs it); every corpus file is read (reader) and matched (matcher)
there ``-n`` times, the text caches emptied first as for a file never seen
(``bench_pdf.cold_caches``), the trees taking turns file after file so both
see the same machine load.  Per file the median reader and matcher
milliseconds are kept.  Prints, per corpus folder, the ``--top`` slowest
files (reader + matcher), then the slowest non-OCR file (``.doc`` files are
converted by LibreOffice first: listed, not counted) and the slowest
matcher over the whole corpus, and the ``--top`` slowest files and matchers of
the whole corpus.  For a PDF the same rounds also time ``bench_pdf.floor``
(PDFium opening the file and extracting every page's text, what no reader
built on PDFium can beat) in the same child, shown as ``floor`` beside the
file: where the floor alone is near a target, the target is PDFium's, not
the reader's.  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTS = (".txt", ".docx", ".doc", ".html", ".htm", ".pdf")

_CHILD = """
import inspect, os, statistics, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import gxconvert
from bench_pdf import cold_caches, floor
from gxconvert.matcher import match
from gxconvert.model import Source
from gxconvert.options import DEFAULT_OPTIONS
from gxconvert.readers import read_document, sniff
rounds = int(sys.argv[3])
cpu = sys.argv[4] == "cpu"  # the thread's CPU time, least of the rounds (a loaded machine)
clock = time.thread_time if cpu else time.perf_counter
pick = min if cpu else statistics.median
by_name = "name" in inspect.signature(sniff).parameters  # the file's name as a hint, as convert() gives it
for line in sys.stdin:
    path = line.rstrip("\\n")
    data = open(path, "rb").read()
    try:
        fmt = sniff(data, os.path.basename(path)) if by_name else sniff(data)
        gxconvert.convert(data, path=path)  # warm-up
    except gxconvert.ConversionError:
        print("skip", flush=True)
        continue
    reads, matches, floors, ocr = [], [], [], False
    for _ in range(rounds):
        if fmt == "pdf":
            t = clock()
            floor(data)
            floors.append(clock() - t)
        cold_caches(gxconvert)
        t = clock()
        doc = read_document(data, path, fmt, DEFAULT_OPTIONS)
        t2 = clock()
        rep = match(doc, Source(path=path, format=fmt, sha256=""), DEFAULT_OPTIONS)
        t3 = clock()
        reads.append(t2 - t)
        matches.append(t3 - t2)
        ocr = any("ocr" in w.code for w in rep.warnings)
    print(pick(reads) * 1000, pick(matches) * 1000, int(ocr), pick(floors) * 1000 if floors else -1, flush=True)
"""


class Child:
    def __init__(self, root: str, rounds: int, cpu: bool = False) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _CHILD, root, str(ROOT / "scripts"), str(rounds),
                                      "cpu" if cpu else "wall"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def measure(self, path: Path) -> tuple[float, float, bool, float | None] | None:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        out = self.proc.stdout.readline().split()
        if out == ["skip"]:
            return None
        return float(out[0]), float(out[1]), out[2] == "1", (float(out[3]) if float(out[3]) >= 0 else None)


Row = tuple[float, float, str, bool, float | None]  # reader ms, matcher ms, name, OCR, PDFium floor ms


def _floor(f: float | None) -> str:
    return f"  floor {f:6.1f}" if f is not None else ""


def report(label: str, rows: dict[str, list[Row]], top: int) -> None:
    print(f"#### {label}")
    worst_file: tuple[float, str, float | None] = (0.0, "", None)
    worst_match = (0.0, "")
    for folder, items in sorted(rows.items()):
        items.sort(key=lambda r: -(r[0] + r[1]))
        print(f"== {folder} ({len(items)} files): slowest {min(top, len(items))}")
        for read_ms, match_ms, name, ocr, fl in items[:top]:
            print(f"   {read_ms + match_ms:8.1f} ms  (reader {read_ms:7.1f}, matcher {match_ms:7.1f}){_floor(fl)}  "
                  f"{name}{'  [OCR]' if ocr else ''}")
        for read_ms, match_ms, name, ocr, fl in items:
            if not ocr and not name.endswith(".doc") and read_ms + match_ms > worst_file[0]:
                worst_file = (read_ms + match_ms, f"{folder}/{name}", fl)
            if match_ms > worst_match[0]:
                worst_match = (match_ms, f"{folder}/{name}")
    wf = f", PDFium floor {worst_file[2]:.1f} ms" if worst_file[2] is not None else ""
    print(f"{label}: slowest non-OCR file (.doc aside): {worst_file[0]:.1f} ms ({worst_file[1]}{wf}); "
          f"slowest matcher: {worst_match[0]:.1f} ms ({worst_match[1]})")
    every = [(r, m, f"{folder}/{name}", fl) for folder, items in rows.items() for r, m, name, _, fl in items]
    print(f"{label}: the {top} slowest files of the corpus (reader + matcher):")
    for read_ms, match_ms, name, fl in sorted(every, key=lambda x: -(x[0] + x[1]))[:top]:
        print(f"   {read_ms + match_ms:8.1f} ms  (reader {read_ms:7.1f}, matcher {match_ms:7.1f}){_floor(fl)}  {name}")
    slow_pdfs = [x for x in every if x[3] is not None and x[0] + x[1] > 100]
    if slow_pdfs:
        over = sum(1 for x in slow_pdfs if x[3] is not None and x[3] > 100)
        print(f"{label}: {len(slow_pdfs)} PDF(s) over 100 ms; {over} of them over 100 ms in PDFium's floor alone")
    print(f"{label}: the {top} slowest matchers of the corpus:")
    for read_ms, match_ms, name, _ in sorted(every, key=lambda x: -x[1])[:top]:
        print(f"   matcher {match_ms:7.1f} ms  (reader {read_ms:7.1f})  {name}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--rounds", type=int, default=3)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--before", help="another tree, measured in the same run")
    ap.add_argument("--skip", nargs="*", default=[], help="corpus folders to leave out (e.g. the OCR ones)")
    ap.add_argument("--cpu", action="store_true",
                    help="the thread's CPU time, least of the rounds, instead of the median wall time "
                         "(steadier when other work shares the machine)")
    args = ap.parse_args()
    trees = ([("before", args.before)] if args.before else []) + [("after" if args.before else "this tree", str(ROOT))]
    children = [Child(root, args.rounds, args.cpu) for _, root in trees]
    rows: list[dict[str, list[Row]]] = [{} for _ in trees]
    for f in sorted((ROOT / "corpus").rglob("*")):
        if f.suffix.lower() not in EXTS or not f.is_file() or f.relative_to(ROOT / "corpus").parts[0] in args.skip:
            continue
        for k, child in enumerate(children):
            got = child.measure(f)
            if got is not None:
                rows[k].setdefault(f.parent.name, []).append((got[0], got[1], f.name, got[2], got[3]))
    for (label, root), r in zip(trees, rows, strict=True):
        report(f"{label} ({root})", r, args.top)


if __name__ == "__main__":
    main()
