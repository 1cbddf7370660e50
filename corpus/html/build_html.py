#!/usr/bin/env python3
"""Build the HTML corpus (corpus/html/*.html) from the seed text dumps.

A corpus tool, not the product: it parses the seed dumps in its own simple
way (Word dumps: tab-led cells, rows split by blank lines; the web dump: a
stream of cells split by blank lines), takes every table value *as printed*
by looking up the row labels of the official forms, and lays the tables out
again as HTML with real colspan/rowspan.  Pages built:

* ``<seed>_cms.html``            hand-made CMS page (nav, breadcrumb, share
  buttons, related links, footer, scripts around the article; 发布日期 line;
  ``<table border=1>`` with spans; table 三 misaligned on purpose: rows 一/二/四
  put their 自然人 value in a cell spanning two grid columns, one of them
  under the label header); for seeds 000, 001, 002, 003
* ``003_cms_gbk.html``           the 003 page encoded GBK under
  ``<meta charset="gb2312">`` (its table 二 prints 釆, which GB2312 lacks)
* ``002_cms_traditional.html``   the 002 page converted to traditional
  script with OpenCC (s2t)
* ``000_word.html``              a Word "Web Page" export of 000 (mso styles,
  ``<o:p>``, conditional comments, supportLists, the misaligned-columns
  spacer row, GBK under an ``http-equiv`` gb2312 content type)
* ``001_libreoffice.html``       a .docx of 001 made with python-docx (real
  merged cells) converted by ``soffice --headless --convert-to html``

Expected output: the twin's ``corpus/seeds/<id>.expected.json``;
``<page>.expected.json`` here holds only what differs (merged over it).

Run: ``python corpus/html/build_html.py`` (needs opencc-python-reimplemented,
python-docx and LibreOffice for the last page; the others build without).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"

H2 = "二、主动公开政府信息情况"
H3 = "三、收到和处理政府信息公开申请情况"
H4 = "四、政府信息公开行政复议、行政诉讼情况"
H5 = "五、存在的主要问题及改进情况"


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", "", s)


def seed_file(prefix: str) -> Path:
    return next(SEEDS.glob(prefix + "_*.txt"))


# ---------------------------------------------------------------------------
# seed parsing
# ---------------------------------------------------------------------------


def region_cells_tab(lines: list[str]) -> tuple[list[str], list[str]]:
    """Word dump region -> (paragraphs before the table, flattened cells)."""
    paras, cells = [], []
    prev_cell = False
    for ln in lines:
        if ln.startswith("\t"):
            cells.append(ln[1:])
            prev_cell = True
        elif ln.strip() == "":
            prev_cell = False
        elif prev_cell:
            cells[-1] += "\n" + ln
        elif not cells:
            paras.append(ln)
    return paras, cells


def region_cells_stream(lines: list[str]) -> tuple[list[str], list[str]]:
    """Web dump region: a cell is a run of non-empty lines; k empty lines
    after a cell hold k-1 empty cells."""
    cells: list[str] = []
    cur: list[str] = []
    empties = 0
    for ln in lines + [""]:
        if ln == "":
            if cur:
                cells.append("\n".join(cur))
                cur = []
                empties = 1
            else:
                empties += 1
        else:
            if empties > 1 and cells:
                cells.extend([""] * (empties - 1))
            empties = 0
            cur.append(ln)
    while cells and not cells[-1].strip():
        cells.pop()
    while cells and not cells[0].strip():
        cells.pop(0)
    return [], cells


def find(cells: list[str], pos: int, pred) -> int:
    for i in range(pos, len(cells)):
        if pred(norm(cells[i])):
            return i
    raise LookupError(f"label not found after cell {pos}")


BLOCKS = {
    "2019": [[("规章", 3), ("规范性文件", 3)], [("行政许可", 3), ("其他对外管理服务事项", 3)],
             [("行政处罚", 3), ("行政强制", 3)], [("行政事业性收费", 2)], [("政府集中采购", 2)]],
    "2021": [[("规章", 3), ("行政规范性文件", 3)], [("行政许可", 1)],
             [("行政处罚", 1), ("行政强制", 1)], [("行政事业性收费", 1)]],
}


def parse_active(cells: list[str], template: str) -> list[dict]:
    out, pos = [], 0
    for block in BLOCKS[template]:
        i = find(cells, pos, lambda s: s.startswith("第二十条"))
        j = find(cells, i + 1, lambda s: s == "信息内容")
        n = block[0][1]
        header = cells[j + 1:j + 1 + n]
        pos = j + 1 + n
        rows = []
        for label, n in block:
            k = find(cells, pos, lambda s, lab=label: s == lab)
            rows.append((cells[k], cells[k + 1:k + 1 + n]))
            pos = k + 1 + n
        out.append({"item": cells[i], "header": header, "rows": rows})
    return out


# (key, predicate on the normalised label, group) ; groups: None, "result",
# "denied", "unable", "not_processed", "other"
def _has(t):
    return lambda s: t in s


APP_ROWS = {
    "common_head": [
        ("new_received", _has("本年新收"), None), ("carried_over", _has("上年结转"), None),
        ("granted", _has("予以公开"), "result"), ("partially_granted", _has("部分公开"), "result"),
        ("denied.state_secret", _has("国家秘密"), "denied"), ("denied.prohibited_by_law", _has("禁止公开"), "denied"),
        ("denied.three_safeties", _has("三安全一稳定"), "denied"), ("denied.third_party", _has("第三方合法权益"), "denied"),
        ("denied.internal_affairs", _has("内部事务"), "denied"), ("denied.process_info", _has("过程性信息"), "denied"),
        ("denied.enforcement_file", _has("行政执法案卷"), "denied"), ("denied.query_matter", _has("行政查询事项"), "denied"),
        ("unable.not_held", _has("不掌握"), "unable"), ("unable.needs_creation", _has("另行制作"), "unable"),
        ("unable.unclear", _has("仍不明确"), "unable"),
        ("not_processed.complaint", _has("信访举报"), "not_processed"), ("not_processed.duplicate", _has("重复申请"), "not_processed"),
        ("not_processed.publication", _has("公开出版"), "not_processed"), ("not_processed.excessive", _has("大量反复"), "not_processed"),
        ("not_processed.confirmation", _has("确认或重新"), "not_processed"),
    ],
    "2019": [("other", _has("其他处理"), "result")],
    "2021": [("other.no_correction", _has("逾期不补正"), "other"), ("other.unpaid_fee", _has("缴纳费用"), "other"),
             ("other.other", lambda s: s in ("3.其他", "3其他"), "other")],
    "common_tail": [("total_processed", _has("总计"), "result"), ("carried_forward", _has("结转下年度"), None)],
}


def parse_applications(cells: list[str], template: str) -> list[tuple[str, str, str | None, list[str]]]:
    spec = APP_ROWS["common_head"] + APP_ROWS[template] + APP_ROWS["common_tail"]
    out, pos = [], 0
    for key, pred, group in spec:
        k = find(cells, pos, pred)
        out.append((key, cells[k], group, cells[k + 1:k + 8]))
        pos = k + 8
    return out


def parse_review(cells: list[str]) -> list[str]:
    return cells[-15:]


TITLE_LINES = {"000": [0], "001": [0, 2], "002": [0], "003": [0, 1]}
PUBLISHED = {"000": "2021-02-03 09:30", "001": "2025-01-10 16:02", "003": "2021-02-01 10:15"}
SOURCE = {"000": "县卫生健康局", "001": "县卫生健康局", "003": "县卫健委"}
SITE = {"000": ("高青县人民政府", "www.gaoqing.gov.cn"), "001": ("昌乐县人民政府", "www.changle.gov.cn"),
        "002": ("温岭市人民政府", "www.wl.gov.cn"), "003": ("米林县人民政府", "www.milin.gov.cn")}


def parse_seed(prefix: str) -> dict:
    path = seed_file(prefix)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    stream = prefix == "002"

    def idx(head: str) -> int:
        for i, ln in enumerate(lines):
            if ln.strip() == head:
                return i
        raise LookupError(head)

    i2, i3, i4, i5 = idx(H2), idx(H3), idx(H4), idx(H5)
    title = "".join(lines[i].strip() for i in TITLE_LINES[prefix])
    cut = region_cells_stream if stream else region_cells_tab
    p2, c2 = cut(lines[i2 + 1:i3])
    p3, c3 = cut(lines[i3 + 1:i4])
    p4, c4 = cut(lines[i4 + 1:i5])
    template = "2021" if any(norm(c) == "本年制发件数" for c in c2) else "2019"
    pre = lines[:i2]
    info = None
    if stream:  # the web dump carries its 发布日期 line
        for i, ln in enumerate(pre):
            if ln.startswith("发布日期"):
                info = ln.strip()
                pre = pre[:i] + pre[i + 1:]
                break
    skip = set(TITLE_LINES[prefix]) if not stream else {0}
    pre = [ln for i, ln in enumerate(pre) if i not in skip]
    return {
        "id": prefix, "path": path, "title": title, "title_lines": [lines[i].strip() for i in TITLE_LINES[prefix]],
        "template": template, "info": info,
        "pre": pre, "post": lines[i5:],
        "sections": [
            (lines[i2], p2, ("active", parse_active(c2, template))),
            (lines[i3], p3, ("applications", parse_applications(c3, template))),
            (lines[i4], p4, ("review", parse_review(c4))),
        ],
    }


# ---------------------------------------------------------------------------
# table layouts: rows of cells {t: text, cs, rs, h: header?}
# ---------------------------------------------------------------------------


def C(t: str, cs: int = 1, rs: int = 1, h: bool = False) -> dict:
    return {"t": t, "cs": cs, "rs": rs, "h": h}


def layout_active(blocks: list[dict]) -> list[list[dict]]:
    rows = []
    for b in blocks:
        rows.append([C(b["item"], cs=4, h=True)])
        n = len(b["header"])
        rows.append([C("信息内容", h=True)] + [C(t, h=True, cs=(4 - n if i == n - 1 else 1))
                                           for i, t in enumerate(b["header"])])
        for label, vals in b["rows"]:
            rows.append([C(label, h=True)] + [C(v, cs=(4 - n if i == n - 1 else 1)) for i, v in enumerate(vals)])
    return rows


GROUPS = {"result": "三、本年度办理结果", "denied": "（三）不予公开", "unable": "（四）无法提供",
          "not_processed": "（五）不予处理", "other": "（六）其他处理"}
APPLICANTS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def layout_applications(rows_data, misaligned: bool) -> list[list[dict]]:
    """Three header rows, rowspan label columns.  misaligned=True: the label
    area is 4 grid columns in the header and in the result rows, but rows
    一/二/四 have a 3-column label and a 自然人 value spanning 2 columns."""
    lab = 4 if misaligned else 3
    rows = [
        [C("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", cs=lab, rs=3, h=True),
         C("申请人情况", cs=7, h=True)],
        [C("自然人", rs=2, h=True), C("法人或其他组织", cs=5, h=True), C("总计", rs=2, h=True)],
        [C(t, h=True) for t in APPLICANTS],
    ]
    n_result = sum(1 for r in rows_data if r[2] is not None)
    group_sizes: dict[str, int] = {}
    for _, _, g, _ in rows_data:
        if g and g != "result":
            group_sizes[g] = group_sizes.get(g, 0) + 1
    opened: set[str] = set()
    for key, label, group, vals in rows_data:
        row: list[dict] = []
        values = [C(v) for v in vals]
        if group is None:
            if misaligned:
                row.append(C(label, cs=3, h=True))
                values[0]["cs"] = 2
            else:
                row.append(C(label, cs=3, h=True))
        else:
            if "result" not in opened:
                opened.add("result")
                row.append(C(GROUPS["result"], rs=n_result, h=True))
            if group == "result":
                row.append(C(label, cs=lab - 1, h=True))
            else:
                if group not in opened:
                    opened.add(group)
                    row.append(C(GROUPS[group], rs=group_sizes[group], h=True))
                row.append(C(label, cs=lab - 2, h=True))
        rows.append(row + values)
    return rows


def layout_review(vals: list[str]) -> list[list[dict]]:
    sub = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"]
    return [
        [C("行政复议", cs=5, h=True), C("行政诉讼", cs=10, h=True)],
        [C(t, rs=2, h=True) for t in sub] + [C("未经复议直接起诉", cs=5, h=True), C("复议后起诉", cs=5, h=True)],
        [C(t, h=True) for t in sub] + [C(t, h=True) for t in sub],
        [C(v) for v in vals],
    ]


def layouts(seed: dict, misaligned: bool):
    out = []
    for heading, paras, (kind, data) in seed["sections"]:
        if kind == "active":
            rows = layout_active(data)
        elif kind == "applications":
            rows = layout_applications(data, misaligned)
        else:
            rows = layout_review(data)
        out.append((heading, paras, rows))
    return out


# ---------------------------------------------------------------------------
# rendering: CMS page
# ---------------------------------------------------------------------------

E = html.escape
SECTION = re.compile(r"^\s*[一二三四五六七八九十]、")
IMAGE = re.compile(r"^\s*\[image:\s*([^\]]+)\]\s*$")
BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def cms_cell(c: dict, r: int) -> str:
    attrs = ""
    if c["cs"] > 1:
        attrs += f' colspan="{c["cs"]}"'
    if c["rs"] > 1:
        attrs += f' rowspan="{c["rs"]}"'
    t = c["t"]
    if c["h"]:
        inner = "<br>".join(E(x.strip()) for x in t.split("\n"))
        if r % 3 == 0 and "\n" not in t:
            inner = f"<p><span>{inner}</span></p>"
        return f"<td{attrs}>{inner}</td>"
    if not t.strip():
        inner = "&nbsp;" if t else ""
    elif r % 2:
        inner = f'<p style="text-align:center"><span style="font-size:14px">{E(t.strip())}</span></p>'
    else:
        inner = E(t).replace("\xa0", "&nbsp;")
    return f'<td{attrs} align="center">{inner}</td>'


def cms_table(rows) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;width:100%">', "<tbody>"]
    for r, row in enumerate(rows):
        out.append("<tr>" + "".join(cms_cell(c, r) for c in row) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def para_html(ln: str, img_prefix: str = "/uploads/") -> str | None:
    ln = BOOKMARK.sub("", ln)
    if not ln.strip():
        return None
    m = IMAGE.match(ln)
    if m:
        return f'<p style="text-align:center"><img src="{img_prefix}{E(m.group(1).strip())}.jpg" width="553" height="415" alt=""></p>'
    if SECTION.match(ln):
        return f"<p><strong>{E(ln.strip())}</strong></p>"
    if ln.startswith(" " * 8) or ln.startswith("\u3000" * 2 + " "):
        return f'<p style="text-align:right">{E(ln.strip())}</p>'
    return f'<p style="text-indent:2em">{E(ln.strip())}</p>'


def article_body(seed: dict, misaligned: bool) -> str:
    parts = []
    for ln in seed["pre"]:
        p = para_html(ln)
        if p:
            parts.append(p)
    for heading, paras, rows in layouts(seed, misaligned):
        parts.append(para_html(heading))
        for ln in paras:
            p = para_html(ln)
            if p:
                parts.append(p)
        parts.append(cms_table(rows))
    for ln in seed["post"]:
        p = para_html(ln)
        if p:
            parts.append(p)
    return "\n".join(parts)


def cms_page(seed: dict, charset: str = "utf-8") -> str:
    site, host = SITE[seed["id"]]
    title = seed["title"]
    if seed["info"]:
        info = E(seed["info"])
    else:
        info = f"发布日期：{PUBLISHED[seed['id']]}&nbsp;&nbsp;信息来源：{SOURCE[seed['id']]}&nbsp;&nbsp;浏览次数："
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(title)}_{site}</title>
<meta name="keywords" content="政府信息公开,年度报告">
<link rel="stylesheet" href="/static/css/common.css">
<script src="/static/js/jquery.min.js"></script>
<style>.article-content p{{line-height:2;font-size:16px}} .nav li{{display:inline}}</style>
</head>
<body>
<div class="top-bar"><div class="wrap"><span>欢迎访问{site}门户网站</span> <a href="/wza/">无障碍</a> <a href="/zbb/">长辈版</a> <a href="/en/">English</a></div></div>
<div id="header" class="header">
  <div class="logo"><img src="/static/images/logo.png" alt="{site}"></div>
  <form class="search-box" action="/search/" method="get"><input type="text" name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form>
</div>
<div class="nav" id="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwdt/">政务动态</a></li><li><a href="/zfxxgk/">政府信息公开</a></li>
  <li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxx/">走进{site[:3]}</a></li>
</ul></div>
<div class="main wrap">
  <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a> &gt; <a href="/zfxxgk/ndbg/">政府信息公开年报</a></div>
  <div class="article">
    <h1 class="article-title">{E(title)}</h1>
    <div class="article-info">{info} <script>document.write(Math.floor(Math.random()*5000));</script>
      <span class="font-size">【字体：<a href="javascript:fontZoom(18)">大</a> <a href="javascript:fontZoom(16)">中</a> <a href="javascript:fontZoom(14)">小</a>】</span></div>
    <div class="article-content" id="zoom">
{article_body(seed, misaligned=True)}
    </div>
    <div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
    <div class="bdsharebuttonbox">分享到：<a class="bds_weixin" data-cmd="weixin">微信</a> <a class="bds_tsina" data-cmd="tsina">微博</a> <a class="bds_qzone">QQ空间</a></div>
  </div>
  <div class="related-links"><h3>相关链接</h3><ul>
    <li><a href="/zfxxgk/ndbg/1.html">{site}2019年政府信息公开工作年度报告</a><span>2020-01-20</span></li>
    <li><a href="/zfxxgk/ndbg/2.html">政府信息公开工作年度报告编制说明</a><span>2019-12-30</span></li>
  </ul></div>
</div>
<div class="footer" id="footer">
  <p>主办：{site}办公室&nbsp;&nbsp;承办：{site}大数据中心&nbsp;&nbsp;<a href="/sitemap/">网站地图</a></p>
  <p>版权所有：{site}&nbsp;&nbsp;网站标识码：3703220001&nbsp;&nbsp;ICP备案号：鲁ICP备05012345号</p>
</div>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); hm.src = "https://{host}/stat.js"; }})();</script>
</body>
</html>
"""


# ---------------------------------------------------------------------------
# rendering: Word "Web Page" export
# ---------------------------------------------------------------------------


def word_cell(c: dict, width_pt: float) -> str:
    attrs = f" width={int(width_pt * 4 / 3 * c['cs'])}"
    if c["cs"] > 1:
        attrs += f" colspan={c['cs']}"
    if c["rs"] > 1:
        attrs += f" rowspan={c['rs']}"
    style = (f"width:{width_pt * c['cs']:.1f}pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;"
             "padding:0cm 5.4pt 0cm 5.4pt")
    paras = []
    lines = c["t"].split("\n") if c["t"].strip() else [""]
    for ln in lines:
        t = E(ln.strip()).replace("\xa0", "&nbsp;") if ln.strip() else ""
        span = f"<span lang=EN-US style='font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体'>{t}<o:p>{'&nbsp;' if not t else ''}</o:p></span>"
        paras.append(f"  <p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>{span}</p>")
    return f"  <td{attrs} valign=top style='{style}'>\n" + "\n".join(paras) + "\n  </td>"


def word_table(rows, n_cols: int, i: int) -> str:
    width = 414.0 / n_cols
    out = [f"<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=552 "
           f"style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
           f"mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"]
    for r, row in enumerate(rows):
        out.append(f" <tr style='mso-yfti-irow:{r};height:21.0pt'>")
        out.extend(word_cell(c, width) for c in row)
        out.append(" </tr>")
    out.append(" <![if !supportMisalignedColumns]>\n <tr height=0>")
    out.extend(f"  <td width={int(width * 4 / 3)} style='border:none'></td>" for _ in range(n_cols))
    out.append(" </tr>\n <![endif]>\n</table>\n</div>")
    return "\n".join(out)


LIST_ITEM = re.compile(r"^(\d)、(.*)$")


def word_para(ln: str) -> str | None:
    ln = BOOKMARK.sub("", ln)
    if not ln.strip():
        return "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
    m = IMAGE.match(ln)
    if m:
        return ("<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US>"
                "<!--[if gte vml 1]><v:shape id=\"图片_x0020_1\" type=\"#_x0000_t75\" style='width:414pt;height:311pt'>"
                f"<v:imagedata src=\"report.files/image001.jpg\" o:title=\"{E(m.group(1))}\"/></v:shape><![endif]-->"
                "<![if !vml]><img width=553 height=415 src=\"report.files/image002.jpg\" v:shapes=\"图片_x0020_1\"><![endif]>"
                "</span></p>")
    if SECTION.match(ln):
        return (f"<h2 style='margin:0cm;text-indent:32.0pt;line-height:28.0pt'><span style='font-size:16.0pt;"
                f"font-family:黑体;mso-hansi-font-family:黑体'>{E(ln.strip())}<span lang=EN-US><o:p></o:p></span></span></h2>")
    m = LIST_ITEM.match(ln.strip())
    if m:
        return (f"<p class=MsoListParagraph style='margin-left:32.0pt;text-indent:-32.0pt;mso-list:l0 level1 lfo1'>"
                f"<![if !supportLists]><span lang=EN-US style='font-size:16.0pt'><span style='mso-list:Ignore'>{m.group(1)}、"
                f"<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>"
                f"<span style='font-size:16.0pt;font-family:仿宋_GB2312'>{E(m.group(2))}<span lang=EN-US><o:p></o:p></span></span></p>")
    return (f"<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt;mso-line-height-rule:exactly'>"
            f"<span style='font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:宋体'>{E(ln.strip())}"
            f"<span lang=EN-US><o:p></o:p></span></span></p>")


def word_page(seed: dict) -> str:
    body = []
    for t in seed["title_lines"]:
        body.append(f"<p class=MsoTitle align=center style='text-align:center'><b><span style='font-size:22.0pt;"
                    f"font-family:方正小标宋简体'>{E(t)}<span lang=EN-US><o:p></o:p></span></span></b></p>")
    for ln in seed["pre"]:
        body.append(word_para(ln))
    for i, (heading, paras, rows) in enumerate(layouts(seed, misaligned=False)):
        body.append(word_para(heading))
        for ln in paras:
            body.append(word_para(ln))
        n_cols = {0: 4, 1: 10, 2: 15}[i]
        body.append(word_table(rows, n_cols, i))
    for ln in seed["post"]:
        body.append(word_para(ln))
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="report.files/filelist.xml">
<title>{E(seed['title'])}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>Administrator</o:Author>
  <o:Pages>6</o:Pages>
 </o:DocumentProperties>
</xml><![endif]--><!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:SpellingState>Clean</w:SpellingState>
  <w:DocumentKind>DocumentNotSpecified</w:DocumentKind>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no;mso-style-qformat:yes;margin:0cm;text-align:justify;text-justify:inter-ideograph;
	font-size:10.5pt;font-family:"Calibri",sans-serif;mso-fareast-font-family:宋体;}}
@page WordSection1
	{{size:595.3pt 841.9pt;margin:72.0pt 90.0pt 72.0pt 90.0pt;mso-header-margin:42.55pt;}}
div.WordSection1
	{{page:WordSection1;}}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable
	{{mso-style-name:普通表格;mso-tstyle-rowband-size:0;}}
</style>
<![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

{chr(10).join(b for b in body if b)}

</div>

</body>

</html>
"""


# ---------------------------------------------------------------------------
# LibreOffice export of a python-docx document
# ---------------------------------------------------------------------------


def docx_of(seed: dict, path: Path) -> None:
    import docx  # python-docx

    d = docx.Document()
    for t in seed["title_lines"]:
        p = d.add_paragraph()
        p.add_run(t).bold = True
    for ln in seed["pre"]:
        ln = BOOKMARK.sub("", ln)
        if ln.strip():
            d.add_paragraph(ln.strip())
    for heading, paras, rows in layouts(seed, misaligned=False):
        d.add_paragraph(heading.strip())
        for ln in paras:
            if ln.strip():
                d.add_paragraph(ln.strip())
        # absolute positions
        busy: dict[tuple[int, int], bool] = {}
        placed = []
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while busy.get((r, c)):
                    c += 1
                placed.append((r, c, cell))
                for rr in range(r, r + cell["rs"]):
                    for cc in range(c, c + cell["cs"]):
                        busy[(rr, cc)] = True
                c += cell["cs"]
        n_cols = max(c for _, c in busy) + 1
        table = d.add_table(rows=len(rows), cols=n_cols)
        table.style = "Table Grid"
        for r, c, cell in placed:
            target = table.cell(r, c)
            if cell["rs"] > 1 or cell["cs"] > 1:
                target = target.merge(table.cell(r + cell["rs"] - 1, c + cell["cs"] - 1))
            lines = cell["t"].split("\n")
            target.paragraphs[0].text = lines[0].strip() if cell["t"].strip() else cell["t"]
            for extra in lines[1:]:
                target.add_paragraph(extra.strip())
    for ln in seed["post"]:
        if ln.strip():
            d.add_paragraph(ln.strip())
    d.save(str(path))


def libreoffice_page(seed: dict, out: Path) -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: skipping", out.name, file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / (out.stem + ".docx")
        docx_of(seed, src)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "html:HTML (StarWriter):UTF8", "--outdir", tmp, str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        shutil.copy(Path(tmp) / (out.stem + ".html"), out)
    return True


# ---------------------------------------------------------------------------


def write(name: str, data: bytes, expected: dict | None = None) -> None:
    (HERE / name).write_bytes(data)
    exp = HERE / (Path(name).stem + ".expected.json")
    if expected:
        exp.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    elif exp.exists():
        exp.unlink()
    print("wrote", name, len(data), "bytes")


def main() -> None:
    seeds = {p: parse_seed(p) for p in ("000", "001", "002", "003")}
    for p, seed in seeds.items():
        exp = None
        if p == "000":  # the report itself has no date: the page's 发布日期 is used
            exp = {"meta": {"published": PUBLISHED[p][:10]}}
        write(f"{p}_cms.html", cms_page(seed).encode("utf-8"), exp)

    gbk = cms_page(seeds["003"], charset="gb2312")
    assert "釆" in gbk
    try:
        gbk.encode("gb2312")
        raise SystemExit("003 page unexpectedly fits GB2312")
    except UnicodeEncodeError:
        pass
    write("003_cms_gbk.html", gbk.encode("gbk", errors="xmlcharrefreplace"))

    from opencc import OpenCC

    trad = OpenCC("s2t").convert(cms_page(seeds["002"]))
    golden = json.loads(next(SEEDS.glob("002_*.expected.json")).read_text(encoding="utf-8"))
    conv = OpenCC("s2t")
    write("002_cms_traditional.html", trad.encode("utf-8"),
          {"meta": {"title": conv.convert(golden["meta"]["title"]), "agency": conv.convert(golden["meta"]["agency"])}})

    write("000_word.html", word_page(seeds["000"]).encode("gbk", errors="xmlcharrefreplace"))

    out = HERE / "001_libreoffice.html"
    if libreoffice_page(seeds["001"], out):
        print("wrote", out.name, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
