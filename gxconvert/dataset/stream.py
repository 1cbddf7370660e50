"""Reports written as text: JSON (one object, or an array), JSON Lines, or
``--explain`` listings, to standard output or to one file.

A JSON array is closed even when the run is interrupted, so what was
written always parses; a file output is written to a temporary name and
renamed when closed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from ..model import Report
from ..results import Result, Sink
from .atomic import AtomicFile, OutputError
from .registry import Request


class StreamSink(Sink):
    """``mode``: "json" (one report), "array", "jsonl" or "explain"."""

    def __init__(self, mode: str, target: str | os.PathLike[str] | None, stdout: TextIO,
                 provenance: bool = False, explain: Callable[[Report], str] | None = None) -> None:
        self.mode = mode
        self.provenance = provenance
        self.explain = explain
        self._atomic = AtomicFile(target, "w", encoding="utf-8") if target is not None else None
        self.out: TextIO = self._atomic.fh if self._atomic is not None else stdout  # type: ignore[assignment]
        self.written = 0
        self.failed = False
        if mode == "array":
            self.out.write("[\n")  # (flushed with the first report)

    def add(self, result: Result) -> None:
        report = result.report
        if report is None:
            return
        if self.mode == "explain" and self.explain is not None:
            text = self.explain(report) + "\n"
        elif self.mode == "array":
            text = (",\n" if self.written else "") + report.to_json(provenance=self.provenance)
        elif self.mode == "jsonl":
            text = report.to_json(provenance=self.provenance, indent=None) + "\n"
        else:
            text = report.to_json(provenance=self.provenance) + "\n"
        self._write(text)
        self.written += 1

    def _write(self, text: str) -> None:
        """Write and flush; a full disk or a lost device is an OutputError
        naming the output (a closed pipe stays a BrokenPipeError: the
        reader of ``convert ... | head`` left)."""
        try:
            self.out.write(text)
            self.out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.failed = True
            where = self._atomic.target if self._atomic is not None else "standard output"
            raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from exc

    def close(self, complete: bool = True) -> None:
        if self.failed:  # nothing more can be written: a file output is not left half-written
            if self._atomic is not None:
                with contextlib.suppress(OSError):
                    self._atomic.fh.close()
                self._atomic.discard()
            return
        if self.mode == "array":
            self._write(("\n" if self.written else "") + "]\n")
        self._write("")
        if self._atomic is not None:
            if self.mode == "json" and not self.written:  # the one file failed: no output, not an empty one
                self._atomic.discard()
            else:
                self._atomic.commit()


def open_sink(request: Request) -> StreamSink:
    return StreamSink("json" if request.single else "array", request.target, sys.stdout,
                      provenance=request.provenance)


def report_dicts(path: Path) -> Iterator[dict[str, Any]]:
    data = json.loads(path.read_text("utf-8-sig"))
    yield from (data if isinstance(data, list) else [data])
