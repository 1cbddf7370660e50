#!/usr/bin/env python3
"""Build corpus/identity: report pages as real sites wrap them, one folder per class.

    python corpus/identity/build_identity.py     # needs chromium and soffice (LibreOffice)

The report article of a page of ``corpus/html`` (its body text and tables,
unchanged) is wrapped in the furniture one class is about, and written in
the shapes a user obtains:

* ``<name>.html``        the page as served;
* ``<name>_hf.pdf``      printed by ``chromium --headless --print-to-pdf`` with the
  browser's header and footer (print date, page title, URL, ``1/8``);
* ``<name>_plain.pdf``   printed with ``--no-pdf-header-footer`` (class ``furniture`` only);
* ``<name>.docx``        the page saved as .docx by LibreOffice
  (``soffice --convert-to docx:"MS Word 2007 XML"``).

Classes (folders):

* ``furniture/``   the info bar (``来源： 时间：…`` with an empty 来源, ``信息来源`` …) and the
  政府信息公开目录 block as a table, as ``key：value`` lines and glued on one line;
* ``department/``  a department's report on its parent government's site: the site name,
  breadcrumb and 来源/发布机构 name the parent;
* ``letter/``      a cover letter (关于报送…的函, its document number and 印发 date) before the report;
* ``years/``       titles as written: ``2024年度``, ``二〇二〇年``, the agency on the line above,
  a title broken over two lines, a trailing ``（全文）``.

Every page's expected identity (``<name>.expected.json``) is written below by hand in
:data:`PAGES`, from what the page says; nothing here runs gxconvert.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
HTML = HERE.parent / "html"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Page:
    name: str  # <class>/<file stem>
    seed: str  # corpus/html/<seed>_cms.html gives the article
    site: str  # the hosting site's name
    title_html: str  # the title block as the page shows it
    expected: dict[str, object]  # meta fields and provenance sources, by hand
    info: str = ""  # the info bar under the title
    block: str = ""  # the 政府信息公开目录 block before the article
    letter: str = ""  # a cover letter before the report
    crumb: str = "首页 &gt; 政府信息公开 &gt; 政府信息公开年报"
    page_title: str = ""  # <title>; default: the title text + _政府信息公开年报_ + site
    sources: dict[str, str] = field(default_factory=dict)  # meta field -> expected provenance source
    warnings: list[str] = field(default_factory=list)  # the warnings expected on meta.* ("code meta.field")


R_GAOQING = {"code": "370322", "province": "山东省", "city": "淄博市", "county": "高青县"}
R_CHANGLE = {"code": "370725", "province": "山东省", "city": "潍坊市", "county": "昌乐县"}
R_WENLING = {"code": "331081", "province": "浙江省", "city": "台州市", "county": "温岭市"}
R_MILIN = {"code": "540481", "province": "西藏自治区", "city": "林芝市", "county": "米林市"}  # 米林县 became 米林市
T000 = "高青县卫生健康局2020年政府信息公开工作年度报告"
T001 = "昌乐县卫生健康局2024年政府信息公开工作年度报告"
T002 = "温岭市卫生健康局2021年信息公开工作年度报告"
T003 = "米林县卫健委关于2020年度政府信息公开工作年度报告"


def _block_table(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="xxgk" border="1" cellspacing="0" width="100%">{body}</table>'


PAGES = [
    # -- furniture -------------------------------------------------------------------------
    Page("furniture/000_bar_empty_source", "000", "高青县人民政府", f"<h1>{T000}</h1>",
         info="来源： 时间：2021-02-03 15:07 　浏览次数：357 　【字号：大 中 小】 【打印本页】 【关闭窗口】",
         expected={"title": T000, "agency": "高青县卫生健康局", "year": 2020, "published": "2021-02-03",
                   "publisher": None, "agency_key": "高青县卫生健康局", "region": R_GAOQING},
         sources={"title": "title", "agency": "title", "year": "title", "published": "page_metadata"}),
    Page("furniture/001_block_table", "001", "昌乐县人民政府", f"<h1>{T001}</h1>",
         block=_block_table([["索引号", "11370725004352170K/2025-00012", "主题分类", "卫生、体育"],
                             ["发布机构", "昌乐县卫生健康局", "生成日期", "2025-01-10"],
                             ["名称", T001, "", ""],
                             ["文号", "", "公开方式", "主动公开"]]),
         info="发布时间：2025-01-10 16:02 　浏览次数：88",
         expected={"title": T001, "agency": "昌乐县卫生健康局", "year": 2024, "published": "2025-01-08",
                   "publisher": "昌乐县卫生健康局", "agency_key": "昌乐县卫生健康局", "region": R_CHANGLE},
         sources={"title": "title", "agency": "title", "year": "title", "published": "signature",
                  "publisher": "page_metadata"}),
    Page("furniture/002_block_lines", "002", "温岭市人民政府", f"<h1>{T002}</h1>",
         block=("<div class='xxgk'><p>索引号：001008003014/2022-34721</p><p>发布机构：温岭市卫生健康局</p>"
                "<p>成文日期：2022-01-24</p><p>主题分类：卫生、体育</p><p>公开方式：主动公开</p></div>"),
         info="来源：温岭市卫生健康局 　时间：2022-01-24 15:58 　分享到：微信 微博",
         expected={"title": T002, "agency": "温岭市卫生健康局", "year": 2021, "published": "2022-01-24",
                   "publisher": "温岭市卫生健康局", "agency_key": "温岭市卫生健康局", "region": R_WENLING},
         sources={"title": "title", "agency": "title", "year": "title", "published": "page_metadata",
                  "publisher": "page_metadata"}),  # 002 has no signature: 成文日期 (the block) gives the date
    Page("furniture/003_block_glued", "003", "米林县人民政府", f"<h1>{T003}</h1>",
         block=("<p class='xxgk'>索引号：MLX-2021-0031发布机构：米林县卫生健康委员会生成日期：2021-02-01"
                "主题分类：其他公开方式：主动公开</p>"),
         info="来源：米林县卫健委 时间：2021-02-01 10:15 浏览次数：35 【字号：大 中 小】【打印本页】【关闭窗口】",
         expected={"title": T003, "agency": "米林县卫健委", "year": 2020, "published": "2021-01-28",
                   "publisher": "米林县卫生健康委员会", "agency_key": "米林县卫生健康委员会", "region": R_MILIN},
         sources={"title": "title", "agency": "title", "year": "title", "published": "signature",
                  "publisher": "page_metadata"}),
    Page("furniture/001_title_in_header", "001", "昌乐县人民政府", "",
         page_title=f"{T001}_政府信息公开年报_昌乐县人民政府",
         info="发布机构：昌乐县卫生健康局 　发布日期：2025-01-10",
         expected={"title": T001, "agency": "昌乐县卫生健康局", "year": 2024, "published": "2025-01-08",
                   "publisher": "昌乐县卫生健康局", "agency_key": "昌乐县卫生健康局", "region": R_CHANGLE},
         # the title is only in the page's <title>, which prints in Chromium's header (in the page margin, left
         # out by the PDF reader) and is lost in a .docx; the opening sentence names the report in every shape
         # ("…编制并向社会公布昌乐县卫生健康局2024年政府信息公开工作年度报告"), the signature the body
         sources={"title": "opening", "agency": "signature", "year": "opening", "published": "signature",
                  "publisher": "page_metadata"}),
    # -- department pages on a parent government's site ------------------------------------------
    Page("department/000_county_site", "000", "高青县人民政府", f"<h1>{T000}</h1>",
         crumb="首页 &gt; 政府信息公开 &gt; 部门信息公开 &gt; 县卫生健康局 &gt; 年报",
         info="来源：高青县人民政府 　时间：2021-02-03 09:30 　【打印本页】",
         expected={"title": T000, "agency": "高青县卫生健康局", "year": 2020, "published": "2021-02-03",
                   "publisher": "高青县人民政府", "agency_key": "高青县卫生健康局", "region": R_GAOQING},
         sources={"title": "title", "agency": "title", "year": "title", "published": "page_metadata",
                  "publisher": "page_metadata"},
         warnings=["agency_publisher_differ meta.agency"]),
    Page("department/001_city_site", "001", "潍坊市人民政府", f"<h1>{T001}</h1>",
         crumb="首页 &gt; 信息公开 &gt; 县市区信息公开 &gt; 昌乐县 &gt; 年度报告",
         block=_block_table([["索引号", "WF-2025-0107", "发布机构", "潍坊市人民政府办公室"],
                             ["成文日期", "2025-01-10", "公开方式", "主动公开"]]),
         expected={"title": T001, "agency": "昌乐县卫生健康局", "year": 2024, "published": "2025-01-08",
                   "publisher": "潍坊市人民政府办公室", "agency_key": "昌乐县卫生健康局", "region": R_CHANGLE},
         sources={"title": "title", "agency": "title", "year": "title", "published": "signature",
                  "publisher": "page_metadata"},
         warnings=["agency_publisher_differ meta.agency"]),
    # -- cover letters -------------------------------------------------------------------------
    Page("letter/000_letter_first", "000", "高青县人民政府", f"<h1>{T000}</h1>",
         letter=("<p>高青县卫生健康局</p><p>关于报送高青县卫生健康局2020年政府信息公开工作年度报告的函</p>"
                 "<p>高卫健函〔2021〕3号</p><p>县政府办公室：</p>"
                 "<p>根据《中华人民共和国政府信息公开条例》要求，现将我局2020年政府信息公开工作年度报告报送你们，请审阅。</p>"
                 "<p>附件：高青县卫生健康局2020年政府信息公开工作年度报告</p>"
                 "<p>高青县卫生健康局</p><p>2021年1月15日</p>"),
         info="来源：高青县卫生健康局 时间：2021-02-03 09:30",
         expected={"title": T000, "agency": "高青县卫生健康局", "year": 2020, "published": "2021-02-03",
                   "publisher": "高青县卫生健康局", "agency_key": "高青县卫生健康局", "region": R_GAOQING},
         sources={"title": "title", "agency": "title", "year": "title", "published": "page_metadata",
                  "publisher": "page_metadata"}),
    Page("letter/003_letter_docno", "003", "米林县人民政府", f"<h1>{T003}</h1>",
         letter=("<p>米林县卫生健康委员会关于报送2020年度政府信息公开工作年度报告的函</p><p>米卫健函〔2021〕7号</p>"
                 "<p>县人民政府办公室：</p><p>现将我委2020年度政府信息公开工作年度报告随文报送，请予审核。</p>"
                 "<p>米林县卫生健康委员会</p><p>2021年1月25日印发</p>"),
         expected={"title": T003, "agency": "米林县卫健委", "year": 2020, "published": "2021-01-28",
                   "publisher": None, "agency_key": "米林县卫生健康委员会", "region": R_MILIN},
         sources={"title": "title", "agency": "title", "year": "title", "published": "signature"}),
    # -- titles and years as written ---------------------------------------------------------------
    Page("years/001_niandu", "001", "昌乐县人民政府", "<h1>昌乐县卫生健康局2024年度政府信息公开工作年度报告</h1>",
         expected={"title": "昌乐县卫生健康局2024年度政府信息公开工作年度报告", "agency": "昌乐县卫生健康局", "year": 2024,
                   "published": "2025-01-08", "publisher": None, "agency_key": "昌乐县卫生健康局",
                   "region": R_CHANGLE},
         sources={"title": "title", "agency": "title", "year": "title", "published": "signature"}),
    Page("years/000_chinese_digits", "000", "高青县人民政府", "<h1>高青县卫生健康局二〇二〇年政府信息公开工作年度报告</h1>",
         info="发布日期：2021-02-03",
         expected={"title": "高青县卫生健康局二〇二〇年政府信息公开工作年度报告", "agency": "高青县卫生健康局", "year": 2020,
                   "published": "2021-02-03", "publisher": None, "agency_key": "高青县卫生健康局",
                   "region": R_GAOQING},
         sources={"title": "title", "agency": "title", "year": "title", "published": "page_metadata"}),
    Page("years/002_agency_above", "002", "温岭市人民政府",
         "<p style='text-align:center;font-size:22pt'><b>温岭市卫生健康局</b></p>"
         "<p style='text-align:center;font-size:22pt'><b>2021年信息公开工作年度报告</b></p>",
         page_title="2021年信息公开工作年度报告_温岭市人民政府",
         expected={"title": T002, "agency": "温岭市卫生健康局", "year": 2021, "published": None,
                   "publisher": None, "agency_key": "温岭市卫生健康局", "region": R_WENLING},
         sources={"title": "title", "agency": "title", "year": "title"},  # no signature, no page date
         warnings=["published_not_found meta.published"]),
    Page("years/000_split_title", "000", "高青县人民政府",
         "<p style='text-align:center;font-size:22pt'><b>高青县卫生健康局2020年政府信息公开</b></p>"
         "<p style='text-align:center;font-size:22pt'><b>工作年度报告</b></p>",
         info="来源：高青县卫生健康局 时间：2021-02-03 09:30",
         expected={"title": T000, "agency": "高青县卫生健康局", "year": 2020, "published": "2021-02-03",
                   "publisher": "高青县卫生健康局", "agency_key": "高青县卫生健康局", "region": R_GAOQING},
         sources={"title": "title", "agency": "title", "year": "title", "published": "page_metadata",
                  "publisher": "page_metadata"}),
    Page("years/003_full_text", "003", "米林县人民政府", f"<h1>{T003}（全文）</h1>",
         expected={"title": T003, "agency": "米林县卫健委", "year": 2020, "published": "2021-01-28",
                   "publisher": None, "agency_key": "米林县卫生健康委员会", "region": R_MILIN},
         sources={"title": "title", "agency": "title", "year": "title", "published": "signature"}),
]


def _content(seed: str) -> str:
    """The report's body (text and tables) of a corpus/html CMS page, as it is."""
    soup = BeautifulSoup((HTML / f"{seed}_cms.html").read_bytes(), "html.parser")
    content = soup.find("div", class_="article-content")
    assert content is not None
    for s in content.find_all("script"):
        s.decompose()
    return str(content)


def _text_of(title_html: str) -> str:
    return BeautifulSoup(title_html, "html.parser").get_text("")


def render(p: Page) -> str:
    title_text = _text_of(p.title_html)
    page_title = p.page_title or f"{title_text}_政府信息公开年报_{p.site}"
    nav = " | ".join(f'<a href="/{k}/">{v}</a>' for k, v in [
        ("", "首页"), ("zwdt", "政务动态"), ("zfxxgk", "政府信息公开"), ("zwfw", "政务服务"), ("hdjl", "互动交流")])
    info = f'<div class="info">{p.info}</div>' if p.info else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{page_title}</title></head>
<body>
<div class="topbar">欢迎访问{p.site}门户网站 <a href="/wza/">无障碍</a> <a href="/zbb/">长辈版</a></div>
<div class="header"><b>{p.site}</b> <form action="/search/"><input type="text" name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<div class="nav">{nav}</div>
<div class="crumb">当前位置：{p.crumb}</div>
{p.block}
<div class="article">
{p.letter}
{p.title_html}
{info}
{_content(p.seed)}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 【打印本页】 【关闭窗口】</div>
<div class="footer">主办：{p.site}办公室 　网站标识码：3703220001 　ICP备05001234号-1</div>
</body></html>
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("chromium"):
        sys.exit("chromium and soffice are needed")
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        served = tmp / "site"
        only = [a for a in sys.argv[1:] if not a.startswith("--")]
        pages = [p for p in PAGES if not only or p.name in only]
        for p in pages:
            out = HERE / f"{p.name}.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            html = render(p)
            out.write_text(html, encoding="utf-8")
            (served / p.name).parent.mkdir(parents=True, exist_ok=True)
            (served / f"{p.name}.html").write_text(html, encoding="utf-8")
            warnings = p.warnings + (["region_former_name meta.region"] if p.expected["region"] == R_MILIN else [])
            expected = {"meta": p.expected, "provenance": {f"meta.{k}": {"source": v} for k, v in p.sources.items()},
                        "meta_warnings": warnings}
            (HERE / f"{p.name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                                          encoding="utf-8")
        if "--expected-only" in sys.argv:
            return 0
        handler = functools.partial(_QuietHandler, directory=str(served))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        try:
            for p in pages:
                variants = [("hf", [])] + ([("plain", ["--no-pdf-header-footer"])] if p.name.startswith("furniture/")
                                           else [])
                for variant, extra in variants:
                    pdf = HERE / f"{p.name}_{variant}.pdf"
                    profile = tempfile.mkdtemp(dir=tmp)
                    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra,
                                    f"--print-to-pdf={pdf}", f"http://127.0.0.1:{port}/{p.name}.html"],
                                   check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    print("built", pdf.relative_to(HERE))
                work = tmp / "lo" / p.name.replace("/", "_")
                work.mkdir(parents=True)
                src = work / "page.html"
                src.write_text(render(p), encoding="utf-8")
                subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                                "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work), str(src)],
                               check=True, capture_output=True, timeout=180)
                shutil.copyfile(work / "page.docx", HERE / f"{p.name}.docx")
                print("built", f"{p.name}.docx")
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
