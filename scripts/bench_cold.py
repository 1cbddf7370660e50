#!/usr/bin/env python3
"""Cold start: ``convert FILE`` on one small file, as a user runs it, N times.

    python scripts/bench_cold.py [-n 15] [--root TREE [--root TREE2]] [--imports 15] [FILE]

Each run is a fresh ``python -m gxconvert FILE`` process (bytecode cached,
as in an installed package: ``PYTHONDONTWRITEBYTECODE`` is dropped) (the ``convert``
command) with its JSON going to /dev/null.  The floor, measured in the same
rounds, is a bare ``python -c pass``; several trees are run round after
round.  Prints the median and the minimum wall time of each, the median
over the bare interpreter's, and whether any child ran ``ldconfig`` (it must not:
``ctypes.util.find_library`` spawns ``ldconfig -p``).  Besides wall time, the
CPU time of the run and its worker (``RUSAGE_CHILDREN``: steadier than wall
time on a busy machine).  ``--imports K``: the K largest import costs of the
run (``-X importtime``, own time of each module, the minimum over the rounds),
converting in the process (``-j 0``) so the reader's imports are seen too.
``--instructions``: instructions counted by valgrind's callgrind (steady
where timing is not: a busy machine changes them little): the bare
interpreter, ``import gxconvert``, ``convert FILE -j 0`` and ``convert FILE``
(the parent, and the worker with the parent's work before the fork), each
tree with ``PYTHONHASHSEED=0``.  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "corpus" / "seeds" / "001_4ad21a775c00ab02.txt"


# children run in a neutral folder: ``python -m``/``-c`` put the working
# folder first on sys.path, ahead of the tree PYTHONPATH names
NEUTRAL = tempfile.gettempdir()


def timed(cmd: list[str], env: dict[str, str], cpu: list[float] | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=NEUTRAL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_costs(file: str, env: dict[str, str], rounds: int) -> dict[str, int]:
    """Each module's own import time in microseconds (the least over ``rounds`` runs)."""
    best: dict[str, int] = {}
    for _ in range(rounds):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "gxconvert", "-j", "0", file], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False, cwd=NEUTRAL)
        for line in proc.stderr.splitlines():
            m = _IMPORT_LINE.match(line)
            if m:
                best[m[4]] = min(best.get(m[4], 1 << 60), int(m[1]))
    return best


_AUDITED = """
import runpy, sys
log = open(sys.argv[1], "a")
def hook(event, args):  # inherited by forked workers
    if event in ("subprocess.Popen", "os.exec", "os.posix_spawn"):
        log.write(repr(args) + "\\n")
        log.flush()
sys.addaudithook(hook)
sys.argv = ["convert", *sys.argv[2:]]
runpy.run_module("gxconvert", run_name="__main__")
"""


def spawns_ldconfig(file: str, env: dict[str, str]) -> bool:
    """Whether ``convert FILE`` (parent or worker) starts ldconfig: every
    process it starts is logged by an audit hook the workers inherit."""
    with tempfile.NamedTemporaryFile("r", suffix=".log") as log:
        subprocess.run([sys.executable, "-c", _AUDITED, log.name, file], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=NEUTRAL)
        return "ldconfig" in log.read()


def instructions(cmd: list[str], env: dict[str, str]) -> list[int]:
    """Instructions of each process ``cmd`` runs (the first is the parent), by callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.%p", *cmd],
                              env=dict(env, PYTHONHASHSEED="0"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, check=False, cwd=NEUTRAL)
    # "==PID== Collected : N" once per process, the parent's last (it exits last)
    counts = [int(m[1]) for m in re.finditer(r"Collected : (\d+)", proc.stderr)]
    return counts[-1:] + counts[:-1]


def print_instructions(file: str, roots: list[str], envs: list[dict[str, str]]) -> None:
    if shutil.which("valgrind") is None:
        print("instructions: valgrind is not installed")
        return
    py = sys.executable
    bare = instructions([py, "-c", "pass"], envs[0])
    print(f"instructions (callgrind): bare python {bare[0] / 1e6:.0f} M")
    for root, env in zip(roots, envs, strict=True):
        imp = instructions([py, "-c", "import gxconvert"], env)
        j0 = instructions([py, "-m", "gxconvert", "-j", "0", file], env)
        full = instructions([py, "-m", "gxconvert", file], env)
        worker = f", the worker {full[1] / 1e6:.0f} M" if len(full) > 1 else ""
        print(f"  {root}: import gxconvert {imp[0] / 1e6:.0f} M; convert -j 0 {j0[0] / 1e6:.0f} M; "
              f"convert: the parent {full[0] / 1e6:.0f} M{worker}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--rounds", type=int, default=15)
    ap.add_argument("--root", action="append", help="a tree to measure (repeat: measured round after round)")
    ap.add_argument("--imports", type=int, default=0, metavar="K", help="print the K costliest imports")
    ap.add_argument("--instructions", action="store_true", help="count instructions with callgrind (valgrind)")
    ap.add_argument("file", nargs="?", default=str(SMALL))
    args = ap.parse_args()
    args.file = str(Path(args.file).resolve())
    roots = [str(Path(r).resolve()) for r in args.root or [str(ROOT)]]
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
    if args.instructions:
        print_instructions(args.file, roots, envs)
    if args.rounds < 1:
        return
    runs: list[list[float]] = [[] for _ in roots]
    cpus: list[list[float]] = [[] for _ in roots]
    floors: list[float] = []
    floor_cpu: list[float] = []
    for _ in range(args.rounds):
        floors.append(timed(bare, envs[0], floor_cpu))
        for k, env in enumerate(envs):
            runs[k].append(timed(run, env, cpus[k]))
    flo = statistics.median(floors) * 1000
    print(f"bare python: median {flo:.0f} ms, min {min(floors) * 1000:.0f} ms, CPU median "
          f"{statistics.median(floor_cpu) * 1000:.0f} ms ({args.rounds} rounds; load {os.getloadavg()[0]:.1f})")
    for root, env, times, cpu in zip(roots, envs, runs, cpus, strict=True):
        med = statistics.median(times) * 1000
        ld = spawns_ldconfig(args.file, env)
        print(f"convert {Path(args.file).name} with {root}: median {med:.0f} ms, min {min(times) * 1000:.0f} ms, "
              f"{med / flo:.1f}x bare python; CPU (with the worker) median {statistics.median(cpu) * 1000:.0f} ms, "
              f"min {min(cpu) * 1000:.0f} ms; runs ldconfig: {'yes' if ld else 'no'}")
        if args.imports:
            costs = import_costs(args.file, env, max(3, args.rounds // 3))
            print(f"  imports (-j 0): {len(costs)} modules, own time {sum(costs.values()) / 1000:.0f} ms; "
                  f"the {args.imports} costliest:")
            for name, us in sorted(costs.items(), key=lambda kv: -kv[1])[:args.imports]:
                print(f"    {us / 1000:6.1f} ms  {name}")


if __name__ == "__main__":
    main()
