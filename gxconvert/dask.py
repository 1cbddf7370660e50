"""Converting on a ``dask.distributed`` cluster (``pip install 'gxconvert[dask]'``).

    >>> from dask.distributed import Client
    >>> from gxconvert import dask as gxdask
    >>> client = Client("tcp://scheduler:8786")
    >>> results = list(gxdask.convert_paths(paths, client=client))   # Result objects, in order
    >>> gxdask.to_parquet(paths, "out/", client=client)              # one Parquet file per partition

Paths must name files the workers can read (a shared file system); a
``dask.bag`` of ``(name, bytes)`` pairs needs no shared storage
(:func:`convert_bag`).  ``convert --scheduler tcp://HOST:PORT`` runs a batch
this way into any output.  Each file is converted inside a dask worker
process, so a crash or an out-of-memory kill costs that worker (dask's
nanny restarts it and reschedules its tasks); the per-file clock of the
local pool is not applied on a cluster.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .batch.classify import process_failure
from .batch.results import Result
from .batch.worker import Task, convert_one, silence_libraries
from .options import Options


def _client(client: Any = None, scheduler: str | None = None) -> Any:
    if client is not None:
        return client
    from dask.distributed import Client, default_client
    if scheduler:
        return Client(scheduler)  # type: ignore[no-untyped-call]
    return default_client()  # type: ignore[no-untyped-call]


def _convert_task(task: Task, options: Options | None = None) -> Result:
    silence_libraries()
    return convert_one(task, options)


def convert_tasks(tasks: Iterable[Task], *, client: Any = None, scheduler: str | None = None,
                  options: Options | None = None,
                  should_stop: Callable[[], int | None] | None = None) -> Iterator[Result]:
    """One Result per task, in task order, converted on the cluster."""
    from .batch.pool import Interrupted
    own = client is None and scheduler is not None
    c = _client(client, scheduler)
    try:
        items = list(tasks)
        futures = c.map(_convert_task, items, options=options, pure=False)
        for task, fut in zip(items, futures, strict=False):
            while True:
                if should_stop is not None and (signum := should_stop()):
                    c.cancel(futures)
                    raise Interrupted(signum)
                try:
                    result: Result = fut.result(timeout=0.2)
                    break
                except TimeoutError:
                    continue
                except Exception as exc:
                    result = process_failure(task.path, "crashed", f"the dask task failed: {type(exc).__name__}")
                    break
            result.index = task.index
            yield result
    finally:
        if own:
            c.close()


def convert_paths(paths: Iterable[str | os.PathLike[str]], *, client: Any = None, scheduler: str | None = None,
                  options: Options | None = None) -> Iterator[Result]:
    """Convert files on the cluster; one Result per path, in order."""
    tasks = [Task(os.fspath(p), None, i) for i, p in enumerate(paths)]
    yield from convert_tasks(tasks, client=client, scheduler=scheduler, options=options)


def convert_bag(bag: Any, options: Options | None = None) -> Any:
    """A dask bag of ``(name, bytes)`` pairs (or paths) -> a bag of Results."""
    def one(item: Any) -> Result:
        if isinstance(item, tuple):
            return _convert_task(Task(str(item[0]), bytes(item[1])), options)
        return _convert_task(Task(os.fspath(item)), options)
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

    from .dataset.columns import long_rows, wide_row
    from .dataset.parquet import long_schema, table_of, wide_schema
    rows: list[dict[str, Any]] = []
    for r in results:
        if r.report is not None:
            rows.extend(long_rows(r.report) if long else [wide_row(r.report)])
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
    c = _client(client, scheduler)
    items = [os.fspath(p) for p in paths]
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    seq = db.from_sequence(items, partition_size=partition_size)  # type: ignore[no-untyped-call]
    bag = convert_bag(seq, options)
    targets = [str(Path(out_dir) / f"part-{i:05d}.parquet") for i in range(bag.npartitions)]
    parts = [delayed(_write_partition)(part, t, long) for part, t in zip(bag.to_delayed(), targets, strict=False)]
    c.compute(parts, sync=True)
    return targets
