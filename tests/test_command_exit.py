"""The command's process (``convert``, ``python -m gxconvert``): it leaves
by ``os._exit`` once its work is done — exit handlers run, outputs closed
and flushed, the exit status kept — and pauses the cycle collector for a
one-file run in the parent only."""

from __future__ import annotations

import gc
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from gxconvert.batch import convert_many

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "seeds" / "001_4ad21a775c00ab02.txt"

#: runs the command as its entry point does, with an exit handler and an object whose finaliser
#: only the interpreter's teardown would call
_COMMAND = """
import atexit, gc, sys
class Late:
    def __del__(self):
        print("teardown", file=sys.stderr, flush=True)
keep = Late()
atexit.register(lambda: print("handler gc", "on" if gc.isenabled() else "off", file=sys.stderr, flush=True))
sys.argv = ["convert", *sys.argv[1:]]
from gxconvert.__main__ import run
run()
"""


def _command(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _COMMAND, *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=120, cwd=ROOT, check=False)


def test_one_file_to_standard_output_exits_0_with_the_whole_report_and_no_teardown(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with open(out, "w") as fh:  # a file, not a pipe: what is still buffered is written only by the flush
        proc = _command(str(SEED), stdout=fh)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text("utf-8"))["meta"]["published"] == "2025-01-08"
    # the exit handlers ran, with the collector still paused (one file, converted in a worker); no teardown
    assert "handler gc off" in proc.stderr and "teardown" not in proc.stderr


def test_a_dataset_is_closed_whole_and_a_failure_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    db = tmp_path / "out.sqlite"
    proc = _command(str(SEED), str(bad), "-o", str(db), "-q")
    assert proc.returncode == 1, proc.stderr
    assert "handler gc on" in proc.stderr and "teardown" not in proc.stderr  # two files: the collector back on
    assert not (tmp_path / "out.sqlite-wal").exists()  # the connection was closed (WAL checkpointed, removed)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM reports").fetchone() == (1,)
        assert conn.execute("SELECT path, kind FROM failures").fetchall() == [(str(bad), "empty")]
    finally:
        conn.close()


def test_converting_in_the_process_turns_the_collector_back_on() -> None:
    proc = _command(str(SEED), "-j", "0")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["meta"]["published"] == "2025-01-08"
    assert "handler gc on" in proc.stderr


def test_a_usage_error_still_exits_2() -> None:
    proc = _command("--no-such-flag")
    assert proc.returncode == 2 and "usage:" in proc.stderr


_EXIT = """
import errno, io, os, sys, threading, time
from gxconvert.cli import exit_process
what = sys.argv[1]
if what == "flush":
    class Full(io.StringIO):  # standard output on a full disk: the buffered text cannot be written
        def flush(self):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    sys.stdout = Full()
sys.stdout.write("buffered")
if what == "thread":
    def late():
        time.sleep(0.3)
        open(sys.argv[2], "w").write("done")
    threading.Thread(target=late).start()
exit_process(3, "convert")
"""


def test_a_failed_flush_of_standard_output_is_status_120() -> None:
    proc = subprocess.run([sys.executable, "-c", _EXIT, "flush"], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, check=False)
    assert proc.returncode == 120
    assert proc.stderr.strip() == "convert: cannot write standard output: No space left on device"


def test_a_thread_the_interpreter_waits_for_is_waited_for(tmp_path: Path) -> None:
    done = tmp_path / "done"
    proc = subprocess.run([sys.executable, "-c", _EXIT, "thread", str(done)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, check=False)
    assert proc.returncode == 3 and proc.stdout == "buffered", proc.stderr
    assert done.read_text() == "done"


def _gc_state(src: object, **kwargs: object) -> object:
    from gxconvert import gcpause  # the worker pauses the collector while it converts a file: on after it
    raise ValueError("collector " + ("on" if gc.isenabled() or gcpause._was_enabled else "off"))


def test_a_worker_collects_cycles_whatever_its_parent_does() -> None:
    gc.disable()
    try:
        results = list(convert_many(["x"], jobs=1, converter=_gc_state))
    finally:
        gc.enable()
    assert "collector on" in results[0].message
