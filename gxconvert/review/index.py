"""A converted dataset (the batch's SQLite file) as review pages: an index with
one row per report, the failures, filters and small charts, and one page per
report.

The schema read here is the batch sink's: ``reports`` (one row per converted
report, ``report_json`` = ``report.to_json(provenance=True)``), ``checks``,
``warnings`` and ``failures``.  The file is opened read-only; reports are
read one at a time, so a large dataset is never held in memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..datafiles import SQLITE_MAGIC
from ..dataset import sql
from ..errors import CorruptDocumentError
from ..model import Report
from ..templates import templates
from ..version import __version__
from . import charts, script, style
from .shell import esc, html_page

TOTAL_APPLICATIONS = "applications.new_received.total"


def is_dataset(path: str | Path) -> bool:
    """Whether ``path`` is an SQLite file (a dataset) rather than a report."""
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def connect(db_path: str | Path) -> sqlite3.Connection:
    """The dataset, opened read-only."""
    return sql.connect_readonly(db_path)


def page_name(report_id: int) -> str:
    """File name of one report's page inside the pages folder."""
    return f"{int(report_id)}.html"


def status_of(n_failed_checks: int | None, n_warnings: int | None, n_identity: int | None = 0) -> str:
    """``failing`` (a check fails), ``identity`` (a warning names a meta
    field: the agency, year, title or date may be wrong or missing),
    ``warnings`` (checks hold, other warnings given) or ``ok``."""
    if n_failed_checks:
        return "failing"
    if n_identity:
        return "identity"
    return "warnings" if n_warnings else "ok"


def _year_label(year: object) -> str:
    return "?" if year is None else str(year)


def _totals_per_year(con: sqlite3.Connection) -> list[tuple[object, float, int]]:
    """(year, sum of new applications, reports with a value) per year."""
    try:
        rows = con.execute(sql.sum_per_year(TOTAL_APPLICATIONS)).fetchall()
        return [(y, float(s or 0), int(n)) for y, s, n in rows]
    except sqlite3.OperationalError:  # an SQLite built without JSON functions
        acc: dict[object, tuple[float, int]] = {}
        for year, text in con.execute(sql.YEAR_AND_JSON):
            try:
                v = Report.from_json(text).value(TOTAL_APPLICATIONS)
            except (TypeError, json.JSONDecodeError):  # a damaged row; writing its page says so
                v = None
            s, n = acc.get(year, (0.0, 0))
            acc[year] = (s + float(v), n + 1) if isinstance(v, (int, float)) else (s, n)
        return [(y, s, n) for y, (s, n) in sorted(acc.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]


def _charts(con: sqlite3.Connection, n_reports: int) -> str:
    per_year = con.execute(sql.REPORTS_PER_YEAR).fetchall()
    fails = con.execute(sql.REPORTS_FAILING_PER_RULE).fetchall()
    totals = _totals_per_year(con)
    c1 = charts.columns([(_year_label(y), float(n)) for y, n in per_year], "Reports per year")
    c2 = charts.shares([(str(rule), (bad / n_reports) if n_reports else 0.0, f"{bad} of {n_reports} reports")
                        for rule, bad in fails], "Share of reports failing each check")
    c3 = charts.columns([(_year_label(y), s if n else None) for y, s, n in totals], "New applications per year")
    with_value = sum(n for _, _, n in totals)
    return (
        '<section class="card"><div class="charts">'
        f"<figure><figcaption>Reports per year</figcaption>{c1}</figure>"
        f"<figure><figcaption>Share of reports failing each check</figcaption>{c2}</figure>"
        f"<figure><figcaption>New applications per year</figcaption>{c3}"
        f'<p class="muted" style="font-size:12px;margin:4px 0 0">Sum of <code>{TOTAL_APPLICATIONS}</code> '
        f"over the {with_value} reports that state it.</p></figure>"
        "</div></section>")


def _tally(con: sqlite3.Connection, sql: str) -> dict[int, list[tuple[str, int]]]:
    """(name, count) per report id, from a ``report_id, name, count`` query."""
    out: dict[int, list[tuple[str, int]]] = {}
    for rid, name, n in con.execute(sql):
        out.setdefault(int(rid), []).append((str(name), int(n)))
    return out


def _what(items: list[tuple[str, int]] | None) -> str:
    """What a count is made of, e.g. ``row_total ×5``, small under it."""
    if not items:
        return ""
    shown = ", ".join(f"{name.rsplit('.', 1)[-1]} ×{n}" for name, n in sorted(items))
    return f'<br><span class="muted what">{esc(shown)}</span>'


def _options(values: list[str], all_label: str) -> str:
    return f'<option value="">{esc(all_label)}</option>' + "".join(
        f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)


def render_index(db_path: str | Path, pages_dir: str = "index-reports", name: str | None = None) -> str:
    """The index page of the dataset at ``db_path``: one row per report
    (agency, year, form, status, failing checks, warnings, link to
    ``pages_dir/<id>.html``), the failures, filters and charts."""
    with closing(connect(db_path)) as con:
        reports = con.execute(sql.INDEX_REPORTS).fetchall()
        failures = con.execute(sql.INDEX_FAILURES).fetchall()
        chart_html = _charts(con, len(reports))
        failed_rules = _tally(con, sql.FAILED_RULES_PER_REPORT)
        warned = _tally(con, sql.WARNING_CODES_PER_REPORT)
        identity = dict(con.execute(sql.IDENTITY_WARNINGS_PER_REPORT).fetchall())
    form_names = {t.id: t.name for t in templates()}
    rows = []
    for rid, path, agency, year, template, title, published, n_bad, n_warn in reports:
        status = status_of(n_bad, n_warn, identity.get(rid))
        text = " ".join(str(x) for x in (agency, year, template, title, path, published, status) if x is not None)
        href = quote(pages_dir) + "/" + page_name(rid)
        rows.append(
            f'<tr data-year="{esc(_year_label(year))}" data-form="{esc(template or "")}" data-status="{status}" '
            f'data-text="{esc(text.lower())}">'
            f'<td class="agency">{esc(agency) or "<span class=muted>—</span>"}</td>'
            f'<td class="num">{esc(_year_label(year))}</td>'
            f'<td title="{esc(form_names.get(template or "", ""))}">{esc(template or "?")}</td>'
            f'<td><span class="status {status}">{status}</span></td>'
            f'<td class="num">{int(n_bad or 0)}{_what(failed_rules.get(rid))}</td>'
            f'<td class="num">{int(n_warn or 0)}{_what(warned.get(rid))}</td>'
            f'<td>{esc(title)}<br><span class="muted mono">{esc(path)}</span></td>'
            f'<td><a href="{esc(href)}">review</a></td></tr>')
    years = sorted({_year_label(r[3]) for r in reports})
    forms = sorted({r[4] for r in reports if r[4]})
    fail_rows = "".join(
        f'<tr><td class="mono">{esc(p)}</td><td><code>{esc(k)}</code></td><td>{esc(m)}</td>'
        f"<td>{esc(v)}</td><td>{esc(at)}</td></tr>" for p, k, m, v, at in failures)
    failures_html = (
        f'<table class="list" id="failures"><thead><tr><th>path</th><th>kind</th><th>message</th>'
        f"<th>converter</th><th>failed at</th></tr></thead><tbody>{fail_rows}</tbody></table>"
        if failures else '<p class="muted">None.</p>')
    n_bad_reports = sum(1 for r in reports if r[7])
    name = name or Path(db_path).name
    content = f"""<header class="doc-head"><h1>Dataset review: {esc(name)}</h1>
<p class="summary"><b>{len(reports)}</b> reports · <b class="{"fail" if n_bad_reports else ""}">{n_bad_reports}</b> with
failing checks · <b>{len(failures)}</b> files failed to convert</p></header>
{chart_html}
<section class="card"><h2>Reports</h2>
<div class="filters">
<input id="f-text" type="search" placeholder="Filter: agency, title, path…" aria-label="text filter">
<select id="f-form" aria-label="form">{_options(forms, "any form")}</select>
<select id="f-year" aria-label="year">{_options(years, "any year")}</select>
<select id="f-status" aria-label="status">{_options(["ok", "warnings", "identity", "failing"], "any status")}</select>
<span id="f-count" class="muted">{len(reports)} reports</span>
</div>
<table class="list" id="reports"><thead><tr><th>agency</th><th>year</th><th>form</th><th>status</th>
<th>failing checks</th><th>warnings</th><th>title / source</th><th></th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></section>
<section class="card"><h2>Failures ({len(failures)})</h2>{failures_html}</section>"""
    return html_page(f"{name} · dataset review", style.INDEX, content, script.INDEX, "dataset review")


def load_into(db_path: Path, dicts: Iterable[dict[str, Any]]) -> None:
    """A SQLite dataset at ``db_path`` holding the given reports (a JSON
    Lines file or a folder of JSON reviewed as a dataset)."""
    con = sql.connect(db_path, create=True)
    try:
        with con:
            for d in dicts:
                report = Report.from_dict(d)
                sql.insert_report(con, report, 0.0, __version__)
    finally:
        con.close()


def iter_reports(db_path: str | Path) -> Iterator[tuple[int, Report]]:
    """Every report of the dataset with its id, rebuilt from ``report_json``,
    one at a time."""
    with closing(connect(db_path)) as con:
        for rid, text in sql.report_jsons(con):
            try:
                data = json.loads(text)
            except (TypeError, json.JSONDecodeError) as exc:
                raise CorruptDocumentError(f"reports row {rid}: report_json is not a report's JSON ({exc})",
                                           str(db_path)) from None
            yield int(rid), Report.from_dict(data)

