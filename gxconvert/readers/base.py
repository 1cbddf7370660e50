"""The interface every format reader implements."""

from __future__ import annotations

from typing import Protocol

from ..model import Document
from ..options import DEFAULT_OPTIONS, Options


class Reader(Protocol):
    """A reader turns the bytes of one file into a :class:`Document`.

    It knows its format and nothing of the report templates.  It raises
    :class:`gxconvert.errors.ConversionError` subclasses (never a bare
    exception) for input it cannot read, in bounded time and memory.
    """

    format: str  # "text" | "docx" | "html" | "pdf"

    def read(self, data: bytes, path: str | None = None,
             options: Options = DEFAULT_OPTIONS) -> Document: ...
