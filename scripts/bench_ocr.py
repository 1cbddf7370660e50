"""OCR figures: accuracy per degradation class, the confidence threshold's
evidence, pages/s on one core at 150/200/300 dpi, and a worker's peak RSS.

    python scripts/bench_ocr.py              # everything (scan, screenshot, html_img: ~12 min of CPU)
    python scripts/bench_ocr.py --jobs 2     # two files at a time (each child still one core)
    python scripts/bench_ocr.py --speed      # pages/s and RSS only

Every file of corpus/scan, corpus/screenshot and corpus/html_img is converted
in its own child process (one onnxruntime thread: one core) and compared with
its golden (the seed twin's, with the source's own overrides, as
tests/test_corpus.py builds it).  Each golden value is *right* (the same
number, or null where the document is blank), *null-warned* (null, a warning
names it), *wrong-warned* (another number, a warning names it: the
arithmetic's ``suggested``), *wrong-silent* or *null-silent* (nobody warned
of it: both must be 0).  A warning names a value when its ``where`` is the
value's path, its row or an enclosing group, or its message holds the path.
Needs pdftoppm (poppler-utils) for the speed pages.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CHILD = r"""
import json, sys, time, resource
sys.path.insert(0, sys.argv[1])
import gxconvert
t = time.perf_counter()
c = time.process_time()
try:
    r = gxconvert.convert(sys.argv[2]).to_dict(provenance=True)
except gxconvert.ConversionError as exc:
    r = {"error": str(exc)}
r["seconds"] = time.perf_counter() - t
r["cpu"] = time.process_time() - c
r["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(r, ensure_ascii=False))
"""


def flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        p = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(flatten(v, p))
        else:
            out[p] = v
    return out


def merged(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def golden(path: Path) -> dict:
    (twin,) = (CORPUS / "seeds").glob(path.name[:3] + "_*.expected.json")
    g = json.loads(twin.read_text("utf-8"))
    own = path.with_name(path.name.split(".")[0] + ".expected.json")
    return merged(g, json.loads(own.read_text("utf-8"))) if own.exists() else g


def convert(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(path)], capture_output=True, text=True)
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["crashed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def klass(path: Path) -> str:
    if path.parent.name == "screenshot":
        return "screenshot"
    if path.parent.name == "html_img":
        return "docx picture" if path.suffix == ".docx" else "html <img>"
    return path.stem.rsplit("_", 1)[-1] + (" TIFF" if path.suffix == ".tif" else "")


def named(path: str, warnings: list[dict]) -> bool:
    """A warning names the value (the rule of tests/test_no_silent_null.py)."""
    row = path.rsplit(".", 1)[0]
    table = path.split(".", 1)[0]
    for w in warnings:
        where, msg = w["where"], w["message"]
        if where in (path, row) or path in msg or f"{row}:" in msg or f"{row} " in msg:
            return True
        if where.count(".") >= 1 and path.startswith(where + "."):
            return True
        if where == table and (w["code"] == "table_not_found" or table == "review_litigation"):
            return True
    return False


KINDS = ("right", "null-warned", "wrong-warned", "wrong-silent", "null-silent")


def judge(got: object, want: object, path: str, warnings: list[dict]) -> str:
    if (got is None and want is None) or (got is not None and want is not None and abs(got - want) < 1e-9):
        return "right"
    warned = named(path, warnings)
    if got is None:
        return "null-warned" if warned else "null-silent"
    return "wrong-warned" if warned else "wrong-silent"


def accuracy(files: list[Path], jobs: int) -> None:
    print(f"{'file':34} {'class':12} {'pages':>5} {'CPU s':>6} {'RSS MB':>7} " + " ".join(f"{k:>12}" for k in KINDS)
          + "  meta sections")
    by_class: dict[str, dict[str, int]] = {}
    evidence: list[tuple[float, bool]] = []  # (confidence, the raw digits are right) per numeric OCR cell
    peak = 0.0
    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
        results = list(pool.map(convert, files))
    for path, r in zip(files, results, strict=True):
        if "error" in r:
            print(f"{path.name:34} ERROR {r['error']}")
            continue
        g = golden(path)
        got, want = flatten(r["tables"]), flatten(g["tables"])
        counts = dict.fromkeys(KINDS, 0)
        for p, v in want.items():
            full = p
            kind = judge(got.get(p), v, full, r["warnings"])
            counts[kind] += 1
            if kind.endswith("silent"):
                print(f"   {kind.upper()} {p}: {got.get(p)} (golden {v}) {r['provenance'].get(p)}")
        for p, prov in r["provenance"].items():
            raw = prov.get("raw", "").replace(",", "").strip()
            if "confidence" in prov and re.fullmatch(r"\d+", raw) and want.get(p) is not None:
                evidence.append((prov["confidence"], int(raw) == want[p]))
        meta_ok = all(r["meta"].get(k) == g["meta"].get(k) for k in ("template", "agency", "year"))
        secs_ok = [s["number"] for s in r["sections"]] == [s["number"] for s in g["sections"]]
        pages = (r.get("ocr") or {}).get("pages", 0)
        peak = max(peak, r["rss_mb"])
        print(f"{path.parent.name[:6] + '/' + path.name:34} {klass(path):12} {pages:5} {r['cpu']:6.1f} "
              f"{r['rss_mb']:7.0f} " + " ".join(f"{counts[k]:12}" for k in KINDS)
              + f"  {'ok' if meta_ok else 'WRONG'}  {'ok' if secs_ok else 'WRONG'}")
        acc = by_class.setdefault(klass(path), dict.fromkeys(KINDS, 0))
        for k in KINDS:
            acc[k] += counts[k]
    print(f"\nper class: {' / '.join(KINDS)}")
    for k, c in sorted(by_class.items()):
        total = sum(c.values())
        print(f"  {k:13} " + " ".join(f"{c[x]:5}" for x in KINDS) + f"   ({100 * c['right'] / max(1, total):.1f} % right)")
    print(f"workers' peak RSS over these files: {peak:.0f} MB")
    print("\nnumeric OCR cells by confidence (the threshold's evidence): right / wrong digits as read")
    edges = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 1.01)
    for lo, hi in zip(edges, edges[1:]):
        sel = [ok for c, ok in evidence if lo <= c < hi]
        print(f"  [{lo:.2f}, {min(hi, 1):.2f}{']' if hi > 1 else ')'}: {sum(sel):5} right {len(sel) - sum(sel):4} wrong")
    wrong = sorted(c for c, ok in evidence if not ok)
    print(f"  wrong readings' confidences: {', '.join(f'{c:.3f}' for c in wrong) or 'none'}")


def speed() -> None:
    """Pages 2-3 of corpus/pdf/000_ruled_split.pdf (prose, then the first tables) rendered at
    150/200/300 dpi as an image-only PDF, converted in a child (one core): pages/s and RSS."""
    src = CORPUS / "pdf" / "000_ruled_split.pdf"
    sys.path.insert(0, str(CORPUS / "scan"))
    from build_scan import image_pdf, jpeg, render  # the corpus generator's own writer

    print(f"\n{'dpi':>4} {'pages':>5} {'s':>6} {'CPU s':>6} {'pages/s':>8} {'pages/CPU s':>11} {'peak RSS MB':>12}")
    for dpi in (150, 200, 300):
        pages = render(src, dpi, 2, 3)
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / f"scan{dpi}.pdf"
            pdf.write_bytes(image_pdf([(jpeg(im, 75), *im.size, dpi) for im in pages]))
            t = time.perf_counter()
            r = convert(pdf)
            wall = time.perf_counter() - t
        print(f"{dpi:4} {len(pages):5} {r['seconds']:6.1f} {r['cpu']:6.1f} {len(pages) / r['seconds']:8.3f} "
              f"{len(pages) / r['cpu']:11.3f} {r['rss_mb']:12.0f}"
              f"   (wall with start-up {wall:.1f} s)")
    print(f"children's peak RSS: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--speed", action="store_true", help="pages/s and RSS only")
    ap.add_argument("--no-speed", action="store_true", help="accuracy only")
    ap.add_argument("--jobs", type=int, default=1, help="files converted at a time (each child: one core)")
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    if not args.speed:
        files = args.files or sorted(p for d in ("scan", "screenshot", "html_img") for p in (CORPUS / d).glob("[0-9]*")
                                     if p.suffix in (".pdf", ".png", ".tif", ".jpg", ".html", ".docx")
                                     and not (d == "html_img" and p.suffix == ".png"))
        accuracy(files, args.jobs)
    if not args.no_speed:
        speed()


if __name__ == "__main__":
    main()
