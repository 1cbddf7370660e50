#!/usr/bin/env python3
"""Every resource bomb through the real command, as a user meets it.

    python scripts/bench_bombs.py

Builds the bombs of the tests (never committed): the PDF stream, CMap and
path-operator bombs (tests/test_pdf_hostile.py), a big DOCX, a big HTML page,
a big text dump and a junk table before a report (tests/hostile_inputs.py).
Runs ``python -m gxconvert FILE -o FILE.json`` on each with the default limits (one
worker process with the 2 GiB memory cap and the 120 s clock) and prints,
per bomb: wall time, the exit status, the peak RSS of the parent (the CLI)
and of its worker (VmHWM sampled from /proc while they run), and the
one-line message.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return out


def run(path: Path) -> tuple[float, int, float, float, str]:
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "gxconvert", str(path), "-o", str(path) + ".json"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parent = child = 0.0
    while proc.poll() is None:
        parent = max(parent, _hwm_mb(proc.pid))
        for c in _children(proc.pid):
            child = max(child, _hwm_mb(c))
        time.sleep(0.01)
    err = proc.stderr.read().strip() if proc.stderr else ""
    return time.perf_counter() - t, proc.returncode, parent, child, err.splitlines()[0] if err else "converted"


def bombs() -> dict[str, bytes]:
    from hostile_inputs import big_docx, big_html, big_text, junk_table_html
    from test_pdf_hostile import bombs as pdf_bombs

    out = {f"{name}.pdf": data for name, data in pdf_bombs().items()}
    out["docx_16mb.docx"] = big_docx(16)
    out["html_16mb.html"] = big_html(16)
    out["text_16mb.txt"] = big_text(16)
    out["junk_table_600k.html"] = junk_table_html(600_000)
    return out


def main() -> int:
    print(f"{'bomb':24s} {'size':>8s} {'time':>7s} {'exit':>4s} {'parent':>8s} {'worker':>8s}  message")
    with tempfile.TemporaryDirectory(prefix="gx-bombs-") as tmp:
        for name, data in bombs().items():
            p = Path(tmp) / name
            p.write_bytes(data)
            dt, rc, parent, child, msg = run(p)
            print(f"{name:24s} {len(data) / 1e6:6.2f}MB {dt:6.2f}s {rc:4d} {parent:6.0f}MB {child:6.0f}MB  {msg[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
