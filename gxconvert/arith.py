"""The forms' 勾稽关系 as concrete equations, shared by the checks and by the
matcher's arithmetic placement of values."""

from __future__ import annotations

from dataclasses import dataclass

from .templates import Template


@dataclass(frozen=True, slots=True)
class Equation:
    rule: str
    table: str
    where: str  # e.g. "applications.natural_person"
    total: tuple[str, ...]  # dotted paths inside the table whose sum is the stated total
    parts: tuple[str, ...]  # dotted paths whose sum must equal it


def equations(template: Template, table: str | None = None) -> list[Equation]:
    """The form's equations (of one table, or all), derived once per loaded form."""
    cache: dict[str | None, tuple[Equation, ...]] = template.derived.setdefault("equations", {})
    got = cache.get(table)
    if got is None:
        got = cache[table] = tuple(_equations(template, table))
    return list(got)


def _equations(template: Template, table: str | None) -> list[Equation]:
    out: list[Equation] = []
    for rule in template.rules:
        if table is not None and rule.table != table:
            continue
        if rule.table == "applications":
            rows = [r.key for r in template.app_rows]
            cols = [c.key for c in template.app_columns]
        else:
            rows = [g.key for g in template.review_groups]
            cols = [c.key for c in template.review_columns]
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
