"""gxconvert: 政府信息公开工作年度报告 (docx, PDF, HTML, text) -> one canonical JSON report.

    >>> import gxconvert
    >>> report = gxconvert.convert("report.docx")
    >>> report.meta.agency, report.value("applications.new_received.total")
    >>> report.to_json()
"""

from typing import TYPE_CHECKING

from .codecache import dataclass_methods

with dataclass_methods():  # the classes' methods compiled once per interpreter (gxconvert.codecache)
    from .api import convert
    from .errors import (
        ConversionError,
        CorruptDocumentError,
        LimitExceededError,
        NotAReportError,
        UnsupportedFormatError,
    )
    from .model import Check, Document, Issue, Meta, Provenance, Report, Section, Source
    from .options import Options
    from .version import __version__

if TYPE_CHECKING:
    from .batch import convert_many

__all__ = [
    "Check",
    "ConversionError",
    "CorruptDocumentError",
    "Document",
    "Issue",
    "LimitExceededError",
    "Meta",
    "NotAReportError",
    "Options",
    "Provenance",
    "Report",
    "Section",
    "Source",
    "UnsupportedFormatError",
    "__version__",
    "convert",
    "convert_many",
    "dataset",
]


def __getattr__(name: str) -> object:
    # gxconvert.dataset without sqlite3/pandas, convert_many without
    # multiprocessing at start-up: imported when first used
    if name == "dataset":
        import importlib
        return importlib.import_module(".dataset", __name__)
    if name == "convert_many":
        from .batch import convert_many
        return convert_many
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
