#!/usr/bin/env python3
"""Speed of the docx reader on corpus/docx, against python-docx's ``row.cells``.

    python scripts/bench_docx.py [--repeat N]
    python scripts/bench_docx.py --ratio [--repeat ROUNDS] [--root TREE]
    python scripts/bench_docx.py --ab OLD_TREE [--repeat ROUNDS]
    python scripts/bench_docx.py --count [--before OLD_TREE] [--repeat ROUNDS]

``--ab TREE``: the reader alone of TREE (an older checkout) and of this
tree interleaved in one process, file by file (floor, then the two readers,
taking turns at going first; CPU time, medians of ``--repeat`` rounds): each reader's ratio to
the floor and the per-file time ratio new/old, steadier than two runs on a
loaded machine.  TREE's package is imported under another name (its
modules import each other relatively).

``--count``: instructions (valgrind's callgrind) the reader alone costs a
round of six reports (Word, WPS-style numbered, two CMS and a LibreOffice
export, an identity-corpus file), counted only inside the timed loop (the
imports and the warm-up read are not counted), for this tree and
``--before`` TREE; steadier than time on a shared machine.  Also the floor
(unzip + lxml parse of word/document.xml) counted the same way.

``--ratio``: every .docx of the corpus (every folder; files whose pictures
are read by OCR named and not timed), convert against the
floor -- unzip + lxml parse of word/document.xml -- interleaved in one
process: each round parses then reads then converts each file (text caches
emptied first, as for a file never seen), and per file the medians of the
rounds are compared (CPU time: steadier on a loaded machine).  Prints per
file floor ms, reader ms, convert ms and the ratios, then the median and
worst.  ``--root TREE`` measures the gxconvert found in TREE.

For every corpus .docx it prints milliseconds per report (best of N runs):

* ``raw parse``  — unzip + lxml parse of word/document.xml only (the floor);
* ``DocxReader`` — gxconvert's reader (zip checks, styles, numbering, body
  walk, table grids with spans);
* ``python-docx`` — ``docx.Document`` and a document-order walk that reads
  every table through ``table.rows`` / ``row.cells`` (what a straightforward
  python-docx reader does; it repeats merged cells and re-resolves merges for
  every row);
* ``convert``    — the whole pipeline (reader + matcher).

A last line does the same for a large synthetic document (the body of
000.docx repeated 40 times); then the peak-RSS growth of one read in a
fresh process.  Times are CPU-contention sensitive: the best of N runs is
printed.
"""

from __future__ import annotations

import argparse
import copy
import io
import sys
import time
import subprocess
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--root=")), str(ROOT)))
sys.path.insert(1, str(ROOT / "scripts"))

import docx  # noqa: E402
from docx.table import Table as PdTable  # noqa: E402
from docx.text.paragraph import Paragraph as PdParagraph  # noqa: E402
from lxml import etree  # noqa: E402

import gxconvert  # noqa: E402
from gxconvert.readers.base import ReadContext  # noqa: E402
from gxconvert.readers.docx import DocxReader  # noqa: E402

CORPUS = ROOT / "corpus" / "docx"


def raw_parse(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        etree.fromstring(z.read("word/document.xml"))


def gx_read(data: bytes) -> None:
    DocxReader().read(data, ReadContext())


def python_docx_walk(data: bytes) -> None:
    d = docx.Document(io.BytesIO(data))
    body = d.element.body
    out = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(PdParagraph(child, d).text)
        elif tag == "tbl":
            t = PdTable(child, d)
            out.append([[c.text for c in row.cells] for row in t.rows])


def gx_convert(data: bytes) -> None:
    gxconvert.convert(data)


def timed(fn, data: bytes, repeat: int) -> float:
    """Best of ``repeat`` runs in ms (the machine is shared: the minimum is
    the least disturbed figure); NaN if ``fn`` fails on this file."""
    try:
        fn(data)  # warm up
    except Exception:  # python-docx cannot walk some valid files
        return float("nan")
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(data)
        runs.append((time.perf_counter() - t) * 1000)
    return min(runs)


_RSS_PROBE = """
import sys
def hwm():  # peak RSS of this process in KiB (ru_maxrss would carry the parent's over exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
sys.path.insert(0, sys.argv[2])
from gxconvert.readers.docx import DocxReader
from gxconvert.readers.base import ReadContext
data = open(sys.argv[1], "rb").read()
before = hwm()
DocxReader().read(data, ReadContext())
print(hwm() - before)
"""


def rss_growth(data: bytes) -> int:
    """KiB the peak RSS of a fresh process grows by while reading ``data``
    (lxml's C-side tree included, which tracemalloc would not see)."""
    with tempfile.NamedTemporaryFile(suffix=".docx") as fh:
        fh.write(data)
        fh.flush()
        out = subprocess.run([sys.executable, "-c", _RSS_PROBE, fh.name, str(ROOT)],
                             capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def big_document(src: Path, times: int) -> bytes:
    d = docx.Document(str(src))
    body = d.element.body
    children = [c for c in body.iterchildren() if not c.tag.endswith("sectPr")]
    sect = body[-1]
    for _ in range(times - 1):
        for c in children:
            sect.addprevious(copy.deepcopy(c))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def ratio(rounds: int) -> None:
    import statistics

    from bench_pdf import cold_caches

    files = sorted(p for p in (ROOT / "corpus").rglob("*.docx"))
    datas = [p.read_bytes() for p in files]
    reader = DocxReader()
    ocr = set()
    for i, d in enumerate(datas):  # warm-up: imports, the forms' indexes
        if reader.read(d, ReadContext()).ocr_pages:
            ocr.add(i)
        gxconvert.convert(d)
    got: list[dict[str, list[float]]] = [{"f": [], "r": [], "c": []} for _ in files]
    cpu = time.process_time
    for _ in range(rounds):
        for i, (g, d) in enumerate(zip(got, datas, strict=True)):
            if i in ocr:
                continue
            c = cpu()
            raw_parse(d)
            g["f"].append(cpu() - c)
            c = cpu()
            reader.read(d, ReadContext())
            g["r"].append(cpu() - c)
            cold_caches(gxconvert)
            c = cpu()
            gxconvert.convert(d)
            g["c"].append(cpu() - c)
    print(f"{'file':40} {'KiB':>5} {'floor ms':>9} {'reader ms':>10} {'convert ms':>11} {'reader/floor':>13} "
          f"{'convert/floor':>14}")
    convs, reads = [], []
    for i, (p, d, g) in enumerate(zip(files, datas, got, strict=True)):
        if i in ocr:
            print(f"{p.relative_to(ROOT / 'corpus')!s:40} {len(d) / 1024:5.0f}  (pictures read by OCR: not timed)")
            continue
        m = {k: statistics.median(v) * 1000 for k, v in g.items()}
        rr, cr = m["r"] / m["f"], m["c"] / m["f"]
        convs.append(cr)
        reads.append(rr)
        print(f"{p.relative_to(ROOT / 'corpus')!s:40} {len(d) / 1024:5.0f} {m['f']:9.2f} {m['r']:10.2f} {m['c']:11.2f} "
              f"{rr:13.2f} {cr:14.2f}")
    print(f"{len(convs)} files, {rounds} rounds, CPU time: convert/floor median {statistics.median(convs):.2f}x, "
          f"worst {max(convs):.2f}x; the reader alone median {statistics.median(reads):.2f}x, worst {max(reads):.2f}x")


def _import_tree(tree: Path, name: str = "gxbefore"):  # type: ignore[no-untyped-def]
    """The gxconvert package of ``tree`` imported as ``name``."""
    import importlib.util

    init = tree / "gxconvert" / "__init__.py"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def ab(tree: Path, rounds: int) -> None:
    import importlib
    import statistics

    old = _import_tree(tree)
    old_reader = importlib.import_module(f"{old.__name__}.readers.docx").DocxReader()
    old_ctx = importlib.import_module(f"{old.__name__}.readers.base").ReadContext
    new_reader = DocxReader()
    files = sorted(p for p in (ROOT / "corpus").rglob("*.docx"))
    datas = [p.read_bytes() for p in files]
    keep = [i for i, d in enumerate(datas) if not new_reader.read(d, ReadContext()).ocr_pages]
    for i in keep:  # warm-up
        old_reader.read(datas[i], old_ctx())
        raw_parse(datas[i])
    got = {i: ([], [], []) for i in keep}
    cpu = time.process_time
    for r in range(rounds):
        for i in keep:
            f, a, b = got[i]
            d = datas[i]
            c = cpu()
            raw_parse(d)
            f.append(cpu() - c)
            # the two readers take turns at going first (the second finds the file's bytes and the
            # interpreter's caches warm from the first)
            for which in ((0, 1) if (r + i) % 2 else (1, 0)):
                c = cpu()
                if which:
                    new_reader.read(d, ReadContext())
                    b.append(cpu() - c)
                else:
                    old_reader.read(d, old_ctx())
                    a.append(cpu() - c)
    print(f"{'file':48} {'floor ms':>9} {'old ms':>8} {'new ms':>8} {'old/floor':>10} {'new/floor':>10} {'new/old':>8}")
    olds, news, rel = [], [], []
    for i in keep:
        mf, ma, mb = (statistics.median(v) * 1000 for v in got[i])
        olds.append(ma / mf)
        news.append(mb / mf)
        rel.append(mb / ma)
        print(f"{files[i].relative_to(ROOT / 'corpus')!s:48} {mf:9.2f} {ma:8.2f} {mb:8.2f} {ma / mf:10.2f} "
              f"{mb / mf:10.2f} {mb / ma:8.3f}")
    print(f"{len(keep)} files, {rounds} rounds, CPU time: the reader alone / floor median "
          f"{statistics.median(olds):.2f}x "
          f"({tree}) -> {statistics.median(news):.2f}x (this tree); worst {max(olds):.2f}x -> {max(news):.2f}x; "
          f"new/old time a file, median {statistics.median(rel):.3f}")


COUNT_FILES = ["docx/000.docx", "docx/001-numbered.docx", "site/000_word.docx", "site/001_libreoffice.docx",
               "site/001_cms.docx", "identity/years/001_niandu.docx"]

_COUNT_CHILD = """
import functools, io, sys, zipfile
sys.path.insert(0, sys.argv[1])
what, reps = sys.argv[2], int(sys.argv[3])
datas = [open(p, "rb").read() for p in sys.argv[4:]]
from lxml import etree
from gxconvert.readers.base import ReadContext
from gxconvert.readers.docx import DocxReader
reader = DocxReader()
def floor(d):
    with zipfile.ZipFile(io.BytesIO(d)) as z:
        etree.fromstring(z.read("word/document.xml"))
def one(d):
    if what == "floor":
        floor(d)
    else:
        reader.read(d, ReadContext())
for d in datas:
    one(d)
def rounds(acc, _):
    for d in datas:
        one(d)
functools.reduce(rounds, range(reps), None)  # (callgrind counts inside functools.reduce only)
"""


def count(tree: Path, what: str, reps: int) -> float:
    """Instructions a round of COUNT_FILES, ``what`` being 'reader' (of ``tree``) or 'floor'."""
    import re

    files = [str(ROOT / "corpus" / f) for f in COUNT_FILES]
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          "--toggle-collect=functools_reduce", sys.executable, "-c", _COUNT_CHILD, str(tree), what,
                          str(reps), *files], capture_output=True, text=True, check=True)
    m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"no callgrind count in: {out.stderr[-400:]}")
    return int(m.group(1)) / reps


def instruction_counts(before: Path | None, reps: int) -> None:
    floor = count(ROOT, "floor", reps)
    print(f"floor (unzip + parse of word/document.xml): {floor / 1e6:.1f} M instructions a round of "
          f"{len(COUNT_FILES)} files")
    for name, tree in ([("before", before)] if before else []) + [("now", ROOT)]:
        n = count(tree, "reader", reps)
        print(f"  {name:6} reader {n / 1e6:.1f} M = {n / floor:.2f}x the floor ({tree})")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--ratio", action="store_true")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--ab", type=Path, help="an older tree whose reader is timed against this one")
    ap.add_argument("--count", action="store_true", help="callgrind instruction counts (needs valgrind)")
    ap.add_argument("--before", type=Path, help="with --count: also count the reader of this tree")
    args = ap.parse_args()
    if args.count:
        instruction_counts(args.before, min(args.repeat, 3))
        return 0
    if args.ab:
        ab(args.ab, args.repeat)
        return 0
    if args.ratio:
        ratio(args.repeat)
        return 0
    files = sorted(CORPUS.glob("*.docx"))
    cols = [("raw parse", raw_parse), ("DocxReader", gx_read), ("python-docx", python_docx_walk),
            ("convert", gx_convert)]
    print(f"{'file':22} {'KiB':>5} " + " ".join(f"{name:>12}" for name, _ in cols) + "   python-docx/DocxReader")
    sums = {name: 0.0 for name, _ in cols}
    counts = {name: 0 for name, _ in cols}
    ratio_num = ratio_den = 0.0
    for f in files:
        data = f.read_bytes()
        ms = {name: timed(fn, data, args.repeat) for name, fn in cols}
        for k, v in ms.items():
            if v == v:  # not NaN
                sums[k] += v
                counts[k] += 1
        if ms["python-docx"] == ms["python-docx"]:
            ratio_num += ms["python-docx"]
            ratio_den += ms["DocxReader"]
        print(f"{f.name:22} {len(data) / 1024:5.0f} " + " ".join(f"{ms[n]:10.2f}ms" for n, _ in cols)
              + f"   {ms['python-docx'] / ms['DocxReader']:5.1f}x")
    print(f"{'mean per report':22} {'':5} " + " ".join(f"{sums[nm] / max(counts[nm], 1):10.2f}ms" for nm, _ in cols)
          + f"   {ratio_num / ratio_den:5.1f}x")
    print("(nan: python-docx raised on that file — row.cells fails on a table whose first row"
          " continues a vertical merge, e.g. a table split in two)")

    big = big_document(CORPUS / "000.docx", 40)
    ms = {name: timed(fn, big, max(3, args.repeat // 5)) for name, fn in cols[:3]}
    print(f"{'000 x40 (synthetic)':22} {len(big) / 1024:5.0f} " + " ".join(f"{ms[n]:10.2f}ms" for n, _ in cols[:3])
          + f" {'':>12}   {ms['python-docx'] / ms['DocxReader']:5.1f}x")

    for label, data in (("000.docx", (CORPUS / "000.docx").read_bytes()), ("000 x40", big)):
        print(f"peak RSS growth of one DocxReader read, {label}: {rss_growth(data) / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
