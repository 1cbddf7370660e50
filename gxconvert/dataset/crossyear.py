"""Cross-year checks: one agency's report against its report of the year before.

For the same agency (``agency_key``: ``meta.agency_key``, the name normalised for pairing) in consecutive
years, the rules of the forms' data (common.json, ``cross_year``;
:func:`gxconvert.templates.cross_year_rules`).  Today:

* ``cross_year.carried_over``: last year's ``applications.carried_forward.total``
  equals this year's ``applications.carried_over.total``;
* ``cross_year.regulations.in_force`` and
  ``cross_year.normative_documents.in_force`` (2021 form, both years):
  last year's ``in_force`` + this year's ``issued`` − ``repealed`` equals
  this year's ``in_force``.

``expected`` is what last year's report implies, ``actual`` what this
year's states.  A pair where a value is missing (null) is not checked.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..templates import cross_year_rules
from . import sql

Number = int | float


@dataclass(frozen=True, slots=True)
class CrossCheck:
    report_id: int
    prev_report_id: int
    rule: str
    expected: Number
    actual: Number
    ok: bool
    agency: str | None = None
    year: int | None = None
    path: str | None = None
    prev_path: str | None = None


def _num(v: Any) -> Number | None:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _out(x: float) -> Number:
    return int(x) if float(x).is_integer() else round(x, 6)


def pair_checks(prev: dict[str, Any], cur: dict[str, Any]) -> list[tuple[str, Number, Number, bool]]:
    """(rule, expected, actual, ok) for one pair of value maps (dotted path -> value)
    with their ``template`` under the key ``"template"``."""
    out: list[tuple[str, Number, Number, bool]] = []
    for r in cross_year_rules():
        if r.forms and not (prev.get("template") in r.forms and cur.get("template") in r.forms):
            continue
        last, now = _num(prev.get(r.last)), _num(cur.get(r.this))
        plus = [_num(cur.get(p)) for p in r.plus]
        minus = [_num(cur.get(p)) for p in r.minus]
        if last is None or now is None or ((plus or minus) and all(v is None for v in plus + minus)):
            continue
        expected = last + sum(v or 0 for v in plus) - sum(v or 0 for v in minus)
        out.append((r.rule, _out(expected), now, abs(expected - now) < 1e-9))
    return out


def _needed() -> list[str]:
    """The value paths the cross-year rules read."""
    return list(dict.fromkeys(p for r in cross_year_rules() for p in r.paths()))


def compute(conn: sqlite3.Connection) -> list[CrossCheck]:
    """Every cross-year check the dataset allows, in agency and year order."""
    reports: dict[int, dict[str, Any]] = {}
    by_agency: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for rid, key, year, template, agency, path in conn.execute(sql.CROSS_CANDIDATES):
        reports[rid] = {"template": template, "agency": agency, "year": year, "path": path}
        by_agency[key][year].append(rid)
    wanted = [rid for years in by_agency.values() for y, ids in years.items() if (y - 1) in years or (y + 1) in years
              for rid in ids]
    if not wanted:
        return []
    for rid, path, value in sql.values_of(conn, wanted, _needed()):
        reports[rid][path] = value
    out: list[CrossCheck] = []
    for years in by_agency.values():
        for year in sorted(years):
            for cur_id in years[year]:
                for prev_id in years.get(year - 1, []):
                    prev, cur = reports[prev_id], reports[cur_id]
                    for rule, expected, actual, ok in pair_checks(prev, cur):
                        out.append(CrossCheck(cur_id, prev_id, rule, expected, actual, ok, cur["agency"], year,
                                              cur["path"], prev["path"]))
    return out


def update_cross_checks(conn: sqlite3.Connection) -> list[CrossCheck]:
    """Recompute the ``cross_checks`` table (call inside a transaction)."""
    checks = compute(conn)
    sql.replace_cross_checks(conn, [(c.report_id, c.prev_report_id, c.rule, c.expected, c.actual, int(c.ok))
                                    for c in checks])
    return checks
