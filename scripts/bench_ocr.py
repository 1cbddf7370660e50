"""OCR figures: accuracy per degradation class, the confidence threshold's
evidence, pages/s on one core at 150/200/300 dpi, and a worker's peak RSS.

    python scripts/bench_ocr.py              # everything (corpus/scan + corpus/screenshot: ~10 min on one core)
    python scripts/bench_ocr.py --speed      # pages/s and RSS only

Every file of corpus/scan and corpus/screenshot is converted in its own
child process (one onnxruntime thread: one core) and compared with its
golden (the seed twin's, with the source's own overrides, as
tests/test_corpus.py builds it).  A value is *right*, *flagged* (null or
named by a warning) or *wrong-silent* (a different number nobody warned
of: must be 0).  Needs pdftoppm (poppler-utils) for the speed pages.
"""

from __future__ import annotations

import argparse
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
    return path.stem.rsplit("_", 1)[-1]


def accuracy(files: list[Path]) -> None:
    print(f"{'file':40} {'class':11} {'pages':>5} {'CPU s':>6} {'RSS MB':>7} {'right':>5} {'flagged':>7} "
          f"{'wrong-silent':>12}  meta sections")
    by_class: dict[str, list[int]] = {}
    evidence: list[tuple[float, bool]] = []  # (confidence, the raw digits are right) per numeric OCR cell
    for path in files:
        r = convert(path)
        if "error" in r:
            print(f"{path.name:40} ERROR {r['error']}")
            continue
        g = golden(path)
        got, want = flatten(r["tables"]), flatten(g["tables"])
        warned = {w["where"] for w in r["warnings"]}
        right = flagged = silent = 0
        for p, v in want.items():
            a = got.get(p)
            if (a is not None and v is not None and abs(a - v) < 1e-9) or (a is None and v is None):
                right += 1
            elif a is None or p in warned or any(p.startswith(w + ".") for w in warned if w):
                flagged += 1
            else:
                silent += 1
                print(f"   WRONG-SILENT {p}: {a} (golden {v}) {r['provenance'].get(p)}")
        for p, prov in r["provenance"].items():
            raw = prov.get("raw", "").replace(",", "")
            if "confidence" in prov and re.fullmatch(r"\d+", raw) and want.get(p) is not None:
                evidence.append((prov["confidence"], int(raw) == want[p]))
        meta_ok = all(r["meta"].get(k) == g["meta"].get(k) for k in ("template", "agency", "year"))
        secs_ok = [s["number"] for s in r["sections"]] == [s["number"] for s in g["sections"]]
        pages = (r.get("ocr") or {}).get("pages", 0)
        print(f"{path.name:40} {klass(path):11} {pages:5} {r['cpu']:6.1f} {r['rss_mb']:7.0f} {right:5} "
              f"{flagged:7} {silent:12}  {'ok' if meta_ok else 'WRONG'}  {'ok' if secs_ok else 'WRONG'}")
        acc = by_class.setdefault(klass(path), [0, 0, 0])
        acc[0] += right
        acc[1] += flagged
        acc[2] += silent
    print("\nper class: right / flagged / wrong-silent")
    for k, (a, b, c) in sorted(by_class.items()):
        print(f"  {k:11} {a:5} {b:5} {c:5}   ({100 * a / max(1, a + b + c):.1f} % right)")
    print("\nnumeric OCR cells by confidence (the threshold's evidence): right / wrong")
    for lo, hi in ((0, 0.8), (0.8, 0.85), (0.85, 0.9), (0.9, 0.95), (0.95, 0.98), (0.98, 1.01)):
        sel = [ok for c, ok in evidence if lo <= c < hi]
        print(f"  [{lo:.2f}, {min(hi, 1):.2f}): {sum(sel):5} right {len(sel) - sum(sel):4} wrong")


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
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    if not args.speed:
        files = args.files or sorted(p for d in ("scan", "screenshot") for p in (CORPUS / d).glob("[0-9]*")
                                     if p.suffix in (".pdf", ".png", ".tif", ".jpg"))
        accuracy(files)
    speed()


if __name__ == "__main__":
    main()
