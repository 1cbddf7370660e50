"""gxconvert: 政府信息公开工作年度报告 (docx, PDF, HTML, text) -> one canonical JSON report.

    >>> import gxconvert
    >>> report = gxconvert.convert("report.docx")
    >>> report.meta.agency, report.value("applications.new_received.total")
    >>> report.to_json()
"""

from .api import convert
from .batch import convert_many
from .errors import ConversionError, CorruptDocumentError, LimitExceededError, NotAReportError, UnsupportedFormatError
from .model import Check, Document, Issue, Meta, Provenance, Report, Section, Source
from .options import Options
from .version import __version__

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
    if name == "dataset":  # gxconvert.dataset without importing sqlite3/pandas at start-up
        import importlib
        return importlib.import_module(".dataset", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
