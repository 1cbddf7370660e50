"""Cross-year checks over the dataset, on consecutive-year reports made from
the seeds: one consistent pair, two broken ones."""

from __future__ import annotations

import copy
import sqlite3

from golden import SEEDS

import gxconvert
from gxconvert.results import Result
from gxconvert.cli import main
from gxconvert.dataset.columns import agency_key
from gxconvert.dataset.crossyear import pair_checks
from gxconvert.dataset.sqlite import SqliteSink
from gxconvert.model import Report


def _next_year(d: dict, path: str, agency: str | None = None, **values: int) -> dict:
    """The report ``d`` as the same agency's next-year report, some values changed."""
    out = copy.deepcopy(d)
    out["meta"]["year"] += 1
    out["source"]["path"] = path
    if agency:
        out["meta"]["agency"] = agency
    for dotted, v in values.items():
        table, *keys = dotted.split("__")
        node = out["tables"][table]
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = v
    return out


def _dataset(tmp_path):
    changle = gxconvert.convert(SEEDS / "001_4ad21a775c00ab02.txt").to_dict(provenance=True)  # 2024, form 2021
    gaoqing = gxconvert.convert(SEEDS / "000_c618104cc4de48fa.txt").to_dict(provenance=True)  # 2020, form 2019
    assert changle["tables"]["applications"]["carried_forward"]["total"] == 0
    assert changle["tables"]["active_disclosure"]["regulations"]["in_force"] == 0
    # consistent: nothing carried forward, nothing carried over; 0 + 2 issued - 1 repealed = 1 in force
    c2025 = _next_year(changle, "changle-2025.txt", agency="昌乐县 卫生健康局",
                       active_disclosure__regulations__issued=2, active_disclosure__regulations__repealed=1,
                       active_disclosure__regulations__in_force=1)
    # broken: 0 + 3 issued normative documents, but 5 in force
    c2026 = _next_year(c2025, "changle-2026.txt", active_disclosure__regulations__issued=0,
                       active_disclosure__regulations__repealed=0,
                       active_disclosure__normative_documents__issued=3,
                       active_disclosure__normative_documents__in_force=5)
    # broken: 0 carried forward from 2020, 4 carried over into 2021
    g2021 = _next_year(gaoqing, "gaoqing-2021.txt", applications__carried_over__total=4)
    db = tmp_path / "d.sqlite"
    sink = SqliteSink(db)
    for d in (changle, gaoqing, c2025, c2026, g2021):
        sink.add(Result(path=d["source"]["path"], report=Report.from_dict(d)))
    sink.close()
    return db


def test_cross_checks_table(tmp_path):
    db = _dataset(tmp_path)
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT r.path, p.path, c.rule, c.expected, c.actual, c.ok FROM cross_checks c "
        "JOIN reports r ON r.id = c.report_id JOIN reports p ON p.id = c.prev_report_id ORDER BY 1, 3").fetchall()
    seed000, seed001 = str(SEEDS / "000_c618104cc4de48fa.txt"), str(SEEDS / "001_4ad21a775c00ab02.txt")
    assert rows == [
        ("changle-2025.txt", seed001, "cross_year.carried_over", 0, 0, 1),
        ("changle-2025.txt", seed001, "cross_year.normative_documents.in_force", 0, 0, 1),
        ("changle-2025.txt", seed001, "cross_year.regulations.in_force", 1, 1, 1),
        ("changle-2026.txt", "changle-2025.txt", "cross_year.carried_over", 0, 0, 1),
        ("changle-2026.txt", "changle-2025.txt", "cross_year.normative_documents.in_force", 3, 5, 0),
        ("changle-2026.txt", "changle-2025.txt", "cross_year.regulations.in_force", 1, 1, 1),
        ("gaoqing-2021.txt", seed000, "cross_year.carried_over", 0, 4, 0),
    ]


def test_gxconvert_check_prints_the_failures(tmp_path, capsys):
    db = _dataset(tmp_path)
    assert main(["check", str(db)]) == 1
    cap = capsys.readouterr()
    out = cap.out.splitlines()
    assert len(out) == 2
    assert out[0].startswith("FAILED cross_year.normative_documents.in_force: 昌乐县 卫生健康局 2025->2026: "
                             "expected 3, actual 5")
    assert out[1].startswith("FAILED cross_year.carried_over: 高青县卫生健康局 2020->2021: expected 0, actual 4")
    assert "7 checked, 2 failed" in cap.err
    assert main(["--cross-checks", "-o", str(db)]) == 1
    assert capsys.readouterr().out.splitlines() == out


def test_agency_key_folds_spaces_widths_and_punctuation():
    assert agency_key("昌乐县 卫生健康局") == agency_key("昌乐县卫生健康局") == "昌乐县卫生健康局"
    assert agency_key("某县卫生健康局（本级）") == agency_key("某县卫生健康局(本级)")
    assert agency_key(None) is None


def test_pairs_with_a_missing_value_are_not_checked():
    assert pair_checks({"template": "2021"}, {"template": "2021", "applications.carried_over.total": 1}) == []
    assert pair_checks({"template": "2019", "active_disclosure.regulations.in_force": 1},
                       {"template": "2021", "active_disclosure.regulations.in_force": 1}) == []


def test_check_on_a_file_that_is_no_dataset_is_one_line(tmp_path, capsys):
    (tmp_path / "x.sqlite").write_text("no database", "utf-8")
    assert main(["check", str(tmp_path / "x.sqlite")]) == 2
    assert main(["check", str(tmp_path / "missing.sqlite")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "not a gxconvert dataset" in err[0] and "no such dataset" in err[1]
