"""``cell_kind`` answers label words (ideographs and a few punctuation marks,
maybe after an enumeration number) without folding them: the answer is the
one the folding and the number patterns give, for every ideograph."""

from __future__ import annotations

from gxconvert import values
from gxconvert.values import cell_kind


def _slow(text: str) -> tuple[bool, bool]:
    """(blank, numeric) by clean() and the patterns, no fast path."""
    t = values.clean(text)
    return values._is_null(t), bool(values._NUM.match(t) or values._INC.match(t) or values._DEC.match(t))


_WORD_CHARS = [chr(c) for c in range(0x4E00, 0xA000)] + list("（）、，。：；《》“”")


def test_every_word_character_gives_what_the_folding_gives() -> None:
    # each character doubled; after an enumeration number, broken by a line break
    values._blank_numeric.cache_clear()  # type: ignore[attr-defined]
    for ch in _WORD_CHARS:
        for text in (ch + ch, f"12．{ch}\n{ch}"):
            assert cell_kind(text) == _slow(text) == (False, False), text


def test_the_fast_path_leaves_blanks_and_numbers_alone() -> None:
    for text, kind in [("无", (True, False)), ("一", (True, False)), ("空", (True, False)), ("1.5", (False, True)),
                       ("增加3", (False, True)), ("减少2", (False, True)), ("3件", (False, True)),
                       ("3万元", (False, True)), ("12", (False, True)), ("", (True, False)),
                       ("—", (True, False)), ("1.属于国家秘密", (False, False)), ("结果\n维持", (False, False)), ("3、要求 提供", (False, False)),
                       ("1.5万", (False, True)), ("1.", (False, False)), ("一一", (False, False))]:
        assert cell_kind(text) == _slow(text) == kind, text


def test_cell_class_is_cell_kind_as_one_int() -> None:
    from gxconvert.values import BLANK, LABEL, NUMBER, cell_class

    for text in ["无", "一", "", "—", "/", "1.5", "增加3", "3件", "12", "007", "１２", "1.属于国家秘密", "结果\n维持",
                 "本年增/减", "增/减", "/减", "一/一", "（/）", "3、要求 提供", "2020-01-20", "N/A", "x", "٣"]:
        blank, numeric = _slow(text)
        assert cell_class(text) == (NUMBER if numeric else BLANK if blank else LABEL), text
    assert cell_kind("本年增/减") == (False, False) and cell_class("本年增/减") == LABEL
