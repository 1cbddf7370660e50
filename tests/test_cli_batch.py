"""The convert command over many files: kill -9 and resume, signals,
one-line messages, quiet libraries, limits and isolation of one file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from batch_corpus import build_folder, misbehaving_convert
from golden import SEEDS

import gxconvert
from gxconvert.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_FILES = sorted(SEEDS.glob("*.txt"))
# the CLI in a child process, with the misbehaving converter injected
RUNNER = ("import sys; sys.path.insert(0, 'tests'); import batch_corpus, gxconvert.api; "
          "gxconvert.api.convert = batch_corpus.misbehaving_convert; from gxconvert.cli import main; "
          "sys.exit(main(sys.argv[1:], prog='convert'))")


def _cli(*args: str, slow: float | None = None, **kw) -> subprocess.Popen:
    env = dict(os.environ)
    if slow is not None:
        env["GX_TEST_SLOW"] = str(slow)
    return subprocess.Popen([sys.executable, "-c", RUNNER, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return conn.execute("SELECT (SELECT count(*) FROM reports) + (SELECT count(*) FROM failures)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_sigkill_midway_then_rerun_gives_one_row_per_input(tmp_path):
    good, _ = build_folder(tmp_path / "in", bad=False)
    db = tmp_path / "d.sqlite"
    proc = _cli(str(tmp_path / "in"), "-o", str(db), "-j", "2", "-q", slow=0.15)
    deadline = time.monotonic() + 60
    while _count(db) < 8 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = _count(db)
    assert 8 <= done_before < len(good)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # the re-run skips what was stored and converts the rest
    proc = _cli(str(tmp_path / "in"), "-o", str(db), "-j", "2", "-v")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    skipped = [x for x in err.decode().splitlines() if x.startswith("skip ")]
    assert len(skipped) == done_before
    conn = sqlite3.connect(db)
    paths = [r[0] for r in conn.execute("SELECT path FROM reports")]
    assert sorted(paths) == sorted(good)  # none lost, none doubled
    assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    n_values = conn.execute("SELECT count(DISTINCT report_id) FROM report_values").fetchone()[0]
    assert n_values == len(good)
    # consistent: no row of a report that is not there, every report with all of its values and checks
    assert conn.execute("SELECT count(*) FROM report_values WHERE report_id NOT IN (SELECT id FROM reports)"
                        ).fetchone()[0] == 0
    for rid, text in conn.execute("SELECT id, report_json FROM reports").fetchall():
        report = gxconvert.Report.from_json(text)
        n_flat = sum(len(flat) for flat in report.values.values())
        assert n_flat > 30
        assert conn.execute("SELECT count(*) FROM report_values WHERE report_id = ?", (rid,)).fetchone()[0] == n_flat
        assert conn.execute("SELECT count(*) FROM checks WHERE report_id = ?", (rid,)).fetchone()[0] == len(
            report.checks)


def test_jsonl_torn_last_line_is_dropped_and_redone(tmp_path):
    out = tmp_path / "r.jsonl"
    files = [str(p) for p in SEED_FILES]
    assert main(files + ["-o", str(out), "-q"]) == 0
    data = out.read_bytes()
    cut = data.rstrip(b"\n").rfind(b"\n") + 1
    out.write_bytes(data[: cut + 100])  # the last line torn after 100 bytes
    assert main(files + ["-o", str(out), "-q"]) == 0
    lines = out.read_text("utf-8").splitlines()
    assert [json.loads(x)["source"]["path"] for x in lines] == files
    # a changed input is redone, keeping one line per input
    changed = tmp_path / "seed.txt"
    changed.write_bytes(SEED_FILES[0].read_bytes())
    assert main([str(changed), "-o", str(out), "-q"]) == 0
    changed.write_bytes(SEED_FILES[1].read_bytes())
    assert main([str(changed), "-o", str(out), "-q"]) == 0
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(lines) == 6 and lines[-1]["meta"]["agency"] == "昌乐县卫生健康局"


def _interrupt(sig: int, *args: str, written: Path | None = None) -> tuple[int, bytes, list[str]]:
    """Run the CLI on the five seeds (1 s each) and send ``sig`` once the first
    report is out (on stdout, or in the temporary file of ``written``)."""
    import threading
    proc = _cli(*[str(p) for p in SEED_FILES], *args, "-j", "1", slow=1.0)
    out = bytearray()

    def read_all() -> None:
        while chunk := proc.stdout.read1(65536):
            out.extend(chunk)

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    partial = written.with_name(f".{written.name}.partial") if written else None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = partial.read_bytes() if partial and partial.exists() else bytes(out)
        if b'"schema"' in text:
            break
        time.sleep(0.05)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    reader.join(10)
    return proc.returncode, bytes(out), proc.stderr.read().decode().splitlines()


def test_sigterm_during_a_json_array_leaves_valid_json_and_one_line():
    rc, out, err = _interrupt(signal.SIGTERM, "--format", "json")
    assert rc == 143
    arr = json.loads(out)
    assert 0 < len(arr) < 5
    assert len(err) == 1 and err[0] == f"convert: interrupted after {len(arr)} of 5 files"


def test_sigint_stops_with_one_line_and_no_traceback(tmp_path):
    target = tmp_path / "all.json"
    rc, _, err = _interrupt(signal.SIGINT, "-o", str(target), "--format", "json", written=target)
    assert rc == 130
    assert len(err) == 1 and err[0].startswith("convert: interrupted after ") and "Traceback" not in err[0]
    arr = json.loads(target.read_text("utf-8"))  # complete and valid: what was done
    assert 0 < len(arr) < 5
    assert not list(tmp_path.glob(".*partial"))


def test_a_file_name_with_a_newline_gives_one_line(tmp_path, capsys):
    bad = tmp_path / "bad\nname.txt"
    bad.write_bytes(b"hello, this is no report\n")
    assert main([str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad\\nname.txt" in err and "not a" in err


def test_library_log_lines_stay_off_stderr_unless_verbose(tmp_path):
    noisy = tmp_path / "noisy.py"
    noisy.write_text(
        "import logging, warnings, os, gxconvert.api\n"
        "real = gxconvert.api.convert\n"
        "def convert(src, **kw):\n"
        "    logging.getLogger('pdfminer.pdffont').warning('Could not get FontBBox from font descriptor')\n"
        "    warnings.warn('a library warning')\n"
        "    os.write(2, b'native library noise\\n')\n"
        "    return real(src, **kw)\n"
        "gxconvert.api.convert = convert\n")
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import noisy; from gxconvert.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    quiet = subprocess.run([sys.executable, "-c", code, str(SEED_FILES[0])], cwd=ROOT, capture_output=True,
                           timeout=60, check=False)
    assert quiet.returncode == 0 and quiet.stderr == b""
    assert json.loads(quiet.stdout)["meta"]["agency"] == "高青县卫生健康局"
    loud = subprocess.run([sys.executable, "-c", code, str(SEED_FILES[0]), "-v"], cwd=ROOT, capture_output=True,
                          timeout=60, check=False)
    assert b"Could not get FontBBox" in loud.stderr and b"native library noise" in loud.stderr


def test_a_limit_names_itself_and_the_flag(capsys):
    assert main([str(SEED_FILES[0]), "--max-bytes", "1K"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "max_bytes" in err and "--max-bytes" in err and "000_c618" in err


def test_a_single_file_is_converted_in_a_child_with_a_clock_and_a_memory_cap(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(gxconvert.api, "convert", misbehaving_convert)
    hangs = tmp_path / "hangs.txt"
    hangs.write_bytes(SEED_FILES[0].read_bytes())
    assert main([str(hangs), "--timeout", "1"]) == 1
    err = capsys.readouterr().err
    assert err.endswith(f"convert: {hangs}: timeout: no result after 1 s (raise --timeout)\n") and err.count("\n") == 1
    eats = tmp_path / "eats.txt"
    eats.write_bytes(SEED_FILES[0].read_bytes())
    assert main([str(eats), "--max-memory", "1G"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(eats) in err and "memory" in err and "--max-memory" in err
    assert main([str(SEED_FILES[1])]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["year"] == 2024


def test_inputs_from_a_list_on_stdin_and_globs(tmp_path):
    listing = "\n".join(str(p) for p in SEED_FILES[:2]) + "\n"
    proc = subprocess.run([sys.executable, "-m", "gxconvert", "--files-from", "-",
                           str(SEEDS / "00[34]_*.txt")], input=listing.encode(), cwd=ROOT, capture_output=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    agencies = [json.loads(x)["meta"]["agency"] for x in proc.stdout.decode().splitlines()]
    assert agencies == ["米林县卫健委", "福清市卫生健康局", "高青县卫生健康局", "昌乐县卫生健康局"]  # PATHs, then the list


def test_progress_bar_counts_files_and_failures(tmp_path):
    import io

    from gxconvert.batch.progress import Progress
    from gxconvert.results import Result
    stream = io.StringIO()
    bar = Progress(3, "bar", stream, "convert")
    report = gxconvert.convert(SEED_FILES[0])
    bar.done(Result(path="a", report=report))
    bar.done(Result(path="b", kind="corrupt", message="b: the file is empty"))
    bar.skipped("c")
    assert bar._bar.n == 3 and "failed=1" in bar._bar.postfix
    bar.close()
    assert "convert: b: the file is empty\n" in stream.getvalue()


def test_summary_names_kinds_checks_warnings_and_rate(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    rc = main([str(SEED_FILES[2]), str(empty), "-o", str(tmp_path / "o.jsonl"), "--summary"])
    assert rc == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("empty.txt: the file is empty")
    assert err[1].split(": ", 1)[1] == "2 inputs: 1 converted, 0 skipped (already done), 1 failed (empty 1)"
    assert err[2].split(": ", 1)[1].startswith("1 reports with failing checks")
    assert err[3].endswith("files/s")


def test_one_file_that_fails_leaves_no_output_file(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "r.json"
    assert main([str(bad), "-o", str(out), "-q"]) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_a_sleeping_reader_is_stopped_by_the_clock_and_the_batch_goes_on(tmp_path, capsys, monkeypatch):
    import gxconvert.readers
    monkeypatch.setitem(gxconvert.readers.READERS, "text", "batch_corpus:SleepyTextReader")
    names = ["a.txt", "hangs.txt", "b.txt", "c.txt"]
    for n in names:
        (tmp_path / n).write_bytes(SEED_FILES[3].read_bytes())
    out = tmp_path / "d.sqlite"
    assert main([str(tmp_path / n) for n in names] + ["-o", str(out), "-j", "2", "--timeout", "2"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].endswith(f"{tmp_path / 'hangs.txt'}: timeout: no result after 2 s (raise --timeout)")
    assert err[1].endswith(": 4 inputs: 3 converted, 0 skipped (already done), 1 failed (timeout 1)")
    conn = sqlite3.connect(out)
    assert sorted(r[0] for r in conn.execute("SELECT path FROM reports")) == sorted(
        str(tmp_path / n) for n in names if n != "hangs.txt")
    assert conn.execute("SELECT path, kind FROM failures").fetchall() == [(str(tmp_path / "hangs.txt"), "timeout")]


def test_directory_output_resumes_and_force_redoes(tmp_path, capsys):
    out = tmp_path / "json"
    files = [str(p) for p in SEED_FILES[:3]]
    assert main(files + ["-o", str(out) + "/", "-v"]) == 0
    assert sum(x.startswith("ok ") for x in capsys.readouterr().err.splitlines()) == 3
    first = (out / SEED_FILES[0].name).with_suffix(".txt.json").stat().st_mtime_ns
    assert main(files + ["-o", str(out) + "/", "-v"]) == 0
    assert sum(x.startswith("skip ") for x in capsys.readouterr().err.splitlines()) == 3
    assert main(files + ["-o", str(out) + "/", "-v", "--force"]) == 0
    assert sum(x.startswith("ok ") for x in capsys.readouterr().err.splitlines()) == 3
    assert (out / SEED_FILES[0].name).with_suffix(".txt.json").stat().st_mtime_ns >= first
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name + ".json" for p in SEED_FILES[:3])


def test_files_from_with_nul_separated_names(tmp_path):
    odd = tmp_path / "odd\nname.txt"
    odd.write_bytes(SEED_FILES[4].read_bytes())
    listing = f"{odd}\0{SEED_FILES[0]}\0".encode()
    proc = subprocess.run([sys.executable, "-m", "gxconvert", "--files-from", "-", "-0"], input=listing, cwd=ROOT,
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    paths = [json.loads(x)["source"]["path"] for x in proc.stdout.decode().splitlines()]
    assert paths == [str(odd), str(SEED_FILES[0])]
