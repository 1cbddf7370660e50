"""The real tools some tests drive (LibreOffice, Chromium): a test that
needs one skips without it on a workstation, and fails under CI (``CI=true``),
where .ci/run must have installed it."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(tool: str, install: str) -> None:
    """Fail (CI) or skip (elsewhere) a test that needs ``tool``."""
    if in_ci():
        pytest.fail(f"{tool} is not installed but CI=true: .ci/run must install it ({install})")
    pytest.skip(f"{tool} is not installed ({install})")


def require_soffice() -> str:
    from gxconvert.readers.docx.container import find_soffice

    exe = find_soffice()
    if exe is None:
        missing("LibreOffice (soffice)", "apt-get install libreoffice-writer-nogui")
    assert exe is not None
    return exe
