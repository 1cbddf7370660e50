"""The SQLite dataset (standard library ``sqlite3``): the default batch output.

One row per input across ``reports`` and ``failures``; a report's values,
checks and warnings in their own tables; ``cross_checks`` between
consecutive years of one agency; a ``report_wide`` view with one row per
report.  Every file is committed on its own (WAL journal), so a run killed
at any moment leaves a valid dataset holding every file finished before
it, and a re-run skips inputs whose sha256 and converter version are
stored.  One run at a time writes a dataset: a second gets
:class:`DatasetInUse` at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..results import Result, Sink, Stored
from .atomic import OutputError, check_writable_dir
from .columns import converter_version
from .registry import Request
from .sql import connect, insert_failure, insert_report, report_jsons_by_path, stored


class DatasetInUse(OutputError):
    """Another run is writing the dataset."""


#: seconds to wait for the lock (the workers of a run killed a moment ago are still dying)
LOCK_WAIT = 3.0


def _lock(fd: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


class SqliteSink(Sink):
    """Writes the dataset; commits after every file."""

    resumable = True
    wants_json = True

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        check_writable_dir(self.path)
        self.version = converter_version()
        try:
            self._lock_fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        if not _lock(self._lock_fd, LOCK_WAIT):
            os.close(self._lock_fd)
            raise DatasetInUse(f"{self.path}: the dataset is in use by another convert run")
        try:
            self.conn = connect(self.path, create=True)
        except sqlite3.DatabaseError as exc:
            os.close(self._lock_fd)
            raise OutputError(f"{self.path}: not a gxconvert dataset ({exc})") from exc

    def stored(self, path: str) -> Stored | None:
        row = stored(self.conn, path)
        return None if row is None else Stored(*row)

    def add(self, result: Result) -> None:
        with self.conn:  # one transaction per file
            if result.report is not None:
                insert_report(self.conn, result.report, result.seconds, self.version, result.report_json)
            else:
                insert_failure(self.conn, result, self.version)

    def close(self, complete: bool = True) -> None:
        if complete:
            from .crossyear import update_cross_checks
            with self.conn:
                update_cross_checks(self.conn)
        self.conn.close()
        os.close(self._lock_fd)


def open_sink(request: Request) -> SqliteSink:
    return SqliteSink(request.target)


def report_dicts(path: Path) -> Iterator[dict[str, Any]]:
    conn = connect(path)
    try:
        for text in report_jsons_by_path(conn):
            yield json.loads(text)
    finally:
        conn.close()
