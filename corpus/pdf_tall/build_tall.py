#!/usr/bin/env python3
"""Build corpus/pdf_tall: ruled form tables whose values sit below their wrapped label.

    python corpus/pdf_tall/build_tall.py      # needs soffice

Office suites often set a table's value cells at the bottom of their cells
(or the row is made taller than its text) while a long row label wraps over
two lines at the top of its cell: the row reads
``（二）部分公开（区分处理的，只计这一情`` / ``形，不计其他情形）`` and then, on a
third line below both, its seven numbers.  Per seed, every form table is
ruled and printed by LibreOffice with the value cells aligned to the bottom
and every row at least three lines tall:

* ``<seed>_tall.pdf``  fonts (serif/sans), sizes (9/10 pt), label column
  widths and the space before table 三 vary by seed, so that labels wrap at
  different places and the table breaks over pages at different rows.
* ``<seed>_hrules.pdf``  the same with table 三 ruled only between its rows
  (no vertical rules: no cell boxes, the rows come from the rules).

Every file is exact (``002_hrules``: table 三 broken by the page inside
group （四）, values only in one column, its header rows ruled only under
the headers that span columns); the known gaps (built under
``gap_<name>.pdf``, outside the corpus table of tests/test_corpus.py) are
none today.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
sys.path.insert(0, str(CORPUS / "pdf"))

import build_pdf as bp


KNOWN_GAPS: set[str] = set()


def bottom_values(table, specs, rows_from: int, min_height: float) -> None:
    """Value cells at the bottom of their cells, labels at the top, rows at
    least ``min_height`` pt tall (from row ``rows_from`` on)."""
    values = {(r, c) for r, c, _rs, _cs, text in specs if isinstance(text, dict)}
    for r, row in enumerate(table.rows):
        if r < rows_from:
            continue
        row.height = Pt(min_height)
        for c, cell in enumerate(row.cells):
            cell.vertical_alignment = (WD_CELL_VERTICAL_ALIGNMENT.BOTTOM if (r, c) in values
                                       else WD_CELL_VERTICAL_ALIGNMENT.TOP)


def horizontal_rules(table) -> None:
    """Only the rows' rules: no vertical borders (a common office style)."""
    for row in table.rows:
        for cell in row.cells:
            tcPr = cell._tc.get_or_add_tcPr()
            borders = OxmlElement("w:tcBorders")
            for edge in ("top", "left", "bottom", "right"):
                el = OxmlElement(f"w:{edge}")
                on = edge in ("top", "bottom")
                el.set(qn("w:val"), "single" if on else "nil")
                if on:
                    el.set(qn("w:sz"), "4")
                    el.set(qn("w:color"), "000000")
                borders.append(el)
            tcPr.append(borders)


def build_docx(seed_id: str, out: Path, hrules: bool = False) -> None:
    seed_text = (bp.SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")
    gold = json.loads((bp.SEEDS / f"{seed_id}.expected.json").read_text(encoding="utf-8"))
    template = gold["meta"]["template"]
    values = bp.flatten(gold["tables"])
    k = int(seed_id[:3])
    font = bp.SERIF if k % 2 == 0 else bp.SANS
    size = 9.0 if k % 2 == 0 else 10.0
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.top_margin, sec.bottom_margin = Cm(2.8), Cm(2.5)
    bp.page_footer(sec, "di", font)
    for kind, text in bp.narrative(seed_text):
        bp.add_para(doc, kind, text, font=font, hfont=bp.SANS, size=12)
        if kind != "h":
            continue
        if "主动公开政府信息情况" in text:
            specs, n = bp.table2(template)
            t = bp.add_table(doc, specs, n, values, font=font, size=size, widths=[3.0, 4.0, 4.0, 4.0])
            bottom_values(t, specs, 0, 3.2 * size)
        elif "收到和处理政府信息公开申请情况" in text:
            for _ in range(k):  # table 三 further down the page
                doc.add_paragraph()
            specs, n = bp.table3(template)
            label = 2.6 + 0.3 * k  # the wrapped labels' column
            t = bp.add_table(doc, specs, n, values, font=font, size=size,
                             widths=[1.2, 1.4, label] + [(16.6 - 2.6 - label) / 7] * 7)
            bottom_values(t, specs, 3, 3.3 * size)
            if hrules:
                horizontal_rules(t)
        elif "行政复议" in text:
            specs, n = bp.table4()
            t = bp.add_table(doc, specs, n, values, font=font, size=8)
            bottom_values(t, specs, 3, 30)
    doc.save(out)


def main() -> int:
    ids = {p.name[:3]: p.name.split(".")[0] for p in sorted(bp.SEEDS.glob("*.expected.json"))}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        for seed, seed_id in ids.items():
            for name, hrules in (("tall", False), ("hrules", True)):
                src = tmp / f"{seed}_{name}.docx"
                build_docx(seed_id, src, hrules)
                pdf = bp.soffice(src, tmp)
                name = f"gap_{pdf.name}" if pdf.stem in KNOWN_GAPS else pdf.name
                shutil.copy(pdf, HERE / name)
                print("built", name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
