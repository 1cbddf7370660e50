"""The library entry point: ``convert(path_or_bytes) -> Report``."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Union

from .errors import ConversionError, CorruptDocumentError
from .matcher import match
from .model import Report, Source
from .readers import read_document, sniff

PathOrBytes = Union[str, os.PathLike, bytes, bytearray, memoryview]


def convert(src: PathOrBytes, *, path: str | None = None, format: str | None = None) -> Report:
    """Convert one report.

    ``src`` is a file path or the file's bytes (then ``path`` may name it for
    messages).  ``format`` forces a reader ("text", "html", "docx", "pdf");
    by default the content decides, not the file name.

    Raises :class:`~gxconvert.errors.ConversionError` (its subclasses
    ``NotAReportError``, ``CorruptDocumentError``, ``UnsupportedFormatError``)
    with a message naming the file and the reason."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        data = bytes(src)
    else:
        path = path or os.fspath(src)
        try:
            data = Path(src).read_bytes()
        except OSError as exc:
            raise ConversionError(f"cannot read file: {exc.strerror or exc}", path) from exc
    if not data.strip():
        raise CorruptDocumentError("the file is empty", path)
    fmt = format or sniff(data)
    try:
        doc = read_document(data, path, fmt)
        doc.path = path
        source = Source(path=path, format=fmt, sha256=hashlib.sha256(data).hexdigest())
        return match(doc, source)
    except ConversionError as exc:
        raise exc.with_path(path)
    except RecursionError as exc:
        raise CorruptDocumentError("the document is nested too deeply to read", path) from exc
    except MemoryError as exc:
        raise CorruptDocumentError("the document is too large to read in memory", path) from exc
