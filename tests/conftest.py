"""Shared by every test module.

OCR takes seconds a page, and the same page images reach the suite through
several doors (the corpus table, the no-silent-null sweep, the catalogue
sweep; the same three table pictures as data: URIs, as files beside a page,
inside a .docx and as PNG files).  Each distinct page image is recognised
once per session: :func:`gxconvert.readers.image._page.ocr_page` is memoised
on its pixels and arguments (a real recognition, run once; its result copied
out on every call, so no caller sees another's changes).  ``GX_OCR_NO_MEMO=1``
turns the memo off.
"""

from __future__ import annotations

import copy
import hashlib
import os
from collections.abc import Iterator
from typing import Any

import pytest


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
