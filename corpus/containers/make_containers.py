"""Build the files people keep beside reports, to test the container triage.

    python corpus/containers/make_containers.py      # needs LibreOffice (soffice)

Writes, next to this script (the files are committed; tests only read them):

* ``table.xlsx``, ``table.xls`` — a small workbook, saved by LibreOffice Calc
  from ``table.csv`` (written here);
* ``table.et`` — the same .xls under WPS Spreadsheets' name: WPS saves an
  ``.et`` as an Excel 97-2003 compound file (a ``Workbook`` stream);
* ``word_in_cell.xls`` — a workbook whose cell reads ``WordDocument报告``
  (stored as UTF-16: the name of a Word stream appears in its bytes, not in
  its directory);
* ``slides.pptx`` — a one-slide deck, saved by LibreOffice Impress from a
  flat OpenDocument presentation written here;
* ``files.zip`` — a plain archive of two text files (Python's zipfile);
* ``reports.zip`` — an archive of report documents (``corpus/docx/002.docx``
  and seed 000's text), for the batch walk that opens archives;
* ``../docx/002-wps.wps`` — ``corpus/docx/002.docx`` saved by LibreOffice as
  Word 97-2003 under WPS Writer's name: WPS saves a ``.wps`` in its
  Word-compatible mode as a compound file with a ``WordDocument`` stream.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent

CSV = "机关,年份,主动公开\n某县人民政府,2021,120\n某市教育局,2021,45\n"
CSV_WORD = "名称,说明\nWordDocument报告,1\n"
FODP = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:body><office:presentation>
  <draw:page draw:name="p1"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm">
   <draw:text-box><text:p>2021年政府信息公开工作年度报告解读</text:p></draw:text-box>
  </draw:frame></draw:page>
 </office:presentation></office:body>
</office:document>
"""


def soffice(src: Path, fmt: str, out_dir: Path) -> Path:
    csv = ["--infilter=CSV:44,34,76,1"] if src.suffix == ".csv" else []
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *csv, "--convert-to", fmt,
                        "--outdir", str(out_dir), str(src)], check=True, capture_output=True, timeout=120)
    return out_dir / (src.stem + "." + fmt.split(":")[0])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "table.csv").write_text(CSV, encoding="utf-8")
        for fmt in ("xlsx", "xls"):
            shutil.copy(soffice(t / "table.csv", fmt, t), HERE / f"table.{fmt}")
        shutil.copy(HERE / "table.xls", HERE / "table.et")
        (t / "word_in_cell.csv").write_text(CSV_WORD, encoding="utf-8")
        shutil.copy(soffice(t / "word_in_cell.csv", "xls", t), HERE / "word_in_cell.xls")
        (t / "slides.fodp").write_text(FODP, encoding="utf-8")
        shutil.copy(soffice(t / "slides.fodp", "pptx", t), HERE / "slides.pptx")
        shutil.copy(CORPUS / "docx" / "002.docx", t / "002-wps.docx")
        shutil.copy(soffice(t / "002-wps.docx", "doc:MS Word 97", t), CORPUS / "docx" / "002-wps.wps")
    with zipfile.ZipFile(HERE / "files.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("说明.txt", "附件清单\n")
        zf.writestr("data/readme.txt", "data files\n")
    with zipfile.ZipFile(HERE / "reports.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(CORPUS / "docx" / "002.docx", "2021/002.docx")
        zf.write(CORPUS / "seeds" / "000_c618104cc4de48fa.txt", "2021/000.txt")


if __name__ == "__main__":
    main()
