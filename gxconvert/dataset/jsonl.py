"""JSON Lines output: one report per line, appended whole.

Each line goes out in one ``write`` on a file opened for appending, so a
killed run leaves at most one torn last line; the next run drops it (and
redoes its file) and skips the inputs whose path and sha256 are already
there.  When a re-run redoes an input (its file changed, or ``--force``),
the file is rewritten at the end (temporary file and rename) keeping one
line per input.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Report
from ..results import Result, Sink, Stored
from .atomic import OutputError, check_writable_dir, partial_name
from .registry import Request


def _line_key(line: bytes) -> tuple[str | None, str | None]:
    try:
        src = json.loads(line).get("source") or {}
    except (ValueError, AttributeError):
        return None, None
    return src.get("path"), src.get("sha256")


def encode(report: Report, result: Result | None = None) -> bytes:
    """One report as its line (made in the worker)."""
    text: str = report.to_json(indent=None)
    return text.encode("utf-8") + b"\n"


def encode_with_provenance(report: Report, result: Result | None = None) -> bytes:
    text: str = report.to_json(provenance=True, indent=None)
    return text.encode("utf-8") + b"\n"


class JsonlSink(Sink):
    resumable = True

    def __init__(self, path: str | os.PathLike[str], provenance: bool = False) -> None:
        self.path = Path(path)
        self.provenance = provenance
        check_writable_dir(self.path)
        self._stored: dict[str, str | None] = {}
        self._redone: set[str] = set()
        self._dropped: set[str] = set()
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        self._resume()
        self._encode = encode_with_provenance if provenance else encode
        self.encoder = self._encode

    def _resume(self) -> None:
        size = os.fstat(self._fd).st_size
        if not size:
            return
        with open(self.path, "rb") as fh:
            data = fh.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):  # a torn last line: dropped, its file is redone
            os.ftruncate(self._fd, end)
            data = data[:end]
        for line in data.splitlines():
            path, sha = _line_key(line)
            if path is not None:
                self._stored[path] = sha

    def stored(self, path: str) -> Stored | None:
        if path in self._stored:
            return Stored(self._stored[path], None, failed=False)
        return None

    def add(self, result: Result) -> None:
        if result.path in self._stored:
            (self._redone if result.ok else self._dropped).add(result.path)
        if not result.ok:
            return
        line: bytes | None = result.record
        if line is None and result.report is not None:  # not encoded by a worker
            line = self._encode(result.report, result)
        if line is None:
            return
        view = memoryview(line)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]

    def close(self, complete: bool = True) -> None:
        if self._redone or self._dropped:
            self._compact()
        os.close(self._fd)

    def _compact(self) -> None:
        """Keep the last line of each redone input; drop inputs that now fail."""
        with open(self.path, "rb") as fh:
            lines = fh.read().splitlines(keepends=True)
        last: dict[str, int] = {}
        keys = [_line_key(x)[0] for x in lines]
        for i, k in enumerate(keys):
            if k is not None:
                last[k] = i
        tmp = partial_name(self.path)
        with open(tmp, "wb") as out:
            for i, (k, line) in enumerate(zip(keys, lines, strict=False)):
                if k in self._dropped and k not in self._redone:
                    continue
                if k in self._redone and last[k] != i:
                    continue
                out.write(line)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)


def open_sink(request: Request) -> JsonlSink:
    return JsonlSink(request.target, provenance=request.provenance)


def report_dicts(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
