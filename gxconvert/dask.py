"""Converting on a ``dask.distributed`` cluster (``pip install 'gxconvert[dask]'``).

    >>> from dask.distributed import Client
    >>> from gxconvert import dask as gxdask
    >>> client = Client("tcp://scheduler:8786")
    >>> results = list(gxdask.convert_paths(paths, client=client))   # Result objects, in order
    >>> gxdask.to_parquet(paths, "out/", client=client)              # one Parquet file per partition

Paths must name files the workers can read (a shared file system); a
``dask.bag`` of ``(name, bytes)`` pairs needs no shared storage
(:func:`convert_bag`).  ``convert --scheduler tcp://HOST:PORT`` runs a batch
this way into any output.  Every file is converted in a child process of
its dask worker with the per-file clock and memory cap of the local pool
(:mod:`gxconvert.batch.cluster`); this module is the public face over it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .batch.child import convert_in_child
from .batch.cluster import DaskExecutor, connect
from .batch.pool import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT
from .batch.worker import Task, WorkerSettings
from .options import Options
from .results import Result


def _settings(options: Options | None, max_memory: int | None) -> WorkerSettings:
    return WorkerSettings(max_memory=max_memory, options=options)


def convert_paths(paths: Iterable[str | os.PathLike[str]], *, client: Any = None, scheduler: str | None = None,
                  options: Options | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                  max_memory: int | None = DEFAULT_MAX_MEMORY) -> Iterator[Result]:
    """Convert files on the cluster; one Result per path, in order."""
    tasks = [Task(os.fspath(p), None, i) for i, p in enumerate(paths)]
    with DaskExecutor(_settings(options, max_memory), timeout, scheduler=scheduler, client=client) as ex:
        yield from ex.run(tasks)


def convert_bag(bag: Any, options: Options | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                max_memory: int | None = DEFAULT_MAX_MEMORY) -> Any:
    """A dask bag of ``(name, bytes)`` pairs (or paths) -> a bag of Results."""
    settings = _settings(options, max_memory)

    def one(item: Any) -> Result:
        task = Task(str(item[0]), bytes(item[1])) if isinstance(item, tuple) else Task(os.fspath(item))
        result = convert_in_child(task, settings, timeout)
        if result is None:
            raise RuntimeError(f"{task.path}: the conversion was stopped by a signal")
        return result
    return bag.map(one)


def records(results: Iterable[Result], long: bool = False) -> list[dict[str, Any]]:
    """Results as flat records: wide rows (or long rows) of the reports;
    failures as rows with ``kind`` and ``message``."""
    from .dataset.columns import long_rows, wide_row
    out: list[dict[str, Any]] = []
    for r in results:
        if r.report is not None:
            out.extend(long_rows(r.report) if long else [wide_row(r.report)])
        elif not long:
            out.append({"path": r.path, "sha256": r.sha256, "kind": r.kind, "message": r.message})
    return out


def _write_partition(results: list[Result], target: str, long: bool) -> int:
    import pyarrow.parquet as pq

    from .dataset.parquet import long_schema, table_of, wide_schema
    rows = records([r for r in results if r.report is not None], long)
    schema = long_schema() if long else wide_schema()
    tmp = target + ".partial"
    pq.write_table(table_of(rows, schema), tmp, compression="zstd")
    os.replace(tmp, target)
    return len(rows)


def to_parquet(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str], *, client: Any = None,
               scheduler: str | None = None, options: Options | None = None, partition_size: int = 100,
               long: bool = False) -> list[str]:
    """Convert on the cluster and write one Parquet file per partition of
    ``partition_size`` inputs into ``out_dir`` (the wide or long schema of
    :mod:`gxconvert.dataset.parquet`); returns the files written."""
    import dask.bag as db
    from dask.delayed import delayed
    c, own = connect(client, scheduler)
    try:
        items = [os.fspath(p) for p in paths]
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        seq = db.from_sequence(items, partition_size=partition_size)  # type: ignore[no-untyped-call]
        bag = convert_bag(seq, options)
        targets = [str(Path(out_dir) / f"part-{i:05d}.parquet") for i in range(bag.npartitions)]
        parts = [delayed(_write_partition)(part, t, long) for part, t in zip(bag.to_delayed(), targets, strict=True)]
        c.compute(parts, sync=True)
        return targets
    finally:
        if own:
            c.close()
