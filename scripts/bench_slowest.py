#!/usr/bin/env python3
"""The slowest files of every corpus folder: convert and matcher time.

    python scripts/bench_slowest.py [-n ROUNDS] [--top 10] [--root TREE]

Every corpus file is read (reader) and matched (matcher) ``-n`` times with
the text caches emptied first, as for a file never seen; per file the
median reader and matcher milliseconds are kept.  Prints, per corpus
folder, the ``--top`` slowest files (reader + matcher), then the slowest
non-OCR file and the slowest matcher over the whole corpus.  ``--root
TREE`` measures the gxconvert found in TREE.  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTS = (".txt", ".docx", ".doc", ".html", ".htm", ".pdf")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--rounds", type=int, default=3)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--root", default=str(ROOT))
    args = ap.parse_args()
    sys.path.insert(0, args.root)
    sys.path.insert(0, str(ROOT / "scripts"))
    import gxconvert
    from bench_pdf import cold_caches
    from gxconvert.readers import read_document, sniff
    from gxconvert.matcher import match
    from gxconvert.model import Source
    from gxconvert.options import DEFAULT_OPTIONS

    rows: dict[str, list[tuple[float, float, str, bool]]] = {}
    for f in sorted((ROOT / "corpus").rglob("*")):
        if f.suffix.lower() not in EXTS or not f.is_file():
            continue
        data = f.read_bytes()
        try:
            fmt = sniff(data)
            gxconvert.convert(data, path=str(f))  # warm-up
        except gxconvert.ConversionError:
            continue
        reads, matches = [], []
        ocr = False
        for _ in range(args.rounds):
            cold_caches(gxconvert)
            t = time.perf_counter()
            doc = read_document(data, str(f), fmt, DEFAULT_OPTIONS)
            t2 = time.perf_counter()
            rep = match(doc, Source(path=str(f), format=fmt, sha256=""), DEFAULT_OPTIONS)
            t3 = time.perf_counter()
            reads.append(t2 - t)
            matches.append(t3 - t2)
            ocr = any("ocr" in w.code for w in rep.warnings)
        rows.setdefault(f.parent.name, []).append(
            (statistics.median(reads) * 1000, statistics.median(matches) * 1000, f.name, ocr))
    worst_file = (0.0, "")
    worst_match = (0.0, "")
    for folder, items in sorted(rows.items()):
        items.sort(key=lambda r: -(r[0] + r[1]))
        print(f"== {folder} ({len(items)} files): slowest {min(args.top, len(items))}")
        for read_ms, match_ms, name, ocr in items[: args.top]:
            print(f"   {read_ms + match_ms:8.1f} ms  (reader {read_ms:7.1f}, matcher {match_ms:7.1f})  {name}"
                  f"{'  [OCR]' if ocr else ''}")
        for read_ms, match_ms, name, ocr in items:
            if not ocr and read_ms + match_ms > worst_file[0]:
                worst_file = (read_ms + match_ms, f"{folder}/{name}")
            if match_ms > worst_match[0]:
                worst_match = (match_ms, f"{folder}/{name}")
    print(f"slowest non-OCR file: {worst_file[0]:.1f} ms ({worst_file[1]}); "
          f"slowest matcher: {worst_match[0]:.1f} ms ({worst_match[1]})")


if __name__ == "__main__":
    main()
