"""Every corpus file against the hand-checked golden file of its text twin.

One table (:data:`CORPORA`) says, per corpus folder: which files, the
format they must be read as, which meta fields and how much of the six
parts are compared, how a file's own ``<name>.expected.json`` combines with
its twin's golden, and when a file is skipped.  The twin of a file is the
seed report with the same three-digit prefix
(``corpus/seeds/<prefix>_*.expected.json``); a seed is its own twin.  Table
values are compared value by value (null only equals null).

The real-world PDF classes (corpus/pdf_*/, one folder per class with the
script that built it) are rows of the same table, one per folder.  Every PDF
value also names its page and box.

Then the checks particular to one corpus file (what its variant is about).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from golden import (
    CORPUS,
    PINNED,
    SEEDS,
    diff_meta,
    diff_pinned,
    diff_tables,
    flatten,
    load_golden,
    load_pinned,
    pinned_parts,
    record_pinned,
)
from realtools import require_soffice

import gxconvert
from gxconvert.readers.docx import DocxReader
from gxconvert.readers.docx.container import find_soffice
from gxconvert.readers.html import HtmlReader
from gxconvert.schema import load_schema
from gxconvert.readers.base import ReadContext

ALL_META = ("template", "agency", "year", "published", "title")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _no_skip(path: Path) -> str | None:
    return None


def _without_ocr(path: Path) -> str | None:
    from gxconvert.readers.image._ocr import INSTALL_HINT, available

    return None if available() else f"reading scans needs the ocr extra: {INSTALL_HINT}"


def _word97_without_soffice(path: Path) -> str | None:
    if path.read_bytes()[:8] == OLE_MAGIC and find_soffice() is None:
        require_soffice()  # fails under CI=true; else skips
    return None


@dataclass(frozen=True)
class Corpus:
    folder: str
    suffixes: tuple[str, ...]
    format: str  # source.format the reader must report
    meta: tuple[str, ...]  # meta fields compared with the golden
    headings: bool  # compare the parts' headings too, not only their numbers
    override: str  # a file's own golden: "merge" over the twin's, or "replace" it
    skip: Callable[[Path], str | None] = _no_skip
    min_values: int = 0  # the golden must hold at least this many table values
    pattern: str = "*"  # which files of the folder are reports (corpus/pdf also holds bad PDFs)
    #: read from pixels: a value may also be null when a warning names it (never a different number);
    #: skipped without the ocr extra
    ocr: bool = False
    subset: tuple[str, ...] = ()  # when set, only these files (OCR takes seconds a page; scripts/bench_ocr.py reads all)

    def files(self) -> list[Path]:
        return sorted(p for p in (CORPUS / self.folder).glob(self.pattern) if p.suffix in self.suffixes
                      and (not self.subset or p.name in self.subset))

    def golden(self, path: Path) -> dict[str, Any]:
        own = path.with_name(path.name.split(".")[0] + ".expected.json")
        if self.folder == "seeds":
            return load_golden(own)
        (twin,) = SEEDS.glob(path.name[:3] + "_*.expected.json")
        golden = load_golden(twin)
        if own.exists():
            extra = load_golden(own)
            golden = _merged(golden, extra) if self.override == "merge" else extra
        return golden


CORPORA = (
    Corpus("seeds", (".txt",), "text", ALL_META, headings=True, override="replace"),
    Corpus("html", (".html",), "html", ALL_META, headings=False, override="merge", min_values=51),
    # tables that change separator style mid-page, 2019-form table 二 rows glued (corpus/mixed/make_mixed.py);
    # a file's own golden sets to null, by hand, the values the glued digits leave unsettled
    Corpus("mixed", (".txt",), "text", ALL_META, headings=True, override="merge"),
    # Word dumps with a stray line (page number, footnote, blank-ish) right after and inside their tables
    # (corpus/stray/make_stray.py): the seeds' values
    Corpus("stray", (".txt",), "text", ALL_META, headings=True, override="merge"),
    Corpus("docx", (".docx", ".doc", ".wps"), "docx", ("template", "agency", "year"), headings=False, override="replace",
           skip=_word97_without_soffice),
    # printed by LibreOffice from documents laid out like the forms (corpus/pdf/build_pdf.py)
    Corpus("pdf", (".pdf",), "pdf", ("template", "agency", "year"), headings=False, override="merge",
           pattern="0*.pdf"),
    # the PDF classes a user really meets, one folder each with its build script: rulings drawn
    # other ways, browser-printed web pages (their own goldens carry the HTML twin's overrides),
    # tables broken by page breaks, wrapped borderless labels, dash-marked borderless rows,
    # values set below their wrapped labels (in cell boxes, or ruled only between rows)
    *(Corpus(d.name, (".pdf",), "pdf", ("template", "agency", "year"), headings=False, override="merge",
             pattern="[0-9]*.pdf") for d in sorted(CORPUS.glob("pdf_*")) if d.is_dir()),
    # printed reports scanned and degraded (corpus/scan/build_scan.py), web pages captured whole as
    # one tall PNG (corpus/screenshot/build_screenshot.py): read from pixels; their sources' goldens
    Corpus("scan", (".pdf", ".tif"), "pdf_ocr", ("template", "agency", "year"), headings=False, override="merge",
           pattern="[0-9]*", ocr=True, skip=_without_ocr,
           subset=("001_cms_plain_mixed.pdf",)),
    Corpus("screenshot", (".png",), "image", ALL_META, headings=False, override="merge", pattern="[0-9]*", ocr=True,
           skip=_without_ocr, subset=("000_cms.png",)),
    # web pages whose tables are pictures, as data: URIs and as PNG files beside the page, and a
    # Word document with the tables as pictures
    # (corpus/html_img/build_html_img.py): the pictures read from pixels; their source page's golden
    Corpus("html_img", (".html",), "html", ALL_META, headings=False, override="merge", pattern="[0-9]*", ocr=True,
           skip=_without_ocr, subset=("000_cms_datauri.html",)),
    Corpus("html_img", (".docx",), "docx", ("template", "agency", "year"), headings=False, override="merge",
           pattern="[0-9]*", ocr=True, skip=_without_ocr),
)
PDF_CLASSES = ("pdf_browser", "pdf_dash", "pdf_pagebreak", "pdf_rulings", "pdf_tall", "pdf_wrapped")

CASES = [pytest.param(c, p, id=f"{c.folder}/{p.name}") for c in CORPORA for p in c.files()]
_CACHE: dict[Path, dict[str, Any]] = {}


def converted(path: Path) -> dict[str, Any]:
    if path not in _CACHE:
        _CACHE[path] = gxconvert.convert(path).to_dict(provenance=True)
    return _CACHE[path]


def test_the_corpora_are_complete() -> None:
    names = {c.folder: {p.name for p in c.files()} for c in CORPORA}
    assert len(names["seeds"]) == 5
    assert {f"{s}_{v}.txt" for s in ("000", "001", "002", "003", "004") for v in ("mixed", "t2glued")} | {
        f"{s}_t2narr.txt" for s in ("000", "003", "004")} == names["mixed"]
    assert {f"{s}_{v}.txt" for s in ("000", "001", "003") for v in ("pageno", "footnote", "blankish")} == names["stray"]
    kinds = {n.split("_", 1)[1] for n in names["html"]}
    assert {"cms.html", "cms_gbk.html", "cms_traditional.html", "word.html", "libreoffice.html"} <= kinds
    assert {"000.docx", "001.docx", "002.docx", "003.docx", "004.docx", "000-messy.docx", "001-numbered.docx",
            "002-grid.docx", "003-split.docx", "000-lo.docx", "004.doc", "001-as.doc", "002-wps.wps"} <= names["docx"]
    assert {"000_ruled_split.pdf", "001_borderless.pdf", "002_html.pdf", "003_landscape.pdf",
            "004_fonts.pdf"} <= names["pdf"]
    assert {f"{s}_letters.pdf" for s in ("000", "001", "002", "003", "004")} <= names["pdf_dash"]
    assert len([n for n in names["pdf_tall"] if n.endswith("_tall.pdf")]) == 5
    assert len([n for n in names["pdf_tall"] if n.endswith("_hrules.pdf")]) == 5
    for kind in ("wrapped", "centred", "centred2", "blank"):  # borderless Word/LibreOffice tables, 5 seeds each
        assert {f"{s}_{kind}.pdf" for s in ("000", "001", "002", "003", "004")} <= names["pdf_wrapped"]
    for folder in PDF_CLASSES:
        assert names[folder], f"{folder} holds no PDF"
        assert list((CORPUS / folder).glob("build_*.py")), f"{folder} has no build script"
    for c in CORPORA:
        for p in c.files():
            assert c.golden(p)["tables"], p


@pytest.mark.parametrize("corpus,path", CASES)
def test_converts_like_its_twin(corpus: Corpus, path: Path) -> None:
    reason = corpus.skip(path)
    if reason:
        pytest.skip(reason)
    golden = corpus.golden(path)
    out = converted(path)
    assert out["source"]["format"] == corpus.format
    assert diff_meta(out, golden, keys=corpus.meta) == []
    problems = diff_tables(out, golden)
    if corpus.ocr:  # a value read from pixels is right, or null with a warning naming it
        warned = {w["where"] for w in out["warnings"]}
        flat = flatten(out["tables"])
        problems = [p for p in problems if not (flat.get(p.split(":")[0]) is None and p.split(":")[0] in warned)]
        assert out["ocr"]["pages"] >= 1 and out["ocr"]["values"] >= 20  # (seed 002's tables are mostly blank)
    assert not problems, f"{len(problems)} values differ:\n" + "\n".join(problems)
    assert len(flatten(golden["tables"])) >= corpus.min_values
    parts = ("number", "heading") if corpus.headings else ("number",)
    assert [[s[k] for k in parts] for s in out["sections"]] == [[s[k] for k in parts] for s in golden["sections"]]


@pytest.mark.parametrize("corpus,path", CASES)
def test_every_number_has_provenance_and_follows_the_schema(corpus: Corpus, path: Path) -> None:
    reason = corpus.skip(path)
    if reason:
        pytest.skip(reason)
    out = converted(path)
    jsonschema.validate(out, load_schema())
    missing = [p for p, v in flatten(out["tables"]).items() if v is not None and p not in out["provenance"]]
    assert missing == []
    if corpus.ocr:  # a value read from pixels: its confidence and its box on the page image
        cells = [p for p in out["provenance"].values() if p.get("how") == "ocr"]
        assert len(cells) >= 20
        for p in cells:
            assert p["page"] >= 1 and 0 < p["confidence"] <= 1
            x0, top, x1, bottom = p["pixel_box"]
            assert 0 <= x0 < x1 and 0 <= top < bottom
    if corpus.format == "pdf":  # a PDF value names its page and its box on the page
        cells = [p for p in out["provenance"].values() if p.get("how") == "cell"]
        assert cells
        for p in cells:
            assert p["page"] >= 1
            x0, top, x1, bottom = p["box"]
            assert 0 <= x0 <= x1 and 0 <= top <= bottom


PINNED_CASES = [c for c in CASES if not c.values[0].ocr]  # (a value read from pixels may warn on one machine only)
_PINNED: dict[Path, dict[str, Any]] = {}


@pytest.mark.parametrize("corpus,path", PINNED_CASES)
def test_pins_its_warnings_failing_checks_and_parts(corpus: Corpus, path: Path, update_goldens: bool) -> None:
    """What the values do not show: each file's warnings (code, where), failing
    checks and parts found, as its folder's pinned.json holds them (read by a
    person; ``--update-goldens`` rewrites them and prints the diff)."""
    reason = corpus.skip(path)
    if reason:
        pytest.skip(reason)
    actual = pinned_parts(converted(path), path)
    if update_goldens:
        record_pinned(path.parent, path.name, actual)
        return
    if path.parent not in _PINNED:
        _PINNED[path.parent] = load_pinned(path.parent)
    pinned = _PINNED[path.parent].get(path.name)
    assert pinned is not None, (f"corpus/{path.parent.name}/{PINNED} pins nothing for {path.name}: run "
                                "`pytest tests/test_corpus.py --update-goldens` and read the diff")
    problems = diff_pinned(actual, pinned)
    assert not problems, (f"{path.parent.name}/{path.name} differs from its pinned parts "
                          "(if the change is right, --update-goldens):\n" + "\n".join(problems))


@pytest.mark.parametrize("path", CORPORA[0].files(), ids=lambda p: p.stem[:3])
def test_seed_golden_follows_the_schema(path: Path) -> None:
    schema = load_schema()
    golden = CORPORA[0].golden(path)
    for table, value in golden["tables"].items():
        jsonschema.validate(value, schema["properties"]["tables"]["properties"][table])


# -- seeds ----------------------------------------------------------------------


def test_seed_004_provenance_and_a_lost_cell_settled_by_arithmetic() -> None:
    rep = gxconvert.convert(SEEDS / "004_6a33f86162c8aeae.txt")
    prov = rep.provenance["applications.new_received.total"]
    assert prov.raw == "3" and prov.loc is not None and prov.loc.line == 112
    # the lost cell of row （一）予以公开 is settled by arithmetic, and says so
    assert rep.value("applications.granted.natural_person") == 2
    assert rep.value("applications.granted.total") == 2
    assert any(w.code == "row_placed_by_arithmetic" and "granted" in w.message for w in rep.warnings)


def test_seed_002_blank_cells_are_null_not_zero() -> None:
    rep = gxconvert.convert(SEEDS / "002_808b9c10c0982807.txt")
    assert rep.value("applications.new_received.natural_person") == 4
    assert rep.value("applications.new_received.total") is None
    assert rep.meta.published == "2022-01-24"
    # the blank total column makes the row totals fail: reported, not raised
    failed = {(c.rule, c.where) for c in rep.checks if not c.ok}
    assert ("applications.row_total", "applications.new_received") in failed


def test_seed_003_variant_characters_and_typos() -> None:
    rep = gxconvert.convert(SEEDS / "003_03381b20af5bb87f.txt")
    # 釆购 (variant) still finds the procurement row; 第（0八）项 still finds fees
    assert rep.value("active_disclosure.fees.prev_items") == 1127
    assert rep.value("active_disclosure.procurement.projects") == 0
    assert rep.value("applications.other.natural_person") is None
    assert rep.meta.published == "2021-01-28"
    # the title's 米林县卫健委 and the signature's 米林县卫生健康委员会 are one body (卫健委 is its short form):
    # one pairing key, no mismatch
    assert rep.meta.agency_key == "米林县卫生健康委员会"
    assert not any(w.code == "agency_mismatch" for w in rep.warnings)


# -- html -----------------------------------------------------------------------

HTML = CORPUS / "html"


def expected(page: str) -> dict[str, Any]:
    """The golden values of a page of corpus/html (its twin's, with its own merged over)."""
    return CORPORA[1].golden(HTML / page)


def test_published_date_from_page_when_report_has_none() -> None:
    # 000 prints no date; its CMS page's 发布日期 line is used
    assert converted(HTML / "000_cms.html")["meta"]["published"] == "2021-02-03"
    # 003 signs 2021年1月28日; its CMS page says 发布日期 2021-02-01: the report's own date wins
    assert converted(HTML / "003_cms.html")["meta"]["published"] == "2021-01-28"


def test_gbk_page_equals_utf8_page() -> None:
    a, b = converted(HTML / "003_cms.html"), converted(HTML / "003_cms_gbk.html")
    assert a["tables"] == b["tables"] and a["meta"] == b["meta"]
    doc = HtmlReader().read((HTML / "003_cms_gbk.html").read_bytes(), ReadContext())
    assert doc.metadata["encoding"] == "gb18030"
    assert any(c.text == "釆购项目数量" for t in doc.tables() for c in t.cells)


def test_cms_page_value_cell_spans_two_grid_columns() -> None:
    """Table 三 of the CMS pages is misaligned on purpose: row 一's 自然人
    value is one cell over two grid columns, one of them under the label
    header.  The matcher must place it by grid overlap."""
    doc = HtmlReader().read((HTML / "002_cms.html").read_bytes(), ReadContext())
    t = next(t for t in doc.tables() if any("本年新收" in c.text for c in t.cells))
    label = next(c for c in t.cells if "本年新收" in c.text)
    value = next(c for c in t.cells if c.row == label.row and c.col == label.last_col + 1)
    natural = next(c for c in t.cells if c.text == "自然人")
    assert value.colspan == 2 and value.text.strip() == "4"
    assert natural.colspan == 1 and natural.col == value.last_col  # overlap, not same start
    assert converted(HTML / "002_cms.html")["tables"]["applications"]["new_received"]["natural_person"] == 4


def test_word_export_reads_like_the_document() -> None:
    doc = HtmlReader().read((HTML / "000_word.html").read_bytes(), ReadContext())
    texts = [p.text for p in doc.paragraphs()]
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    # supportLists numbering kept (its &nbsp; padding becomes spaces, as shown)
    assert any(t.startswith("1、") and t[2:].lstrip().startswith("拓展政府信息公开形式") for t in texts)
    assert not any("DocumentProperties" in t or "mso-" in t for t in texts)
    assert [w.code for w in doc.warnings] == ["image_in_body"]
    headings = {p.text: p.heading_level for p in doc.paragraphs()}
    assert headings["二、主动公开政府信息情况"] == 2


def test_traditional_page_keeps_its_own_text() -> None:
    r = converted(HTML / "002_cms_traditional.html")
    assert r["meta"]["agency"] == "溫嶺市衛生健康局"
    assert any("總體情況" in s["heading"] for s in r["sections"])
    # every part is found, 四、政府信息公開行政複議… included (traditional 複/議/訟)
    assert [s["number"] for s in r["sections"]] == [1, 2, 3, 4, 5, 6]
    assert r["sections"][3]["heading"].startswith("四、政府信息公開行政複議")


# -- docx -----------------------------------------------------------------------

DOCX = CORPUS / "docx"


def test_list_numbered_headings_are_rendered_and_recognised() -> None:
    out = converted(DOCX / "001-numbered.docx")
    assert [s["heading"] for s in out["sections"]] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_placeholder_content_controls_are_blank_not_text() -> None:
    rep = gxconvert.convert(DOCX / "001-numbered.docx")
    assert rep.value("applications.other.unpaid_fee.natural_person") is None
    assert rep.value("applications.other.other.total") is None
    assert rep.value("active.penalty.decisions") == 64  # a value inside a cell-level content control


def test_tracked_changes_and_fields_in_the_messy_variant() -> None:
    rep = gxconvert.convert(DOCX / "000-messy.docx")
    assert rep.value("active.penalty.decisions") == 96  # '69' deleted, '96' inserted
    assert rep.value("applications.carried_over.natural_person") == 0  # the deleted row of 9s is gone
    assert rep.value("applications.new_received.total") == 0  # a =SUM field's result
    assert rep.value("active.procurement.amount_yuan") == 284400.0  # '28.44' + '万元' in two runs


def test_provenance_points_at_the_word_table_cell() -> None:
    rep = gxconvert.convert(DOCX / "004.docx")
    prov = rep.provenance["applications.unable.not_held.total"]
    assert prov.raw == "1" and prov.cell is not None and prov.table is not None
    doc = DocxReader().read((DOCX / "004.docx").read_bytes(), ReadContext(path="004.docx"))
    table = list(doc.tables())[prov.table]
    cell = table.grid()[prov.cell[0]][prov.cell[1]]
    assert cell is not None and cell.text == "1" and cell.col == 9


def test_split_table_three_reads_as_two_adjacent_word_tables() -> None:
    doc = DocxReader().read((DOCX / "003-split.docx").read_bytes(), ReadContext(path="003-split.docx"))
    kinds = [type(b).__name__ for b in doc.blocks]
    i = next(k for k, b in enumerate(doc.blocks)
             if getattr(b, "text", "").strip().startswith("四、政府信息公开行政复议"))
    assert kinds[i - 3:i] == ["Paragraph", "Table", "Table"]  # 三's two halves, nothing between them
    assert not doc.warnings


def test_word97_doc_converted_through_libreoffice() -> None:
    require_soffice()
    rep = gxconvert.convert(DOCX / "004.doc")
    assert "docx.converted_from_doc" in {w.code for w in rep.warnings}
    assert rep.value("active.procurement.amount_yuan") == 4192613.35


# -- pdf ------------------------------------------------------------------------


def test_rotated_page_converts_like_the_landscape_original() -> None:
    """corpus/pdf/rotated.pdf is the landscape page of 003_landscape (table 三
    part 1) stored on a portrait page with /Rotate 90."""
    from gxconvert.readers.pdf import PdfReader

    reader = PdfReader()
    rotated = reader.read((CORPUS / "pdf" / "rotated.pdf").read_bytes(), ReadContext())
    original = reader.read((CORPUS / "pdf" / "003_landscape.pdf").read_bytes(), ReadContext())
    t_rot = next(rotated.tables())
    assert t_rot.loc is not None and t_rot.loc.page == 1
    t_orig = next(t for t in original.tables() if t.n_cols == t_rot.n_cols and "申请人情况" in
                  "".join(c.text for c in t.cells))
    rows_rot = [[c.text for c in r] for r in t_rot.rows()]
    rows_orig = [[c.text for c in r] for r in t_orig.rows()][: len(rows_rot) - 1]
    assert rows_rot[: len(rows_orig)] == rows_orig


def test_cell_box_survives_the_json_round_trip() -> None:
    from gxconvert.model import Report

    d = converted(CORPUS / "pdf_rulings" / "000_filled.pdf")
    again = Report.from_dict(d).to_dict(provenance=True)
    assert again == d
    box = d["provenance"]["active_disclosure.regulations.made"]["box"]
    assert len(box) == 4 and box[0] < box[2] and box[1] < box[3]
