"""Borderless Word/LibreOffice tables with blank cells instead of zeros
(corpus/pdf_wrapped, built by build_wrapped.py from python-docx documents
printed by LibreOffice).

A blank value cell is null with its raw text (empty) and its place on the
page in the provenance: not 0, and the values after it stay in their
columns (no shifted row).  The whole corpus is checked against the goldens by
tests/test_corpus.py; these name what was seen on the pages by eye."""

from __future__ import annotations

from pathlib import Path

import pytest

import gxconvert

WRAPPED = Path(__file__).resolve().parent.parent / "corpus" / "pdf_wrapped"


@pytest.fixture(scope="module")
def blank004() -> dict:
    return gxconvert.convert(WRAPPED / "004_blank.pdf").to_dict(provenance=True)


def test_a_blank_cell_is_null_with_its_empty_raw_text(blank004: dict) -> None:
    # page 5, table 三's first row: 3, six blank cells, 3 (2019 form)
    row = blank004["tables"]["applications"]["new_received"]
    assert row == {"natural_person": 3, "commercial_enterprise": None, "research_institution": None,
                   "public_interest_org": None, "legal_service_org": None, "other_org": None, "total": 3}
    prov = blank004["provenance"]
    blank = prov["applications.new_received.commercial_enterprise"]
    assert blank["raw"] == "" and blank["page"] == 5 and blank["how"] == "cell"
    x0, top, x1, bottom = blank["box"]
    total = prov["applications.new_received.total"]
    assert total["raw"] == "3" and x1 < total["box"][0]  # the blank sits left of the total: nothing shifted
    assert abs((top + bottom) / 2 - (total["box"][1] + total["box"][3]) / 2) < 3  # on the row's band


def test_a_blank_in_table_two_is_null_beside_its_number(blank004: dict) -> None:
    # 行政事业性收费: 上一年项目数量 1, 本年增/减 blank
    assert blank004["tables"]["active_disclosure"]["fees"] == {"prev_items": 1, "change": None}
    assert blank004["provenance"]["active_disclosure.fees.change"]["raw"] == ""


def test_one_value_column_over_a_page_break() -> None:
    # seed 002: only 自然人 holds numbers; table 三 runs on to page 4, whose
    # rows hold a label wrapped over two lines and the value between them
    d = gxconvert.convert(WRAPPED / "002_centred.pdf").to_dict(provenance=True)
    apps = d["tables"]["applications"]
    assert apps["denied"]["internal_affairs"]["natural_person"] == 1
    assert apps["denied"]["third_party"]["natural_person"] == 0
    assert apps["total_processed"]["natural_person"] == 4
    assert apps["denied"]["internal_affairs"]["commercial_enterprise"] is None
    assert d["provenance"]["applications.denied.internal_affairs.natural_person"]["page"] == 4
    assert d["warnings"] == []


def test_a_value_centred_over_two_columns() -> None:
    # 2019 form, table 二: 采购总金额 centred in a cell over two grid columns
    d = gxconvert.convert(WRAPPED / "004_centred2.pdf").to_dict()
    assert d["tables"]["active_disclosure"]["procurement"] == {"projects": 7, "amount_yuan": 4192613.35}
