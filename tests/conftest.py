"""Shared by every test module.

OCR takes seconds a page, and the same page images reach the suite through
several doors (the corpus table, the no-silent-null sweep, the catalogue
sweep; the same three table pictures as data: URIs, as files beside a page,
inside a .docx and as PNG files).  Each distinct page image is recognised
once per session: :func:`gxconvert.readers.image._page.ocr_page` is memoised
on its pixels and arguments (a real recognition, run once; its result copied
out on every call, so no caller sees another's changes).  ``GX_OCR_NO_MEMO=1``
turns the memo off.

``--update-goldens``: rewrite the corpus goldens' pinned parts.
``pytest tests/test_corpus.py --update-goldens`` converts every corpus file,
rewrites each folder's ``pinned.json`` (warnings, failing checks and parts
found per file: see tests/golden.py) from the output and prints the diff, for
a person to read before committing: a pinned part is only as right as the
person who read it.  CI never passes it (.ci/run).
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
from golden import CORPUS, PINNED, UPDATES, dump_pinned, load_pinned


@pytest.fixture(scope="session", autouse=True)
def _ocr_once_per_page_image() -> Iterator[None]:
    if os.environ.get("GX_OCR_NO_MEMO"):
        yield
        return
    try:
        from gxconvert.readers.image import _page
    except ImportError:  # numpy/cv2 missing: no OCR runs at all
        yield
        return
    real = _page.ocr_page
    memo: dict[tuple[Any, ...], Any] = {}

    def ocr_page(rgb: Any, number: int, page_size: Any, dpi: Any, offset: tuple[float, float] = (0.0, 0.0)) -> Any:
        key = (hashlib.sha1(rgb.tobytes()).hexdigest(), rgb.shape, number, page_size, dpi, offset)
        if key not in memo:
            memo[key] = real(rgb, number, page_size, dpi, offset=offset)
        return copy.deepcopy(memo[key])

    _page.ocr_page = ocr_page
    try:
        yield
    finally:
        _page.ocr_page = real


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite corpus/*/pinned.json (warnings, failing checks, parts found) from the "
                          "current output and print the diff to read; never run by CI")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    if not config.getoption("--update-goldens") or not UPDATES:
        return
    tr = terminalreporter
    tr.section("updated goldens (read this diff before committing)")
    for folder in sorted(UPDATES):
        old = load_pinned(folder)
        new = {name: parts for name, parts in old.items() if (folder / name).exists()}
        new.update(UPDATES[folder])
        before, after = (dump_pinned(old) if old else ""), dump_pinned(new)
        rel = (folder / PINNED).relative_to(CORPUS.parent)
        if before == after:
            tr.write_line(f"{rel}: unchanged")
            continue
        (folder / PINNED).write_text(after, "utf-8")
        tr.write_line(f"{rel}: rewritten")
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), f"a/{rel}", f"b/{rel}",
                                         lineterm="", n=2):
            tr.write_line(line)
