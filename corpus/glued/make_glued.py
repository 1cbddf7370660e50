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
line.  Rows are those of the plain-text reader (grid rows; for web-page cell
streams, the matcher's cut at each label that follows a value); each cell's
text is stripped of surrounding whitespace and its line breaks removed.

Run from the repository root: ``python3 corpus/glued/make_glued.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gxconvert.matcher.events import Heading, LRow, build_events  # noqa: E402
from gxconvert.model import Table  # noqa: E402
from gxconvert.readers.encoding import decode_bytes  # noqa: E402
from gxconvert.readers.text import parse_text  # noqa: E402

SEEDS = ROOT / "corpus" / "seeds"
OUT = Path(__file__).resolve().parent


def _cell(text: str) -> str:
    return "".join(part.strip() for part in text.split("\n"))


def _span(table: Table) -> tuple[int, int]:
    """First and last source line of a table (cells may span lines)."""
    lines = [c.loc.line + c.text.count("\n") for c in table.cells if c.loc and c.loc.line]
    first = table.loc.line if table.loc and table.loc.line else min(lines)
    return first, max(lines)


def glue(text: str, runon: bool) -> str:
    doc = parse_text(text)
    ev = build_events(doc)
    src = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    spans = [_span(t) for t in ev.tables]
    # what replaces each table: its rows (and part headings met inside it)
    repl: dict[int, list[str]] = {i: [] for i in range(len(ev.tables))}
    for it in ev.items:
        if isinstance(it, LRow):
            row = "".join(_cell(c.text) for c in it.labels + it.values)
            if row:
                repl[it.table].append(row)
        elif isinstance(it, Heading) and it.loc and it.loc.line:
            for t, (a, b) in enumerate(spans):
                if a <= it.loc.line <= b:
                    repl[t].append("\n" + it.text.strip() + "\n")
    out: list[str] = []
    line = 1
    for t, (a, b) in sorted(enumerate(spans), key=lambda x: x[1]):
        while line < a:
            out.append(src[line - 1])
            line += 1
        rows = repl[t]
        if runon:
            joined = "".join(rows)
            out.extend(x for x in joined.split("\n") if x)
        else:
            out.extend(x for r in rows for x in r.split("\n") if x)
        line = b + 1
    out.extend(src[line - 1:])
    return "\n".join(out)


def main() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text, _ = decode_bytes(path.read_bytes())
        stem = path.stem
        for kind, runon in (("glued", False), ("runon", True)):
            (OUT / f"{stem}.{kind}.txt").write_text(glue(text, runon), encoding="utf-8")
            print(f"{stem}.{kind}.txt")


if __name__ == "__main__":
    main()
