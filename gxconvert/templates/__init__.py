"""The official report forms, loaded from data.

``form2019.json`` (国办公开办函〔2019〕60号) and ``form2021.json``
(国办公开办函〔2021〕30号) describe what differs; ``common.json`` what the
two share (table 三's rows and columns, table 四, the six sections and the
勾稽关系 rules).  Code reads these; it holds no labels of its own.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..normalize import label_key


@dataclass(frozen=True, slots=True)
class RowSpec:
    key: str  # dotted key inside its table, e.g. "denied.state_secret"
    labels: tuple[str, ...]  # label keys (normalised)
    group: str | None = None
    columns: tuple[str, ...] = ()  # active_disclosure: the row's own columns
    result: bool = False  # counted in applications.results_sum
    is_group_row: bool = False  # the row is labelled by its group label (2019 其他处理)


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
class Template:
    id: str
    name: str
    markers: tuple[str, ...]
    active_rows: tuple[RowSpec, ...]
    active_column_labels: dict[str, tuple[str, ...]]
    active_signed: frozenset[str]
    active_money: dict[str, str]
    app_rows: tuple[RowSpec, ...]
    app_columns: tuple[ColumnSpec, ...]
    app_groups: tuple[ColumnSpec, ...]
    review_groups: tuple[ColumnSpec, ...]
    review_columns: tuple[ColumnSpec, ...]
    rules: tuple[Rule, ...] = field(default=())

    def paths(self, table: str) -> list[str]:
        """Every dotted value path of ``table`` in this form, in form order."""
        if table == "active_disclosure":
            return [f"{r.key}.{c}" for r in self.active_rows for c in r.columns]
        if table == "applications":
            return [f"{r.key}.{c.key}" for r in self.app_rows for c in self.app_columns]
        if table == "review_litigation":
            return [f"{g.key}.{c.key}" for g in self.review_groups for c in self.review_columns]
        raise KeyError(table)


TABLES = ("active_disclosure", "applications", "review_litigation")


@dataclass(frozen=True, slots=True)
class SectionSpec:
    number: int
    heading: str
    labels: tuple[str, ...]


_FORM_FILES = ("form2019.json", "form2021.json")


def _load(name: str) -> dict:
    return json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))


def _keys(labels) -> tuple[str, ...]:
    return tuple(label_key(x) for x in labels)


def _rows(items) -> tuple[RowSpec, ...]:
    return tuple(
        RowSpec(key=r["key"], labels=_keys(r["labels"]), group=r.get("group"),
                columns=tuple(r.get("columns", ())), result=bool(r.get("result")),
                is_group_row=bool(r.get("is_group_row")))
        for r in items
    )


def _cols(items) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(key=c["key"], labels=_keys(c["labels"])) for c in items)


@cache
def sections() -> tuple[SectionSpec, ...]:
    return tuple(SectionSpec(s["number"], s["heading"], _keys(s["labels"])) for s in _load("common.json")["sections"])


@cache
def templates() -> tuple[Template, ...]:
    common = _load("common.json")
    out = []
    for fname in _FORM_FILES:
        form = _load(fname)
        app = common["applications"]
        app_rows = _rows(app["rows_head"]) + _rows(form["applications"]["rows_other"]) + _rows(app["rows_tail"])
        app_columns = _cols(app["columns"])
        result_rows = tuple(r.key for r in app_rows if r.result)
        rules = []
        for r in common["rules"]:
            parts = result_rows if r["parts"] == "@result_rows" else tuple(r["parts"])
            rules.append(Rule(r["rule"], r["table"], r["each"], tuple(r["total"]), parts))
        ad = form["active_disclosure"]
        out.append(Template(
            id=form["id"], name=form["name"], markers=_keys(form["markers"]),
            active_rows=_rows(ad["rows"]),
            active_column_labels={k: _keys(v) for k, v in ad["column_labels"].items()},
            active_signed=frozenset(ad.get("signed", ())),
            active_money=dict(ad.get("money", {})),
            app_rows=app_rows, app_columns=app_columns, app_groups=_cols(app["groups"]),
            review_groups=_cols(common["review_litigation"]["groups"]),
            review_columns=_cols(common["review_litigation"]["columns"]),
            rules=tuple(rules),
        ))
    return tuple(out)


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
    for fname in _FORM_FILES:
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
