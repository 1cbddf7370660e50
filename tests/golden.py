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


# -- what a golden pins beyond the values ----------------------------------------
#
# A corpus folder's ``pinned.json`` holds, per file, what the values alone do
# not show: the warnings (code and where), the failing checks (rule, where,
# expected, actual) and the parts found (number and heading).  The values of
# twins are shared (a seed's golden), these are each file's own.  Rewritten by
# ``pytest tests/test_corpus.py --update-goldens`` (see tests/conftest.py),
# which prints the diff for a person to read; never by CI.

PINNED = "pinned.json"
UPDATES: dict[Path, dict[str, dict]] = {}  # --update-goldens: corpus folder -> file name -> its pinned parts


def record_pinned(folder: Path, name: str, parts: dict) -> None:
    """Keep ``parts`` as file ``name``'s pinned parts, written at the end of the run (tests/conftest.py)."""
    UPDATES.setdefault(folder, {})[name] = parts


def pinned_parts(out: dict, path: Path) -> dict:
    """The pinned parts of the report ``out`` (``to_dict()``) converted from
    ``path``; a ``where`` naming the file (docx.converted_from_doc) names it
    by its name, the same on any machine."""
    return {
        "sections": [[s["number"], s["heading"]] for s in out["sections"]],
        "failed_checks": [[c["rule"], c["where"], c["expected"], c["actual"]] for c in out["checks"] if not c["ok"]],
        "warnings": [[w["code"], w["where"].replace(str(path), path.name)] for w in out["warnings"]],
    }


def load_pinned(folder: Path) -> dict[str, dict]:
    path = folder / PINNED
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def dump_pinned(pinned: dict[str, dict]) -> str:
    """``pinned.json``'s text: one item a line, so a change reads as a small diff."""
    out = ["{"]
    names = sorted(pinned)
    for i, name in enumerate(names):
        out.append(f"  {json.dumps(name, ensure_ascii=False)}: {{")
        parts = list(pinned[name].items())
        for j, (key, items) in enumerate(parts):
            end = "," if j < len(parts) - 1 else ""
            if not items:
                out.append(f'    "{key}": []{end}')
                continue
            out.append(f'    "{key}": [')
            out += [f"      {json.dumps(x, ensure_ascii=False)}{',' if k < len(items) - 1 else ''}"
                    for k, x in enumerate(items)]
            out.append(f"    ]{end}")
        out.append("  }" + ("," if i < len(names) - 1 else ""))
    out.append("}")
    return "\n".join(out) + "\n"


def diff_pinned(actual: dict, pinned: dict) -> list[str]:
    """Every pinned item that changed, as ``- old`` / ``+ new`` lines per part."""
    problems = []
    for key in ("sections", "failed_checks", "warnings"):
        a = [json.dumps(x, ensure_ascii=False) for x in actual.get(key, [])]
        p = [json.dumps(x, ensure_ascii=False) for x in pinned.get(key, [])]
        if a != p:
            problems.append(f"{key}:")
            problems += [f"  - {x}" for x in p if x not in a] + [f"  + {x}" for x in a if x not in p]
            if sorted(a) == sorted(p):
                problems.append("  (the same items in another order)")
    return problems
