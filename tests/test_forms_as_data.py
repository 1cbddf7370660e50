"""A form lives in its JSON file and nowhere else.

* A made-up form (a copy of the 2021 form with one row renamed and one row
  added, a new id, applying from a later year) dropped into a temporary
  templates folder is read, a report on it is generated from the form data
  and converted, with no code change.
* A made-up form with a fourth table (its rows, columns, rule, display
  words and its short name all in the form's JSON file) converts: the table
  is read, its check runs, it shows in the review page and lands in the
  SQLite dataset, with no code change.
* No row label, column label or narrative cue of any form, and no table
  name, appears in the package's Python code.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sqlite3
import tokenize
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from reportgen import report

from gxconvert import convert, templates
from gxconvert.cli import main
from gxconvert.review.page import render_report

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
        for spec in t.tables.values():
            for r in spec.rows:
                words.update(r.labels)
            for c in spec.columns + spec.groups:
                words.update(c.labels)
            for labels in spec.column_labels.values():
                words.update(labels)
            words.update(spec.header_cues.columns + spec.header_cues.groups + spec.header_cues.partners)
        for cue in t.narrative:
            words.add(cue.pattern.pattern)
            words.update(k for k, _ in cue.columns)
    return words


def _source_text(path: Path) -> str:
    with tokenize.open(path) as f:
        return f.read()


def _string_literals(path: Path) -> list[str]:
    """The string constants of a module (f-string parts too), docstrings left out."""
    tree = ast.parse(_source_text(path))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docs]


def test_no_table_name_of_a_form_appears_in_the_code() -> None:
    """Table keys (and their short names) live in the forms' JSON only: no
    string of the package's code names one (comments and docstrings may)."""
    keys = {spec.key for t in templates.templates() for spec in t.tables.values()}
    aliases = {a for t in templates.templates() for spec in t.tables.values() for a in spec.aliases}
    assert keys == {"active_disclosure", "applications", "review_litigation"} and aliases == {"active", "review"}
    # a key anywhere as a word; a short name (an everyday word) only as the head of a dotted path
    pattern = re.compile(r"(?<![a-z_])(?:" + "|".join(sorted(keys)) + r")(?![a-z_])"
                         r"|(?<![a-z_.])(?:" + "|".join(sorted(aliases)) + r")\.[a-z_]+\.[a-z_]")
    found = [f"{py.relative_to(PACKAGE)}: {s!r}" for py in sorted(PACKAGE.rglob("*.py"))
             for s in _string_literals(py) if pattern.search(s)]
    assert not found, found


def test_no_label_or_cue_of_a_form_appears_in_the_code() -> None:
    words = _form_words()
    assert len(words) > 60
    found = []
    for py in sorted(PACKAGE.rglob("*.py")):
        text = _source_text(py)
        found += [f"{py.relative_to(PACKAGE)}: {w}" for w in sorted(words) if w in text]
    assert not found, found


# -- a fourth table -------------------------------------------------------------

FEES_TABLE = {
    "heading": ["其他需要报告的事项"],
    "columns": [{"key": "cases", "labels": ["件数"]}, {"key": "applicants", "labels": ["申请人数"]}],
    "rows": [{"key": "notified", "labels": ["发出收费通知"]},
             {"key": "collected", "labels": ["实际收取信息处理费"]},
             {"key": "waived", "labels": ["减免信息处理费"]}],
}
FEES_RULE = {"rule": "processing_fees.sum", "table": "processing_fees", "each": "column",
             "total": ["notified"], "parts": ["collected", "waived"]}
FEES_DISPLAY = {"section": 6, "corner": "项目", "columns": {"cases": ["件数"], "applicants": ["申请人数"]},
                "rows": {"notified": ["发出收费通知"], "collected": ["实际收取信息处理费"],
                         "waived": ["减免信息处理费"]}}


@pytest.fixture
def fourth_table_form(tmp_path: Path) -> Iterator[Path]:
    """Only the new form's file in the folder (common.json comes from the package):
    the 2021 form plus a table of information processing fees in part 六."""
    src = Path(str(resources.files("gxconvert.templates")))
    form = json.loads((src / "form2021.json").read_text("utf-8"))
    form.update(id="2041", name="某办函〔2041〕1号 (made up for a test)", applies_from=2041)
    form["tables"] = [{"key": "processing_fees", "layout": "grid", "aliases": ["fees_charged"]}]
    form["processing_fees"] = FEES_TABLE
    form["rules"] = [FEES_RULE]
    form["display"]["processing_fees"] = FEES_DISPLAY
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "form2041.json").write_text(json.dumps(form, ensure_ascii=False), "utf-8")
    try:
        templates.load(folder)
        yield folder
    finally:
        templates.load(None)


def _fees_part(rows: list[list[str]]) -> str:
    """Part 六 holding the fee table, in the Word-dump layout (a cell a line)."""
    lines = ["六、其他需要报告的事项", "本机关收取信息处理费情况如下。", ""]
    for row in [["项目", "件数", "申请人数"], *rows]:
        lines += [f"\t{c}" for c in row] + [""]
    return "\n".join(lines) + "\n某某县测试局\n2042年1月20日\n"


def _fees_report(rows: list[list[str]]) -> str:
    text = report("2041", {"granted": ["2", "0", "0", "0", "0", "0", "2"],
                           "total_processed": ["2", "0", "0", "0", "0", "0", "2"],
                           "new_received": ["2", "0", "0", "0", "0", "0", "2"]},
                  title="某某县测试局2041年政府信息公开工作年度报告")
    head, _, _ = text.partition("六、其他需要报告的事项")
    return head + _fees_part(rows)


FEES_ROWS = [["发出收费通知", "5", "4"], ["实际收取信息处理费", "3", "3"], ["减免信息处理费", "2", "1"]]


def test_a_fourth_table_in_a_form_file_is_read_and_checked(fourth_table_form: Path) -> None:
    t = templates.for_year(2041)
    assert list(t.tables) == ["active_disclosure", "applications", "review_litigation", "processing_fees"]
    assert t.table_sections[6] == "processing_fees"
    rep = convert(_fees_report(FEES_ROWS).encode("utf-8"), path="fees.txt")
    assert rep.meta.template == "2041"
    fees = rep.values["processing_fees"]
    assert fees == {"notified.cases": 5, "notified.applicants": 4, "collected.cases": 3,
                    "collected.applicants": 3, "waived.cases": 2, "waived.applicants": 1}
    assert rep.value("fees_charged.waived.applicants") == 1  # the table's short name, from its JSON
    assert rep.provenance["processing_fees.collected.cases"].raw == "3"
    assert rep.values["applications"]["granted.total"] == 2  # the other tables as before
    mine = [(c.where, c.ok, c.expected, c.actual) for c in rep.checks if c.rule == "processing_fees.sum"]
    assert mine == [("processing_fees.cases", True, 5, 5), ("processing_fees.applicants", True, 4, 4)]
    assert all(c.ok for c in rep.checks)
    assert not [w for w in rep.warnings if w.code in ("unmatched_row", "row_not_found", "table_not_found")], \
        rep.warnings
    # a wrong sum fails its check, naming the column
    bad = convert(_fees_report([["发出收费通知", "6", "4"], *FEES_ROWS[1:]]).encode("utf-8"), path="bad.txt")
    failed = [(c.where, c.expected, c.actual) for c in bad.checks if not c.ok]
    assert failed == [("processing_fees.cases", 5, 6)]


def test_a_fourth_table_renders_in_the_review_page(fourth_table_form: Path) -> None:
    rep = convert(_fees_report(FEES_ROWS).encode("utf-8"), path="fees.txt")
    page = render_report(rep)
    m = re.search(r'<section class="card" id="t-processing_fees"><h2>(.*?)</h2>(.*?)</section>', page, re.S)
    assert m, "no section for the fourth table"
    assert m.group(1) == "六、其他需要报告的事项"
    table = m.group(2)
    assert 'data-layout="grid"' in table
    for words in ("项目", "件数", "申请人数", "发出收费通知", "实际收取信息处理费", "减免信息处理费"):
        assert words in table
    cells = re.findall(r'<td class="[^"]*"[^>]*data-path="processing_fees\.([a-z_.]+)"[^>]*>([^<]*)</td>', table)
    assert dict(cells) == {"notified.cases": "5", "notified.applicants": "4", "collected.cases": "3",
                           "collected.applicants": "3", "waived.cases": "2", "waived.applicants": "1"}


def test_a_fourth_table_lands_in_the_sqlite_dataset(fourth_table_form: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "fees.txt"
    doc.write_text(_fees_report(FEES_ROWS), "utf-8")
    out = tmp_path / "reports.sqlite"
    templates.load(None)  # the command line names the folder (worker processes read it too)
    monkeypatch.delenv(templates.ENV_FOLDER, raising=False)
    try:
        rc = main([str(doc), "-o", str(out), "--templates", str(fourth_table_form), "--jobs", "1", "-q"])
    finally:
        os.environ.pop(templates.ENV_FOLDER, None)
    assert rc == 0
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT template FROM reports").fetchall() == [("2041",)]
    values = dict(conn.execute("SELECT path, value FROM report_values WHERE path LIKE 'processing_fees.%'"))
    assert values == {"processing_fees.notified.cases": 5, "processing_fees.notified.applicants": 4,
                      "processing_fees.collected.cases": 3, "processing_fees.collected.applicants": 3,
                      "processing_fees.waived.cases": 2, "processing_fees.waived.applicants": 1}
    wide = conn.execute('SELECT "processing_fees.waived.cases" FROM report_wide').fetchall()
    assert wide == [(2,)]
    checks = conn.execute("SELECT \"where\", ok FROM checks WHERE rule = 'processing_fees.sum'").fetchall()
    assert sorted(checks) == [("processing_fees.applicants", 1), ("processing_fees.cases", 1)]
