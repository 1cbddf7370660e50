"""Make glued versions of the seed reports: table rows whose cells ran together.

For every ``corpus/seeds/<id>.txt`` this writes two text files here:

* ``<id>.glued.txt`` — each table row on one line, its cells joined with no
  separator (``一、本年新收政府信息公开申请数量1000001``); blank cells leave
  no trace, exactly as when a web page or a CMS "text version" flattens a
  table;
* ``<id>.runon.txt`` — worse: all the rows of a table on ONE line, so that
  the next row's label, numbering included, runs on after the last value
  (``…00000002.其他法律行政法规禁止公开0000000…``).

Text outside the tables (title, narrative, part headings) is kept line for
line.  The tables and their rows are found here, from the seed's own layout
(nothing of gxconvert is used, so a bug in its readers cannot be built into
these inputs):

* a Word dump (``corpus/seeds/000``, ``001``, ``003``): a table is a run of
  TAB-led lines and the lines right below them that continue a cell (blank
  lines between them); each cell is a TAB-led line with its continuation
  lines, a row the cells between two blank lines;
* a PDF dump (``004``): a table is a run of lines with TABs between cells
  (blank lines between them); each such line is a row;
* a web page dump (``002``: every cell on its own line, blank lines between
  cells): a table is everything between the part headings 二、三、四、五、
  (a numbered line ending in 情况, after the one before);
  a row is a run of label cells then a run of value cells (a new row starts
  at each label that follows a value).

Each cell's text is stripped of surrounding whitespace and its line breaks
removed.

Run from the repository root: ``python3 corpus/glued/make_glued.py``.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "corpus" / "seeds"
OUT = Path(__file__).resolve().parent

PART = re.compile(r"^\s*([一二三四五六])、")
VALUE = re.compile(r"^[-+]?\d[\d,.]*$")


def decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError("undecodable seed")


def cell(text: str) -> str:
    return "".join(part.strip() for part in text.split("\n"))


def layout(lines: list[str]) -> str:
    tabbed = [x for x in lines if "\t" in x]
    if not tabbed:
        return "web"
    inner = sum(1 for x in tabbed if "\t" in x.strip("\t").strip())
    return "pdf" if inner > len(tabbed) // 2 else "word"


def tables(lines: list[str], kind: str) -> list[tuple[int, int]]:
    """(first, last) 0-based line index of each table."""
    if kind == "web":  # the part headings, in order (a row label such as 四、结转下年度继续办理 is none)
        heads: list[int] = []
        for number in "二三四五":
            after = heads[-1] if heads else 0
            heads.append(next(i for i, x in enumerate(lines) if i > after and (m := PART.match(x))
                              and m.group(1) == number and x.strip().endswith("情况")))
        return [(a + 1, b - 1) for a, b in pairwise(heads)]
    out: list[tuple[int, int]] = []
    start = last = None
    for i, x in enumerate(lines):
        if "\t" in x or (x.strip() and last == i - 1 and kind == "word"):  # a cell, or a cell's next line
            if start is None:
                start = i
            last = i
        elif x.strip():
            if start is not None:
                out.append((start, last))
            start = last = None
    if start is not None:
        out.append((start, last))
    return out


def rows(block: list[str], kind: str) -> list[list[str]]:
    if kind == "pdf":
        return [x.split("\t") for x in block if x.strip()]
    if kind == "word":
        out: list[list[str]] = []
        current: list[str] = []
        for x in block:
            if not x.strip() and not x.startswith("\t"):  # a blank line ends the row (a TAB-led one is a cell)
                if current:
                    out.append(current)
                current = []
            elif x.startswith("\t"):
                current.append(x[1:])
            elif current:
                current[-1] += "\n" + x
            else:
                current.append(x)
        if current:
            out.append(current)
        return out
    out = []
    current = []
    seen_value = False
    for x in block:
        t = cell(x)
        if not t:
            continue
        is_value = bool(VALUE.match(t))
        if not is_value and seen_value:
            out.append(current)
            current, seen_value = [], False
        current.append(t)
        seen_value = seen_value or is_value
    if current:
        out.append(current)
    return out


def glue(text: str, runon: bool) -> str:
    src = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kind = layout(src)
    out: list[str] = []
    line = 0
    for a, b in tables(src, kind):
        out.extend(src[line:a])
        glued = [r for r in ("".join(cell(c) for c in row) for row in rows(src[a:b + 1], kind)) if r]
        out.extend(["".join(glued)] if runon else glued)
        line = b + 1
    out.extend(src[line:])
    return "\n".join(out)


def main() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = decode(path.read_bytes())
        stem = path.stem
        for kind, runon in (("glued", False), ("runon", True)):
            (OUT / f"{stem}.{kind}.txt").write_text(glue(text, runon), encoding="utf-8")
            print(f"{stem}.{kind}.txt")


if __name__ == "__main__":
    main()
