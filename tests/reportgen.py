"""Build small synthetic report texts (Word-dump layout) for matcher tests."""

from __future__ import annotations

APP_LABELS_2021 = [
    ("new_received", ["一、本年新收政府信息公开申请数量"]),
    ("carried_over", ["二、上年结转政府信息公开申请数量"]),
    ("granted", ["三、本年度办理结果", "（一）予以公开"]),
    ("partially_granted", ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]),
    ("denied.state_secret", ["", "（三）不予公开", "1.属于国家秘密"]),
    ("denied.prohibited_by_law", ["", "", "2.其他法律行政法规禁止公开"]),
    ("denied.three_safeties", ["", "", "3.危及“三安全一稳定”"]),
    ("denied.third_party", ["", "", "4.保护第三方合法权益"]),
    ("denied.internal_affairs", ["", "", "5.属于三类内部事务信息"]),
    ("denied.process_info", ["", "", "6.属于四类过程性信息"]),
    ("denied.enforcement_file", ["", "", "7.属于行政执法案卷"]),
    ("denied.query_matter", ["", "", "8.属于行政查询事项"]),
    ("unable.not_held", ["", "（四）无法提供", "1.本机关不掌握相关政府信息"]),
    ("unable.needs_creation", ["", "", "2.没有现成信息需要另行制作"]),
    ("unable.unclear", ["", "", "3.补正后申请内容仍不明确"]),
    ("not_processed.complaint", ["", "（五）不予处理", "1.信访举报投诉类申请"]),
    ("not_processed.duplicate", ["", "", "2.重复申请"]),
    ("not_processed.publication", ["", "", "3.要求提供公开出版物"]),
    ("not_processed.excessive", ["", "", "4.无正当理由大量反复申请"]),
    ("not_processed.confirmation", ["", "", "5.要求行政机关确认或重新出具已获取信息"]),
    ("other.no_correction", ["", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]),
    ("other.unpaid_fee", ["", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"]),
    ("other.other", ["", "", "3.其他"]),
    ("total_processed", ["", "（七）总计"]),
    ("carried_forward", ["四、结转下年度继续办理"]),
]


def cells(row: list[str]) -> str:
    return "".join(f"\t{c}\n" for c in row) + "\n"


def report_2021(apps: dict[str, list[str]] | None = None, *, labels: dict[str, list[str]] | None = None,
                review: list[str] | None = None, title: str = "某某县测试局2022年政府信息公开工作年度报告",
                active: dict[str, list[str]] | None = None) -> str:
    """A 2021-form report; ``apps`` maps row key -> its 7 value cells
    (default: all '0'); ``labels`` overrides a row's label cells."""
    apps = apps or {}
    labels = labels or {}
    active = active or {}
    out = [title, "", "一、总体情况", "本年度工作正常开展。", "二、主动公开政府信息情况"]
    out.append(cells(["第二十条第（一）项"]) + cells(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]))
    out.append(cells(["规章"] + active.get("regulations", ["0", "0", "0"])))
    out.append(cells(["行政规范性文件"] + active.get("normative_documents", ["1", "0", "5"])))
    out.append(cells(["信息内容", "本年处理决定数量"]))
    out.append(cells(["行政许可"] + active.get("licensing", ["12"])))
    out.append(cells(["行政处罚"] + active.get("penalty", ["3"])))
    out.append(cells(["行政强制"] + active.get("coercion", ["0"])))
    out.append(cells(["信息内容", "本年收费金额（单位：万元）"]))
    out.append(cells(["行政事业性收费"] + active.get("fees", ["0"])))
    out.append("\n三、收到和处理政府信息公开申请情况")
    out.append(cells(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]))
    out.append(cells(["", "自然人", "法人或其他组织", "总计"]))
    out.append(cells(["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]))
    for key, lab in APP_LABELS_2021:
        out.append(cells(labels.get(key, lab) + apps.get(key, ["0"] * 7)))
    out.append("\n四、政府信息公开行政复议、行政诉讼情况")
    out.append(cells(["行政复议", "行政诉讼"]))
    out.append(cells(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]))
    out.append(cells(["", "", "", "", ""] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
    out.append(cells(review or ["0"] * 15))
    out.append("\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n某某县测试局\n2023年1月20日\n")
    return "\n".join(out)
