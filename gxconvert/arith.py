"""The forms' 勾稽关系 as concrete equations, shared by the checks and by the
matcher's arithmetic placement of values."""

from __future__ import annotations

from dataclasses import dataclass

from .templates import Template, generation


@dataclass(frozen=True, slots=True)
class Equation:
    rule: str
    table: str
    where: str  # e.g. "applications.natural_person"
    total: tuple[str, ...]  # dotted paths inside the table whose sum is the stated total
    parts: tuple[str, ...]  # dotted paths whose sum must equal it


def equations(template: Template, table: str | None = None) -> list[Equation]:
    """The form's equations (of one table, or all), derived once per loaded form."""
    return list(shared_equations(template, table))


def shared_equations(template: Template, table: str | None = None) -> tuple[Equation, ...]:
    """:func:`equations`, the tuple kept for the form (not to be changed)."""
    key = (template.id, generation(), table)
    got = _CACHE.get(key)
    if got is None:
        got = _CACHE[key] = tuple(_equations(template, table))
    return got


_CACHE: dict[tuple[str, int, str | None], tuple[Equation, ...]] = {}  # (form id, load generation, table) -> equations


def _equations(template: Template, table: str | None) -> list[Equation]:
    out: list[Equation] = []
    for rule in template.rules:
        if table is not None and rule.table != table:
            continue
        spec = template.tables[rule.table]
        rows = [r.key for r in (spec.rows if spec.layout != "flat" else spec.groups)]
        cols = [c.key for c in spec.columns]
        if rule.each == "column":
            for c in cols:
                out.append(Equation(rule.rule, rule.table, f"{rule.table}.{c}",
                                    tuple(f"{r}.{c}" for r in rule.total if r in rows),
                                    tuple(f"{r}.{c}" for r in rule.parts if r in rows)))
        else:  # "row" / "group": the rule's names are columns
            for r in rows:
                out.append(Equation(rule.rule, rule.table, f"{rule.table}.{r}",
                                    tuple(f"{r}.{c}" for c in rule.total),
                                    tuple(f"{r}.{c}" for c in rule.parts)))
    return out
