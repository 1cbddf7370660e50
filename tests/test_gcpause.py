"""The cycle collector is paused while gxconvert builds objects and is left
as it was found: enabled again after a conversion, still disabled when the
caller had disabled it, through nesting, errors and threads."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

import gxconvert
from gxconvert.gcpause import gc_paused

PDF = Path(__file__).resolve().parent.parent / "corpus" / "pdf" / "000_ruled_split.pdf"


def test_paused_inside_and_enabled_again_after_nesting_and_an_error() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with pytest.raises(ValueError), gc_paused():
            raise ValueError
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_a_caller_who_disabled_the_collector_finds_it_disabled() -> None:
    gc.disable()
    try:
        gxconvert.convert(PDF)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_conversions_in_threads_leave_the_collector_enabled() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                gxconvert.convert(PDF)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert gc.isenabled()
