#!/usr/bin/env python3
"""Measure PDF conversion against the PDFium text floor, interleaved in one run.

    python scripts/bench_pdf.py                    # every corpus report PDF
    python scripts/bench_pdf.py a.pdf b.pdf -n 7
    python scripts/bench_pdf.py --root /tmp/old    # the gxconvert found in /tmp/old
    python scripts/bench_pdf.py --before /tmp/old  # before (/tmp/old) and after (this tree), same run
    python scripts/bench_pdf.py --pure             # also this tree with its C loops off (GXCONVERT_PURE=1)
    python scripts/bench_pdf.py --long             # also a 300-page PDF (time, peak RSS)
    python scripts/bench_pdf.py --bombs            # the resource bombs: time, peak RSS, message

The floor is what no PDF reader built on PDFium can beat: pypdfium2 opening
the file and extracting every page's text.  The floor runs in this process
and ``gxconvert.convert`` in a child process of its own (as a batch worker
runs it); for each round the floor and the conversion run one after the
other on the same file, so both see the same machine load, and per file
the medians of ``-n`` rounds are compared.  (Run in one process, each
pollutes the other's caches: ``--in-process`` measures that way, and a
conversion then costs about 15 % more.)  Prints per file: pages, floor ms,
convert ms, convert/floor and whether every page draws ruling (paths); then
for wall-clock and CPU time the median ratio, the worst ratio among
ruled-every-page files and the pages/s.

Every conversion starts with the text caches empty (``cold_caches``),
as for a file never seen before: a round that repeats a file must not be
served from the round before.  The forms' own derived indexes stay warm, as
in any process that has converted one report.

``--before DIR`` measures the gxconvert in DIR and this tree's in the same
run: each in a child process of its own, every file converted by the floor
(here), then by before, then by after, round after round.

``--long`` builds a 300-page PDF (289 pages of ruled prose, then a report's
pages, then prose) and converts it in a child process, printing its time
and the child's peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def floor(data: bytes) -> int:
    """Open with PDFium and extract every page's text; returns the page count."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        n = len(pdf)
        for i in range(n):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        return n
    finally:
        pdf.close()


def ruled_every_page(data: bytes) -> bool:
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            n = raw.FPDFPage_CountObjects(page)
            kinds = {raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, k)) for k in range(n)}
            page.close()
            if raw.FPDF_PAGEOBJ_PATH not in kinds and raw.FPDF_PAGEOBJ_FORM not in kinds:
                return False
        return True
    finally:
        pdf.close()


def cold_caches(gx: Any) -> None:
    """Empty the caches that may hold a document's texts (in ``values`` and
    ``normalize``; the traditional-character table stays)."""
    for mod_name in ("values", "normalize"):
        mod = importlib.import_module(f"{gx.__name__}.{mod_name}")
        for name in dir(mod):
            fn = getattr(mod, name)
            if callable(getattr(fn, "cache_clear", None)) and name not in ("_table", "_traditional"):
                fn.cache_clear()


_CONVERTER = """
import sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import gxconvert
from bench_pdf import cold_caches
try:
    from gxconvert.readers.pdf._pdfium import _NATIVE
    print("C loops" if _NATIVE is not None else "ctypes calls", flush=True)
except ImportError:  # a tree from before the C loops
    print("ctypes calls", flush=True)
for line in sys.stdin:
    path = line.rstrip("\\n")
    data = open(path, "rb").read()
    cold_caches(gxconvert)
    t, c = time.perf_counter(), time.process_time()
    try:
        gxconvert.convert(data, path=path)
    except gxconvert.ConversionError:
        pass
    print(time.perf_counter() - t, time.process_time() - c, flush=True)
"""


class ChildConverter:
    """``convert(data, path=...)`` timed in a child process running the
    gxconvert found in ``root``; returns the child's own measure."""

    def __init__(self, root: Path, pure: bool = False) -> None:
        self.root = root
        self.proc = subprocess.Popen([sys.executable, "-c", _CONVERTER, str(ROOT / "scripts"), str(root)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     env={**os.environ, "GXCONVERT_PURE": "1" if pure else "0"})
        assert self.proc.stdout
        self.calls = self.proc.stdout.readline().strip()  # how it calls PDFium: "C loops" or "ctypes calls"

    def timed(self, path: Path) -> tuple[float, float]:
        """(wall, CPU) seconds of one conversion."""
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        wall, cpu = self.proc.stdout.readline().split()
        return float(wall), float(cpu)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


def run_children(files: list[Path], rounds: int, roots: dict[str, Path], pure: tuple[str, ...] = ()) -> None:
    """The floor here and each gxconvert of ``roots`` in a child process of
    its own, every file converted by the floor, then by each child, round
    after round (the children named in ``pure`` with ``GXCONVERT_PURE=1``).
    Wall-clock and CPU time are both kept: on a shared machine the CPU time
    of each process is the steadier of the two."""
    blobs = [(f, f.read_bytes()) for f in files]
    pages = {f: floor(b) for f, b in blobs}
    ruled = {f: ruled_every_page(b) for f, b in blobs}
    kids = {name: ChildConverter(root, name in pure) for name, root in roots.items()}
    names = ("floor", *kids)
    wall: dict[str, dict[Path, list[float]]] = {k: {f: [] for f, _ in blobs} for k in names}
    cpu: dict[str, dict[Path, list[float]]] = {k: {f: [] for f, _ in blobs} for k in names}
    try:
        for f, _ in blobs:  # warm-up: imports, font caches
            for kid in kids.values():
                kid.timed(f)
        for _ in range(rounds):
            for f, b in blobs:
                t, c = time.perf_counter(), time.process_time()
                floor(b)
                wall["floor"][f].append(time.perf_counter() - t)
                cpu["floor"][f].append(time.process_time() - c)
                for name, kid in kids.items():
                    w, c = kid.timed(f)
                    wall[name][f].append(w)
                    cpu[name][f].append(c)
    finally:
        for kid in kids.values():
            kid.close()
    for name, root in roots.items():
        print(f"{name}: gxconvert from {root} ({kids[name].calls} into PDFium)")
    head = "".join(f" {n[:9]:>9s}" for n in kids) + "".join(f" {n[:7]:>7s}" for n in kids)
    print(f"{'file':48s} {'pages':>5s} {'floor':>8s}{head} ruled   (wall ms, then convert/floor)")
    for f, _ in blobs:
        fl = _median_ms(wall["floor"][f])
        ms = "".join(f" {_median_ms(wall[n][f]):9.1f}" for n in kids)
        rs = "".join(f" {_median_ms(wall[n][f]) / fl:6.2f}x" for n in kids)
        name = f"{f.parent.name}/{f.name}"
        print(f"{name[-48:]:48s} {pages[f]:5d} {fl:8.1f}{ms}{rs} {'yes' if ruled[f] else 'no'}")
    total_pages = sum(pages.values())
    for label, times in (("wall", wall), ("CPU", cpu)):
        for name in names:
            total = sum(statistics.median(v) for v in times[name].values())
            if name == "floor":
                print(f"{label:4s} {name:6s}: {total_pages / total:.1f} pages/s over {len(blobs)} PDFs")
                continue
            ratios = {f: statistics.median(times[name][f]) / statistics.median(times["floor"][f]) for f, _ in blobs}
            worst = max((r for f, r in ratios.items() if ruled[f]), default=float("nan"))
            print(f"{label:4s} {name:6s}: median convert/floor {statistics.median(ratios.values()):.2f}x, "
                  f"worst on ruled-every-page PDFs {worst:.2f}x ({sum(ruled.values())} files), "
                  f"{total_pages / total:.1f} pages/s over {len(blobs)} PDFs")


def corpus_pdfs() -> list[Path]:
    return sorted(p for d in sorted(ROOT.glob("corpus/pdf*")) if d.is_dir() for p in d.glob("[0-9]*.pdf"))


def _median_ms(xs: list[float]) -> float:
    return 1000 * statistics.median(xs)


def run_batch(files: list[Path], rounds: int, convert: Any, errors: tuple[type[BaseException], ...]) -> None:
    blobs = [(f, f.read_bytes()) for f in files]
    pages = {f: floor(b) for f, b in blobs}
    ruled = {f: ruled_every_page(b) for f, b in blobs}
    t_floor: dict[Path, list[float]] = {f: [] for f, _ in blobs}
    t_conv: dict[Path, list[float]] = {f: [] for f, _ in blobs}
    failed: dict[Path, str] = {}
    for f, b in blobs:  # warm-up: imports, font caches
        try:
            convert(b, path=f.name)
        except errors as exc:
            failed[f] = type(exc).__name__
    gx = sys.modules[convert.__module__.split(".")[0]]
    for _ in range(rounds):
        for f, b in blobs:
            t = time.perf_counter()
            floor(b)
            t_floor[f].append(time.perf_counter() - t)
            cold_caches(gx)
            t = time.perf_counter()
            with contextlib.suppress(*errors):
                convert(b, path=f.name)
            t_conv[f].append(time.perf_counter() - t)
    print(f"{'file':44s} {'pages':>5s} {'floor ms':>9s} {'conv ms':>9s} {'ratio':>6s} {'pages/s':>8s} ruled")
    ratios = []
    for f, _ in blobs:
        fl, cv = _median_ms(t_floor[f]), _median_ms(t_conv[f])
        ratio = cv / fl
        ratios.append((ratio, ruled[f]))
        name = f"{f.parent.name}/{f.name}"
        note = f"  ({failed[f]})" if f in failed else ""
        print(f"{name[-44:]:44s} {pages[f]:5d} {fl:9.1f} {cv:9.1f} {ratio:6.2f} "
              f"{1000 * pages[f] / cv:8.1f} {'yes' if ruled[f] else 'no'}{note}")
    total_pages = sum(pages.values())
    conv_total = sum(statistics.median(v) for v in t_conv.values())
    floor_total = sum(statistics.median(v) for v in t_floor.values())
    ruled_ratios = [r for r, is_ruled in ratios if is_ruled]
    print(f"median convert/floor {statistics.median(r for r, _ in ratios):.2f}x over {len(ratios)} PDFs; "
          f"worst on ruled-every-page PDFs {max(ruled_ratios, default=float('nan')):.2f}x "
          f"({len(ruled_ratios)} files); batch {total_pages / conv_total:.1f} pages/s "
          f"(floor {total_pages / floor_total:.1f} pages/s)")


# --------------------------------------------------------------------------
# a 300-page PDF with the report near the end
# --------------------------------------------------------------------------


def _filler_pdf(n_pages: int) -> bytes:
    """Prose pages, each with a ruled box (so every page draws paths)."""
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    catalog, pages_id = add(b""), add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for p in range(n_pages):
        ops = [b"0.5 w 60 60 492 680 re S 60 700 m 552 700 l S"]
        for i in range(40):
            ops.append(b"BT /F1 11 Tf 72 %d Td (Filler page %d line %d: some running prose that is no report.) Tj ET"
                       % (720 - 16 * i, p + 1, i + 1))
        content = b"\n".join(ops)
        c = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, c, font)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, b in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + b + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    return bytes(out)


def long_pdf(report: Path, total: int = 300, at: int = 290) -> bytes:
    import io

    import pypdfium2 as pdfium

    rep = pdfium.PdfDocument(report.read_bytes())
    n_rep = len(rep)
    filler = pdfium.PdfDocument(_filler_pdf(total - n_rep))
    out = pdfium.PdfDocument.new()
    out.import_pages(filler, list(range(at - 1)))
    out.import_pages(rep)
    out.import_pages(filler, list(range(at - 1, total - n_rep)))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


_CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
import gxconvert
t = time.perf_counter()
r = gxconvert.convert(sys.argv[2])
dt = time.perf_counter() - t
nv = sum(1 for v in __import__('json').dumps(r.to_dict()["tables"]).split(",") if "null" not in v)
print(f"{dt:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {nv}")
"""


def run_long(root: Path) -> None:
    report = ROOT / "corpus" / "pdf" / "000_ruled_split.pdf"
    data = long_pdf(report)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "long300.pdf"
        p.write_bytes(data)
        t = time.perf_counter()
        floor(data)
        fl = time.perf_counter() - t
        res = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(p)], capture_output=True, text=True,
                             check=False)
        if res.returncode:
            print(f"300-page PDF: convert failed: {res.stderr.strip().splitlines()[-1:]}")
            return
        dt, rss, _ = res.stdout.split()
        print(f"300-page PDF (report on pp. 290-294, {len(data) / 1e6:.1f} MB): convert {float(dt):.2f} s "
              f"({300 / float(dt):.0f} pages/s), floor {fl:.2f} s, ratio {float(dt) / fl:.2f}x, "
              f"child peak RSS {rss} MB")


_BOMB_CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
import gxconvert
data = open(sys.argv[2], 'rb').read()
t = time.perf_counter()
try:
    gxconvert.convert(data, path=sys.argv[3])
    msg = 'converted'
except gxconvert.ConversionError as exc:
    msg = str(exc)
print(f"{time.perf_counter() - t:.2f}|{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}|{msg}")
"""


def run_bombs(root: Path) -> None:
    """Each bomb of tests/test_pdf_hostile.py converted in a child process."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_pdf_hostile import bombs

    with tempfile.TemporaryDirectory() as tmp:
        for name, data in bombs().items():
            p = Path(tmp) / f"{name}.pdf"
            p.write_bytes(data)
            res = subprocess.run([sys.executable, "-c", _BOMB_CHILD, str(root), str(p), p.name],
                                 capture_output=True, text=True, check=False)
            if res.returncode:
                print(f"{name:22s} {len(data) / 1e6:6.2f} MB  child died ({res.returncode}): "
                      f"{res.stderr.strip().splitlines()[-1:]}")
                continue
            dt, rss, msg = res.stdout.strip().split("|", 2)
            print(f"{name:22s} {len(data) / 1e6:6.2f} MB  {float(dt):5.2f} s  peak RSS {rss:>4s} MB  {msg}")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("-n", type=int, default=5, help="rounds (medians are compared)")
    ap.add_argument("--root", type=Path, default=ROOT, help="directory holding the gxconvert package to measure")
    ap.add_argument("--before", type=Path, help="directory of the gxconvert to compare with, in the same run")
    ap.add_argument("--in-process", action="store_true",
                    help="convert in this process, between the floor's runs (the older measure)")
    ap.add_argument("--long", action="store_true", help="also convert a 300-page PDF in a child process")
    ap.add_argument("--bombs", action="store_true", help="only the resource bombs: time and peak RSS of each")
    ap.add_argument("--pure", action="store_true",
                    help="also this tree with its C loops turned off (GXCONVERT_PURE=1), in the same run")
    args = ap.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    gx = importlib.import_module("gxconvert")
    errors = importlib.import_module("gxconvert.errors")
    print(f"gxconvert from {Path(gx.__file__).parent.parent}; pid {os.getpid()}")
    if args.bombs:
        run_bombs(args.root.resolve())
        return 0
    files = args.files or corpus_pdfs()
    if not files:
        print("no PDFs to measure", file=sys.stderr)
        return 2
    if args.in_process:
        run_batch(files, args.n, gx.convert, (errors.ConversionError,))
    else:
        roots = {"before": args.before.resolve()} if args.before else {}
        roots["after" if args.before else "convert"] = args.root.resolve()
        if args.pure:
            roots["pure"] = args.root.resolve()
        run_children(files, args.n, roots, ("pure",))
    if args.long:
        run_long(args.root.resolve())
    print(f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
