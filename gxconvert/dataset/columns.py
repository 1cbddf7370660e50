"""Rows of the dataset: one wide row per report, one long row per value.

The wide columns are the meta columns, then one column per dotted value
path of the forms in use (both official forms), table by table in the
forms' order (2019 paths first where the forms differ), the same on every
run whatever the inputs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from .. import version
from ..arith import equations
from ..matcher.identity import agency_key as agency_key  # the pairing key (meta.agency_key), re-exported
from ..model import Report
from ..templates import generation, table_keys, templates

#: the report's identity beyond title, agency, year and dates (meta.publisher, meta.region's parts)
IDENTITY_COLUMNS: tuple[str, ...] = ("publisher", "region_code", "region_province", "region_city", "region_county")
#: a report read from pixels: its OCR summary (``report.ocr``); null for a report read from text
OCR_COLUMNS: tuple[str, ...] = ("ocr_pages", "ocr_min_confidence", "ocr_mean_confidence", "ocr_doubtful")
META_COLUMNS: tuple[str, ...] = (
    "path", "sha256", "format", "title", "agency", "agency_key", "year", "template", "published",
    "converter_version", "n_failed_checks", "n_warnings", *IDENTITY_COLUMNS, *OCR_COLUMNS,
)
INT_META = frozenset({"year", "n_failed_checks", "n_warnings", "ocr_pages", "ocr_doubtful"})
FLOAT_META = frozenset({"ocr_min_confidence", "ocr_mean_confidence"})
LONG_COLUMNS: tuple[str, ...] = ("path", "agency", "year", "template", "value_path", "value", "how", "raw",
                                 "page", "line", "table", "cell")

def converter_version() -> str:
    return version.__version__


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def identity_row(report: Report) -> dict[str, Any]:
    """The identity columns of a report (``IDENTITY_COLUMNS``)."""
    m, r = report.meta, report.meta.region
    return {"publisher": m.publisher, "region_code": r.code if r else None,
            "region_province": r.province if r else None, "region_city": r.city if r else None,
            "region_county": r.county if r else None}


def ocr_row(report: Report) -> dict[str, Any]:
    """The OCR summary columns of a report (``OCR_COLUMNS``): all null unless it was read from pixels."""
    o = report.ocr or {}
    return {"ocr_pages": o.get("pages"), "ocr_min_confidence": o.get("min_confidence"),
            "ocr_mean_confidence": o.get("mean_confidence"), "ocr_doubtful": o.get("doubtful")}


def value_paths() -> tuple[str, ...]:
    """Every dotted value path (``applications.granted.total``) of the forms in use."""
    return _value_paths(generation())


@lru_cache(maxsize=4)
def _value_paths(generation: int) -> tuple[str, ...]:
    out: list[str] = []
    seen: set[str] = set()
    for table in table_keys():
        for t in templates():
            if table not in t.tables:
                continue
            for p in t.paths(table):
                full = f"{table}.{p}"
                if full not in seen:
                    seen.add(full)
                    out.append(full)
    return tuple(out)


def money_paths() -> frozenset[str]:
    """Value paths that hold money (numbers, not counts): a money column of its table in some form."""
    return _money_paths(generation())


@lru_cache(maxsize=4)
def _money_paths(generation: int) -> frozenset[str]:
    money = {(s.key, k) for t in templates() for s in t.tables.values() for k in s.money}
    return frozenset(p for p in value_paths() if (p.split(".", 1)[0], p.rsplit(".", 1)[-1]) in money)


def flat_values(report: Report) -> dict[str, Any]:
    return {f"{table}.{p}": v for table, flat in report.values.items() for p, v in flat.items()}


def meta_row(report: Report, version: str | None = None) -> dict[str, Any]:
    m = report.meta
    return {
        "path": report.source.path, "sha256": report.source.sha256, "format": report.source.format,
        "title": m.title, "agency": m.agency, "agency_key": m.agency_key or agency_key(m.agency), "year": m.year,
        "template": m.template, "published": m.published,
        "converter_version": version or converter_version(),
        "n_failed_checks": sum(1 for c in report.checks if not c.ok), "n_warnings": len(report.warnings),
        **identity_row(report),
        **ocr_row(report),
    }


def wide_row(report: Report, version: str | None = None) -> dict[str, Any]:
    """Meta columns then every value path (None where the form has no such value)."""
    row = meta_row(report, version)
    flat = flat_values(report)
    for p in value_paths():
        row[p] = flat.get(p)
    for p, v in flat.items():  # a path the forms do not list (a newer converter): kept, at the end
        row.setdefault(p, v)
    return row


def long_rows(report: Report) -> list[dict[str, Any]]:
    """One row per value with its provenance."""
    out = []
    m = report.meta
    for p, v in flat_values(report).items():
        prov = report.provenance.get(p)
        out.append({
            "path": report.source.path, "agency": m.agency, "year": m.year, "template": m.template,
            "value_path": p, "value": v,
            "how": prov.how if prov else None, "raw": prov.raw if prov else None,
            "page": prov.loc.page if prov and prov.loc else None,
            "line": prov.loc.line if prov and prov.loc else None,
            "table": prov.table if prov else None,
            "cell": f"r{prov.cell[0] + 1}c{prov.cell[1] + 1}" if prov and prov.cell else None,
        })
    return out


def failing_paths(report: Report) -> set[str]:
    """Value paths that a failing check of ``report`` involves."""
    bad = {(c.rule, c.where) for c in report.checks if not c.ok}
    if not bad or not report.meta.template:
        return set()
    template = next((t for t in templates() if t.id == report.meta.template), None)
    if template is None:
        return set()
    out: set[str] = set()
    for eq in equations(template):
        if (eq.rule, eq.where) in bad:
            out.update(f"{eq.table}.{p}" for p in eq.total + eq.parts)
    return out
