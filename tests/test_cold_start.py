"""Cold start: what a one-file ``convert`` loads, and the fast paths that
must give what the slow ones gave."""

from __future__ import annotations

import ast
import csv
import subprocess
import sys
from pathlib import Path

from gxconvert.matcher.identity import region
from gxconvert.normalize import squash, squash_all

ROOT = Path(__file__).resolve().parent.parent


def test_squash_all_is_squash_of_each() -> None:
    texts = ["山东省", "ＡＢＣ　局", " 淄博 市\t", "臺灣", "①号", "ﬁle", "", "e\u0301", "\u200b北京\ufeff", "a\nb"]
    assert squash_all(texts) == [squash(t) for t in texts]
    assert squash_all(texts[:-1]) == [squash(t) for t in texts[:-1]]  # the one-pass path (no line breaks)
    assert squash_all(["ＡＢＣ　局"]) == ["ABC局"]


def test_region_table_reads_as_the_csv_module_reads_it() -> None:
    """The division table, read line by line, is the one ``csv.DictReader``
    gives; a name's stem is the longest level word that leaves two characters."""
    path = region._data_file()
    assert path is not None
    expected: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if len(row["adcode"]) == 12 and row["adcode"].endswith("000000"):
                expected[row["adcode"][:6]] = squash(row["name"])
    d = region.divisions()
    assert d is not None and d.names == expected and len(expected) > 3000
    assert d.names["370303"] == "张店区"
    assert [region.stem(n) for n in ("新疆维吾尔自治区", "香港特别行政区", "大兴安岭地区", "高青县", "新区", "区",
                                      "米林县", "延边朝鲜族自治州", "山东")] == \
        ["新疆", "香港", "大兴安岭", "高青", "新区", "区", "米林", "延边朝鲜族", "山东"]


def test_a_text_convert_loads_no_other_reader_nor_the_batch_outputs() -> None:
    """``convert FILE.txt`` (one file, JSON to standard output; converted in
    this process here, so the reading is seen too) imports no
    PDF, HTML, image or Word reader, no SQLite, no dataset writer, no review
    code (what a run loads is what it uses)."""
    bad = ("gxconvert.readers.pdf", "gxconvert.readers.html", "gxconvert.readers.image", "gxconvert.readers.docx",
           "gxconvert.review", "sqlite3", "gxconvert.dataset.sqlite", "gxconvert.dataset.sql",
           "gxconvert.dataset.parquet", "gxconvert.dataset.xlsx", "gxconvert.dask")
    assert _loaded_by_convert(["-j", "0"], bad) == []  # -j 0: in this process, the triage and reading too


def test_the_pool_loads_the_shared_tables_once_before_it_forks(monkeypatch) -> None:
    """A real conversion run preloads the forms and the division table in
    the parent (a forked worker starts with them); a run with an injected
    converter (tests, benchmarks) does not."""
    from gxconvert import api, templates
    from gxconvert.batch import convert_many

    calls: list[int] = []
    real = api.preload

    def counted() -> None:
        calls.append(1)
        real()

    monkeypatch.setattr(api, "preload", counted)
    seed = ROOT / "corpus" / "seeds" / "001_4ad21a775c00ab02.txt"
    results = list(convert_many([seed, seed], jobs=1, timeout=120))
    assert [r.ok for r in results] == [True, True] and calls == [1]
    assert region.divisions.cache_info().currsize == 1 and templates.templates.cache_info().currsize == 1
    assert [r.ok for r in convert_many([seed], jobs=1, converter=lambda src, **kw: api.convert(src))] == [True]
    assert calls == [1]


def test_a_one_file_convert_parent_imports_no_multiprocessing_sockets_or_subprocess() -> None:
    """The parent of ``convert FILE`` (its worker forked by
    gxconvert.batch.process) loads none of multiprocessing's imports, and
    ctypes only in the worker."""
    assert _loaded_by_convert([], ("multiprocessing", "socket", "subprocess", "tempfile", "ctypes")) == []


def _loaded_by_convert(options: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of ``prefixes`` that ``convert [options] SEED`` left loaded in its
    (parent) process, run in a fresh interpreter; the report must have been written."""
    code = (  # printed by an exit handler: the command leaves by os._exit once they have run
        "import atexit, sys, runpy\n"
        "sys.argv = ['convert', *sys.argv[2:], sys.argv[1]]\n"
        f"atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith({prefixes!r})), "
        "file=sys.stderr))\n"
        "runpy.run_module('gxconvert', run_name='__main__')\n"
    )
    seed = ROOT / "corpus" / "seeds" / "001_4ad21a775c00ab02.txt"
    out = subprocess.run([sys.executable, "-c", code, str(seed), *options], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert '"template"' in out.stdout
    return ast.literal_eval(out.stderr.strip().splitlines()[-1])
