"""The official report forms, loaded from data.

Every ``form*.json`` of the templates folder is a form (today
``form2019.json``, 国办公开办函〔2019〕60号, and ``form2021.json``,
国办公开办函〔2021〕30号); each states the year it ``applies_from`` and what
is its own (table 二, table 三's rows of the group its forms differ in, narrative cues).
``common.json`` holds what the forms share (the list of tables with their
layouts, table 三's rows and columns, table 四, the six sections, the
勾稽关系 rules, narrative cues).  A form is a :class:`Template` whose
``tables`` maps each table's name to its :class:`TableSpec`; every consumer
iterates them.  A new form is a new file, and a new table is an entry of
its ``tables`` list plus its data (and its ``rules``, ``display``): code reads
these and holds no labels or table names of its own.

The folder is this package's own unless :func:`load` (or the
``GXCONVERT_TEMPLATES`` environment variable, read at first use) names
another; a file missing there (``common.json``) is taken from the package.
Loaded forms are cached and read-only: safe to share between threads;
:func:`load` swaps them as a whole.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from .. import patterns
from ..normalize import label_key

if TYPE_CHECKING:
    from pathlib import Path

# the forms' folder, when the package is on disk (os.path: pathlib and the urllib, ipaddress it imports are
# ~5 % of ``import gxconvert``)
_HERE = os.path.dirname(os.path.realpath(__file__))


@dataclass(frozen=True, slots=True)
class RowSpec:
    key: str  # dotted key inside its table, e.g. "denied.state_secret"
    labels: tuple[str, ...]  # label keys (normalised)
    group: str | None = None
    columns: tuple[str, ...] = ()  # a "rows" table (table 二): the row's own columns
    result: bool = False  # counted in applications.results_sum
    is_group_row: bool = False  # the row is labelled by its group label (one row of the 2019 form)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    key: str
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """A 勾稽关系: for each member of ``each``, sum(total) == sum(parts)."""

    rule: str
    table: str
    each: str  # "column" | "row" | "group"
    total: tuple[str, ...]
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NarrativeCue:
    """A phrase of the report's text stating one count of a table (see
    common.json, ``narrative``).  ``path`` is the table path; for a cue with
    ``columns`` it is the table only, the row coming from the match's
    ``row`` group and the column from its ``column`` group mapped by
    ``columns``."""

    path: str
    source: str  # the pattern, as the form's JSON has it (``{row}`` filled in)
    head_before: bool = False  # the head is the clause before the match (else: up to the number)
    skip_if_head_has: str = ""
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled pattern: compiled when first asked (only a report
        whose counts are read from its text asks; a one-file ``convert``
        does not pay for every form's cues)."""
        return _compiled(self.source)


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return patterns.compile(source)


@dataclass(frozen=True, slots=True)
class HeaderCues:
    """What makes a row of labels a "flat" table's header (its
    ``header_cues`` in the form's JSON)."""

    columns: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()

    def matches(self, keys: list[str]) -> bool:
        return any(k in self.columns for k in keys) and any(
            k in self.partners or any(g in k for g in self.groups) for k in keys)


#: how a table's values sit (common.json, ``tables``): "rows" (each row its own
#: columns, named by the header row above it), "grid" (rows x the same columns,
#: settled by the rules' arithmetic), "flat" (groups x columns, one run of cells)
Layout = Literal["rows", "grid", "flat"]
LAYOUTS: tuple[Layout, ...] = ("rows", "grid", "flat")


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One table of a form, from its JSON: what every consumer (matcher,
    checks, review page, dataset, schema) iterates."""

    key: str  # the table's name in the output, e.g. "applications"
    layout: Layout
    aliases: tuple[str, ...] = ()  # short names Report.value() accepts
    heading: tuple[str, ...] = ()  # label keys of the part's title that holds it
    rows: tuple[RowSpec, ...] = ()  # "rows" and "grid"
    columns: tuple[ColumnSpec, ...] = ()  # "grid" and "flat": every row's columns
    groups: tuple[ColumnSpec, ...] = ()  # "grid": the rows' merged parent labels; "flat": its groups
    column_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "rows": header words of each column
    signed: frozenset[str] = frozenset()  # columns whose values may be negative
    money: dict[str, str] = field(default_factory=dict)  # money columns -> their unit ('yuan' | 'wan_yuan')
    header_cues: HeaderCues = field(default_factory=HeaderCues)  # "flat": its header row

    def row(self, key: str) -> RowSpec:
        return next(r for r in self.rows if r.key == key)

    def column_of(self, text_key: str) -> str | None:
        """The column whose header label is ``text_key`` (a label key), for a "rows" table."""
        for col, labels in self.column_labels.items():
            if text_key in labels:
                return col
        return None

    def paths(self) -> list[str]:
        """Every dotted value path of the table, in form order."""
        if self.layout == "rows":
            return [f"{r.key}.{c}" for r in self.rows for c in r.columns]
        if self.layout == "grid":
            return [f"{r.key}.{c.key}" for r in self.rows for c in self.columns]
        return [f"{g.key}.{c.key}" for g in self.groups for c in self.columns]


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    markers: tuple[str, ...]
    tables: dict[str, TableSpec]  # in form order; never changed after loading
    rules: tuple[Rule, ...] = field(default=())
    applies_from: int = 0  # the first report year the form is for
    narrative: tuple[NarrativeCue, ...] = ()
    narrative_ignore: re.Pattern[str] | None = None  # a head holding this is not this year's count
    table_sections: dict[int, str] = field(default_factory=dict)  # part number -> the table it holds

    def of_layout(self, layout: Layout) -> list[TableSpec]:
        return [t for t in self.tables.values() if t.layout == layout]

    def paths(self, table: str) -> list[str]:
        """Every dotted value path of ``table`` in this form, in form order."""
        return self.tables[table].paths()


@dataclass(frozen=True, slots=True)
class SectionSpec:
    number: int
    heading: str
    labels: tuple[str, ...]


ENV_FOLDER = "GXCONVERT_TEMPLATES"
_folder: list[str | None] = [None]  # the folder load() set (None: the environment's or the package's)
_generation = [0]  # load() calls so far


def folder() -> Path | None:
    """The templates folder in use, None for the package's own."""
    where = _where()
    if where is None:
        return None
    from pathlib import Path

    return Path(where)


def _where() -> str | None:
    """:func:`folder`, as a string."""
    if _folder[0] is not None:
        return _folder[0]
    return os.environ.get(ENV_FOLDER) or None


def load(path: str | os.PathLike[str] | None = None) -> tuple[Template, ...]:
    """Read the forms from folder ``path`` (None: the package's own) from now
    on, and return them.  Clears every cache built from the previous forms."""
    _folder[0] = os.fspath(path) if path is not None else None
    _generation[0] += 1
    for f in (templates, sections, meta_cues, cross_year_rules, review_trend, _display, _load):
        f.cache_clear()
    return templates()


@cache
def _load(name: str) -> dict[str, Any]:
    where = _where()
    if where is not None and os.path.isfile(os.path.join(where, name)):
        text = _read_text(os.path.join(where, name))
    elif os.path.isfile(os.path.join(_HERE, name)):  # the package on disk (importlib.resources costs ~10 imports)
        text = _read_text(os.path.join(_HERE, name))
    else:
        from importlib import resources

        text = resources.files(__name__).joinpath(name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _form_files() -> list[str]:
    """The form files of the templates folder (``form*.json``)."""
    where = _where()
    if where is None and os.path.isdir(_HERE):
        where = _HERE
    if where is not None:
        names: Iterable[str] = os.listdir(where)
    else:
        from importlib import resources

        names = (p.name for p in resources.files(__name__).iterdir())
    return sorted(n for n in names if n.startswith("form") and n.endswith(".json"))


def _keys(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(label_key(x) for x in labels)


def _cue(c: dict[str, Any], path: str, rows: str = "") -> NarrativeCue:
    pattern = c["pattern"].replace("{row}", rows) if rows else c["pattern"]
    return NarrativeCue(path=path, source=pattern, head_before=c.get("head") == "before",
                        skip_if_head_has=c.get("skip_if_head_has", ""),
                        columns=tuple(c.get("columns", {}).items()))


def _row_cues(items: list[dict[str, Any]], table: str, rows: tuple[RowSpec, ...]) -> tuple[NarrativeCue, ...]:
    """A "rows" table's cues: ``{row}`` stands for the labels of the rows that
    have one of the cue's columns, longest first."""
    out = []
    for c in items:
        cols = set(c.get("columns", {}).values())
        labels = sorted({a for r in rows if cols & set(r.columns) for a in r.labels}, key=lambda a: (-len(a), a))
        out.append(_cue(c, table, "|".join(re.escape(a) for a in labels)))
    return tuple(out)


def _rows(items: Iterable[dict[str, Any]]) -> tuple[RowSpec, ...]:
    return tuple(
        RowSpec(key=r["key"], labels=_keys(r["labels"]), group=r.get("group"),
                columns=tuple(r.get("columns", ())), result=bool(r.get("result")),
                is_group_row=bool(r.get("is_group_row")))
        for r in items
    )


def _cols(items: Iterable[dict[str, Any]]) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(key=c["key"], labels=_keys(c["labels"])) for c in items)


@cache
def sections() -> tuple[SectionSpec, ...]:
    return tuple(SectionSpec(s["number"], s["heading"], _keys(s["labels"])) for s in _load("common.json")["sections"])


def _table_list(common: dict[str, Any], form: dict[str, Any]) -> list[dict[str, Any]]:
    """The form's tables in order: common.json's, then those the form file adds."""
    out = {t["key"]: dict(t) for t in common.get("tables", ())}
    for t in form.get("tables", ()):
        out[t["key"]] = {**out.get(t["key"], {}), **t}
    return list(out.values())


def _header_cues(c: dict[str, Any]) -> HeaderCues:
    return HeaderCues(_keys(c.get("columns", ())), _keys(c.get("groups", ())), _keys(c.get("partners", ())))


def _table(decl: dict[str, Any], data: dict[str, Any]) -> TableSpec:
    layout = decl["layout"]
    if layout not in LAYOUTS:
        raise ValueError(f"table {decl['key']}: layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    rows = _rows([*data.get("rows_head", ()), *data.get("rows", ()), *data.get("rows_tail", ())])
    return TableSpec(
        key=decl["key"], layout=layout, aliases=tuple(decl.get("aliases", ())),
        heading=_keys(data.get("heading", ())), rows=rows,
        columns=_cols(data.get("columns", ())), groups=_cols(data.get("groups", ())),
        column_labels={k: _keys(v) for k, v in data.get("column_labels", {}).items()},
        signed=frozenset(data.get("signed", ())), money=dict(data.get("money", {})),
        header_cues=_header_cues(data.get("header_cues", {})))


def _rules(items: Iterable[dict[str, Any]], tables: dict[str, TableSpec]) -> tuple[Rule, ...]:
    """The 勾稽关系; ``"@result_rows"`` as parts: the rows of the rule's table marked ``result``."""
    out = []
    for r in items:
        parts = (tuple(x.key for x in tables[r["table"]].rows if x.result) if r["parts"] == "@result_rows"
                 else tuple(r["parts"]))
        out.append(Rule(r["rule"], r["table"], r["each"], tuple(r["total"]), parts))
    return tuple(out)


@cache
def templates() -> tuple[Template, ...]:
    """Every form of the templates folder, oldest first."""
    common = _load("common.json")
    narrative = common.get("narrative", {})
    common_cues = tuple(_cue(c, c["path"]) for c in narrative.get("counts", ()))
    ignore = patterns.compile(narrative["ignore_after"]) if narrative.get("ignore_after") else None
    out = []
    for fname in _form_files():
        form = _load(fname)
        tables: dict[str, TableSpec] = {}
        cues = common_cues
        for decl in _table_list(common, form):
            data = _merged(common.get(decl["key"], {}), form.get(decl["key"], {}))
            spec = tables[decl["key"]] = _table(decl, data)
            if spec.layout == "rows":
                cues += _row_cues(data.get("narrative", []), spec.key, spec.rows)
        out.append(Template(
            id=form["id"], name=form["name"], markers=_keys(form["markers"]), tables=tables,
            rules=_rules([*common["rules"], *form.get("rules", ())], tables),
            applies_from=int(form["applies_from"]),
            narrative=cues,
            narrative_ignore=ignore,
            table_sections=_table_sections({k: t.heading for k, t in tables.items()}),
        ))
    out.sort(key=lambda t: (t.applies_from, t.id))
    return tuple(out)


def table_keys() -> tuple[str, ...]:
    """Every table name of the forms in use, in form order (oldest form first)."""
    return tuple(dict.fromkeys(k for t in templates() for k in t.tables))


def table_name(name: str) -> str:
    """The table a short name (an ``aliases`` entry) stands for; else ``name``."""
    for t in templates():
        for spec in t.tables.values():
            if name in spec.aliases:
                return spec.key
    return name


def generation() -> int:
    """How many times :func:`load` has swapped the forms: caches built from a
    form keep this with the form's id."""
    return _generation[0]


def _table_sections(headings: dict[str, tuple[str, ...]]) -> dict[int, str]:
    """Which part of the report holds each table: the part whose title is
    the table's heading."""
    out = {}
    for table, labels in headings.items():
        keys = set(labels)
        for sec in sections():
            if keys & set(sec.labels):
                out[sec.number] = table
    return out


def for_year(year: int | None, among: Iterable[Template] | None = None) -> Template:
    """The form a report of ``year`` is on: the latest that applies from
    that year or before (the oldest when none does or the year is unknown)."""
    forms = sorted(among if among is not None else templates(), key=lambda t: (t.applies_from, t.id))
    fitting = [t for t in forms if year is not None and t.applies_from <= year]
    return fitting[-1] if fitting else forms[0]


def get(template_id: str) -> Template:
    for t in templates():
        if t.id == template_id:
            return t
    raise KeyError(template_id)


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@cache
def _display(template_id: str) -> dict[str, Any]:
    shared: dict[str, Any] = _load("common.json").get("display", {})
    for fname in _form_files():
        form = _load(fname)
        if form["id"] == template_id:
            return _merged(shared, form.get("display", {}))
    raise KeyError(template_id)


def display(template_id: str) -> dict[str, Any]:
    """How form ``template_id`` prints: its row and column labels as the form
    words them and its merged header cells (the ``display`` keys of
    common.json and the form's file, the form's own winning).  Only for
    showing a report as the form; matching never reads it.  A fresh copy."""
    return copy.deepcopy(_display(template_id))
@dataclass(frozen=True, slots=True)
class MetaCues:
    """Field names of a page's ``key: value`` header block, and the words a
    report title ends with (``common.json``, ``meta_cues``)."""

    title_fields: tuple[str, ...]
    agency_fields: tuple[str, ...]
    published_fields: tuple[str, ...]
    title_ends: tuple[str, ...]
    link_prefixes: tuple[str, ...] = ()


@cache
def meta_cues() -> MetaCues:
    c = _load("common.json")["meta_cues"]
    return MetaCues(tuple(c["title_fields"]), tuple(c["agency_fields"]), tuple(c["published_fields"]),
                    tuple(c["title_ends"]), tuple(c.get("link_prefixes", ())))


@dataclass(frozen=True, slots=True)
class CrossYearRule:
    """One agency's report against its report of the year before
    (common.json, ``cross_year``): expected = last year's ``last`` + this
    year's ``plus`` - ``minus``; actual = this year's ``this``."""

    rule: str
    last: str  # a full dotted value path ("applications.carried_forward.total")
    this: str
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    forms: frozenset[str] = frozenset()  # both reports on one of these forms (empty: any)

    def paths(self) -> tuple[str, ...]:
        return (self.last, self.this, *self.plus, *self.minus)


@cache
def cross_year_rules() -> tuple[CrossYearRule, ...]:
    out = []
    for r in _load("common.json").get("cross_year", {}).get("rules", ()):
        for row in r.get("rows", [None]):
            def sub(text: str, row: str | None = row) -> str:
                return text.replace("{row}", row) if row is not None else text

            out.append(CrossYearRule(sub(r["rule"]), sub(r["last"]), sub(r["this"]),
                                     tuple(map(sub, r.get("plus", ()))), tuple(map(sub, r.get("minus", ()))),
                                     frozenset(r.get("forms", ()))))
    return tuple(out)


@cache
def review_trend() -> tuple[str, str]:
    """(dotted value path, caption) of the value a dataset's review index
    charts per year (common.json, ``review_index.trend``)."""
    t = _load("common.json")["review_index"]["trend"]
    path = str(t["path"])
    if not re.fullmatch(r"[a-z_]+(?:\.[a-z_]+)+", path):  # it goes into a JSON path of an SQL statement
        raise ValueError(f"common.json review_index.trend.path {path!r} is not a dotted value path")
    return path, str(t["caption"])
