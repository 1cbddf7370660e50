"""The label matcher decides a row once per label texts *and* context: the
same labels read in another table's or group's context are decided afresh."""

from __future__ import annotations

from gxconvert.matcher.events import LRow
from gxconvert.matcher.tables import LabelMatcher
from gxconvert.model import Cell, Table
from gxconvert.templates import get


def _row(*labels: str) -> LRow:
    return LRow(labels=[Cell(t, 0, i) for i, t in enumerate(labels)], values=[Cell("1", 0, 9)], table=0,
                source=Table([]))


def _decide(lm: LabelMatcher, labels: tuple[str, ...], group: str | None,
            table: str | None) -> tuple[str, str, float] | None:
    m = lm.match(_row(*labels), group, table)
    return None if m is None else (m[0], m[1].key, round(m[2], 2))


def test_row_decisions_depend_on_the_context_not_only_on_the_labels() -> None:
    lm = LabelMatcher(get("2019"))
    for _ in range(2):  # the second round is served from the memo: the same answers
        # a short label ('总计', under four characters) matches only in its own table's context
        assert _decide(lm, ("总计",), None, None) == ("applications", "total_processed", 1.0)
        assert _decide(lm, ("总计",), None, "active_disclosure") is None
        # a label of another table than the context's scores 0.1 less
        assert _decide(lm, ("本年新收政府信息公开申请数量",), None, None) == ("applications", "new_received", 1.0)
        assert _decide(lm, ("本年新收政府信息公开申请数量",), None, "active_disclosure") == (
            "applications", "new_received", 0.9)
        # the label before the last one counts (a group's label folded into the row)
        assert _decide(lm, ("三、不予公开", "属于国家秘密"), None, None) == ("applications", "denied.state_secret", 1.0)
        assert _decide(lm, ("无关的话",), None, None) is None
        assert lm.group_of("三、不予公开") == "denied" and lm.group_of("其他") is None
