"""Make Word-dump reports with a stray line right after (and inside) their tables.

A Word document saved as text puts every table cell on its own line after a tab,
rows split by a blank line.  Real dumps carry other lines there too: the page
number of the page the table ended on, a footnote under the table (注：…), a line
of only spaces and a tab, a zero-width space.  For every seed of that layout
(``corpus/seeds/<nnn>_*.txt`` with tab-led cell lines) this writes here:

* ``<nnn>_pageno.txt`` — ``- N -`` right after each table's last cell, and
  ``第 N 页 共 M 页`` inside table 三 after a row label (a page break in the table);
* ``<nnn>_footnote.txt`` — a footnote line right after each table's last cell;
* ``<nnn>_blankish.txt`` — a line of a space, a tab and a space after table 二,
  a zero-width space after table 三, a full-width space and a dot after table 四.

The tables are found with this file's own rule (nothing of gxconvert): a table is
a run of tab-led cell lines whose gaps hold only blank lines or at most two short
continuation lines, none a part's
heading (``三、…``); it ends at its last cell line.  The values are the seed's:
each file's golden is its twin's.

Run from the repository root: ``python3 corpus/stray/make_stray.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"
HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、")  # 三、收到和处理政府信息公开申请情况


def is_cell(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def tables(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) cell line of each table."""
    out: list[tuple[int, int]] = []
    cells = [i for i, s in enumerate(lines) if is_cell(s)]
    first = prev = cells[0]
    for i in cells[1:]:
        gap = [s for s in lines[prev + 1:i] if s.strip(" \t\u3000\xa0")]
        if len(gap) > 2 or any(len(s.strip()) > 30 or HEADING.match(s) for s in gap):
            out.append((first, prev))
            first = i
        prev = i
    out.append((first, prev))
    return out


def insert(lines: list[str], after: dict[int, str]) -> str:
    out: list[str] = []
    for i, s in enumerate(lines):
        out.append(s)
        if i in after:
            out.append(after[i])
    return "\n".join(out)


def a_label_inside(lines: list[str], first: int, last: int) -> int:
    """A cell line in the middle of the table whose text is a row label (not a number)."""
    mid = (first + last) // 2
    for i in range(mid, last):
        t = lines[i][1:].strip()
        if is_cell(lines[i]) and t and not t.replace(".", "").isdigit():
            return i
    raise AssertionError("no label cell in the table")


def main() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        lines = path.read_text("utf-8-sig").replace("\r\n", "\n").split("\n")
        if sum(map(is_cell, lines)) < 100:
            continue  # not a Word dump
        found = tables(lines)
        assert len(found) == 3, f"{path.name}: expected tables 二 三 四, found {len(found)}"
        ends = [b for _, b in found]
        n = int(path.name[:3])
        variants = {
            "pageno": {ends[0]: f"- {n + 3} -", ends[1]: f"- {n + 5} -", ends[2]: f"- {n + 6} -",
                       a_label_inside(lines, *found[1]): f"第 {n + 4} 页 共 {n + 9} 页"},
            "footnote": {ends[0]: "注：本表数据统计时限为上年1月1日至12月31日。",
                         ends[1]: "注：“总计”列为各申请人类别之和。",
                         ends[2]: "注：本表数据来源于本机关政府信息公开工作台账。"},
            "blankish": {ends[0]: " \t ", ends[1]: "\u200b", ends[2]: "\u3000."},
        }
        for name, after in variants.items():
            out = HERE / f"{path.name[:3]}_{name}.txt"
            out.write_text(insert(lines, after), encoding="utf-8")
            print(out.name)


if __name__ == "__main__":
    main()
