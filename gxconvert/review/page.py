"""One report as a self-contained HTML page: meta, tables 二 三 四 laid out as
the report's form, the six parts' text, the failing checks and warnings.

Everything from the report is escaped (it is untrusted text); the page has
inline CSS and script only and fetches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Issue, Report
from ..templates import TABLES, Template, sections, templates
from . import script, style
from .cells import (
    HOW_WORDS,
    HOWS,
    FailedCheck,
    box_text,
    cell_text,
    failed_checks,
    how_of,
    show_value,
    where_text,
)
from .layout import FormTable, Label, Slot, form_tables, where_words
from .shell import esc, html_page


def _template(report: Report) -> Template | None:
    for t in templates():
        if t.id == report.meta.template:
            return t
    return None


def _attrs(**pairs: str | None) -> str:
    return "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in pairs.items() if v is not None)


def _label_cell(c: Label) -> str:
    span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
    scope = ' scope="row"' if c.role == "row" else (' scope="col"' if c.role == "head" else "")
    unit = f' <span class="unit">（{esc(c.unit)}）</span>' if c.unit else ""
    return f'<th class="{esc(c.role)}"{scope}{span}>{esc(c.text)}{unit}</th>'


@dataclass(frozen=True, slots=True)
class _Marks:
    """Per value path: the failing checks (1-based, as listed) that sum it and
    the warnings (1-based) that name it."""

    failing: dict[str, list[int]]
    warned: dict[str, list[int]]


def _value_cell(report: Report, slot: Slot, marks: _Marks) -> str:
    table, _, path = slot.path.partition(".")
    value = report.values.get(table, {}).get(path)
    prov = report.provenance.get(slot.path)
    how = how_of(value, prov)
    failing = marks.failing.get(slot.path)
    warned = marks.warned.get(slot.path)
    classes = "v bad" if failing else "v"
    if value is not None:
        shown = show_value(value)
    elif how == "blank" and prov is not None:
        shown = prov.raw.strip() if prov.how == "cell" else ""  # a dash as the cell had it
    else:
        shown = "?"
    attrs = _attrs(
        data_path=slot.path, data_how=how, data_value=show_value(value), data_label=slot.label,
        data_raw=prov.raw if prov is not None else None,
        data_loc=(where_text(prov) or None) if prov is not None else None,
        data_cell=(cell_text(prov) or None) if prov is not None else None,
        data_box=(box_text(prov) or None) if prov is not None else None,
        data_note=(prov.note or None) if prov is not None else None,
        data_checks=", ".join(f"#{n}" for n in failing) if failing else None,
        data_warnings=" ".join(f"w{n}" for n in warned) if warned else None,
    )
    span = f' colspan="{slot.colspan}"' if slot.colspan > 1 else ""
    return f'<td class="{classes}"{span}{attrs} tabindex="0">{esc(shown)}</td>'


def _form_table(report: Report, ft: FormTable, marks: _Marks) -> str:
    out = [f'<section class="card" id="t-{esc(ft.key)}"><h2>{esc(ft.caption)}</h2>',
           f'<table class="form" data-table="{esc(ft.key)}">']
    if ft.head:
        out.append("<thead>")
        out.extend("<tr>" + "".join(_label_cell(c) for c in row) + "</tr>" for row in ft.head)
        out.append("</thead>")
    out.append("<tbody>")
    for row in ft.body:
        out.append("<tr>" + "".join(_label_cell(c) if isinstance(c, Label) else _value_cell(report, c, marks)
                                    for c in row) + "</tr>")
    out.append("</tbody></table></section>")
    return "\n".join(out)


def _unformed_values(report: Report) -> str:
    """A report whose form is not known: its values as a plain list."""
    rows = []
    for table, flat in report.values.items():
        for path, value in flat.items():
            full = f"{table}.{path}"
            prov = report.provenance.get(full)
            how = how_of(value, prov)
            rows.append(f'<tr><th scope="row"><code>{esc(full)}</code></th>'
                        f'<td class="v"{_attrs(data_path=full, data_how=how, data_value=show_value(value))}>'
                        f'{esc(show_value(value) or "?")}</td></tr>')
    return ('<section class="card"><h2>Values</h2><p class="muted">The report\'s form was not identified; '
            'its values are listed by path.</p><table class="form">' + "".join(rows) + "</table></section>")


_WARN_MARK = ' <b class="warn-mark" title="a warning names this field">!</b>'


def _read_from(report: Report, field: str) -> str:
    """Where an identity field was read, as a small note (``title, page 1``)."""
    p = report.meta_provenance.get(field)
    if p is None:
        return ""
    where = ", ".join(x for x in (p.source.replace("_", " "), str(p.loc) if p.loc else "") if x)
    return (f' <small class="muted" data-source="{esc(p.source)}" title="{esc(p.raw)}">'
            f"({esc(p.how)} from {esc(where)})</small>")


def _meta(report: Report, t: Template | None) -> str:
    m, s = report.meta, report.source
    form = f"{t.id} — {t.name}" if t is not None else (m.template or "not identified")
    region = (f"{m.region.code} {m.region.province or ''}{m.region.city or ''}{m.region.county or ''}"
              if m.region else None)
    pairs = [("Agency", m.agency, "agency"), ("Year", m.year, "year"), ("Form", form, ""),
             ("Published", m.published, "published"), ("Publisher", m.publisher, "publisher"),
             ("Region", region, "region"), ("Agency key", m.agency_key, ""),
             ("Source", f"{s.path or '-'} ({s.format})", ""), ("SHA-256", s.sha256, "")]
    doubted = {w.where[5:] for w in report.warnings if w.where.startswith("meta.")}
    none = '<span class="muted">—</span>'
    mono = ' class="mono"'
    items = "".join(
        f'<dt>{esc(k)}</dt><dd{mono if k == "SHA-256" else ""}'
        f'{_attrs(data_field=f or None, data_warned="1" if f in doubted else None)}>'
        f"{esc(v) if v not in (None, '') else none}"
        f"{_WARN_MARK if f in doubted else ''}"
        f"{_read_from(report, f) if f else ''}</dd>" for k, v, f in pairs)
    return f'<dl class="meta">{items}</dl>'


def _summary(report: Report, slots: list[Slot], bad: list[FailedCheck]) -> str:
    counts = dict.fromkeys(HOWS, 0)
    for slot in slots:
        table, _, path = slot.path.partition(".")
        counts[how_of(report.values.get(table, {}).get(path), report.provenance.get(slot.path))] += 1
    read = ", ".join(f"{n} {esc(h)}" for h, n in counts.items() if n)
    n_ok = len(report.checks) - len(bad)
    fail = f'<b class="fail">{len(bad)} failed</b>' if bad else "<b>0 failed</b>"
    untraced = ('<p class="summary fail">This report carries no provenance: no value can be traced to a cell '
                '(convert with provenance to review it).</p>' if slots and not report.provenance else "")
    return (f'<p class="summary"><b>{len(slots)}</b> values ({read}) · checks: <b>{n_ok}</b> passed, {fail}'
            f' · <b>{len(report.warnings)}</b> warnings</p>{untraced}')


def _legend() -> str:
    marks = {"cell": "0", "ocr": "0", "inferred": "0", "split": "0", "blank": "/", "missing": "?"}
    items = "".join(f'<dt><span class="swatch {h}">{marks[h]}</span></dt>'
                    f'<dd><code>{h}</code> — <span data-how-word="{h}">{esc(HOW_WORDS[h])}</span></dd>' for h in HOWS)
    items += ('<dt><span class="swatch bad">0</span></dt>'
              '<dd>in a failing 勾稽 check (hover a check to see its cells)</dd>')
    return f'<section class="card"><h2>Legend</h2><dl class="legend">{items}</dl></section>'


def _actual(report: Report, fc: FailedCheck) -> str:
    """The stated total of a failing check; a total left blank is said to
    be blank (the check counts it as 0), never shown as a stated 0."""
    if fc.total and all(report.value(p) is None for p in fc.total):
        return "blank (counted as 0)"
    return esc(show_value(fc.check.actual) or "null")


def _checks(report: Report, bad: list[FailedCheck], t: Template | None) -> str:
    if not report.checks:
        body = '<p class="muted">No checks (no table values).</p>'
    elif not bad:
        body = f'<p class="ok-note">All {len(report.checks)} checks hold.</p>'
    else:
        items = []
        for n, fc in enumerate(bad, 1):
            c = fc.check
            words = where_words(t, c.where) if t is not None else ""
            shown_where = (f'{esc(words)} <code class="muted">{esc(c.where)}</code>' if words
                           else f"<code>{esc(c.where)}</code>")
            items.append(f'<li tabindex="0" data-check="{n}" data-cells="{esc(" ".join(fc.paths))}">'
                         f'<code>{esc(c.rule)}</code> at {shown_where}<br>'
                         f'<span class="nums">expected {esc(show_value(c.expected) or "null")}, '
                         f'actual {_actual(report, fc)}</span></li>')
        body = (f'<p class="muted" style="margin:0 0 6px;font-size:12px">expected = the parts added up, '
                f'actual = the stated total; {len(report.checks) - len(bad)} other checks hold.</p>'
                f'<ol class="checks">{"".join(items)}</ol>')
    return f'<section class="card" id="checks"><h2>Failing checks ({len(bad)})</h2>{body}</section>'


def _parts(report: Report) -> str:
    own = {s.number: s for s in report.sections}
    out = []
    for spec in sections():
        sec = own.get(spec.number)
        if sec is None:
            out.append(f'<p class="absent">{esc(spec.heading)} — not in the report</p>')
        else:
            out.append(f'<details class="part" data-part="{spec.number}"><summary>{esc(sec.heading or spec.heading)}'
                       f'</summary><div class="text">{esc(sec.text)}</div></details>')
    return '<section class="card" id="parts"><h2>The report\'s six parts</h2>' + "".join(out) + "</section>"


_PATHS = re.compile(r"\b(?:" + "|".join(TABLES) + r")(?:\.[a-z_]+)+")


def warning_cells(w: Issue, paths: list[str]) -> list[str]:
    """The value cells a warning names (a dotted row or value path in its
    ``where`` or message), in form order."""
    named = set(_PATHS.findall(f"{w.where} {w.message}"))
    return [p for p in paths if any(p == n or p.startswith(n + ".") for n in named)]


def _warnings(report: Report, paths: list[str]) -> str:
    if not report.warnings:
        return '<section class="card" id="warnings"><h2>Warnings (0)</h2><p class="muted">None.</p></section>'
    rows = "".join(f'<tr id="w{n}" tabindex="0" data-cells="{esc(" ".join(warning_cells(w, paths)))}">'
                   f"<td><code>{esc(w.code)}</code></td><td><code>{esc(w.where)}</code></td>"
                   f"<td>{esc(w.message)}</td></tr>" for n, w in enumerate(report.warnings, 1))
    return (f'<section class="card" id="warnings"><h2>Warnings ({len(report.warnings)})</h2>'
            f'<table class="list"><thead><tr><th>code</th><th>where</th><th>message</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></section>")


def render_report(report: Report, back_link: str | None = None) -> str:
    """The review page of ``report`` as one self-contained HTML document.
    ``back_link``: a relative URL of the dataset index, shown at the top."""
    t = _template(report)
    bad = failed_checks(report, t)
    marks = _Marks({}, {})
    for n, fc in enumerate(bad, 1):
        for p in fc.paths:
            marks.failing.setdefault(p, []).append(n)
    if t is not None:
        tables = form_tables(t)
        slots = [s for ft in tables for s in ft.slots()]
        paths = [s.path for s in slots]
        for n, w in enumerate(report.warnings, 1):
            for p in warning_cells(w, paths):
                marks.warned.setdefault(p, []).append(n)
        body = "\n".join(_form_table(report, ft, marks) for ft in tables)
    else:
        slots = []
        body = _unformed_values(report)
    title = report.meta.title or report.source.path or "report"
    crumb = f'<p class="crumb noprint"><a href="{esc(back_link)}">← dataset index</a></p>' if back_link else ""
    content = f"""<header class="doc-head">{crumb}<h1>{esc(title)}</h1>
{_meta(report, t)}
{_summary(report, slots, bad)}
</header>
<div class="layout">
<main>
{body}
{_parts(report)}
{_warnings(report, [s.path for s in slots])}
</main>
<aside>
{_legend()}
{_checks(report, bad, t)}
<section class="card" id="prov"><h2>Source of a value</h2><div id="prov-body">
<p class="muted" style="margin:0;font-size:12.5px">Click a value to see where it came from.</p></div></section>
</aside>
</div>"""
    return html_page(f"{title} · review", style.REPORT, content, script.REPORT, "review page")
