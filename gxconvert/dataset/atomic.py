"""Output files that are complete and valid, or not there at all.

``AtomicFile`` writes to a hidden temporary file beside the target and
renames it over the target only when the writer says the content is
complete; a run killed before that leaves the target as it was (the
temporary ``.NAME.partial`` is overwritten by the next run).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Any


class OutputError(Exception):
    """The output cannot be written (reported before any conversion)."""


def partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


def check_writable_dir(target: Path) -> None:
    """Raise OutputError if a file cannot be created beside ``target``."""
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        blocker = next((a for a in [parent, *parent.parents] if a.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise OutputError(f"cannot write {target}: {blocker} is a file, not a directory")
        raise OutputError(f"cannot write {target}: directory {parent} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {target}: directory {parent} is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"cannot write {target}: permission denied")


class AtomicFile:
    """``with AtomicFile(path, "w") as fh: ...`` — renamed into place on commit()."""

    def __init__(self, target: str | os.PathLike[str], mode: str = "w", **kwargs: Any) -> None:
        self.target = Path(target)
        check_writable_dir(self.target)
        self.tmp = partial_name(self.target)
        try:
            self.fh: IO[Any] = open(self.tmp, mode, **kwargs)  # noqa: SIM115 - closed by commit/discard
        except OSError as exc:
            raise OutputError(f"cannot write {self.target}: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        if not self.fh.closed:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        if not self.fh.closed:
            self.fh.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


def replace_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    tmp = partial_name(target)
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
