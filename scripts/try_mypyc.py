#!/usr/bin/env python3
"""Compile the hot modules with mypyc in a copy of this tree and measure what it buys (issue #23).

    python scripts/try_mypyc.py [--out DIR] [--group NAME ...] [--bench NAME ...] [--no-build]

The tree's ``gxconvert``, ``scripts`` and ``corpus`` are copied to ``DIR``
(default a fresh temporary folder; no .so file is ever written into this
tree, where a stale one would shadow an edited .py), the modules of the
chosen groups are compiled there by ``mypyc`` (the venv's; gcc and the
Python headers are needed) and the copy's ``gxconvert`` -- compiled where
a .so sits beside the .py -- is measured against this tree's, pure Python:

* ``identity``: every non-OCR corpus file converted by both, JSON with
  provenance compared byte for byte (mypyc must not change a value);
* ``matcher``: ``bench_matcher.py --before`` (CPU ms a match, best of 5,
  caches cold), both trees taking turns file after file;
* ``count``: ``count_matcher.py --before`` on four files (callgrind
  instructions a match; steady whatever the load; needs valgrind);
* ``html`` / ``docx``: ``bench_html.py --ratio`` and ``bench_docx.py
  --ratio`` run once per tree (each against its own floor in its run);
* ``pdf``: ``bench_pdf.py --before`` (both trees, same run).

Figures, not assertions.  ``--no-build`` measures a DIR compiled before.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: module groups (paths under gxconvert/); each compiles as it stands (two source
#: spellings mypyc needs are in the code: readings.Slot.value, measure._measure)
GROUPS: dict[str, list[str]] = {
    "matcher": ["matcher/*.py", "matcher/identity/*.py", "model.py", "normalize.py", "values.py", "checks.py",
                "arith.py", "textcache.py"],
    "html": ["readers/html/*.py"],
    "docx": ["readers/docx/body.py", "readers/docx/stream.py", "readers/docx/container.py"],
    "pdf": ["readers/pdf/_layout.py", "readers/pdf/_tables.py", "readers/pdf/_grid.py"],
}
BENCHES = ("identity", "matcher", "count", "html", "docx", "pdf")
SKIP_FOLDERS = {"scan", "screenshot", "html_img"}  # read by OCR: seconds a file, nothing mypyc compiles

_DUMP = """
import sys, pathlib
sys.path.insert(0, sys.argv[1])
import gxconvert
root, out = pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
for line in sys.stdin:
    p = pathlib.Path(line.rstrip("\\n"))
    try:
        s = gxconvert.convert(str(p)).to_json(provenance=True)
    except Exception as e:  # noqa: BLE001 - a failure is an output to compare too
        s = f"ERROR {type(e).__name__}: {e}"
    (out / str(p.relative_to(root)).replace("/", "__")).write_text(s)
"""


def copy_tree(out: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.so", "build")
    for name in ("gxconvert", "scripts"):
        shutil.copytree(ROOT / name, out / name, ignore=ignore, dirs_exist_ok=True)
    if not (out / "corpus").exists():
        (out / "corpus").symlink_to(ROOT / "corpus")
    # mypyc reads mypy's settings from pyproject.toml, and its setuptools run reads the [project]
    # table too (an older setuptools rejects some of it): the copy keeps [tool.mypy*] only
    text = (ROOT / "pyproject.toml").read_text()
    start, end = text.index("[tool.mypy]"), text.index("[tool.ruff]")
    (out / "pyproject.toml").write_text(text[start:end])


def build(out: Path, groups: list[str]) -> None:
    files = sorted({str(p.relative_to(out)) for g in groups for pat in GROUPS[g]
                    for p in (out / "gxconvert").glob(pat)})
    mypyc = Path(sys.executable).with_name("mypyc")
    print(f"## compiling {len(files)} modules ({', '.join(groups)}) in {out}", flush=True)
    t = time.perf_counter()
    log = out / "mypyc.log"
    with log.open("w") as f:
        done = subprocess.run([str(mypyc), *files], cwd=out, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode:
        sys.exit(f"mypyc failed (exit {done.returncode}): see {log}")
    print(f"   built in {time.perf_counter() - t:.0f} s wall (log: {log})", flush=True)


def corpus_files() -> list[Path]:
    return [p for p in sorted((ROOT / "corpus").rglob("*"))
            if p.is_file() and p.suffix not in (".py", ".json", ".md", ".png") and not p.name.startswith(".")
            and p.relative_to(ROOT / "corpus").parts[0] not in SKIP_FOLDERS]


def identity(out: Path) -> None:
    files = corpus_files()
    dumps = Path(tempfile.mkdtemp(prefix="try_mypyc_dump_"))
    listing = "".join(f"{p}\n" for p in files)
    for name, tree in (("pure", ROOT), ("compiled", out)):
        subprocess.run([sys.executable, "-c", _DUMP, str(tree), str(ROOT / "corpus"), str(dumps / name)],
                       input=listing, text=True, check=True, cwd=tempfile.gettempdir())
    names = sorted(os.listdir(dumps / "pure"))
    changed = [n for n in names if (dumps / "pure" / n).read_bytes() != (dumps / "compiled" / n).read_bytes()]
    print(f"## identity: {len(names) - len(changed)} of {len(names)} non-OCR corpus files byte-identical"
          f"{'; changed: ' + ', '.join(changed[:20]) if changed else ''} (dumps in {dumps})", flush=True)


def run(title: str, cmd: list[str], cwd: Path) -> None:
    print(f"## {title}: {' '.join(cmd)}", flush=True)
    subprocess.run([sys.executable, *cmd], cwd=cwd, check=False)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, help="where the compiled copy goes (default: a new temporary folder)")
    ap.add_argument("--group", action="append", choices=sorted(GROUPS), help="module groups (default: all)")
    ap.add_argument("--bench", action="append", choices=BENCHES, help="measurements (default: all)")
    ap.add_argument("--no-build", action="store_true", help="measure the copy in --out as it is")
    args = ap.parse_args()
    out = (args.out or Path(tempfile.mkdtemp(prefix="try_mypyc_"))).resolve()
    if not args.no_build:
        out.mkdir(parents=True, exist_ok=True)
        copy_tree(out)
        build(out, args.group or sorted(GROUPS))
    probe = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                            "import gxconvert.matcher as m; print(m.__file__)", str(out)],
                           capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    print(f"## gxconvert.matcher in the copy: {probe.stdout.strip()}", flush=True)
    benches = args.bench or list(BENCHES)
    scripts = out / "scripts"
    if "identity" in benches:
        identity(out)
    if "matcher" in benches:
        run("matcher (this = compiled, before = pure)",
            ["scripts/bench_matcher.py", "--before", str(ROOT), "html", "site", "docx", "seeds"], out)
    if "count" in benches:
        files = ["corpus/html/000_cms.html", "corpus/html/001_libreoffice.html",
                 "corpus/site/003_cms_nested.site.html", "corpus/seeds/000_c618104cc4de48fa.txt"]
        run("matcher instructions (this = compiled, before = pure)",
            ["scripts/count_matcher.py", "--before", str(ROOT), *files], out)
    for fmt in ("html", "docx"):
        if fmt in benches:
            for label, tree in (("pure", ROOT), ("compiled", out)):
                run(f"{fmt}, {label}", [str(scripts / f"bench_{fmt}.py"), "--ratio", f"--root={tree}"], ROOT)
    if "pdf" in benches:
        run("pdf (this = compiled, before = pure)", ["scripts/bench_pdf.py", "--before", str(ROOT)], out)


if __name__ == "__main__":
    main()
