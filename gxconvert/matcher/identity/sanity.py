"""Sanity tests of identity values: a value that fails one is not stored
(the field is null and a warning names ``meta.<field>``)."""

from __future__ import annotations

from datetime import date

from ... import patterns
from ...normalize import squash

#: the words an administrative body's name ends with
ADMIN_ENDS = ("人民政府", "政府", "委员会", "管委会", "办公室", "办公厅", "办事处", "街道", "局", "委", "办",
              "厅", "部", "院", "中心", "署", "会", "处", "所", "站", "队", "镇", "乡", "公司", "馆", "校",
              "集团", "室", "组", "司", "社", "庭", "行", "台", "团", "林场", "农场", "开发区", "新区", "园区",
              "示范区", "试验区", "管理区", "保税区")
_BRACKET_TAIL = patterns.compile(r"[(（][^()（）]*[)）]$")
_DATE_OR_TIME = patterns.compile(r"\d|[年月日]\d|[:：]|时间|日期")
_LABEL = patterns.compile(r"来源|发布|浏览|索引|访问|点击|字号|打印|关闭|分享|当前位置|首页|报告|统计|编制|本报告")
_SENTENCE = patterns.compile(r"[。，,；;！？!?、《》]")
_TIME = patterns.compile(r"\d{1,2}:\d{2}")
_TITLE_MIN, _AGENCY_MAX = 3, 40


def agency_problem(name: str) -> str | None:
    """Why ``name`` cannot be a reporting body (None when it can)."""
    t = squash(name)
    if len(t) < _TITLE_MIN:
        return "too short for a body's name"
    if len(t) > _AGENCY_MAX:
        return "too long for a body's name"
    if _DATE_OR_TIME.search(t):
        return "holds a date, a time, a number or a field name"
    if _LABEL.search(t):
        return "holds a page label or a word of the text"
    if _SENTENCE.search(t):
        return "holds punctuation of running text"
    core = _BRACKET_TAIL.sub("", t)
    if not core.endswith(ADMIN_ENDS):
        return "does not end with an administrative word (局, 委, 政府, 办公室 …)"
    return None


def title_problem(title: str) -> str | None:
    t = squash(title)
    if "报告" not in t and "年报" not in t:
        return "does not say 报告"
    if len(t) > 80:
        return "too long for a title"
    if _TIME.search(t):
        return "holds a time"
    return None


def year_problem(year: int, applies_from: int | None = None, today: date | None = None) -> str | None:
    """Why ``year`` cannot be the statistical year of a report on a form
    used from ``applies_from``."""
    this_year = (today or date.today()).year
    if year >= this_year:
        return f"{year} has not ended"
    if year < 2008:
        return f"{year} is before the disclosure regulations (2008)"
    if applies_from is not None and year < applies_from:
        return f"the report's form is used from {applies_from}"
    return None


def published_problem(published: str, year: int | None, today: date | None = None) -> str | None:
    if published > (today or date.today()).isoformat():
        return "a date in the future"
    if year is not None and published < f"{year}-12-31":
        return f"before the end of the statistical year {year}"
    return None
