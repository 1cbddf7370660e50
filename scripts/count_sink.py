#!/usr/bin/env python3
"""The SQLite sink's instructions per report under callgrind (steady whatever
the machine's load; a guide next to the timings of ``bench_batch.py``).

    python scripts/count_sink.py [--root TREE ...] [-k 3]

For each tree (this one by default): the reports of the batch bench's mix
(``bench_batch.corpus_files``, converted once and pickled), each encoded by
the worker's encoder ``-k`` times (with the pickling of its Result to the
parent and back), and each stored ``-k`` times by the parent (unpickled,
inserted in a savepoint, committed every 64 files), under callgrind.  A
run's instructions less those of a run that only prepares, over the number
of reports, are one report's.  The worker's encoder is the sink's own
(``SqliteSink.encoder``: a staged report where the tree has it) and, where a
tree has it, the rows as tuples too (``sql.encode``).  Figures, not
assertions.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PREPARE = """
import pickle, sys
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/scripts")
import gxconvert
from bench_batch import corpus_files
reports = []
for f in corpus_files():
    try:
        reports.append(gxconvert.convert(f))
    except gxconvert.ConversionError:
        pass
with open(sys.argv[2], "wb") as fh:
    pickle.dump(reports, fh)
print(len(reports))
"""

_CHILD = """
import dataclasses, pickle, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from gxconvert.dataset import sql
from gxconvert.results import Result
reports = pickle.load(open(sys.argv[2], "rb"))
encoder, part, k = sys.argv[3], sys.argv[4], int(sys.argv[5])
encode = getattr(sql, encoder)
if hasattr(sql, "_stage_connection"):
    sql._stage_connection()
if part == "worker":  # encode, and the Result's pickling both ways
    for _ in range(k):
        for r in reports:
            pickle.loads(pickle.dumps(Result(path="x", record=encode(r, None, None)), 5))
    raise SystemExit
sent = []
for i in range(k):
    for j, r in enumerate(reports):
        r = dataclasses.replace(r, source=dataclasses.replace(r.source, path=f"{i}/{j}"))
        sent.append(pickle.dumps(Result(path="x", record=encode(r, None, None)), 5))
conn = sql.connect(Path(tempfile.mkdtemp()) / "d.sqlite", create=True, threads=True)
if encoder == "stage":
    sql.attach_stage(conn)
if part == "parent":
    conn.execute("BEGIN")
    for n, data in enumerate(sent):
        conn.execute("SAVEPOINT one_file")
        sql.insert_record(conn, pickle.loads(data).record, False)
        conn.execute("RELEASE one_file")
        if n % 64 == 63:
            conn.commit()
            conn.execute("BEGIN")
    conn.commit()
"""


def instructions(tree: Path, data: Path, encoder: str, part: str, k: int) -> int:
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c",
                          _CHILD, str(tree), str(data), encoder, part, str(k)],
                         capture_output=True, text=True, check=True).stderr
    found = re.search(r"Collected : (\d+)", out)
    if found is None:
        raise SystemExit(f"callgrind printed no count:\n{out[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", action="append", type=Path, help="a tree to measure (repeatable; default: this one)")
    ap.add_argument("-k", type=int, default=3, help="times each report is encoded and stored")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gx-count-sink-") as tmp:
        data = Path(tmp) / "reports.pkl"
        made = subprocess.run([sys.executable, "-c", _PREPARE, str(ROOT), str(data)], check=True,
                              capture_output=True, text=True)
        n = int(made.stdout.split()[-1]) * args.k
        for tree in args.root or [ROOT]:
            has_stage = (tree / "gxconvert" / "dataset" / "sql.py").read_text("utf-8").count("def stage(") > 0
            for encoder in (["stage", "encode"] if has_stage else ["encode"]):
                worker = (instructions(tree, data, encoder, "worker", args.k)
                          - instructions(tree, data, encoder, "worker", 0)) / n
                parent = (instructions(tree, data, encoder, "parent", args.k)
                          - instructions(tree, data, encoder, "prepare", args.k)) / n
                print(f"{tree}: {encoder:6s} worker {worker / 1e6:5.2f} M instructions a report (encode, "
                      f"pickle, unpickle), parent {parent / 1e6:5.2f} M (unpickle, insert, commit), "
                      f"together {(worker + parent) / 1e6:5.2f} M ({n} reports)")


if __name__ == "__main__":
    main()
