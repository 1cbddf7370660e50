"""One test per fixed bug, named by what broke (pdfplumber's habit)."""

from __future__ import annotations

from pathlib import Path

import gxconvert
from gxconvert.readers.base import ReadContext

HERE = Path(__file__).resolve().parent / "regressions"


def test_solver_search_bounded_when_every_leaf_is_expensive() -> None:
    """A fuzzed CMS page (fuzz seed 99, HTML mutant 653: a dropped tag makes
    table 三 a flood of ambiguous rows) sent the arithmetic solver through
    7,000+ leaves of ~5 ms each: over 100 s for one file.  Leaves now weigh
    LEAF_WEIGHT nodes, so the search is cut off and says so."""
    report = gxconvert.convert(HERE / "solver_leaf_flood.html")
    bounded = [w for w in report.warnings if w.code == "search_bounded"]
    assert bounded and bounded[0].where == "applications"


def test_a_count_of_cases_written_with_qi_is_read() -> None:
    """``3起`` (three cases, table 四's unit) was unreadable in a grid cell
    while the run-together digits cutter read it: the readers and the cutter
    had different unit lists.  One list now (values.UNITS)."""
    from gxconvert.values import COUNT_UNITS, parse_number, to_count

    assert "起" in COUNT_UNITS
    assert to_count(parse_number("3起")) == 3
    assert to_count(parse_number(" 12 件")) == 12


def test_group_label_folded_into_its_first_row_sets_the_group_for_its_siblings() -> None:
    """A borderless PDF table whose wrapped label column folds （六）其他处理
    into the label of its first row: the later row '3．其他' alone was
    ambiguous (unmatched_row, value null).  A matched row of a group now
    sets the group context for its siblings."""
    report = gxconvert.convert(HERE.parent.parent / "corpus" / "pdf_wrapped" / "002_wrapped.pdf")
    assert report.value("applications.other.other.natural_person") == 0
    assert not [w for w in report.warnings if w.code in ("unmatched_row", "row_not_found")]


def test_a_pdf_pages_glyphs_are_freed_without_the_cycle_collector() -> None:
    """The PDF reader pauses the cycle collector; the page-object walk was a
    recursive closure (a reference cycle holding the page and all its
    glyphs), so a 300-page PDF grew to 200 MB before anything was freed."""
    import gc

    from gxconvert.readers.pdf import PdfReader
    from gxconvert.readers.pdf._layout import Ch, Line

    data = (Path(__file__).resolve().parent.parent / "corpus" / "pdf" / "000_ruled_split.pdf").read_bytes()
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        PdfReader().read(data, ReadContext(path="x.pdf"))
        gc.collect()
        leaked = [o for o in gc.garbage if isinstance(o, (Ch, Line))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    assert leaked == []


def test_table_4_cells_gathered_from_two_tables_name_their_own_table() -> None:
    """A fuzzed CMS page (issue 25's fuzz, seed 1, HTML mutant 5: a span from
    table 二 into table 三 repeated, so table 四's value cells are gathered from
    rows of two tables): every review value's provenance named the first
    row's table, pointing at a label cell ('行政規範性文件') of another table.
    Each gathered cell now keeps its own table."""
    from gxconvert.readers import read_document

    data = (HERE / "review_cells_of_two_tables.html").read_bytes()
    report = gxconvert.convert(data, path="x.html")
    tables = list(read_document(data, "x.html").tables())
    review = {p: pv for p, pv in report.provenance.items() if p.startswith("review_litigation.")}
    assert len(review) == 15 and {pv.table for pv in review.values()} == {6}
    for p, pv in review.items():
        cell = tables[pv.table].grid()[pv.cell[0]][pv.cell[1]]
        assert (cell.text, cell.loc) == (pv.raw, pv.loc), p


def test_a_pdf_cut_before_its_tables_is_a_damaged_file_not_a_report_of_nulls() -> None:
    """A browser-printed report cut at 30 % of its bytes kept its first pages
    (site chrome, the opening parts) and lost every table: it was called 'not
    a report', and a cut that kept the title gave a report of nulls.  A cut-off
    document none of whose tables survive is a damaged file (`corrupt`)."""
    import pytest

    from gxconvert.errors import CorruptDocumentError

    data = (Path(__file__).resolve().parent.parent / "corpus/pdf_browser/001_cms_plain.pdf").read_bytes()
    for frac in (0.2, 0.3):
        with pytest.raises(CorruptDocumentError) as err:
            gxconvert.convert(data[: int(len(data) * frac)], path="cut.pdf")
        assert str(err.value).startswith("cut.pdf: the document is cut off (")
        assert str(err.value).endswith("none of the report tables survive the cut (a truncated download?)")
    half = gxconvert.convert(data[: len(data) // 2], path="half.pdf")  # its tables survive: a report, warned
    assert "truncated" in [w.code for w in half.warnings]
    assert half.value("applications.new_received.total") is not None


def test_a_page_number_right_after_a_word_dump_table_is_not_its_last_cell() -> None:
    """A Word dump (every cell a tab-led line) with the page number ``- 7 -``
    right after table 四's last cell: the line was taken as that cell's second
    line ('2\\n- 7 -'), the row no longer read and table 四 was `table_not_found`.
    A line continues a cell only when the table goes on after it, and never a
    number's cell or as a page number (corpus/stray holds the class)."""
    report = gxconvert.convert(HERE / "word_dump_page_number_after_table.txt")
    assert [report.value(f"review_litigation.{r}.total") for r in
            ("review", "litigation_direct", "litigation_after_review")] == [3, 2, 2]
    assert report.value("review_litigation.litigation_direct.pending") == 1
    assert report.value("review_litigation.litigation_after_review.corrected") == 1
    assert not [w for w in report.warnings if w.where and w.where.startswith("review_litigation")]


def test_a_line_of_a_tab_between_spaces_after_a_table_ends_it() -> None:
    """A line holding only ' \\t ' after a Word-dump table looked like a
    tab-separated row to the text reader, which then read no row from it (the
    line is blank) and started again on the same line: an endless loop of empty
    tables until memory ran out.  Converted in a worker with a clock."""
    (result,) = gxconvert.convert_many([HERE / "text_line_of_a_tab_between_spaces.txt"], jobs=1, timeout=30)
    assert result.ok, (result.kind, result.message)
    assert result.report.value("review_litigation.review.total") == 3
    assert result.report.value("review_litigation.litigation_after_review.upheld") == 1


def test_forms_reloaded_from_another_folder_reach_the_review_layout_and_the_dataset_columns(tmp_path: Path) -> None:
    """The review page's tables and the dataset's value columns were cached
    by form id for the life of the process: after ``templates.load(folder)``
    whose form 2021 adds a row, the page still drew the old form and the
    dataset had no column for the row.  Caches built from a form are now
    keyed by the load generation too (``templates.generation()``)."""
    import json
    import shutil
    from importlib import resources

    from gxconvert import templates
    from gxconvert.dataset.columns import value_paths
    from gxconvert.review.layout import form_tables

    def slots() -> set[str]:
        return {s.path for ft in form_tables(templates.get("2021")) for s in ft.slots()}

    assert "active_disclosure.adjudication.decisions" not in slots() | set(value_paths())  # warm the caches
    src = Path(str(resources.files("gxconvert.templates")))
    for f in src.glob("*.json"):
        shutil.copy(f, tmp_path / f.name)
    form = json.loads((src / "form2021.json").read_text("utf-8"))
    form["active_disclosure"]["rows"].append({"key": "adjudication", "labels": ["行政裁决"], "columns": ["decisions"]})
    (tmp_path / "form2021.json").write_text(json.dumps(form, ensure_ascii=False), "utf-8")
    try:
        templates.load(tmp_path)
        assert "active_disclosure.adjudication.decisions" in slots()
        assert "active_disclosure.adjudication.decisions" in value_paths()
    finally:
        templates.load(None)
    assert "active_disclosure.adjudication.decisions" not in slots() | set(value_paths())


def test_every_fixture_of_the_regressions_folder_is_read_by_a_test() -> None:
    """One file per fixed bug, named by what broke, and read here."""
    text = Path(__file__).read_text("utf-8")
    assert [p.name for p in sorted(HERE.iterdir()) if p.name not in text] == []


def test_text_below_an_inverted_mediabox_is_left_out_and_named() -> None:
    """A fuzzed PDF (seed 486210177, mutant 9 of corpus/pdf_dash/000_spaces.pdf:
    page 4's MediaBox ``[0 0 595 841]`` became ``[0 99999999 595 841]``)
    gave provenance boxes 99,999,243 pt down a page: PDFium normalises the
    box to y 841..99999999, so every glyph of the page lies outside it and
    no viewer shows them.  Text and ruled tables wholly outside the page are
    left out with ``text_off_page`` naming the page; the rows they held are
    null with ``row_not_found``."""
    intact = gxconvert.convert(HERE.parent.parent / "corpus" / "pdf_dash" / "000_spaces.pdf")
    assert intact.value("applications.carried_over.natural_person") == 0
    assert intact.provenance["applications.carried_over.natural_person"].loc.page == 4
    assert not [w for w in intact.warnings if w.code == "text_off_page"]

    report = gxconvert.convert(HERE / "pdf_mediabox_inverted_text_off_page.pdf")
    off = [w for w in report.warnings if w.code == "text_off_page"]
    assert [w.where for w in off] == ["page 4"]
    assert "2 tables and 47 lines" in off[0].message
    assert report.value("applications.new_received.natural_person") == 0  # page 3: read as before
    assert report.value("applications.carried_over.natural_person") is None
    assert "applications.carried_over" in {w.where for w in report.warnings if w.code == "row_not_found"}
    for pv in report.provenance.values():
        if pv.loc is not None and pv.loc.box is not None:
            x0, top, x1, bottom = pv.loc.box
            assert 0 <= x0 <= x1 <= 14400 and 0 <= top <= bottom <= 14400


def test_a_dask_result_is_waited_for_without_distributeds_timed_wait() -> None:
    """Under load, ``Future.result(timeout=...)`` of distributed 2026.8 could end its timed wait with
    neither a result nor an error and raise UnboundLocalError (distributed/utils.py ``sync``): the file
    was recorded as "crashed: the dask task failed". The executor now waits on the future's own
    done-callback and asks for the result only once it is done."""
    import threading

    from gxconvert.batch.cluster import DaskExecutor
    from gxconvert.batch.worker import Task, WorkerSettings
    from gxconvert.results import Result

    class Future:
        def __init__(self, path: str) -> None:
            self.path = path
            self.timer: threading.Timer | None = None

        def add_done_callback(self, fn):  # ends a little later, from another thread, as on a cluster
            self.timer = threading.Timer(0.3, fn, (self,))
            self.timer.start()

        def result(self, timeout=None):
            if timeout is not None:
                raise UnboundLocalError("cannot access local variable 'result'")
            return Result(path=self.path, sha256="0" * 64)

    class Client:
        def map(self, fn, items, **kw):
            return [Future(t.path) for t in items]

    ex = DaskExecutor(WorkerSettings(max_memory=None), timeout=None, client=Client())
    got = list(ex.run([Task(path="a.txt", index=0), Task(path="b.txt", index=1)]))
    assert [(r.path, r.index, r.kind) for r in got] == [("a.txt", 0, None), ("b.txt", 1, None)]


def test_a_row_warning_names_the_row_of_its_table_not_only_the_tables_line() -> None:
    """A Word table's rows share the table's line: docx/002-grid's 25 ``cell_missing`` warnings all said
    "the row (line 22)". They now name the row and table too (counted from 1; checked against the file:
    table 2's rows 4, 5 and 28 are 一、本年新收, 二、上年结转 and 四、结转下年度继续办理)."""
    from golden import CORPUS

    import gxconvert

    report = gxconvert.convert(CORPUS / "docx" / "002-grid.docx")
    msgs = {w.where: w.message for w in report.warnings if w.code == "cell_missing"}
    assert len(msgs) == 25
    assert "the row (line 22, row 4 of table 2) has no cell" in msgs["applications.new_received"]
    assert "the row (line 22, row 5 of table 2) has no cell" in msgs["applications.carried_over"]
    assert "the row (line 22, row 28 of table 2) has no cell" in msgs["applications.carried_forward"]
