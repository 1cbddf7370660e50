#!/usr/bin/env python3
"""Build corpus/pdf_wrapped: borderless form tables whose row labels wrap.

    python corpus/pdf_wrapped/build_wrapped.py      # needs soffice
    python corpus/pdf_wrapped/build_wrapped.py --centred   # only the centred variants
    python corpus/pdf_wrapped/build_wrapped.py --blank     # only the blank variant

Reports often print their tables without any ruling, and the long row
labels of table 三 (``（三）不予公开`` ``1．属于国家秘密`` …
``2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请``)
wrap onto two, three or more lines in narrow label columns, while the row's
values sit on one line beside them.  Per seed, every form table is printed
by LibreOffice without borders and with narrow label columns:

* ``<seed>_wrapped.pdf``  values at the top of their cells (on the first label
  line's baseline), as Word and LibreOffice set them by default.
* ``<seed>_centred.pdf``  every cell vertically centred (values and group
  labels such as ``（三）不予公开`` sit between the lines of the labels beside
  them, on none of their baselines), zeros of table 三 typed as blank cells
  in the rows holding a number (``<seed>_centred.expected.json``: those
  values null; rows of zeros keep them), the header rows
  repeated after a page break in seeds 001 and 003 and not in the others;
  fonts, sizes, label widths and the space before table 三 vary by seed.
* ``<seed>_centred2.pdf``  the same with the choices of seed ``seed + 2``
  (another font, size, label width, header repetition and page position).
* ``<seed>_blank.pdf``  the choices of seed ``seed + 1``, the zeros of
  tables 二 and 三 typed as blank cells in the rows holding a number, label
  columns narrower (labels wrap onto three lines), the header rows of
  table 三 repeated after a page break in the seeds whose choice number is
  even.
* ``<seed>_blankrows.pdf``  the same with every zero of tables 二 and 三
  blank, rows of zeros too: a row of blank cells only is a label line to
  the reader, so its values come out null named by ``row_not_found`` (what
  the golden holds, null, but without the blank raw text).

The files of 002_centred (table 三 with one value column, the others blank,
going on past a page break with no label on its values' lines) and
004_centred2 (table 二's ``采购总金额`` value centred over two grid
columns) are exact now.  Known gaps (built under ``gap_<name>``, outside
the corpus table of tests/test_corpus.py; tests/test_no_silent_null.py still
checks them): ``001_blankrows``, ``002_blankrows``, ``004_blankrows``: in
table 三, where most rows are blank, the label lines of blank rows cross the
value columns and rows fall apart; the rows holding numbers read null,
named by warnings (``ambiguous_value``, ``row_length``).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Cm

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
sys.path.insert(0, str(CORPUS / "pdf"))

import build_pdf as bp

KNOWN_GAPS = {"001_blankrows", "002_blankrows", "004_blankrows"}


def centred(table) -> None:
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def blank_zeros(values: dict, table2: bool = False, every: bool = False) -> tuple[dict, dict]:
    """Table 三's zeros (with ``table2`` table 二's too) typed as blank cells
    in the rows that hold a number (rows of zeros keep them; with ``every``
    they are blank too): the values written, and the paths now null."""
    out, nulls = dict(values), {}
    rows: dict[str, list[str]] = {}
    for p in values:
        if p.startswith("applications.") or (table2 and p.startswith("active_disclosure.")):
            rows.setdefault(p.rsplit(".", 1)[0], []).append(p)
    for paths in rows.values():
        if every or any(values[p] for p in paths):
            for p in paths:
                if values[p] == 0:
                    out[p] = None
                    nulls["tables." + p] = None
    return out, nulls


def build_centred(seed_id: str, out: Path, shift: int = 0, blank: str = "") -> dict:
    seed_text = (bp.SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")
    gold = json.loads((bp.SEEDS / f"{seed_id}.expected.json").read_text(encoding="utf-8"))
    template = gold["meta"]["template"]
    values, nulls = blank_zeros(bp.flatten(gold["tables"]), table2=bool(blank), every=blank == "blankrows")
    k = (int(seed_id[:3]) + shift) % 5
    font = bp.SERIF if k % 2 == 0 else bp.SANS
    size = (9.0, 10.0, 9.5, 10.5, 9.0)[k]
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)
    bp.page_footer(sec, "di", font)
    for kind, text in bp.narrative(seed_text):
        bp.add_para(doc, kind, text, font=font, hfont=bp.SANS, size=12)
        if kind != "h":
            continue
        if "主动公开政府信息情况" in text:
            specs, n = bp.table2(template)
            centred(bp.add_table(doc, specs, n, values, font=font, size=size, borders=False,
                                 widths=[3.0, 4.0, 4.0, 4.0]))
        elif "收到和处理政府信息公开申请情况" in text:
            for _ in range(2 * k):  # table 三 further down the page
                doc.add_paragraph()
            specs, n = bp.table3(template)
            label = (2.6 if blank else 3.0) + 0.2 * k
            repeat = k % 2 == 0 if blank else k in (1, 3)
            centred(bp.add_table(doc, specs, n, values, font=font, size=size, borders=False,
                                 widths=[1.3, 1.6, label] + [(15.8 - 2.9 - label) / 7] * 7,
                                 repeat_header=3 if repeat else 0))
        elif "行政复议" in text:
            specs, n = bp.table4()
            centred(bp.add_table(doc, specs, n, values, font=font, size=8, borders=False))
    doc.save(out)
    return nulls


def nest(paths: dict) -> dict:
    out: dict = {}
    for path, value in paths.items():
        node = out
        parts = path.split(".")
        for key in parts[:-1]:
            node = node.setdefault(key, {})
        node[parts[-1]] = value
    return out


def build_docx(seed_id: str, out: Path) -> None:
    seed_text = (bp.SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")
    gold = json.loads((bp.SEEDS / f"{seed_id}.expected.json").read_text(encoding="utf-8"))
    template = gold["meta"]["template"]
    values = bp.flatten(gold["tables"])
    font, hfont, size = bp.SERIF, bp.SANS, 12
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)
    bp.page_footer(sec, "di", font)
    for kind, text in bp.narrative(seed_text):
        bp.add_para(doc, kind, text, font=font, hfont=hfont, size=size)
        if kind != "h":
            continue
        if "主动公开政府信息情况" in text:
            specs, n = bp.table2(template)
            bp.add_table(doc, specs, n, values, font=font, size=10, borders=False, widths=[3.0, 4.0, 4.0, 4.0])
        elif "收到和处理政府信息公开申请情况" in text:
            specs, n = bp.table3(template)
            bp.add_table(doc, specs, n, values, font=font, size=9, borders=False,
                         widths=[1.3, 1.6, 3.3] + [1.3] * 7)
        elif "行政复议" in text:
            specs, n = bp.table4()
            bp.add_table(doc, specs, n, values, font=font, size=8, borders=False)
    doc.save(out)


def main() -> int:
    ids = {p.name[:3]: p.name.split(".")[0] for p in sorted(bp.SEEDS.glob("*.expected.json"))}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        for seed, seed_id in ids.items():
            if "--centred" not in sys.argv and "--blank" not in sys.argv:
                src = tmp / f"{seed}_wrapped.docx"
                build_docx(seed_id, src)
                pdf = bp.soffice(src, tmp)
                shutil.copy(pdf, HERE / pdf.name)
                print("built", pdf.name)
            for name, shift in (("centred", 0), ("centred2", 2), ("blank", 1), ("blankrows", 1)):
                if "--blank" in sys.argv and not name.startswith("blank"):
                    continue
                src = tmp / f"{seed}_{name}.docx"
                nulls = build_centred(seed_id, src, shift, blank=name if name.startswith("blank") else "")
                pdf = bp.soffice(src, tmp)
                gap = "gap_" if pdf.stem in KNOWN_GAPS else ""
                shutil.copy(pdf, HERE / f"{gap}{pdf.name}")
                (HERE / f"{gap}{pdf.stem}.expected.json").write_text(
                    json.dumps(nest(nulls), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                print("built", pdf.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
