#!/usr/bin/env python3
"""Time and peak memory of the readers on big and hostile inputs (issue 14).

    python scripts/bench_hostile.py [--quick] [--convert-max-mb 4] [--timeout 600]

Each case runs in a fresh child process (so its peak RSS is its own): the
input is generated from the corpus (tests/hostile_inputs.py) by this
process and written to a temporary file; the child reads the file, then it is read
by the format's reader ("read") and, up to ``--convert-max-mb``, converted
whole ("convert": reader + matcher).  Printed per case: input size, seconds,
peak RSS of the child, seconds per MB, and ratios to floors measured in the
same run (the 1 MB case's s/MB; the RSS of a child that only imports
gxconvert).  Linear time shows as a flat s/MB column.

Cases: HTML with 1/4/16 MB of paragraphs in the article, a junk table of
600 000 cells before the report, text of 16 MB, DOCX whose
word/document.xml inflates to 4/16/97 MB, and zip bombs (a member declaring
more than ``max_zip_member_bytes``; one inflating 1 GB under a lying
header).  Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def generate(case: str, size: float) -> bytes:
    """The input of a case (built in the parent, so the child's peak RSS is the reader's)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import hostile_inputs as hi

    if case == "floor":
        return b""
    if case == "html":
        return hi.big_html(size)
    if case == "junk_table":
        return hi.junk_table_html(int(size))
    if case == "text":
        return hi.big_text(size)
    if case == "docx":
        return hi.big_docx(size)
    if case in ("zip_declared", "zip_liar"):
        return _bomb(case)
    raise SystemExit(f"unknown case {case}")


def _peak_kb() -> int:
    """This process's peak RSS in kB: VmHWM of its own memory map (ru_maxrss
    would carry the parent's peak over fork and exec on Linux)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(case: str, file: str, stage: str) -> None:
    """Run one case in this (child) process on the input in ``file``; print one JSON line."""
    sys.path.insert(0, str(ROOT))
    import gxconvert
    from gxconvert.errors import ConversionError
    from gxconvert.readers import get_reader, read_document, sniff

    for fmt in ("text", "html", "docx"):
        get_reader(fmt)  # imports (lxml, bs4) are not part of the figures
    with open(file, "rb") as fh:
        data = fh.read()
    base_rss = _peak_kb()
    outcome = "ok"
    t = time.perf_counter()
    if case != "floor":
        try:
            if stage == "read":
                doc = read_document(data, f"{case}.in", sniff(data))
                outcome = f"{len(doc.blocks)} blocks"
            else:
                rep = gxconvert.convert(data, path=f"{case}.in")
                outcome = f"report, new_received.total={rep.value('applications.new_received.total')}"
        except ConversionError as exc:
            outcome = f"{type(exc).__name__}: {str(exc)[:110]}"
    seconds = time.perf_counter() - t
    print(json.dumps({"bytes": len(data), "seconds": seconds, "base_rss_kb": base_rss,
                      "rss_kb": _peak_kb(), "outcome": outcome}))


def _bomb(case: str) -> bytes:
    """A docx whose document.xml declares 1 GB (refused from the header), or
    inflates to 1 GB while its header claims 100 kB (a liar)."""
    import io
    import struct
    import zipfile
    import zlib

    size = 1 << 30
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(size >> 20)) + comp.flush()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, b"x")
    data = buf.getvalue()
    # splice the raw deflate stream in, with the sizes the case wants
    declared = size if case == "zip_declared" else 100_000
    crc = zlib.crc32(b"")
    lh = data.find(b"PK\x03\x04", 1)
    name = b"word/document.xml"
    local = (b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0, crc, len(body), declared, len(name), 0)
             + name + body)
    cd = (b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", 20, 20, 0, 8, 0, 0, crc, len(body), declared,
                                      len(name), 0, 0, 0, 0, 0, lh) + name)
    first_cd = data.find(b"PK\x01\x02")
    first_entry_cd_end = data.find(b"PK\x01\x02", first_cd + 4)
    head = data[:lh] + local
    cd_all = data[first_cd:first_entry_cd_end] + cd
    eocd = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 2, 2, len(cd_all), len(head), 0)
    return head + cd_all + eocd


def run(case: str, size: float, stage: str, timeout: float, inputs: dict[tuple[str, float], str]) -> dict[str, Any]:
    if (case, size) not in inputs:
        fd, name = tempfile.mkstemp(prefix=f"gx-hostile-bench-{case}-", dir=tempfile.gettempdir())
        with os.fdopen(fd, "wb") as fh:
            fh.write(generate(case, size))
        inputs[(case, size)] = name
    cmd = [PY, __file__, "--child", case, inputs[(case, size)], stage]
    t = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return {"outcome": f"TIMEOUT after {timeout:.0f} s", "seconds": float("nan"), "rss_kb": 0, "bytes": 0}
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        tail = (out.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"CRASH rc={out.returncode}: {tail[:100]}", "seconds": time.perf_counter() - t,
                "rss_kb": 0, "bytes": 0}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    ap.add_argument("--convert-max-mb", type=float, default=4,
                    help="convert (reader+matcher) only up to this size (the matcher, not the readers, sets the pace above)")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()

    inputs: dict[tuple[str, float], str] = {}
    try:
        _bench(args, inputs)
    finally:
        for name in inputs.values():
            os.unlink(name)


def _bench(args: argparse.Namespace, inputs: dict[tuple[str, float], str]) -> None:
    floor = run("floor", 0, "read", args.timeout, inputs)
    floor_mb = floor["rss_kb"] / 1024
    print(f"floor: a child importing gxconvert peaks at {floor_mb:.0f} MB RSS")
    sizes = {"html": [1, 4] if args.quick else [1, 4, 16], "text": [1] if args.quick else [1, 16],
             "docx": [1, 4] if args.quick else [4, 16, 97]}
    cases: list[tuple[str, float, str]] = []
    for case, mbs in sizes.items():
        for mb in mbs:
            cases.append((case, mb, "read"))
            if mb <= args.convert_max_mb:
                cases.append((case, mb, "convert"))
    cases += [("junk_table", 60_000 if args.quick else 600_000, "read"),
              ("junk_table", 60_000 if args.quick else 600_000, "convert"),
              ("zip_declared", 0, "read"), ("zip_liar", 0, "read")]
    print(f"{'case':<22} {'stage':<8} {'input MB':>9} {'s':>8} {'s/MB':>7} {'x floor':>8} {'peak MB':>8} "
          f"{'x floor':>8}  outcome")
    per_mb_floor: dict[tuple[str, str], float] = {}
    for case, size, stage in cases:
        r = run(case, size, stage, args.timeout, inputs)
        mb_in = r["bytes"] / 1048576
        inflated = size if case == "docx" else mb_in  # a docx's size is its document.xml's
        s_per_mb = r["seconds"] / inflated if inflated else float("nan")
        key = (case, stage)
        if key not in per_mb_floor and not math.isnan(s_per_mb):
            per_mb_floor[key] = s_per_mb
        ratio = s_per_mb / per_mb_floor[key] if per_mb_floor.get(key) else float("nan")
        rss = r["rss_kb"] / 1024
        label = f"{case} {size:g}{' MB' if case in sizes else ''}"
        print(f"{label:<22} {stage:<8} {mb_in:>9.2f} {r['seconds']:>8.2f} {s_per_mb:>7.3f} {ratio:>8.2f} "
              f"{rss:>8.0f} {rss / floor_mb if floor_mb else 0:>8.1f}  {r['outcome']}", flush=True)
    print("s/MB x floor: the case's seconds per MB over the smallest size's (1.0 = linear); "
          "docx MB are word/document.xml's inflated size")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
