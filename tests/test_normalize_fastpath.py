"""``norm_text`` maps the full-width forms first and runs NFKC only when
what is left is not normalised: the result is NFKC's, character for
character, on any mix of the characters reports hold."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gxconvert.normalize import _table, norm_text

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
