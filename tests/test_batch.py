"""The worker pool: one result per input in input order whatever --jobs; a
file that hangs, dies, aborts or eats memory costs only itself."""

from __future__ import annotations

import time

from batch_corpus import misbehaving_convert
from golden import SEEDS

from gxconvert import convert_many
from gxconvert.batch import FAILURE_KINDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _copy(tmp_path, name, src=SEED_FILES[0]):
    p = tmp_path / name
    p.write_bytes(src.read_bytes())
    return p


def _summary(results):
    return [(r.path, r.kind, r.report.to_dict() if r.report else None) for r in results]


def test_same_results_in_the_same_order_for_any_number_of_jobs(tmp_path):
    inputs = [str(p) for p in SEED_FILES] + [str(tmp_path / "missing.txt")] + [str(p) for p in SEED_FILES[:2]]
    one = list(convert_many(inputs, jobs=1))
    two = list(convert_many(inputs, jobs=2))
    here = list(convert_many(inputs, jobs=0))
    assert [r.path for r in one] == inputs
    assert _summary(one) == _summary(two) == _summary(here)
    assert [r.kind for r in one] == [None] * 5 + ["unreadable", None, None]
    assert one[0].report.meta.agency == "高青县卫生健康局"
    assert "missing.txt" in one[5].message and one[5].sha256 is None


def test_bytes_and_named_bytes():
    data = SEED_FILES[1].read_bytes()
    r1, r2 = convert_many([data, ("upload.txt", data)], jobs=1)
    assert r1.ok and r2.ok and r2.path == "upload.txt" and r2.report.meta.year == 2024


def test_a_hanging_file_is_stopped_by_the_clock_and_the_rest_complete(tmp_path):
    files = [_copy(tmp_path, "a.txt"), _copy(tmp_path, "hangs.txt"), _copy(tmp_path, "b.txt"),
             _copy(tmp_path, "c.txt", SEED_FILES[4])]
    start = time.monotonic()
    results = list(convert_many(files, jobs=2, timeout=2, converter=misbehaving_convert))
    assert time.monotonic() - start < 15
    assert [r.kind for r in results] == [None, "timeout", None, None]
    assert results[1].message.startswith(str(files[1])) and "--timeout" in results[1].message
    assert results[3].report.meta.agency == "福清市卫生健康局"


def test_a_worker_that_dies_or_aborts_costs_only_its_file(tmp_path):
    files = [_copy(tmp_path, "dies.txt"), _copy(tmp_path, "ok.txt"), _copy(tmp_path, "aborts.txt"),
             _copy(tmp_path, "ok2.txt")]
    results = list(convert_many(files, jobs=1, converter=misbehaving_convert))
    assert [r.kind for r in results] == ["crashed", None, "crashed", None]
    assert "exit status 3" in results[0].message and "SIGABRT" in results[2].message
    assert all(str(f) in r.message for f, r in zip(files, results) if not r.ok)


def test_a_file_that_eats_memory_hits_the_cap(tmp_path):
    files = [_copy(tmp_path, "eats.txt"), _copy(tmp_path, "ok.txt")]
    results = list(convert_many(files, jobs=1, max_memory=1024 ** 3, converter=misbehaving_convert))
    assert [r.kind for r in results] == ["memory", None]
    assert str(files[0]) in results[0].message and "memory" in results[0].message


def test_a_native_abort_at_the_memory_cap_is_memory_not_a_crash(tmp_path):
    files = [_copy(tmp_path, "oomabort.txt"), _copy(tmp_path, "ok.txt"), _copy(tmp_path, "aborts.txt")]
    results = list(convert_many(files, jobs=1, max_memory=512 * 1024 ** 2, converter=misbehaving_convert))
    assert [r.kind for r in results] == ["memory", None, "crashed"]
    assert "SIGABRT near the 512 MiB cap" in results[0].message and "--max-memory" in results[0].message


def test_failure_kinds_are_the_dataset_contract():
    assert set(FAILURE_KINDS) == {"unsupported", "not_a_report", "corrupt", "timeout", "memory", "crashed",
                                  "internal", "unreadable", "empty"}


def test_our_own_bug_is_internal_with_a_traceback(tmp_path):
    def buggy(src, **kwargs):
        raise KeyError("oops")
    (r,) = convert_many([_copy(tmp_path, "x.txt")], jobs=1, converter=buggy)
    assert r.kind == "internal" and "internal error: KeyError" in r.message and "Traceback" in r.detail


def _unpicklable(src, **kwargs):
    report = misbehaving_convert(src, **kwargs)
    report.meta.title = lambda: "not data"  # our bug: the result cannot be sent back
    return report


def test_a_result_that_cannot_be_sent_is_an_internal_error_not_a_dead_worker(tmp_path):
    files = [_copy(tmp_path, "a.txt"), _copy(tmp_path, "b.txt")]
    results = list(convert_many(files, jobs=1, converter=_unpicklable))
    assert [r.kind for r in results] == ["internal", "internal"]
    assert "could not be sent" in results[0].message and str(files[0]) in results[0].message
