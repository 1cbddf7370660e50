"""The SQLite dataset's value table and how a worker's rows reach it.

A new dataset keeps its value rows in one B-tree clustered on (report_id,
path); one made before keeps its rowid table and index, and both open,
take new reports, resume and read back.  A worker stages each report (an
in-memory database's image) and the parent copies it in; missing fields of a
value row travel as sentinels that must be stored as NULL, never as "" or -1.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from gxconvert import convert
from gxconvert.batch.progress import Progress
from gxconvert.batch.run import Batch, RunSettings
from gxconvert.cli import main
from gxconvert.dataset import sql
from gxconvert.dataset import sqlite as sqlite_sink
from gxconvert.dataset.sqlite import SqliteSink
from gxconvert.results import Result

ROOT = Path(__file__).resolve().parent.parent
SEED_NONES = ROOT / "corpus" / "seeds" / "002_808b9c10c0982807.txt"  # 150 blank values, text: no pages
GLUED_NOTES = ROOT / "corpus" / "glued" / "000_c618104cc4de48fa.glued.txt"  # 198 values, 190 with a note, no cells
PDF = ROOT / "corpus" / "pdf" / "000_ruled_split.pdf"  # pages 3 and 4, tables and cells
INPUTS = [SEED_NONES, GLUED_NOTES, PDF]

# the schema of the datasets written before the clustered value table (verbatim, as they were made)
_OLD_VALUES = ("CREATE TABLE report_values(report_id INTEGER NOT NULL, path TEXT NOT NULL, value, how TEXT, "
               "raw TEXT, page INTEGER, line INTEGER, tbl INTEGER, cell TEXT, note TEXT);"
               "CREATE INDEX report_values_report ON report_values(report_id, path);")


def _rows(db: Path, query: str, args: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, args).fetchall()
    finally:
        conn.close()


def _run(inputs: list[Path], db: Path, jobs: int, **kw: object) -> list[Result]:
    seen: list[Result] = []
    sink = SqliteSink(db)
    add = sink.add

    def recording(result: Result) -> None:
        seen.append(result)
        add(result)

    sink.add = recording  # type: ignore[method-assign]
    Batch([str(p) for p in inputs], sink, Progress(len(inputs), "quiet", io.StringIO(), "convert"),
          RunSettings(jobs=jobs, **kw)).run()  # type: ignore[arg-type]
    return seen


def _expected(path: Path) -> dict[str, tuple]:
    """Each value row as the report has it: missing fields None."""
    r = convert(str(path))
    out = {}
    for table, flat in r.values.items():
        for p, v in flat.items():
            full = f"{table}.{p}"
            prov = r.provenance.get(full)
            loc = prov.loc if prov else None
            out[full] = (v, prov.how if prov else None, prov.raw if prov else None, loc.page if loc else None,
                         loc.line if loc else None, prov.table if prov else None,
                         f"r{prov.cell[0] + 1}c{prov.cell[1] + 1}" if prov and prov.cell else None,
                         (prov.note or None) if prov else None)
    return out


def _stored(db: Path, path: Path) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in _rows(
        db, "SELECT v.path, v.value, v.how, v.raw, v.page, v.line, v.tbl, v.cell, v.note FROM report_values v "
            "JOIN reports r ON r.id = v.report_id WHERE r.path = ?", (str(path),))}


@pytest.mark.parametrize("how", ["staged", "tuples", "in_process"])
def test_value_rows_are_stored_as_the_report_has_them_missing_fields_null(tmp_path, monkeypatch, how):
    if how == "tuples":  # a Python whose sqlite3 cannot serialize: the workers send rows
        monkeypatch.setattr(sqlite_sink, "CAN_STAGE", False)
    db = tmp_path / "d.sqlite"
    seen = _run(INPUTS, db, 0 if how == "in_process" else 2)
    kinds = {type(r.record) for r in seen}
    assert kinds == {sql.Staged if how == "staged" else tuple if how == "tuples" else type(None)}
    for path in INPUTS:
        assert _stored(db, path) == _expected(path), path
    # what the three files hold, so the comparison above covers every sentinel
    nones = _rows(db, "SELECT count(*) FROM report_values v JOIN reports r ON r.id = v.report_id "
                      "WHERE r.path = ? AND v.value IS NULL", (str(SEED_NONES),))
    assert nones == [(150,)]
    assert _rows(db, "SELECT count(*), count(page), count(note), count(cell) FROM report_values v "
                     "JOIN reports r ON r.id = v.report_id WHERE r.path = ?", (str(GLUED_NOTES),)) == [(198, 0, 190, 0)]
    assert _rows(db, "SELECT min(page), max(page), count(tbl) = count(*) FROM report_values v "
                     "JOIN reports r ON r.id = v.report_id WHERE r.path = ?", (str(PDF),)) == [(3, 4, 1)]
    assert _rows(db, "SELECT count(*) FROM report_values WHERE value = '' OR page = -1 OR line = -1 "
                     "OR tbl = -1 OR cell = '' OR note = ''") == [(0,)]
    assert _rows(db, "SELECT DISTINCT typeof(report_json) FROM reports") == [("text",)]


def test_a_value_without_provenance_is_stored_with_null_provenance(tmp_path):
    report = convert(str(SEED_NONES))
    dropped = "applications.new_received.total"
    del report.provenance[dropped]
    db = tmp_path / "d.sqlite"
    sink = SqliteSink(db)
    sink.add(Result(path=str(SEED_NONES), record=sql.stage(report)))
    sink.close()
    row = _rows(db, "SELECT value, how, raw, page, line, tbl, cell, note FROM report_values WHERE path = ?",
                (dropped,))
    assert row == [(report.values["applications"]["new_received.total"], None, None, None, None, None, None, None)]


def test_a_new_dataset_clusters_its_value_rows_and_says_so(tmp_path):
    db = tmp_path / "d.sqlite"
    _run(INPUTS[:1], db, 2)
    (ddl,) = _rows(db, "SELECT sql FROM sqlite_master WHERE name = 'report_values'")[0]
    assert "WITHOUT ROWID" in ddl and "PRIMARY KEY(report_id, path)" in ddl
    assert _rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'report_values' "
                     "AND sql IS NOT NULL") == []  # no second index to keep up
    assert _rows(db, "SELECT value FROM dataset_info WHERE key = 'values_layout'") == [("clustered",)]
    # the rows come back in key order without ORDER BY, and one path per report
    paths = [p for (p,) in _rows(db, "SELECT path FROM report_values")]
    assert paths == sorted(paths) and len(paths) == len(set(paths)) == 200


def test_a_dataset_made_before_keeps_its_rowid_values_opens_resumes_and_reads(tmp_path, capsys):
    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(_OLD_VALUES)
    conn.close()
    assert main([str(SEED_NONES), str(PDF), "-o", str(db), "-j", "2", "-q"]) == 0
    assert _rows(db, "SELECT value FROM dataset_info WHERE key = 'values_layout'") == [("rowid",)]
    assert _rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'report_values'") == [
        ("report_values_report",)]
    for path in (SEED_NONES, PDF):
        assert _stored(db, path) == _expected(path)
    # a re-run skips both; a third input is added beside them
    capsys.readouterr()
    assert main([str(SEED_NONES), str(PDF), str(GLUED_NOTES), "-o", str(db), "-j", "2", "--summary"]) == 0
    assert "2 skipped" in capsys.readouterr().err
    assert _stored(db, GLUED_NOTES) == _expected(GLUED_NOTES)
    assert _rows(db, "SELECT count(*) FROM report_values") == [(200 + 198 + 198,)]
    # and it reads back as a dataset
    pd = pytest.importorskip("pandas")
    from gxconvert import dataset
    wide = dataset.read(db)
    assert isinstance(wide, pd.DataFrame) and len(wide) == 3
    row = wide.set_index("path").loc[str(PDF)]
    assert row["year"] == convert(str(PDF)).meta.year


def test_a_broken_staged_report_is_stored_not_at_all(tmp_path):
    db = tmp_path / "d.sqlite"
    sink = SqliteSink(db)
    good = convert(str(SEED_NONES))
    sink.add(Result(path=str(SEED_NONES), record=sql.stage(good)))
    staged = sql.stage(convert(str(PDF)))
    for broken in (sql.Staged(staged.path, staged.image[: len(staged.image) // 3]),  # cut short
                   sql.Staged(staged.path, b"not a database" * 100)):
        with pytest.raises(sqlite3.DatabaseError, match="staged report"):
            sink.add(Result(path=str(PDF), record=broken))
    sink.close()  # the first file is committed whole, as if the broken one had never come
    assert _rows(db, "SELECT path FROM reports") == [(str(SEED_NONES),)]
    assert _rows(db, "SELECT count(*) FROM report_values") == [(200,)]
