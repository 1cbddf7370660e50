"""A mixed folder of corpus reports (with their hand-checked goldens) plus
bad inputs, for the batch and dataset tests; and a converter wrapper that
hangs, dies or runs out of memory on files named for it."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from builders import HELVETICA, make_pdf, text_ops
from golden import CORPUS, flatten
from test_corpus import CORPORA

import gxconvert


def _good_sources() -> list[tuple[Path, dict]]:
    out: list[tuple[Path, dict]] = []
    for p in sorted((CORPUS / "seeds").glob("*.txt")):
        out.append((p, gxconvert_golden(p)))
    by_folder = {c.folder: c for c in CORPORA}
    for p in sorted((CORPUS / "docx").glob("*.docx")):
        out.append((p, by_folder["docx"].golden(p)))
    for p in sorted((CORPUS / "html").glob("*.html")):
        out.append((p, by_folder["html"].golden(p)))
    for p in by_folder["pdf"].files():
        out.append((p, by_folder["pdf"].golden(p)))
    return out


def gxconvert_golden(p: Path) -> dict:
    import json
    return json.loads(p.with_name(p.name.split(".")[0] + ".expected.json").read_text("utf-8"))


def expected_values(golden: dict) -> dict:
    """dotted path (table.row.col) -> value of a golden file."""
    return flatten(golden["tables"])


def not_a_report_pdf() -> bytes:
    """A small, valid PDF with a text layer that is no annual report."""
    text = text_ops([(20, 100, "Quarterly canteen menu: soup and rice")], size=18)
    return make_pdf([(400, 200, text)], fonts=HELVETICA)


def build_folder(root: Path, bad: bool = True, hang: bool = False) -> tuple[dict[str, dict], dict[str, tuple[str, ...]]]:
    """Fill ``root`` with >= 50 good reports (two copies of the fast ones in
    other folders) and the bad inputs; returns (good path -> golden,
    bad path -> acceptable failure kinds)."""
    good: dict[str, dict] = {}
    sources = _good_sources()
    for src, golden in sources:
        dest = root / "a" / src.parent.name / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        good[str(dest)] = golden
        if src.suffix != ".pdf":  # a second copy under another year folder, same values
            dest2 = root / "b" / "2021" / src.name
            dest2.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest2)
            good[str(dest2)] = golden
    failing: dict[str, tuple[str, ...]] = {}
    if bad:
        d = root / "bad"
        d.mkdir()
        (d / "empty.txt").write_bytes(b"")
        failing[str(d / "empty.txt")] = ("corrupt",)
        pdf = (CORPUS / "pdf" / "001_borderless.pdf").read_bytes()
        (d / "truncated.pdf").write_bytes(pdf[:1500])
        failing[str(d / "truncated.pdf")] = ("corrupt",)
        (d / "random.html").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4000)))
        failing[str(d / "random.html")] = ("not_a_report",)  # read as text (no markup in it): no report in it
        (d / "menu.pdf").write_bytes(not_a_report_pdf())
        failing[str(d / "menu.pdf")] = ("not_a_report",)
        os.symlink(d / "gone.txt", d / "unreadable.txt")  # root reads any mode bits: a dangling link instead
        failing[str(d / "unreadable.txt")] = ("unreadable",)
        os.mkfifo(d / "fifo.txt")
        failing[str(d / "fifo.txt")] = ("unreadable",)
        if hang:
            (d / "hangs.txt").write_bytes((CORPUS / "seeds" / "000_c618104cc4de48fa.txt").read_bytes())
            failing[str(d / "hangs.txt")] = ("timeout",)
    return good, failing


def misbehaving_convert(src, **kwargs):
    """gxconvert.convert, except for files named to hang, die, abort or eat memory."""
    name = os.path.basename(str(kwargs.get("path") or src))
    if "hangs" in name:
        time.sleep(3600)
    if "dies" in name:
        os._exit(3)
    if "oomabort" in name:  # a native library that aborts when an allocation fails at the cap (PDFium)
        hog = []
        try:
            while True:
                hog.append(bytearray(32 * 1024 * 1024))
        except MemoryError:
            os.abort()
    if "aborts" in name:
        os.abort()
    if "eats" in name:
        hog = [bytearray(64 * 1024 * 1024) for _ in range(1000)]
        return hog  # never reached under a cap
    if "slow" in name or os.environ.get("GX_TEST_SLOW"):
        time.sleep(float(os.environ.get("GX_TEST_SLOW", "0.2")))
    return REAL_CONVERT(src, **kwargs)


REAL_CONVERT = gxconvert.api.convert


class SleepyTextReader:
    """The text reader, except that it never returns for a file named 'hangs…'."""

    def read(self, data, ctx):
        from gxconvert.readers.text import TextReader
        if ctx.path and "hangs" in os.path.basename(ctx.path):
            time.sleep(3600)
        return TextReader().read(data, ctx)
