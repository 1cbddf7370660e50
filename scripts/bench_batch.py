"""Benchmark of the batch: files/s with --jobs 1 and --jobs 2 (same run),
peak RSS of the parent and of a worker at 100 and at 1,000 files, and the
cost of the SQLite sink against JSONL, and the parent's CPU a file when the
workers return a canned report (``--parent-only`` prints just that).

    python scripts/bench_batch.py [--files 1000] [--keep DIR]
    python scripts/bench_batch.py --ab OLD_TREE [--files 600] [--rounds 3]

The folder is made by copying the corpus's reports (text, HTML, DOCX, PDF;
the mix of corpus/) under distinct names.  Every figure comes from the
``convert`` command run as a child process of this script (its own
``ru_maxrss``, and its reaped workers' through ``RUSAGE_CHILDREN``).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

# run the CLI in a fresh interpreter and report its own and its workers' peak RSS
DRIVER = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from gxconvert.cli import main
start = resource.getrusage(resource.RUSAGE_SELF)  # the interpreter and the imports: paid once a run
t = time.perf_counter()
rc = main(sys.argv[1:], prog="convert")
sec = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({{"rc": rc, "seconds": sec, "parent_kb": me.ru_maxrss, "worker_kb": kids.ru_maxrss,
                  "parent_cpu": me.ru_utime + me.ru_stime, "worker_cpu": kids.ru_utime + kids.ru_stime,
                  "startup_cpu": start.ru_utime + start.ru_stime}}))
"""


def _burn(src: object, **kwargs: object) -> object:
    """A converter that only burns 0.1 s of CPU: the floor of what --jobs 2 can gain now."""
    t = time.process_time()
    while time.process_time() - t < 0.1:
        pass
    raise ValueError("burnt")


def parallel_floor(rounds: int) -> float:
    """Best speed-up of a CPU-bound dummy at --jobs 2 over --jobs 1 (same pool, same run):
    what the machine's free cores allow (the kernel's autogroup shares CPU per session)."""
    sys.path.insert(0, str(ROOT))
    from gxconvert import convert_many
    best = {1: 1e9, 2: 1e9}
    for _ in range(max(1, rounds)):
        for jobs in (1, 2):
            t = time.perf_counter()
            list(convert_many([f"f{i}" for i in range(20)], jobs=jobs, converter=_burn))
            best[jobs] = min(best[jobs], time.perf_counter() - t)
    return best[1] / best[2]


_CANNED: list[object] = []


def _canned(src: object, path: str | None = None, **kwargs: object) -> object:
    """A converter that returns a report converted before the pool started, under the input's path:
    the workers do nothing but encode it for the sink, so the parent's own cost a file shows."""
    import dataclasses
    report = _CANNED[0]
    return dataclasses.replace(report, source=dataclasses.replace(report.source, path=path))  # type: ignore


def parent_per_file(n: int, jobs: int = 2) -> dict[str, float]:
    """The parent's CPU a file (its own time, the SQLite commit thread's included) when the workers
    are fast: a Batch of ``n`` inputs whose converter returns a canned report, into SQLite and into
    JSON Lines.  At a real batch's pace the parent also wakes every 0.05 s per busy worker (its
    memory look), a cost a second, not a file; here it is the cost a file alone."""
    import io
    import resource
    sys.path.insert(0, str(ROOT))
    import gxconvert
    from gxconvert.batch.progress import Progress
    from gxconvert.batch.run import Batch, RunSettings
    from gxconvert.dataset.jsonl import JsonlSink
    from gxconvert.dataset.sqlite import SqliteSink
    _CANNED[:] = [gxconvert.convert(CORPUS / "seeds" / "001_4ad21a775c00ab02.txt")]
    tmp = Path(tempfile.mkdtemp(prefix="gx-parent-"))
    out = {}
    for name, make in (("sqlite", lambda: SqliteSink(tmp / "p.sqlite")), ("jsonl", lambda: JsonlSink(tmp / "p.jsonl"))):
        for p in tmp.glob("p.*"):
            p.unlink()
        inputs = [f"in/{i:05d}.txt" for i in range(n)]
        sink = make()
        batch = Batch(inputs, sink, Progress(n, "quiet", io.StringIO(), "convert"),
                      RunSettings(jobs=jobs, converter=_canned))
        before = resource.getrusage(resource.RUSAGE_SELF)
        t = time.perf_counter()
        batch.run()
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        out[name] = cpu / n * 1000
        out[name + "_rate"] = n / wall
    shutil.rmtree(tmp)
    return out


def corpus_files() -> list[Path]:
    out = sorted((CORPUS / "seeds").glob("*.txt")) + sorted((CORPUS / "glued").glob("*.txt"))
    out += sorted((CORPUS / "html").glob("*.html")) + sorted((CORPUS / "docx").glob("*.docx"))
    out += sorted((CORPUS / "pdf").glob("0*.pdf"))
    return out


def make_folder(dest: Path, n: int) -> dict[str, int]:
    files = corpus_files()
    kinds: dict[str, int] = {}
    for i in range(n):
        src = files[i % len(files)]
        sub = dest / f"{(i // 100):02d}"
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, sub / f"{i:05d}_{src.name}")
        kinds[src.suffix] = kinds.get(src.suffix, 0) + 1
    return kinds


def run(folder: Path, out: Path, jobs: int, root: Path = ROOT) -> dict[str, float]:
    for p in out.parent.glob(out.name + "*"):
        p.unlink()
    code = DRIVER.format(root=str(root))
    proc = subprocess.run([sys.executable, "-c", code, str(folder), "-o", str(out), "-j", str(jobs), "-q"],
                          capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"convert failed: {proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sink_cost(n: int) -> tuple[float, float, float]:
    """ms per file to store a converted report: SQLite, JSONL; and ms per
    file to convert it (the floor the sink costs are compared with)."""
    sys.path.insert(0, str(ROOT))
    import gxconvert
    from gxconvert.dataset.jsonl import JsonlSink
    from gxconvert.dataset.sqlite import SqliteSink
    from gxconvert.results import Result
    srcs = [p for p in corpus_files() if p.suffix in (".txt", ".html", ".docx")]
    t = time.perf_counter()
    reports = [gxconvert.convert(p) for p in srcs]
    convert_ms = (time.perf_counter() - t) * 1000 / len(srcs)
    tmp = Path(tempfile.mkdtemp(prefix="gx-sink-"))
    results = []
    for i in range(n):
        r = reports[i % len(reports)]
        d = r.to_dict(provenance=True)
        d["source"]["path"] = f"f{i:05d}"
        results.append(Result(path=f"f{i:05d}", report=gxconvert.Report.from_dict(d)))
    costs = []
    for sink in (SqliteSink(tmp / "s.sqlite"), JsonlSink(tmp / "s.jsonl")):
        t = time.perf_counter()
        for res in results:
            sink.add(res)
        sink.close()
        costs.append((time.perf_counter() - t) * 1000 / n)
    shutil.rmtree(tmp)
    return costs[0], costs[1], convert_ms


def ab(before: Path, n: int, rounds: int) -> None:
    """This tree and ``before`` taking turns on one folder of ``n`` mixed
    files, ``--jobs 2`` into SQLite, ``rounds`` runs each: files/s (best),
    the workers' CPU a file and the parent's a file beyond its start-up
    (medians) -- both trees see the same moment of the machine."""
    tmp = Path(tempfile.mkdtemp(prefix="gx-bench-ab-"))
    try:
        folder = tmp / "in"
        kinds = make_folder(folder, n)
        print(f"folder: {n} files {kinds}; --jobs 2 into SQLite; load {os.getloadavg()[0]:.1f}")
        got: dict[str, list[tuple[float, float, float]]] = {"before": [], "this tree": []}
        for r in range(rounds):
            for name, root in (("before", before), ("this tree", ROOT)):
                d = run(folder, tmp / f"out{r}.sqlite", 2, root)
                row = (n / d["seconds"], d["worker_cpu"] * 1000 / n,
                       (d["parent_cpu"] - d["startup_cpu"]) * 1000 / n)
                got[name].append(row)
                print(f"  {name:9s} round {r + 1}: {row[0]:6.1f} files/s, workers {row[1]:5.1f} ms a file, "
                      f"parent {row[2]:5.2f} ms a file", flush=True)
        for name, rows in got.items():
            print(f"{name} ({before if name == 'before' else ROOT}): best {max(x[0] for x in rows):.1f} files/s; "
                  f"median workers {statistics.median(x[1] for x in rows):.1f} ms a file, "
                  f"parent {statistics.median(x[2] for x in rows):.2f} ms a file")
    finally:
        shutil.rmtree(tmp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--keep", metavar="DIR", help="build the folder here and keep it")
    ap.add_argument("--rounds", type=int, default=3,
                    help="alternating --jobs 1 / --jobs 2 rounds on a 200-file folder (best of each; "
                         "robust to other load on the machine)")
    ap.add_argument("--parent-only", action="store_true", help="only the parent's cost a file (canned reports)")
    ap.add_argument("--ab", metavar="TREE", type=Path,
                    help="only this tree against TREE, taking turns (--files, default 600 here; --rounds)")
    args = ap.parse_args()
    if args.ab:
        ab(args.ab, args.files if "--files" in sys.argv else 600, args.rounds)
        return
    if args.parent_only:
        pf = parent_per_file(args.files)
        print(f"the parent a file, workers returning a canned report (--jobs 2, {args.files} files, load "
              f"{os.getloadavg()[0]:.1f}): SQLite {pf['sqlite']:.2f} ms ({pf['sqlite_rate']:.0f} files/s), "
              f"JSON Lines {pf['jsonl']:.2f} ms ({pf['jsonl_rate']:.0f} files/s)")
        return
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gx-bench-batch-"))
    big, small, mid = base / "big", base / "small", base / "mid"
    for d in (big, small, mid):
        if d.exists():
            shutil.rmtree(d)
    kinds = make_folder(big, args.files)
    make_folder(small, max(1, args.files // 10))
    make_folder(mid, 200)
    out = base / "out"
    out.mkdir(exist_ok=True)
    print(f"folder: {args.files} files {kinds}; cores: {os.cpu_count()}; load: {os.getloadavg()[0]:.1f}")

    j1 = run(big, out / "j1.sqlite", 1)
    j2 = run(big, out / "j2.sqlite", 2)
    s2 = run(small, out / "small.sqlite", 2)
    jl = run(big, out / "j2.jsonl", 2)
    n, m = args.files, max(1, args.files // 10)
    r1, r2 = n / j1["seconds"], n / j2["seconds"]
    print(f"--jobs 1: {r1:6.1f} files/s ({j1['seconds']:.1f} s)")
    print(f"--jobs 2: {r2:6.1f} files/s ({j2['seconds']:.1f} s)   speed-up {r2 / r1:.2f}x (target >= 1.8x)")
    for name, j, jobs in (("--jobs 1", j1, 1), ("--jobs 2", j2, 2)):
        busy = j["worker_cpu"] / (j["seconds"] * jobs)
        per_file = (j['parent_cpu'] - j['startup_cpu']) / n * 1000
        print(f"  {name}: CPU per file {(j['worker_cpu'] + j['parent_cpu']) / n * 1000:.0f} ms (parent "
              f"{j['parent_cpu'] / n * 1000:.2f} ms: {per_file:.2f} ms a file + its start-up, "
              f"{j['startup_cpu'] * 1000:.0f} ms once); workers busy {busy * 100:.0f} % of their wall time "
              "(below 100 %: they waited for a core — other load on the machine)")
    print(f"peak RSS, parent: {s2['parent_kb'] / 1024:6.1f} MB at {m} files, {j2['parent_kb'] / 1024:6.1f} MB "
          f"at {n} files ({(j2['parent_kb'] / s2['parent_kb'] - 1) * 100:+.1f} %)")
    print(f"peak RSS, worker: {s2['worker_kb'] / 1024:6.1f} MB at {m} files, {j2['worker_kb'] / 1024:6.1f} MB "
          f"at {n} files ({(j2['worker_kb'] / s2['worker_kb'] - 1) * 100:+.1f} %)")
    print(f"whole run into JSONL: {n / jl['seconds']:6.1f} files/s; into SQLite: {r2:6.1f} files/s "
          f"(SQLite/JSONL time {j2['seconds'] / jl['seconds']:.2f}x)")
    best = {1: 0.0, 2: 0.0}
    for _ in range(args.rounds):
        for jobs in (1, 2):
            best[jobs] = max(best[jobs], 200 / run(mid, out / f"mid{jobs}.sqlite", jobs)["seconds"])
    if args.rounds:
        floor = parallel_floor(args.rounds)
        print(f"best of {args.rounds} alternating rounds, 200 files: --jobs 1 {best[1]:.1f} files/s, "
              f"--jobs 2 {best[2]:.1f} files/s, speed-up {best[2] / best[1]:.2f}x; a CPU-bound dummy "
              f"converter in the same pool: {floor:.2f}x (what the free cores allow now); "
              f"gxconvert reaches {best[2] / best[1] / floor * 100:.0f} % of it")
    pf = parent_per_file(n)
    print(f"the parent a file, workers returning a canned report (--jobs 2, {n} files): SQLite "
          f"{pf['sqlite']:.2f} ms ({pf['sqlite_rate']:.0f} files/s), JSON Lines {pf['jsonl']:.2f} ms "
          f"({pf['jsonl_rate']:.0f} files/s)")
    sq, js, conv = sink_cost(n)
    print(f"sink cost per file: SQLite {sq:.2f} ms, JSONL {js:.2f} ms ({sq / js:.1f}x JSONL); "
          f"converting a text/HTML/DOCX report: {conv:.1f} ms (SQLite = {sq / conv * 100:.1f} % of it)")
    if not args.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
