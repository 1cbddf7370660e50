"""Make seed reports whose tables change separator style mid-page (issue #22 item 4).

For every ``corpus/seeds/<nnn>_<id>.txt`` this writes here (``<nnn>``, the seed's
three-digit prefix, names its twin):

* ``<nnn>_mixed.txt`` — tables 二 and 三 flattened as glued digit runs (each
  row on one line, its cells joined with no separator, blank cells leaving no
  trace), while table 四's header rows are glued and its value cells are
  separated by one space (``行政复议行政诉讼…总计 0 0 0 …``): the style
  changes between tables on the same page;

and, for every seed:

* ``<nnn>_t2glued.txt`` — only table 二 glued (``行政许可396442278``); tables
  三 and 四 are left as the seed has them (a 2019-form row holds three values:
  上一年项目数量 / 本年增减 / 处理决定数量; a 2021-form row 规章 three, 本年制发 /
  本年废止 / 现行有效, 行政许可 one);

and, for a seed of the 2019 form only:

* ``<nnn>_t2narr.txt`` — the same, and part 二's prose (a paragraph right after
  its heading) states some of table 二's numbers as reports word them
  (``上一年行政许可事项84项，作出行政许可处理决定3028件``): per row, by turns
  with the seed's number, last year's items and the decisions, this year's
  increase and the decisions (when it is a plain positive number), or the
  decisions alone (the cut may stay unsettled); 政府集中采购项目N个 for an even
  seed number.

The tables, their rows and cells are found with the layout rules of
``corpus/glued/make_glued.py`` (the sibling generator; nothing of gxconvert
is used, so a bug in its readers cannot be built into these inputs).  The
form is told by the seed's own table 二 heading: the 2019 form's columns are
上一年 / 本年 (新)… — a 2021-form table 二 has 本年制发件数 / 现行有效件数.

Run from the repository root: ``python3 corpus/mixed/make_mixed.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "glued"))
import make_glued as mg

OUT = Path(__file__).resolve().parent


def glued_row(row: list[str]) -> str:
    return "".join(mg.cell(c) for c in row)


def spaced_row(row: list[str]) -> str:
    """The label cells before the first value glued, then every later cell after one space."""
    cells = [c for c in map(mg.cell, row) if c]
    first = next((i for i, c in enumerate(cells) if mg.VALUE.match(c)), len(cells))
    return " ".join(x for x in ["".join(cells[:first]), *cells[first:]] if x)


def is_2019(text: str) -> bool:
    return "现行有效件数" not in text


def variant(text: str, glue_tables: tuple[int, ...], space_tables: tuple[int, ...]) -> str:
    src = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kind = mg.layout(src)
    found = mg.tables(src, kind)
    assert len(found) == 3, f"expected tables 二 三 四, found {len(found)}"
    out: list[str] = []
    line = 0
    for n, (a, b) in enumerate(found):
        out.extend(src[line:a])
        rows = mg.rows(src[a:b + 1], kind)
        if n in glue_tables:
            out.extend(r for r in map(glued_row, rows) if r)
        elif n in space_tables:
            out.extend(r for r in map(spaced_row, rows) if r)
        else:
            out.extend(src[a:b + 1])
        line = b + 1
    out.extend(src[line:])
    return "\n".join(out)


ROWS3 = ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制")  # the 2019 form's three-value rows


def narration(text: str, n: int) -> str:
    """The sentence part 二's prose gets in ``<nnn>_t2narr.txt`` (see the module's doc)."""
    src = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kind = mg.layout(src)
    a, b = mg.tables(src, kind)[0]
    said: list[str] = []
    k = 0
    for row in mg.rows(src[a:b + 1], kind):
        cells = [mg.cell(c) for c in row]
        if cells and cells[0] in ROWS3 and len(cells) == 4:
            label, prev, change, decisions = cells
            items = label if label.endswith("事项") else label + "事项"
            mode = (k + n) % 3
            if mode == 1 and (not change.isdigit() or change == "0"):  # no plain increase to state
                mode = 0
            if mode == 0:
                said.append(f"上一年{items}{prev}项，作出{label}处理决定{decisions}件")
            elif mode == 1:
                said.append(f"本年新增{items}{change}项，作出{label}处理决定{decisions}件")
            else:
                said.append(f"作出{label}处理决定{decisions}件")
            k += 1
        elif cells and cells[0] == "政府集中采购" and n % 2 == 0:
            said.append(f"政府集中采购项目{cells[1]}个")
    return "本年度，" + "；".join(said) + "。"


def with_narration(text: str, seed: str, n: int) -> str:
    """``text`` with the narration of the ``seed``'s table 二 as a paragraph right after part 二's heading."""
    lines = text.split("\n")
    (at,) = [i for i, s in enumerate(lines) if s.strip().startswith("二、") and "主动公开" in s][:1]
    return "\n".join([*lines[:at + 1], "", narration(seed, n), *lines[at + 1:]])


def main() -> None:
    for path in sorted(mg.SEEDS.glob("*.txt")):
        text = mg.decode(path.read_bytes())
        (OUT / f"{path.stem[:3]}_mixed.txt").write_text(variant(text, (0, 1), (2,)), encoding="utf-8")
        print(f"{path.stem[:3]}_mixed.txt")
        (OUT / f"{path.stem[:3]}_t2glued.txt").write_text(variant(text, (0,), ()), encoding="utf-8")
        print(f"{path.stem[:3]}_t2glued.txt")
        if is_2019(text):
            narrated = with_narration(variant(text, (0,), ()), text, int(path.stem[:3]))
            (OUT / f"{path.stem[:3]}_t2narr.txt").write_text(narrated, encoding="utf-8")
            print(f"{path.stem[:3]}_t2narr.txt")


if __name__ == "__main__":
    main()
