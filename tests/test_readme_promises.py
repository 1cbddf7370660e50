"""README promises that no other test held (issue 25, item 7): re-conversion
when the converter version changes, the default memory cap, CSV/Parquet/XLSX
written to a temporary file and renamed (a run killed mid-write leaves the
old file whole), and ``GXCONVERT_TEMPLATES``.  ``convert_bag``:
tests/test_dask.py; LibreOffice/Chromium failing under CI: tests/realtools.py."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from golden import SEEDS
from realtools import require_soffice

import gxconvert
from gxconvert import convert_many
from gxconvert.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_FILES = sorted(SEEDS.glob("*.txt"))
GiB = 1024 ** 3


# -- re-conversion when the converter version changes ---------------------------------


def test_a_rerun_converts_again_what_an_older_converter_version_stored(tmp_path, capsys, monkeypatch):
    db = tmp_path / "d.sqlite"
    assert main([*map(str, SEED_FILES), "-o", str(db), "--jobs", "0", "-q"]) == 0
    assert main([*map(str, SEED_FILES), "-o", str(db), "--jobs", "0", "-v"]) == 0
    err = capsys.readouterr().err
    assert sum(x.startswith("skip ") for x in err.splitlines()) == len(SEED_FILES)  # same version: skipped
    conn = sqlite3.connect(db)
    before = dict(conn.execute("SELECT path, converted_at FROM reports"))
    conn.close()
    monkeypatch.setattr(gxconvert, "__version__", "99.0.0-test")
    time.sleep(1.1)  # converted_at has whole seconds
    assert main([*map(str, SEED_FILES), "-o", str(db), "--jobs", "0", "-v"]) == 0
    err = capsys.readouterr().err
    assert [x for x in err.splitlines() if x.startswith("skip ")] == []  # another version: all converted again
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT path, converter_version, converted_at FROM reports").fetchall()
    conn.close()
    assert sorted(p for p, _, _ in rows) == sorted(map(str, SEED_FILES))  # replaced, not doubled
    assert {v for _, v, _ in rows} == {"99.0.0-test"}
    assert all(at > before[p] for p, _, at in rows)


# -- the default memory cap ------------------------------------------------------------------


def test_the_default_memory_cap_is_2g_over_the_workers_start(tmp_path):
    """No max_memory given: a conversion that asks for 2.5 GiB more fails alone
    as 'memory'; one that asks for 1.5 GiB more (under the cap) converts, and so
    does the next file.  The memory is asked for with numpy.empty: address
    space only, never touched, so the test uses no real memory."""
    import numpy as np

    over, under = tmp_path / "over.txt", tmp_path / "under.txt"
    shutil.copyfile(SEED_FILES[0], over)
    shutil.copyfile(SEED_FILES[4], under)

    def convert(src, **kwargs):
        name = Path(str(kwargs.get("path") or src)).name
        if name in ("over.txt", "under.txt"):
            reserve = np.empty(5 * GiB // 2 if name == "over.txt" else 3 * GiB // 2, dtype=np.uint8)
            del reserve
        return gxconvert.api.convert(src, **kwargs)

    results = list(convert_many([over, under, SEED_FILES[1]], jobs=1, converter=convert))
    assert [r.kind for r in results] == ["memory", None, None], [r.message for r in results]
    assert results[0].message == f"{over}: out of memory (raise --max-memory)"
    assert results[1].report.value("applications.new_received.total") == 3


# -- temp file, then rename: a run killed mid-write leaves the old file -----------------------

RUNNER = ("import sys; sys.path.insert(0, 'tests'); import batch_corpus, gxconvert.api; "
          "gxconvert.api.convert = batch_corpus.misbehaving_convert; from gxconvert.cli import main; "
          "sys.exit(main(sys.argv[1:], prog='convert'))")


def _old_output(out: Path) -> bytes:
    assert main([str(SEED_FILES[0]), "-o", str(out), "--jobs", "0", "-q"]) == 0
    return out.read_bytes()


def _rows(out: Path) -> list[str]:
    if out.suffix == ".xlsx":
        ws = openpyxl.load_workbook(out)["reports"]
        return sorted(str(r[0].value) for r in ws.iter_rows(min_row=2))
    return sorted(pd.read_csv(out)["path"] if out.suffix == ".csv" else pd.read_parquet(out)["path"])


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_a_run_killed_mid_write_leaves_the_old_file_whole(tmp_path, suffix):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for k in range(3):
        for f in SEED_FILES:
            shutil.copyfile(f, inputs / f"{k}_{f.name}")
    out = tmp_path / f"out{suffix}"
    old = _old_output(out)
    assert _rows(out) == [str(SEED_FILES[0])]
    partial = tmp_path / f".{out.name}.partial"
    env = {**os.environ, "GX_TEST_SLOW": "0.3"}  # 0.3 s a file: 15 files, about 5 s
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, str(inputs), "-o", str(out), "-j", "1", "-q"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not partial.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    time.sleep(1.5)  # a few files converted and (CSV, Parquet) written to the temporary file
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert partial.exists()  # the run was writing to the temporary file ...
    assert out.read_bytes() == old  # ... and the output is the old one, whole
    assert _rows(out) == [str(SEED_FILES[0])]
    # a complete run replaces it
    assert main([str(inputs), "-o", str(out), "--jobs", "0", "-q"]) == 0
    assert _rows(out) == sorted(str(p) for p in inputs.iterdir())
    assert not partial.exists()


# -- GXCONVERT_TEMPLATES: the forms from another folder ----------------------------------------

_ONE = ("import json, sys, gxconvert; r = gxconvert.convert(sys.argv[1]); "
        "print(json.dumps([r.meta.template, r.value('active_disclosure.regulations.issued'), "
        "[w.code for w in r.warnings]]))")


def _convert_in_child(path: Path, templates: Path | None) -> list:
    env = {k: v for k, v in os.environ.items() if k != "GXCONVERT_TEMPLATES"}
    if templates is not None:
        env["GXCONVERT_TEMPLATES"] = str(templates)
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", _ONE, str(path)], env=env, capture_output=True, check=True)
    return json.loads(done.stdout)


def test_gxconvert_templates_names_the_folder_of_the_forms(tmp_path):
    """A report whose 规章 row is labelled 部门规章文件 (no alias of the package's forms)
    is read once a templates folder adds that alias to the 2021 form; common.json,
    absent from that folder, is the package's."""
    seed = next(SEEDS.glob("002_*.txt"))
    lines = seed.read_text("utf-8").split("\n")
    assert lines[54] == "规章"  # the seed's line 55: table 二's first row label
    lines[54] = "部门规章文件"
    report = tmp_path / "002_relabelled.txt"
    report.write_text("\n".join(lines), "utf-8")
    forms = tmp_path / "forms"
    forms.mkdir()
    for name in ("form2019.json", "form2021.json"):
        shutil.copyfile(ROOT / "gxconvert" / "templates" / name, forms / name)
    form = json.loads((forms / "form2021.json").read_text("utf-8"))
    row = next(r for r in form["active_disclosure"]["rows"] if r["key"] == "regulations")
    row["labels"].append("部门规章文件")
    (forms / "form2021.json").write_text(json.dumps(form, ensure_ascii=False), "utf-8")

    template, issued, codes = _convert_in_child(report, None)
    assert (template, issued) == ("2021", None) and "row_not_found" in codes  # the package's forms
    template, issued, codes = _convert_in_child(report, forms)
    assert (template, issued) == ("2021", 0) and "row_not_found" not in codes


# -- LibreOffice and Chromium fail rather than skip under CI ----------------------------------


def test_a_missing_libreoffice_fails_under_ci_and_skips_elsewhere(monkeypatch):
    from gxconvert.readers.docx import container

    monkeypatch.setattr(container, "find_soffice", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_soffice()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        require_soffice()
