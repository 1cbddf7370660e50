#!/usr/bin/env python3
"""Cold start: ``convert FILE`` on one small file, as a user runs it, N times.

    python scripts/bench_cold.py [-n 15] [--root TREE [--root TREE2]] [FILE]

Each run is a fresh ``python -m gxconvert FILE`` process (bytecode cached,
as in an installed package: ``PYTHONDONTWRITEBYTECODE`` is dropped) (the ``convert``
command) with its JSON going to /dev/null.  The floor, measured in the same
rounds, is a bare ``python -c pass``; several trees are run round after
round.  Prints the median and the minimum wall time of each, the median
over the bare interpreter's, and whether any child ran ``ldconfig`` (it must not:
``ctypes.util.find_library`` spawns ``ldconfig -p``).  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "corpus" / "seeds" / "001_4ad21a775c00ab02.txt"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def spawns_ldconfig(cmd: list[str], env: dict[str, str]) -> bool | None:
    """Whether the run executes ldconfig (None: strace not installed)."""
    with tempfile.NamedTemporaryFile("r") as log:
        try:
            subprocess.run(["strace", "-f", "-e", "trace=execve", "-o", log.name, *cmd], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        except FileNotFoundError:
            return None
        return "ldconfig" in log.read()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--rounds", type=int, default=15)
    ap.add_argument("--root", action="append", help="a tree to measure (repeat: measured round after round)")
    ap.add_argument("file", nargs="?", default=str(SMALL))
    args = ap.parse_args()
    roots = args.root or [str(ROOT)]
    envs = []
    for root in roots:
        env = dict(os.environ, PYTHONPATH=root)
        # as installed: compiled modules cached (the warm-up run writes them)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        envs.append(env)
    run = [sys.executable, "-m", "gxconvert", args.file]
    bare = [sys.executable, "-c", "pass"]
    for env in envs:
        timed(run, env)  # page cache, .pyc files
    runs: list[list[float]] = [[] for _ in roots]
    floors = []
    for _ in range(args.rounds):
        floors.append(timed(bare, envs[0]))
        for k, env in enumerate(envs):
            runs[k].append(timed(run, env))
    flo = statistics.median(floors) * 1000
    print(f"bare python: median {flo:.0f} ms, min {min(floors) * 1000:.0f} ms ({args.rounds} rounds)")
    for root, env, times in zip(roots, envs, runs, strict=True):
        med = statistics.median(times) * 1000
        ld = spawns_ldconfig(run, env)
        print(f"convert {Path(args.file).name} with {root}: median {med:.0f} ms, min {min(times) * 1000:.0f} ms, "
              f"{med / flo:.1f}x bare python; runs ldconfig: "
              f"{'unknown (no strace)' if ld is None else ('yes' if ld else 'no')}")


if __name__ == "__main__":
    main()
