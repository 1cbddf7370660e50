"""Build corpus/html_img: a corpus web page whose report tables are
published as pictures -- each ``<table>`` replaced by a headless-Chromium
screenshot of a page holding only that table -- once as ``data:`` URIs
(``*_datauri.html``) and once as PNG files beside the page
(``*_files.html`` + ``*_files_t<N>.png``); and a Word document written by
python-docx from the page's article (title, date line, paragraphs) with the
same screenshots as pictures in place of the tables (``*_pictures.docx``), and
one whose tables are pictures in the cells of a layout table (one row a
picture, its caption in the first cell: ``*_cellpictures.docx``).

The golden is the source page's (its ``.expected.json`` copied beside each
file; the test's twin rule adds the seed's).

    python corpus/html_img/build_html_img.py     # needs chromium, numpy, Pillow, lxml, python-docx
    python corpus/html_img/build_html_img.py --cells   # only *_cellpictures.docx, from the committed PNGs
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import lxml.html
import numpy as np
from docx import Document
from docx.shared import Cm
from PIL import Image

HERE = Path(__file__).resolve().parent
HTML = HERE.parent / "html"
PAGES = ["000_cms.html"]
WIDTH, TALL = 1000, 3000
TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
SHELL = ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:12px;background:#fff;"
         "font-family:'Noto Sans CJK SC',sans-serif;font-size:15px} td,th{padding:4px}</style></head>"
         "<body>%s</body></html>")


def shoot(table_html: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        page, png = Path(tmp) / "t.html", Path(tmp) / "t.png"
        page.write_text(SHELL % table_html, encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--hide-scrollbars", f"--screenshot={png}", f"--window-size={WIDTH},{TALL}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        im = Image.open(png).convert("RGB")
    grey = np.asarray(im.convert("L"))
    rows = np.where((grey < 230).sum(axis=1) > 0)[0]
    cols = np.where((grey < 230).sum(axis=0) > 0)[0]
    im = im.crop((0, 0, min(im.width, int(cols.max()) + 12), min(im.height, int(rows.max()) + 12)))
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def write_docx(src: str, shots: list[bytes], out: Path) -> None:
    """The article as a Word document: its title and date line, then its
    paragraphs, each table a picture (the page's photo left out)."""
    root = lxml.html.fromstring(src)
    doc = Document()
    doc.add_heading(root.xpath("string(//h1)").strip(), level=1)
    doc.add_paragraph(root.xpath("string(//div[@class='article-info'])").split("浏览次数")[0].strip())
    pictures = iter(shots)
    for el in root.xpath("//div[@id='zoom']")[0]:
        if el.tag == "table":
            doc.add_picture(io.BytesIO(next(pictures)), width=Cm(16))
        elif not el.xpath(".//img"):
            text = el.text_content().strip()
            if text:
                doc.add_paragraph(text)
    doc.core_properties.created = doc.core_properties.modified = datetime(2021, 2, 3)  # a fixed build
    doc.save(str(out))


def write_cell_docx(src: str, shots: list[bytes], out: Path) -> None:
    """The article as a Word document whose tables are pictures set in a
    layout table: each table a row, the number of the table in the first
    cell, its picture in the second (as sites paste scanned tables)."""
    root = lxml.html.fromstring(src)
    doc = Document()
    doc.add_heading(root.xpath("string(//h1)").strip(), level=1)
    doc.add_paragraph(root.xpath("string(//div[@class='article-info'])").split("浏览次数")[0].strip())
    pictures = iter(shots)
    for el in root.xpath("//div[@id='zoom']")[0]:
        if el.tag == "table":
            grid = doc.add_table(rows=1, cols=2)
            grid.cell(0, 0).width, grid.cell(0, 1).width = Cm(1), Cm(16)
            grid.cell(0, 0).text = "表"
            grid.cell(0, 1).paragraphs[0].add_run().add_picture(io.BytesIO(next(pictures)), width=Cm(15.5))
        elif not el.xpath(".//img"):
            text = el.text_content().strip()
            if text:
                doc.add_paragraph(text)
    doc.core_properties.created = doc.core_properties.modified = datetime(2021, 2, 3)  # a fixed build
    doc.save(str(out))


def cells_only() -> None:
    """``*_cellpictures.docx`` from the screenshots committed beside the page (no Chromium)."""
    for name in PAGES:
        src = (HTML / name).read_text(encoding="utf-8")
        stem = name.removesuffix(".html")
        shots = [(HERE / f"{stem}_files_t{n}.png").read_bytes() for n in range(1, len(TABLE.findall(src)) + 1)]
        write_cell_docx(src, shots, HERE / f"{stem}_cellpictures.docx")
        own = HTML / f"{stem}.expected.json"
        if own.exists():
            shutil.copy(own, HERE / f"{stem}_cellpictures.expected.json")
        print(f"{stem}_cellpictures.docx: {len(shots)} pictures in a layout table")


def main() -> None:
    if "--cells" in sys.argv:
        cells_only()
        return
    for name in PAGES:
        src = (HTML / name).read_text(encoding="utf-8")
        shots = [shoot(m.group(0)) for m in TABLE.finditer(src)]
        stem = name.removesuffix(".html")
        uris = iter(base64.b64encode(s).decode() for s in shots)
        datauri = TABLE.sub(lambda m, u=uris: f'<p><img src="data:image/png;base64,{next(u)}" alt="表格"></p>', src)
        (HERE / f"{stem}_datauri.html").write_text(datauri, encoding="utf-8")
        pngs = iter(f"{stem}_files_t{n}.png" for n in range(1, len(shots) + 1))
        files = TABLE.sub(lambda m, f=pngs: f'<p><img src="{next(f)}" alt="表格"></p>', src)
        (HERE / f"{stem}_files.html").write_text(files, encoding="utf-8")
        for n, png in enumerate(shots, 1):
            (HERE / f"{stem}_files_t{n}.png").write_bytes(png)
        write_docx(src, shots, HERE / f"{stem}_pictures.docx")
        write_cell_docx(src, shots, HERE / f"{stem}_cellpictures.docx")
        own = HTML / f"{stem}.expected.json"
        for kind in ("datauri", "files", "pictures", "cellpictures"):
            if own.exists():
                shutil.copy(own, HERE / f"{stem}_{kind}.expected.json")
        print(f"{name}: {len(shots)} tables, {[Image.open(io.BytesIO(s)).size for s in shots]}")


if __name__ == "__main__":
    main()
