"""The SQLite dataset (standard library ``sqlite3``): the default batch output.

One row per input across ``reports`` and ``failures``; a report's values,
checks and warnings in their own tables; ``cross_checks`` between
consecutive years of one agency; a ``report_wide`` view with one row per
report.  Files are committed in batches (:data:`COMMIT_FILES` files or
:data:`COMMIT_SECONDS` seconds, WAL journal), each file inside its own
savepoint, so a run killed at any moment leaves a valid dataset holding
every file committed before it and no part of any other, and a re-run
skips inputs whose sha256 and converter version are stored.  The workers
stage each report (:func:`~gxconvert.dataset.sql.stage`: its rows in a small
in-memory database, sent as that database's bytes): the parent copies them
in with one ``INSERT … SELECT`` a table, nothing done per value in Python.
One run at a time writes a dataset: a second gets :class:`DatasetInUse` at
once.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..results import Result, Sink, Stored
from .atomic import OutputError, check_writable_dir
from .columns import converter_version
from .registry import Request
from .sql import (
    CAN_STAGE,
    attach_stage,
    connect,
    encode,
    insert_failure,
    insert_record,
    record_path,
    report_jsons_by_path,
    stage,
    stored_all,
)


class DatasetInUse(OutputError):
    """Another run is writing the dataset."""


#: files per transaction, and the most seconds a finished file waits uncommitted (a clock
#: thread commits while the next file is still converting, however long it takes):
#: a kill loses at most these files (never part of one), which a re-run converts
COMMIT_FILES = 64
COMMIT_SECONDS = 1.0

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
    """Writes the dataset: each file in a savepoint, committed in batches."""

    resumable = True

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
            self.conn = connect(self.path, create=True, threads=True)
        except sqlite3.DatabaseError as exc:
            os.close(self._lock_fd)
            raise OutputError(f"{self.path}: not a gxconvert dataset ({exc})") from exc
        self._pending = 0
        self._committed = time.monotonic()
        self._stored: dict[str, tuple[str | None, str | None, bool]] | None = None
        # the workers stage each report (an in-memory database's image, copied in by SQLite: no Python
        # object per value here); a Python without sqlite3's serialize sends the rows as tuples
        self.encoder = stage if CAN_STAGE else encode
        if CAN_STAGE:
            attach_stage(self.conn)
        # the connection is used by the run's thread and by the clock below, one at a time
        self._conn_lock = threading.RLock()
        self._closing = threading.Event()
        self._clock = threading.Thread(target=self._commit_on_time, name="gxconvert-sqlite-commit", daemon=True)
        self._clock.start()

    def _commit_on_time(self) -> None:
        """Commit files that have waited COMMIT_SECONDS, even while no new
        result arrives (a slow or hanging file after them)."""
        while not self._closing.wait(COMMIT_SECONDS / 4):
            with self._conn_lock:
                if self._closing.is_set():
                    return
                now = time.monotonic()
                if self._pending and now - self._committed >= COMMIT_SECONDS:
                    self._commit(now)

    def _held(self) -> dict[str, tuple[str | None, str | None, bool]]:
        """What the dataset held when the run began, by path (read once, at
        the run's first question): an input of the run is added once, so a
        path not in it has nothing to replace."""
        if self._stored is None:
            with self._conn_lock:
                self._stored = stored_all(self.conn)
        return self._stored

    def stored(self, path: str) -> Stored | None:
        row = self._held().get(path)
        return None if row is None else Stored(*row)

    def add(self, result: Result) -> None:
        with self._conn_lock:
            self._add(result)

    def _add(self, result: Result) -> None:
        record = result.record
        if result.ok and record is None and result.report is not None:  # not encoded by a worker
            record = encode(result.report, result, self.version)
        held = self._held()
        path = record_path(record) if result.ok else result.path  # the path the rows are stored under
        replace = path in held  # a new input: nothing to delete first
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
        self.conn.execute("SAVEPOINT one_file")  # a file is stored whole or not at all
        try:
            if result.ok:
                insert_record(self.conn, record, replace)
            else:
                insert_failure(self.conn, result, self.version, replace)
        except BaseException:
            self.conn.execute("ROLLBACK TO one_file")
            self.conn.execute("RELEASE one_file")
            raise
        self.conn.execute("RELEASE one_file")
        self._pending += 1
        now = time.monotonic()
        if self._pending >= COMMIT_FILES or now - self._committed >= COMMIT_SECONDS:
            self._commit(now)

    def _commit(self, now: float) -> None:
        self.conn.commit()
        self._pending = 0
        self._committed = now

    def close(self, complete: bool = True) -> None:
        self._closing.set()  # the clock stops at once (it waits on this event)
        if self._clock is not threading.current_thread():
            self._clock.join()
        self.conn.commit()
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
