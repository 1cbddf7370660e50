"""What the review page says about each value: how it was read, where it
came from, and which failing 勾稽 checks it takes part in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..arith import equations
from ..model import Check, Provenance, Report, Value
from ..templates import Template

# how a value came to be, as the page shows it (data-how)
HOWS = ("cell", "ocr", "inferred", "split", "blank", "missing")
HOW_WORDS = {
    "cell": "read from a cell",
    "ocr": "read from a cell's pixels (OCR): its confidence and box on the page image in the source",
    "inferred": "inferred by the form's arithmetic",
    "split": "split from run-together digits",
    "blank": "blank or dash cell (null)",
    "missing": "no source cell (null)",
}


def how_of(value: Value, prov: Provenance | None) -> str:
    """``blank``: null read from a blank/dash cell (its raw text kept, e.g. a
    cell of a run-together row that the digits leave empty); ``missing``: null
    with no source cell; otherwise the provenance's own ``how`` (``cell``,
    ``inferred``, ``split``)."""
    if value is None:
        return "blank" if prov is not None else "missing"
    if prov is None:
        return "inferred"
    return prov.how if prov.how in ("cell", "ocr", "inferred", "split") else "inferred"


def show_value(value: Value) -> str:
    """A value as the form cell shows it: integers as they are, money
    without a trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text if text not in ("", "-0") else "0"
    return str(value)


def where_text(prov: Provenance) -> str:
    """Page and/or line of a value's source."""
    return str(prov.loc) if prov.loc is not None else ""


def cell_text(prov: Provenance) -> str:
    """Table and grid cell of a value's source, 1-based."""
    bits = []
    if prov.table is not None:
        bits.append(f"table {prov.table + 1}")
    if prov.cell is not None:
        bits.append(f"row {prov.cell[0] + 1}, column {prov.cell[1] + 1}")
    return ", ".join(bits)


def box_text(prov: Provenance) -> str:
    """The cell box on a PDF page (``box: [x0, top, x1, bottom]`` in points),
    when the reader recorded one."""
    loc = getattr(prov, "loc", None)
    if loc is not None and loc.pixel_box is not None:  # read from pixels: the box on the page image
        x0, top, x1, bottom = loc.pixel_box
        conf = f", confidence {loc.conf:.2f}" if loc.conf is not None else ""
        return f"x {x0}–{x1}, y {top}–{bottom} px on the page image{conf}"
    box: Any = getattr(prov, "box", None)
    if not box:
        return ""
    try:
        x0, top, x1, bottom = (float(v) for v in box)
    except (TypeError, ValueError):
        return ""
    return f"x {x0:.1f}–{x1:.1f}, y {top:.1f}–{bottom:.1f} pt"


@dataclass(frozen=True, slots=True)
class FailedCheck:
    check: Check
    paths: tuple[str, ...]  # full dotted paths of the cells the check sums
    total: tuple[str, ...] = ()  # those of them that hold the stated total


def failed_checks(report: Report, template: Template | None) -> list[FailedCheck]:
    """The report's failing checks, each with the cells it sums (the form's
    rules say which: the equation with the same rule and ``where``)."""
    cells: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    if template is not None:
        for eq in equations(template):
            cells[(eq.rule, eq.where)] = (tuple(f"{eq.table}.{p}" for p in eq.total + eq.parts),
                                          tuple(f"{eq.table}.{p}" for p in eq.total))
    return [FailedCheck(c, *cells.get((c.rule, c.where), ((), ()))) for c in report.checks if not c.ok]
