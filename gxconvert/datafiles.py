"""Data files people keep beside reports, recognised by their content in
milliseconds before any reader runs: an SQLite database, Parquet, JSON
Lines, a JSON file (a canonical report's JSON among them) or CSV (an XLSX
workbook is a zip container: the readers' triage names it).  Such a file
is a dataset, never a report: :func:`data_file` names it, and the
conversion refuses it as ``not_a_report`` with that name, so its bytes
never reach the text reader (a first run's ``reports.sqlite``
read as text took gigabytes).

Only the head of the file is looked at, except for JSON, which is parsed
whole (the C parser; a text report is never JSON).
"""

from __future__ import annotations

import json

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEAD = 1 << 16
_CSV_LINES = 8


def _text(head: bytes) -> str | None:
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut by the head's end
            return head[: exc.start].decode("utf-8-sig")
        return None


def _json_file(data: bytes, text: str) -> str | None:
    first, _, rest = text.partition("\n")
    try:
        whole = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        whole = None
    if whole is not None:
        if isinstance(whole, dict) and str(whole.get("schema", "")).startswith("gxconvert"):
            return "a gxconvert report's JSON"
        if isinstance(whole, list) and whole and isinstance(whole[0], dict) and "schema" in whole[0]:
            return "a JSON array of gxconvert reports"
        return "a JSON file"
    lines = [x for x in (first, *rest.split("\n", 2)[:2]) if x.strip()]
    if not lines:
        return None
    try:
        parsed = [json.loads(x) for x in lines[:2]]
    except ValueError:
        return None
    if all(isinstance(x, (dict, list)) for x in parsed):
        return "a JSON Lines file"
    return None


def _first_lines(text: str, n: int) -> list[str]:
    """``text.splitlines()[:n]``, splitting only as far as the n-th line ends."""
    k = 4096
    while True:
        lines = text[:k].splitlines()
        if len(lines) > n or k >= len(text):  # (a line after the n-th started: the n-th ended inside)
            return lines[:n]
        k *= 4


def _line_end(head: bytes, n: int) -> int | None:
    """Where the ``n``-th line of ``head`` ends (just past its ``n``-th b"\\n";
    None when it has fewer): the lines :func:`_is_csv` reads lie before it
    (a decoded text breaks lines at every b"\\n" and more)."""
    end = -1
    for _ in range(n):
        end = head.find(b"\n", end + 1)
        if end < 0:
            return None
    return end + 1


def _csv_rows(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    import csv  # (here: most heads are ruled out before, and most runs never read a CSV row)

    rows = list(csv.reader(lines))
    width = len(rows[0])
    return width >= 3 and all(len(r) == width for r in rows) and sum(1 for c in rows[0] if c.strip()) >= width - 1


def _is_csv(text: str) -> bool:
    lines = [x for x in _first_lines(text, _CSV_LINES + 1) if x.strip()]
    if len(text) >= _HEAD - 4:  # the last line may be cut by the head's end
        lines = lines[:-1]
    return _csv_rows(lines)


def _not_csv(head: bytes) -> bool:
    """Whether ``head`` (not JSON) is surely no CSV, judged on the lines a CSV
    is judged on, without decoding the rest: its first row needs two commas;
    and those lines, decoded alone, fail to decode (the whole head would fail
    at the same place) or are no CSV however long the whole text is (with or
    without the last of them).  False: the whole head must be read."""
    end = _line_end(head, _CSV_LINES + 1)
    if head.count(b",", 0, len(head) if end is None else end) < 2:
        return True
    if end is None or end >= len(head) - 4:  # (the whole head's last character may be cut)
        return False
    try:
        part = head[:end].decode("utf-8-sig")
    except UnicodeDecodeError:
        return True
    lines = [x for x in _first_lines(part, _CSV_LINES + 1) if x.strip()]
    return not _csv_rows(lines) and not _csv_rows(lines[:-1])


def data_file(data: bytes) -> str | None:
    """What data file ``data`` is ("an SQLite database", "a Parquet file",
    ...), or None when it may be a document."""
    head = data[:_HEAD]
    if head.startswith(SQLITE_MAGIC):
        return "an SQLite database"
    if head.startswith(b"PAR1"):
        return "a Parquet file"
    if head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1] not in (b"{", b"[") and _not_csv(head):
        return None  # neither JSON nor CSV: the rest of the head is not decoded
    text = _text(head)
    if text is None:
        return None
    lead = text.lstrip(" \t\r\n")
    if lead[:1] in ("{", "["):
        return _json_file(data, lead)
    if _is_csv(text):
        return "a CSV file"
    return None
