#!/usr/bin/env python3
"""Instructions (callgrind) of the steps of a conversion besides the reader
and the table matcher, per report: steady where timings on a shared machine
are not.

    python scripts/count_steps.py [--before DIR] [-k 5] [--steps identity,checks,...] FILE ...

Each tree's gxconvert reads every file and converts it once (warm-up: the
forms, the division table and the checks' code loaded), then runs one step
``-k`` times per file; the instructions of that run less those of a run of
the same rounds doing nothing but emptying the text caches (as for a file
never seen, ``bench_pdf.cold_caches``), over ``k``, are the step's for one
file.  Steps:

* ``identity``  ``build_meta`` (title, agency, year, published, publisher, key, region)
* ``template``  ``detect_template`` + ``check_against_form``
* ``sections``  ``build_sections``
* ``checks``    ``run_checks``
* ``to_dict``   ``Report.to_dict(provenance=True)`` (what a dataset stores)
* ``to_json``   ``Report.to_json()`` (indented: ``convert FILE``'s output)
* ``to_json_p`` ``Report.to_json(provenance=True)`` (a folder of JSON files with provenance)

Figures, not assertions.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("identity", "template", "sections", "checks", "to_dict", "to_json", "to_json_p")

_CHILD = """
import gc, hashlib, sys
gc.disable()
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import gxconvert
from bench_pdf import cold_caches
from gxconvert.checks import run_checks
from gxconvert.matcher import build_events, match
from gxconvert.matcher.identity import check_against_form
from gxconvert.matcher.meta import build_meta, detect_template
from gxconvert.matcher.sections import build_sections
from gxconvert.model import Source
from gxconvert.readers import read_document, sniff
from gxconvert.templates import get
k, step = int(sys.argv[3]), sys.argv[4]
runs = []
for p in sys.argv[5:]:
    data = open(p, "rb").read()
    fmt = sniff(data, p)
    doc = read_document(data, p, fmt)
    r = match(doc, Source(path=p, format=fmt, sha256=hashlib.sha256(data).hexdigest()))
    r.to_json(provenance=True)
    ev = build_events(doc)
    form = get(r.meta.template)
    def template(ev=ev, r=r, form=form):
        m = type(r.meta)(**{f: getattr(r.meta, f) for f in r.meta.__slots__})
        detect_template(ev, m.year)
        check_against_form(m, form, dict(r.meta_provenance))
    runs.append({"identity": lambda doc=doc, ev=ev: build_meta(doc, ev), "template": template,
                 "sections": lambda ev=ev: build_sections(ev),
                 "checks": lambda form=form, r=r: run_checks(form, r.values),
                 "to_dict": lambda r=r: r.to_dict(provenance=True), "to_json": lambda r=r: r.to_json(),
                 "to_json_p": lambda r=r: r.to_json(provenance=True), "none": lambda: None})
for _ in range(k):
    for run in runs:
        cold_caches(gxconvert)
        run[step]()
"""


def instructions(tree: str, k: int, step: str, files: list[str]) -> int:
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c",
                          _CHILD, tree, str(ROOT / "scripts"), str(k), step, *files],
                         capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"}).stderr
    m = re.search(r"Collected\s*:\s*(\d+)", out)
    if m is None:
        raise SystemExit(f"no instruction count from callgrind:\n{out[-2000:]}")
    return int(m.group(1))


def per_file(tree: str, k: int, files: list[str], steps: list[str]) -> dict[str, float]:
    instructions(tree, 0, "none", files)  # (a tree's first run may write its bytecode and caches: not counted)
    base = instructions(tree, k, "none", files)
    return {s: (instructions(tree, k, s, files) - base) / k / len(files) for s in steps}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--before", help="another tree, counted the same way")
    ap.add_argument("-k", type=int, default=5, help="rounds of each step counted")
    ap.add_argument("--steps", default=",".join(STEPS), help="the steps counted, by name, comma-separated")
    args = ap.parse_args()
    steps = [s for s in args.steps.split(",") if s in STEPS]
    files = [str(Path(f).resolve()) for f in args.files]
    trees = ([("before", args.before)] if args.before else []) + [("this tree", str(ROOT))]
    for f in files:
        print(f"{Path(f).name}: thousands of instructions a run of each step")
        got = {name: per_file(tree, args.k, [f], steps) for name, tree in trees}
        print(f"  {'':10}" + "".join(f"{s:>11}" for s in steps))
        for name, counts in got.items():
            print(f"  {name:10}" + "".join(f"{counts[s] / 1e3:11.0f}" for s in steps), flush=True)


if __name__ == "__main__":
    main()
