"""Dump ``convert(path).to_json(provenance=True)`` for every file under corpus/.

    python scripts/dump_corpus.py OUT_DIR            # the gxconvert on PYTHONPATH
    diff -r BEFORE_DIR AFTER_DIR                     # outputs of two versions

One file per input (its corpus path with ``/`` as ``__``, plus ``.json``); an
input that fails gives its error class and message instead.  Used to show a
refactor changes no output: run it on the old code and on the new, compare.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gxconvert import convert
from gxconvert.errors import ConversionError

ROOT = Path(__file__).resolve().parent.parent / "corpus"


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in sorted(p for p in ROOT.rglob("*") if p.is_file() and p.suffix != ".py"):
        rel = path.relative_to(ROOT.parent).as_posix()
        try:
            text = convert(str(path), path=rel).to_json(provenance=True)
        except ConversionError as err:
            text = f"{type(err).__name__}: {err}\n"
        (out / (rel.replace("/", "__") + ".json")).write_text(text, encoding="utf-8")
        n += 1
    print(f"{n} files dumped to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
