"""A conversion leaves no reference cycles of its own: everything it makes is
freed by reference counting when the report is dropped, so the cycle
collector (paused around the readers and the matcher, see gxconvert.gcpause)
has nothing of ours to find afterwards.  Recursive closures in the run-together
digit cutter and the table search once kept their whole state (cuts, slots,
provenance, readings: ~4,400 objects a glued report) for the collector."""

from __future__ import annotations

import gc
import types
from pathlib import Path

import pytest

from gxconvert import convert

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = ["glued/002_808b9c10c0982807.glued.txt", "mixed/002_mixed.txt",
         "oneline/002_808b9c10c0982807.glued.oneline.txt", "seeds/000_c618104cc4de48fa.txt",
         "html/000_cms.html", "docx/000.docx", "pdf/000_ruled_split.pdf"]


def _ours(obj: object) -> bool:
    if isinstance(obj, types.FunctionType):
        return obj.__module__.startswith("gxconvert")
    return type(obj).__module__.startswith("gxconvert")


@pytest.mark.parametrize("name", FILES)
def test_a_conversion_leaves_no_cycle_of_its_own(name: str) -> None:
    path = CORPUS / name
    convert(path)  # first use: caches and imports are filled, not counted
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        report = convert(path)
        assert report.provenance  # a real conversion: values were read
        del report
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = [o for o in gc.garbage if _ours(o)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    assert left == [], f"{len(left)} objects of gxconvert's freed only by the cycle collector, e.g. {left[:5]!r}"
