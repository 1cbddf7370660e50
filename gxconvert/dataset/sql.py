"""The SQLite dataset's schema and every SQL statement run on it, in one
place: the batch's sink, ``dataset.read``/``reports``, the cross-year
checks (``gxconvert check``) and the review pages all use these.

A table is declared once as its columns; its ``CREATE TABLE`` and its
``INSERT`` are made from that declaration, so a new column of ``reports``
is one line in :data:`REPORT_COLUMNS` (its value comes from
:func:`~gxconvert.dataset.columns.meta_row`, which every output shares).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .. import compactjson
from ..model import Report
from ..results import Result
from .atomic import OutputError
from .columns import IDENTITY_COLUMNS, INT_META, META_COLUMNS, OCR_COLUMNS, flat_values, meta_row, now_iso, value_paths

SCHEMA_VERSION = "1"

#: reports: one row per converted input (name, SQL type); ``id`` comes first
REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "TEXT UNIQUE"), ("sha256", "TEXT"), ("format", "TEXT"), ("title", "TEXT"), ("agency", "TEXT"),
    ("agency_key", "TEXT"), ("year", "INTEGER"), ("template", "TEXT"), ("published", "TEXT"),
    ("converter_version", "TEXT"), ("converted_at", "TEXT"), ("n_failed_checks", "INTEGER"),
    ("n_warnings", "INTEGER"), ("seconds", "REAL"), ("report_json", "TEXT"),
    *((c, "TEXT") for c in IDENTITY_COLUMNS),
    *((c, "INTEGER" if c in INT_META else "REAL") for c in OCR_COLUMNS),
)
#: columns added after the first datasets were written: an older dataset gets them when opened
_ADDED_LATER = frozenset(IDENTITY_COLUMNS) | frozenset(OCR_COLUMNS)
#: failures: one row per input that gave no report
FAILURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "TEXT UNIQUE"), ("sha256", "TEXT"), ("kind", "TEXT"), ("message", "TEXT"),
    ("converter_version", "TEXT"), ("failed_at", "TEXT"), ("seconds", "REAL"), ("detail", "TEXT"),
    ("limit_name", "TEXT"),
)
VALUE_COLUMNS = ("report_id", "path", "value", "how", "raw", "page", "line", "tbl", "cell", "note")
CHECK_COLUMNS = ("report_id", "rule", "ok", "expected", "actual", "where")
WARNING_COLUMNS = ("report_id", "code", "message", "where")
CROSS_COLUMNS = ("report_id", "prev_report_id", "rule", "expected", "actual", "ok")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(name: str, columns: tuple[tuple[str, str], ...]) -> str:
    cols = ", ".join(f"{_q(c)} {t}" for c, t in columns)
    return f"CREATE TABLE IF NOT EXISTS {name}(id INTEGER PRIMARY KEY, {cols});"


def _insert(name: str, columns: tuple[str, ...], text: frozenset[str] = frozenset()) -> str:
    """An INSERT of one row; a column in ``text`` takes UTF-8 bytes (or text) and stores text."""
    params = ",".join("CAST(? AS TEXT)" if c in text else "?" for c in columns)
    return f"INSERT INTO {name}({', '.join(_q(c) for c in columns)}) VALUES ({params})"


_VALUE_DEFS = ("report_id INTEGER NOT NULL, path TEXT NOT NULL, value, how TEXT, raw TEXT, page INTEGER, "
               "line INTEGER, tbl INTEGER, cell TEXT, note TEXT")
#: the value rows of a new dataset: one B-tree clustered on (report id, value path) — a value path is
#: a key of the report's flat values, so one row per path and report — filled in that order
VALUES_CLUSTERED = (f"CREATE TABLE IF NOT EXISTS report_values({_VALUE_DEFS}, PRIMARY KEY(report_id, path)) "
                    "WITHOUT ROWID;")
#: the value rows of a dataset made before it: a rowid table and an index on (report id, value path)
VALUES_ROWID = (f"CREATE TABLE IF NOT EXISTS report_values({_VALUE_DEFS});\n"
                "CREATE INDEX IF NOT EXISTS report_values_report ON report_values(report_id, path);")
#: dataset_info's key for the value rows' layout ("clustered" or "rowid")
VALUES_LAYOUT = "values_layout"

SCHEMA = "\n".join([
    _table("reports", REPORT_COLUMNS),
    'CREATE TABLE IF NOT EXISTS checks(report_id INTEGER NOT NULL, rule TEXT, ok INTEGER, expected, actual, '
    '"where" TEXT);',
    'CREATE TABLE IF NOT EXISTS warnings(report_id INTEGER NOT NULL, code TEXT, message TEXT, "where" TEXT);',
    _table("failures", FAILURE_COLUMNS),
    "CREATE TABLE IF NOT EXISTS cross_checks(report_id INTEGER NOT NULL, prev_report_id INTEGER NOT NULL, "
    "rule TEXT, expected, actual, ok INTEGER);",
    "CREATE TABLE IF NOT EXISTS dataset_info(key TEXT PRIMARY KEY, value TEXT);",
    "CREATE INDEX IF NOT EXISTS reports_agency_year ON reports(agency_key, year);",
    "CREATE INDEX IF NOT EXISTS reports_year ON reports(year);",
    "CREATE INDEX IF NOT EXISTS checks_report ON checks(report_id);",
    "CREATE INDEX IF NOT EXISTS warnings_report ON warnings(report_id);",
    "CREATE INDEX IF NOT EXISTS failures_kind ON failures(kind);",
    "CREATE INDEX IF NOT EXISTS cross_checks_report ON cross_checks(report_id);",
])

#: the report's JSON comes as UTF-8 bytes (encoded once, in the worker: the parent neither decodes
#: nor re-encodes it) and is stored as the text it is
INSERT_REPORT = _insert("reports", tuple(c for c, _ in REPORT_COLUMNS), frozenset({"report_json"}))
INSERT_FAILURE = _insert("failures", tuple(c for c, _ in FAILURE_COLUMNS))
INSERT_CHECKS = _insert("checks", CHECK_COLUMNS)
INSERT_WARNINGS = _insert("warnings", WARNING_COLUMNS)
INSERT_CROSS = _insert("cross_checks", CROSS_COLUMNS)


def _wide_view() -> str:
    meta = ", ".join(f"r.{_q(c)}" for c in META_COLUMNS)
    cols = ", ".join(f"MAX(CASE WHEN v.path = '{p}' THEN v.value END) AS {_q(p)}" for p in value_paths())
    return (f"CREATE VIEW report_wide AS SELECT r.id, {meta}, {cols} FROM reports r "
            "LEFT JOIN report_values v ON v.report_id = r.id GROUP BY r.id")


# ---------------------------------------------------------------- connections


def connect(path: str | os.PathLike[str], *, create: bool = False, threads: bool = False) -> sqlite3.Connection:
    """A connection to a dataset (``create=False`` refuses a missing file;
    ``threads``: used from more than one thread, the caller serialising)."""
    p = Path(path)
    if not create and not p.is_file():
        raise OutputError(f"{p}: no such dataset")
    conn = sqlite3.connect(str(p), timeout=30, check_same_thread=not threads)
    conn.execute("PRAGMA busy_timeout = 30000")
    if create:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
        layout = values_layout(conn) or "clustered"  # a new dataset's value rows are clustered
        conn.executescript(SCHEMA + (VALUES_CLUSTERED if layout == "clustered" else VALUES_ROWID))
        have = {r[1] for r in conn.execute("PRAGMA table_info(reports)")}
        for c, sql_type in REPORT_COLUMNS:  # a dataset made before a column was: it is added
            if c in _ADDED_LATER and c not in have:
                conn.execute(f"ALTER TABLE reports ADD COLUMN {_q(c)} {sql_type}")
        with conn:
            conn.execute("DROP VIEW IF EXISTS report_wide")
            conn.execute(_wide_view())
            conn.execute("INSERT OR REPLACE INTO dataset_info VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            conn.execute("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)", (VALUES_LAYOUT, layout))
    return conn


def values_layout(conn: sqlite3.Connection) -> str | None:
    """How a dataset keeps its value rows: "clustered" (one B-tree keyed by
    report id and value path: a dataset this version made), "rowid" (a
    rowid table and an index on them: made before), None (no value table yet).
    Read from the table itself, so a dataset of either age answers."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_values'").fetchone() is None:
        return None
    try:
        conn.execute("SELECT rowid FROM report_values LIMIT 0")
    except sqlite3.OperationalError:  # a WITHOUT ROWID table has no rowid
        return "clustered"
    return "rowid"


def connect_readonly(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """The dataset opened read-only (what review and reading use)."""
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


# ---------------------------------------------------------------- writing


Record = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]
_ROWS_PER_INSERT = 100  # x 9 parameters + the report id: under SQLite's oldest limit of 999 a statement
_VALUE_FIELDS = len(VALUE_COLUMNS) - 1  # all but report_id
#: A value row's parameters, all but report_id.  sqlite3 binds a None only after looking for an
#: adapter for its type (about 0.4 µs: most of a row's cost, with ~3 of its 9 fields missing), so a
#: missing value, page, line, table, cell or note comes as a sentinel of a type bound at once, which
#: the INSERT turns back into NULL: "" for value (a number, never text), cell and note (never empty:
#: an empty note is no note), -1 for page, line and table (never negative).
_VALUE_PARAMS = ("?", "NULLIF(?, '')", "?", "?", "NULLIF(?, -1)", "NULLIF(?, -1)", "NULLIF(?, -1)",
                 "NULLIF(?, '')", "NULLIF(?, '')")


def report_json(report: Report) -> bytes:
    """The ``report_json`` a dataset stores: the report with its provenance,
    compact JSON (no spaces after separators), UTF-8."""
    return compactjson.dumps(report.to_dict(provenance=True))


def _rows(report: Report, result: Result | None, version: str | None) -> tuple[
        tuple[Any, ...], list[Any], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """One report's rows: the ``reports`` row (in :data:`REPORT_COLUMNS`
    order; ``report_json`` as UTF-8 bytes), its value rows' parameters in
    one flat list (:data:`_VALUE_FIELDS` a row, in value path order: the
    clustered table's key), its checks and its warnings, each without its
    ``report_id``."""
    row = meta_row(report, version)  # the meta columns, as every output has them
    row.update(path=report.source.path or "-", converted_at=now_iso(),
               seconds=round(result.seconds if result else 0.0, 4), report_json=report_json(report))
    values: list[Any] = []  # in _VALUE_PARAMS's terms: "" or -1 for a missing field
    add = values.extend
    provenance = report.provenance
    for p, v in sorted(flat_values(report).items()):
        prov = provenance.get(p)
        if v is None:
            v = ""
        if prov is None:
            add((p, v, None, None, -1, -1, -1, "", ""))
            continue
        loc, cell, table, line, page = prov.loc, prov.cell, prov.table, -1, -1
        if loc is not None:
            line = -1 if loc.line is None else loc.line
            page = -1 if loc.page is None else loc.page
        add((p, v, prov.how, prov.raw, page, line, -1 if table is None else table,
             f"r{cell[0] + 1}c{cell[1] + 1}" if cell else "", prov.note))
    checks = [(c.rule, int(c.ok), c.expected, c.actual, c.where) for c in report.checks]
    warnings = [(w.code, w.message, w.where) for w in report.warnings]
    return tuple(row[c] for c, _ in REPORT_COLUMNS), values, checks, warnings


def encode(report: Report, result: Result | None = None, version: str | None = None) -> Record:
    """Everything the dataset stores of one report, as plain rows (see
    :func:`_rows`), the value rows' parameters cut in chunks of
    :data:`_ROWS_PER_INSERT` rows: what the sink inserts when it encodes a
    report itself (a batch in one process)."""
    row, values, checks, warnings = _rows(report, result, version)
    step = _ROWS_PER_INSERT * _VALUE_FIELDS
    return row, [tuple(values[i:i + step]) for i in range(0, len(values), step)], checks, warnings


def delete_input(conn: sqlite3.Connection, path: str) -> None:
    """Remove what the dataset holds for one input path."""
    row = conn.execute("SELECT id FROM reports WHERE path = ?", (path,)).fetchone()
    if row is not None:
        rid = row[0]
        for table in ("report_values", "checks", "warnings"):
            conn.execute(f"DELETE FROM {table} WHERE report_id = ?", (rid,))
        conn.execute("DELETE FROM cross_checks WHERE report_id = ? OR prev_report_id = ?", (rid, rid))
        conn.execute("DELETE FROM reports WHERE id = ?", (rid,))
    conn.execute("DELETE FROM failures WHERE path = ?", (path,))


@lru_cache(maxsize=8)
def _insert_values(n: int) -> str:
    """An INSERT of ``n`` value rows whose report id is the first parameter
    (``?1`` in every row; the others number on from it)."""
    row = "(?1," + ",".join(_VALUE_PARAMS) + ")"
    return f"INSERT INTO report_values({', '.join(_q(c) for c in VALUE_COLUMNS)}) VALUES {','.join([row] * n)}"


def record_path(record: Record | Staged) -> str:
    """The input path an encoded report is stored under."""
    return record.path if isinstance(record, Staged) else str(record[0][0])


def insert_record(conn: sqlite3.Connection, record: Record | Staged, replace: bool = True) -> int:
    """Store one encoded report (replacing what the dataset held for its
    path, unless ``replace`` is False: the caller knows it holds nothing);
    returns its id.  The value rows come flattened in chunks, so inserting
    them is one call a chunk with nothing done per row here; a
    :class:`Staged` report is copied from its image by SQLite."""
    if isinstance(record, Staged):
        return insert_staged(conn, record, replace)
    row, values, checks, warnings = record
    if replace:
        delete_input(conn, row[0])
    rid = int(conn.execute(INSERT_REPORT, row).lastrowid or 0)
    for flat in values:
        conn.execute(_insert_values(len(flat) // _VALUE_FIELDS), (rid, *flat))
    conn.executemany(INSERT_CHECKS, [(rid, *c) for c in checks])
    conn.executemany(INSERT_WARNINGS, [(rid, *w) for w in warnings])
    return rid


# ---------------------------------------------------------------- a worker's staged report

#: the tables of a staged report (a small in-memory database: one report's rows), named by the
#: dataset table they are copied into, with that table's columns but ``id`` and ``report_id``
_STAGE_TABLES: dict[str, tuple[str, ...]] = {
    "reports": tuple(c for c, _ in REPORT_COLUMNS), "report_values": VALUE_COLUMNS[1:],
    "checks": CHECK_COLUMNS[1:], "warnings": WARNING_COLUMNS[1:],
}
#: the schema name a dataset connection attaches the staged report under
STAGE = "stage"
#: whether this Python's sqlite3 can stage a report (``Connection.serialize``: Python 3.11 on)
CAN_STAGE = hasattr(sqlite3.Connection, "serialize") and hasattr(sqlite3.Connection, "deserialize")


class Staged(NamedTuple):
    """One report encoded by a worker as what SQLite reads without Python:
    the image (``Connection.serialize``) of an in-memory database holding
    the report's rows.  The parent attaches it and copies each table with
    one ``INSERT … SELECT``: no Python object per value row, no parameter
    bound per value."""

    path: str  # the input path the report is stored under
    image: bytes


_stage_db: dict[int, tuple[sqlite3.Connection, bytes]] = {}  # this process's staging database, and its image empty


def _stage_connection() -> tuple[sqlite3.Connection, bytes]:
    pid = os.getpid()
    got = _stage_db.get(pid)
    if got is None:
        _stage_db.clear()  # one made before a fork is its parent's
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.executescript("".join(f"CREATE TABLE {name}({', '.join(_q(c) for c in cols)});"
                                   for name, cols in _STAGE_TABLES.items()))
        got = _stage_db[pid] = (conn, conn.serialize())
    return got


@lru_cache(maxsize=1)
def _stage_inserts() -> tuple[str, str, str]:
    """The INSERTs of a staged report's row, checks and warnings."""
    ins = [_insert(name, cols, frozenset({"report_json"})) for name, cols in _STAGE_TABLES.items()]
    return ins[0], ins[2], ins[3]


@lru_cache(maxsize=8)
def _stage_values(n: int) -> str:
    """An INSERT of ``n`` staged value rows."""
    row = "(" + ",".join(_VALUE_PARAMS) + ")"
    return f"INSERT INTO report_values({', '.join(map(_q, VALUE_COLUMNS[1:]))}) VALUES {','.join([row] * n)}"


def stage(report: Report, result: Result | None = None, version: str | None = None) -> Staged:
    """One report's rows (:func:`encode`) staged: the SQLite sink's
    encoder, run in the worker."""
    row, chunks, checks, warnings = encode(report, result, version)
    conn, empty = _stage_connection()
    conn.deserialize(empty)  # the tables as made: empty
    ins_report, ins_checks, ins_warnings = _stage_inserts()
    conn.execute("BEGIN")
    conn.execute(ins_report, row)
    for flat in chunks:
        conn.execute(_stage_values(len(flat) // _VALUE_FIELDS), flat)
    conn.executemany(ins_checks, checks)
    conn.executemany(ins_warnings, warnings)
    conn.execute("COMMIT")
    return Staged(str(row[0]), conn.serialize())


def attach_stage(conn: sqlite3.Connection) -> None:
    """Give a dataset connection the (in-memory) schema staged reports are read from."""
    conn.execute(f"ATTACH DATABASE ':memory:' AS {STAGE}")


@lru_cache(maxsize=1)
def _copies() -> tuple[str, ...]:
    """The dataset's INSERT … SELECT of each staged table (the report's id the parameter of all but the first)."""
    out = []
    for name, cols in _STAGE_TABLES.items():
        names = ", ".join(_q(c) for c in cols)
        if name == "reports":
            out.append(f"INSERT INTO main.reports({names}) SELECT {names} FROM {STAGE}.reports")
        else:
            out.append(f"INSERT INTO main.{name}(report_id, {names}) SELECT ?1, {names} FROM {STAGE}.{name}")
    return tuple(out)


def insert_staged(conn: sqlite3.Connection, staged: Staged, replace: bool = True) -> int:
    """Store one staged report (see :func:`insert_record`) through the
    connection's attached stage (:func:`attach_stage`); returns its id."""
    _check_image(staged)
    if replace:
        delete_input(conn, staged.path)
    conn.deserialize(staged.image, name=STAGE)
    copy_report, *copy_rows = _copies()
    rid = int(conn.execute(copy_report).lastrowid or 0)
    for copy in copy_rows:
        conn.execute(copy, (rid,))
    return rid


def _check_image(staged: Staged) -> None:
    """Refuse an image that is not a whole SQLite database before it is
    attached: SQLite reading a damaged attached database inside the
    transaction fails the transaction's commit, and every file in it."""
    image = staged.image
    if len(image) < 100 or image[:16] != b"SQLite format 3\x00":
        raise sqlite3.DatabaseError(f"{staged.path}: the staged report is not an SQLite database")
    page_size = int.from_bytes(image[16:18], "big")
    pages = int.from_bytes(image[28:32], "big")
    if (65536 if page_size == 1 else page_size) * pages != len(image):
        raise sqlite3.DatabaseError(f"{staged.path}: the staged report is cut short ({len(image)} bytes)")


def insert_report(conn: sqlite3.Connection, report: Report, seconds: float = 0.0, version: str | None = None) -> int:
    """Store one report; returns its id."""
    return insert_record(conn, encode(report, Result(path="", seconds=seconds), version))


def insert_failure(conn: sqlite3.Connection, result: Result, version: str, replace: bool = True) -> None:
    if replace:
        delete_input(conn, result.path)
    conn.execute(INSERT_FAILURE, (result.path, result.sha256, result.kind, result.message, version, now_iso(),
                                  round(result.seconds, 4), result.detail or None, result.limit or None))


def stored_all(conn: sqlite3.Connection) -> dict[str, tuple[str | None, str | None, bool]]:
    """(sha256, converter version, failed) of every input the dataset holds,
    by path: one query for a run, instead of two per input (the version
    strings shared: a few hundred bytes an input)."""
    versions: dict[str | None, str | None] = {}
    out: dict[str, tuple[str | None, str | None, bool]] = {}
    for table, failed in (("failures", True), ("reports", False)):  # a report wins over a failure of its path
        for path, sha, version in conn.execute(f"SELECT path, sha256, converter_version FROM {table}"):
            out[path] = (sha, versions.setdefault(version, version), failed)
    return out


def stored(conn: sqlite3.Connection, path: str) -> tuple[str | None, str | None, bool] | None:
    """(sha256, converter version, failed) of what the dataset holds for ``path``."""
    for table, failed in (("reports", False), ("failures", True)):
        row = conn.execute(f"SELECT sha256, converter_version FROM {table} WHERE path = ?", (path,)).fetchone()
        if row is not None:
            return row[0], row[1], failed
    return None


# ---------------------------------------------------------------- reading


def report_jsons(conn: sqlite3.Connection) -> Iterator[tuple[int, str]]:
    """(id, report_json) of every report, in id order, one at a time."""
    yield from conn.execute("SELECT id, report_json FROM reports ORDER BY id")


def report_jsons_by_path(conn: sqlite3.Connection) -> Iterator[str]:
    for (text,) in conn.execute("SELECT report_json FROM reports ORDER BY path"):
        yield text


# cross-year checks (gxconvert check)
CROSS_CANDIDATES = ("SELECT id, agency_key, year, template, agency, path FROM reports "
                    "WHERE agency_key IS NOT NULL AND year IS NOT NULL ORDER BY agency_key, year, path")


def values_of(conn: sqlite3.Connection, ids: list[int], paths: list[str]) -> Iterator[tuple[int, str, Any]]:
    """(report id, value path, value) of the given reports and paths."""
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        q = (f"SELECT report_id, path, value FROM report_values WHERE report_id IN ({','.join('?' * len(chunk))}) "
             f"AND path IN ({','.join('?' * len(paths))})")
        yield from conn.execute(q, (*chunk, *paths))


def replace_cross_checks(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    conn.execute("DELETE FROM cross_checks")
    conn.executemany(INSERT_CROSS, rows)


# review pages
INDEX_REPORTS = ("SELECT id, path, agency, year, template, title, published, n_failed_checks, n_warnings "
                 "FROM reports ORDER BY agency IS NULL, agency, year, path")
INDEX_FAILURES = "SELECT path, kind, message, converter_version, failed_at FROM failures ORDER BY path"
REPORTS_PER_YEAR = "SELECT year, COUNT(*) FROM reports GROUP BY year ORDER BY year IS NULL, year"
REPORTS_FAILING_PER_RULE = ("SELECT rule, COUNT(DISTINCT CASE WHEN ok = 0 THEN report_id END) FROM checks "
                            "GROUP BY rule ORDER BY rule")
FAILED_RULES_PER_REPORT = "SELECT report_id, rule, COUNT(*) FROM checks WHERE ok = 0 GROUP BY report_id, rule"
WARNING_CODES_PER_REPORT = "SELECT report_id, code, COUNT(*) FROM warnings GROUP BY report_id, code"
IDENTITY_WARNINGS_PER_REPORT = ('SELECT report_id, COUNT(*) FROM warnings WHERE "where" LIKE \'meta.%\' '
                                "GROUP BY report_id")
YEAR_AND_JSON = "SELECT year, report_json FROM reports"


def sum_per_year(json_path: str) -> str:
    """Per year: the sum and the count of one value of the reports' JSON."""
    return ("SELECT year, SUM(v), COUNT(v) FROM (SELECT year, CASE WHEN json_valid(report_json) THEN "
            f"json_extract(report_json, '$.tables.{json_path}') END AS v FROM reports) "
            "GROUP BY year ORDER BY year IS NULL, year")
