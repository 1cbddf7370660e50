"""The report's dict and JSON, written out by hand: key order, nesting, a
provenance entry's location keys, and the JSON text itself."""

from __future__ import annotations

import json

from gxconvert.model import Location, Meta, Provenance, Region, Report, Section, Source, nest


def test_nest_keeps_first_seen_order_at_every_depth() -> None:
    flat = {"a.b.c": 1, "x": 2, "a.d": 3, "a.b.e": None, "y.z": 5, "a.f.g.h": 6}
    got = nest(flat)
    assert got == {"a": {"b": {"c": 1, "e": None}, "d": 3, "f": {"g": {"h": 6}}}, "x": 2, "y": {"z": 5}}
    assert list(got) == ["a", "x", "y"] and list(got["a"]) == ["b", "d", "f"] and list(got["a"]["b"]) == ["c", "e"]
    assert nest({}) == {}


def test_a_provenance_entry_holds_its_location_keys_in_contract_order() -> None:
    loc = Location(line=7, page=2, box=(1.234, 5.0, 10.005, 20.126), conf=0.912345, pixel_box=(1, 2, 3, 4),
                   doubtful=True)
    entry = Provenance(raw="12", loc=loc, cell=(3, 1), table=0, how="ocr", note="n", source="s").to_dict()
    assert list(entry.items()) == [
        ("raw", "12"), ("how", "ocr"), ("page", 2), ("line", 7), ("box", [1.23, 5.0, 10.01, 20.13]),
        ("confidence", 0.9123), ("pixel_box", [1, 2, 3, 4]), ("doubtful", True), ("table", 0), ("cell", [3, 1]),
        ("note", "n"), ("source", "s")]
    assert list(Provenance(raw="", loc=Location(line=3)).to_dict().items()) == [("raw", ""), ("how", "cell"),
                                                                                ("line", 3)]
    assert loc.to_dict() == {k: v for k, v in entry.items() if k in ("page", "line", "box", "confidence",
                                                                      "pixel_box", "doubtful")}


def test_the_reports_json_text() -> None:
    report = Report(
        source=Source(path="a.txt", format="text", sha256="ab"),
        meta=Meta(title="某局2021年报告", agency="某局", year=2021, template="2021",
                  region=Region("370303", "山东省", "淄博市", "张店区")),
        sections=[Section(1, "一、总体情况", "正文", Location(line=3))],
        values={"applications": {"new_received.total": 5, "new_received.natural_person": 2, "carried_over": None}},
        provenance={"applications.new_received.total": Provenance(raw="5", loc=Location(line=9), cell=(1, 2),
                                                                  table=0)},
        meta_provenance={"agency": Provenance(raw="某局", loc=Location(line=1), how="read", source="title")},
    )
    d = report.to_dict(provenance=True)
    assert list(d) == ["schema", "source", "meta", "sections", "tables", "checks", "warnings", "provenance"]
    assert d["tables"] == {"applications": {"new_received": {"total": 5, "natural_person": 2}, "carried_over": None}}
    assert list(d["provenance"]) == ["applications.new_received.total", "meta.agency", "sections.1"]
    assert d["provenance"]["sections.1"] == {"raw": "一、总体情况", "how": "read", "line": 3, "source": "heading"}
    text = report.to_json(indent=None)
    assert text.startswith('{"schema": "gxconvert.report/1", "source": {"path": "a.txt", "format": "text", '
                           '"sha256": "ab"}, "meta": {"title": "某局2021年报告", "agency": "某局", "year": 2021, ')
    assert '"tables": {"applications": {"new_received": {"total": 5, "natural_person": 2}, "carried_over": null}}' \
        in text
    assert json.loads(report.to_json(provenance=True)) == d
    assert report.to_json().startswith('{\n  "schema": "gxconvert.report/1",\n  "source": {\n    "path": "a.txt",')
    assert Report.from_dict(d).to_dict(provenance=True) == d
