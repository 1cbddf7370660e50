#!/usr/bin/env python3
"""Long mutation-fuzz run over the corpus (the CI test, tests/test_fuzz.py,
runs a few hundred mutants per format; this runs as many as you like).

    python scripts/fuzz_hostile.py [--seed 14] [--count 2000] [--formats text html docx pdf]
                                   [--hang 20] [--save DIR]

Prints, per format: mutants, seconds, outcomes (report / error class /
hang), the slowest mutants and every failure (another exception, a hang, a
multi-line message, a message not naming the file).  ``--save DIR`` writes
each failing mutant there to reproduce it.  Exit status 1 when anything
failed.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import FORMATS, mutants, run_one


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--count", type=int, default=2000, help="mutants per format")
    ap.add_argument("--formats", nargs="*", default=list(FORMATS), choices=FORMATS)
    ap.add_argument("--hang", type=float, default=20.0, help="seconds after which a mutant counts as a hang")
    ap.add_argument("--save", type=Path, help="directory for failing mutants")
    args = ap.parse_args()
    import logging

    logging.disable(logging.WARNING)  # library log lines are not what this run looks for
    failed = 0
    for fmt in args.formats:
        t0 = time.perf_counter()
        outcomes: collections.Counter[str] = collections.Counter()
        slow: list[tuple[float, str]] = []
        failures = []
        for m in mutants(fmt, args.seed, args.count):
            failure, seconds, outcome = run_one(m, args.hang)
            outcomes[outcome] += 1
            slow.append((seconds, f"{m.name} ({m.how})"))
            if failure is not None:
                failures.append(failure)
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    (args.save / m.name).write_bytes(m.data)
        slow.sort(reverse=True)
        total = time.perf_counter() - t0
        print(f"{fmt}: {args.count} mutants (seed {args.seed}) in {total:.1f} s "
              f"({1000 * total / max(args.count, 1):.0f} ms each); outcomes {dict(outcomes)}")
        print("  slowest: " + "; ".join(f"{s:.2f} s {n}" for s, n in slow[:3]))
        for f in failures:
            print(f"  FAIL {f}")
        print(f"  {len(failures)} failure(s)")
        failed += len(failures)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
