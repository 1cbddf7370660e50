"""The catalogue (gxconvert/catalogue.py) holds every warning code, how
value, source format and failure kind gxconvert emits, each with a meaning;
the schema and the README list them."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from gxconvert import catalogue, convert
from gxconvert.batch import FAILURE_KINDS
from gxconvert.errors import ConversionError
from gxconvert.schema import build_schema

ROOT = Path(__file__).resolve().parent.parent
#: OCR takes seconds a page: of the scans and screenshots, one photographed page and one mixed PDF
OCR_SAMPLES = {"table_page.jpg", "001_cms_plain_mixed.pdf"}
CORPUS_FILES = sorted(p for p in (ROOT / "corpus").rglob("*")
                      if p.is_file() and p.suffix not in (".py", ".json", ".sh")
                      and (p.parent.name not in ("scan", "screenshot") or p.name in OCR_SAMPLES))

VOCABULARIES = [
    (catalogue.WarningCode, catalogue.WARNINGS),
    (catalogue.How, catalogue.HOWS),
    (catalogue.Format, catalogue.FORMATS),
    (catalogue.FailureKind, catalogue.FAILURE_KINDS),
]


@pytest.mark.parametrize("literal,meanings", VOCABULARIES)
def test_every_value_has_a_one_line_meaning(literal: object, meanings: dict[str, str]) -> None:
    assert list(get_args(literal)) == list(meanings)
    assert all(m and "\n" not in m for m in meanings.values())


def test_the_batch_records_the_catalogued_failure_kinds() -> None:
    assert set(FAILURE_KINDS) == set(catalogue.FAILURE_KINDS)


def test_every_code_the_corpus_emits_is_catalogued() -> None:
    """Every file under corpus/ is converted and its report checked against
    the schema, which lists the catalogue (warning codes, how values,
    formats): the corpus harness (test_corpus.py) does it for the reports it
    holds goldens for, this test for every other file (run-together digits,
    one-line pages, saved sites, refused containers …).  Together they emit
    a good share of the catalogue, so the test does look at something."""
    import jsonschema
    from test_corpus import CORPORA

    covered = {p.resolve() for c in CORPORA for p in c.files()}
    rest = [p for p in CORPUS_FILES if p.resolve() not in covered]
    assert len(rest) >= 50 and len(covered) >= 90
    validator = jsonschema.Draft202012Validator(build_schema())
    codes: set[str] = set()
    hows: set[str] = set()
    for path in rest:
        try:
            report = convert(path)
        except ConversionError:
            continue
        validator.validate(report.to_dict(provenance=True))
        codes |= {w.code for w in report.warnings}
        hows |= {p.how for p in report.provenance.values()} | {p.how for p in report.meta_provenance.values()}
    assert codes - set(catalogue.WARNINGS) == set()
    assert hows - set(catalogue.HOWS) == set()
    assert len(codes) >= 10 and hows


def test_the_schema_lists_the_catalogue() -> None:
    props = build_schema()["properties"]
    code = props["warnings"]["items"]["properties"]["code"]["anyOf"]
    assert {c["const"]: c["description"] for c in code} == catalogue.WARNINGS
    assert [c["const"] for c in props["source"]["properties"]["format"]["anyOf"]] == list(catalogue.FORMATS)
    how = props["provenance"]["additionalProperties"]["properties"]["how"]["anyOf"]
    assert [c["const"] for c in how] == list(catalogue.HOWS)


def test_the_readme_lists_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for meanings in (catalogue.WARNINGS, catalogue.HOWS, catalogue.FAILURE_KINDS):
        missing = [k for k in meanings if f"`{k}`" not in readme]
        assert missing == []
