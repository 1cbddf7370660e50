"""A form lives in its JSON file and nowhere else.

* A made-up form (a copy of the 2021 form with one row renamed and one row
  added, a new id, applying from a later year) dropped into a temporary
  templates folder is read, a report on it is generated from the form data
  and converted, with no code change.
* No row label, column label or narrative cue of any form appears in the
  package's Python code.
"""

from __future__ import annotations

import json
import shutil
import tokenize
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from reportgen import report

from gxconvert import convert, templates

PACKAGE = Path(__file__).resolve().parent.parent / "gxconvert"


@pytest.fixture
def made_up_forms(tmp_path: Path) -> Iterator[Path]:
    src = Path(str(resources.files("gxconvert.templates")))
    for f in src.glob("*.json"):
        shutil.copy(f, tmp_path / f.name)
    form = json.loads((src / "form2021.json").read_text("utf-8"))
    form["id"] = "2031"
    form["name"] = "某办函〔2031〕1号 (made up for a test)"
    form["applies_from"] = 2031
    ad = form["active_disclosure"]
    for r in ad["rows"]:
        if r["key"] == "coercion":
            r["labels"] = ["行政征收"]  # renamed
    ad["rows"].insert(5, {"key": "adjudication", "labels": ["行政裁决"], "columns": ["decisions"]})  # added
    shown = form["display"]["active_disclosure"]
    shown["rows"]["coercion"] = "行政征收"
    shown["rows"]["adjudication"] = "行政裁决"
    for b in shown["blocks"]:
        if "coercion" in b["rows"]:
            b["rows"].append("adjudication")
    (tmp_path / "form2031.json").write_text(json.dumps(form, ensure_ascii=False), "utf-8")
    try:
        templates.load(tmp_path)
        yield tmp_path
    finally:
        templates.load(None)


def test_a_form_file_dropped_into_the_templates_folder_is_read_and_used(made_up_forms: Path) -> None:
    assert [t.id for t in templates.templates()] == ["2019", "2021", "2031"]
    assert templates.for_year(2032).id == "2031"
    assert templates.for_year(2030).id == "2021"
    text = report("2031", {"granted": ["2", "0", "0", "0", "0", "0", "2"],
                           "total_processed": ["2", "0", "0", "0", "0", "0", "2"],
                           "new_received": ["2", "0", "0", "0", "0", "0", "2"]},
                  active={"coercion": ["7"], "adjudication": ["9"], "penalty": ["4"]},
                  title="某某县测试局2032年政府信息公开工作年度报告")
    assert "行政裁决" in text and "行政征收" in text and "行政强制" not in text
    rep = convert(text.encode("utf-8"), path="made-up.txt")
    assert rep.meta.template == "2031"
    active = rep.values["active_disclosure"]
    assert active["coercion.decisions"] == 7  # the renamed row
    assert active["adjudication.decisions"] == 9  # the added row
    assert active["penalty.decisions"] == 4
    assert active["normative_documents.in_force"] == 5
    assert rep.values["applications"]["granted.total"] == 2
    assert all(c.ok for c in rep.checks)
    assert not [w for w in rep.warnings if w.code in ("unmatched_row", "row_not_found")]


def test_the_real_forms_come_back_after_a_temporary_folder(made_up_forms: Path) -> None:
    templates.load(None)
    assert [t.id for t in templates.templates()] == ["2019", "2021"]


def test_a_2019_report_generated_from_the_form_data_converts() -> None:
    rep = convert(report("2019", {"granted": ["1", "0", "0", "0", "0", "0", "1"]},
                         active={"licensing": ["5", "-2", "12"], "procurement": ["3", "1.5"]},
                         title="某某县测试局2020年政府信息公开工作年度报告").encode("utf-8"), path="r.txt")
    assert rep.meta.template == "2019"
    assert rep.values["applications"]["granted.total"] == 1
    active = rep.values["active_disclosure"]
    assert (active["licensing.prev_items"], active["licensing.change"], active["licensing.decisions"]) == (5, -2, 12)
    assert active["procurement.projects"] == 3
    assert active["procurement.amount_yuan"] == 1.5


def _form_words() -> set[str]:
    """Every row label, column label, header cue and narrative cue of every form."""
    words: set[str] = set()
    for t in templates.templates():
        for r in t.active_rows + t.app_rows:
            words.update(r.labels)
        for c in t.app_columns + t.app_groups + t.review_groups + t.review_columns:
            words.update(c.labels)
        for labels in t.active_column_labels.values():
            words.update(labels)
        words.update(t.review_header.columns + t.review_header.groups + t.review_header.partners)
        for cue in t.narrative:
            words.add(cue.pattern.pattern)
            words.update(k for k, _ in cue.columns)
    return words


def _source_text(path: Path) -> str:
    with tokenize.open(path) as f:
        return f.read()


def test_no_label_or_cue_of_a_form_appears_in_the_code() -> None:
    words = _form_words()
    assert len(words) > 60
    found = []
    for py in sorted(PACKAGE.rglob("*.py")):
        text = _source_text(py)
        found += [f"{py.relative_to(PACKAGE)}: {w}" for w in sorted(words) if w in text]
    assert not found, found
