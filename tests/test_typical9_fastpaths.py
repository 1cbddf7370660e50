"""The typical report's matcher path (issue 23, ninth pass): each shortcut
gives what the plain computation gives, and is taken where it is meant to be."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxconvert.matcher import events, inline
from gxconvert.normalize import _table, fold_each
from gxconvert.numerals import COUNTING
from gxconvert.templates import sections

_WORDS = sorted({lab for spec in sections() for lab in spec.labels})


# -- a paragraph starting with a numeral that numbers no later part (``一是…`` in part 五) ----------------

def _plain_heading_number(text: str, after: int, m: pytest.MonkeyPatch) -> int | None:
    """:func:`events._heading_number` without the first-character tests."""
    m.setattr(events, "_may_start_heading", lambda text, after: True)
    m.setattr(events, "_numbers_no_later_part", lambda text, after: False)
    try:
        return events._heading_number(text, after)
    finally:
        m.undo()


def _plain_split_heading(first: str, second: str, after: int, m: pytest.MonkeyPatch) -> int | None:
    m.setattr(events, "_may_start_numbered", lambda text: True)
    m.setattr(events, "_may_start_heading", lambda text, after: True)
    m.setattr(events, "_numbers_no_later_part", lambda text, after: False)
    try:
        return events._split_heading(first, second, after)
    finally:
        m.undo()


def test_a_numbered_body_paragraph_of_a_later_part_is_not_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "squash", lambda text: (_ for _ in ()).throw(AssertionError(text)))
    for text, after in (("一是部分主动公开的信息内容还不够完善。", 5), ("  三是业务素质还需要提高。", 5),
                        ("二、主动公开政府信息情况", 2), ("七、附件", 0), ("十是加强培训", 1)):
        assert events._heading_number(text, after) is None
        assert events._split_heading(text, "二是信息公开形式还需要进一步丰富", after) is None
    with pytest.raises(AssertionError):  # a numeral of a later part: normalised and looked at
        events._heading_number("六、其他需要报告的事项", 5)


def test_the_numeral_test_itself() -> None:
    assert events._numbers_no_later_part("一是", 1)
    assert events._numbers_no_later_part("\u3000 五、存在的主要问题及改进情况", 5)
    assert events._numbers_no_later_part("八、", 0)
    assert not events._numbers_no_later_part("六、其他需要报告的事项", 5)  # part 六 comes after part 五
    assert not events._numbers_no_later_part("⼀是", 3)  # a Kangxi radical: NFKC makes it 一, normalised
    assert not events._numbers_no_later_part("\u200b一是", 3)  # squash drops the zero-width space: normalised
    assert not events._numbers_no_later_part("", 3)
    assert not events._numbers_no_later_part("（一）", 3)
    assert not any(ord(c) in _table() for c in COUNTING)  # (no counting numeral folds into another character)


_CHARS = st.sampled_from([chr(c) for c in (
    0x20, 0x3000, 0xA0, 0x200B, 0xFEFF, 0x28, 0xFF08, 0x31, 0x2E, 0x3001, 0x2F00, 0x2F06, 0xF900, 0x3007,
    0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x5341, 0x662F, 0x603B, 0x5176, 0x58F9)])


@settings(max_examples=600, deadline=None)
@given(st.lists(_CHARS, max_size=4).map("".join), st.sampled_from(_WORDS), st.integers(0, 6),
       st.lists(_CHARS, max_size=3).map("".join))
def test_any_numbered_start_as_the_plain_computation(head: str, words: str, after: int, tail: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        for text in (head + words, head + "、" + words, head + words[1:] + tail, head + tail):
            assert events._heading_number(text, after) == _plain_heading_number(text, after, m), text
            assert events._split_heading(text, words[2:], after) == _plain_split_heading(text, words[2:], after, m)


def test_every_counting_numeral_before_every_part_s_words() -> None:
    with pytest.MonkeyPatch.context() as m:
        for c in COUNTING:
            for words in _WORDS:
                for text in (c + "、" + words, c + words, " " + c + "是" + words):
                    for after in range(7):
                        assert events._heading_number(text, after) == _plain_heading_number(text, after, m)


# -- a window holding a part's words whole: not counted character by character -------------------------

def _plain_may_hold(number: int, window: str) -> bool:
    each = fold_each(window)
    return each is None or any(inline._shares_enough(each, lab, shortest, chars)
                               for lab, shortest, chars in inline._label_chars(number))


def test_a_window_holding_the_words_whole_is_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inline, "_shares_enough", lambda *a: (_ for _ in ()).throw(AssertionError(a)))
    assert inline._may_hold_words(2, "主动公开政府信息情况（一）规章")
    assert inline._may_hold_words(3, "收到和处理政府信息公开申请情况")
    with pytest.raises(AssertionError):  # not whole, enough of their characters: counted
        inline._may_hold_words(2, "主动公开政府的信息情况")
    with pytest.raises(AssertionError):  # the words' key is not in the text as it is (a 、 inside): counted
        inline._may_hold_words(4, "政府信息公开行政复议、行政诉讼情况")


_TEXT_CHARS = st.sampled_from(sorted({ch for w in _WORDS for ch in w} | set("、，。（）() \u3000是次年") | {
    "\u6a5f", "\u95dc", "\u653f", "\u8acb", "\u2f00", "\uff0c", "\u200b", "\u5fa9"}))


@settings(max_examples=600, deadline=None)
@given(st.integers(1, 6), st.lists(_TEXT_CHARS, max_size=8).map("".join), st.sampled_from(_WORDS),
       st.lists(_TEXT_CHARS, max_size=30).map("".join), st.integers(0, 3))
def test_may_hold_words_as_the_count(number: int, before: str, words: str, after: str, drop: int) -> None:
    cut = words[:drop] + words[drop + 1:] if drop else words
    for window in (before + words + after, before + cut + after, before + after):
        window = window[:inline._WINDOW]
        assert inline._may_hold_words(number, window) == _plain_may_hold(number, window), window


# -- a grid table's header texts: keyed once per form ----------------------------------------------------

def test_header_texts_name_the_columns_their_keys_name_and_are_keyed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from gxconvert.matcher import tables
    from gxconvert.normalize import label_key
    from gxconvert.templates import templates

    for form in templates():
        for spec in form.of_layout("grid"):
            lm = tables.LabelMatcher(form)
            by_label = lm.columns_by_label(spec)
            labels = [lab for col in spec.columns for lab in col.labels]
            texts = [v for t in labels for v in (t, f" {t}\n", f"{t}（件）", f"（{t}）", t[:1])]
            texts += ["自 然 人", "總計", "其它", "合 计", "申请人情况", "", "12"]
            of_text = lm.columns_of_text(spec)
            want = {t: by_label.get(label_key(t)) for t in texts}
            assert {t: of_text(t) for t in texts} == want
            with monkeypatch.context() as m:  # the second report's header: not keyed again
                m.setattr(tables, "label_key", lambda text: (_ for _ in ()).throw(AssertionError(text)))
                assert {t: lm.columns_of_text(spec)(t) for t in texts} == want
    assert tables.LabelMatcher(templates()[0]).columns_of_text(templates()[0].of_layout("grid")[0])("合 计") == [
        "total"]


# -- a grid row's provenance made in one loop ----------------------------------------------------------

def test_a_positional_row_s_provenance_as_cell_by_cell() -> None:
    from gxconvert.matcher.tables import _Positional
    from gxconvert.model import Cell, Location, Provenance

    a, b, c = Cell("12", 4, 2, loc=Location(line=7)), Cell("—", 4, 3), Cell("3", 4, 1, colspan=1, loc=Location(page=2))
    names = {"g.x": "t.g.x", "g.y": "t.g.y", "g.z": "t.g.z"}
    for values, cells in (({"g.x": 12, "g.y": None, "g.z": 3}, {"g.z": c, "g.x": a, "g.y": b}),  # not in form order
                          ({"g.x": 12, "g.y": None, "g.z": None}, {"g.x": a}),  # a column with no cell under it
                          ({"g.x": None, "g.y": None, "g.z": 3}, {"g.z": c, "g.y": b}),
                          ({"g.x": None, "g.y": None, "g.z": None}, {})):
        out: dict[str, Provenance] = {"before": Provenance("0")}
        _Positional(values, cells, 5, 0, []).put_provenance(out, names)
        want = {"before": Provenance("0")} | {
            names[p]: Provenance(cells[p].text, cells[p].loc, (cells[p].row, cells[p].col), 5, "cell", "")
            for p in values if p in cells}
        assert out == want
        assert list(out) == list(want)  # in form order: the output's provenance keeps it


def test_a_window_with_too_few_of_the_words_characters_is_not_folded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inline, "fold_chars", lambda text: (_ for _ in ()).throw(AssertionError(text)))
    text = ("次、三次、四次人大代表会议建议共14项，县十七届二次、三次、四次政协委员会议提案共14项，对涉及公共利益、"
            "是按照国家2020年卫生计生随机监督抽检工作安排")
    for number in range(1, 7):
        for start in range(0, len(text) - 10, 7):
            assert not inline._may_hold_words(number, text[start:start + inline._WINDOW])
    with pytest.raises(AssertionError):  # enough of part 二's characters, in traditional forms: folded and counted
        inline._may_hold_words(2, "主動公開政府資訊情況")


def test_the_characters_finder_finds_each_fold_into_the_words() -> None:
    from gxconvert.normalize import fold_chars

    for spec in sections():
        find = inline._chars_finder(spec.number)
        chars = {ch for lab in spec.labels for ch in lab}
        for k in [*_table(), *range(0x4E00, 0xA000, 37), *map(ord, "，（）、 \u30000")]:
            c = chr(k)
            if fold_chars(c) in chars:
                assert find(c) == [c], c
