"""Short texts are computed once; long ones each time (the cache stays small)."""

from __future__ import annotations

from gxconvert.textcache import SHORT, cached_when_short
from gxconvert.values import clean, parse_number


def test_short_texts_are_computed_once_long_ones_each_time() -> None:
    calls: list[str] = []

    @cached_when_short
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    short, long = "a" * SHORT, "b" * (SHORT + 1)
    assert [upper(short), upper(short), upper(long), upper(long)] == [short.upper()] * 2 + [long.upper()] * 2
    assert calls == [short, long, long]
    upper.cache_clear()  # type: ignore[attr-defined]
    upper(short)
    assert calls == [short, long, long, short]


def test_a_cached_reading_raises_afresh_each_time() -> None:
    for _ in range(2):  # the second call is served from the cache
        try:
            parse_number("3 3")
        except ValueError as exc:
            assert "separated by a space" in str(getattr(exc, "reason", ""))
        else:
            raise AssertionError("'3 3' read as a number")
    assert parse_number("１，２３４").value == 1234
    assert clean("１，２３４") == "1234"


def test_paragraph_cache_keeps_recent_paragraphs_only_up_to_its_bounds() -> None:
    from gxconvert.textcache import PARAGRAPH, PARAGRAPHS, cached_with_paragraphs

    calls: list[int] = []

    @cached_with_paragraphs
    def size(text: str) -> int:
        calls.append(len(text))
        return len(text)

    para, huge = "c" * (SHORT + 10), "d" * (PARAGRAPH + 1)
    assert [size(para), size(para), size(huge), size(huge)] == [SHORT + 10, SHORT + 10, PARAGRAPH + 1, PARAGRAPH + 1]
    assert calls == [SHORT + 10, PARAGRAPH + 1, PARAGRAPH + 1]  # a paragraph once; a huge text each time
    for k in range(PARAGRAPHS):  # as many other paragraphs as the cache holds push the first one out
        size("e" * (SHORT + 1) + str(k))
    calls.clear()
    size(para)
    assert calls == [SHORT + 10]
    size.cache_clear()  # type: ignore[attr-defined]
    size(para)
    assert calls == [SHORT + 10, SHORT + 10]


def test_fast_folding_paths_give_what_the_full_normalisation_gives() -> None:
    import unicodedata

    from gxconvert.normalize import fold_chars, nfkc, norm_text
    from gxconvert.values import cell_kind, count_value

    # full-width forms, an ideographic space, a Kangxi radical, a compatibility ideograph, a variant
    for text in ("（二）本年度　办理结果：１２件", "⼀、总体情况", "\uf900年", "釆取措施", "plain ascii 12", ""):
        assert nfkc(text) == unicodedata.normalize("NFKC", text)
    assert norm_text("（二）本年度　办理结果：１２件") == "(二)本年度 办理结果:12件"
    assert norm_text("⼀、釆取") == "一、采取"
    assert fold_chars("釆取") == "采取" and fold_chars("采取") == "采取"
    # plain digits take a short cut: the same (blank, numeric) and value as the full reading
    assert cell_kind("007") == (False, True) and count_value("007") == (True, 7)
    assert cell_kind("１２") == (False, True) and count_value("１２") == (True, 12)
    assert cell_kind("—") == (True, False) and count_value("—") == (True, None)
    assert cell_kind("---") == (True, False) and cell_kind("-5") == (False, True)
    assert count_value("3 3") == (False, None)
    assert count_value("1" * 31) == (False, None)  # over MAX_DIGITS: not a value
