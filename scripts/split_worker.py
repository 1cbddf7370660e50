#!/usr/bin/env python3
"""Where a batch worker's CPU goes, step by step, on bench_batch.py's mix.

    python scripts/split_worker.py [--files 600] [--root TREE]

One process does, for each file of the mix (the corpus's texts, HTML,
Word and PDF reports, in bench_batch.py's order), what a ``--jobs`` worker
writing SQLite does, timing each step by CPU clock (``time.process_time_ns``):
the task's unpickling, the read, the sha256, the reader, the matcher, the
result's outline, the sink's encoding (split into its parts) and the
result's pickling; and, apart, the cycle collector's passes that fell in
each step.  The collector is on with what was imported frozen, as in a
worker, and paused from the read to the encoding where the tree's worker
pauses it (``worker._work``).  Prints ms a file per step and the total;
asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gxconvert.model import Report

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=600)
    ap.add_argument("--root", type=Path, default=HERE, help="the tree whose gxconvert is measured")
    args = ap.parse_args()
    sys.path.insert(0, str(args.root))
    sys.path.insert(0, str(HERE / "scripts"))
    from bench_batch import corpus_files  # the mix (this tree's corpus)

    from gxconvert import api
    from gxconvert.batch import worker
    from gxconvert.batch.worker import Task
    from gxconvert.dataset import sql
    from gxconvert.dataset.columns import converter_version
    from gxconvert.gcpause import gc_paused
    from gxconvert.matcher import match
    from gxconvert.model import Source
    from gxconvert.options import DEFAULT_OPTIONS
    from gxconvert.readers import read_document, sniff
    from gxconvert.results import Outline, Result

    files = corpus_files()
    paths = [str(files[i % len(files)]) for i in range(args.files)]
    version = converter_version()
    api.preload()
    for p in files:  # warm: what a worker has after its first files
        with contextlib.suppress(Exception):
            api.convert(p)
    gc.collect()
    gc.freeze()
    clock = time.process_time_ns
    steps: dict[str, int] = {}
    in_gc: dict[str, int] = {}
    step = ["task (pickle both ways)"]
    gc_start = [0]
    paused = hasattr(worker, "_work")  # the tree's worker pauses the collector from the read to the encoding

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_start[0] = clock()
        else:
            in_gc[step[0]] = in_gc.get(step[0], 0) + clock() - gc_start[0]

    gc.callbacks.append(on_gc)
    order = ("task (pickle both ways)", "read", "sha256", "reader", "matcher", "outline", "encode (stage)",
             "result pickle")

    def add(name: str, t0: int) -> int:
        t1 = clock()
        steps[name] = steps.get(name, 0) + t1 - t0
        step[0] = order[(order.index(name) + 1) % len(order)]
        return t1

    n_ok = 0
    t_all = clock()
    for i, p in enumerate(paths):
        t = clock()
        task = pickle.loads(pickle.dumps(Task(p, None, i, None), pickle.HIGHEST_PROTOCOL))
        t = add("task (pickle both ways)", t)
        if paused:
            gc.disable()
        try:
            data, path = api._read_source(task.path, task.path, DEFAULT_OPTIONS)
            t = add("read", t)
            sha = hashlib.sha256(data).hexdigest()
            t = add("sha256", t)
            fmt = sniff(data, os.path.basename(path or ""))
            doc = read_document(data, path, fmt, DEFAULT_OPTIONS)
            t = add("reader", t)
            source = Source(path=path, format=doc.format if doc.format == f"{fmt}_ocr" else fmt, sha256=sha)
            with gc_paused():  # as api.convert runs it
                report = match(doc, source, DEFAULT_OPTIONS)
            t = add("matcher", t)
        except Exception:
            gc.enable()
            step[0] = order[0]
            continue
        n_ok += 1
        result = Result(path=task.path, report=report, seconds=0.01, sha256=sha, index=i, outline=Outline.of(report))
        t = add("outline", t)
        result.record = sql.stage(report, result, version)
        t = add("encode (stage)", t)
        result.report = None
        del report, doc
        if paused:
            gc.enable()
        blob = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        t = add("result pickle", t)
        del blob
    total = clock() - t_all
    n = len(paths)
    gc.callbacks.remove(on_gc)
    print(f"{args.root}: {n} files ({n_ok} reports), CPU ms a file by step (of which the cycle collector's "
          f"passes; {'paused' if paused else 'not paused'} from the read to the encoding):")
    for name in order:
        print(f"  {name:28s} {steps.get(name, 0) / n / 1e6:7.3f}   ({in_gc.get(name, 0) / n / 1e6:.3f})")
    print(f"  {'total':28s} {total / n / 1e6:7.3f}   ({sum(in_gc.values()) / n / 1e6:.3f})")
    # the encoder's parts, on the same reports again
    from gxconvert.dataset.columns import flat_values, meta_row

    reports = []
    for p in paths[: len(files)]:
        with contextlib.suppress(Exception):
            reports.append(api.convert(p))
    res = Result(path="", seconds=0.01)
    parts: list[tuple[str, Callable[[Report], object]]] = [
        ("to_dict(provenance=True)", lambda r: r.to_dict(provenance=True)),
        ("report_json (to_dict, dumps)", sql.report_json),
        ("meta_row + flat_values", lambda r: (meta_row(r, version), flat_values(r))),
        ("encode (report_json + rows)", lambda r: sql.encode(r, res, version)),
        ("stage (encode + SQLite image)", lambda r: sql.stage(r, res, version)),
    ]
    try:  # a tree with gxconvert.compactjson writes report_json by orjson where it is installed
        from gxconvert import compactjson
        by = "orjson" if compactjson.fast is not None else "json"
    except ImportError:
        by = "json"
    print(f"  the encoder's parts, ms a report ({len(reports)} reports; report_json by {by}):")
    for name, fn in parts:
        t = clock()
        for r in reports:
            fn(r)
        print(f"    {name:30s} {(clock() - t) / len(reports) / 1e6:7.3f}")

if __name__ == "__main__":
    main()
