"""CMS pages whose table 三 lays its data rows on another grid than its header.

Real CMS editors produce tables whose header and data rows were drawn on
different grids: the header's columns are two grid columns wide, and the
data rows' value cells, also two wide, start one grid column early — so
every value cell after the first sits half under one header column and half
under the next.  A reader that places values by column overlap cannot place
them; the row still holds exactly one value cell per column, in order.

From every CMS page of corpus/html (``<seed>_cms.html``) this writes
``<seed>_cms_shifted.html`` here: table 三 rebuilt on that doubled grid with
every data row shifted; and for 001 also ``001_cms_someshifted.html``, where
only every other data row is shifted (the others sit exactly under their
header columns).  Nothing else changes: the cells keep their text, so the
expected values are the html twin's (``corpus/html/<page>.html``: the seed's
golden with the page's own ``.expected.json`` merged over it).

Run from the repository root: ``python3 corpus/html_misaligned/make_misaligned.py``.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "corpus" / "html"
OUT = Path(__file__).resolve().parent

LABEL_COLS = 4  # grid columns of the label area in the corpus pages' table 三
VALUE_COLS = 7


def _span(td: Tag, attr: str) -> int:
    return int(td.get(attr) or 1)


def _is_value(td: Tag) -> bool:
    t = td.get_text(strip=True)
    return t == "" or t.replace(".", "", 1).isdigit()


def _reshape(table: Tag, shift_row) -> None:
    """Double the value area's grid; data rows shifted where ``shift_row(i)``."""
    rows = table.find_all("tr")
    occupied: dict[tuple[int, int], bool] = {}  # (row, col) covered by a rowspan from above (label area)
    data_i = 0
    for r, tr in enumerate(rows):
        tds = tr.find_all(["td", "th"], recursive=False)
        # a data row: its last VALUE_COLS cells are numbers or blanks
        is_data = len(tds) >= VALUE_COLS + 1 and all(_is_value(td) for td in tds[-VALUE_COLS:]) \
            and not _is_value(tds[-VALUE_COLS - 1])
        if not is_data:
            # header row: cells in the value area get twice the width
            col = 0
            for td in tds:
                while occupied.get((r, col)):
                    col += 1
                cs, rs = _span(td, "colspan"), _span(td, "rowspan")
                if col >= LABEL_COLS:
                    td["colspan"] = str(cs * 2)
                for k in range(1, rs):
                    for c in range(col, col + cs):
                        occupied[(r + k, c)] = True
                col += cs
            continue
        labels, vals = tds[:-VALUE_COLS], tds[-VALUE_COLS:]
        shifted = shift_row(data_i)
        data_i += 1
        col = 0
        for td in labels:
            while occupied.get((r, col)):
                col += 1
            cs, rs = _span(td, "colspan"), _span(td, "rowspan")
            for k in range(1, rs):
                for c in range(col, col + cs):
                    occupied[(r + k, c)] = True
            last_start = col
            col += cs
        end = LABEL_COLS - 1 if shifted else LABEL_COLS
        labels[-1]["colspan"] = str(end - last_start)
        for td in vals:
            td["colspan"] = "2"
        if shifted:
            pad = BeautifulSoup("<td></td>", "lxml").td
            assert pad is not None
            vals[-1].insert_after(pad)


def build(src: Path, name: str, shift_row) -> None:
    soup = BeautifulSoup(src.read_bytes(), "lxml")
    table = next(t for t in soup.find_all("table") if "本年新收" in t.get_text())
    _reshape(table, shift_row)
    (OUT / name).write_text(str(soup), "utf-8")
    print("wrote", name)


def main() -> None:
    for src in sorted(HTML.glob("*_cms.html")):
        build(src, f"{src.stem}_shifted.html", lambda i: True)
    build(HTML / "001_cms.html", "001_cms_someshifted.html", lambda i: i % 2 == 1)


if __name__ == "__main__":
    main()
