"""The contract every format reader keeps, and what it is handed.

A reader is a module (or package) that declares, beside its reader class,

* ``accepts(head, name) -> bool``: whether the file is of its format, from
  the first :data:`HEAD_BYTES` bytes (``head``) and the file's base name
  (``name``, ``""`` when unknown; a hint at most: the content decides).  It is
  cheap and imports nothing heavy (no PDFium, lxml or BeautifulSoup), so the
  triage in :mod:`gxconvert.readers` can ask every reader without loading
  their parser libraries.  Zip and OLE containers are not asked this way:
  :mod:`.containers` sends them to a branch by their member names or streams;
* a class with ``format`` and ``read(data, ctx) -> Document``, which reads
  bytes the triage sent it (it does not test the magic bytes again) with
  what :class:`ReadContext` carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol, cast

from ..catalogue import Format
from ..model import Document
from ..options import DEFAULT_OPTIONS, Options
from .deadline import Deadline

#: how much of the start of a file ``accepts`` is shown
HEAD_BYTES = 1 << 20

#: ``read_embedded(data, ctx)``: the document inside ``data`` (an altChunk,
#: an attachment), read by the reader the triage picks for it, within the
#: same deadline and budget; ``ctx`` is the embedding reader's context
ReadEmbedded = Callable[[bytes, "ReadContext"], Document]


class ZipBudget:
    """Decompressed bytes read so far from one file (a container and the
    containers embedded in it share it: ``Options.max_zip_total_bytes``)."""

    __slots__ = ("inflated",)

    def __init__(self) -> None:
        self.inflated = 0


def _no_embedded(data: bytes, ctx: ReadContext) -> Document:
    from ..errors import UnsupportedFormatError

    raise UnsupportedFormatError("embedded documents are not read here")


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader gets besides the bytes: the file's ``path`` (for
    messages and the Document), the ``options`` (limits), the ``deadline``
    (``options.max_seconds``, counted from when the context was made and
    shared with embedded reads), ``read_embedded`` (a callback into the
    registry's triage, so no reader imports the registry) and, for embedded
    reads, their ``depth`` (0 for the file itself) and the shared ``budget``
    of decompressed bytes."""

    path: str | None = None
    options: Options = DEFAULT_OPTIONS
    deadline: Deadline = field(default=cast(Deadline, None))  # None: made from options
    read_embedded: ReadEmbedded = _no_embedded
    depth: int = 0
    budget: ZipBudget = field(default_factory=ZipBudget)

    def __post_init__(self) -> None:
        if cast("Deadline | None", self.deadline) is None:
            object.__setattr__(self, "deadline", Deadline(self.options, self.path))

    def nested(self) -> ReadContext:
        """The context of a document embedded in this one: same path,
        limits, deadline and budget, one level deeper."""
        return replace(self, depth=self.depth + 1)


class Reader(Protocol):
    """A reader turns the bytes of one file into a :class:`Document`.

    It knows its format and nothing of the report templates.  It raises
    :class:`gxconvert.errors.ConversionError` subclasses (never a bare
    exception) for input it cannot read, in bounded time and memory, and
    sets ``Document.path`` from ``ctx.path``.
    """

    format: Format

    def read(self, data: bytes, ctx: ReadContext) -> Document: ...


#: the signature of a reader module's ``accepts``
Accepts = Callable[[bytes, str], bool]
