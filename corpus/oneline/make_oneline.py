"""Make one-line web-archive versions of the seed reports and the glued seeds.

A web archive (or a crawler's text export) keeps a whole page as ONE line:
the crawler's ``key: value`` header block, the page's chrome (navigation,
search box, breadcrumb, share buttons), the report with its part headings
inline, the tables flattened, and the footer chrome (``附件下载``, related
links, copyright).  For every seed this writes here:

* ``<id>.oneline.txt`` — from ``corpus/seeds/<id>.txt``: every paragraph and
  every table cell in order on one line, cells separated by one space
  (an empty cell leaves an empty string between two spaces);
* ``<id>.tabs.oneline.txt`` — the same with a TAB between cells, paragraphs
  and chrome items (crawlers that keep element boundaries as tabs);
* ``<id>.glued.oneline.txt`` — from ``corpus/glued/<id>.glued.txt``: the
  glued version (each table row's cells run together) with all its lines
  on one line.

Seeds alternate how the paragraphs are joined (nothing between them, or one
space), and the seeds 001 and 004 write their part headings without the
``、`` (``一总体情况``), as such dumps sometimes do.  Nothing else of the
report is changed.  The expected values are the twins' goldens
(``corpus/seeds/<id>.expected.json``; for the glued versions
``corpus/glued/<id>.expected.json``); ``<name>.expected.json`` here, written
by hand, holds what differs: a 发布时间 the report itself does not print, and
values lost by reasoning (an empty cell leaves only an extra space).

The seeds' paragraphs, tables and cells are read here, with the layout
rules of ``corpus/glued/make_glued.py`` (nothing of gxconvert is used, so a
bug in its readers cannot be built into these inputs): a Word row's leading
empty cells are a merged cell of the row above (shown once); in a web page's
cell stream (from the heading 二 to the heading 五, headings included) k empty
lines in a row hold k - 1 empty cells and a line right below another
continues its cell.

Run from the repository root: ``python3 corpus/oneline/make_oneline.py``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "corpus" / "glued"))

from make_glued import cell as _cell  # noqa: E402 - corpus/glued's own layout reading
from make_glued import decode as decode_bytes  # noqa: E402
from make_glued import layout, tables  # noqa: E402

SEEDS = ROOT / "corpus" / "seeds"
GLUED = ROOT / "corpus" / "glued"
OUT = Path(__file__).resolve().parent

# the date a crawler recorded for pages whose report prints none (as on the
# CMS pages of corpus/html for 000)
PAGE_DATES = {"000": "2021-02-03", "004": "2021-01-22"}
SITE = {"000": ("高青县人民政府", "www.gaoqing.gov.cn"), "001": ("昌乐县人民政府", "www.changle.gov.cn"),
        "002": ("温岭市人民政府", "www.wl.gov.cn"), "003": ("林芝市人民政府", "www.linzhi.gov.cn"),
        "004": ("福清市人民政府", "www.fuqing.gov.cn")}
NO_COMMA = {"001", "004"}  # seeds whose headings lose their 、


def _header(seed: str, meta: dict, published: str | None) -> str:
    host = SITE[seed][1]
    fields = [f"标题: {meta['title']}"]
    if published:
        fields.append(f"发布时间: {published}")
    fields.append(f"发布机构: {meta['agency']}")
    fields.append(f"来源: http://{host}/art/{published or '2021-01-01'}/art_1234_5678.html")
    fields.append("采集时间: 2025-06-01 10:22:13")
    return " ".join(fields)


def _chrome_before(seed: str, meta: dict, published: str | None) -> str:
    site, _ = SITE[seed]
    parts = [f"{site}门户网站", "首页", "政务公开", "政策文件", "互动交流", "办事服务", "走进" + site[:3],
             "站内搜索", "请输入关键字", "搜索", "高级搜索",
             "您当前的位置：首页 > 政府信息公开 > 政府信息公开年报",
             meta["title"]]
    if published:
        parts.append(f"发布日期：{published} 来源：{meta['agency']} 浏览次数：1024")
    parts += ["【字体：大 中 小】", "打印本页", "关闭窗口", "分享到：微信 微博 QQ空间"]
    return " ".join(parts)


def _chrome_after(seed: str, meta: dict) -> str:
    site, host = SITE[seed]
    year = meta["year"]
    return " ".join([
        "附件下载：", f"1. {meta['title']}.pdf", "【打印本页】", "【关闭窗口】",
        "相关链接：", f"{meta['agency']}{year - 1}年政府信息公开工作年度报告",
        f"{meta['agency']}{year - 2}年政府信息公开工作年度报告",
        "网站地图", "联系我们", "隐私声明",
        f"版权所有：{site}办公室", f"主办：{site}办公室", "网站标识码：3703220001",
        "ICP备05012345号-1", f"技术支持：{host}"])


_NUMERALS = "一二三四五六"
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")  # a Word dump's bookmark marker, no text of the report
_PART = re.compile(r"^(\s*)([一二三四五六])、")


def _drop_heading_comma(text: str, after: int) -> tuple[str, int]:
    """A part heading (一、 … 六、, numbered after the last one; a short line
    with no digits, unlike a table row) without its 、."""
    m = _PART.match(text)
    n = _NUMERALS.index(m.group(2)) + 1 if m else 0
    if m is None or n <= after or re.search(r"\d", text) or len(text) > 40:
        return text, after
    return m.group(1) + m.group(2) + text[m.end():], n


def _table_cells(block: list[str], kind: str) -> list[str]:
    """Every cell of a table in reading order, empty ones included, except
    the empty cells that start a Word row (a merged cell of the row above
    reaching down, shown once)."""
    if kind == "pdf":
        return [c for x in block if x.strip() for c in x.split("\t")]
    if kind == "word":
        rows: list[list[str]] = [[]]
        for x in block:
            if x.startswith("\t"):
                rows[-1].append(x[1:])
            elif x.strip() and rows[-1]:
                rows[-1][-1] += "\n" + x
            elif not x.strip() and rows[-1]:
                rows.append([])
        out: list[str] = []
        for row in rows:
            while row and not _cell(row[0]):
                row = row[1:]
            out.extend(row)
        return out
    # web: a cell per line, one empty line between cells (k empty lines in a row hold k - 1 empty
    # cells); a line right below another continues its cell (a wrapped label)
    cells: list[str] = []
    empty = 0
    for i, x in enumerate(block):
        if not x.strip():
            empty += 1
            continue
        if i and not empty and cells:
            cells[-1] += "\n" + x
            continue
        cells.extend([""] * max(empty - 1, 0))
        empty = 0
        cells.append(x)
    return cells + [""] * max(empty - 1, 0)


def _seed_pieces(text: str, seed: str, cell_sep: str = " ") -> list[str]:
    src = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kind = layout(src)
    out: list[str] = []
    current = 0
    line = 0
    spans = tables(src, kind)
    if kind == "web":  # one stream of cells from the heading 二 to the heading 五, headings included
        spans = [(spans[0][0] - 1, spans[-1][1] + 1)]
    spans.append((len(src), len(src) - 1))
    for a, b in spans:
        for x in src[line:a]:
            t = _BOOKMARK.sub("", x).strip()
            if not t or t.startswith("[image:"):
                continue
            if seed in NO_COMMA:
                t, current = _drop_heading_comma(t, current)
            out.append(t)
        if a < len(src):
            out.append(cell_sep.join(_cell(c) for c in _table_cells(src[a:b + 1], kind)))
        line = b + 1
    return out


def _glued_pieces(text: str, seed: str) -> list[str]:
    out: list[str] = []
    current = 0
    for line in text.replace("\r\n", "\n").split("\n"):
        t = line.strip()
        if not t or t.startswith("[image:"):
            continue
        if seed in NO_COMMA:
            t, current = _drop_heading_comma(t, current)
        out.append(t)
    return out


def one_line(pieces: list[str], seed: str, meta: dict, published: str | None, tabs: bool = False) -> str:
    sep = "\t" if tabs else "" if int(seed) % 2 == 0 else " "
    body = sep.join(pieces)
    parts = [_header(seed, meta, published), _chrome_before(seed, meta, published), body, _chrome_after(seed, meta)]
    if tabs:
        parts = [p.replace(" ", "\t") for p in parts[:2]] + [body, parts[3].replace(" ", "\t")]
    return ("\t" if tabs else " ").join(parts) + "\n"


def main() -> None:
    for golden_path in sorted(SEEDS.glob("*.expected.json")):
        stem = golden_path.name.split(".")[0]
        seed = stem[:3]
        meta = json.loads(golden_path.read_text("utf-8"))["meta"]
        published = meta["published"] or PAGE_DATES.get(seed)
        text = decode_bytes((SEEDS / f"{stem}.txt").read_bytes())
        (OUT / f"{stem}.oneline.txt").write_text(one_line(_seed_pieces(text, seed), seed, meta, published), "utf-8")
        (OUT / f"{stem}.tabs.oneline.txt").write_text(
            one_line(_seed_pieces(text, seed, "\t"), seed, meta, published, tabs=True), "utf-8")
        glued = decode_bytes((GLUED / f"{stem}.glued.txt").read_bytes())
        (OUT / f"{stem}.glued.oneline.txt").write_text(one_line(_glued_pieces(glued, seed), seed, meta, published),
                                                       "utf-8")


if __name__ == "__main__":
    main()
