"""The template matcher on small synthetic reports: one kind of mess each."""

from __future__ import annotations

import pytest

import gxconvert
from gxconvert import NotAReportError
from gxconvert.normalize import label_key

from reportgen import report_2021


def conv(text: str, enc: str = "utf-8"):
    return gxconvert.convert(text.encode(enc), path="synthetic.txt")


def test_clean_synthetic_report():
    rep = conv(report_2021({"new_received": ["3", "1", "0", "0", "0", "0", "4"],
                            "granted": ["3", "1", "0", "0", "0", "0", "4"],
                            "total_processed": ["3", "1", "0", "0", "0", "0", "4"]}))
    assert rep.meta.template == "2021"
    assert (rep.meta.agency, rep.meta.year, rep.meta.published) == ("某某县测试局", 2022, "2023-01-20")
    assert rep.value("applications.new_received.total") == 4
    assert rep.value("applications.granted.commercial_enterprise") == 1
    assert rep.value("active_disclosure.normative_documents.in_force") == 5
    assert rep.value("active_disclosure.fees.amount_wan_yuan") == 0.0
    assert all(c.ok for c in rep.checks)
    assert [s.number for s in rep.sections] == [1, 2, 3, 4, 5, 6]


def test_labels_broken_by_spaces_line_breaks_kangxi_fullwidth_and_traditional():
    labels = {
        "granted": ["三、 本年 度办 理结\n果", "（一）予以 公开"],
        "denied.state_secret": ["", "（三）不予公开", "1．属于国家 秘密"],
        "not_processed.publication": ["", "", "3,要求提供公开出版·物"],
        "unable.not_held": ["", "（四）無法提供", "1.本機關不掌握相關政府信息"],
    }
    text = report_2021({"granted": ["１", "0", "0", "0", "0", "0", "１"],
                        "denied.state_secret": ["2", "0", "0", "0", "0", "0", "2"],
                        "not_processed.publication": ["0", "0", "0", "0", "0", "1", "1"],
                        "unable.not_held": ["0", "0", "5", "0", "0", "0", "5"]}, labels=labels)
    text = text.replace("行政处罚", "⾏政处罚")  # Kangxi radical ⾏ as PDFs produce it
    rep = conv(text)
    assert rep.value("applications.granted.natural_person") == 1
    assert rep.value("applications.granted.total") == 1
    assert rep.value("applications.denied.state_secret.total") == 2
    assert rep.value("applications.not_processed.publication.other_org") == 1
    assert rep.value("applications.unable.not_held.research_institution") == 5
    assert rep.value("active_disclosure.penalty.decisions") == 3


def test_label_key_folds_variants():
    assert label_key("三、 本年 度办 理结\n果") == "本年度办理结果"
    assert label_key("釆购项目数量") == label_key("采购项目数量")
    assert label_key("第二十条第（0八）项") == label_key("第二十条第（0八）項")
    assert label_key("5 .属于三类内部事务·信息") == "属于三类内部事务信息"


def test_blank_cells_are_null_and_failed_arithmetic_is_reported_not_raised():
    rep = conv(report_2021({"new_received": ["5", "", "/", "—", "0", "0", "9"]}))
    assert rep.value("applications.new_received.natural_person") == 5
    assert rep.value("applications.new_received.commercial_enterprise") is None
    assert rep.value("applications.new_received.research_institution") is None
    assert rep.value("applications.new_received.public_interest_org") is None
    bad = [c for c in rep.checks if not c.ok]
    assert {(c.rule, c.where) for c in bad} >= {("applications.row_total", "applications.new_received"),
                                                ("applications.balance", "applications.total")}
    row_total = next(c for c in bad if c.where == "applications.new_received")
    assert (row_total.expected, row_total.actual) == (5, 9)


def test_short_row_is_placed_by_the_forms_arithmetic():
    apps = {"new_received": ["2", "0", "0", "0", "0", "3", "5"],
            "granted": ["2", "0", "0", "0", "0", "3", "5"],
            "total_processed": ["2", "0", "0", "0", "0", "3", "5"],
            # one cell lost: 6 cells for 7 columns
            "carried_over": ["0", "0", "0", "0", "0", "0"]}
    rep = conv(report_2021(apps))
    assert [rep.value(f"applications.carried_over.{c}") for c in ("natural_person", "other_org", "total")] == [0, 0, 0]
    apps["granted"] = ["2", "0", "0", "0", "3", "5"]  # lost a 0: only the middle can be missing
    rep = conv(report_2021(apps))
    assert rep.value("applications.granted.natural_person") == 2
    assert rep.value("applications.granted.other_org") == 3
    assert rep.value("applications.granted.total") == 5
    assert any(w.code == "row_placed_by_arithmetic" and "granted" in w.message for w in rep.warnings)


def test_short_row_the_arithmetic_cannot_settle_is_null_with_a_warning():
    cols = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
            "legal_service_org", "other_org", "total")
    for granted in (["7", "0", "0", "0", "7"], ["7", "7"]):
        apps = {"granted": granted, "total_processed": [""] * 7, "new_received": [""] * 7}
        rep = conv(report_2021(apps))
        values = [rep.value(f"applications.granted.{c}") for c in cols]
        assert values[:3] == [None, None, None]  # never a silent guess
        assert any(w.code in ("row_ambiguous", "ambiguous_value", "value_missing", "row_length") and "granted" in w.message
                   for w in rep.warnings)


def test_review_table_as_one_run_of_15_numbers():
    rep = conv(report_2021(review=["1", "0", "0", "1", "2", "0", "0", "0", "0", "0", "0", "1", "0", "0", "1"]))
    assert rep.value("review_litigation.review.upheld") == 1
    assert rep.value("review_litigation.review.total") == 2
    assert rep.value("review_litigation.litigation_after_review.corrected") == 1
    assert all(c.ok for c in rep.checks if c.rule == "review_litigation.total")


def test_signed_changes_and_money_2019():
    text = ("某县局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            "\t信息内容\n\t上一年项目数量\n\t本年增/减\n\t处理决定数量\n\n"
            "\t行政许可\n\t10\n\t-2\n\t8\n\n\t行政处罚\n\t5\n\t增加3\n\t1\n\n"
            "\t信息内容\n\t采购项目数量\n\t采购总金额\n\n\t政府集中采购\n\t2\n\t28.44万元\n\n"
            "三、收到和处理政府信息公开申请情况\n")
    rep = conv(text)
    assert rep.meta.template == "2019"
    assert rep.value("active_disclosure.licensing.change") == -2
    assert rep.value("active_disclosure.penalty.change") == 3
    assert rep.value("active_disclosure.procurement.amount_yuan") == 284400.0


def test_gbk_encoded_report():
    rep = conv(report_2021({"granted": ["1", "0", "0", "0", "0", "0", "1"]}), enc="gb18030")
    assert rep.value("applications.granted.total") == 1
    assert rep.meta.agency == "某某县测试局"


def test_not_a_report():
    with pytest.raises(NotAReportError) as exc:
        gxconvert.convert("今天天气很好。\n我们去公园散步。\n".encode(), path="diary.txt")
    assert "diary.txt" in str(exc.value)
