#!/usr/bin/env python3
"""How fast files that are no report are refused by kind (corpus/containers).

    python scripts/bench_refusals.py [-n 5]

For each spreadsheet, presentation and plain zip of corpus/containers, the
best of ``-n`` ``gxconvert.convert`` calls (which raise) and the message;
then, as the floor measured in the same run, reading the file's bytes, and
as the scale, converting seed 000 (a real report).  Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gxconvert  # noqa: E402
from gxconvert.errors import ConversionError  # noqa: E402


def best_ms(fn: object, n: int) -> float:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t) * 1000)
    return min(out)


def refuse(path: Path) -> str:
    try:
        gxconvert.convert(path)
    except ConversionError as err:
        return str(err)
    return "converted?!"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5)
    args = ap.parse_args()
    seed = ROOT / "corpus" / "seeds" / "000_c618104cc4de48fa.txt"
    gxconvert.convert(seed)  # imports and caches out of the figures
    files = sorted(p for p in (ROOT / "corpus" / "containers").iterdir() if p.suffix != ".py")
    for p in files:
        ms = best_ms(lambda p=p: refuse(p), args.n)
        floor = best_ms(p.read_bytes, args.n)
        print(f"{ms:7.2f} ms ({ms / floor:5.1f}x reading the file)  {refuse(p)}")
    print(f"scale: converting {seed.name}: {best_ms(lambda: gxconvert.convert(seed), args.n):.1f} ms")


if __name__ == "__main__":
    main()
