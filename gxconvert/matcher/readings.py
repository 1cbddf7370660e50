"""What the solver weighs: a row's candidate readings.

A :class:`Reading` is one way to read one row of a table (each dotted path
of the row -> a :class:`Slot`: its value and where it came from).  A row
read from a clean grid has one; a row with too few or too many cells, or
whose digits ran together (:mod:`.glued`), has several.  :data:`UNKNOWN`
marks a cell the form has but the source lost (the arithmetic may settle
it).  Shared by the readers of rows (:mod:`.tables`, :mod:`.glued`), the
search (:mod:`.search`) and the solver (:mod:`.solver`).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field

from ..model import Issue, Provenance


class _Unknown:
    """A cell that exists in the form but whose value the source lost."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "?"


UNKNOWN = _Unknown()


@dataclass(slots=True)
class Slot:
    # int | float | None | UNKNOWN; spelt builtins.object because mypyc cannot load a bare `object` annotation
    value: builtins.object
    prov: Provenance | None = None


@dataclass(slots=True)
class Reading:
    """One way to read one row: dotted path -> Slot."""

    slots: dict[str, Slot]
    note: str = ""
    # -- for readings cut from run-together digits (matcher/glued.py) --
    issues: list[Issue] = field(default_factory=list)  # warnings that come with the row
    narrative: int = 0  # figures of the report's narrative this reading contradicts
    narrative_notes: tuple[str, ...] = ()  # which ones, a quote each (shown when the narrative settles a choice)
    penalty: int = 0  # how far the reading is from one number per cell (ties only)
    digits: str | None = None  # the digits its unknown cells must spell, in order, once inferred

    def signature(self) -> frozenset[tuple[str, str]]:
        """What tells two readings apart: each path with its value (its repr)."""
        return frozenset([(k, repr(s.value)) for k, s in self.slots.items()])
