"""The typical report's matcher path (issue 23, eighth pass): each shortcut
gives what the plain computation gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxconvert.matcher import events, inline
from gxconvert.matcher.events import _heading_number, heading_number
from gxconvert.normalize import _table
from gxconvert.numerals import COUNTING
from gxconvert.templates import sections

_WORDS = sorted({lab for spec in sections() for lab in spec.labels})


def _plain_heading_number(text: str, after: int, monkeypatch: pytest.MonkeyPatch) -> int | None:
    """:func:`_heading_number` without the first-character test."""
    with monkeypatch.context() as m:
        m.setattr(events, "_may_start_heading", lambda text, after: True)
        return _heading_number(text, after)


def test_a_paragraph_whose_first_character_cannot_start_a_heading_is_not_normalised(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> str:
        raise AssertionError(f"normalised {text!r}")

    monkeypatch.setattr(events, "squash", refuse)
    for text in ("我局严格按照政府信息公开工作相关规章制度开展工作。", "2020年，我单位共收到申请0件。",
                 "（一）体制机制建设", "１．收费和减免情况", "  加大监督保障力度。", "第三部分"):
        assert heading_number(text, 0) is None
    for text in ("三、收到和处理政府信息公开申请情况", "总体情况", "\u200b总体情况"):  # these are normalised
        with pytest.raises(AssertionError):
            heading_number(text, 0)


def test_the_part_words_and_their_folded_first_characters_still_make_headings() -> None:
    assert heading_number("总体情况", 0) == 1
    assert heading_number("  主动公开政府信息情况", 1) == 2
    assert heading_number("其他需要报告的事项", 5) == 6
    assert heading_number("總體情況", 0) == 1  # a traditional first character folds into the words' own
    assert heading_number("⼀、总体情况", 0) == 1  # a Kangxi radical: not a plain ideograph, normalised
    assert heading_number("四、政府信息公开行政复议、行政诉讼情况", 3) == 4
    assert heading_number("主动公开政府信息情况", 2) is None  # not after part 二 again


def test_every_first_ideograph_before_every_part_s_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each ideograph that folds (traditional and variant forms), each counting
    numeral and a spread of the rest, in front of the rest of each part's words
    and in place of their first character."""
    table = _table()
    firsts = {chr(k) for k in table if 0x4E00 <= k <= 0x9FFF} | set(COUNTING) | {
        chr(c) for c in range(0x4E00, 0xA000, 97)} | {w[0] for w in _WORDS} | {"第", "〇"}
    for c in sorted(firsts):
        for words in _WORDS:
            for text in (c + words[1:], c + "、" + words, c + words):
                for after in (0, 3):
                    assert _heading_number(text, after) == _plain_heading_number(text, after, monkeypatch), text


_CHARS = st.sampled_from([chr(c) for c in (
    0x20, 0x3000, 0xA0, 0x200B, 0xFEFF, 0x28, 0xFF08, 0x31, 0xFF11, 0x2E, 0x3001, 0x2F00, 0x2F06, 0xF900,
    0x2460, 0x3220, 0x7B2C, 0x4E00, 0x4E09, 0x603B, 0x7E3D, 0x4E3B, 0x6536, 0x653F, 0x5B58, 0x5176, 0x6211)])


@settings(max_examples=500, deadline=None)
@given(st.lists(_CHARS, max_size=4).map("".join), st.sampled_from(_WORDS), st.integers(0, 5))
def test_any_start_before_a_part_s_words(head: str, words: str, after: int) -> None:
    with pytest.MonkeyPatch.context() as m:
        for text in (head + words, head + words[1:]):
            assert _heading_number(text, after) == _plain_heading_number(text, after, m), text


def _plain_split_heading(first: str, second: str, after: int, m: pytest.MonkeyPatch) -> int | None:
    m.setattr(events, "_may_start_numbered", lambda text: True)
    m.setattr(events, "_may_start_heading", lambda text, after: True)
    try:
        return events._split_heading(first, second, after)
    finally:
        m.undo()


def test_a_heading_broken_over_two_paragraphs_is_found_and_a_numbered_body_paragraph_not_normalised(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert events._split_heading("五、存在的主要问题", "及改进情况", 4) == 5
    assert events._split_heading("⼆、主动公开政府", "信息情况", 1) == 2  # a Kangxi radical: normalised
    monkeypatch.setattr(events, "squash", lambda text: (_ for _ in ()).throw(AssertionError(text)))
    assert events._split_heading("2020年，我单位共收到申请0件。", "无", 0) is None
    assert events._split_heading("（一）体制机制建设", "县卫生健康局各级领导高度重视", 0) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=3).map("".join), st.sampled_from(_WORDS), st.integers(1, 8), st.integers(0, 5))
def test_any_start_of_a_heading_broken_over_two_paragraphs(head: str, words: str, cut: int, after: int) -> None:
    first, second = head + words[:cut], words[cut:]
    with pytest.MonkeyPatch.context() as m:
        assert events._split_heading(first, second, after) == _plain_split_heading(first, second, after, m)


def test_build_events_finds_the_same_headings_with_body_paragraphs_around_them() -> None:
    from gxconvert.model import Document, Paragraph

    texts = ["某县卫生健康局2020年政府信息公开工作年度报告", "2020年，本局深化重点领域信息公开。", "一、总体情况",
             "（一）体制机制建设", "总", "二、主动公开政府", "信息情况", "我局严格按照规定开展工作。一是公开目录。",
             "收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
             "1、拓展政府信息公开形式。", "其他需要报告的事项", "无"]
    ev = events.build_events(Document([Paragraph(t) for t in texts], "text"))
    got = [(type(it).__name__, getattr(it, "number", None), it.text) for it in ev.items]
    assert got == [("Para", None, texts[0]), ("Para", None, texts[1]), ("Heading", 1, "一、总体情况"),
                   ("Para", None, texts[3]), ("Para", None, "总"), ("Heading", 2, "二、主动公开政府信息情况"),
                   ("Para", None, texts[7]), ("Heading", 3, texts[8]), ("Heading", 4, texts[9]),
                   ("Heading", 5, texts[10]), ("Para", None, texts[11]), ("Heading", 6, texts[12]),
                   ("Para", None, "无")]


# -- a numeral in running text (``一是`` ``三次``): the part's words looked for only where enough of their
# characters are ---------------------------------------------------------------------------------------

_TEXT_CHARS = st.sampled_from(sorted({ch for w in _WORDS for ch in w} | set("、，。：（）() \u3000是次年按照国家的") | {
    "\u6a5f", "\u95dc", "\u653f", "\u8acb", "\u2f00", "\uff0c", "\uff08", "0", "2", "\u200b", "\u5fa9"}))


def _plain_words_end(number: int, text: str, numbered: bool, m: pytest.MonkeyPatch) -> int | None:
    m.setattr(inline, "_may_hold_words", lambda number, window: True)
    try:
        return inline.heading_words_end(number, text, numbered)
    finally:
        m.undo()


@settings(max_examples=500, deadline=None)
@given(st.integers(1, 6), st.lists(_TEXT_CHARS, max_size=6).map("".join), st.sampled_from(_WORDS),
       st.lists(_TEXT_CHARS, max_size=40).map("".join), st.integers(0, 3), st.booleans())
def test_heading_words_end_as_the_plain_search(number: int, before: str, words: str, after: str, drop: int,
                                               numbered: bool) -> None:
    cut = words[:drop] + words[drop + 1:] if drop else words  # the words with a character dropped: misspelt
    with pytest.MonkeyPatch.context() as m:
        for text in (before + cut + after, before + after, cut + after):
            assert inline.heading_words_end(number, text, numbered) == _plain_words_end(number, text, numbered, m)


def test_a_numeral_in_running_text_is_not_keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("一是在县政府网站主动公开人大代表建议。二是按照国家2020年卫生计生随机监督抽检工作要求，"
            "及时公开双随机抽查结果，共公开信息条")
    monkeypatch.setattr(inline, "_key_map", lambda window: (_ for _ in ()).throw(AssertionError(window)))
    assert inline.find_inline_headings(text, 1) == []
    assert inline.split_paragraph(text, 1) is None


def test_inline_headings_and_a_misspelt_one_are_still_found() -> None:
    text = ("……做好工作。二、主动公开政府信息情况（一）规章。三、收到和处理政府信息公开申请情况本年。"
            "四、政府信息公开行政法复议、行政诉讼情况")
    assert [n for n, _, _ in inline.find_inline_headings(text, 1)] == [2, 3, 4]
    assert inline.heading_words_end(4, "政府信息公开行政法复议、行政诉讼情况", True) == 18  # misspelt: 法 added
