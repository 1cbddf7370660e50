"""A zip of documents given as an input: each member is an input of its own,
named ``reports.zip!/2021/name.docx``.

Only a file named ``*.zip`` that the readers' container triage calls an
archive of files (not an Office or OpenDocument package) is expanded, in
the walk, listing at most :data:`MAX_MEMBERS` members.  Each member is
read in the worker that converts it, bounded like any zip member
(``Options.max_zip_member_bytes``: the declared size is checked first,
and the bytes read never go past it).  Nothing is extracted to disk;
hidden names, ``__MACOSX/`` and folders are skipped, and a zip inside a
zip is an input like any file (refused as the container it is).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..errors import ConversionError, CorruptDocumentError, LimitExceededError
from ..options import DEFAULT_OPTIONS, Options
from ..readers import containers

if TYPE_CHECKING:
    import zipfile

SEP = "!/"
MAX_MEMBERS = 10_000


def is_archive(path: str) -> bool:
    """A ``.zip`` file that is an archive of files (the readers' container
    triage decides: not a docx/xlsx/odt package, not damaged)."""
    if not path.lower().endswith(".zip") or not os.path.isfile(path):
        return False
    try:
        if os.path.getsize(path) > DEFAULT_OPTIONS.max_bytes:
            return False  # converted as a file: refused by its size
        with open(path, "rb") as fh:
            return containers.is_archive(fh.read())
    except OSError:
        return False  # converted as a file: the readers say what it is


def _wanted(info: zipfile.ZipInfo) -> bool:
    parts = info.filename.split("/")
    return not info.is_dir() and parts[0] != "__MACOSX" and not any(p.startswith(".") for p in parts if p)


def members(path: str) -> list[str]:
    """The inputs of a zip of documents, in the zip's name order."""
    import zipfile  # only when a zip is given: a batch of files does not load it

    with zipfile.ZipFile(path) as zf:
        names = sorted(i.filename for i in zf.infolist()[: MAX_MEMBERS + 1] if _wanted(i))
    return [f"{path}{SEP}{n}" for n in names]


def split(path: str) -> tuple[str, str] | None:
    """(archive, member) of a member's input name, else None."""
    i = path.lower().find(".zip" + SEP)
    if i < 0:
        return None
    return path[: i + 4], path[i + 4 + len(SEP):]


def read_member(path: str, options: Options | None = None) -> bytes:
    """The bytes of ``archive.zip!/member``, bounded by ``max_zip_member_bytes``."""
    opts = options or DEFAULT_OPTIONS
    parts = split(path)
    if parts is None:
        raise ConversionError("not a zip member", path)
    archive, name = parts
    limit = min(opts.max_zip_member_bytes, opts.max_bytes)
    import zipfile

    try:
        with zipfile.ZipFile(archive) as zf:
            info = zf.getinfo(name)
            if info.file_size > limit:
                raise LimitExceededError(f"the zip member is {info.file_size / 1048576:.1f} MB uncompressed, "
                                         f"over {limit / 1048576:.0f} MB", path, "max_zip_member_bytes")
            with zf.open(info) as fh:
                data = fh.read(limit + 1)
    except KeyError:
        raise ConversionError("no such member in the zip", path) from None
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise CorruptDocumentError(f"the zip member cannot be read: {exc}", path) from exc
    if len(data) > limit:
        raise LimitExceededError(f"the zip member inflates past {limit / 1048576:.0f} MB", path,
                                 "max_zip_member_bytes")
    return data
