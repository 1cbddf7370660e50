"""Table 二 typed as text lines, a dash moved over every column of every row.

corpus/pdf_dash/sweep/ (built by ``corpus/pdf_dash/build_dash.py --sweep``
through LibreOffice) holds, per form (2019, 2021) and layout (``tabs``:
columns set by tab stops; ``letters``: the same with letter-spaced headers and
value rows, the digits of ``4422`` as far apart as words), three files; in
file ``k`` value row ``r`` has its dash in column ``(r + k) % 3``.  Over the
three files each value of the table is a dash once.  The values are multi-digit
(``190``, ``221667``), with a decrease (``-4``) and increases (``+25``).

Each file must read exactly as typed: a dash is an empty cell in its own
column (null, its raw text the dash), the numbers beside it keep their
columns and their digits.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import CORPUS, flatten

import gxconvert

SWEEP = CORPUS / "pdf_dash" / "sweep"
FILES = sorted(SWEEP.glob("*.pdf"))
DASHES = {"-", "/", "—"}


def _expected(pdf: Path) -> dict[str, object]:
    return flatten(json.loads(pdf.with_suffix(".expected.json").read_text("utf-8"))["tables"])


def test_the_sweep_puts_a_dash_on_every_value() -> None:
    assert len(FILES) == 12
    for form in ("2019", "2021"):
        for layout in ("tabs", "letters"):
            files = sorted(SWEEP.glob(f"{form}_{layout}_*.pdf"))
            assert len(files) == 3
            expected = [_expected(p) for p in files]
            paths = set(expected[0])
            assert len(paths) == (22 if form == "2019" else 10)
            # every value is a dash in some file, and a number in another (a 1-value row: once a dash)
            assert {p for p in paths if any(e[p] is None for e in expected)} == paths
            assert {p for p in paths if all(e[p] is not None for e in expected)} == set()


@pytest.mark.parametrize("pdf", FILES, ids=lambda p: p.stem)
def test_a_dash_anywhere_is_an_empty_cell_in_its_column(pdf: Path) -> None:
    out = gxconvert.convert(pdf).to_dict(provenance=True)
    got = flatten(out["tables"])
    expected = _expected(pdf)
    wrong = {p: (got.get(p), v) for p, v in expected.items() if got.get(p) != v}
    assert wrong == {}
    for p, v in expected.items():
        prov = out["provenance"].get(p)
        if v is None:  # the dash itself is the cell read, in the value's own place
            assert prov is not None and prov["raw"].strip() in DASHES, (p, prov)
        else:
            assert prov is not None and prov["page"] == 1
    assert not [w for w in out["warnings"] if w["where"].startswith("active_disclosure")]
