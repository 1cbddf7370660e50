"""Format readers and the one place that triages a file's format.

``sniff(data, name)`` looks at the bytes, not the file name, and names the
reader that reads them (or raises for a format recognised but not read).  It
is two steps, asked for the top-level file and for what a reader finds
embedded (a Word document's altChunk parts, through
``ReadContext.read_embedded``) alike:

1. a zip or OLE container goes to a branch by its member names or streams
   (:func:`.containers.triage`): ``docx`` is the Word reader's; ``ofd``,
   ``spreadsheet`` and ``unsupported`` are named in the error unless a reader
   is registered under that name;
2. any other file is offered to the readers' ``accepts(head, name)`` (the
   built-in readers' in :mod:`.magic`, one light module: deciding a format
   imports no reader) in order of priority, with the formats told apart but
   not read (RTF) among them.

``read_document(data, path)`` reads the bytes with the reader ``sniff`` names,
handing it a :class:`~.base.ReadContext`.  The registry only orders the
readers and imports nothing of them until asked: a reader's module, its
class and its parser libraries (PDFium, lxml, BeautifulSoup) only when a
file of its format is read (a reader registered with ``"module:accepts"``
has that module imported when its ``accepts`` is first asked).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from types import ModuleType
from typing import cast

from ..catalogue import Format
from ..codecache import dataclass_methods
from ..errors import ConversionError, CorruptDocumentError, UnsupportedFormatError
from ..model import Document
from ..options import DEFAULT_OPTIONS, Options
from . import magic
from .base import HEAD_BYTES, Accepts, ReadContext, Reader
from .containers import Container, triage

#: an embedded document (an altChunk) inside one inside the file is read; one
#: level deeper is not
MAX_EMBED_DEPTH = 2


@dataclass(frozen=True, slots=True)
class ReaderEntry:
    """One registered reader (markitdown's shape): its format name, its class
    as ``"module:Class"`` (imported only when used: a PDF batch never imports
    the Word reader's libraries, a text batch never imports PDFium), its
    priority (lower is asked first) and its ``accepts(head, name)``: the
    function, or where its module declares it (``"module:accepts"``, imported
    when first asked), or None for a reader reached only through the
    container triage's branch of its name (``docx``)."""

    name: Format
    target: str
    priority: float
    accepts: Accepts | str | None

    def accepts_fn(self) -> Accepts | None:
        """The ``accepts`` function itself (its module imported once)."""
        return _resolve(self.accepts) if isinstance(self.accepts, str) else self.accepts


def _import(module_name: str) -> ModuleType:
    """A reader's module, its classes' methods compiled once per interpreter (:mod:`gxconvert.codecache`)."""
    with dataclass_methods():
        return importlib.import_module(module_name)


def _resolve(spec: str) -> Accepts:
    module_name, _, name = spec.partition(":")
    fn: Accepts = getattr(_import(module_name), name)
    return fn


@dataclass(frozen=True, slots=True)
class UnreadFormat:
    """A format recognised from its content but not read: :func:`sniff` names
    it (``why``) instead of handing it to the text reader as text.  Asked in
    the same priority order as the readers; a reader registered under the
    same name replaces it."""

    name: str
    why: str
    priority: float
    accepts: Accepts


#: the readers, asked in order of priority
REGISTRY: list[ReaderEntry] = [
    ReaderEntry("pdf", "gxconvert.readers.pdf:PdfReader", 0.0, magic.pdf),
    ReaderEntry("docx", "gxconvert.readers.docx:DocxReader", 1.0, None),
    ReaderEntry("html", "gxconvert.readers.html:HtmlReader", 2.0, magic.html),
    ReaderEntry("image", "gxconvert.readers.image:ImageReader", 3.0, magic.image),
    ReaderEntry("text", "gxconvert.readers.text:TextReader", 10.0, magic.text),
]
#: format name -> "module:Class"
READERS: dict[str, str] = {e.name: e.target for e in REGISTRY}
#: formats told apart from text but not read
UNREAD: list[UnreadFormat] = [
    UnreadFormat("rtf", "an RTF document (.rtf), which gxconvert does not read; save it as .docx", 1.5, magic.rtf),
]


def register(entry: ReaderEntry) -> None:
    """Add a reader (a new format: OFD, images …) to the registry.  A reader
    named like a container branch (``ofd``, ``spreadsheet``) reads that branch."""
    REGISTRY[:] = sorted([e for e in REGISTRY if e.name != entry.name] + [entry], key=lambda e: e.priority)
    READERS[entry.name] = entry.target
    UNREAD[:] = [u for u in UNREAD if u.name != entry.name]


def _container_reader(box: Container) -> Format:
    if box.branch in READERS:
        return cast(Format, box.branch)
    if box.branch == "encrypted":
        raise CorruptDocumentError(
            "the document is password-protected (encrypted); save an unprotected copy to convert it")
    raise UnsupportedFormatError(f"not a report document gxconvert reads: {box.what}")


def sniff(data: bytes, name: str = "") -> Format:
    """The reader for ``data``, judged from its content (``name``, the file's
    base name, is passed to ``accepts`` as a hint): a container by the
    container triage, else the first registered reader, by priority, that
    accepts it (pdf, html, else text).

    A format recognised but not read (an Excel workbook, an OFD document, a
    plain zip, RTF …) raises :class:`UnsupportedFormatError` saying what it
    is; an encrypted Office file raises :class:`CorruptDocumentError`."""
    box = triage(data)
    if box is not None:
        return _container_reader(box)
    head = data[:HEAD_BYTES]
    candidates: list[ReaderEntry | UnreadFormat] = [*REGISTRY, *UNREAD]
    for entry in sorted(candidates, key=lambda e: e.priority):
        accepts = entry.accepts_fn() if isinstance(entry, ReaderEntry) else entry.accepts
        if accepts is not None and accepts(head, name):
            if isinstance(entry, UnreadFormat):
                raise UnsupportedFormatError(entry.why)
            return entry.name
    raise UnsupportedFormatError("no registered reader accepts this file")


def get_reader(fmt: str) -> Reader:
    try:
        target = READERS[fmt]
    except KeyError:
        raise UnsupportedFormatError(f"no reader for format {fmt!r}") from None
    module_name, _, cls_name = target.partition(":")
    try:
        module = _import(module_name)
    except ModuleNotFoundError as exc:  # an optional dependency is missing
        raise UnsupportedFormatError(
            f"reading {fmt} needs the Python package {exc.name!r}, which is not installed") from exc
    reader: Reader = getattr(module, cls_name)()
    return reader


def read_embedded(data: bytes, ctx: ReadContext) -> Document:
    """The document embedded in the one ``ctx`` reads (a Word altChunk),
    triaged as a file of its own and read within the same deadline and
    zip budget, one level deeper."""
    if ctx.depth >= MAX_EMBED_DEPTH:
        raise CorruptDocumentError("embedded documents nested too deeply")
    return get_reader(sniff(data)).read(data, ctx.nested())


def read_document(data: bytes, path: str | None = None, fmt: Format | None = None,
                  options: Options = DEFAULT_OPTIONS) -> Document:
    """Read ``data`` (the bytes of one file) into a Document with the reader
    ``fmt`` names, else the one :func:`sniff` picks."""
    if fmt is None:
        try:
            fmt = sniff(data, os.path.basename(path or ""))
        except ConversionError as exc:
            raise exc.with_path(path) from exc.__cause__
    ctx = ReadContext(path=path, options=options, read_embedded=read_embedded)
    return get_reader(fmt).read(data, ctx)
