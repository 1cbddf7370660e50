"""No null without a reason, over every file of the corpus (all folders, all
formats).

Every null value of a converted report has a cause the user can see: the
cell was blank or a dash (its raw text is in the provenance), or a warning
names the value — its ``where`` is the dotted path, its row
(``applications.granted``) or group, or, for a whole table not found (and
for table 四, whose cells are read as one run), the table.  The message may
name the path instead.  No warning's ``where`` is an internal grid index
(``table 2, line 676``).

No wrong value without a warning, over every file that has a golden: each
table value that differs from what the document says (its hand-checked
golden: the corpus table of tests/test_corpus.py, the dash sweep's, and for
the glued, one-line, site and misaligned corpora the seed's golden, not the
nulls they are allowed by reasoning; for a PDF class's known gap,
``gap_<name>.pdf``, its twin's golden with its own) is named by a warning —
a null as much as a number.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden import CORPUS, flatten

import gxconvert
from gxconvert.errors import ConversionError

from golden import SEEDS, load_golden  # isort: skip

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


def _converted(path: Path) -> dict:
    from test_corpus import converted  # one conversion per file per session, shared with the corpus table

    return converted(path)


def _merged(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _golden(path: Path) -> dict | None:
    """What the document says (its tables), or None for a file without a golden."""
    from test_corpus import CORPORA

    rel = path.relative_to(CORPUS)
    folder = rel.parts[0]
    if len(rel.parts) == 3 and rel.parts[:2] == ("pdf_dash", "sweep"):
        return load_golden(path.with_suffix(".expected.json"))
    corpus = next((c for c in CORPORA if c.folder == folder and path in c.files()), None)
    if corpus is not None:
        return corpus.golden(path)
    if folder.startswith("pdf_") and path.name.startswith("gap_"):  # a known gap: the twin's golden and its own
        twin = next(SEEDS.glob(path.name[4:7] + "_*.expected.json"))
        own = path.with_name(path.name.split(".")[0] + ".expected.json")
        return _merged(load_golden(twin), load_golden(own)) if own.exists() else load_golden(twin)
    seed = next(SEEDS.glob(path.name[:3] + "_*.expected.json"), None)
    if seed is None or folder not in ("glued", "oneline", "site", "html_misaligned", "identity"):
        return None
    golden = load_golden(seed)
    if folder in ("site", "html_misaligned"):  # the HTML twin's own golden over the seed's
        twin = path.name.split(".")[0].removesuffix("_nested").replace("_someshifted", "").replace("_shifted", "")
        own = CORPUS / "html" / f"{twin}.expected.json"
        if own.exists():
            golden = _merged(golden, load_golden(own))
    return golden


def _named(path: str, warnings: list[dict]) -> bool:
    """A warning names the value: its path or its row as ``where`` or in the
    message, or its table when the table is read as one (四) or not found."""
    row = path.rsplit(".", 1)[0]
    table = path.split(".", 1)[0]
    for w in warnings:
        where, msg = w["where"], w["message"]
        if where in (path, row) or path in msg or f"{row}:" in msg or f"{row} " in msg:
            return True
        if where.count(".") >= 1 and path.startswith(where + "."):
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
    d = _converted(path)
    silent = [p for t, tree in d["tables"].items() for p, v in
              ((f"{t}.{k}", v) for k, v in flatten(tree).items())
              if v is None and not _explained(p, d["provenance"].get(p), d["warnings"])]
    assert silent == [], f"{len(silent)} nulls without a reason, e.g. {silent[:5]}"
    internal = [w for w in d["warnings"] if INTERNAL_WHERE.search(w["where"])]
    assert internal == []


def _golden_params():
    for p in FILES:
        if p.name not in REFUSED and _golden(p) is not None:
            yield pytest.param(p, id=p.relative_to(CORPUS).as_posix())


GOLDEN_FILES = list(_golden_params())


def test_most_of_the_corpus_has_a_golden():
    assert len(GOLDEN_FILES) > 0.8 * len(FILES)
    folders = {p.values[0].relative_to(CORPUS).parts[0] for p in GOLDEN_FILES}
    assert {"seeds", "glued", "mixed", "oneline", "site", "html_misaligned", "docx", "html", "pdf", "pdf_dash",
            "pdf_wrapped", "pdf_pagebreak", "pdf_rulings", "pdf_browser"} <= folders


@pytest.mark.parametrize("path", GOLDEN_FILES)
def test_every_wrong_value_is_named_by_a_warning(path: Path):
    golden = flatten(_golden(path)["tables"])
    d = _converted(path)
    got = {f"{t}.{k}": v for t, tree in d["tables"].items() for k, v in flatten(tree).items()}
    wrong = {p: (got.get(p), g) for p, g in golden.items()
             if ((got.get(p) is None) != (g is None) or (g is not None and abs(got[p] - g) > 1e-9))}
    silent = {p: og for p, og in wrong.items() if not _named(p, d["warnings"])}
    assert silent == {}, f"{len(silent)} values differ from the golden with no warning (output, golden)"
