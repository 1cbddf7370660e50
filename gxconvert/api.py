"""The library entry point: ``convert(source) -> Report``.

``source`` is a path, the file's bytes, or a binary file object.  The call
holds no state between calls, so it may run in several threads at once: the
loaded forms (:mod:`gxconvert.templates`) are read-only after loading; the
indexes the matcher derives from a form are filled lazily in dicts whose
single reads and writes are atomic (a race only computes an entry twice);
:class:`~gxconvert.options.Options` is frozen, and its limits (the arithmetic
search bound included) are per call; the caches of cell readings and short
normalised texts are bounded ``functools.lru_cache`` caches (thread-safe); PDFium
calls are serialised by one lock; the cycle collector is paused while the
PDF reader and the matcher run, by a counted pause that turns it on again
only when the last conversion ends and only if it was on (a caller that
disabled it finds it disabled).  ``templates.load(folder)`` swaps the forms
and is not meant to run while conversions are under way.

What the in-process call bounds, before the work: the input's size (a path
is stat'ed before it is read; a FIFO, device or directory is refused), a
PDF's page count, decompressed zip members, cells per table (see
:class:`~gxconvert.options.Options`).  What only a child process with a
memory cap and a clock bounds — native parser memory on a hostile file,
wall-clock time — is what ``convert_many`` and the CLI add.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO, Union

from .catalogue import Format
from .datafiles import data_file
from .errors import (
    ConversionError,
    CorruptDocumentError,
    EmptyDocumentError,
    LimitExceededError,
    NotAReportError,
)
from .gcpause import gc_paused
from .matcher import match
from .model import Report, Source
from .options import DEFAULT_OPTIONS, Options
from .readers import read_document, sniff

PathOrBytes = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


def _read_path(src: str | os.PathLike[str], path: str, options: Options) -> bytes:
    try:
        st = os.stat(src)
    except OSError as exc:
        if isinstance(src, str) and (len(src) > 1024 or "\n" in src):  # a document's text, not a name
            shown = src[:40].replace("\n", " ")
            raise ConversionError(f"convert() was given a text of {len(src)} characters as a file name "
                                  f"({shown!r}…); pass the bytes (text.encode()) to convert a document's "
                                  "content") from None
        raise ConversionError(f"cannot read file: {exc.strerror or exc}", path) from exc
    if stat.S_ISDIR(st.st_mode):
        raise ConversionError("is a directory, not a file", path)
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise ConversionError(f"is {kind}, not a regular file; pipe it to '-' to read it", path)
    if st.st_size > options.max_bytes:
        raise LimitExceededError(
            f"the file is {st.st_size / 1048576:.1f} MB, over {options.max_bytes / 1048576:.0f} MB",
            path, "max_bytes")
    try:
        with open(src, "rb") as fh:
            # the size stat gave, and one byte more to see a file that grew since; asked for the
            # limit, the read would map a buffer of that size (200 MB by default) for every file
            data = fh.read(st.st_size + 1)
            if len(data) > st.st_size:  # it grew: read on, up to the limit
                data += fh.read(max(0, options.max_bytes + 1 - len(data)))
    except OSError as exc:
        raise ConversionError(f"cannot read file: {exc.strerror or exc}", path) from exc
    _check_size(len(data), path, options)
    return data


def _check_size(n: int, path: str | None, options: Options) -> None:
    if n > options.max_bytes:
        raise LimitExceededError(f"the input is over {options.max_bytes / 1048576:.0f} MB", path, "max_bytes")


def _read_source(src: PathOrBytes, path: str | None, options: Options) -> tuple[bytes, str | None]:
    if isinstance(src, (bytes, bytearray, memoryview)):
        data = bytes(src)
        _check_size(len(data), path, options)
        return data, path
    if isinstance(src, (str, os.PathLike)):
        path = path or os.fspath(src)
        return _read_path(src, path, options), path
    read = getattr(src, "read", None)
    if callable(read):
        name = getattr(src, "name", None)
        path = path or (name if isinstance(name, str) else None)
        try:
            data = read(options.max_bytes + 1)
        except OSError as exc:
            raise ConversionError(f"cannot read file: {exc.strerror or exc}", path) from exc
        if isinstance(data, str):
            raise TypeError("convert() needs a binary file object (open the file with 'rb'), got a text one")
        data = bytes(data)
        _check_size(len(data), path, options)
        return data, path
    raise TypeError(f"convert() takes a path, bytes or a binary file object, not {type(src).__name__}")


def convert(src: PathOrBytes, *, path: str | None = None, options: Options | None = None,
            reader: Format | None = None) -> Report:
    """Convert one report.

    ``src`` is a file path, the file's bytes or a binary file object (then
    ``path`` may name it for messages).  ``reader`` forces a reader
    ("text", "html", "docx", "pdf"); by default the content decides, not the
    file name.
    ``options`` sets the limits (:class:`~gxconvert.options.Options`).

    Raises :class:`~gxconvert.errors.ConversionError` (its subclasses
    ``NotAReportError``, ``CorruptDocumentError``, ``UnsupportedFormatError``,
    ``LimitExceededError``) with a one-line message naming the file and the
    reason.  Any other exception is a bug in gxconvert, not bad input."""
    options = options or DEFAULT_OPTIONS
    data, path = _read_source(src, path, options)
    if not data or data.isspace():  # (as ``not data.strip()``, without copying the input)
        raise EmptyDocumentError("the file is empty", path)
    if (what := data_file(data)) is not None:
        raise NotAReportError(f"{what}, not a report (a data file: skipped)", path)
    try:
        fmt = reader or sniff(data, os.path.basename(path or ""))
        doc = read_document(data, path, fmt, options)
        # a PDF whose pages were read by OCR says so ("pdf_ocr")
        import hashlib  # (at first use: loading OpenSSL is ~10 M instructions, 3 % of ``import gxconvert``)

        source = Source(path=path, format=doc.format if doc.format == f"{fmt}_ocr" else fmt,
                        sha256=hashlib.sha256(data).hexdigest())
        with gc_paused():
            return match(doc, source, options)
    except ConversionError as exc:
        raise exc.with_path(path) from exc.__cause__
    except RecursionError as exc:
        raise CorruptDocumentError("the document is nested too deeply to read", path) from exc
    except MemoryError as exc:
        raise CorruptDocumentError("the document is too large to read in memory", path) from exc


def preload() -> None:
    """Load now what every conversion loads on its first call, whatever the
    format: the forms (:func:`gxconvert.templates.templates`) and the
    division table (:func:`gxconvert.matcher.identity.region.divisions`).
    The worker pool calls it once before it forks its workers, so a worker
    (a first one, a recycled one, one that replaces a crashed one) starts
    with them instead of reading them again."""
    from . import templates
    from .matcher.identity import region

    templates.templates()
    region.divisions()
