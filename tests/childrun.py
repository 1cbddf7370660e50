"""Convert a file in a fresh Python process and read that child's peak RSS
(the kernel's rusage: it counts PDFium's and zlib's allocations, which
tracemalloc does not see)."""

from __future__ import annotations

from pathlib import Path

_CHILD = """
import json, sys, time
import gxconvert
t = time.perf_counter()
try:
    gxconvert.convert(sys.argv[1])
    out = {"error": None}
except gxconvert.ConversionError as exc:
    out = {"error": type(exc).__name__, "message": str(exc), "limit": getattr(exc, "limit", None)}
out["seconds"] = time.perf_counter() - t
print(json.dumps(out))
"""


def convert_in_child(path: Path) -> tuple[dict, int]:
    """Convert ``path`` in a fresh Python process: (what it printed, its peak
    RSS in bytes, from the kernel's rusage of that one child).  The peak
    counts PDFium's and zlib's allocations, which tracemalloc does not see."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    p = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, env=env)
    assert p.stdout is not None
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout.close()
    assert p.returncode == 0, out
    return json.loads(out), usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux
