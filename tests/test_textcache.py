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
