#!/usr/bin/env python3
"""Dump ``convert(path).to_json(provenance=True)`` of corpus files into a folder,
to compare two trees' outputs byte for byte.

    python scripts/dump_outputs.py OUTDIR [--root TREE] [--only html] [files...]
    python scripts/dump_outputs.py --diff DIR_A DIR_B

Each file's output goes to OUTDIR/<corpus path with / replaced by __>.json
(an error's one-line message to .err).  ``--diff`` prints how many are
identical (of the files dumped in both) and names the ones that differ.
"""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTMLISH = (".html", ".htm", ".xhtml", ".mht", ".mhtml")
ALL = (".txt", ".docx", ".doc", ".html", ".htm", ".pdf", ".xhtml", ".mht", ".mhtml", ".rtf", ".odt", ".wps")


def diff(a: Path, b: Path) -> None:
    names = sorted({p.name for p in a.iterdir()} & {p.name for p in b.iterdir()})
    same = [n for n in names if (a / n).exists() and (b / n).exists() and (a / n).read_bytes() == (b / n).read_bytes()]
    for n in names:
        if n not in same:
            print("differs:", n)
    print(f"{len(same)} of {len(names)} outputs identical")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--only", choices=("html", "all"), default="all")
    ap.add_argument("--diff", nargs=2)
    args = ap.parse_args()
    if args.diff:
        diff(Path(args.diff[0]), Path(args.diff[1]))
        return
    sys.path.insert(0, args.root)
    import gxconvert

    exts = HTMLISH if args.only == "html" else ALL
    files = args.files or sorted(glob.glob(str(ROOT / "corpus/**/*.*"), recursive=True))
    files = [f for f in files if Path(f).suffix.lower() in exts]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for f in files:
        name = str(Path(f).resolve().relative_to(ROOT)).replace("/", "__")
        try:
            text = gxconvert.convert(f).to_json(provenance=True)
            (out / f"{name}.json").write_text(text, encoding="utf-8")
        except gxconvert.ConversionError as e:
            (out / f"{name}.err").write_text(str(e), encoding="utf-8")
    print(f"{len(files)} files dumped to {out}")


if __name__ == "__main__":
    main()
