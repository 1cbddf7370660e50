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

* ``<seed>_letters.pdf``  columns set by tab stops, the header rows letter-spaced
  as many offices set them (expanded character spacing, and words broken by a
  typed space: ``上一年 项目数量``, ``第二 十条``); the dash moves over the
  columns: in value row ``r`` it is in column ``(r + seed) % 3`` (no dash when
  the row has fewer values), so it opens rows (``其他对外管理服务事项  -  0  0``),
  stands beside multi-digit numbers (``行政处罚  190  -  0``) and opens two-value
  rows (``政府集中采购  —  0``).  Fonts and the space before the table vary by
  seed; in seeds 001 and 003 the value rows are letter-spaced too (4 pt: the
  digits of ``190`` as far apart as words).

``python corpus/pdf_dash/build_dash.py --sweep`` builds ``sweep/`` instead: table 二
alone (both forms, ``tabs`` and ``letters`` layouts, three files each) with
multi-digit values, the dash in value row ``r`` of file ``k`` in column
``(r + k) % 3``: over the three files the dash takes every column of every row.
``sweep/<name>.expected.json`` is table 二 as typed (null where the dash is);
tests/test_pdf_dash_sweep.py reads them.
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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

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


def middle_of_three(r: int, i: int, n_values: int) -> bool:
    return n_values == 3 and i == 1


def table2_lines(template: str, values: dict, dashed=None) -> tuple[list[list[str]], dict[str, None]]:
    """Table 二 as rows of cell texts, with the dashed paths (now null).
    ``dashed(r, i, n)``: whether value ``i`` of the ``r``-th value row (``n``
    values) is typed as a dash."""
    dashed = dashed or middle_of_three
    specs, _ = bp.table2(template)
    rows: dict[int, list[tuple[int, object]]] = {}
    for row, col, _rs, _cs, text in specs:
        rows.setdefault(row, []).append((col, text))
    out: list[list[str]] = []
    nulls: dict[str, None] = {}
    k = 0
    value_row = 0
    for r in sorted(rows):
        cells = [t for _, t in sorted(rows[r], key=lambda x: x[0])]
        texts = []
        n_values = sum(isinstance(t, dict) for t in cells)
        for i, t in enumerate(cells):
            if isinstance(t, dict):
                if dashed(value_row, i - 1, n_values):
                    texts.append(DASHES[k % 3])
                    k += 1
                    nulls["tables." + t["v"]] = None
                else:
                    texts.append(bp.fmt_value(t["v"], values.get(t["v"])))
            else:
                texts.append(t)
        out.append(texts)
        value_row += n_values > 0
    return out, nulls


def _pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` half-width cells (a CJK glyph
    takes two); at least two spaces follow it."""
    width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return text + " " * max(2, cells - width)


def rotating(k: int):
    """The dash of value row ``r`` in column ``(r + k) % 3`` (none when the row
    has fewer values)."""
    return lambda r, i, n: i == (r + k) % 3


def _letter_spaced(run, twips: int) -> None:
    rpr = run._element.get_or_add_rPr()
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:val"), str(twips))
    rpr.append(sp)


def _broken(text: str, seed: int) -> str:
    """A header word broken by a typed space, as offices retype them."""
    for word, at in (("上一年项目数量", 3), ("本年新制作数量", 2), ("第二十条", 2), ("处理决定数量", 2),
                     ("本年制发件数", 2), ("采购项目数量", 2), ("现行有效件数", 4)):
        if word in text and (seed + len(text)) % 2 == 0:
            return text.replace(word, word[:at] + " " + word[at:])
    return text


def write_table2(doc, rows: list[list[str]], mode: str, font: str, seed: int = 0, spaced_values: bool = False) -> None:
    """Table 二's rows as lines of text, one paragraph each; ``spaced_values``:
    the value rows letter-spaced too (4 pt: ``1 9 0`` with the gaps of words)."""
    for cells in rows:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = bp.Pt(0)
        header = cells[0] == "信息内容" or cells[0].startswith("第二十条")
        if mode in ("tabs", "letters"):
            for x in (5.5, 9.0, 12.5):
                p.paragraph_format.tab_stops.add_tab_stop(Cm(x))
            if mode == "letters" and header:
                for i, c in enumerate(cells):
                    run = p.add_run(("\t" if i else "") + _broken(c, seed + i))
                    bp.set_run_font(run, font, 10.5)
                    _letter_spaced(run, 40 + 20 * (seed % 3))  # 2, 3 or 4 pt between glyphs
            else:
                run = p.add_run("\t".join(cells))
                bp.set_run_font(run, font, 10.5)
                if mode == "letters" and spaced_values:
                    _letter_spaced(run, 80)
        else:  # runs of spaces in a monospaced font: label 24 cells, values 16
            line = "".join(_pad(c, 24 if i == 0 else 16) for i, c in enumerate(cells))
            bp.set_run_font(p.add_run(line.rstrip()), MONO, 10.5)


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
            dashed = rotating(int(seed_id[:3])) if mode == "letters" else None
            if mode == "letters":
                for _ in range(int(seed_id[:3]) % 3):  # moves the table down the page
                    doc.add_paragraph()
            rows, nulls = table2_lines(template, values, dashed)
            write_table2(doc, rows, mode, font if int(seed_id[:3]) % 2 == 0 else hfont, seed=int(seed_id[:3]),
                         spaced_values=int(seed_id[:3]) % 2 == 1)
        elif "收到和处理政府信息公开申请情况" in text:
            specs, n = bp.table3(template)
            bp.add_table(doc, specs, n, values, font=font, widths=[1.5, 1.9, 4.0] + [1.1] * 7)
        elif "行政复议" in text:
            specs, n = bp.table4()
            bp.add_table(doc, specs, n, values, font=font, size=8)
    doc.save(out)
    return nulls


SWEEP_VALUES = {  # multi-digit values, a decrease among them, none a dash
    "2019": {"regulations": (12, 3, 145), "normative_documents": (7, 190, 2046),
             "licensing": (396, -4, 4422), "other_services": (123, 10, 221667),
             "penalty": (190, 25, 708), "coercion": (61, 0, 33),
             "fees": (1127, 13), "procurement": (24, 2844)},
    "2021": {"regulations": (11, 4, 307), "normative_documents": (190, 26, 1544),
             "licensing": (4422,), "penalty": (708,), "coercion": (33,), "fees": (12.5,)},
}
SWEEP_KEYS = {
    "2019": {"regulations": ("made", "published", "total_published"),
             "normative_documents": ("made", "published", "total_published"),
             "licensing": ("prev_items", "change", "decisions"), "other_services": ("prev_items", "change", "decisions"),
             "penalty": ("prev_items", "change", "decisions"), "coercion": ("prev_items", "change", "decisions"),
             "fees": ("prev_items", "change"), "procurement": ("projects", "amount_yuan")},
    "2021": {"regulations": ("issued", "repealed", "in_force"),
             "normative_documents": ("issued", "repealed", "in_force"),
             "licensing": ("decisions",), "penalty": ("decisions",), "coercion": ("decisions",),
             "fees": ("amount_wan_yuan",)},
}


def sweep_values(template: str) -> dict:
    return {f"active_disclosure.{row}.{key}": v for row, keys in SWEEP_KEYS[template].items()
            for key, v in zip(keys, SWEEP_VALUES[template][row], strict=True)}


def build_sweep(template: str, mode: str, k: int, out: Path) -> dict:
    """Table 二 alone, the dash of value row r in column (r + k) % 3."""
    values = sweep_values(template)
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    font = bp.SERIF if k % 2 == 0 else bp.SANS
    bp.add_para(doc, "title", f"某某局{template}年政府信息公开工作年度报告", font=font, hfont=bp.SANS)
    bp.add_para(doc, "h", "二、主动公开政府信息情况", font=font, hfont=bp.SANS)
    rows, nulls = table2_lines(template, values, rotating(k))
    write_table2(doc, rows, mode, font, seed=k, spaced_values=True)
    bp.add_para(doc, "h", "三、收到和处理政府信息公开申请情况", font=font, hfont=bp.SANS)
    bp.add_para(doc, "p", "本年度未收到政府信息公开申请。", font=font, hfont=bp.SANS)
    doc.save(out)
    return {**{"tables." + p: v for p, v in values.items()}, **nulls}


def sweep() -> int:
    folder = HERE / "sweep"
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        for template in ("2019", "2021"):
            for mode in ("tabs", "letters"):
                for k in range(3):
                    src = tmp / f"{template}_{mode}_{k}.docx"
                    expected = build_sweep(template, mode, k, src)
                    pdf = bp.soffice(src, tmp)
                    shutil.copy(pdf, folder / pdf.name)
                    (folder / f"{src.stem}.expected.json").write_text(
                        json.dumps(nest(expected), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                    print("built", pdf.name)
    return 0


def main() -> int:
    if "--sweep" in sys.argv:
        return sweep()
    modes = [m for m in ("tabs", "spaces", "letters") if f"--{m}" in sys.argv] or ["tabs", "spaces", "letters"]
    ids = {p.name[:3]: p.name.split(".")[0] for p in sorted(bp.SEEDS.glob("*.expected.json"))}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        for seed, seed_id in ids.items():
            for mode in modes:
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
