"""The review page from the command line: ``convert FILE --html OUT`` and
``gxconvert review DATASET -o OUT`` on a dataset written by the batch sink
itself (the browser tests in test_review.py use a hand-made fixture)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import lxml.html
import pytest

from gxconvert.cli import main
from gxconvert.model import flatten

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))


def _golden(seed: Path) -> dict[str, object]:
    golden = json.loads(seed.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return {f"{table}.{p}": v for table, tree in golden["tables"].items() for p, v in flatten(tree).items()}


def _shown(cell: lxml.html.HtmlElement) -> object:
    text = cell.text_content().strip()
    if text in ("", "—", "/", "-"):
        return None
    return float(text.replace(",", "")) if "." in text else int(text.replace(",", ""))


def test_convert_html_writes_the_review_page_of_one_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = SEEDS[1]
    out = tmp_path / "page.html"
    assert main([str(seed), "--html", str(out)], prog="convert") == 0
    report = json.loads(capsys.readouterr().out)  # the JSON still goes to standard output
    assert report["meta"]["agency"]
    page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    cells = {c.get("data-path"): c for c in page.xpath("//*[@data-path]")}
    golden = _golden(seed)
    assert set(cells) == set(golden)
    for path, value in golden.items():
        assert _shown(cells[path]) == value, path


def test_html_with_several_inputs_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(SEEDS[0]), str(SEEDS[1]), "--html", str(tmp_path / "x.html")], prog="convert")
    assert exc.value.code == 2


def test_review_of_a_batch_dataset_lists_every_report(tmp_path: Path) -> None:
    db = tmp_path / "reports.sqlite"
    assert main([*map(str, SEEDS), "-o", str(db), "-j", "1", "-q"], prog="convert") == 0
    index = tmp_path / "index.html"
    assert main(["review", str(db), "-o", str(index)], prog="gxconvert") == 0
    page = lxml.html.fromstring(index.read_text(encoding="utf-8"))
    rows = page.xpath("//table[@id='reports']/tbody/tr")
    with sqlite3.connect(db) as con:
        stored = dict(con.execute("SELECT path, agency FROM reports"))
    assert len(rows) == len(SEEDS) == len(stored)
    agencies = sorted(r.xpath("td")[0].text_content() for r in rows)
    assert agencies == sorted(json.loads(s.with_suffix(".expected.json").read_text(encoding="utf-8"))["meta"]["agency"]
                              for s in SEEDS)
    for link in page.xpath("//table[@id='reports']//a/@href"):
        assert (index.parent / link).is_file()
