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
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from ..batch.results import Result
from ..model import Report
from .atomic import OutputError, check_writable_dir
from .columns import (
    IDENTITY_COLUMNS,
    agency_key,
    converter_version,
    flat_values,
    identity_row,
    now_iso,
    value_paths,
)
from .sink import Sink, Stored

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports(
    id INTEGER PRIMARY KEY, path TEXT UNIQUE, sha256 TEXT, format TEXT, title TEXT, agency TEXT,
    agency_key TEXT, year INTEGER, template TEXT, published TEXT, converter_version TEXT,
    converted_at TEXT, n_failed_checks INTEGER, n_warnings INTEGER, seconds REAL, report_json TEXT,
    publisher TEXT, region_code TEXT, region_province TEXT, region_city TEXT, region_county TEXT);
CREATE TABLE IF NOT EXISTS report_values(
    report_id INTEGER NOT NULL, path TEXT NOT NULL, value, how TEXT, raw TEXT, page INTEGER, line INTEGER,
    tbl INTEGER, cell TEXT, note TEXT);
CREATE TABLE IF NOT EXISTS checks(report_id INTEGER NOT NULL, rule TEXT, ok INTEGER, expected, actual, "where" TEXT);
CREATE TABLE IF NOT EXISTS warnings(report_id INTEGER NOT NULL, code TEXT, message TEXT, "where" TEXT);
CREATE TABLE IF NOT EXISTS failures(
    id INTEGER PRIMARY KEY, path TEXT UNIQUE, sha256 TEXT, kind TEXT, message TEXT, converter_version TEXT,
    failed_at TEXT, seconds REAL, detail TEXT, limit_name TEXT);
CREATE TABLE IF NOT EXISTS cross_checks(
    report_id INTEGER NOT NULL, prev_report_id INTEGER NOT NULL, rule TEXT, expected, actual, ok INTEGER);
CREATE TABLE IF NOT EXISTS dataset_info(key TEXT PRIMARY KEY, value TEXT);
CREATE INDEX IF NOT EXISTS reports_agency_year ON reports(agency_key, year);
CREATE INDEX IF NOT EXISTS reports_path ON reports(path);
CREATE INDEX IF NOT EXISTS reports_year ON reports(year);
CREATE INDEX IF NOT EXISTS report_values_report ON report_values(report_id, path);
CREATE INDEX IF NOT EXISTS checks_report ON checks(report_id);
CREATE INDEX IF NOT EXISTS warnings_report ON warnings(report_id);
CREATE INDEX IF NOT EXISTS failures_kind ON failures(kind);
CREATE INDEX IF NOT EXISTS cross_checks_report ON cross_checks(report_id);
"""


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


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _wide_view_sql() -> str:
    cols = ", ".join(f"MAX(CASE WHEN v.path = '{p}' THEN v.value END) AS {_quote(p)}" for p in value_paths())
    return ("CREATE VIEW report_wide AS SELECT r.id, r.path, r.sha256, r.format, r.title, r.agency, "
            "r.agency_key, r.year, r.template, r.published, r.converter_version, r.n_failed_checks, "
            f"r.n_warnings, {', '.join('r.' + c for c in IDENTITY_COLUMNS)}, "
            f"{cols} FROM reports r LEFT JOIN report_values v ON v.report_id = r.id "
            "GROUP BY r.id")


def connect(path: str | os.PathLike[str], *, create: bool = False) -> sqlite3.Connection:
    """A connection to a dataset (read-only use: ``create=False`` refuses a missing file)."""
    p = Path(path)
    if not create and not p.is_file():
        raise OutputError(f"{p}: no such dataset")
    conn = sqlite3.connect(str(p), timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    if create:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
        conn.executescript(SCHEMA)
        have = {r[1] for r in conn.execute("PRAGMA table_info(reports)")}
        for c in IDENTITY_COLUMNS:  # a dataset made before the identity columns: they are added
            if c not in have:
                conn.execute(f"ALTER TABLE reports ADD COLUMN {c} TEXT")
        with conn:
            conn.execute("DROP VIEW IF EXISTS report_wide")
            conn.execute(_wide_view_sql())
            conn.execute("INSERT OR REPLACE INTO dataset_info VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    return conn


def _delete_input(conn: sqlite3.Connection, path: str) -> None:
    row = conn.execute("SELECT id FROM reports WHERE path = ?", (path,)).fetchone()
    if row is not None:
        rid = row[0]
        for table in ("report_values", "checks", "warnings"):
            conn.execute(f"DELETE FROM {table} WHERE report_id = ?", (rid,))
        conn.execute("DELETE FROM cross_checks WHERE report_id = ? OR prev_report_id = ?", (rid, rid))
        conn.execute("DELETE FROM reports WHERE id = ?", (rid,))
    conn.execute("DELETE FROM failures WHERE path = ?", (path,))


def insert_report(conn: sqlite3.Connection, report: Report, seconds: float = 0.0,
                  version: str | None = None, report_json: str | None = None) -> int:
    """Store one report (replacing what the dataset held for its path); returns its id."""
    m = report.meta
    path = report.source.path or "-"
    _delete_input(conn, path)
    cur = conn.execute(
        "INSERT INTO reports(path, sha256, format, title, agency, agency_key, year, template, published, "
        f"converter_version, converted_at, n_failed_checks, n_warnings, seconds, report_json, "
        f"{', '.join(IDENTITY_COLUMNS)}) VALUES ({','.join('?' * (15 + len(IDENTITY_COLUMNS)))})",
        (path, report.source.sha256, report.source.format, m.title, m.agency, m.agency_key or agency_key(m.agency),
         m.year, m.template, m.published, version or converter_version(), now_iso(),
         sum(1 for c in report.checks if not c.ok), len(report.warnings), round(seconds, 4),
         report_json or report.to_json(provenance=True, indent=None), *identity_row(report).values()))
    rid = int(cur.lastrowid or 0)
    rows: list[tuple[Any, ...]] = []
    for p, v in flat_values(report).items():
        prov = report.provenance.get(p)
        loc = prov.loc if prov else None
        rows.append((rid, p, v, prov.how if prov else None, prov.raw if prov else None,
                     loc.page if loc else None, loc.line if loc else None,
                     prov.table if prov else None,
                     f"r{prov.cell[0] + 1}c{prov.cell[1] + 1}" if prov and prov.cell else None,
                     prov.note if prov and prov.note else None))
    conn.executemany("INSERT INTO report_values VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO checks VALUES (?,?,?,?,?,?)",
                     [(rid, c.rule, int(c.ok), c.expected, c.actual, c.where) for c in report.checks])
    conn.executemany("INSERT INTO warnings VALUES (?,?,?,?)",
                     [(rid, w.code, w.message, w.where) for w in report.warnings])
    return rid


def insert_failure(conn: sqlite3.Connection, result: Result, version: str | None = None) -> None:
    _delete_input(conn, result.path)
    conn.execute(
        "INSERT INTO failures(path, sha256, kind, message, converter_version, failed_at, seconds, detail, "
        "limit_name) VALUES (?,?,?,?,?,?,?,?,?)",
        (result.path, result.sha256, result.kind, result.message, version or converter_version(), now_iso(),
         round(result.seconds, 4), result.detail or None, result.limit or None))


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
        row = self.conn.execute("SELECT sha256, converter_version FROM reports WHERE path = ?", (path,)).fetchone()
        if row is not None:
            return Stored(row[0], row[1], failed=False)
        row = self.conn.execute("SELECT sha256, converter_version FROM failures WHERE path = ?", (path,)).fetchone()
        if row is not None:
            return Stored(row[0], row[1], failed=True)
        return None

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
