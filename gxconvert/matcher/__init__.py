"""The template matcher: Document -> Report.  It knows the forms (from
``gxconvert.templates``) and nothing of file formats."""

from __future__ import annotations

from typing import cast

from ..checks import run_checks
from ..errors import NotAReportError
from ..model import Document, Issue, Report, Source, Value
from ..normalize import squash
from ..options import DEFAULT_OPTIONS, Options
from .events import Heading, LRow, build_events
from .identity import check_against_form
from .meta import build_meta, detect_template
from .sections import build_sections
from .tables import match_tables


def match(doc: Document, source: Source, options: Options = DEFAULT_OPTIONS) -> Report:
    """The canonical report of ``doc`` (what a reader made of ``source``);
    ``options.glued_search_bound`` bounds the arithmetic's search."""
    ev = build_events(doc)
    meta, meta_prov, meta_warnings = build_meta(doc, ev)
    template, tmpl_warnings = detect_template(ev, meta.year)
    meta.template = template.id
    meta_warnings += check_against_form(meta, template, meta_prov)
    result = match_tables(ev.items, template, ev.tables, options)
    sections = build_sections(ev)

    if not result.found and not sections and not (meta.title and "公开" in squash(meta.title)):
        raise NotAReportError("not a 政府信息公开工作年度报告: no report title, none of the six parts and "
                              "none of the report tables were found", doc.path)

    warnings: list[Issue] = list(doc.warnings) + meta_warnings + tmpl_warnings + result.warnings
    values = cast(dict[str, dict[str, Value]], result.values)  # UNKNOWN never leaves the solver
    report = Report(source=source, meta=meta, sections=sections, values=values,
                    warnings=warnings, provenance=result.provenance, meta_provenance=meta_prov)
    report.checks = run_checks(template, result.values)
    return report


__all__ = ["Heading", "LRow", "build_events", "match"]
