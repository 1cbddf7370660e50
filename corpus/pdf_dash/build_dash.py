#!/usr/bin/env python3
"""Build corpus/pdf_dash: table 二 typed as aligned text with dashes for empty cells.

    python corpus/pdf_dash/build_dash.py        # needs soffice

Many reports type table 二 as lines of text instead of a Word table, the
columns lined up with tabs or runs of spaces, and mark an empty cell with
``-``, ``/`` or ``—`` (``行政处罚    190    -    0``).  A dash between spaced
numbers is an empty cell, never a minus sign or a digit separator.  Per
seed, table 二 is written that way (tables 三 and 四 stay ruled form tables)
and printed by LibreOffice:

* ``<seed>_tabs.pdf``    columns set by tab stops;
* ``<seed>_spaces.pdf``  columns set by runs of spaces in a monospaced font
  (no tabs), the widths counted in half-width cells.

In each row of three values the middle one is typed as a dash (``-``, ``/``
and ``—`` in turn); ``<name>.expected.json`` beside the PDF records that
those cells are empty (null) where the seed's golden has a value.  In
two-value and one-value rows the values stay.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import docx
from docx.shared import Cm

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
sys.path.insert(0, str(CORPUS / "pdf"))

import build_pdf as bp

DASHES = ["-", "/", "—"]
MONO = "Noto Sans Mono CJK SC"


def nest(paths: dict[str, None]) -> dict:
    out: dict = {}
    for path, value in paths.items():
        node = out
        parts = path.split(".")
        for k in parts[:-1]:
            node = node.setdefault(k, {})
        node[parts[-1]] = value
    return out


def table2_lines(template: str, values: dict) -> tuple[list[list[str]], dict[str, None]]:
    """Table 二 as rows of cell texts, with the dashed paths (now null)."""
    specs, _ = bp.table2(template)
    rows: dict[int, list[tuple[int, object]]] = {}
    for row, col, _rs, _cs, text in specs:
        rows.setdefault(row, []).append((col, text))
    out: list[list[str]] = []
    nulls: dict[str, None] = {}
    k = 0
    for r in sorted(rows):
        cells = [t for _, t in sorted(rows[r], key=lambda x: x[0])]
        texts = []
        n_values = sum(isinstance(t, dict) for t in cells)
        for i, t in enumerate(cells):
            if isinstance(t, dict):
                if n_values == 3 and i == 2:  # the middle of three values
                    texts.append(DASHES[k % 3])
                    k += 1
                    nulls["tables." + t["v"]] = None
                else:
                    texts.append(bp.fmt_value(t["v"], values.get(t["v"])))
            else:
                texts.append(t)
        out.append(texts)
    return out, nulls


def _pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` half-width cells (a CJK glyph
    takes two); at least two spaces follow it."""
    width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return text + " " * max(2, cells - width)


def build_docx(seed_id: str, mode: str, out: Path) -> dict[str, None]:
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
    nulls: dict[str, None] = {}
    for kind, text in bp.narrative(seed_text):
        bp.add_para(doc, kind, text, font=font, hfont=hfont, size=size)
        if kind != "h":
            continue
        if "主动公开政府信息情况" in text:
            rows, nulls = table2_lines(template, values)
            for cells in rows:
                p = doc.add_paragraph()
                p.paragraph_format.space_after = bp.Pt(0)
                if mode == "tabs":
                    for x in (5.5, 9.0, 12.5):
                        p.paragraph_format.tab_stops.add_tab_stop(Cm(x))
                    line = "\t".join(cells)
                    bp.set_run_font(p.add_run(line), font, 10.5)
                else:  # runs of spaces in a monospaced font: label 24 cells, values 16
                    line = "".join(_pad(c, 24 if i == 0 else 16) for i, c in enumerate(cells))
                    bp.set_run_font(p.add_run(line.rstrip()), MONO, 10.5)
        elif "收到和处理政府信息公开申请情况" in text:
            specs, n = bp.table3(template)
            bp.add_table(doc, specs, n, values, font=font, widths=[1.5, 1.9, 4.0] + [1.1] * 7)
        elif "行政复议" in text:
            specs, n = bp.table4()
            bp.add_table(doc, specs, n, values, font=font, size=8)
    doc.save(out)
    return nulls


def main() -> int:
    ids = {p.name[:3]: p.name.split(".")[0] for p in sorted(bp.SEEDS.glob("*.expected.json"))}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        for seed, seed_id in ids.items():
            for mode in ("tabs", "spaces"):
                src = tmp / f"{seed}_{mode}.docx"
                nulls = build_docx(seed_id, mode, src)
                pdf = bp.soffice(src, tmp)
                shutil.copy(pdf, HERE / pdf.name)
                (HERE / f"{seed}_{mode}.expected.json").write_text(
                    json.dumps(nest(nulls), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                print("built", pdf.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
