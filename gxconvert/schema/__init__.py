"""The JSON Schema of the canonical report, generated from the model.

The table shapes come from the template data (``gxconvert.templates``), the
top level from the report dataclasses; ``report.schema.json`` beside this file
is this function's output (``python -m gxconvert.schema`` rewrites it, and a
test checks the shipped file is current)."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from ..catalogue import FORMATS, HOWS, WARNINGS
from ..matcher.identity.candidates import RANK
from ..model import SCHEMA_ID, Check, Issue, Meta, Region, Section, Source
from ..templates import table_keys, templates

_NULLABLE_INT = {"type": ["integer", "null"]}
_NULLABLE_NUM = {"type": ["number", "null"]}

_FIELD_TYPES = {
    "str": {"type": "string"}, "str | None": {"type": ["string", "null"]},
    "int": {"type": "integer"}, "int | None": {"type": ["integer", "null"]},
    "bool": {"type": "boolean"},
    "int | float | None": {"type": ["number", "null"]},
}


def _object(cls: type[Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    props = {f.name: _FIELD_TYPES.get(str(f.type), {}) for f in dataclasses.fields(cls) if f.name not in skip}
    return {"type": "object", "required": list(props), "properties": props}


def _provenance() -> dict[str, Any]:
    """Where a value was read; for the identity fields (``meta.<field>``) and
    the parts (``sections.<number>``) also which part of the report said it."""
    where = {"raw": {"type": "string"}, "how": _catalogued(HOWS), "page": {"type": "integer"},
             "line": {"type": "integer"}, "box": {"type": "array", "items": {"type": "number"}},
             "table": {"type": "integer"}, "cell": {"type": "array", "items": {"type": "integer"}},
             "note": {"type": "string"}, "confidence": {"type": "number"},
             "pixel_box": {"type": "array", "items": {"type": "integer"}}, "doubtful": {"type": "boolean"}}
    identity = {"type": "object", "required": ["raw", "how", "source"],
                "properties": {**where, "source": {"enum": list(RANK)}}}
    section = {"type": "object", "required": ["raw", "how", "source"],
               "properties": {**where, "source": {"const": "heading"}}}
    return {"type": "object",
            "patternProperties": {r"^meta\.(title|agency|year|published|publisher|agency_key|region)$": identity,
                                  r"^sections\.[1-6]$": section},
            "additionalProperties": {"type": "object", "required": ["raw", "how"], "properties": where}}


def _nest(paths: list[str], leaf: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for p in paths:
        node = tree
        parts = p.split(".")
        for k in parts[:-1]:
            node = node.setdefault(k, {})
        node[parts[-1]] = leaf(p)

    def to_schema(node: dict[str, Any]) -> dict[str, Any]:
        if "type" in node and isinstance(node["type"], (str, list)):
            return node
        return {"type": "object", "additionalProperties": False, "required": list(node),
                "properties": {k: to_schema(v) for k, v in node.items()}}

    return to_schema(tree)


def _leaf(money: frozenset[str], path: str) -> dict[str, Any]:
    """A value's schema: a number in a money column, else an integer (nullable)."""
    return _NULLABLE_NUM if path.rsplit(".", 1)[1] in money else _NULLABLE_INT


def _catalogued(meanings: dict[Any, str]) -> dict[str, Any]:
    """One of the catalogue's values, each with its meaning (``gxconvert.catalogue``)."""
    return {"anyOf": [{"const": k, "description": v} for k, v in meanings.items()]}


def build_schema() -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for table in table_keys():
        shapes = []
        for t in templates():
            if table not in t.tables:
                continue
            money = frozenset(t.tables[table].money)
            shape = _nest(t.paths(table), functools.partial(_leaf, money))
            shape["title"] = f"template {t.id}"
            if shape not in shapes:
                shapes.append(shape)
        tables[table] = shapes[0] if len(shapes) == 1 else {"anyOf": shapes}
    meta = _object(Meta)
    meta["properties"]["template"] = {"enum": [t.id for t in templates()] + [None]}
    region = _object(Region)
    region["properties"]["code"] = {"type": "string", "pattern": "^[1-9][0-9]{5}$"}
    region["type"] = ["object", "null"]
    meta["properties"]["region"] = region
    source = _object(Source)
    source["properties"]["format"] = _catalogued(FORMATS)
    warning = _object(Issue)
    warning["properties"]["code"] = _catalogued(WARNINGS)
    warning["required"].remove("suggested")  # only on warnings that suggest a value
    warning["properties"]["suggested"] = {"type": "number"}
    section = _object(Section, skip=("loc",))
    section["properties"]["number"] = {"type": "integer", "minimum": 1, "maximum": 6}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "gxconvert canonical report",
        "type": "object",
        "required": ["schema", "source", "meta", "sections", "tables", "checks", "warnings"],
        "properties": {
            "schema": {"const": SCHEMA_ID},
            "source": source,
            "meta": meta,
            "sections": {"type": "array", "items": section},
            "tables": {"type": "object", "required": list(table_keys()), "properties": tables},
            "checks": {"type": "array", "items": _object(Check)},
            "warnings": {"type": "array", "items": warning},
            "provenance": _provenance(),
            "ocr": {"type": "object", "description": "a report read from pixels: its OCR confidence summary",
                    "required": ["pages", "values", "min_confidence", "mean_confidence", "doubtful"],
                    "properties": {"pages": {"type": "integer"}, "values": {"type": "integer"},
                                   "min_confidence": {"type": ["number", "null"]},
                                   "mean_confidence": {"type": ["number", "null"]},
                                   "doubtful": {"type": "integer"}}},
        },
    }


def load_schema() -> dict[str, Any]:
    """The schema shipped with the package."""
    schema: dict[str, Any] = json.loads(resources.files(__name__).joinpath("report.schema.json").read_text("utf-8"))
    return schema


def render() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"
