"""The limits and switches of one conversion, in one typed object.

Every limit is checked before the work it guards, and exceeding one raises
:class:`~gxconvert.errors.LimitExceededError` naming the limit and how to
raise it (an ``Options`` field and the matching ``convert`` flag).

    >>> from gxconvert import Options, convert
    >>> convert("big.pdf", options=Options(max_pages=2000))

``Options`` is frozen: share one instance between threads and calls freely.
What the in-process :func:`gxconvert.convert` bounds is listed per field;
native code (PDFium, libxml2) can still exceed memory on a hostile file,
which only a child process with a memory cap bounds (the CLI and
``convert_many`` run every file that way).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Options:
    """Limits of one conversion.  Defaults suit real reports with a wide margin."""

    #: bytes of the input file (checked with stat before reading)
    max_bytes: int = 200 * MiB
    #: pages of a PDF (checked from the page count before any page is read)
    max_pages: int = 500
    #: decompressed bytes of one zip member (docx parts)
    max_zip_member_bytes: int = 100 * MiB
    #: decompressed bytes of all zip members read from one file
    max_zip_total_bytes: int = 300 * MiB
    #: decompressed bytes of one PDF stream, where the PDF library lets us see it
    max_pdf_stream_bytes: int = 64 * MiB
    #: pixels of one page image (scanned PDF page, image file): a 600 dpi colour A4 scan is 35 MP;
    #: an image stream in a PDF may inflate to its declared pixels' size even past max_pdf_stream_bytes
    max_image_pixels: int = 60_000_000
    #: cells of one table (counted per table: junk before the report cannot starve it)
    max_cells_per_table: int = 100_000
    #: wall-clock budget in seconds for one conversion (None: unbounded in-process)
    max_seconds: float | None = None
    #: work bound of the arithmetic's search among the tables' candidate readings (glued
    #: digits, misaligned cells), for the whole conversion (every table's search draws on
    #: it): class trials and leaves, a leaf counting 100; beyond it only the values every
    #: reading of a row agrees on are kept (warning search_bounded naming the rows).  At most
    #: 200 leaves: the corpus's largest search takes 4,956 steps (49 leaves), its largest
    #: conversion 8,397, the search tests' random tables up to 12,720; a flood of tied
    #: readings is cut off within tens of milliseconds (it took 1,000 leaves before)
    glued_search_bound: int = 20_000

    def replace(self, **changes: Any) -> Options:
        """A copy with some fields changed."""
        return replace(self, **changes)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


#: the option each limit is raised with on the command line
CLI_FLAGS: dict[str, str] = {name: "--" + name.replace("_", "-") for name in Options.field_names()}

DEFAULT_OPTIONS = Options()
