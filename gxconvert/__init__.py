"""gxconvert: 政府信息公开工作年度报告 (docx, PDF, HTML, text) -> one canonical JSON report.

    >>> import gxconvert
    >>> report = gxconvert.convert("report.docx")
    >>> report.meta.agency, report.value("applications.new_received.total")
    >>> report.to_json()
"""

from .api import convert
from .errors import ConversionError, CorruptDocumentError, NotAReportError, UnsupportedFormatError
from .model import Document, Report

__version__ = "0.1.0"

__all__ = ["convert", "Report", "Document", "ConversionError", "NotAReportError",
           "CorruptDocumentError", "UnsupportedFormatError", "__version__"]
