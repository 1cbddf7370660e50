"""The Dask executor on real clusters: a distributed.LocalCluster (two
worker processes) and a scheduler plus two workers started as the
``dask scheduler`` / ``dask worker`` commands on loopback.  Each task
converts in a child process, so the per-file clock and memory cap hold on
a cluster as in the local pool."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from golden import CORPUS, SEEDS

from gxconvert import convert_many
from gxconvert.cli import main

distributed = pytest.importorskip("distributed")

INPUTS = sorted(str(p) for p in SEEDS.glob("*.txt")) + [str(CORPUS / "pdf" / "004_fonts.pdf"),
                                                         str(CORPUS / "html" / "001_cms.html"),
                                                         str(CORPUS / "pdf" / "encrypted.pdf")]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c, distributed.Client(c) as client:
        yield c, client


def _rows(results):
    return [(r.path, r.kind, r.report.to_dict(provenance=True) if r.report else None) for r in results]


def _dataset_rows(db):
    conn = sqlite3.connect(db)
    values = conn.execute("SELECT r.path, v.path, v.value, v.how, v.raw, v.page, v.line FROM report_values v "
                          "JOIN reports r ON r.id = v.report_id ORDER BY 1, 2").fetchall()
    fails = conn.execute("SELECT path, sha256, kind, message FROM failures ORDER BY path").fetchall()
    conn.close()
    return values, fails


def test_dask_gives_the_same_results_as_the_local_pool(cluster):
    from gxconvert import dask as gxdask
    _, client = cluster
    on_cluster = list(gxdask.convert_paths(INPUTS, client=client))
    local = list(convert_many(INPUTS, jobs=2))
    assert _rows(on_cluster) == _rows(local)
    assert [r.kind for r in on_cluster][-1] == "corrupt"
    assert on_cluster[5].report.meta.agency == "福清市卫生健康局"
    recs = gxdask.records(on_cluster)
    assert [r["path"] for r in recs] == INPUTS and recs[-1]["kind"] == "corrupt"
    assert recs[4]["applications.new_received.total"] == 3 and recs[4]["agency"] == "福清市卫生健康局"


def test_the_clock_and_the_memory_cap_hold_on_the_cluster(cluster, tmp_path):
    _, client = cluster
    timed = list(convert_many(INPUTS[:2], client=client, timeout=0.05))
    assert [r.kind for r in timed] == ["timeout", "timeout"]
    assert timed[0].message == f"{INPUTS[0]}: timeout: no result after 0.05 s (raise --timeout)"
    # a 24 MB text under a 10 MB cap: its read alone is over it (a file is read at its own size)
    big = tmp_path / "big.txt"
    big.write_bytes(Path(INPUTS[4]).read_bytes() * (24_000_000 // Path(INPUTS[4]).stat().st_size))
    capped = list(convert_many([str(big)], client=client, max_memory=10_000_000))
    assert capped[0].kind == "memory" and "raise --max-memory" in capped[0].message
    # the dask workers themselves are untouched: the next conversion works
    again = list(convert_many(INPUTS[4:5], client=client))
    assert again[0].ok and again[0].report.value("applications.new_received.total") == 3


def test_convert_scheduler_writes_the_same_dataset_rows(cluster, tmp_path):
    c, _ = cluster
    db_dask, db_local = tmp_path / "dask.sqlite", tmp_path / "local.sqlite"
    inputs = INPUTS[4:]
    assert main(inputs + ["-o", str(db_dask), "--scheduler", c.scheduler_address, "-q"]) == 1
    assert main(inputs + ["-o", str(db_local), "-j", "2", "-q"]) == 1
    assert _dataset_rows(db_dask) == _dataset_rows(db_local)
    assert len({r[0] for r in _dataset_rows(db_local)[0]}) == 3 and len(_dataset_rows(db_local)[1]) == 1


def test_parquet_partitions_on_the_cluster(cluster, tmp_path):
    from gxconvert import dask as gxdask
    _, client = cluster
    inputs = INPUTS[3:5] + INPUTS[-1:]
    files = gxdask.to_parquet(inputs, tmp_path / "pq", client=client, partition_size=2)
    assert len(files) == 2
    from test_dataset_dtypes import check_dtypes

    from gxconvert import dataset
    from gxconvert.dataset.parquet import wide_schema
    parts = [dataset.read(f) for f in files]
    for f, part in zip(files, parts, strict=True):
        check_dtypes(part, wide_schema(), f)  # counts Int64, money float64 in every partition
    df = pd.concat(parts)
    assert sorted(df.path) == sorted(inputs[:-1])  # the encrypted PDF is no report
    assert df.set_index("path").loc[INPUTS[4], "applications.new_received.total"] == 3
    local = dataset.to_dataframe(r.report for r in convert_many(inputs[:-1], jobs=0))
    pd.testing.assert_frame_equal(df.sort_values("path").reset_index(drop=True),
                                  local.sort_values("path").reset_index(drop=True))


def test_convert_bag_of_names_and_bytes(cluster):
    """README: ``convert_bag`` takes a bag of ``(name, bytes)`` (no shared storage): the
    same reports as converting the files, the name kept as the report's path."""
    import dask.bag as db

    from gxconvert import dask as gxdask
    _, client = cluster
    inputs = INPUTS[4:]
    items = [(f"sent/{Path(p).name}", Path(p).read_bytes()) for p in inputs]
    results = gxdask.convert_bag(db.from_sequence(items, npartitions=2), None).compute(scheduler=client)
    assert [r.path for r in results] == [name for name, _ in items]
    assert [r.kind for r in results] == [None] * 3 + ["corrupt"]
    local = list(convert_many(inputs, jobs=0))
    for got, want in zip(results[:-1], local[:-1], strict=True):
        g, w = got.report.to_dict(provenance=True), want.report.to_dict(provenance=True)
        assert g["source"]["path"] == got.path
        g["source"].pop("path"), w["source"].pop("path")
        assert g == w, got.path
    assert results[0].report.meta.agency == "福清市卫生健康局"
    assert results[0].report.value("applications.new_received.total") == 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_cluster_started_by_the_dask_commands(tmp_path):
    """``dask scheduler`` and two ``dask worker`` processes on loopback,
    stopped by this test whatever happens."""
    dask_cmd = str(Path(sys.executable).with_name("dask"))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    common = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp_path}
    procs = [subprocess.Popen([dask_cmd, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], **common)]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen([dask_cmd, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                           "--no-dashboard", "--host", "127.0.0.1"], **common))
        with distributed.Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=30)
            assert len(client.scheduler_info()["workers"]) == 2
        inputs = INPUTS[4:6] + INPUTS[-1:]
        db = tmp_path / "cmd.sqlite"
        assert main(inputs + ["-o", str(db), "--scheduler", address, "-q"]) == 1
        values, fails = _dataset_rows(db)
        local = tmp_path / "local.sqlite"
        assert main(inputs + ["-o", str(local), "-j", "1", "-q"]) == 1
        assert (values, fails) == _dataset_rows(local)
        assert {r[0] for r in values} == set(inputs[:2]) and [f[2] for f in fails] == ["corrupt"]
    finally:
        for p in reversed(procs):
            p.terminate()
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
