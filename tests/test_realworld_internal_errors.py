"""Internal errors are bugs, not bad input: an AttributeError, TypeError,
KeyError or IndexError raised inside a reader's own code (injected here)
reaches the caller of ``gxconvert.convert`` as that exception, with its
traceback — never as a ConversionError ("damaged PDF", "not a report")."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest
from golden import CORPUS

import gxconvert
from gxconvert.errors import ConversionError


class InjectedBug(AttributeError):
    """An AttributeError no library raises: ours, injected."""


def _boom(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise InjectedBug("'Line' object has no attribute 'cx' (injected)")


def _case(name: str, path: Any, target: str) -> Any:
    return pytest.param(name, path, target, id=name)


CASES = [
    _case("text", CORPUS / "seeds" / "000_c618104cc4de48fa.txt", "gxconvert.readers.text.parse_text"),
    _case("html", CORPUS / "html" / "001_cms.html", "gxconvert.readers.html.tables._cell_text"),
    _case("docx", CORPUS / "docx" / "001.docx", "gxconvert.readers.docx.body.BodyWalker._paragraph"),
    _case("pdf", CORPUS / "pdf" / "001_borderless.pdf", "gxconvert.readers.pdf._drop_furniture"),
    _case("matcher", CORPUS / "seeds" / "001_4ad21a775c00ab02.txt", "gxconvert.matcher.build_sections"),
]


@pytest.mark.parametrize("where,path,target", CASES)
def test_an_internal_error_surfaces_as_itself(monkeypatch: pytest.MonkeyPatch, where: str, path: Any,
                                               target: str) -> None:
    gxconvert.convert(path)  # converts cleanly without the bug
    monkeypatch.setattr(target, _boom)
    with pytest.raises(InjectedBug) as info:
        gxconvert.convert(path)
    assert not isinstance(info.value, ConversionError)
    # the traceback reaches the injected frame
    assert any(tb.name == "_boom" for tb in info.traceback)


@pytest.mark.parametrize("exc", [TypeError, KeyError, IndexError])
def test_every_kind_of_our_own_bug_is_let_through(monkeypatch: pytest.MonkeyPatch, exc: type[Exception]) -> None:
    def bug(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise exc("injected")

    monkeypatch.setattr("gxconvert.readers.text.parse_text", bug)
    with pytest.raises(exc):
        gxconvert.convert(CORPUS / "seeds" / "000_c618104cc4de48fa.txt")
