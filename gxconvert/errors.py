"""Exceptions raised by gxconvert.  Every one names the file and the reason."""

from __future__ import annotations


class ConversionError(Exception):
    """A document could not be converted.  ``str(err)`` is one clear line:
    ``<path>: <reason>``."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)

    def with_path(self, path: str | None) -> "ConversionError":
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


class NotAReportError(ConversionError):
    """The document was read but is not a 政府信息公开工作年度报告."""
