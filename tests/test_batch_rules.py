"""The batch rules a new user tripped on (issue: the batch and dataset layer,
second pass): outputs inside the input folder, data files, --jobs 0 limits,
stopping is not failing, outputs that cannot be, piped input, messages,
the CSV companions, zips of documents, review of every dataset kind."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from golden import SEEDS

from gxconvert import convert, convert_many
from gxconvert.batch import InProcess, StopFlag, Task, WorkerSettings
from gxconvert.batch.stop import Interrupted
from gxconvert.cli import main
from gxconvert.errors import ConversionError, NotAReportError

ROOT = Path(__file__).resolve().parent.parent


def run(argv: list[str]) -> int:
    return main(argv, prog="convert")
SEED_FILES = sorted(SEEDS.glob("*.txt"))
S1, S2 = SEED_FILES[0], SEED_FILES[1]


def _folder(tmp_path: Path, n: int = 2) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for src in SEED_FILES[:n]:
        shutil.copyfile(src, d / src.name)
    return d


def _sqlite_rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------- 4: outputs inside the input folder


@pytest.mark.parametrize("name", ["reports.sqlite", "reports.jsonl", "reports.csv"])
def test_a_second_run_into_the_input_folder_never_reads_its_own_output(tmp_path, capsys, name):
    d = _folder(tmp_path)
    out = d / name
    assert run([str(d), "-o", str(out), "-j", "1"]) == 0
    assert run([str(d), "-o", str(out), "-j", "1", "--force"]) == 0
    err = capsys.readouterr().err
    assert "2 inputs: 2 converted" in err and "3 inputs" not in err and "4 inputs" not in err
    if name.endswith(".sqlite"):
        assert sorted(p for (p,) in _sqlite_rows(out, "SELECT path FROM reports")) == sorted(
            str(d / s.name) for s in SEED_FILES[:2])
        assert _sqlite_rows(out, "SELECT count(*) FROM failures") == [(0,)]


def _dataset_files(tmp_path: Path) -> dict[str, Path]:
    """Datasets of every kind, written by a first run, about 2 MB for SQLite."""
    d = _folder(tmp_path, 3)
    files = {}
    for suffix in (".sqlite", ".jsonl", ".csv", ".parquet", ".xlsx"):
        target = tmp_path / f"data{suffix}"
        assert run([str(d), "-o", str(target), "-j", "1", "-q"]) == 0
        files[suffix] = target
    big = tmp_path / "big.sqlite"  # a 2 MB dataset: rows added with sqlite3 alone
    shutil.copyfile(files[".sqlite"], big)
    conn = sqlite3.connect(big)
    with conn:
        conn.executemany("INSERT INTO warnings VALUES (?,?,?,?)", [(1, "x", "y" * 200, "z")] * 8000)
    conn.close()
    files["big"] = big
    files["report.json"] = tmp_path / "one.json"
    files["report.json"].write_text(convert(str(S1)).to_json(), "utf-8")
    return files


def test_data_files_are_refused_by_their_content_as_not_a_report(tmp_path):
    files = _dataset_files(tmp_path)
    assert files["big"].stat().st_size > 2_000_000
    expected = {".sqlite": "an SQLite database", "big": "an SQLite database", ".jsonl": "a JSON Lines file",
                ".csv": "a CSV file", ".parquet": "a Parquet file", "report.json": "a gxconvert report's JSON"}
    for key, kind in expected.items():
        renamed = files[key].with_name(f"renamed-{key.strip('.')}.txt")  # the name says nothing
        shutil.copyfile(files[key], renamed)
        with pytest.raises(NotAReportError) as err:
            convert(str(renamed))
        assert str(err.value) == f"{renamed}: {kind}, not a report (a data file: skipped)", key
    (r,) = convert_many([str(files["big"])], jobs=1)
    assert r.kind == "not_a_report" and "an SQLite database" in r.message
    (x,) = convert_many([str(files[".xlsx"])], jobs=0)  # a zip container: the readers' triage names it
    assert x.kind == "unsupported" and "Excel workbook" in x.message


def test_reports_are_not_taken_for_data_files():
    for src in SEED_FILES:
        assert convert(str(src)).meta.year is not None  # every text seed still converts


# ---------------------------------------------------------------- 5: --jobs 0 keeps limits


def test_in_process_keeps_a_size_ceiling_and_the_clock(tmp_path):
    size = S1.stat().st_size
    ex = InProcess(WorkerSettings(max_memory=40 * (size - 1)), timeout=7.0)
    assert ex.options.max_seconds == 7.0 and ex.options.max_bytes == size - 1
    (r,) = ex.run([Task(str(S1))])
    assert r.kind == "unreadable" and r.limit == "max_bytes"
    (ok,) = convert_many([str(S1)], jobs=0)  # the default ceiling (2 GiB / 40) lets reports through
    assert ok.ok


def test_in_process_conversion_stops_at_a_signal_and_records_nothing(tmp_path):
    flag = StopFlag()

    def converter(src, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while this file converts
        time.sleep(5)
        raise AssertionError("not stopped")

    ex = InProcess(WorkerSettings(converter=converter), timeout=None)
    got = []
    with flag.on_signals(), pytest.raises(Interrupted) as err:
        got.extend(ex.run([Task(str(S1)), Task(str(S2))], flag))
    assert err.value.signum == signal.SIGTERM and got == []


# ---------------------------------------------------------------- 6: stopping is not failing


RUNNER = ("import sys; sys.path.insert(0, 'tests'); import batch_corpus, gxconvert.api; "
          "gxconvert.api.convert = batch_corpus.misbehaving_convert; from gxconvert.cli import main; "
          "sys.exit(main(sys.argv[1:], prog='convert'))")


@pytest.mark.parametrize("jobs", ["1", "0"])
def test_sigterm_to_the_process_group_stores_nothing_for_the_file_under_way(tmp_path, jobs):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copyfile(S1, d / "a.txt")
    shutil.copyfile(S2, d / "b_hangs.txt")
    db = tmp_path / "d.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, str(d), "-o", str(db), "-j", jobs], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    # a.txt is committed within about COMMIT_SECONDS while b_hangs.txt still converts: the sink's
    # clock commits without waiting for the next result (it waited for it, so a kill -9 here lost a.txt)
    deadline = time.monotonic() + 30
    committed = False
    while not committed and time.monotonic() < deadline:
        try:
            committed = _sqlite_rows(db, "SELECT count(*) FROM reports") == [(1,)]
        except sqlite3.Error:  # not created yet
            pass
        time.sleep(0.05)
    assert committed, "a.txt was not committed while the next file hung"
    time.sleep(0.3)  # b_hangs.txt is being converted
    os.killpg(proc.pid, signal.SIGTERM)  # what `timeout`, a scheduler or kill -- -PGID does
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert _sqlite_rows(db, "SELECT count(*) FROM failures") == [(0,)]
    assert _sqlite_rows(db, "SELECT path FROM reports") == [(str(d / "a.txt"),)]
    assert err.decode().strip().splitlines()[-1] == "convert: interrupted after 1 of 2 files"


# ---------------------------------------------------------------- 7: outputs that cannot be


@pytest.mark.parametrize("name", ["out.xls", "out.tsv", "out.parquet.gz", "multi.tsv"])
def test_an_unknown_output_suffix_is_a_usage_error_before_work(tmp_path, capsys, name):
    target = tmp_path / name
    assert run([str(S1), str(S2), "-o", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    suffix = Path(name).suffix
    assert err.startswith(f"convert: cannot write {target}: no output has the suffix '{suffix}' (give one of "
                          ".sqlite, .sqlite3, .db, .jsonl, .ndjson, .csv, .parquet, .pq, .xlsx, .json")
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_review_reads_jsonl_and_refuses_csv(tmp_path, capsys):
    from gxconvert.review.command import main as review
    jsonl, csv_out = tmp_path / "out.jsonl", tmp_path / "out.csv"
    assert run([str(S1), str(S2), "-o", str(jsonl), "--provenance", "-q"]) == 0
    assert run([str(S1), str(S2), "-o", str(csv_out), "-q"]) == 0
    assert review([str(jsonl), "-o", str(tmp_path / "j.html")]) == 0
    index = (tmp_path / "j.html").read_text("utf-8")
    assert "Dataset review: out.jsonl" in index and "<b>2</b> reports" in index
    assert len(list((tmp_path / "j-reports").glob("*.html"))) == 2
    assert review([str(csv_out), "-o", str(tmp_path / "c.html")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith("a csv dataset keeps tables, not the reports with their sources; use the sqlite, jsonl, "
                        "json, dir output")
    assert not (tmp_path / "c.html").exists()


# ---------------------------------------------------------------- 8: standard input


def test_two_different_piped_files_are_two_inputs_of_a_dataset(tmp_path):
    db = tmp_path / "st.sqlite"
    for src in (S1, S2, S1):
        with open(src, "rb") as fh:
            r = subprocess.run([sys.executable, "-m", "gxconvert", "-", "-o", str(db)], stdin=fh, cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=120)
        assert r.returncode == 0, r.stderr
    rows = _sqlite_rows(db, "SELECT path, year FROM reports ORDER BY year")
    import hashlib
    names = {f"stdin-{hashlib.sha256(s.read_bytes()).hexdigest()[:16]}" for s in (S1, S2)}
    assert len(rows) == 2 and {p for p, _ in rows} == names
    assert sorted(y for _, y in rows) == sorted([convert(str(S1)).meta.year, convert(str(S2)).meta.year])


# ---------------------------------------------------------------- 9: messages


def test_a_text_passed_as_a_path_gives_a_short_message():
    text = "政府信息公开工作年度报告\n" * 500
    with pytest.raises(ConversionError) as err:
        convert(text)
    assert len(str(err.value)) < 200 and "pass the bytes" in str(err.value)


def test_an_empty_file_is_empty(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    (r,) = convert_many([str(tmp_path / "e.txt")], jobs=0)
    assert r.kind == "empty" and r.message == f"{tmp_path / 'e.txt'}: the file is empty"


def test_output_under_a_file_says_it_is_not_a_directory(tmp_path, capsys):
    (tmp_path / "a-file").write_text("x")
    assert run([str(S1), "-o", str(tmp_path / "a-file" / "out.json")]) == 2
    assert capsys.readouterr().err.strip() == (f"convert: cannot write {tmp_path / 'a-file' / 'out.json'}: "
                                                f"{tmp_path / 'a-file'} is a file, not a directory")


def test_quiet_is_quiet_and_a_pipe_gets_the_summary_line(tmp_path, capsys):
    db = tmp_path / "x.sqlite"
    assert run([str(S1), str(S2), "-o", str(db), "--cross-checks", "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert run([str(S1), str(S2), "-o", str(tmp_path / "y.jsonl")]) == 0  # stderr is no terminal here
    assert capsys.readouterr().err.splitlines() == [
        "convert: 2 inputs: 2 converted, 0 skipped (already done), 0 failed"]


def test_help_names_the_commands_and_gives_examples(capsys):
    with pytest.raises(SystemExit):
        main(["--help"], prog="gxconvert")
    out = capsys.readouterr().out
    assert "gxconvert check DATASET" in out and "gxconvert review FILE|DATASET" in out and "examples:" in out


def test_a_folder_without_documents_says_so(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert run([str(tmp_path / "empty")]) == 0
    assert capsys.readouterr().err.strip() == f"convert: no documents to convert in {tmp_path / 'empty'}"


def test_dataset_read_reads_xlsx_with_counts_as_integers(tmp_path):
    from gxconvert import dataset
    x = tmp_path / "x.xlsx"
    assert run([str(S1), str(S2), "-o", str(x), "-q"]) == 0
    df = dataset.read(x)
    expected = convert(str(S1)).value("applications.new_received.total")
    assert list(df.path) == [str(S1), str(S2)]
    assert df.loc[0, "applications.new_received.total"] == expected
    assert str(df["applications.new_received.total"].dtype) == "Int64" and str(df["year"].dtype) == "Int64"
    with pytest.raises(ValueError, match="not a dataset gxconvert reads"):
        dataset.read(tmp_path / "x.xls")


# ---------------------------------------------------------------- 10: CSV a researcher can use


def test_csv_has_checks_and_warnings_beside_it(tmp_path):
    out = tmp_path / "r.csv"
    assert run([str(s) for s in SEED_FILES[:3]] + ["-o", str(out), "-q"]) == 0
    reports = [convert(str(s)) for s in SEED_FILES[:3]]
    with open(tmp_path / "r-checks.csv", encoding="utf-8-sig", newline="") as fh:
        checks = list(csv.DictReader(fh))
    with open(tmp_path / "r-warnings.csv", encoding="utf-8-sig", newline="") as fh:
        warnings = list(csv.DictReader(fh))
    assert len(checks) == sum(len(r.checks) for r in reports)
    assert len(warnings) == sum(len(r.warnings) for r in reports)
    failed = [(c["path"], c["rule"], c["where"]) for c in checks if c["ok"] == "0"]
    assert failed == [(r.source.path, c.rule, c.where) for r in reports for c in r.checks if not c.ok]
    assert [(w["path"], w["code"]) for w in warnings] == [(r.source.path, w.code) for r in reports
                                                           for w in r.warnings]


# ---------------------------------------------------------------- 11: a zip of documents


def test_a_zip_of_documents_converts_its_members(tmp_path):
    z = tmp_path / "reports.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(S1, "2021/a.txt")
        zf.write(S2, "b.txt")
        zf.writestr("__MACOSX/._b.txt", b"junk")
        zf.writestr(".hidden.txt", b"junk")
        zf.writestr("notes.txt", b"")
    db = tmp_path / "z.sqlite"
    assert run([str(z), "-o", str(db), "-q"]) == 1  # notes.txt is empty
    rows = _sqlite_rows(db, "SELECT path, year FROM reports ORDER BY path")
    assert rows == [(f"{z}!/2021/a.txt", convert(str(S1)).meta.year), (f"{z}!/b.txt", convert(str(S2)).meta.year)]
    assert _sqlite_rows(db, "SELECT path, kind FROM failures") == [(f"{z}!/notes.txt", "empty")]
    assert run([str(z), "-o", str(db), "-q"]) == 1  # a re-run skips what is stored
    assert _sqlite_rows(db, "SELECT count(*) FROM reports") == [(2,)]


def test_a_zip_member_is_bounded(tmp_path):
    from gxconvert import Options
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"0" * 3_000_000)
    (r,) = convert_many([f"{z}!/big.txt"], jobs=0, options=Options(max_zip_member_bytes=1_000_000))
    assert r.kind == "unreadable" and r.limit == "max_zip_member_bytes"


# ---------------------------------------------------------------- 12: review pages


def test_review_page_says_a_blank_total_is_blank_and_highlights_checks_apart_from_inferred():
    from gxconvert.model import Check
    from gxconvert.review.page import render_report
    from gxconvert.review.style import INDEX, REPORT
    report = convert(str(S1))
    total = "applications.new_received.total"
    table, _, rest = total.partition(".")
    report.values[table][rest] = None
    report.checks.append(Check(rule="applications.row_total", ok=False, expected=7, actual=0,
                               where="applications.new_received"))
    html = render_report(report)
    assert "expected 7, actual blank (counted as 0)" in html and "actual 0<" not in html
    assert "--inferred: #fbeac0; --check: #e4d4ff;" in REPORT and "td.v.hl { background: var(--check)" in REPORT
    assert "table.list td.agency { min-width: 9em; }" in INDEX and "white-space: nowrap; }" not in INDEX.split(
        "td.num .what")[1].split("\n")[0]


# ---------------------------------------------------------------- the batch parent (speed, third pass, item 3)


class _Recording:
    """A SQLite sink that keeps what reached it."""

    def __init__(self, path):
        from gxconvert.dataset.sqlite import SqliteSink
        self.sink = SqliteSink(path)
        self.seen = []
        self.resumable = True
        self.encoder = self.sink.encoder

    def stored(self, path):
        return self.sink.stored(path)

    def add(self, result):
        self.seen.append(result)
        self.sink.add(result)

    def close(self, complete=True):
        self.sink.close(complete)


def _dump(db: Path) -> list:
    return (_sqlite_rows(db, "SELECT path, sha256, agency, year, n_failed_checks, n_warnings, report_json "
                             "FROM reports ORDER BY path")
            + _sqlite_rows(db, "SELECT r.path, v.path, v.value, v.how, v.raw, v.page, v.line, v.tbl, v.cell "
                               "FROM report_values v JOIN reports r ON r.id = v.report_id ORDER BY 1, 2")
            + _sqlite_rows(db, "SELECT r.path, c.rule, c.ok, c.expected, c.actual, c.\"where\" FROM checks c "
                               "JOIN reports r ON r.id = c.report_id ORDER BY 1, 2, 6"))


def test_workers_send_the_rows_the_sink_writes_not_the_report(tmp_path):
    from gxconvert.batch.progress import Progress
    from gxconvert.batch.run import Batch, RunSettings
    from gxconvert.dataset.sql import Staged
    inputs = [str(s) for s in SEED_FILES[:4]]
    dbs = {}
    for jobs in (2, 0):  # the pool encodes in the workers; in-process, the sink encodes
        db = tmp_path / f"j{jobs}.sqlite"
        sink = _Recording(db)
        Batch(inputs, sink, Progress(4, "quiet", io.StringIO(), "convert"), RunSettings(jobs=jobs)).run()
        if jobs:
            assert all(r.report is None and isinstance(r.record, Staged) for r in sink.seen)  # an image
            assert [r.outline.year for r in sink.seen] == [convert(p).meta.year for p in inputs]
        else:
            assert all(r.report is not None and r.record is None for r in sink.seen)
        dbs[jobs] = db
    assert _dump(dbs[2]) == _dump(dbs[0]) and len(_dump(dbs[2])) > 4 * 30


def test_a_file_is_stored_whole_or_not_at_all_and_commits_are_batched(tmp_path):
    from gxconvert.dataset.sql import encode
    from gxconvert.dataset.sqlite import SqliteSink
    from gxconvert.results import Result
    db = tmp_path / "s.sqlite"
    sink = SqliteSink(db)
    a, b = convert(str(S1)), convert(str(S2))
    sink.add(Result(path=str(S1), record=encode(a)))
    row, values, checks, warnings = encode(b)
    broken = (row, values[:1] + [("too", "few")], checks, warnings)  # fails after its first 100 values
    with pytest.raises(sqlite3.Error):
        sink.add(Result(path=str(S2), record=broken))
    assert _sqlite_rows(db, "SELECT count(*) FROM reports") == [(0,)]  # not committed yet: batched
    sink.close()
    assert _sqlite_rows(db, "SELECT path FROM reports") == [(str(S1),)]
    assert _sqlite_rows(db, "SELECT count(*) FROM report_values") == [(len(a.values["applications"]) + sum(
        len(flat) for name, flat in a.values.items() if name != "applications"),)]


_OPEN_LOG = """
import os, sys
log, folder = sys.argv[1], sys.argv[2]
def hook(event, args):  # forked workers inherit it: each line says which process opened the file
    if event == "open" and isinstance(args[0], str) and args[0].startswith(folder):
        with open(log, "a") as fh:
            fh.write(f"{os.getpid()} {args[0]}\\n")
sys.addaudithook(hook)
from gxconvert.cli import main
rc = main(sys.argv[3:], prog="convert")
with open(log, "a") as fh:
    fh.write(f"parent {os.getpid()} rc {rc}\\n")
"""


def test_a_rerun_hashes_inputs_in_the_workers_and_the_parent_reads_none(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for s in SEED_FILES[:4]:
        shutil.copyfile(s, folder / s.name)
    db = tmp_path / "d.sqlite"
    assert run([str(folder), "-o", str(db), "-j", "2", "-q"]) == 0
    before = dict(_sqlite_rows(db, "SELECT path, converted_at FROM reports"))
    changed = folder / SEED_FILES[1].name
    changed.write_bytes(changed.read_bytes() + "\n附：本报告另有说明。\n".encode())
    log = tmp_path / "open.log"
    proc = subprocess.run([sys.executable, "-c", _OPEN_LOG, str(log), str(folder), str(folder), "-o", str(db),
                           "-j", "2", "-v"], cwd=Path(__file__).resolve().parent.parent, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
                          check=False)
    lines = log.read_text().splitlines()
    parent = lines[-1].split()
    assert parent[0] == "parent" and parent[3] == "0", proc.stderr
    opened = [tuple(x.split(" ", 1)) for x in lines[:-1]]
    from collections import Counter
    # each input opened once by a worker to hash it; the changed one once more, to convert it
    assert Counter(p for _, p in opened) == {str(folder / s.name): 1 + (s.name == changed.name)
                                             for s in SEED_FILES[:4]}
    assert all(pid != parent[1] for pid, _ in opened)  # never by the parent
    assert sum(x.startswith("skip ") for x in proc.stderr.splitlines()) == 3
    after = dict(_sqlite_rows(db, "SELECT path, converted_at FROM reports"))
    assert after.keys() == before.keys()
    assert [p for p in after if after[p] != before[p]] in ([], [str(changed)])  # whole seconds: may look equal
    sha = _sqlite_rows(db, f"SELECT sha256 FROM reports WHERE path = '{changed}'")[0][0]
    import hashlib
    assert sha == hashlib.sha256(changed.read_bytes()).hexdigest()  # the changed file was converted again
