"""The matcher's fast lanes (issue 23, fifth pass) give what the slow ones give.

* a grid table whose every row was read one way by column overlap is settled
  as read, without readings, slots or the solver: the same values and
  provenance (in the same order) as through ``solve``;
* the events keep each grid table's first row holding a number, the column
  map's start of the data: the row the cells themselves give;
* a row's labels and form row are decided once per texts and context
  (``LabelMatcher.read_row``), as ``row_labels`` then ``match`` decide them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gxconvert.matcher.events import LRow, build_events
from gxconvert.matcher.meta import detect_template
from gxconvert.matcher.solver import Budget
from gxconvert.matcher.tables import LabelMatcher, TableResult, _gather_rows, _Positional, _settle_grid
from gxconvert.readers import read_document, sniff
from gxconvert.values import looks_numeric

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = ["docx/000.docx", "html/001_cms.html", "site/002_cms_traditional.site.html", "docx/002-grid.docx",
         "pdf/000_ruled_split.pdf", "html_misaligned/001_cms_someshifted.html"]


def _events(name: str):  # type: ignore[no-untyped-def]
    data = (CORPUS / name).read_bytes()
    doc = read_document(data, name, sniff(data, name))
    ev = build_events(doc)
    template, _ = detect_template(ev, None)
    return ev, template


def _settled(ev, template, readings: bool) -> TableResult:  # type: ignore[no-untyped-def]
    res = TableResult()
    for spec in template.tables.values():
        res.values[spec.key] = {}
    got = _gather_rows(ev.items, template, res, ev.first_numbers)
    if readings:  # every row as the solver takes it
        for rows in got.grid_rows.values():
            for k, r in rows.items():
                if isinstance(r, _Positional):
                    rows[k] = [r.reading()]
    for spec in template.of_layout("grid"):
        _settle_grid(template, spec, res, got, Budget(20000))
    return res


@pytest.mark.parametrize("name", FILES)
def test_a_grid_settled_as_read_is_what_the_solver_gives(name: str) -> None:
    ev, template = _events(name)
    fast, slow = _settled(ev, template, False), _settled(ev, template, True)
    assert fast.values == slow.values and any(v is not None for v in fast.values["applications"].values())
    assert list(fast.provenance.items()) == list(slow.provenance.items())  # the same entries in the same order
    assert [(w.code, w.message) for w in fast.warnings] == [(w.code, w.message) for w in slow.warnings]


def test_a_grid_with_a_row_read_several_ways_goes_to_the_solver() -> None:
    ev, template = _events("docx/000.docx")
    res = TableResult()
    for spec in template.tables.values():
        res.values[spec.key] = {}
    got = _gather_rows(ev.items, template, res, ev.first_numbers)
    rows = got.grid_rows["applications"]
    pos = rows["granted"]
    assert isinstance(pos, _Positional)
    other = pos.reading()
    other.slots["granted.natural_person"] = type(other.slots["granted.total"])(99, None)
    rows["granted"] = [pos.reading(), other]  # a second reading: the arithmetic (the row's total) chooses
    _settle_grid(template, template.tables["applications"], res, got, Budget(20000))
    assert res.values["applications"]["granted.natural_person"] == pos.values["granted.natural_person"]
    assert res.values["applications"]["total_processed.total"] == _settled(ev, template, False).values[
        "applications"]["total_processed.total"]


@pytest.mark.parametrize("name", FILES)
def test_the_first_row_holding_a_number_is_the_cells_own(name: str) -> None:
    ev, _ = _events(name)
    assert ev.first_numbers
    for t, first in ev.first_numbers.items():
        table = ev.tables[t]
        assert first == min([c.row for c in table.cells if looks_numeric(c.text)], default=None)


def test_a_rows_labels_are_decided_once_per_texts_and_context() -> None:
    ev, template = _events("docx/000.docx")
    lm = LabelMatcher(template)
    rows = [it for it in ev.items if isinstance(it, LRow)]
    for ctx in [(None, None), ("denied", "applications"), (None, "active_disclosure")]:
        for row in rows:
            group, keys, flat = lm.row_labels(row.labels, row.has_number)
            g = group or ctx[0]
            t = flat if flat is not None else ctx[1]
            want = (g, t, keys, lm.match(row, g, t))
            assert lm.read_row(row, *ctx) == want
            assert lm.read_row(row, *ctx) is lm.read_row(row, *ctx)  # from the memo
