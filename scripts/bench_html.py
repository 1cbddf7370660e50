#!/usr/bin/env python3
"""Benchmark the HTML reader on corpus/html: ms per page for each stage.

    python scripts/bench_html.py [-n REPEAT] [pages...]
    python scripts/bench_html.py --ratio [-n ROUNDS] [--root TREE]

``--ratio``: every HTML file of the corpus (every folder), convert against
the floor -- lxml.html parsing the same bytes -- interleaved in one process:
each round parses then converts each file (text caches emptied first, as
for a file never seen), and per file the medians of the rounds are compared.
The floor reads the bytes as a browser does: a page that declares a GB2312
or GBK label is parsed as GB18030 (the WHATWG reads those labels with its
GBK decoder); given the label itself libxml2 stops at the first character
outside GB2312 and drops the rest of the page, a floor that parses half a
page (``html/003_cms_gbk.html``: a fifth of its parse time).
Prints per file floor ms, convert ms and convert/floor (wall time; CPU
time, steadier on a loaded machine; and the reader alone in CPU time),
then the median and worst ratios.  Pages whose pictures are read by OCR
(``corpus/html_img``) are named and not timed: OCR takes seconds, which no
parser floor compares with.  ``--root TREE`` measures the
gxconvert found in TREE.

Columns: decode (bytes -> str), lxml.html parse, BeautifulSoup tree building
with the lxml parser and with html.parser (the reader's fallback), the whole
HtmlReader.read, and gxconvert.convert (reader + matcher).  Also a hostile
case: 30 000 nested <div> (over libxml2's 2048-level limit, so the reader
falls back to html.parser) and peak memory of one read of the largest page.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--root=")), str(ROOT)))

import lxml.html  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from timing import median_ms  # noqa: E402

import gxconvert  # noqa: E402
from gxconvert.readers.encoding import decode  # noqa: E402
from gxconvert.readers.html import HtmlReader  # noqa: E402
from gxconvert.readers.base import ReadContext  # noqa: E402


# WHATWG labels of its GBK decoder (GB18030 reads what they declare); the charset
# a page declares, looked for in its first bytes as a browser's prescan does
_GBK_LABELS = frozenset(("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                         "iso-ir-58", "x-gbk"))
_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def floor_parser(data: bytes) -> lxml.html.HTMLParser | None:
    """The parser of the floor: lxml.html's own, or one reading GB18030 for a
    page that declares a GB2312/GBK label."""
    m = _CHARSET.search(data[:1024])
    if m and m.group(1).decode("ascii").lower() in _GBK_LABELS:
        return lxml.html.HTMLParser(encoding="gb18030")
    return None


def ratio(rounds: int) -> None:
    from bench_pdf import cold_caches

    pages = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix.lower() in (".html", ".htm"))
    datas = [p.read_bytes() for p in pages]
    parsers = [floor_parser(d) for d in datas]
    # per page: floor and convert, wall and CPU seconds of each round
    got: list[dict[str, list[float]]] = [{"fw": [], "fc": [], "cw": [], "cc": [], "rc": []} for _ in pages]
    reader = HtmlReader()
    ocr = set()
    for i, d in enumerate(datas):  # warm-up: imports, the forms' indexes
        if reader.read(d, ReadContext()).ocr_pages:
            ocr.add(i)
        gxconvert.convert(d)
    clock, cpu = time.perf_counter, time.process_time
    for _ in range(rounds):
        for i, (g, d, fp) in enumerate(zip(got, datas, parsers, strict=True)):
            if i in ocr:
                continue
            t, c = clock(), cpu()
            lxml.html.document_fromstring(d, parser=fp)
            g["fw"].append(clock() - t)
            g["fc"].append(cpu() - c)
            c = cpu()
            reader.read(d, ReadContext())
            g["rc"].append(cpu() - c)
            cold_caches(gxconvert)
            t, c = clock(), cpu()
            gxconvert.convert(d)
            g["cw"].append(clock() - t)
            g["cc"].append(cpu() - c)
    print(f"{'file':45} {'KB':>5} {'floor ms':>9} {'convert ms':>11} {'ratio':>6} {'CPU ratio':>10} "
          f"{'reader CPU ratio':>17}")
    walls, cpus, reads = [], [], []
    for i, (p, d, g) in enumerate(zip(pages, datas, got, strict=True)):
        if i in ocr:
            print(f"{p.relative_to(ROOT / 'corpus')!s:45} {len(d) / 1024:5.0f}  (pictures read by OCR: not timed)")
            continue
        m = {k: statistics.median(v) * 1000 for k, v in g.items()}
        row = (m["cw"] / m["fw"], m["cc"] / m["fc"] if m["fc"] else float("nan"),
               m["rc"] / m["fc"] if m["fc"] else float("nan"))
        walls.append(row[0])
        cpus.append(row[1])
        reads.append(row[2])
        print(f"{p.relative_to(ROOT / 'corpus')!s:45} {len(d) / 1024:5.0f} {m['fw']:9.2f} {m['cw']:11.2f} "
              f"{row[0]:6.1f} {row[1]:10.1f} {row[2]:17.1f}")
    print(f"{len(walls)} files, {rounds} rounds: convert/floor median {statistics.median(walls):.1f}x, "
          f"worst {max(walls):.1f}x, best {min(walls):.1f}x; in CPU time median {statistics.median(cpus):.1f}x, "
          f"worst {max(cpus):.1f}x; the reader alone in CPU time median {statistics.median(reads):.1f}x, "
          f"worst {max(reads):.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--repeat", type=int, default=5)
    ap.add_argument("--ratio", action="store_true")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("pages", nargs="*")
    args = ap.parse_args()
    if args.ratio:
        ratio(args.repeat)
        return
    pages = [Path(p) for p in args.pages] or sorted((ROOT / "corpus" / "html").glob("*.html"))
    reader = HtmlReader()
    head = f"{'page':32} {'KB':>6} {'decode':>7} {'lxml':>7} {'bs4+lxml':>9} {'bs4+html.parser':>16} {'read':>7} {'convert':>8}"
    print(head)
    print("-" * len(head))
    tot = {"decode": [], "lxml": [], "bs4l": [], "bs4h": [], "read": [], "convert": []}
    for p in pages:
        data = p.read_bytes()
        text = decode(data, html=True).text
        row = {
            "decode": median_ms(lambda: decode(data, html=True), args.repeat),
            "lxml": median_ms(lambda: lxml.html.document_fromstring(text), args.repeat),
            "bs4l": median_ms(lambda: BeautifulSoup(text, "lxml"), args.repeat),
            "bs4h": median_ms(lambda: BeautifulSoup(text, "html.parser"), args.repeat),
            "read": median_ms(lambda: reader.read(data, ReadContext(path=str(p))), args.repeat),
            "convert": median_ms(lambda: gxconvert.convert(data), args.repeat),
        }
        for k, v in row.items():
            tot[k].append(v)
        print(f"{p.name:32} {len(data) / 1024:6.0f} {row['decode']:7.2f} {row['lxml']:7.2f} {row['bs4l']:9.2f} "
              f"{row['bs4h']:16.2f} {row['read']:7.2f} {row['convert']:8.2f}")
    print("-" * len(head))
    mean = {k: statistics.mean(v) for k, v in tot.items()}
    print(f"{'mean ms/page':32} {'':6} {mean['decode']:7.2f} {mean['lxml']:7.2f} {mean['bs4l']:9.2f} "
          f"{mean['bs4h']:16.2f} {mean['read']:7.2f} {mean['convert']:8.2f}")
    print(f"BeautifulSoup(lxml) / lxml.html tree building: {mean['bs4l'] / mean['lxml']:.1f}x; "
          f"BeautifulSoup(html.parser) / lxml.html: {mean['bs4h'] / mean['lxml']:.1f}x")

    n = 30_000
    deep = ("<html><body>" + "<div>" * n + "<p>x</p>" + "</div>" * n + "<p>y</p></body></html>").encode()
    print(f"hostile: {n} nested <div> ({len(deep) / 1024:.0f} KB): read {median_ms(lambda: reader.read(deep, ReadContext()), 1):.0f} ms "
          "(html.parser fallback)")
    biggest = max(pages, key=lambda p: p.stat().st_size)
    data = biggest.read_bytes()
    tracemalloc.start()
    reader.read(data, ReadContext())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory reading {biggest.name} ({len(data) / 1024:.0f} KB): {peak / 1048576:.1f} MB "
          "(libxml2's own allocations not counted)")


if __name__ == "__main__":
    main()
