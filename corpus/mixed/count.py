"""Print, per file of corpus/mixed, how many table values gxconvert reads right,
how many differ from the seed's golden but are named by a warning (flagged), and how
many differ silently (wrong-silent).

Run: ``PYTHONPATH=$PWD python corpus/mixed/count.py [N]`` (N: list up to N wrong paths a file)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import gxconvert

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"


def flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(d, dict):
        out: dict[str, Any] = {}
        for k, v in d.items():
            out.update(flatten(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: d}


def named(path: str, warnings: list[dict[str, Any]]) -> bool:
    row = path.rsplit(".", 1)[0]
    table = path.split(".", 1)[0]
    for w in warnings:
        where, msg = w["where"], w["message"]
        if where in (path, row, table) or path in msg or f"{row}:" in msg or f"{row} " in msg:
            return True
        if where and path.startswith(where + "."):
            return True
    return False


def main() -> None:
    total = [0, 0, 0]
    for path in sorted(HERE.glob("*.txt")):
        (seed,) = SEEDS.glob(path.name[:3] + "_*.expected.json")
        golden = flatten(json.loads(seed.read_text("utf-8"))["tables"])
        out = gxconvert.convert(path).to_dict()
        got = flatten(out["tables"])
        right = flagged = wrong = 0
        bad: list[str] = []
        for p, v in golden.items():
            g = got.get(p)
            if g == v or (g is not None and v is not None and abs(g - v) < 1e-9):
                right += 1
            elif named(p, out["warnings"]):
                flagged += 1
            else:
                wrong += 1
                bad.append(f"{p}={g!r} (golden {v!r})")
        for i, n in enumerate((right, flagged, wrong)):
            total[i] += n
        print(f"{path.name}: right {right} flagged {flagged} wrong-silent {wrong}")
        for b in bad[:int(sys.argv[1]) if len(sys.argv) > 1 else 0]:
            print("   ", b)
    print(f"TOTAL: right {total[0]} flagged {total[1]} wrong-silent {total[2]}")


if __name__ == "__main__":
    main()
