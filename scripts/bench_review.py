#!/usr/bin/env python3
"""Benchmark the review pages: ms per report page, and a dataset's index and
pages, each beside a floor measured in the same run.

    python scripts/bench_review.py [-n REPORTS]

* page: ``render_report`` of each seed, against ``report.to_json(provenance=True)``
  of the same report (the floor: serialising what the page shows);
* index: ``render_index`` of a dataset of N reports (the seeds repeated), against
  reading every row's columns with ``SELECT`` (the floor);
* pages: ``write_dataset`` (index + N pages), against rebuilding the N reports
  from their JSON (the floor), and the peak memory of doing it.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_review import write_dataset_db  # type: ignore[import-not-found]  # the batch sink's schema
from timing import median_ms

import gxconvert
from gxconvert.review import render_index, render_report, write_dataset


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--reports", type=int, default=1000, help="reports in the synthetic dataset")
    args = ap.parse_args()
    seeds = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
    reports = [gxconvert.convert(p) for p in seeds]

    print(f"{'page':36} {'render ms':>10} {'to_json ms':>11} {'ratio':>6} {'KiB':>6}")
    for path, r in zip(seeds, reports):
        page = median_ms(partial(render_report, r), 20)
        floor = median_ms(partial(r.to_json, provenance=True), 20)
        size = len(render_report(r).encode()) / 1024
        print(f"{path.name:36} {page:10.2f} {floor:11.2f} {page / floor:6.1f} {size:6.0f}")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ds.sqlite"
        many = []
        for i in range(args.reports):
            r = copy.deepcopy(reports[i % len(reports)])
            r.source.path = f"synthetic/{i:06d}.txt"
            many.append(r)
        write_dataset_db(db, many, [])
        del many

        def scan() -> None:
            with sqlite3.connect(db) as con:
                con.execute("SELECT id, path, agency, year, template, title, published, n_failed_checks, "
                            "n_warnings FROM reports").fetchall()

        def rebuild() -> None:
            with sqlite3.connect(db) as con:
                for (text,) in con.execute("SELECT report_json FROM reports"):
                    gxconvert.Report.from_json(text)

        index, floor = median_ms(lambda: render_index(db), 3), median_ms(scan, 3)
        print(f"\nindex of {args.reports} reports: {index:.0f} ms (row scan {floor:.1f} ms, ratio {index / floor:.0f})")
        out = Path(tmp) / "site" / "index.html"
        out.parent.mkdir()
        t = time.perf_counter()
        write_dataset(db, out)
        pages = time.perf_counter() - t
        floor_s = median_ms(rebuild, 1) / 1000
        print(f"index + {args.reports} pages written: {pages:.1f} s ({pages / args.reports * 1000:.1f} ms a page; "
              f"rebuilding the reports from JSON alone {floor_s:.1f} s, ratio {pages / floor_s:.1f})")
        for n in (args.reports // 10, args.reports):  # pages are written one at a time: peak memory stays flat
            small = Path(tmp) / f"n{n}.sqlite"
            with sqlite3.connect(db) as src, sqlite3.connect(small) as dst:
                src.backup(dst)
                dst.execute("DELETE FROM reports WHERE id > ?", (n,))
            tracemalloc.start()
            write_dataset(small, Path(tmp) / f"n{n}" / "index.html")
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            print(f"peak traced memory writing {n} pages: {peak:.1f} MiB")


if __name__ == "__main__":
    main()
