"""Web pages opened in a word processor and saved as .docx (corpus/site).

A user who meets a report on a government site often opens the page in
Word or LibreOffice and saves it as .docx: the site's chrome comes along as
paragraphs and *layout tables* before and after the report.  This script
takes the report article of every page of corpus/html, wraps it in a
realistic site page of its own — a header table (logo, site name, search
box), a navigation table, the breadcrumb, a share-button table, then the
article (title, 发布日期 line, body with its tables), then a related-links
table, a table of attachments, and a footer table (copyright, ICP number,
site code) — and converts the page with real LibreOffice::

    soffice --headless --convert-to docx:"MS Word 2007 XML" page.html

Written here: ``<page>.site.html`` (the wrapped page) and ``<page>.docx``
(what LibreOffice saved); for two pages also ``<page>_nested``: the article
inside the right-hand cell of a two-column layout table (the site's column
menu on the left), as older government sites lay out their pages.  The expected values are those of the html twin
(``corpus/html/<page>.html``, i.e. its seed's golden merged with the page's
own ``.expected.json``); nothing of the report is changed.

Run from the repository root: ``python3 corpus/site/make_site.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "corpus" / "html"
OUT = Path(__file__).resolve().parent

NESTED = {"001_cms", "003_cms"}  # pages also made with the article inside a two-column layout table
SITES = {"000": "高青县人民政府", "001": "昌乐县人民政府", "002": "温岭市人民政府", "003": "米林县人民政府",
         "004": "福清市人民政府"}


def _article(soup: BeautifulSoup) -> tuple[str, str]:
    """(title, article html) of a corpus page: the CMS article block, or the
    whole body of an export (Word, LibreOffice)."""
    title_tag = soup.find("title")
    title = title_tag.get_text(strip=True) if title_tag else ""
    art = soup.find("div", class_="article")
    if art is not None:
        h1 = art.find("h1")
        if h1 is not None:
            title = h1.get_text(strip=True)
        for s in art.find_all("script"):
            s.decompose()
        return title, str(art)
    body = soup.find("body")
    assert body is not None
    for s in body.find_all("script"):
        s.decompose()
    return title, body.decode_contents()


def _page(seed: str, title: str, article: str, nested: bool = False) -> str:
    site = SITES[seed]
    short = re.sub(r"\d{4}年.*$", "", title) or site
    nav = "".join(f"<td><a href='/{k}/'>{t}</a></td>" for k, t in (
        ("", "首页"), ("zwgk", "政务公开"), ("zcwj", "政策文件"), ("zfxxgk", "政府信息公开"),
        ("hdjl", "互动交流"), ("bsfw", "办事服务"), ("zjxx", "走进" + site[:3])))
    related = "".join(f"<tr><td><a href='/art/{y}/'>{short}{y - 1}年政府信息公开工作年度报告</a></td><td>{y}-01-2{k}</td></tr>"
                      for k, y in enumerate((2020, 2019, 2018)))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}_政府信息公开年报_{site}</title></head>
<body>
<table width="100%" border="0" cellspacing="0" cellpadding="0" class="top">
<tr><td width="30%"><img src="/images/logo.png" alt="{site}"> {site}门户网站</td>
<td width="40%">欢迎访问{site}门户网站 | 无障碍浏览 | 长辈版 | English</td>
<td width="30%"><form action="/search/"><input type="text" name="q" value="请输入关键字"> <input type="submit" value="搜索"> 高级搜索</form></td></tr>
</table>
<table width="100%" border="0" class="nav"><tr>{nav}</tr></table>
<p class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a> &gt; <a href="/zfxxgk/ndbg/">政府信息公开年报</a></p>
<table width="100%" border="0" class="share"><tr><td>分享到：</td><td>微信</td><td>微博</td><td>QQ空间</td><td>【打印本页】</td><td>【关闭窗口】</td></tr></table>
{_body(article, site, nested)}
<table width="100%" border="0" class="attach"><tr><td>附件下载：</td><td><a href="/att/1.pdf">{title}.pdf</a></td></tr></table>
<table width="100%" border="0" class="related"><tr><td colspan="2">相关链接</td></tr>{related}</table>
<table width="100%" border="0" class="footer">
<tr><td>网站地图 | 联系我们 | 隐私声明 | 网站纠错</td></tr>
<tr><td>版权所有：{site}办公室　主办：{site}办公室　网站标识码：3703220001</td></tr>
<tr><td>ICP备05012345号-1　公网安备 37032202000123号</td></tr>
</table>
</body></html>
"""


def _body(article: str, site: str, nested: bool) -> str:
    """The article as it is, or inside the right-hand cell of a two-column
    layout table whose left cell holds the site's column menu."""
    if not nested:
        return article
    menu = "".join(f"<p><a href='/zfxxgk/{k}/'>{t}</a></p>" for k, t in (
        ("zn", "政府信息公开指南"), ("zd", "政府信息公开制度"), ("fdzdgk", "法定主动公开内容"),
        ("ndbg", "政府信息公开年报"), ("ysq", "依申请公开")))
    return (f'<table width="100%" border="0" class="layout"><tr><td width="20%" valign="top">'
            f'<p>{site}信息公开</p>{menu}</td><td width="80%" valign="top">{article}</td></tr></table>')


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice (LibreOffice) is needed")
    for src in sorted(HTML.glob("*.html")):
        if src.stem.endswith("_gbk"):
            continue  # an encoding variant of 003_cms: saved as .docx it is the same page
        seed = src.name[:3]
        raw = src.read_bytes()
        soup = BeautifulSoup(raw, "lxml")
        title, article = _article(soup)
        variants = [(src.stem, False)] + ([(src.stem + "_nested", True)] if src.stem in NESTED else [])
        for name, nested in variants:
            page = OUT / f"{name}.site.html"
            page.write_text(_page(seed, title, article, nested), "utf-8")
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                                "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(page)],
                               check=True, capture_output=True, timeout=180)
                shutil.copyfile(Path(tmp) / f"{page.stem}.docx", OUT / f"{name}.docx")
            print("wrote", f"{name}.docx")


if __name__ == "__main__":
    main()
