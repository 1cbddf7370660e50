"""The identity of a report: title, agency, year, published date, the
hosting page's publisher, the agency's pairing key and its region — each
chosen from ranked candidates of every source, sanity-tested, with where it
was read (``Report.meta_provenance``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ...catalogue import WarningCode
from ...model import Document, Issue, Meta, Provenance
from ...templates import Template
from ..events import Events
from . import region as regions
from . import sources
from .candidates import RANK, SOURCE_MEANING, Candidate, ranked
from .key import agency_key
from .sanity import agency_problem, published_problem, title_problem, year_problem
from .text import year_of

PickedField = Literal["title", "agency", "published"]
#: the warnings of a field whose candidates fail their sanity test: (all failed, a better one failed)
_REJECTED: dict[PickedField, tuple[WarningCode, WarningCode]] = {
    "title": ("title_rejected", "title_candidate_rejected"),
    "agency": ("agency_rejected", "agency_candidate_rejected"),
    "published": ("published_rejected", "published_candidate_rejected"),
}


def _pick(field: PickedField, cands: list[Candidate], problem: Callable[[Candidate], str | None],
          warnings: list[Issue], demote: Callable[[Candidate], bool] | None = None) -> Candidate | None:
    """The best-ranked candidate that passes its sanity test (those ``demote``
    says after all others); a candidate of a better source that failed is
    named by a warning."""
    rejected: list[tuple[Candidate, str]] = []
    order = ranked(cands)
    if demote is not None:
        order = [c for c in order if not demote(c)] + [c for c in order if demote(c)]
    for c in order:
        why = problem(c)
        if why is None:
            if rejected:
                warnings.append(Issue(_REJECTED[field][1], "; ".join(
                    f"{SOURCE_MEANING[r.source]} says {r.value!r}: {w}" for r, w in rejected)
                    + f"; took {c.value!r} from {SOURCE_MEANING[c.source]}", f"meta.{field}"))
            return c
        rejected.append((c, why))
    if rejected:
        warnings.append(Issue(_REJECTED[field][0], "; ".join(
            f"{SOURCE_MEANING[r.source]} says {r.value!r}: {w}" for r, w in rejected) + "; left null",
            f"meta.{field}"))
    return None


def _decided(first: list[Candidate]) -> bool:
    """Whether the agency is decided by the candidates of the text's titles
    and the signature alone: one of the report's own words (title,
    signature) names a body with its place and passes.  Every other source
    ranks after it, so neither the pick nor its warnings can change: the
    opening sentences are not searched for a body, the file name not read."""
    return any(c.rank <= _OWN_WORDS and not _placeless(c) and agency_problem(str(c.value)) is None for c in first)


_OWN_WORDS = RANK.index("signature")


def _placeless(c: Candidate) -> bool:
    return str(c.value)[:1] in _LEVELS


_LEVELS = "省市县区旗州盟镇乡"


def same_body(a: str, b: str) -> bool:
    """Two names of one body: the same key, or one the other with its
    division left out (``县卫健委`` on the page of ``米林县卫健委``)."""
    ka, kb = agency_key(a), agency_key(b)
    if not ka or not kb:
        return False
    short, long_ = sorted((ka, kb), key=len)
    return ka == kb or (len(short) >= 3 and long_.endswith(short) and short[0] in _LEVELS)


def build_identity(doc: Document, ev: Events) -> tuple[Meta, dict[str, Provenance], list[Issue]]:
    warnings: list[Issue] = []
    prov: dict[str, Provenance] = {}
    meta = Meta()
    lines = sources.head(ev)
    own = sources.title_candidates(lines, doc, fallbacks=False)
    sig = sources.signature(ev)
    page = sources.page_fields(lines, doc)
    # agency: the report's own title, its signature, its opening, the page, the file name
    own_agencies = sources.agency_of_titles(own)
    signed = [sig.agency] if sig.agency else []
    decided = _decided(own_agencies + signed)
    # the title as the page's title and the file name say it ranks after every title of the text: read only
    # when the text's titles all fail, or the agency is still open (their agencies are candidates too)
    fallback = [] if decided and any(title_problem(str(c.value)) is None for c in own) \
        else sources.fallback_titles(doc)
    titles = own + fallback
    opening = sources.opening(ev, lines, agencies_wanted=not decided)

    title = _pick("title", titles, lambda c: title_problem(str(c.value)), warnings)
    if title is not None:
        meta.title = str(title.value)
        prov["title"] = title.provenance()
    elif not titles:
        warnings.append(Issue("title_not_found", "no report title in the text, a page field, the page's title "
                              "or the file name", "meta.title"))

    agencies = own_agencies + signed if decided else own_agencies + sources.agency_of_titles(fallback) + signed \
        + opening.agencies + page.agencies + sources.file_agency(doc)
    # a name without its place (县卫生健康局, as a county's own site writes it) only when no source names more
    agency = _pick("agency", agencies, lambda c: agency_problem(str(c.value)), warnings, demote=_placeless)
    if agency is not None:
        meta.agency = str(agency.value)
        prov["agency"] = agency.provenance()
        if sig.agency and agency.source != "signature" and agency_problem(str(sig.agency.value)) is None \
                and not same_body(meta.agency, str(sig.agency.value)):
            warnings.append(Issue("agency_mismatch", f"the {SOURCE_MEANING[agency.source]} names {meta.agency!r}, "
                                  f"the signature {sig.agency.value!r}; kept the first", "meta.agency"))
    else:
        warnings.append(Issue("agency_not_found", "no reporting body found in the title, signature, opening "
                              "sentences, page fields or file name", "meta.agency"))
    _publisher(meta, agency, page, prov, warnings)

    _year(meta, title, opening, sig, page, prov, warnings)
    _published(meta, sig, page, prov, warnings)
    if meta.agency and agency is not None:
        meta.agency_key = agency_key(meta.agency)
        prov["agency_key"] = Provenance(raw=meta.agency, loc=agency.loc, how="inferred", source=agency.source,
                                        note="meta.agency normalised for pairing years")
        _region(meta, agency, prov, warnings)
    return meta, prov, warnings


def _publisher(meta: Meta, agency: Candidate | None, page: sources.PageFields, prov: dict[str, Provenance],
               warnings: list[Issue]) -> None:
    """The body the hosting page names (来源, 发布机构); one other than the
    report's agency is said.  (A site's name in the page title is the site's,
    not a publisher: a department's page on its government's site.)"""
    body = next((c for c in page.agencies if agency_problem(str(c.value)) is None), None)
    pub = body
    if pub is None:
        return
    meta.publisher = str(pub.value)
    prov["publisher"] = pub.provenance()
    if body is not None and meta.agency and agency is not None and agency.source != body.source \
            and not same_body(meta.agency, meta.publisher):
        warnings.append(Issue("agency_publisher_differ", f"the {SOURCE_MEANING[agency.source]} names "
                              f"{meta.agency!r}, the hosting page ({body.key or 'its markup'}) {meta.publisher!r}; "
                              "kept the report's reading, the page's is meta.publisher", "meta.agency"))


def _year(meta: Meta, title: Candidate | None, opening: sources.Opening, sig: sources.Signature,
          page: sources.PageFields, prov: dict[str, Provenance], warnings: list[Issue]) -> None:
    """The statistical year: the title's, the statistical period's and the
    signature date's (the year before it) must agree; when they do not,
    two that agree win, else the title."""
    said: list[Candidate] = []
    ty = year_of(str(title.value)) if title is not None else None
    if title is not None and ty is not None:
        said.append(Candidate(ty, title.source, title.raw, title.loc))
    if opening.period_year is not None:
        said.append(opening.period_year)
    sig_year = None
    if sig.date is not None:
        sig_year = int(str(sig.date.value)[:4]) - 1
        said.append(Candidate(sig_year, "signature", sig.date.raw, sig.date.loc, how="inferred",
                              note="the year before the signature date"))
    stated = [c for c in said if c.how == "read"]
    if stated:
        votes = {c.value: sum(1 for d in said if d.value == c.value) for c in stated}
        best = max(stated, key=lambda c: (votes[c.value], -c.rank))
        others = [c for c in said if c.value != best.value]
        if others:
            warnings.append(Issue("year_sources_disagree", "; ".join(
                f"{SOURCE_MEANING[c.source]} says {c.value}" for c in said) + f"; took {best.value} from "
                f"{SOURCE_MEANING[best.source]} (" + ("agreed by another source" if votes[best.value] > 1
                                                     else "the report's own title first") + ")", "meta.year"))
        meta.year = int(best.value)
        prov["year"] = best.provenance()
        return
    inferred = said[0] if said else None
    if inferred is None and page.dates:
        d = page.dates[0]
        inferred = Candidate(int(str(d.value)[:4]) - 1, d.source, d.raw, d.loc, how="inferred",
                             note="the year before the page's date", key=d.key)
    if inferred is not None:
        meta.year = int(inferred.value)
        prov["year"] = inferred.provenance()
        warnings.append(Issue("year_inferred", f"no year in the title or the statistical period; took the year "
                              f"before {SOURCE_MEANING[inferred.source]}'s date ({meta.year})", "meta.year"))


def _published(meta: Meta, sig: sources.Signature, page: sources.PageFields, prov: dict[str, Provenance],
               warnings: list[Issue]) -> None:
    cands = ([sig.date] if sig.date else []) + page.dates
    best = _pick("published", cands, lambda c: published_problem(str(c.value), meta.year), warnings)
    if best is not None:
        meta.published = str(best.value)
        prov["published"] = best.provenance()
    elif not cands:
        warnings.append(Issue("published_not_found", "no signature date and no date on the hosting page "
                              "(发布日期, 成文日期, 时间 …)", "meta.published"))


def _region(meta: Meta, agency: Candidate, prov: dict[str, Provenance], warnings: list[Issue]) -> None:
    assert meta.agency is not None
    context = " ".join(x for x in (meta.title, meta.publisher) if x)
    found = regions.resolve(meta.agency, context)
    if found.region is None:
        warnings.append(Issue("region_unknown", f"no region for {meta.agency!r}: {found.problem}", "meta.region"))
        return
    meta.region = found.region
    note = "GB/T 2260 division named by meta.agency" + (f"; {found.problem}" if found.problem else "")
    prov["region"] = Provenance(raw=found.matched, loc=agency.loc, how="inferred", source=agency.source, note=note)
    if found.former:
        warnings.append(Issue("region_former_name", found.problem, "meta.region"))


def check_against_form(meta: Meta, template: Template, prov: dict[str, Provenance]) -> list[Issue]:
    """A year outside the years of the form the tables are on is not stored."""
    if meta.year is None:
        return []
    why = year_problem(meta.year, template.applies_from)
    if why is None:
        return []
    bad = meta.year
    meta.year = None
    prov.pop("year", None)
    return [Issue("year_rejected", f"the year {bad} cannot be the report's: {why}; left null", "meta.year")]
