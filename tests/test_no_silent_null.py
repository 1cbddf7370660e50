"""No null without a reason, over every file of the corpus (all folders, all
formats).

Every null value of a converted report has a cause the user can see: the
cell was blank or a dash (its raw text is in the provenance), or a warning
names the value — its ``where`` is the dotted path, its row
(``applications.granted``) or group, or, for a whole table not found (and
for table 四, whose cells are read as one run), the table.  The message may
name the path instead.  No warning's ``where`` is an internal grid index
(``table 2, line 676``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden import CORPUS, flatten

import gxconvert
from gxconvert.errors import ConversionError

SUFFIXES = {".txt", ".html", ".docx", ".doc", ".pdf"}
#: scans are read by OCR, seconds a page: one sample here (scripts/bench_ocr.py reads them all)
OCR_SAMPLES = {"001_cms_plain_mixed.pdf"}
FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in SUFFIXES and p.is_file()
               and (p.parent.name not in ("scan", "screenshot") or p.name in OCR_SAMPLES))
# corpus files that are not reports to convert, with the error they must give
REFUSED = {"encrypted.pdf": "encrypted"}
# corpus files whose nulls fail the rule because of a reader, not the matcher
# (strict xfail: the mark turns into a failure once the reader is fixed)
READER_GAPS: dict[str, str] = {}

BLANK_RAW = re.compile(r"^[\s\u3000\xa0]*(?:[-－—–―/\\／]+|无|空)?[\s\u3000\xa0]*$")
TABLE_LEVEL = {"table_not_found"}
INTERNAL_WHERE = re.compile(r"^table \d+|, line \d+$")


def _explained(path: str, value_prov: dict | None, warnings: list[dict]) -> bool:
    if value_prov is not None and BLANK_RAW.match(value_prov.get("raw", "")):
        return True
    table = path.split(".", 1)[0]
    for w in warnings:
        where = w["where"]
        if where == path or (where.count(".") >= 1 and path.startswith(where + ".")):
            return True
        if path in w["message"]:
            return True
        if where == table and (w["code"] in TABLE_LEVEL or table == "review_litigation"):
            return True
    return False


def _params():
    for p in FILES:
        rel = p.relative_to(CORPUS).as_posix()
        marks = [pytest.mark.xfail(strict=True, reason=READER_GAPS[rel])] if rel in READER_GAPS else []
        yield pytest.param(p, id=rel, marks=marks)


def test_the_corpus_is_all_there():
    folders = {p.relative_to(CORPUS).parts[0] for p in FILES}
    assert {"seeds", "glued", "docx", "html", "pdf", "oneline", "site", "html_misaligned"} <= folders
    assert len(FILES) > 80


@pytest.mark.parametrize("path", list(_params()))
def test_every_null_has_a_reason(path: Path):
    if path.name in REFUSED:
        with pytest.raises(ConversionError, match=REFUSED[path.name]):
            gxconvert.convert(path)
        return
    d = gxconvert.convert(path).to_dict(provenance=True)
    silent = [p for t, tree in d["tables"].items() for p, v in
              ((f"{t}.{k}", v) for k, v in flatten(tree).items())
              if v is None and not _explained(p, d["provenance"].get(p), d["warnings"])]
    assert silent == [], f"{len(silent)} nulls without a reason, e.g. {silent[:5]}"
    internal = [w for w in d["warnings"] if INTERNAL_WHERE.search(w["where"])]
    assert internal == []
