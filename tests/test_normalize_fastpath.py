"""``norm_text`` maps the full-width forms first and runs NFKC only when
what is left is not normalised: the result is NFKC's, character for
character, on any mix of the characters reports hold."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gxconvert.matcher.inline import _key_map
from gxconvert.normalize import (_FULL_WIDTH_CHARS, _PUNCT, _table, drop_spaces, fold_each, label_key, norm_text, squash,
                                 strip_enum)

# full-width ASCII forms, the ideographic space, combining marks that compose
# with what a full-width letter becomes, Kangxi radicals, compatibility
# ideographs, circled and Roman numerals, Hangul jamo and syllables, a
# ligature, the angstrom sign, variant characters the table folds, and plain CJK
_CHARS = st.sampled_from([chr(c) for c in (
    *range(0x20, 0x7F), *range(0xFF01, 0xFF5F), 0x3000, 0x0301, 0x0308, 0x0327, 0x2F00, 0x2F08, 0xF900, 0xFA0E,
    0x2460, 0x2473, 0x2160, 0x216B, 0x3131, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xFB01, 0x212B, 0x91C6, 0x56EF,
    0x4E00, 0x653F, 0x5E9C, 0x570B, 0x00A0, 0x200B, 0xFEFF)])


def _plain(s: str) -> str:
    return unicodedata.normalize("NFKC", s).translate(_table())


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHARS, max_size=120).map("".join))
def test_norm_text_is_nfkc_then_the_fold(s: str) -> None:
    assert norm_text(s) == _plain(s)


def test_a_full_width_letter_before_a_combining_mark_still_composes() -> None:
    assert norm_text("Ａ\u0301（１）") == "Á(1)" == _plain("Ａ\u0301（１）")


def _label_key_slow(s: str) -> str:
    from gxconvert import normalize

    return normalize._PUNCT.sub("", normalize.strip_enum(normalize.squash(s)))


def test_label_key_of_ideographs_alone_is_the_full_folding() -> None:
    # every ideograph the folding changes and every fifth other one, doubled; numbering made of ideographs
    from gxconvert.normalize import label_key

    label_key.cache_clear()
    folded = {c for c in _table() if 0x4E00 <= c < 0xA000}
    for c in sorted(folded | set(range(0x4E00, 0xA000, 5))):
        s = chr(c) * 2
        assert label_key(s) == _label_key_slow(s), s
    for s in ("第一部分总体情况", "第三章", "第二", "第", "一二三", "三本年度办理情况", "國務院辦公廳", "主動公開"):
        assert label_key(s) == _label_key_slow(s), s
    assert label_key("第三章其他") == "其他" and label_key("主動公開") == "主动公开"


# -- whitespace, the per-character fold, label keys, ideographs (issue 23, fifth pass) ------------------------

_WS_PATTERN = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")  # what squash removed by a regular expression


def test_drop_spaces_removes_what_the_pattern_matched_for_every_character() -> None:
    # both remove a set of characters: the same result on every character at once is the same set
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert drop_spaces(every) == _WS_PATTERN.sub("", every)
    assert drop_spaces(" a\u3000b\u200b\ufeffc\n") == "abc"


def _fold_slow(s: str) -> str:
    return "".join(_plain(ch)[:1] or " " for ch in s)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHARS, max_size=60).map("".join))
def test_fold_each_is_each_character_folded_alone(s: str) -> None:
    got = fold_each(s)
    if got is not None:
        assert got == _fold_slow(s) == norm_text(s)
    else:  # NFKC changes more than the full-width forms: a character alone folds otherwise
        assert not unicodedata.is_normalized("NFKC", "".join(_FULL_WIDTH_CHARS.get(ch, ch) for ch in s))


def _key_map_slow(text: str) -> tuple[str, list[int]]:
    folded = [_plain(ch)[:1] or " " for ch in text]
    idx = [i for i, ch in enumerate(folded) if re.match(r"[^\s\W_]", ch)]
    return "".join(folded[i] for i in idx), idx


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHARS, max_size=60).map("".join))
def test_key_map_keys_in_runs_as_character_by_character(s: str) -> None:
    assert _key_map(s) == _key_map_slow(s)


_NUMBERINGS = st.sampled_from(["", "1.", "12．", "3、", "（一）", "(二)", "十一、", "四、", "第", "第三", "一", "(一", "1",
                               "１.", " 1.", "1. ", "二.", "三,", "（十）"])
_WORD_CHARS = st.sampled_from(list("一二三四五六七八九十第其他项条政府信息公开申请結國" "（）()、，,。：:；;“”《》/ \n\u3000.1２")
                              + [chr(0x91C6), chr(0x2F08), chr(0xF900)])


def _label_key_reference(s: str) -> str:
    return _PUNCT.sub("", strip_enum(_WS_PATTERN.sub("", _plain(s))))


@settings(max_examples=500, deadline=None)
@given(_NUMBERINGS, st.lists(_WORD_CHARS, min_size=1, max_size=14).map("".join))
def test_label_key_of_numbered_words_is_the_full_folding(numbering: str, words: str) -> None:
    label_key.cache_clear()
    for s in (numbering + words, words):
        assert label_key(s) == _label_key_reference(s), s


def test_label_key_keeps_a_numbering_that_words_and_punctuation_make() -> None:
    label_key.cache_clear()
    for s, key in [("一、二", "二"), ("一二", "一二"), ("一二 三", "一二三"), ("二）其他", "其他"), ("十、", ""),
                   ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开区分处理的只计这一情形不计其他情形"),
                   ("1．属于国家秘密", "属于国家秘密"), ("本年增/减", "本年增减"), ("其他\n结果", "其他结果"),
                   ("第二十条第（一）项", "条第一项"), ("三、 本年 度办 理情\n况", "本年度办理情况")]:
        assert label_key(s) == _label_key_reference(s) == key, s


def test_an_ideograph_stays_one_character_that_squash_keeps() -> None:
    # what tells a paragraph too long to be a heading without normalising it
    from gxconvert.matcher.events import _ideographs

    assert all(len(v) == 1 and not v.isspace() for k, v in _table().items() if 0x4E00 <= k <= 0x9FFF)
    for s in ("政府信息公开 工作\u3000年度报告", "二、主动公开政府信息情况", "Ａ\u0301（１）國", "\u0301一\u0308", ""):
        assert _ideographs(s) <= len(squash(s))


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHARS, max_size=80).map("".join))
def test_no_more_ideographs_than_squash_keeps(s: str) -> None:
    from gxconvert.matcher.events import _ideographs

    assert _ideographs(s) <= len(squash(s))
