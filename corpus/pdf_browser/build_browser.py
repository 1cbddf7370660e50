#!/usr/bin/env python3
"""Build corpus/pdf_browser: the corpus web pages printed to PDF by Chromium.

    python corpus/pdf_browser/build_browser.py      # needs the chromium package

How users save a report they found on a government site: the browser's
"print to PDF".  Every page of ``corpus/html`` is wrapped in a site's chrome
built here — top bar, navigation, search box, breadcrumb, share buttons,
related links, footer with the site's registration — with no site CSS (the
stylesheets are left out, as when a page is saved without them), given the
title ``<report title>_政府信息公开年报_<site name>``, served from a local
HTTP server and printed by ``chromium --headless --print-to-pdf``:

* ``<page>_hf.pdf``     with Chromium's header and footer on every page (print
  date and page title at the top, the URL and ``1/8`` at the bottom);
* ``<page>_plain.pdf``  with ``--no-pdf-header-footer``.

Tables break wherever the page ends, their headers not repeated.  A page's
``corpus/html/<page>.expected.json`` (overrides of the twin's golden) is
copied beside its PDFs.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
HTML = CORPUS / "html"
SEEDS = CORPUS / "seeds"

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def site_name(agency: str) -> str:
    m = re.match(r"^(.+?[省市县区旗])", agency)
    return (m.group(1) if m else agency) + "人民政府"


def wrap(page: Path) -> str:
    raw = page.read_bytes()
    soup = BeautifulSoup(raw, "html.parser")  # lxml drops the body of the GBK page
    for tag in soup(["script", "style", "link", "meta"]):
        tag.decompose()
    body = soup.body.decode_contents() if soup.body else soup.decode()
    seed = next(SEEDS.glob(page.name[:3] + "_*.expected.json"))
    meta = json.loads(seed.read_text("utf-8"))["meta"]
    over = HTML / f"{page.stem}.expected.json"
    if over.exists():
        meta.update(json.loads(over.read_text("utf-8")).get("meta", {}))
    site = site_name(meta["agency"])
    title = f"{meta['title']}_政府信息公开年报_{site}"
    nav = " | ".join(f'<a href="/{k}/">{v}</a>' for k, v in [
        ("", "首页"), ("zwdt", "政务动态"), ("zfxxgk", "政府信息公开"), ("zwfw", "政务服务"),
        ("hdjl", "互动交流"), ("zjwm", "走进我们")])
    related = "".join(f'<li><a href="/zfxxgk/ndbg/{i}.html">{t}</a></li>' for i, t in enumerate([
        f"{site}2023年政府信息公开工作年度报告", f"{site}办公室2022年政府信息公开工作年度报告",
        "关于做好政府信息公开工作年度报告编制发布工作的通知"]))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<div class="topbar">欢迎访问{site}门户网站 <a href="/wza/">无障碍</a> <a href="/zbb/">长辈版</a> <a href="/en/">English</a></div>
<div class="header"><img src="/logo.png" alt="{site}"> <b>{site}</b>
<form action="/search/"><input type="text" name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<div class="nav">{nav}</div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a> &gt; <a href="/zfxxgk/ndbg/">政府信息公开年报</a></div>
<div class="info">信息来源：{meta['agency']} 　浏览次数：1024 　字号：[大 中 小] 　【打印】 【关闭】</div>
<div class="article">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> 【打印本页】 【关闭窗口】</div>
<div class="related"><b>相关链接</b><ul>{related}</ul></div>
<div class="footer">主办：{site}办公室 　承办：{site}政务服务和大数据中心 <br>
网站标识码：3703220001 　鲁ICP备05001234号-1 　公安机关备案号 37032202000123</div>
</body></html>
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    pages = sorted(HTML.glob("0*.html"))
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        site = tmp / "site" / "zfxxgk" / "ndbg"
        site.mkdir(parents=True)
        for page in pages:
            (site / page.name).write_text(wrap(page), encoding="utf-8")
        handler = functools.partial(_QuietHandler, directory=str(tmp / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        try:
            for page in pages:
                url = f"http://127.0.0.1:{port}/zfxxgk/ndbg/{page.name}"
                for variant, extra in (("hf", []), ("plain", ["--no-pdf-header-footer"])):
                    out = HERE / f"{page.stem}_{variant}.pdf"
                    profile = tempfile.mkdtemp(dir=tmp)
                    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra,
                                    f"--print-to-pdf={out}", url], check=True, timeout=120,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    over = HTML / f"{page.stem}.expected.json"
                    if over.exists():
                        shutil.copy(over, out.with_suffix(".expected.json"))
                    print("built", out.name)
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
