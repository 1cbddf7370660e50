"""The container triage on real files people keep beside reports
(corpus/containers, made by LibreOffice: make_containers.py).

A zip goes to a branch by its member names, an OLE file by its streams:
Word documents (.docx; .doc and WPS .wps through LibreOffice) to the Word
reader; spreadsheets (.xlsx, .xls, WPS .et), presentations and plain
archives are refused by kind, in one line naming the file and what it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gxconvert import convert, convert_many
from gxconvert.errors import UnsupportedFormatError
from gxconvert.readers import sniff
from gxconvert.readers.containers import is_archive, triage
from gxconvert.readers.docx.container import find_soffice

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HERE = CORPUS / "containers"

REFUSED = [
    ("table.xlsx", "spreadsheet", "an Excel workbook (.xlsx)"),
    ("table.xls", "spreadsheet", "an Excel 97-2003 workbook (.xls; WPS .et)"),
    ("table.et", "spreadsheet", "an Excel 97-2003 workbook (.xls; WPS .et)"),
    # the UTF-16 name of Word's stream in a cell, not in the directory: still a workbook
    ("word_in_cell.xls", "spreadsheet", "an Excel 97-2003 workbook (.xls; WPS .et)"),
    ("slides.pptx", "unsupported", "a PowerPoint presentation (.pptx)"),
    ("files.zip", "unsupported", "a zip archive of 2 files (data/readme.txt, 说明.txt)"),
    ("reports.zip", "unsupported", "a zip archive of 2 files (2021/000.txt, 2021/002.docx)"),
]


@pytest.mark.parametrize("name,branch,what", REFUSED)
def test_a_container_that_is_no_report_is_refused_by_kind(name: str, branch: str, what: str) -> None:
    path = HERE / name
    box = triage(path.read_bytes())
    assert box is not None and (box.branch, box.what) == (branch, what)
    with pytest.raises(UnsupportedFormatError) as err:
        convert(path)
    assert str(err.value) == f"{path}: not a report document gxconvert reads: {what}"


def test_a_batch_records_them_as_unsupported_and_goes_on() -> None:
    paths = [str(HERE / n) for n, _, _ in REFUSED] + [str(CORPUS / "docx" / "002.docx")]
    results = list(convert_many(paths, jobs=0))
    assert [r.kind for r in results] == ["unsupported"] * len(REFUSED) + [None]
    assert results[-1].report is not None and results[-1].report.meta.year == 2021


def test_word_documents_go_to_the_word_reader() -> None:
    for path in (CORPUS / "docx" / "002.docx", CORPUS / "docx" / "004.doc", CORPUS / "docx" / "002-wps.wps"):
        assert sniff(path.read_bytes()) == "docx", path


def test_an_ole_file_is_told_by_the_streams_in_its_directory() -> None:
    from gxconvert.readers.containers import ole_streams

    doc = ole_streams((CORPUS / "docx" / "004.doc").read_bytes())
    xls = ole_streams((HERE / "word_in_cell.xls").read_bytes())
    assert doc is not None and {"worddocument", "1table"} <= doc
    assert xls is not None and "workbook" in xls and "worddocument" not in xls
    assert "WordDocument".encode("utf-16-le") in (HERE / "word_in_cell.xls").read_bytes()


def test_a_wps_file_is_read_like_a_doc() -> None:
    """WPS Writer's Word-compatible .wps goes through LibreOffice as a .doc
    does; its values are those of the .docx it was saved from (the corpus
    harness checks every one against seed 002's golden, from the same cached
    conversion)."""
    from test_corpus import converted

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    wps, docx = converted(CORPUS / "docx" / "002-wps.wps"), converted(CORPUS / "docx" / "002.docx")
    assert wps["source"]["format"] == "docx"
    assert "docx.converted_from_doc" in {w["code"] for w in wps["warnings"]}
    assert wps["tables"] == docx["tables"] and wps["meta"]["agency"] == docx["meta"]["agency"]


@pytest.mark.parametrize("name,archive", [
    ("files.zip", True), ("reports.zip", True), ("table.xlsx", False), ("slides.pptx", False),
    ("table.xls", False), ("make_containers.py", False),
])
def test_is_archive_tells_an_archive_of_files_from_a_document_container(name: str, archive: bool) -> None:
    assert is_archive((HERE / name).read_bytes()) is archive


def test_is_archive_on_documents_and_damage() -> None:
    import io
    import zipfile

    assert is_archive((CORPUS / "docx" / "000.docx").read_bytes()) is False
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    assert is_archive(empty.getvalue()) is False  # nothing to open: refused as what it is instead
    with pytest.raises(UnsupportedFormatError, match="an empty zip archive$"):
        convert(empty.getvalue(), path="empty.zip")
    data = (HERE / "files.zip").read_bytes()
    assert is_archive(data[: len(data) // 2]) is False  # a cut zip lists nothing: not opened as an archive
