"""Values read from pixels: the form's arithmetic as the second reader.

Format-agnostic: it looks only at what provenance says of a value (a
confidence, ``doubtful``), never at how a reader got it.

* A value whose cell the reader called doubtful (a digit read with a
  confidence below the OCR reader's threshold) is null, with an
  ``ocr_low_confidence`` warning naming its path.  When the form's
  equations through that cell, all other cells known, give one value, it
  is the warning's ``suggested`` (never the value), and the warning says
  whether the OCR reading would have failed the check.
  A blank's mark (a dash) read with a low confidence stays null, named by
  the same warning (it may be a digit).
* A failing check whose cells were all read from pixels and of which exactly
  one is below :data:`SURE` gets an ``ocr_check_failed`` warning naming
  that cell, its reading, and the value the check gives it (``suggested``):
  the one cell that explains the failure.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..arith import Equation, equations
from ..model import Check, Issue, Provenance, Report
from ..templates import Template

#: a value read from pixels with a confidence of this or more is taken as sure (a failing check
#: among such cells is not blamed on one of them)
SURE = 0.98


def _ocr(prov: Provenance | None) -> bool:
    return prov is not None and prov.loc is not None and prov.loc.conf is not None


def _solve(eq: Equation, path: str, values: Mapping[str, object]) -> int | float | None:
    """The value ``path`` must have for ``eq`` to hold, the other cells as they are (None: one is null)."""
    known: dict[str, float] = {}
    for p in eq.total + eq.parts:
        v = values.get(p)
        if p != path:
            if not isinstance(v, (int, float)):
                return None
            known[p] = float(v)
    parts = sum(known[p] for p in eq.parts if p != path)
    total = sum(known[p] for p in eq.total if p != path)
    got = total - parts if path in eq.parts else parts - total
    return int(got) if float(got).is_integer() else round(got, 6)


def null_doubtful(report: Report, template: Template) -> None:
    """Doubtful OCR values -> null + a warning (with the arithmetic's value); every
    OCR value's provenance says ``how: "ocr"``."""
    for prov in report.provenance.values():
        if _ocr(prov) and prov.how == "cell":
            prov.how = "ocr"
    for full, prov in sorted(report.provenance.items()):
        if not _ocr(prov) or prov.loc is None or not prov.loc.doubtful:
            continue
        table, _, path = full.partition(".")
        values = report.values.get(table, {})
        read = values.get(path)
        if read is None:
            if not any(ch.isdigit() for ch in prov.raw):  # a blank's mark read unsure: it may be a digit
                report.warnings.append(Issue(
                    "ocr_low_confidence", f"{full}: read from pixels as {prov.raw.strip()!r} (no number) with a "
                    f"confidence of {prov.loc.conf or 0.0:.2f}: the cell may hold a number; left null", full))
            continue
        values[path] = None
        conf = prov.loc.conf or 0.0
        msg = f"{full}: the digits {prov.raw!r} were read from pixels with a confidence of {conf:.2f}: left null"
        suggested, rule = None, None
        for eq in equations(template, table):
            if path in eq.total or path in eq.parts:
                got = _solve(eq, path, values)
                if got is not None and got >= 0:
                    if suggested is not None and got != suggested:
                        suggested = None
                        break
                    suggested, rule = got, eq
        if suggested is not None and rule is not None:
            verdict = "agrees with the reading" if suggested == read else f"the reading {read} would fail that check"
            msg += f"; the form's arithmetic ({rule.where}) gives {suggested} ({verdict})"
        report.warnings.append(Issue("ocr_low_confidence", msg, full, suggested=suggested))


def blame_failures(report: Report, template: Template, checks: list[Check]) -> None:
    """A failing check whose cells are all OCR values, one of them unsure: named."""
    by_key = {(eq.rule, eq.where): eq for eq in equations(template)}
    blamed: set[str] = set()
    for chk in checks:
        eq = by_key.get((chk.rule, chk.where))
        if chk.ok or eq is None:
            continue
        values = report.values.get(eq.table, {})
        cells = [(p, report.provenance.get(f"{eq.table}.{p}")) for p in eq.total + eq.parts]
        if not all(_ocr(pv) or values.get(p) is None for p, pv in cells):
            continue
        unsure = [(p, pv) for p, pv in cells if _ocr(pv) and pv is not None and pv.loc is not None
                  and (pv.loc.conf or 0.0) < SURE and values.get(p) is not None]
        if len(unsure) != 1:
            continue
        path, pv = unsure[0]
        full = f"{eq.table}.{path}"
        got = _solve(eq, path, values)
        if got is None or got < 0 or full in blamed:
            continue
        blamed.add(full)
        assert pv is not None and pv.loc is not None
        report.warnings.append(Issue(
            "ocr_check_failed",
            f"{full}: read from pixels as {values.get(path)} (confidence {pv.loc.conf or 0.0:.2f}), the least sure "
            f"cell of the failing check {chk.rule} ({chk.where}); the check holds with {got}", full, suggested=got))


def ocr_summary(report: Report, pages: int) -> dict[str, object]:
    """The report's OCR confidence summary (``report.ocr``)."""
    confs = [p.loc.conf for p in report.provenance.values() if p.loc is not None and p.loc.conf is not None]
    return {"pages": pages, "values": len(confs),
            "min_confidence": round(min(confs), 4) if confs else None,
            "mean_confidence": round(sum(confs) / len(confs), 4) if confs else None,
            "doubtful": sum(1 for w in report.warnings if w.code == "ocr_low_confidence")}
