"""Cross-year checks: one agency's report against its report of the year before.

For the same agency (``agency_key``: ``meta.agency_key``, the name normalised for pairing) in consecutive
years:

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


_CARRIED = ("applications.carried_forward.total", "applications.carried_over.total")
_STOCK_ROWS = ("regulations", "normative_documents")
_NEEDED = [_CARRIED[0], _CARRIED[1]] + [f"active_disclosure.{r}.{c}" for r in _STOCK_ROWS
                                          for c in ("issued", "repealed", "in_force")]


def _num(v: Any) -> Number | None:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _out(x: float) -> Number:
    return int(x) if float(x).is_integer() else round(x, 6)


def pair_checks(prev: dict[str, Any], cur: dict[str, Any]) -> list[tuple[str, Number, Number, bool]]:
    """(rule, expected, actual, ok) for one pair of value maps (dotted path -> value)
    with their ``template`` under the key ``"template"``."""
    out: list[tuple[str, Number, Number, bool]] = []
    forward, over = _num(prev.get(_CARRIED[0])), _num(cur.get(_CARRIED[1]))
    if forward is not None and over is not None:
        out.append(("cross_year.carried_over", forward, over, abs(forward - over) < 1e-9))
    if prev.get("template") == "2021" and cur.get("template") == "2021":
        for row in _STOCK_ROWS:
            base = f"active_disclosure.{row}."
            last = _num(prev.get(base + "in_force"))
            issued, repealed, now = (_num(cur.get(base + c)) for c in ("issued", "repealed", "in_force"))
            if last is None or now is None or (issued is None and repealed is None):
                continue
            expected = last + (issued or 0) - (repealed or 0)
            out.append((f"cross_year.{row}.in_force", _out(expected), now, abs(expected - now) < 1e-9))
    return out


def compute(conn: sqlite3.Connection) -> list[CrossCheck]:
    """Every cross-year check the dataset allows, in agency and year order."""
    reports: dict[int, dict[str, Any]] = {}
    by_agency: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for rid, key, year, template, agency, path in conn.execute(
            "SELECT id, agency_key, year, template, agency, path FROM reports "
            "WHERE agency_key IS NOT NULL AND year IS NOT NULL ORDER BY agency_key, year, path"):
        reports[rid] = {"template": template, "agency": agency, "year": year, "path": path}
        by_agency[key][year].append(rid)
    wanted = [rid for years in by_agency.values() for y, ids in years.items() if (y - 1) in years or (y + 1) in years
              for rid in ids]
    if not wanted:
        return []
    marks = ",".join("?" * len(_NEEDED))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        q = (f"SELECT report_id, path, value FROM report_values WHERE report_id IN ({','.join('?' * len(chunk))}) "
             f"AND path IN ({marks})")
        for rid, path, value in conn.execute(q, (*chunk, *_NEEDED)):
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
    conn.execute("DELETE FROM cross_checks")
    conn.executemany("INSERT INTO cross_checks VALUES (?,?,?,?,?,?)",
                     [(c.report_id, c.prev_report_id, c.rule, c.expected, c.actual, int(c.ok)) for c in checks])
    return checks
