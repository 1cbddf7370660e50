"""What a worker does to a file outside the reader proper (issue 23, ninth
pass): the read asks for the size ``stat`` gave (not the size limit) and
still reads a file that grew after the ``stat`` whole, up to the limit; a
text's control characters are looked for once, and the look decides the
rest; bookmark markers are removed only from a text that has them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from gxconvert import LimitExceededError, api
from gxconvert.model import Paragraph, Table
from gxconvert.options import Options
from gxconvert.readers import encoding
from gxconvert.readers.encoding import decode_text_file
from gxconvert.readers.text import parse_text


class _Recording:
    """A binary file that records the sizes asked of ``read``."""

    def __init__(self, path: str | os.PathLike[str], asked: list[int]) -> None:
        self._fh = open(path, "rb")  # noqa: SIM115 (closed by __exit__)
        self._asked = asked

    def read(self, n: int = -1) -> bytes:
        self._asked.append(n)
        return self._fh.read(n)

    def __enter__(self) -> _Recording:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


def test_a_read_asks_for_the_file_s_size_not_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "r.txt"
    f.write_bytes(b"x" * 5000)
    asked: list[int] = []
    monkeypatch.setattr(api, "open", lambda p, mode: _Recording(p, asked), raising=False)
    data, _ = api._read_source(str(f), None, Options())
    assert data == b"x" * 5000
    assert asked == [5001]  # the limit (200 MB) asked of read() maps a buffer that large for every file


def _stat_smaller(monkeypatch: pytest.MonkeyPatch, by: int) -> None:
    """``os.stat`` in the api as it was before the file grew by ``by`` bytes."""
    real = os.stat

    def stat(p: Any) -> Any:
        st = real(p)
        fields = list(st)
        fields[6] = st.st_size - by  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(api.os, "stat", stat)


def test_a_file_that_grew_after_its_stat_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "grown.txt"
    f.write_bytes(b"a" * 3000 + b"b" * 2000)
    _stat_smaller(monkeypatch, 2000)
    data, _ = api._read_source(str(f), None, Options())
    assert data == b"a" * 3000 + b"b" * 2000


def test_a_file_that_grew_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "grown.txt"
    f.write_bytes(b"a" * 900 + b"b" * 1000)
    _stat_smaller(monkeypatch, 1000)  # 900 bytes at the stat: under the limit of 1000
    with pytest.raises(LimitExceededError) as err:
        api._read_source(str(f), None, Options(max_bytes=1000))
    assert err.value.limit == "max_bytes"


def test_a_text_without_control_characters_is_looked_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(text: str) -> Any:
        raise AssertionError("no control character: nothing to count or replace")

    monkeypatch.setattr(encoding, "control_share", never)
    monkeypatch.setattr(encoding, "controls_as_spaces", never)
    text = "本年新收\t12\n" * 100
    assert decode_text_file(text.encode()).text == text


def test_control_characters_are_still_counted_and_replaced() -> None:
    assert decode_text_file("本年\x1b新收\t\x0712\n".encode() * 30).text == "本年 新收\t12\n" * 30
    # a third of the characters controls (no U+FFFD among them): binary data
    with pytest.raises(ValueError, match="binary"):
        decode_text_file(("ab\x01" * 200).encode())
    # a fifth: text, the controls read as spaces
    assert decode_text_file(("abcd\x01" * 100).encode()).text == "abcd " * 99 + "abcd"


def test_bookmark_markers_are_removed_only_where_they_are() -> None:
    doc = parse_text("第一行[bookmark: _Toc1]标题\n[bookmark:x]第二行\n[第三行]\n")
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert [(p.text, p.loc.line if p.loc else None) for p in paras] == [
        ("第一行标题", 1), ("第二行", 2), ("[第三行]", 3)]
    doc = parse_text("\t收到申请数\n\t[bookmark:a]12\n")
    cells = [c.text for b in doc.blocks if isinstance(b, Table) for c in b.cells]
    assert cells == ["收到申请数", "12"]
