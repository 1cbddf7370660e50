"""Exceptions raised by gxconvert.  Every one names the file and the reason."""

from __future__ import annotations


class ConversionError(Exception):
    """A document could not be converted.  ``str(err)`` is one clear line:
    ``<path>: <reason>``."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        shown = repr(path)[1:-1] if path and not path.isprintable() else path
        super().__init__(f"{shown}: {reason}" if path else reason)

    def with_path(self, path: str | None) -> ConversionError:
        """The same error, naming ``path`` if it did not name a file yet."""
        if self.path or not path:
            return self
        err = type(self)(self.reason, path)
        err.__cause__ = self.__cause__
        return err


class UnsupportedFormatError(ConversionError):
    """The bytes are not a format gxconvert reads (or need a missing tool)."""


class CorruptDocumentError(ConversionError):
    """The file claims a format but is damaged, truncated, encrypted or hostile."""


class EmptyDocumentError(CorruptDocumentError):
    """The file holds nothing: no bytes, or only white space."""


class NotAReportError(ConversionError):
    """The document was read but is not a 政府信息公开工作年度报告."""


class LimitExceededError(ConversionError):
    """A limit of :class:`gxconvert.options.Options` was reached before the work
    it guards.  ``limit`` names the ``Options`` field."""

    def __init__(self, reason: str, path: str | None = None, limit: str = "") -> None:
        self.limit = limit
        if limit and "raise it" not in reason:
            flag = "--" + limit.replace("_", "-")
            reason = f"{reason} (limit {limit}; raise it with {flag} or Options({limit}=...))"
        super().__init__(reason, path)

    def with_path(self, path: str | None) -> ConversionError:
        if self.path or not path:
            return self
        err = LimitExceededError(self.reason, path, self.limit)
        err.__cause__ = self.__cause__
        return err


def one_line(text: str, limit: int = 300) -> str:
    """A message folded to one line (library messages often span several),
    control characters shown escaped, cut at ``limit`` characters."""
    folded = " ".join(str(text).split())
    folded = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in folded)
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
