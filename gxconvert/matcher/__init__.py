"""The template matcher: Document -> Report.  It knows the forms (from
``gxconvert.templates``) and nothing of file formats."""

from __future__ import annotations

from typing import cast

from ..checks import run_checks
from ..errors import CorruptDocumentError, NotAReportError
from ..model import Document, Issue, Report, Source, Value
from ..normalize import squash
from ..options import DEFAULT_OPTIONS, Options
from .events import Heading, LRow, build_events
from .identity import check_against_form
from .meta import build_meta, detect_template
from .ocrtrust import blame_failures, null_doubtful, ocr_summary
from .sections import build_sections
from .tables import match_tables

#: the reader's words for a document that lost its end or some pages
_CUT = frozenset({"truncated", "page_unreadable"})


def match(doc: Document, source: Source, options: Options = DEFAULT_OPTIONS) -> Report:
    """The canonical report of ``doc`` (what a reader made of ``source``);
    ``options.glued_search_bound`` bounds the arithmetic's search."""
    ev = build_events(doc)
    meta, meta_prov, meta_warnings = build_meta(doc, ev)
    template, tmpl_warnings = detect_template(ev, meta.year)
    meta.template = template.id
    meta_warnings += check_against_form(meta, template, meta_prov)
    result = match_tables(ev.items, template, ev.tables, options, ev.first_numbers)
    sections = build_sections(ev)

    cut = next((w for w in doc.warnings if w.code in _CUT), None)
    if cut is not None and not result.found:  # what is left of a cut-off file is no report: every value null
        raise CorruptDocumentError(f"the document is cut off ({cut.where or cut.code}) and none of the report "
                                   "tables survive the cut (a truncated download?)", doc.path)
    if not result.found and not sections and not (meta.title and "公开" in squash(meta.title)):
        raise NotAReportError("not a 政府信息公开工作年度报告: no report title, none of the six parts and "
                              "none of the report tables were found", doc.path)

    warnings: list[Issue] = list(doc.warnings) + meta_warnings + tmpl_warnings + result.warnings
    values = cast("dict[str, dict[str, Value]]", result.values)  # UNKNOWN never leaves the solver
    report = Report(source=source, meta=meta, sections=sections, values=values,
                    warnings=warnings, provenance=result.provenance, meta_provenance=meta_prov)
    if doc.ocr_pages:
        null_doubtful(report, template)
    report.checks = run_checks(template, result.values)
    if doc.ocr_pages:
        blame_failures(report, template, report.checks)
        report.ocr = ocr_summary(report, doc.ocr_pages)
    return report


__all__ = ["Heading", "LRow", "build_events", "match"]
