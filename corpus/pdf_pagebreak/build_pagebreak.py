#!/usr/bin/env python3
"""Sweep a page break through every row of every table, and keep a sample.

    python corpus/pdf_pagebreak/build_pagebreak.py --sweep      # all positions, report (needs soffice)
    python corpus/pdf_pagebreak/build_pagebreak.py --commit     # rebuild the committed sample
    python corpus/pdf_pagebreak/build_pagebreak.py --sweep --keep DIR; ... --check DIR  # re-check

Each seed's report is laid out as in ``corpus/pdf/build_pdf.py`` (ruled form
tables, headers not repeated, rows allowed to break across pages) and
printed by LibreOffice, with N filler lines inserted before the heading of
one table; N runs over a page's worth of lines, so the page end passes
through every row of that table (right after its header rows included).
``--sweep`` converts every position and compares it with the seed's golden
file, printing per seed and table the positions read exactly, where the
first page ends inside the table (the last row on the page) and every
failure.  ``--commit`` writes the sample kept in this folder:
``<seed>_t<table>_p<N>.pdf`` for the positions in ``SAMPLE``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.shared import Cm

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
ROOT = CORPUS.parent
sys.path.insert(0, str(CORPUS / "pdf"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import build_pdf as bp
from gxconvert.readers.base import ReadContext

TABLES = {"2": "主动公开政府信息情况", "3": "收到和处理政府信息公开申请情况", "4": "行政复议"}
FILLER = "（此行为填充文字，用来移动分页的位置。）"
LINES_PER_PAGE = 32  # the filler lines one page holds (the break repeats with this period)

# (seed, table, filler lines) of the committed sample.  The full sweep (5 seeds
# x 3 tables x 32 positions, 480 PDFs) is read exactly by the reader; where
# the first page ends for each position is printed by --sweep.
SAMPLE: list[tuple[str, str, int]] = [
    # per seed and table: the page ends right after the header rows; (table 三)
    # inside the data rows; (000, 001) before the last rows
    ('000', '2', 18),
    ('000', '2', 8),
    ('000', '3', 3),
    ('000', '3', 25),
    ('000', '3', 15),
    ('000', '4', 10),
    ('001', '2', 13),
    ('001', '2', 6),
    ('001', '3', 1),
    ('001', '3', 21),
    ('001', '3', 9),
    ('001', '4', 5),
    ('002', '2', 7),
    ('002', '3', 26),
    ('002', '3', 16),
    ('002', '4', 30),
    ('003', '2', 19),
    ('003', '3', 4),
    ('003', '3', 26),
    ('003', '4', 12),
    ('004', '2', 14),
    ('004', '3', 0),
    ('004', '3', 21),
    ('004', '4', 8),
    # regressions the sweep found: the last row of table 三 alone on the next page
    ('002', '2', 3),
    ('003', '2', 16),
    ('003', '3', 16),
]


def seed_ids() -> dict[str, str]:
    return {p.name[:3]: p.name.split(".")[0] for p in sorted(bp.SEEDS.glob("*.expected.json"))}


def build_docx(seed_id: str, table: str, pad: int, out: Path) -> None:
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
    bp.page_footer(sec, "dash", font)
    for kind, text in bp.narrative(seed_text):
        if kind == "h" and TABLES[table] in text:
            for _ in range(pad):
                bp.add_para(doc, "p", FILLER, font=font, hfont=hfont, size=size)
        bp.add_para(doc, kind, text, font=font, hfont=hfont, size=size)
        if kind != "h":
            continue
        if "主动公开政府信息情况" in text:
            specs, n = bp.table2(template)
            bp.add_table(doc, specs, n, values, font=font, size=10)
        elif "收到和处理政府信息公开申请情况" in text:
            specs, n = bp.table3(template)
            bp.add_table(doc, specs, n, values, font=font, widths=[1.5, 1.9, 4.0] + [1.1] * 7)
        elif "行政复议" in text:
            specs, n = bp.table4()
            bp.add_table(doc, specs, n, values, font=font, size=8)
    doc.save(out)


def soffice_batch(srcs: list[Path], outdir: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        for k in range(0, len(srcs), 40):
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                            "pdf", "--outdir", str(outdir), *map(str, srcs[k:k + 40])],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1200)


def break_row(pdf: Path, table: str) -> str:
    """The last row of the swept table on its first page ('-' if the table
    does not break)."""
    from gxconvert.readers.pdf import PdfReader

    doc = PdfReader().read(pdf.read_bytes(), ReadContext())
    key = {"2": "信息内容", "3": "申请人情况", "4": "行政复议"}[table]
    for t in doc.tables():
        if any(key in c.text for c in t.cells):
            pages = sorted({c.loc.page for c in t.cells if c.loc and c.loc.page})
            if len(pages) < 2:
                return "-"
            last = max(c.row for c in t.cells if c.loc and c.loc.page == pages[0])
            row = sorted((c for c in t.cells if c.row == last), key=lambda c: c.col)
            label = next((c.text for c in reversed(row) if c.text and not c.text[0].isdigit()), "")
            return f"row {last}: {label.replace(chr(10), '')[:16]}"
    return "table not found"


def check(pdf: Path, seed: str) -> list[str]:
    from golden import diff_meta, diff_tables, load_golden

    import gxconvert

    golden = load_golden(next(bp.SEEDS.glob(seed + "_*.expected.json")))
    try:
        out = gxconvert.convert(pdf).to_dict()
    except Exception as exc:  # noqa: BLE001 - a sweep reports everything
        return [f"{type(exc).__name__}: {exc}"]
    problems = diff_tables(out, golden) + diff_meta(out, golden, keys=("template", "agency", "year"))
    if [s["number"] for s in out["sections"]] != [s["number"] for s in golden["sections"]]:
        problems.append(f"sections {[s['number'] for s in out['sections']]}")
    return problems


def sweep(seeds: list[str], tables: list[str], positions: range, keep: Path | None) -> int:
    ids = seed_ids()
    bad = 0
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        srcs = []
        for seed in seeds:
            for table in tables:
                for pad in positions:
                    src = tmp / f"{seed}_t{table}_p{pad:02d}.docx"
                    build_docx(ids[seed], table, pad, src)
                    srcs.append(src)
        soffice_batch(srcs, tmp)
        for src in srcs:
            pdf = src.with_suffix(".pdf")
            seed, table = src.name[:3], src.name[5]
            problems = check(pdf, seed)
            where = break_row(pdf, table)
            bad += bool(problems)
            print(f"{pdf.stem}  {where:32s} {'OK' if not problems else 'FAIL ' + '; '.join(problems[:3])}")
            if keep is not None:
                pdf.replace(keep / pdf.name)
    print(f"{len(srcs) - bad} of {len(srcs)} positions read exactly")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sweep", action="store_true", help="every position, with a report")
    ap.add_argument("--commit", action="store_true", help="rebuild the committed sample")
    ap.add_argument("--seeds", default="000,001,002,003,004")
    ap.add_argument("--tables", default="2,3,4")
    ap.add_argument("--keep", type=Path, help="keep the swept PDFs in this folder")
    ap.add_argument("--check", type=Path, help="check the PDFs kept by an earlier --sweep --keep again")
    args = ap.parse_args()
    if args.check:
        bad = 0
        pdfs = sorted(args.check.glob("[0-9]*_t[234]_p*.pdf"))
        for pdf in pdfs:
            problems = check(pdf, pdf.name[:3])
            bad += bool(problems)
            print(f"{pdf.stem}  {break_row(pdf, pdf.name[5]):32s} "
                  f"{'OK' if not problems else 'FAIL ' + '; '.join(problems[:3])}")
        print(f"{len(pdfs) - bad} of {len(pdfs)} positions read exactly")
        return 1 if bad else 0
    if args.sweep:
        return sweep(args.seeds.split(","), args.tables.split(","), range(LINES_PER_PAGE), args.keep)
    if args.commit:
        ids = seed_ids()
        with tempfile.TemporaryDirectory() as tmp_s:
            tmp = Path(tmp_s)
            srcs = []
            for seed, table, pad in SAMPLE:
                src = tmp / f"{seed}_t{table}_p{pad:02d}.docx"
                build_docx(ids[seed], table, pad, src)
                srcs.append(src)
            soffice_batch(srcs, tmp)
            for src in srcs:
                src.with_suffix(".pdf").replace(HERE / src.with_suffix(".pdf").name)
                print("built", src.with_suffix(".pdf").name)
        return 0
    ap.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
