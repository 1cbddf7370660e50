"""The Dask path on a real distributed.LocalCluster (two worker processes):
the same results and the same dataset rows as the local pool."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from golden import CORPUS, SEEDS

from gxconvert import convert_many
from gxconvert.cli import main

distributed = pytest.importorskip("distributed")

INPUTS = sorted(str(p) for p in SEEDS.glob("*.txt")) + [str(CORPUS / "pdf" / "004_fonts.pdf"),
                                                         str(CORPUS / "html" / "001_cms.html"),
                                                         str(CORPUS / "pdf" / "encrypted.pdf")]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c, distributed.Client(c) as client:
        yield c, client


def _rows(results):
    return [(r.path, r.kind, r.report.to_dict(provenance=True) if r.report else None) for r in results]


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


def test_convert_scheduler_writes_the_same_dataset_rows(cluster, tmp_path):
    c, _ = cluster
    db_dask, db_local = tmp_path / "dask.sqlite", tmp_path / "local.sqlite"
    assert main(INPUTS + ["-o", str(db_dask), "--scheduler", c.scheduler_address, "-q"]) == 1
    assert main(INPUTS + ["-o", str(db_local), "-j", "2", "-q"]) == 1

    def rows(db):
        conn = sqlite3.connect(db)
        values = conn.execute("SELECT r.path, v.path, v.value, v.how, v.raw, v.page, v.line FROM report_values v "
                              "JOIN reports r ON r.id = v.report_id ORDER BY 1, 2").fetchall()
        fails = conn.execute("SELECT path, sha256, kind, message FROM failures ORDER BY path").fetchall()
        return values, fails

    assert rows(db_dask) == rows(db_local)
    assert len({r[0] for r in rows(db_local)[0]}) == 7 and len(rows(db_local)[1]) == 1


def test_parquet_partitions_on_the_cluster(cluster, tmp_path):
    from gxconvert import dask as gxdask
    _, client = cluster
    files = gxdask.to_parquet(INPUTS, tmp_path / "pq", client=client, partition_size=3)
    assert len(files) == 3
    from gxconvert import dataset
    from gxconvert.dataset.parquet import wide_schema
    from test_dataset_dtypes import check_dtypes
    parts = [dataset.read(f) for f in files]
    for f, part in zip(files, parts, strict=True):
        check_dtypes(part, wide_schema(), f)  # counts Int64, money float64 in every partition
    df = pd.concat(parts)
    assert sorted(df.path) == sorted(INPUTS[:-1])  # the encrypted PDF is no report
    assert df.set_index("path").loc[INPUTS[4], "applications.new_received.total"] == 3
    local = dataset.to_dataframe(r.report for r in convert_many(INPUTS[:-1], jobs=0))
    pd.testing.assert_frame_equal(df.sort_values("path").reset_index(drop=True),
                                  local.sort_values("path").reset_index(drop=True))


def test_convert_bag_of_names_and_bytes(cluster):
    """README: ``convert_bag`` takes a bag of ``(name, bytes)`` (no shared storage): the
    same reports as converting the files, the name kept as the report's path."""
    import dask.bag as db

    from gxconvert import dask as gxdask
    _, client = cluster
    from pathlib import Path
    items = [(f"sent/{Path(p).name}", Path(p).read_bytes()) for p in INPUTS]
    results = gxdask.convert_bag(db.from_sequence(items, npartitions=3), None).compute(scheduler=client)
    assert [r.path for r in results] == [name for name, _ in items]
    assert [r.kind for r in results] == [None] * 7 + ["corrupt"]
    local = list(convert_many(INPUTS, jobs=0))
    for got, want in zip(results[:-1], local[:-1], strict=True):
        g, w = got.report.to_dict(provenance=True), want.report.to_dict(provenance=True)
        assert g["source"]["path"] == got.path
        g["source"].pop("path"), w["source"].pop("path")
        assert g == w, got.path
    assert results[5].report.meta.agency == "福清市卫生健康局"
    assert results[5].report.value("applications.new_received.total") == 3
