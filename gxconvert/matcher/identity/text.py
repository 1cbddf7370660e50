"""Reading identity values out of a line of text: dates, years as written
(``2022年度``, ``二〇二二年``), titles without their chrome, the body a
title names.  Pure functions of one string."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ... import patterns
from ...normalize import fold_chars, nfkc, norm_text
from ...numerals import COUNTING, YEAR_DIGITS, cn_int, cn_year
from ...templates import meta_cues

_YEAR = patterns.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = patterns.compile(rf"([{YEAR_DIGITS}]{{4}})\s*年")
_DATE = patterns.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_CN_DATE = patterns.compile(rf"([{YEAR_DIGITS}]{{4}})年([{COUNTING}]{{1,2}})月([{COUNTING}]{{1,3}})日")
TITLE_TAIL = patterns.compile(rf"(?:关于)?(?:(?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})\s*年度?.*$")
_CJK_SPACE = patterns.compile(r"(?<=[\u4e00-\u9fff\d])[ \t\u3000\xa0]+(?=[\u4e00-\u9fff\d])")
_STAMP = patterns.compile(r"^\s*(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}\s*(?:上午|下午|AM|PM)?"
                          r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?\s*")
_SITE_SUFFIX = patterns.compile(r"^\s*[_|｜\-－—]")
_FULL_TEXT = patterns.compile(r"\s*[（(](?:全文|正文|文字版|全文版|摘要)[)）]\s*$")
_LEAD_YEAR = patterns.compile(rf"^(?:(?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})年度?")
_LEAD_FIELD = patterns.compile(r"^[\u4e00-\u9fff]{1,6}[:：]")
_WS = patterns.compile(r"\s+")
_SITE_SPLIT = patterns.compile(r"\s*[_|｜]\s*|\s+[-－—]\s+")
_REPORT_WORDS = patterns.compile(r"(?:政府)?信息公开工作年度报告.*$")
_ABOUT = patterns.compile(r"关于.*$")
_OF_END = patterns.compile(r"(?:的|印发)$")


def find_date(text: str) -> str | None:
    """The first date written in ``text`` as an ISO date (``2021年1月28日``,
    ``2021-01-28``, ``二〇二一年一月二十八日``); None when there is none or
    it is not a calendar date."""
    t = norm_text(text)
    m = _DATE.search(t)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = _CN_DATE.search(t)
        if not m:
            return None
        y = cn_year(m.group(1)) or 0
        mo, d = cn_int(m.group(2)), cn_int(m.group(3))
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def year_of(text: str) -> int | None:
    """The first year written in ``text`` with 年 after it: ``2022年``,
    ``2022年度``, ``二〇二二年``."""
    t = norm_text(text)
    m = _YEAR.search(t)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(t)
    return cn_year(m.group(1)) if m else None


def clean_title(s: str) -> str:
    """Display text: compatibility forms folded, the document's own script
    kept, spaces between CJK characters dropped, a trailing ``（全文）`` cut."""
    s = nfkc(s).strip()
    s = _CJK_SPACE.sub("", s)
    s = _FULL_TEXT.sub("", s)
    return _WS.sub(" ", s)


@lru_cache(maxsize=1)
def _title_field() -> re.Pattern[str]:
    return patterns.compile(rf"^\s*(?:{'|'.join(meta_cues().title_fields)})\s*[:：]\s*")


def strip_title_chrome(title: str) -> str:
    """A title as a browser's or crawler's line shows it, without the line's
    chrome: a leading print date (``2021/3/5 下午3:12``), a field name
    (``标题:``), the site's name after the title (``…报告_政府信息公开年报_某某网``)."""
    t = _STAMP.sub("", title)
    t = _title_field().sub("", t)
    k = t.rfind("报告")
    if k >= 0 and _SITE_SUFFIX.match(t[k + 2:]):
        t = t[:k + 2]
    return t.strip()


def site_of(page_title: str) -> str | None:
    """The site's name a page title ends with (``…报告_政府信息公开年报_某某县人民政府``)."""
    parts = _SITE_SPLIT.split(norm_text(page_title).strip())
    return parts[-1].strip() if len(parts) > 1 and parts[-1].strip() else None


def clean_agency(name: str) -> str:
    """An agency name without a leading year (``2019年…``) or field name
    (``标题:`` ``发布机构：``)."""
    prev = None
    t = name.strip()
    while prev != t:
        prev = t
        t = _LEAD_FIELD.sub("", t).strip()
        m = _LEAD_YEAR.match(t)
        if m and len(t) > m.end() + 1:
            t = t[m.end():]
    return t


def has_agency_before_year(t: str) -> bool:
    m = TITLE_TAIL.search(t)
    return bool(m and m.start() >= 2)


def plain(s: str) -> str:
    """``s`` with compatibility forms folded and no whitespace, in its own
    script (traditional characters kept: a name is shown as written)."""
    return _WS.sub("", nfkc(s))


def agency_from(text: str) -> str | None:
    """The reporting body a title names: what comes before its year
    (``某市人民政府办公厅2020年…`` -> ``某市人民政府办公厅``), never with a
    year or a field name of its own (``2019年某市人民政府办公厅…``,
    ``标题: 某区人民政府…``).  Cut where the folded text says, returned in
    the title's own script."""
    u = plain(strip_title_chrome(text))
    f = fold_chars(u)
    if len(f) != len(u):
        u = f
    start = len(f) - len(clean_agency(f))
    t = f[start:]
    m = TITLE_TAIL.search(t)
    if m and m.start() >= 2:
        end = m.start()
    else:
        cut = _REPORT_WORDS.sub("", t)
        if cut == t or len(cut) < 2:
            return None
        end = len(cut)
    ag = _ABOUT.sub("", t[:end])
    ag = _OF_END.sub("", ag)
    lead = len(ag) - len(clean_agency(ag))
    return u[start + lead:start + len(ag)] or None
