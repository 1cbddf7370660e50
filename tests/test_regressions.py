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
