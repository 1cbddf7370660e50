"""The review page: a converted report shown as the official form, every
value with its source, every failing 勾稽 check on its cells (issue #12).

* :func:`render_report` — one report → one self-contained HTML page;
* :func:`render_index` — a dataset (the batch SQLite file) → its index page;
* :func:`write_review` — a report file, a report's JSON or a dataset → pages on disk;
* :func:`write_report_html` — what ``convert FILE --html OUT.html`` calls;
* :func:`main` — ``gxconvert review FILE|DATASET [-o OUT.html]``.

Pages are self-contained (inline CSS and script; nothing fetched), printable,
and escape every piece of report text.
"""

from __future__ import annotations

from .command import main, write_dataset, write_report_html, write_review
from .index import render_index
from .page import render_report

__all__ = ["main", "render_index", "render_report", "write_dataset", "write_report_html", "write_review"]
