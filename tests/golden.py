"""Helpers to compare a converted report with a hand-checked golden file."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = CORPUS / "seeds"


def flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        p = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(flatten(v, p))
        else:
            out[p] = v
    return out


def load_golden(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def diff_tables(actual: dict, golden: dict) -> list[str]:
    """Every table value that differs, as readable lines (empty = identical).
    Both sides must have the same paths; ints and floats compare by value,
    None only equals None."""
    a, g = flatten(actual["tables"]), flatten(golden["tables"])
    problems = []
    for p in sorted(set(a) | set(g)):
        if p not in a:
            problems.append(f"{p}: missing in output (golden {g[p]!r})")
        elif p not in g:
            problems.append(f"{p}: not in golden (output {a[p]!r})")
        elif (a[p] is None) != (g[p] is None) or (a[p] is not None and abs(a[p] - g[p]) > 1e-9):
            problems.append(f"{p}: output {a[p]!r} != golden {g[p]!r}")
    return problems


def diff_meta(actual: dict, golden: dict, keys=("template", "agency", "year", "published", "title")) -> list[str]:
    return [f"meta.{k}: output {actual['meta'].get(k)!r} != golden {golden['meta'].get(k)!r}"
            for k in keys if k in golden["meta"] and actual["meta"].get(k) != golden["meta"].get(k)]
