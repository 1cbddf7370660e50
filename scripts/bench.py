"""Benchmark: convert every corpus file of the given formats N times and print
ms per report and peak memory.  Figures, not assertions.

    python scripts/bench.py [--repeat 5] [corpus/seeds/*.txt ...]
"""

from __future__ import annotations

import argparse
import glob
import time
import tracemalloc
from pathlib import Path

import gxconvert


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    files = args.files or sorted(glob.glob(str(root / "corpus/**/*.*"), recursive=True))
    files = [f for f in files if Path(f).suffix.lower() in (".txt", ".docx", ".doc", ".html", ".htm", ".pdf")]
    by_fmt: dict[str, list[float]] = {}
    for f in files:
        data = Path(f).read_bytes()
        try:
            gxconvert.convert(data, path=f)  # warm-up (imports)
        except gxconvert.ConversionError:
            continue
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            rep = gxconvert.convert(data, path=f)
        ms = (time.perf_counter() - t0) * 1000 / args.repeat
        by_fmt.setdefault(rep.source.format, []).append(ms)
    for fmt, times in sorted(by_fmt.items()):
        times.sort()
        print(f"{fmt:5} {len(times):3} files  mean {sum(times) / len(times):7.1f} ms/report  "
              f"median {times[len(times) // 2]:7.1f}  max {times[-1]:7.1f}")
    tracemalloc.start()
    for f in files[:20]:
        try:
            gxconvert.convert(Path(f).read_bytes(), path=f)
        except gxconvert.ConversionError:
            pass
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak traced memory over {min(20, len(files))} conversions: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
