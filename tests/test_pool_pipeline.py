"""What the worker pool does to spend less between files: a busy worker is
sent its next task ahead (and one that dies or is killed gives it back to
another worker); the clock of a task sent ahead starts when the result
before it arrives; results travel in a wide pipe; a worker freezes what it
was forked with out of the cycle collector's passes; a Result or a Task is
pickled as its fields."""

from __future__ import annotations

import dataclasses
import fcntl
import gc
import json
import os
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_corpus import misbehaving_convert
from golden import SEEDS

from gxconvert import convert_many
from gxconvert.batch import Task, WorkerPool, WorkerSettings
from gxconvert.batch.process import RESULT_PIPE_BYTES, channel_pair
from gxconvert.results import Outline, Result

SEED = sorted(SEEDS.glob("*.txt"))[0]
ROOT = Path(__file__).resolve().parent.parent


def _copies(tmp_path: Path, *names: str) -> list[str]:
    out = []
    for n in names:
        p = tmp_path / n
        p.write_bytes(SEED.read_bytes())
        out.append(str(p))
    return out


def _sleepy(src, path=None, **kwargs):
    """A report after a pause of 0.8 s (files named slow…), or at once."""
    if "slow" in os.path.basename(str(path or src)):
        time.sleep(0.8)
    return misbehaving_convert(src, path=path, **kwargs)


def test_a_busy_worker_has_its_next_task_waiting(tmp_path):
    files = _copies(tmp_path, "slow1.txt", "b.txt", "c.txt", "d.txt")
    with WorkerPool(1, 60, WorkerSettings(converter=_sleepy)) as pool:
        results = pool.run(Task(f, None, i) for i, f in enumerate(files))
        first = next(results)
        w = pool._workers[0]
        # the result of the first file came while the second was already waiting in the worker's pipe;
        # now the second is under way and the third waits
        assert first.path == files[0] and first.ok
        assert w.task is not None and w.task.path == files[1]
        assert w.ahead is not None and w.ahead.path == files[2]
        rest = list(results)
    assert [r.path for r in rest] == files[1:] and all(r.ok for r in rest)


def test_the_clock_of_a_task_sent_ahead_starts_when_it_starts(tmp_path):
    # each file takes 0.8 s: with the clock started when a file was sent (while the one before it was
    # still under way) the second would be stopped at 1.3 s, after 0.5 s of its own
    files = _copies(tmp_path, "slow1.txt", "slow2.txt", "slow3.txt")
    results = list(convert_many(files, jobs=1, timeout=1.3, converter=_sleepy))
    assert [r.kind for r in results] == [None, None, None]


def test_a_task_waiting_in_a_worker_that_dies_or_times_out_goes_to_another(tmp_path):
    files = _copies(tmp_path, "dies.txt", "ok1.txt", "hangs.txt", "ok2.txt", "aborts.txt", "ok3.txt")
    results = list(convert_many(files, jobs=1, timeout=1.5, converter=misbehaving_convert))
    assert [r.path for r in results] == files
    assert [r.kind for r in results] == ["crashed", None, "timeout", None, "crashed", None]
    assert all(r.report.meta.agency == "高青县卫生健康局" for r in results if r.ok)


def test_no_task_is_sent_ahead_to_a_worker_due_for_replacement(tmp_path):
    files = _copies(tmp_path, "a.txt", "b.txt", "c.txt", "d.txt", "e.txt")
    def which(src, path=None, **kwargs):
        time.sleep(0.2)
        raise ValueError(f"pid={os.getpid()}")

    with WorkerPool(1, 60, WorkerSettings(converter=which), recycle_after=2) as pool:
        results = list(pool.run(Task(f, None, i) for i, f in enumerate(files)))
    worker_of = [re.search(r"pid=(\d+)", r.message).group(1) for r in results]
    # two files a worker, then a fresh one: a task sent ahead to the first worker would make it three
    assert len(set(worker_of)) == 3
    assert worker_of[0] == worker_of[1] != worker_of[2] == worker_of[3] != worker_of[4]


def _freeze_count(src, **kwargs):
    raise ValueError(f"frozen={gc.get_freeze_count()}")


def test_a_worker_freezes_what_it_was_forked_with():
    (r,) = convert_many([b"anything"], jobs=1, converter=_freeze_count)
    frozen = int(re.search(r"frozen=(\d+)", r.message).group(1))
    assert frozen > 1000  # gxconvert's modules and the forms at least


def _report_collector(src, path=None, **kwargs):
    from gxconvert.model import Meta, Report, Source
    return Report(source=Source(path=path, format="text", sha256="0" * 64), meta=Meta(title=f"on={gc.isenabled()}"))


def _encode_collector(report, result):
    return (report.meta.title, f"on={gc.isenabled()}")


def test_a_worker_pauses_the_collector_from_the_read_to_the_encoding():
    # a collection started between the matcher and the encoder would walk the whole report just before
    # it is dropped: the collector stays paused until the report is encoded, and is on again after
    from gxconvert.batch.worker import work
    assert gc.isenabled()
    settings = WorkerSettings(converter=_report_collector, encoder=_encode_collector)
    for i in range(2):
        r = work(Task(f"f{i}.txt", b"x", i), settings)
        assert r.ok and r.report is None
        assert r.record == ("on=False", "on=False")
        assert gc.isenabled()
    (r,) = WorkerPool(jobs=1, settings=settings).run([Task("f.txt", b"x")])  # the same in a forked worker
    assert r.record == ("on=False", "on=False")


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="Linux pipes only")
def test_results_travel_in_a_wide_pipe():
    wide = min(RESULT_PIPE_BYTES, int(Path("/proc/sys/fs/pipe-max-size").read_text()))
    parent, child = channel_pair()
    try:
        assert fcntl.fcntl(parent.fileno(), fcntl.F_GETPIPE_SZ) >= wide
        # a result over the default 64 KiB (a staged report is ~75 KB) is written whole with nobody reading yet
        child.send(b"x" * (wide // 2))
        assert len(parent.recv()) == wide // 2
    finally:
        parent.close()
        child.close()


def test_results_and_tasks_are_pickled_as_their_fields(monkeypatch):
    r = Result(path="p", kind="memory", message="m", seconds=1.5, sha256="s", detail="d", limit="l", index=3,
               record=b"rows", outline=Outline("a", 2020, "2019", 1, ("w",)), skipped=True)
    t = Task("a", b"b", 2, "k")

    def no_fields(*args):
        raise AssertionError("dataclasses.fields called")

    monkeypatch.setattr(dataclasses, "fields", no_fields)
    assert pickle.loads(pickle.dumps(r, pickle.HIGHEST_PROTOCOL)) == r
    assert pickle.loads(pickle.dumps(t, pickle.HIGHEST_PROTOCOL)) == t


def test_a_one_file_run_loads_no_logging(tmp_path):
    # only worker processes convert: the command does not load logging (with traceback and textwrap) for them
    code = ("import sys; from gxconvert.cli import main; rc = main([sys.argv[1], '-q', '-o', sys.argv[2]]); "
            "print(rc, sorted(m for m in ('logging', 'traceback', 'textwrap') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path / "one.json")], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert out.split() == ["0", "[]"]
    assert json.loads((tmp_path / "one.json").read_text("utf-8"))["meta"]["agency"] == "高青县卫生健康局"


def _logging_state(src, path=None, **kwargs):
    """The first file loads logging (as the PDF and HTML readers' libraries do); the next says its state."""
    if "first" in str(path):
        import logging
        logging.getLogger("a.library").warning("loaded")
        return misbehaving_convert(src, path=path, **kwargs)
    import logging
    raise ValueError(f"disable={logging.root.manager.disable}")


def test_logging_a_reader_loads_is_off_in_a_quiet_worker_from_the_next_file(tmp_path):
    files = _copies(tmp_path, "first.txt", "second.txt")
    first, second = convert_many(files, jobs=1, converter=_logging_state)
    assert first.ok
    assert f"disable={50}" in second.message  # logging.CRITICAL
