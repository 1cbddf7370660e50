"""One place that turns a parser library's own exceptions into
:class:`~gxconvert.errors.CorruptDocumentError` and lets our bugs through.

    with parser_errors("PDF", path, (PdfiumError, PSException)):
        ...

Only the exception types a reader names (the parser's own, plus decoding and
zip errors it expects from hostile input) become "damaged <format>: <reason>"
in one line; ``MemoryError`` and ``RecursionError`` become a clear
"too large / nested too deeply" error.  Anything else — an ``AttributeError``
or ``IndexError`` in gxconvert's own code — propagates unchanged, so it is
reported as an internal error with its traceback, never as damaged input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..errors import ConversionError, CorruptDocumentError, one_line

Explain = Callable[[BaseException], str]


def _default_explain(exc: BaseException) -> str:
    text = one_line(str(exc))
    return text or type(exc).__name__


@contextmanager
def parser_errors(what: str, path: str | None,
                  parser_exceptions: tuple[type[BaseException], ...],
                  explain: Explain | None = None) -> Iterator[None]:
    """Map ``parser_exceptions`` raised inside the block to
    ``CorruptDocumentError("damaged <what>: <reason>")``; name ``path`` in
    every ConversionError that leaves the block."""
    try:
        yield
    except ConversionError as exc:
        raise exc.with_path(path) from exc.__cause__
    except MemoryError as exc:
        raise CorruptDocumentError(f"the {what} is too large to read in memory", path) from exc
    except RecursionError as exc:
        raise CorruptDocumentError(f"the {what} is nested too deeply to read", path) from exc
    except parser_exceptions as exc:
        reason = one_line((explain or _default_explain)(exc))
        raise CorruptDocumentError(f"damaged {what}: {reason}", path) from exc
