#!/usr/bin/env python3
"""Build the PDF corpus: the sample reports laid out like the official forms,
printed to PDF by LibreOffice.

    python corpus/pdf/build_pdf.py            # rebuild every PDF (needs soffice)
    python corpus/pdf/build_pdf.py --keep     # keep the .docx/.html sources too

Inputs: ``corpus/seeds/<id>.txt`` (narrative text, taken line by line) and the
hand-checked golden ``corpus/seeds/<id>.expected.json`` (meta and the table
values, which the script writes into form tables built from the official
layouts, with merged cells as the forms have them).  Output: one PDF per
variant below, committed beside this script; the tests never need LibreOffice.

Variants (each exercises something a PDF reader must cope with):

* ``000_ruled_split``  2019 form, ruled tables, table 三 split over two pages
  with its three header rows repeated on the second ("repeat header rows");
  running header and ``- N -`` page numbers.
* ``001_borderless``   2021 form, tables 二 and 四 without any borders,
  ``第N页`` page numbers, table 三 ruled and split over two pages.
* ``003_landscape``    2019 form, tables 三 and 四 on a landscape page.
* ``004_fonts``        2019 form, other fonts (sans body), other column widths,
  ``第 N 页 共 M 页`` footers, signature block.
* ``002_html``         2021 form made from an HTML page (a different layout
  engine: LibreOffice Writer/Web), table borders from HTML attributes.
* ``rotated``          a page of ``003_landscape`` placed rotated on a portrait
  page with ``/Rotate 90`` (how scanners and some printers store landscape).
* ``encrypted``        a small report saved with an open password ('secret').
* ``owner_only``       the same with only an owner (permissions) password.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"

APP_COLS = ["natural_person", "commercial_enterprise", "research_institution",
            "public_interest_org", "legal_service_org", "other_org", "total"]
REVIEW_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
REVIEW_COLS = ["upheld", "corrected", "other", "pending", "total"]

# --------------------------------------------------------------------------
# official layouts.  A table is a list of cell specs (row, col, rowspan,
# colspan, text) where text is a literal or {"v": "dotted.path"}.
# --------------------------------------------------------------------------


def _rows_to_specs(rows: list[list[tuple]]) -> list[tuple]:
    """rows of (text, colspan) without row spans -> cell specs."""
    specs = []
    for r, row in enumerate(rows):
        c = 0
        for text, span in row:
            specs.append((r, c, 1, span, text))
            c += span
    return specs


def V(path: str) -> dict:
    return {"v": path}


def table2(template: str) -> tuple[list[tuple], int]:
    a = "active_disclosure."
    if template == "2019":
        head3 = [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)]
        rows = [
            [("第二十条第（一）项", 4)],
            [("信息内容", 1), ("本年新制作数量", 1), ("本年新公开数量", 1), ("对外公开总数量", 1)],
            [("规章", 1)] + [(V(a + "regulations." + k), 1) for k in ("made", "published", "total_published")],
            [("规范性文件", 1)] + [(V(a + "normative_documents." + k), 1) for k in ("made", "published", "total_published")],
            [("第二十条第（五）项", 4)], head3,
            [("行政许可", 1)] + [(V(a + "licensing." + k), 1) for k in ("prev_items", "change", "decisions")],
            [("其他对外管理服务事项", 1)] + [(V(a + "other_services." + k), 1) for k in ("prev_items", "change", "decisions")],
            [("第二十条第（六）项", 4)], head3,
            [("行政处罚", 1)] + [(V(a + "penalty." + k), 1) for k in ("prev_items", "change", "decisions")],
            [("行政强制", 1)] + [(V(a + "coercion." + k), 1) for k in ("prev_items", "change", "decisions")],
            [("第二十条第（八）项", 4)],
            [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 2)],
            [("行政事业性收费", 1), (V(a + "fees.prev_items"), 1), (V(a + "fees.change"), 2)],
            [("第二十条第（九）项", 4)],
            [("信息内容", 1), ("采购项目数量", 1), ("采购总金额", 2)],
            [("政府集中采购", 1), (V(a + "procurement.projects"), 1), (V(a + "procurement.amount_yuan"), 2)],
        ]
    else:
        rows = [
            [("第二十条第（一）项", 4)],
            [("信息内容", 1), ("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)],
            [("规章", 1)] + [(V(a + "regulations." + k), 1) for k in ("issued", "repealed", "in_force")],
            [("行政规范性文件", 1)] + [(V(a + "normative_documents." + k), 1) for k in ("issued", "repealed", "in_force")],
            [("第二十条第（五）项", 4)],
            [("信息内容", 1), ("本年处理决定数量", 3)],
            [("行政许可", 1), (V(a + "licensing.decisions"), 3)],
            [("第二十条第（六）项", 4)],
            [("信息内容", 1), ("本年处理决定数量", 3)],
            [("行政处罚", 1), (V(a + "penalty.decisions"), 3)],
            [("行政强制", 1), (V(a + "coercion.decisions"), 3)],
            [("第二十条第（八）项", 4)],
            [("信息内容", 1), ("本年收费金额（单位：万元）", 3)],
            [("行政事业性收费", 1), (V(a + "fees.amount_wan_yuan"), 3)],
        ]
    return _rows_to_specs(rows), 4


def table3(template: str) -> tuple[list[tuple], int]:
    specs: list[tuple] = [
        (0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        (0, 3, 1, 7, "申请人情况"),
        (1, 3, 2, 1, "自然人"), (1, 4, 1, 5, "法人或其他组织"), (1, 9, 2, 1, "总计"),
    ]
    for i, t in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        specs.append((2, 4 + i, 1, 1, t))
    r = 3

    def values(row: int, key: str) -> None:
        for i, col in enumerate(APP_COLS):
            specs.append((row, 3 + i, 1, 1, V(f"applications.{key}.{col}")))

    def full(label: str, key: str) -> None:
        nonlocal r
        specs.append((r, 0, 1, 3, label))
        values(r, key)
        r += 1

    full("一、本年新收政府信息公开申请数量", "new_received")
    full("二、上年结转政府信息公开申请数量", "carried_over")
    groups = [
        ("（一）予以公开", "granted", None),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted", None),
        ("（三）不予公开", "denied", [
            ("1．属于国家秘密", "state_secret"), ("2．其他法律行政法规禁止公开", "prohibited_by_law"),
            ("3．危及“三安全一稳定”", "three_safeties"), ("4．保护第三方合法权益", "third_party"),
            ("5．属于三类内部事务信息", "internal_affairs"), ("6．属于四类过程性信息", "process_info"),
            ("7．属于行政执法案卷", "enforcement_file"), ("8．属于行政查询事项", "query_matter")]),
        ("（四）无法提供", "unable", [
            ("1．本机关不掌握相关政府信息", "not_held"), ("2．没有现成信息需要另行制作", "needs_creation"),
            ("3．补正后申请内容仍不明确", "unclear")]),
        ("（五）不予处理", "not_processed", [
            ("1．信访举报投诉类申请", "complaint"), ("2．重复申请", "duplicate"),
            ("3．要求提供公开出版物", "publication"), ("4．无正当理由大量反复申请", "excessive"),
            ("5．要求行政机关确认或重新出具已获取信息", "confirmation")]),
        ("（六）其他处理", "other", None if template == "2019" else [
            ("1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "no_correction"),
            ("2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "unpaid_fee"),
            ("3．其他", "other")]),
        ("（七）总计", "total_processed", None),
    ]
    start = r
    for label, key, subs in groups:
        if subs is None:
            specs.append((r, 1, 1, 2, label))
            values(r, key)
            r += 1
        else:
            specs.append((r, 1, len(subs), 1, label))
            for sub_label, sub_key in subs:
                specs.append((r, 2, 1, 1, sub_label))
                values(r, f"{key}.{sub_key}")
                r += 1
    specs.append((start, 0, r - start, 1, "三、本年度办理结果"))
    full("四、结转下年度继续办理", "carried_forward")
    return specs, 10


def table4() -> tuple[list[tuple], int]:
    specs = [(0, 0, 1, 5, "行政复议"), (0, 5, 1, 10, "行政诉讼")]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for i, t in enumerate(heads):
        specs.append((1, i, 2, 1, t))
    specs += [(1, 5, 1, 5, "未经复议直接起诉"), (1, 10, 1, 5, "复议后起诉")]
    for i, t in enumerate(heads[:4] + ["总计"] + heads[:4] + ["合计"]):
        specs.append((2, 5 + i, 1, 1, t))
    for g, group in enumerate(REVIEW_GROUPS):
        for i, col in enumerate(REVIEW_COLS):
            specs.append((3, g * 5 + i, 1, 1, V(f"review_litigation.{group}.{col}")))
    return specs, 15


# --------------------------------------------------------------------------
# values and narrative from the seeds
# --------------------------------------------------------------------------


def flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[prefix + k] = v
    return out


def fmt_value(path: str, v) -> str:
    """The golden value written as a report would print it."""
    if v is None:
        return ""
    if path.endswith("amount_yuan"):
        if v >= 10000 and round(v) % 100 == 0:
            return f"{v / 10000:g}万元"
        return f"{v:.2f}" if v != int(v) else str(int(v))
    if path.endswith(".change") and isinstance(v, int) and v > 0:
        return f"+{v}"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


_SECTION_KEYS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                 "政府信息公开行政复议", "存在的主要问题", "其他需要报告的事项"]


def narrative(seed_text: str) -> list[tuple[str, str]]:
    """The seed's running text as ("title"|"h"|"p", text), tables dropped.

    Table regions (parts 二, 三, 四) keep only sentences; the form tables are
    generated from the golden values instead."""
    out: list[tuple[str, str]] = []
    part = 0
    lines = seed_text.splitlines()
    title_done = False
    for raw in lines:
        line = re.sub(r"\[bookmark:[^\]]*\]", "", raw).rstrip()
        if re.match(r"^\s*\[image:", line) or "\t" in line:
            continue
        text = line.strip()
        if not text:
            continue
        head = None
        for i, key in enumerate(_SECTION_KEYS):
            if i + 1 > part and (text == key or (re.match(r"^[一二三四五六]、", text) and key in text
                                                 and len(text) <= len(key) + 12 and "。" not in text)):
                head = i + 1
                break
        if head:
            part = head
            out.append(("h", text))
            continue
        if not title_done and part == 0:
            # title lines come first (one or two lines, no sentence punctuation)
            if len(text) < 6:  # a tag such as 附件 above the title
                out.append(("p", text))
                continue
            if "。" not in text and "，" not in text and len(text) < 40 and not text.startswith("发布日期"):
                out.append(("title", text))
                continue
            title_done = True
        if part in (2, 3, 4):
            if len(text) < 25 or not re.search(r"[。，,]", text) or text.startswith(("（本列", "(本列")):
                continue
        out.append(("p", text))
    return out


# --------------------------------------------------------------------------
# docx writing
# --------------------------------------------------------------------------


def set_cell_borders(cell, on: bool) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if on else "nil")
        if on:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tcPr.append(borders)


def set_run_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), name)
    fonts.set(qn("w:hAnsi"), name)


def add_field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def page_footer(section, style: str, font: str) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if style == "dash":
        set_run_font(p.add_run("- "), font, 10.5)
        add_field(p, "PAGE")
        set_run_font(p.add_run(" -"), font, 10.5)
    elif style == "di":
        set_run_font(p.add_run("第"), font, 10.5)
        add_field(p, "PAGE")
        set_run_font(p.add_run("页"), font, 10.5)
    elif style == "di_gong":
        set_run_font(p.add_run("第 "), font, 10.5)
        add_field(p, "PAGE")
        set_run_font(p.add_run(" 页 共 "), font, 10.5)
        add_field(p, "NUMPAGES")
        set_run_font(p.add_run(" 页"), font, 10.5)


def page_header(section, text: str, font: str) -> None:
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_run_font(p.add_run(text), font, 9)


def add_table(doc, specs, ncols, values, *, font, size=9.0, borders=True, widths=None,
              repeat_header=0, cant_split=False):
    nrows = max(s[0] + s[2] for s in specs)
    t = doc.add_table(rows=nrows, cols=ncols)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    if borders:
        t.style = "Table Grid"
    if widths:
        t.autofit = False
        for i, w in enumerate(widths):
            t.columns[i].width = Cm(w)
        for r in t.rows:
            for i, w in enumerate(widths):
                r.cells[i].width = Cm(w)
    for row, col, rs, cs, text in specs:
        cell = t.cell(row, col)
        if rs > 1 or cs > 1:
            cell = cell.merge(t.cell(row + rs - 1, col + cs - 1))
        if isinstance(text, dict):
            text = fmt_value(text["v"], values.get(text["v"]))
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.widow_control = False
        if text:
            set_run_font(p.add_run(text), font, size)
    for i, row in enumerate(t.rows):
        trPr = row._tr.get_or_add_trPr()
        if i < repeat_header:
            trPr.append(OxmlElement("w:tblHeader"))
        if cant_split:
            trPr.append(OxmlElement("w:cantSplit"))
    if not borders:
        for row in t.rows:
            for cell in row.cells:
                set_cell_borders(cell, False)
    return t


def add_para(doc, kind: str, text: str, *, font: str, hfont: str, size: float = 12,
             indent: bool = True, space_before: float = 0):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_after = Pt(0)
    fmt.space_before = Pt(space_before)
    fmt.line_spacing = 1.25
    if kind == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(p.add_run(text), hfont, 18, bold=True)
        fmt.space_after = Pt(6)
    elif kind == "h":
        if indent:
            fmt.first_line_indent = Pt(2 * size)
        set_run_font(p.add_run(text), hfont, size, bold=True)
    elif kind == "sig":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_font(p.add_run(text), font, size)
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            fmt.first_line_indent = Pt(2 * size)
        set_run_font(p.add_run(text), font, size)
    return p


def build_docx(seed_id: str, out: Path, *, variant: str, spacer: float = 0) -> None:
    seed_text = (SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")
    gold = json.loads((SEEDS / f"{seed_id}.expected.json").read_text(encoding="utf-8"))
    template = gold["meta"]["template"]
    values = flatten(gold["tables"])
    font, hfont = (SANS, SANS) if variant == "004_fonts" else (SERIF, SANS)
    size = 11 if variant == "004_fonts" else 12

    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6 if variant != "004_fonts" else 2.0)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)
    footer = {"000_ruled_split": "dash", "001_borderless": "di", "003_landscape": "dash",
              "004_fonts": "di_gong"}[variant]
    page_footer(sec, footer, font)
    if variant == "000_ruled_split":
        page_header(sec, f"{gold['meta']['agency']}政府信息公开工作年度报告", font)

    # 001 and 003 keep Word's equal column widths: narrow label columns,
    # tall rows, table 三 over two or three pages with rows cut by the breaks
    t3_widths = None
    t2_widths = None
    if variant == "000_ruled_split":
        t3_widths = [1.5, 1.9, 4.0] + [1.1] * 7
    elif variant == "004_fonts":
        t3_widths = [1.4, 1.6, 4.6] + [1.1] * 7
        t2_widths = [5.0, 3.6, 3.6, 4.0]

    for kind, text in narrative(seed_text):
        add_para(doc, kind, text, font=font, hfont=hfont, size=size)
        if kind != "h":
            continue
        if "主动公开政府信息情况" in text:
            specs, n = table2(template)
            add_table(doc, specs, n, values, font=font, borders=variant != "001_borderless",
                      widths=t2_widths, size=10)
        elif "收到和处理政府信息公开申请情况" in text:
            if variant == "000_ruled_split":
                add_para(doc, "p", "（以下为申请情况统计表。）", font=font, hfont=hfont, size=size,
                         space_before=spacer)
            landscape = variant == "003_landscape"
            if landscape:
                new = doc.add_section(WD_SECTION.NEW_PAGE)
                new.orientation = WD_ORIENT.LANDSCAPE
                new.page_width, new.page_height = Cm(29.7), Cm(21)
            specs, n = table3(template)
            add_table(doc, specs, n, values, font=font, widths=t3_widths,
                      repeat_header=3 if variant == "000_ruled_split" else 0)
        elif "行政复议" in text:
            specs, n = table4()
            add_table(doc, specs, n, values, font=font, size=8 if variant != "003_landscape" else 9,
                      borders=variant != "001_borderless")
            if variant == "003_landscape":
                new = doc.add_section(WD_SECTION.NEW_PAGE)
                new.orientation = WD_ORIENT.PORTRAIT
                new.page_width, new.page_height = Cm(21), Cm(29.7)
    if variant == "004_fonts":
        add_para(doc, "sig", gold["meta"]["agency"], font=font, hfont=hfont, size=size, space_before=24)
    doc.save(out)


def build_html(seed_id: str, out: Path) -> None:
    seed_text = (SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")
    gold = json.loads((SEEDS / f"{seed_id}.expected.json").read_text(encoding="utf-8"))
    template = gold["meta"]["template"]
    values = flatten(gold["tables"])

    def table_html(specs, ncols) -> str:
        nrows = max(s[0] + s[2] for s in specs)
        rows: list[list[str]] = [[] for _ in range(nrows)]
        for row, col, rs, cs, text in sorted(specs, key=lambda s: (s[0], s[1])):
            if isinstance(text, dict):
                text = fmt_value(text["v"], values.get(text["v"]))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            rows[row].append(f"<td{attrs}>{html.escape(text)}</td>")
        body = "".join(f"<tr>{''.join(r)}</tr>\n" for r in rows)
        return (f'<table border="1" cellspacing="0" cellpadding="3" width="100%" '
                f'style="border-collapse:collapse;font-size:9pt">\n{body}</table>\n')

    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8">'
             f"<title>{html.escape(gold['meta']['title'])}</title>"
             f'<style>body{{font-family:"{SERIF}";font-size:11pt}} h1{{font-family:"{SANS}";'
             'font-size:16pt;text-align:center}} h2{font-size:12pt} td{text-align:center}</style>'
             "</head><body>"]
    for kind, text in narrative(seed_text):
        if kind == "title":
            parts.append(f"<h1>{html.escape(text)}</h1>")
        elif kind == "h":
            parts.append(f"<h2>{html.escape(text)}</h2>")
            if "主动公开政府信息情况" in text:
                parts.append(table_html(*table2(template)))
            elif "收到和处理政府信息公开申请情况" in text:
                parts.append(table_html(*table3(template)))
            elif "行政复议" in text:
                parts.append(table_html(*table4()))
        else:
            parts.append(f"<p>{html.escape(text)}</p>")
    parts.append("</body></html>")
    out.write_text("\n".join(parts), encoding="utf-8")


# --------------------------------------------------------------------------
# conversion
# --------------------------------------------------------------------------


def soffice(src: Path, outdir: Path, filt: str = "pdf") -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", filt, "--outdir", str(outdir), str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    return outdir / (src.stem + ".pdf")


def rotate_page(src: Path, page_index: int, out: Path) -> None:
    """Put page ``page_index`` of ``src`` rotated onto a portrait page that
    carries /Rotate 90, so a viewer shows it upright."""
    import pypdfium2 as pdfium
    srcdoc = pdfium.PdfDocument(str(src))
    w, h = srcdoc[page_index].get_size()
    new = pdfium.PdfDocument.new()
    xobj = srcdoc.page_as_xobject(page_index, new)
    page = new.new_page(h, w)  # portrait: width = landscape height
    obj = xobj.as_pageobject()
    # turn the landscape content a quarter counter-clockwise into the portrait
    # box, (x, y) -> (h - y, x); /Rotate 90 turns it back for display
    m = pdfium.PdfMatrix().rotate(90, ccw=True).translate(h, 0)
    obj.transform(m)
    page.insert_obj(obj)
    page.gen_content()
    page.set_rotation(90)
    new.save(str(out))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", action="store_true", help="keep the .docx/.html sources")
    ap.add_argument("only", nargs="*", help="build only these variants")
    args = ap.parse_args()
    if not shutil.which("soffice"):
        print("soffice (LibreOffice) is needed to build the PDF corpus", file=sys.stderr)
        return 2
    ids = {"000": "000_c618104cc4de48fa", "001": "001_4ad21a775c00ab02",
           "002": "002_808b9c10c0982807", "003": "003_03381b20af5bb87f",
           "004": "004_6a33f86162c8aeae"}
    want = set(args.only)
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        for variant in ("000_ruled_split", "001_borderless", "003_landscape", "004_fonts"):
            if want and variant not in want:
                continue
            seed = ids[variant[:3]]
            src = tmp / f"{variant}.docx"
            build_docx(seed, src, variant=variant)
            pdf = soffice(src, tmp)
            shutil.copy(pdf, HERE / f"{variant}.pdf")
            if args.keep:
                shutil.copy(src, HERE / src.name)
            print("built", variant)
        if not want or "002_html" in want:
            src = tmp / "002_html.html"
            build_html(ids["002"], src)
            pdf = soffice(src, tmp, "pdf:writer_web_pdf_Export")
            shutil.copy(pdf, HERE / "002_html.pdf")
            if args.keep:
                shutil.copy(src, HERE / src.name)
            print("built 002_html")
        if not want or "rotated" in want:
            landscape = HERE / "003_landscape.pdf"
            import pypdfium2
            doc = pypdfium2.PdfDocument(landscape.read_bytes())
            idx = next(i for i in range(len(doc)) if doc[i].get_width() > doc[i].get_height())
            rotate_page(landscape, idx, HERE / "rotated.pdf")
            print("built rotated")
        if not want or "encrypted" in want:
            src = tmp / "small.docx"
            d = docx.Document()
            d.add_paragraph("某县卫生健康局2020年政府信息公开工作年度报告")
            d.add_paragraph("一、总体情况")
            d.save(src)
            for name, opts in (("encrypted", '"EncryptFile":{"type":"boolean","value":"true"},'
                                             '"DocumentOpenPassword":{"type":"string","value":"secret"}'),
                               ("owner_only", '"RestrictPermissions":{"type":"boolean","value":"true"},'
                                              '"PermissionPassword":{"type":"string","value":"owner"}')):
                pdf = soffice(src, tmp, 'pdf:writer_pdf_Export:{' + opts + '}')
                shutil.copy(pdf, HERE / f"{name}.pdf")
                print("built", name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
