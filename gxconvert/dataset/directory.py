"""A directory of JSON files, one per input, mirroring the input tree.

``reports/2021/a.pdf`` and ``reports/2022/a.pdf`` become
``OUT/2021/a.pdf.json`` and ``OUT/2022/a.pdf.json``: names are the inputs'
paths relative to the deepest folder holding them all, so two inputs never
share an output.  Each file is written to a temporary name and renamed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..results import Result, Sink, Stored
from .atomic import OutputError, replace_atomically
from .registry import Request


def relative_names(paths: list[str]) -> dict[str, str]:
    """Input path -> its output name (without the '.json' suffix)."""
    real = [p for p in paths if p != "-"]
    out = {"-": "stdin"} if "-" in paths else {}
    if not real:
        return out
    absolute = {p: os.path.abspath(p) for p in real}
    base = os.path.commonpath([os.path.dirname(a) for a in absolute.values()])
    for p, a in absolute.items():
        out[p] = os.path.relpath(a, base)
    return out


class DirectorySink(Sink):
    resumable = True

    def __init__(self, path: str | os.PathLike[str], inputs: list[str], provenance: bool = False) -> None:
        self.root = Path(path)
        self.provenance = provenance
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create output directory {self.root}: {exc.strerror or exc}") from exc
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write into {self.root}: permission denied")
        self.names = relative_names(inputs)

    def target(self, path: str) -> Path:
        return self.root / (self.names.get(path, os.path.basename(path)) + ".json")

    def stored(self, path: str) -> Stored | None:
        t = self.target(path)
        if not t.is_file():
            return None
        try:
            sha = json.loads(t.read_text("utf-8")).get("source", {}).get("sha256")
        except (ValueError, OSError, AttributeError):
            return None
        return Stored(sha, None, failed=False)

    def add(self, result: Result) -> None:
        t = self.target(result.path)
        if result.report is None:
            if t.exists():  # the input now fails: its old report goes
                t.unlink()
            return
        t.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(t, (result.report.to_json(provenance=self.provenance) + "\n").encode("utf-8"))


def open_sink(request: Request) -> DirectorySink:
    return DirectorySink(request.target, request.inputs, provenance=request.provenance)


def report_dicts(path: Path) -> Iterator[dict[str, Any]]:
    for f in sorted(path.rglob("*.json")):
        yield json.loads(f.read_text("utf-8"))
