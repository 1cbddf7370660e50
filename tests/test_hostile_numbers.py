"""Numbers written in hostile or unlucky ways (issue 14): one rule for every
minus and dash form, control characters as whitespace, digits split by a
space never joined, counts never through a float."""

from __future__ import annotations

import pytest

from gxconvert.values import (
    DASHES,
    Unreadable,
    is_blank,
    looks_numeric,
    parse_number,
    to_count,
    to_money,
)


@pytest.mark.parametrize("dash", list(DASHES))
def test_every_minus_form_is_a_minus(dash):
    assert to_count(parse_number(f"{dash}1")) == -1
    assert to_count(parse_number(f"{dash} 12 ")) == -12
    assert looks_numeric(f"{dash}7")


@pytest.mark.parametrize("dash", list(DASHES))
def test_every_dash_form_alone_is_blank(dash):
    assert parse_number(dash).value is None
    assert parse_number(dash * 2).value is None
    assert is_blank(dash * 3)


@pytest.mark.parametrize("text", ["3 3", "1 234", "12\u30004", "3\n3", "5\t6", "2.5 1", "3\x073"])
def test_digits_split_by_whitespace_are_not_joined(text):
    with pytest.raises(Unreadable) as err:
        parse_number(text)
    assert "space" in err.value.reason


@pytest.mark.parametrize("text,value", [("\x1b12", 12), ("12\x07", 12), ("\x0b 3 \x0c", 3), ("\u200b４５", 45),
                                        ("1,234", 1234), ("  7件 ", 7)])
def test_control_characters_and_spaces_around_a_number(text, value):
    assert to_count(parse_number(text)) == value


def test_counts_stay_integers_however_long():
    big = "12345678901234567891"  # 20 digits
    v = to_count(parse_number(big))
    assert isinstance(v, int) and v == 12345678901234567891
    assert str(v) == big
    assert to_count(parse_number("100000000000000000000")) == 10**20
    assert isinstance(to_count(parse_number("3万")), int) and to_count(parse_number("3万")) == 30000
    assert to_count(parse_number("1.5万")) == 15000


def test_absurdly_long_numbers_are_unreadable_not_overflow():
    with pytest.raises(Unreadable):
        parse_number("9" * 400)  # a float would overflow; a count of 400 digits is no cell value


def test_money_still_float():
    assert to_money(parse_number("28.44万元"), "yuan") == 284400.0
    assert to_money(parse_number("12"), "wan_yuan", "元") == 0.0012
