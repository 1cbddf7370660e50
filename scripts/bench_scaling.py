#!/usr/bin/env python3
"""Time of each conversion stage against the size of the input: 1, 4, 16 MB.

    python scripts/bench_scaling.py [--sizes 1 4 16] [--kinds html text oneline]

Inputs are made here: seed 000 with its part 一 padded by narrative
paragraphs (copies of the report's own sentences, numbered so none repeats)
up to the size, as

* ``html``: an HTML page, one ``<p>`` per paragraph;
* ``text``: a text dump, one line per paragraph;
* ``oneline``: the whole page on ONE line (a web-archive dump: the matcher
  finds the part headings inside it and cuts it at full stops);
* ``table``: a junk table of labelled numeric rows (tab-separated) before
  the report, one logical row per line for the matcher to weigh.

For each input it prints the seconds of each stage — the reader, building
the matcher's events, metadata, tables, sections — and the whole
``convert``, then each figure as a ratio to the 1 MB input of the same kind:
linear work gives ~4 and ~16 (quadratic: ~16 and ~256).  Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gxconvert
from gxconvert.matcher.events import build_events
from gxconvert.matcher.meta import build_meta, detect_template
from gxconvert.matcher.sections import build_sections
from gxconvert.matcher.tables import match_tables
from gxconvert.model import Document
from gxconvert.readers import read_document

SEED = ROOT / "corpus" / "seeds" / "000_c618104cc4de48fa.txt"
MB = 1024 * 1024


def _padding(target: int, lines: list[str]) -> list[str]:
    sentences = [ln for ln in lines if len(ln) > 60 and "。" in ln][:10]
    out: list[str] = []
    size = 0
    k = 0
    while size < target:
        s = f"（{k}）{sentences[k % len(sentences)]}"
        out.append(s)
        size += len(s.encode("utf-8")) + 1
        k += 1
    return out


def make_input(kind: str, mb: int) -> bytes:
    lines = SEED.read_text("utf-8").split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.strip() == "一、总体情况")
    base = len("\n".join(lines).encode("utf-8"))
    pad = _padding(mb * MB - base, lines)
    if kind == "text":
        return "\n".join(lines[: i + 1] + pad + lines[i + 1:]).encode("utf-8")
    if kind == "table":  # a junk table of labelled numeric rows before the report
        rows: list[str] = []
        size = 0
        k = 0
        while size < mb * MB - base:
            row = f"项目{k}号统计\t{k % 97}\t{k % 13}\t{k % 7}"
            rows.append(row)
            size += len(row.encode("utf-8")) + 1
            k += 1
        return "\n".join(rows + [""] + lines).encode("utf-8")
    if kind == "oneline":
        return " ".join(ln.replace("\t", " ") for ln in lines[: i + 1] + pad + lines[i + 1:] if ln.strip()).encode()
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in lines[: i + 1] + pad + lines[i + 1:] if p.strip())
    return f"<html><head><meta charset='utf-8'><title>t</title></head><body>{body}</body></html>".encode()


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def stages(data: bytes, fmt: str) -> dict[str, float]:
    out: dict[str, float] = {}
    out["read"], doc = _timed(lambda: read_document(data, None, fmt))
    assert isinstance(doc, Document)
    out["events"], ev = _timed(lambda: build_events(doc))
    out["meta"], (meta, _, _) = _timed(lambda: build_meta(doc, ev))
    template, _ = detect_template(ev, meta.year)
    out["tables"], _ = _timed(lambda: match_tables(ev.items, template, ev.tables))
    out["sections"], _ = _timed(lambda: build_sections(ev))
    out["convert"], _ = _timed(lambda: gxconvert.convert(data, reader=fmt))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[1, 4, 16])
    ap.add_argument("--kinds", nargs="*", default=["html", "text", "oneline", "table"])
    args = ap.parse_args()
    names = ["read", "events", "meta", "tables", "sections", "convert"]
    print(f"{'input':14} {'MB':>5} " + " ".join(f"{n:>9}" for n in names) + "   (seconds; ratio to the smallest size)")
    for kind in args.kinds:
        fmt = "html" if kind == "html" else "text"
        floor: dict[str, float] = {}
        for mb in args.sizes:
            data = make_input(kind, mb)
            t = stages(data, fmt)
            if not floor:
                floor = t
            cells = " ".join(f"{t[n]:9.3f}" for n in names)
            ratios = " ".join(f"{t[n] / max(floor[n], 1e-4):9.1f}" for n in names)
            print(f"{kind:14} {len(data) / MB:5.1f} {cells}")
            print(f"{'  ratio':14} {'':5} {ratios}")


if __name__ == "__main__":
    main()
