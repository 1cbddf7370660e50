"""Rows whose cells ran together: digit runs cut by the form's own arithmetic."""

from __future__ import annotations

import json

import pytest
from golden import CORPUS, flatten

import gxconvert
from gxconvert.matcher import glued as glued_mod
from gxconvert.matcher.digits import Group, after_mark, count_cuts, cuts, find_runs, numbering_after
from gxconvert.matcher.events import Heading, Para
from gxconvert.matcher.glued import glued_readings
from gxconvert.normalize import norm_text
from gxconvert.options import Options
from gxconvert.templates import get as get_template

GLUED = CORPUS / "glued"
SEEDS = CORPUS / "seeds"
COLS = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_service_org", "other_org", "total"]


# -- the glued seeds -----------------------------------------------------------


def _cases():
    for exp in sorted(GLUED.glob("*.expected.json")):
        seed = exp.name.split(".")[0]
        for kind in ("glued", "runon"):
            yield pytest.param(seed, kind, id=f"{seed}.{kind}")


def _expected(seed: str) -> tuple[dict, dict]:
    spec = json.loads((GLUED / f"{seed}.expected.json").read_text("utf-8"))
    golden = json.loads((GLUED / spec["golden"]).read_text("utf-8"))
    values = flatten(golden["tables"])
    for p in spec["null"]:
        assert p in values, p
        assert values[p] is not None, f"{p} is null in the golden already"
        values[p] = None
    return values, spec["null"]


def _named(path: str, warnings: list[dict]) -> bool:
    """A warning names the path, or the row it belongs to (the path up to a
    column), or its whole table for a row read as one (table 四)."""
    table = path.split(".", 1)[0]
    row = path.rsplit(".", 1)[0]
    for w in warnings:
        m = w["message"]
        if path in m or f"{row}:" in m or f"{row} " in m or (table == "review_litigation" and f"{table}.*" in m):
            return True
    return False


@pytest.mark.parametrize("seed,kind", list(_cases()))
def test_glued_seed_values(seed, kind):
    """Every value equals the golden, or is null by reasoning (the arithmetic
    does not settle it) with a warning naming it — never a wrong number."""
    expected, nulls = _expected(seed)
    out = gxconvert.convert(GLUED / f"{seed}.{kind}.txt").to_dict()
    got = flatten(out["tables"])
    wrong = [f"{p}: output {got.get(p)!r}, golden {v!r}" for p, v in expected.items()
             if got.get(p) is not None and (v is None or abs(got[p] - v) > 1e-9)]
    assert wrong == [], "wrong numbers"
    missing = [p for p, v in expected.items() if v is not None and got.get(p) is None]
    assert missing == [], "values the arithmetic settles were not recovered"
    unexplained = [p for p in nulls if not _named(p, out["warnings"])]
    assert unexplained == []
    assert set(got) == set(expected)


@pytest.mark.parametrize("seed,kind", list(_cases()))
def test_glued_values_say_they_were_split(seed, kind):
    out = gxconvert.convert(GLUED / f"{seed}.{kind}.txt")
    split = [p for p, prov in out.provenance.items() if prov.how == "split"]
    assert split, "no value records that it came from splitting a run"
    prov = out.provenance[split[0]]
    assert prov.note.startswith("split from '") and prov.raw


def test_glued_seed_000_specific_values():
    out = gxconvert.convert(GLUED / "000_c618104cc4de48fa.glued.txt")
    # '行政强制1000' for 3 cells: only 10|0|0 has no leading zero
    assert out.value("active_disclosure.coercion.prev_items") == 10
    assert out.value("active_disclosure.coercion.change") == 0
    # '行政事业性收费2+1': the sign starts the second number
    assert out.value("active_disclosure.fees.change") == 1
    prov = out.provenance["active_disclosure.fees.change"]
    assert prov.how == "split" and prov.raw == "2+1" and "'+1'" in prov.note
    # '72096': four cuts, no arithmetic: null and the candidates listed
    assert out.value("active_disclosure.penalty.decisions") is None
    msgs = [w.message for w in out.warnings if w.code == "row_ambiguous"]
    assert any("active_disclosure.penalty" in m and "[72, 0, 96]" in m and "[720, 9, 6]" in m for m in msgs)


def test_lost_cell_and_spurious_cell_are_settled_by_the_column_sums():
    """004: '（一）予以公开200002' (a lost cell) and '（七）总计30000003' (an
    extra 0): the column sums place 2 and 2, and leave out the extra 0 rather
    than read 30."""
    out = gxconvert.convert(GLUED / "004_6a33f86162c8aeae.glued.txt")
    assert out.value("applications.granted.natural_person") == 2
    assert out.value("applications.granted.total") == 2
    assert out.value("applications.granted.other_org") is None
    assert out.value("applications.total_processed.natural_person") == 3
    assert out.value("applications.total_processed.total") == 3
    msg = [w.message for w in out.warnings if w.code == "row_placed_by_arithmetic" and "total_processed" in w.message]
    assert msg and "left out" in msg[0]


# -- synthetic reports -----------------------------------------------------------


def _report(apps: dict[str, list[int]] | None = None, active: list[str] = (), review: str | None = None,
            narrative: str = "", form: str = "2021", glue=lambda vals: "".join(str(v) for v in vals)) -> bytes:
    """A small 2021/2019-form report in plain text whose table rows are glued."""
    t = get_template(form)
    lines = [f"某某县卫生健康局{2022 if form == '2021' else 2020}年政府信息公开工作年度报告",
             "一、总体情况", narrative or "本局认真落实政府信息公开工作。",
             "二、主动公开政府信息情况", *active,
             "三、收到和处理政府信息公开申请情况"]
    labels = {
        "new_received": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
        "granted": "三、本年度办理结果（一）予以公开", "partially_granted": "（二）部分公开",
        "total_processed": "（七）总计", "carried_forward": "四、结转下年度继续办理",
    }
    apps = apps or {}
    for r in t.tables["applications"].rows:
        vals = apps.get(r.key, [0] * 7)
        label = labels.get(r.key)
        if label is None:
            label = {"denied.state_secret": "（三）不予公开1.属于国家秘密",
                     "unable.not_held": "（四）无法提供1.本机关不掌握相关政府信息",
                     "not_processed.complaint": "（五）不予处理1.信访举报投诉类申请"}.get(r.key)
        if label is None:
            label = ("（六）其他处理" if r.key == "other" else "") + _any_label(r)
        lines.append(label + glue(vals))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    lines.append("行政复议行政诉讼")
    lines.append(review if review is not None else "0" * 15)
    lines.append("五、存在的主要问题及改进情况")
    lines.append("无。")
    return "\n".join(lines).encode("utf-8")


def _any_label(row) -> str:
    return max(row.labels, key=len)


def _consistent_apps(rows: dict[str, list[int]]) -> dict[str, list[int]]:
    """Fill new_received/total_processed so that the table adds up."""
    t = get_template("2021")
    result = [r.key for r in t.tables["applications"].rows if r.result]
    tp = [sum(rows.get(k, [0] * 7)[c] for k in result) for c in range(7)]
    out = dict(rows)
    out["total_processed"] = tp
    out["new_received"] = tp
    return out


def test_two_cuts_of_a_row_are_settled_by_the_column_sums():
    # granted '101000011' fits its row total two ways: 10|1|0|0|0|0|11 and
    # 1|0|10|0|0|0|11; so do new_received and total_processed
    # ('1210000013': 12|1|…|13 and 1|2|10|…|13).  Only one joint reading
    # makes the columns add up.
    apps = _consistent_apps({"granted": [10, 1, 0, 0, 0, 0, 11], "denied.state_secret": [2, 0, 0, 0, 0, 0, 2]})
    data = _report(apps)
    doc_items = _items(data)
    rows = {g.key: g for g in glued_readings(doc_items, get_template("2021"), set())}
    for key in ("granted", "total_processed", "new_received"):
        fitting = [r for r in rows[key].readings
                   if r.penalty == 0
                   and sum(r.slots[f"{key}.{c}"].value or 0 for c in COLS[:6]) == r.slots[f"{key}.total"].value]
        assert len(fitting) == 2, f"{key}: the row alone should be ambiguous (10|1 or 1|10)"
    out = gxconvert.convert(data)
    for key, vals in apps.items():
        for c, v in zip(COLS, vals, strict=True):
            assert out.value(f"applications.{key}.{c}") == v, (key, c)
    assert out.provenance["applications.granted.natural_person"].how == "split"
    assert not [w for w in out.warnings if w.code in ("ambiguous_value", "no_consistent_reading")]


def test_two_readings_that_both_satisfy_every_rule_give_nulls_and_list_them():
    # granted, new_received and total_processed all '101000011': 10|1|…|11 and
    # 1|0|10|…|11 each satisfy every rule when all three rows agree
    apps = _consistent_apps({"granted": [10, 1, 0, 0, 0, 0, 11]})
    out = gxconvert.convert(_report(apps))
    for key in ("granted", "new_received", "total_processed"):
        assert out.value(f"applications.{key}.natural_person") is None
        assert out.value(f"applications.{key}.research_institution") is None
        assert out.value(f"applications.{key}.total") == 11  # the same in both
        assert out.value(f"applications.{key}.other_org") == 0
    msgs = [w.message for w in out.warnings if w.code == "row_ambiguous" and "applications.granted:" in w.message]
    assert msgs and "[10, 1, 0, 0, 0, 0, 11]" in msgs[0] and "[1, 0, 10, 0, 0, 0, 11]" in msgs[0]
    assert any(w.code == "ambiguous_value" and "applications.granted.natural_person" in w.message
               and "1, 10" in w.message for w in out.warnings)


def test_narrative_count_settles_a_choice_and_says_so():
    # table 二 (2021): '行政规范性文件1045' is 1|0|45 or 10|4|5; the narrative
    # says 现行有效规范性文件45件
    active = ["第二十条第（一）项", "信息内容本年制发件数本年废止件数现行有效件数", "规章000", "行政规范性文件1045"]
    plain = gxconvert.convert(_report(active=active))
    assert plain.value("active_disclosure.normative_documents.in_force") is None
    told = gxconvert.convert(_report(active=active, narrative="截至年底，本局现行有效规范性文件45件。"))
    assert told.value("active_disclosure.normative_documents.issued") == 1
    assert told.value("active_disclosure.normative_documents.repealed") == 0
    assert told.value("active_disclosure.normative_documents.in_force") == 45
    w = [x for x in told.warnings if x.code == "settled_by_narrative"]
    # one warning, naming the row the narrative settled (as row_placed_by_arithmetic names it)
    assert len(w) == 1 and w[0].where == "active_disclosure.normative_documents"
    assert w[0].message.startswith("active_disclosure.normative_documents: ")
    assert "'现行有效规范性文件45件' gives active_disclosure.normative_documents.in_force = 45" in w[0].message


def test_the_narrative_settling_two_rows_of_one_table_names_each():
    # rows x and y each read two ways that the arithmetic (x.t = x.a + x.b, y likewise)
    # cannot tell apart; the narrative rules out one reading of each; row z, which
    # no figure settles, stays open and is not named
    from gxconvert.arith import Equation
    from gxconvert.matcher.readings import Reading, Slot
    from gxconvert.matcher.solver import solve

    def reading(row: str, a: int, b: int, notes: tuple[str, ...] = ()) -> Reading:
        return Reading({f"{row}.a": Slot(a), f"{row}.b": Slot(b), f"{row}.t": Slot(a + b)},
                       narrative=len(notes), narrative_notes=notes)

    rows = {"x": [reading("x", 1, 4, ("'x4' gives t.x.b = 2",)), reading("x", 3, 2)],
            "y": [reading("y", 5, 0), reading("y", 0, 5, ("'y5' gives t.y.a = 5", "'y0' gives t.y.b = 0"))],
            "z": [reading("z", 2, 2), reading("z", 3, 1)]}
    eqs = [Equation("row total", "t", f"t.{r}", (f"{r}.t",), (f"{r}.a", f"{r}.b")) for r in "xyz"]
    sol = solve(rows, eqs, "t", {"x": "t.x (line 3)", "y": "t.y (line 4)", "z": "t.z (line 5)"})
    assert (sol.values["x.a"], sol.values["x.b"], sol.values["y.a"], sol.values["y.b"]) == (3, 2, 5, 0)
    assert sol.values["z.a"] is None and sol.values["z.t"] == 4
    w = [(x.where, x.message) for x in sol.warnings if x.code == "settled_by_narrative"]
    assert w == [
        ("t.x (line 3)", "t.x: the form's arithmetic left a choice open; the report's own narrative settled it "
                         "('x4' gives t.x.b = 2)"),
        ("t.y (line 4)", "t.y: the form's arithmetic left a choice open; the report's own narrative settled it "
                         "('y0' gives t.y.b = 0; 'y5' gives t.y.a = 5)")]


def test_narrative_that_cannot_choose_says_nothing():
    # both readings of the rows have total 11: a narrative total of 11 does
    # not tell them apart
    apps = _consistent_apps({"granted": [10, 1, 0, 0, 0, 0, 11]})
    out = gxconvert.convert(_report(apps, narrative="2022年，本局共收到政府信息公开申请11件，均已办结。"))
    assert out.value("applications.granted.natural_person") is None
    assert not [w for w in out.warnings if w.code == "settled_by_narrative"]


def test_narrative_counts_are_read():
    from gxconvert.matcher.glued import narrative_counts
    items = [Para(t, None) for t in (
        "2020年，我局受理政府信息公开申请 3 件，历年累计受理政府信息公开申请 9 件。",
        "截止2024年12月31日，我局收到1条有关政府信息公开的申请。",
        "按时办结数0件，结转下年度继续办理2项，上年结转政府信息公开申请1件。",
        "本年制发规范性文件3件，现行有效规范性文件45件，较上年增加规章2件。",
    )]
    got = narrative_counts(items[:1], get_template("2021"))
    assert got == {"applications.new_received.total": (3.0, "受理政府信息公开申请3件")}
    got = narrative_counts(items[1:], get_template("2021"))
    assert got["applications.new_received.total"][0] == 1
    assert got["applications.carried_forward.total"][0] == 2
    assert got["applications.carried_over.total"][0] == 1
    assert got["active_disclosure.normative_documents.issued"][0] == 3
    assert got["active_disclosure.normative_documents.in_force"][0] == 45
    assert "active_disclosure.regulations.issued" not in got
    # two different figures for one cell: none is used
    both = [Para("共收到政府信息公开申请3件。", None), Para("全年共收到申请5件。", None)]
    assert "applications.new_received.total" not in narrative_counts(both, get_template("2021"))


def test_narrative_is_not_read_as_a_glued_row():
    text = _report(narrative="2022年，本局共收到政府信息公开申请0件，结转下年度继续办理0件，"
                             "上年结转政府信息公开申请0件。")
    items = _items(text)
    # the same sentence inside part 三 is narrative too
    items.insert(next(i for i, it in enumerate(items) if isinstance(it, Heading) and it.number == 3) + 1,
                 Para("本年度共收到申请0件，结转下年度继续办理0件，上年结转政府信息公开申请0件。", None))
    rows = glued_readings(items, get_template("2021"), set())
    keys = [g.key for g in rows if g.table == "applications"]
    assert keys.count("carried_forward") == 1 and keys.count("carried_over") == 1
    for g in rows:
        if g.key == "carried_forward":
            assert len(g.readings) == 1 and all(s.value == 0 for s in g.readings[0].slots.values())


def test_label_cells_ending_in_digits_in_a_table():
    """A grid whose row cells were merged into the label cell
    (``行政许可5084``, ``一、本年新收…数量3000003``)."""
    txt = ("某县卫生健康局2022年政府信息公开工作年度报告\n一、总体情况\n本局认真落实。\n二、主动公开政府信息情况\n"
           "\t第二十条第（五）项\n\n\t信息内容\n\t本年处理决定数量\n\n\t行政许可5084\n\n\t行政处罚\n\t700\n\n"
           "三、收到和处理政府信息公开申请情况\n\t一、本年新收政府信息公开申请数量3000003\n\n\t（七）总计3000003\n\t\n\n"
           "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n")
    out = gxconvert.convert(txt.encode())
    assert out.value("active_disclosure.licensing.decisions") == 5084
    assert out.value("active_disclosure.penalty.decisions") == 700
    assert out.value("applications.new_received.natural_person") == 3
    assert out.value("applications.total_processed.total") == 3
    prov = out.provenance["active_disclosure.licensing.decisions"]
    assert prov.how == "split" and prov.raw == "5084" and prov.table == 0 and prov.cell is not None


def test_negative_change_in_table_two():
    # 2019 form: '行政处罚15-312' = 15, -3, 12 or 15, -31, 2 or 15, (blank), 312
    active = ["第二十条第（六）项", "信息内容上一年项目数量本年增/减处理决定数量", "行政处罚15-312", "行政强制10-12"]
    out = gxconvert.convert(_report(active=active, form="2019"))
    assert out.value("active_disclosure.penalty.prev_items") == 15
    assert out.value("active_disclosure.penalty.change") is None
    msg = next(w.message for w in out.warnings if w.code == "row_ambiguous" and "penalty" in w.message)
    assert "[15, -3, 12]" in msg and "[15, -31, 2]" in msg and "[15, ·, 312]" in msg
    # '10-12': 10|-1|2, 1|0|-12 is not (the sign column is the middle one), 10|·|12
    assert out.value("active_disclosure.coercion.prev_items") == 10


def test_pathological_runs_are_cut_off_with_a_warning():
    active = ["第二十条第（五）项", "信息内容本年处理决定数量", "行政许可" + "1" * 400]
    apps = {"granted": [0] * 7}
    data = _report(apps, active=active, glue=lambda v: "".join(map(str, v)))
    data = data.replace("（一）予以公开0000000".encode(), ("（一）予以公开" + "12" * 60).encode())
    out = gxconvert.convert(data)
    codes = [w.code for w in out.warnings]
    assert codes.count("glued_run_cut_off") == 2
    assert out.value("active_disclosure.licensing.decisions") is None
    # the granted row is left to the arithmetic; the column sums would make
    # it all 0, which is not what its digits spell: left null, not guessed
    assert out.value("applications.granted.natural_person") is None
    assert any(w.code == "value_missing" and "applications.granted.natural_person" in w.message for w in out.warnings)


def test_a_cut_off_row_is_inferred_only_as_its_digits_spell():
    from gxconvert.arith import Equation
    from gxconvert.matcher.solver import UNKNOWN, Reading, Slot, solve
    eqs = [Equation("sum", "t", "t.x", ("s.x",), ("a.x", "b.x")), Equation("sum", "t", "t.y", ("s.y",), ("a.y", "b.y"))]

    def rows(digits):
        return {"a": [Reading({"a.x": Slot(1), "a.y": Slot(2)})], "s": [Reading({"s.x": Slot(6), "s.y": Slot(13)})],
                "b": [Reading({"b.x": Slot(UNKNOWN), "b.y": Slot(UNKNOWN)}, digits=digits)]}

    sol = solve(rows("511"), eqs, "t")
    assert sol.values["b.x"] == 5 and sol.values["b.y"] == 11
    assert (sol.provenance["b.x"].how, sol.provenance["b.y"].how) == ("inferred", "inferred")
    sol = solve(rows("5111"), eqs, "t")  # the digits say something else: not inferred
    assert sol.values["b.x"] is None and sol.values["b.y"] is None
    assert any(w.code == "value_missing" and "t.b.x" in w.message for w in sol.warnings)


def test_a_run_with_too_many_cuts_is_not_enumerated():
    n_cuts = count_cuts([Group("num", "1" * 100)], 15)
    assert n_cuts > glued_mod.MAX_READINGS
    text = _report(review="1" * 100)
    out = gxconvert.convert(text)
    assert any(w.code == "glued_run_cut_off" and "review_litigation" in w.message for w in out.warnings)
    assert out.value("review_litigation.review.total") is None


def test_a_row_with_too_many_cuts_is_narrowed_to_its_own_total():
    # '142311561726147' for 7 cells has more cuts than are weighed one by
    # one; read from the right, only those whose six numbers add up to the
    # last are kept
    apps = _consistent_apps({"granted": [14, 23, 11, 56, 17, 26, 147], "denied.state_secret": [3, 0, 5, 0, 1, 7, 16]})
    data = _report(apps)
    rows = {g.key: g for g in glued_readings(_items(data), get_template("2021"), set())}
    g = rows["granted"]
    assert count_cuts([Group("num", "142311561726147")], 7) > glued_mod.MAX_READINGS
    assert len(g.readings) < glued_mod.MAX_READINGS
    assert any(i.code == "glued_run_narrowed" for r in g.readings for i in r.issues)
    out = gxconvert.convert(data)
    for key, vals in apps.items():
        for c, v in zip(COLS, vals, strict=True):
            assert out.value(f"applications.{key}.{c}") == v, (key, c)


def test_an_inconsistent_report_keeps_its_faithful_readings():
    """A 其他处理 count added on top of results that already reach 总计, and
    a 总计 row left at 0: the column sums cannot all hold, whatever the cut.
    The rows are still read as their digits and own totals say — neither
    nulls nor readings bent to fix the columns — and a warning says so."""
    apps = _consistent_apps({"granted": [14, 23, 11, 0, 17, 26, 91], "denied.third_party": [3, 0, 5, 0, 1, 7, 16],
                             "not_processed.duplicate": [21, 0, 0, 12, 0, 0, 33]})
    apps["other.other"] = [1, 0, 0, 0, 0, 0, 1]  # not counted in 总计
    out = gxconvert.convert(_report(apps))
    for key, vals in apps.items():
        for c, v in zip(COLS, vals, strict=True):
            assert out.value(f"applications.{key}.{c}") == v, (key, c)
    assert any(w.code == "no_consistent_reading" for w in out.warnings)
    # 总计 left at 0: the column sums of 予以公开 break whichever of its two
    # cuts that fit its own total ('1423110017...' = 11|0 or 1|10) is
    # taken, so those cells stay null; rows with one such cut are read
    apps2 = dict(apps, total_processed=[0] * 7)
    apps2.pop("other.other")
    out = gxconvert.convert(_report(apps2))
    # by hand: 予以公开 '1423110172691' is 14|23|11|0|17|26|91 or 14|23|1|10|17|26|91; 重复申请
    # '2100120033' is 21|0|0|12|0|0|33 or 2|10|0|1|20|0|33: the cells the two cuts disagree on are null
    ambiguous = {"granted.research_institution", "granted.public_interest_org",
                 "not_processed.duplicate.natural_person", "not_processed.duplicate.commercial_enterprise",
                 "not_processed.duplicate.public_interest_org", "not_processed.duplicate.legal_service_org"}
    for key, vals in apps2.items():
        for c, v in zip(COLS, vals, strict=True):
            want = None if f"{key}.{c}" in ambiguous else v
            assert out.value(f"applications.{key}.{c}") == want, (key, c)
    for c, v in zip(COLS, apps2["denied.third_party"], strict=True):
        assert out.value(f"applications.denied.third_party.{c}") == v
    assert out.value("applications.granted.research_institution") is None
    assert any(w.code == "row_ambiguous" and "[14, 23, 11, 0, 17, 26, 91]" in w.message for w in out.warnings)
    assert any(w.code == "no_consistent_reading" for w in out.warnings)


def test_search_bound_keeps_only_what_every_reading_agrees_on():
    apps = _consistent_apps({"granted": [10, 1, 0, 0, 0, 0, 11], "denied.state_secret": [2, 0, 0, 0, 0, 0, 2]})
    out = gxconvert.convert(_report(apps), options=Options(glued_search_bound=5))
    assert any(w.code == "search_bounded" for w in out.warnings)
    assert out.value("applications.granted.natural_person") is None  # 10 or 1 in the row's readings
    assert out.value("applications.not_processed.complaint.total") == 0  # one reading only
    # never a wrong number: the four rows whose readings the bound cut off are null, each
    # cell named by an ambiguous_value warning; the other rows are read
    bounded = {"granted", "denied.state_secret", "total_processed", "new_received"}
    named = {w.message.split(":")[0] for w in out.warnings if w.code == "ambiguous_value"}
    for key, vals in apps.items():
        for c, v in zip(COLS, vals, strict=True):
            path = f"applications.{key}.{c}"
            assert out.value(path) == (None if key in bounded else v), path
            assert (path in named) == (key in bounded and v is not None), path


# -- cutting ---------------------------------------------------------------------


def test_cuts_have_no_leading_zeros():
    got = {tuple(p.text for p in c) for c in cuts([Group("num", "12000012")], 7)}
    assert got == {("1", "2", "0", "0", "0", "0", "12"), ("1", "20", "0", "0", "0", "1", "2"),
                   ("12", "0", "0", "0", "0", "1", "2")}
    assert count_cuts([Group("num", "0000000")], 7) == 1
    assert count_cuts([Group("num", "0000000")], 6) == 0


def test_runs_in_a_line():
    s = norm_text("（三）不予公开1．属于国家秘密00000002．其他法律行政法规禁止公开0000000")
    texts = [r.text for r in find_runs(s)]
    assert texts == ["1", "00000002", "0000000"]
    s = norm_text("政府集中采购228.44万元")
    (r,) = find_runs(s)
    assert r.groups == [Group("num", "228.44", "", "万元")]
    (r,) = find_runs(norm_text("一、本年新收政府信息公开申请数量0。000000"))
    assert [g.text for g in r.groups] == ["0", "000000"]
    assert find_runs(norm_text("信息内容上一年项目数量本年增/减处理决定数量")) == []


def test_a_mark_after_a_run_says_where_the_text_resumes():
    assert after_mark("12 ,  x", 2, ",") == 6
    assert after_mark("12,", 2, ",") == 3  # the end of the line
    assert after_mark("12x", 2, ",") is None
    assert after_mark("12\t.x", 2, ".", " ") is None  # only the blanks asked for are skipped
    s = norm_text("（三）不予公开1．属于国家秘密00000002．其他法律行政法规禁止公开0000000")
    runs = find_runs(s)
    # '1．属于…' and '…2．其他…': the last digit numbers the next label
    assert [numbering_after(s, r) for r in runs] == [True, True, False]


def test_thousands_separator_is_read_either_way():
    got = {tuple(p.text for p in c) for c in cuts([Group("num", "221,6670")], 2)}
    assert ("221,667", "0") in got and ("221", "6670") in got


# -- helpers -----------------------------------------------------------------------


def _items(data: bytes) -> list:
    from gxconvert.matcher.events import build_events
    from gxconvert.readers.text import parse_text
    return build_events(parse_text(data.decode("utf-8"))).items


# -- a blank row lost where the cells ran together --------------------------------

_BLANK_ROWS = {"applications.other.unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
               "applications.other.other": "3.其他"}


@pytest.mark.parametrize("path", ["glued/001_4ad21a775c00ab02.glued.txt", "glued/001_4ad21a775c00ab02.runon.txt",
                                  "oneline/001_4ad21a775c00ab02.oneline.txt",
                                  "oneline/001_4ad21a775c00ab02.glued.oneline.txt",
                                  "oneline/001_4ad21a775c00ab02.tabs.oneline.txt", "mixed/001_mixed.txt"])
def test_a_blank_row_whose_cells_left_no_trace_is_named_as_such(path):
    """Seed 001's rows 2.申请人逾期未按收费通知要求缴纳费用… and 3.其他 of （六）其他处理 have
    seven blank cells each (corpus/seeds/001_4ad21a775c00ab02.txt); where the table is flattened
    to text (cells run together, or joined by spaces or tabs) only their labels are left.  Their
    values are null, and the warning says so: the label is there and no cell after it, not that
    the row was not found."""
    r = gxconvert.convert(CORPUS / path)
    for row, label in _BLANK_ROWS.items():
        assert [r.value(f"{row}.{c}") for c in COLS] == [None] * 7
        ws = [w for w in r.warnings if w.where == row]
        assert [w.code for w in ws] == ["row_not_found"], ws
        msg = ws[0].message
        assert msg.startswith(f"{row}: the row's label {label!r}") and "was not found" not in msg, msg
        assert "no cell after it" in msg and "a row of blank cells leaves only its label" in msg, msg


def test_a_row_missing_from_run_together_text_is_still_not_found(tmp_path):
    """The same text without the line of 3.其他: that row is not in the text at all."""
    text = (GLUED / "001_4ad21a775c00ab02.glued.txt").read_text("utf-8")
    assert text.count("\n3.其他\n") == 1
    p = tmp_path / "no_other.txt"
    p.write_text(text.replace("\n3.其他\n", "\n"), "utf-8")
    r = gxconvert.convert(p)
    ws = {w.where: w.message for w in r.warnings if w.code == "row_not_found"}
    assert ws["applications.other.other"] == ("applications.other.other: the row was not found in the table; "
                                              "its values are null")
    assert ws["applications.other.unpaid_fee"].startswith("applications.other.unpaid_fee: the row's label")


def test_a_blank_row_read_as_a_line_of_text_is_named_as_such():
    """corpus/pdf_wrapped/003_blankrows.pdf: table 二's row 政府集中采购 has blank cells only
    (build_wrapped.py), so the reader sees a line of text holding its label: null, and said so."""
    r = gxconvert.convert(CORPUS / "pdf_wrapped" / "003_blankrows.pdf")
    assert [r.value(f"active_disclosure.procurement.{c}") for c in ("projects", "amount_yuan")] == [None, None]
    ws = [w.message for w in r.warnings if w.where == "active_disclosure.procurement"]
    assert ws == ["active_disclosure.procurement: the row's label '政府集中采购' is in the text with no cell after it: "
                  "where a table's cells reach the text run together or without its blank cells, a row of blank "
                  "cells leaves only its label; its values are null"]
