"""The furniture real sites and browsers wrap a report in, as patterns.

* ``key：value`` fields of a page's info bar (``来源：X 时间：2023-02-20 15:07``,
  ``发布日期``, ``浏览次数``) and of the 政府信息公开目录 block before the
  article (``索引号``, ``发布机构``, ``生成日期`` …) — as lines, glued on
  one line, or as a table's cells;
* the breadcrumb (``当前位置：首页 > …``), never a title;
* lines that are nothing but chrome: ``字号：大 中 小``, ``打印本页``,
  ``关闭窗口``, share buttons, a browser's print header (date and page
  title) and footer (URL, ``1/8``).

:func:`fields` reads the fields of one line; :func:`strip_chrome` removes
the buttons glued to a line (``2021年1月28日【打印本页】【关闭窗口】``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import patterns
from ...normalize import nfkc, norm_text
from ...templates import meta_cues

#: field names of a page's info bar and of the 政府信息公开目录 block
_INFO_KEYS = ("索引号", "发布机构", "发文机关", "发布单位", "所属机构", "信息来源", "来源", "生成日期", "成文日期",
              "发布日期", "发布时间", "发文日期", "公开日期", "更新时间", "时间", "日期", "主题分类", "体裁分类",
              "组配分类", "服务对象", "主题词", "文号", "发文字号", "公开方式", "公开范围", "公开时限", "有效性",
              "浏览次数", "访问量", "点击数", "阅读次数", "作者", "责任编辑", "编辑", "字号", "字体", "标题", "名称",
              "文章标题", "索引标题", "题目")
#: the fields that name a body (the page's publisher), and those that hold a date
AGENCY_KEYS = frozenset(meta_cues().agency_fields)
DATE_KEYS = frozenset((*meta_cues().published_fields, "生成日期", "更新时间", "时间", "日期"))
TITLE_KEYS = frozenset(meta_cues().title_fields)
#: date fields, the most trustworthy publication date first
DATE_RANK = ("发布日期", "发布时间", "公开日期", "成文日期", "发文日期", "生成日期", "日期", "时间", "更新时间")

_KEYS = tuple(sorted(set(_INFO_KEYS) | AGENCY_KEYS | DATE_KEYS | TITLE_KEYS, key=lambda k: (-len(k), k)))
# glued without spaces (信息来源：县卫健委浏览次数：…): any known key before a colon.  The fields proper are
# those of its matches at the line's start or after a space or bracket (``_FIELD_AFTER``; a value may be
# empty: 来源： 时间：…): the same as scanning for ``(?:^|(?<=[\s|｜【\[（(]))`` + this pattern, in one scan
# (no such match can start inside another's span: a key starts with an ideograph, never a space or a colon)
_FIELD_GLUED = patterns.compile(rf"(?:{'|'.join(_KEYS)})\s*[:：]")
_FIELD_AFTER = frozenset("|｜【[（(")
_COLON_END = patterns.compile(r"\s*[:：]$")
#: any key at all (a line without one has no field, however its buttons are blanked)
_ANY_KEY = patterns.compile("|".join(_KEYS))
_BUTTONS = patterns.compile(r"[【\[]\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部|我要纠错|分享)\s*[】\]]"
                            r"|(?:字号|字体)\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?"
                            r"|分享到\s*[:：]?.*$|(?<![\u4e00-\u9fff])(?:打印本页|关闭窗口)(?![\u4e00-\u9fff])")
#: what every one of _BUTTONS' alternatives starts with, and a pattern finding any of them (a scan of
#: literals: a line without one has no button, and _BUTTONS' own scan of every position is spared)
_BUTTON_STARTS = ("【", "[", "字号", "字体", "分享到", "打印本页", "关闭窗口")
_BUTTON_START = patterns.compile("|".join(re.escape(w) for w in _BUTTON_STARTS))
_URL = patterns.compile(r"^\s*(?:https?://|www\.)\S+(?:\s+\d{1,3}\s*/\s*\d{1,3})?\s*$", re.I)
_PAGE_NO = patterns.compile(r"^\s*(?:第\s*)?\d{1,3}\s*(?:/|of|页\s*/?\s*共)\s*\d{1,3}\s*页?\s*$")
_STAMP_LINE = patterns.compile(r"^\s*(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}\s*(?:上午|下午|AM|PM)?"
                               r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?")
#: the three in one pattern (a line is furniture when one of them matches it)
_PRINT_FURNITURE = patterns.compile(rf"(?i:{_URL.pattern})|(?:{_PAGE_NO.pattern})|(?:{_STAMP_LINE.pattern})")
_TIME = patterns.compile(r"\d{1,2}:\d{2}")


MAX_FIELDS_LINE = 600  # characters of a line read for fields (a page dumped as one line starts with them)


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    value: str


def fields(text: str) -> list[Field]:
    """The ``key：value`` fields of one line, empty values kept
    (``来源： 时间：2023-02-20 15:07`` -> 来源='', 时间='2023-02-20 15:07')."""
    text = text[:MAX_FIELDS_LINE]
    if "：" not in text and ":" not in text:
        return []
    t = norm_text(text)  # (fold_chars(nfkc(text)), as the title and opening read the line: normalised once)
    if _ANY_KEY.search(t) is None:
        return []
    shown = nfkc(text)  # the value in its own script, unless folding changed the length
    if len(t) != len(shown):
        shown = t
    # buttons blanked out, lengths kept: a value is cut from the text in its own script
    if _BUTTON_START.search(t) is not None:
        spans = [m.span() for m in _BUTTONS.finditer(t)]
        for a, b in spans:
            t = t[:a] + " " * (b - a) + t[b:]
            shown = shown[:a] + " " * (b - a) + shown[b:]
    glued = list(_FIELD_GLUED.finditer(t))
    hits = [m for m in glued if m.start() == 0 or t[m.start() - 1] in _FIELD_AFTER or t[m.start() - 1].isspace()]
    if len(glued) > len(hits) and glued and glued[0].start() == 0:
        hits = glued
    out: list[Field] = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(t)
        key = _COLON_END.sub("", m.group(0)).strip()
        value = shown[m.end():end].strip(" \t|｜【】[]")
        out.append(Field(key, value))
    return out


def row_text(cells: list[str]) -> str:
    """A metadata table row as one line: a key cell without its colon gets one
    (``索引号 | 0001/2023-00012 | 发布机构 | 某局``)."""
    parts = []
    for c in cells:
        c = c.strip()
        parts.append(c + "：" if c in _KEYS else c)
    return " ".join(parts)


def strip_chrome(text: str) -> str:
    """A line without the page's buttons glued to it."""
    if _BUTTON_START.search(text) is None:
        return text.strip()
    return _BUTTONS.sub("", text).strip()


def chrome_free(text: str) -> str | None:
    """None for a line of print furniture (:func:`is_print_furniture`), else
    the line without its buttons (:func:`strip_chrome`).  (Two scans: the
    furniture's at the start, the buttons' literal starts; one pattern for
    both has no literal to skip ahead by and tries every position.)"""
    if _PRINT_FURNITURE.match(text) is not None:
        return None
    if _BUTTON_START.search(text) is None:
        return text.strip()
    return _BUTTONS.sub("", text).strip()


def is_print_furniture(text: str) -> bool:
    """A browser's print header or footer line: a URL (with ``1/8``), a page
    number ``1/8``, or a print date and time."""
    return _PRINT_FURNITURE.match(text) is not None


def has_time(text: str) -> bool:
    return bool(_TIME.search(text))


_CRUMB = patterns.compile(r"(?:当前|您的|所在)位置|首页\s*[>＞»/]|[>＞»]\s*\S+\s*[>＞»]")


def is_breadcrumb(text: str) -> bool:
    """The page's breadcrumb (``当前位置：首页 > 政府信息公开 > 年报``)."""
    return bool(_CRUMB.search(text))
