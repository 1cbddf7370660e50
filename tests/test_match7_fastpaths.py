"""The seventh matcher pass's shortcuts, each against the way it replaces.

* the cuts of a run: a group's cuts made once per group text, the cuts of
  the remaining groups made once however many heads precede them; every
  number of pieces counted in one product;
* a line's label key made once, each stretch's key a slice of it;
* characters that never start a run of digits skipped in one regex match;
* the narrative cues searched at once in a paragraph before clause by
  clause (not for cues that may look past their match).
"""

from __future__ import annotations

import itertools
import random
import re
import sys

import pytest

from gxconvert.matcher import digits as digits_mod
from gxconvert.matcher import glued as glued_mod
from gxconvert.matcher.digits import Group, Piece, count_cuts, cut_counts, cuts, find_runs
from gxconvert.matcher.events import Heading, Para
from gxconvert.templates import get as get_template

_PIECE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?|[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")


def _cuts_slow(groups: list[Group], m: int) -> list[list[Piece]]:
    """Every cut by brute force: each group's every split into numbers (no
    leading zeros; a ',' at a cut a separator), the groups' combinations
    in order, those of m pieces."""

    def splits(text: str) -> list[list[str]]:
        if not text:
            return [[]]
        out = []
        for j in range(1, min(len(text), digits_mod.MAX_PIECE) + 1):
            head, rest = text[:j], text[j:]
            if not _PIECE.fullmatch(head) or rest.startswith("."):
                continue
            if rest.startswith(","):
                rest = rest[1:]  # a separator
            out += [[head, *tail] for tail in splits(rest)]
        return out

    per_group: list[list[list[Piece]]] = []
    for g in groups:
        if g.kind == "null":
            per_group.append([[Piece("", null=True, gap=g.gap)]])
            continue
        options = []
        for parts in splits(g.text):
            ps = [Piece(p) for p in parts]
            ps[0] = Piece(ps[0].text, g.sign, gap=g.gap)
            ps[-1] = ps[-1]._replace(unit=g.unit)
            options.append(ps)
        per_group.append(options)
    out = [[p for part in combo for p in part] for combo in itertools.product(*per_group)]
    return [c for c in out if len(c) == m]


def _random_groups(rng: random.Random) -> list[Group]:
    groups = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.2:
            groups.append(Group("null", gap=rng.randint(0, 2)))
            continue
        text = "".join(rng.choice("0012345,.") for _ in range(rng.randint(1, 7))).strip(",.")
        if not text or ".." in text or ",," in text or ".," in text or ",." in text:
            text = "10"
        groups.append(Group("num", text, rng.choice(["", "", "-"]), rng.choice([None, None, "万元"]),
                            gap=rng.randint(0, 2)))
    return groups


def test_the_cuts_of_a_run_are_every_cut_once_in_order() -> None:
    rng = random.Random(7)
    for _ in range(300):
        groups = _random_groups(rng)
        for m in range(0, 9):
            got = cuts(groups, m)
            slow = _cuts_slow(groups, m)
            assert sorted(map(repr, got)) == sorted(map(repr, slow)), (groups, m)
            assert len(set(map(tuple, got))) == len(got)
            assert count_cuts(groups, m) == len(slow)


def test_the_cuts_come_in_the_order_of_a_walk_from_the_first_group() -> None:
    groups = [Group("num", "102"), Group("null"), Group("num", "120")]
    got = [[p.text if not p.null else "/" for p in c] for c in cuts(groups, 4)]
    # the first group in one piece, then in two; within, the rest's cuts in order
    assert got == [["102", "/", "1", "20"], ["102", "/", "12", "0"], ["10", "2", "/", "120"]]


def test_a_cut_is_a_list_of_its_own() -> None:
    groups = [Group("num", "11"), Group("num", "11")]
    got = cuts(groups, 3)
    got[0].append(Piece("9"))
    assert all(len(c) == 3 for c in cuts(groups, 3))


def test_every_number_of_pieces_is_counted_in_one_product() -> None:
    rng = random.Random(3)
    for _ in range(200):
        groups = _random_groups(rng)
        counts = cut_counts(groups, 9)
        assert counts == [len(_cuts_slow(groups, m)) for m in range(10)]
        assert cut_counts(groups, 4) == counts[:5]


def test_a_stretch_of_a_line_keys_as_its_own_text() -> None:
    rng = random.Random(11)
    alphabet = "申请数量 ，。、1２3（一）本年新收ab\t\u3000" + "政府信息公开" * 3
    for _ in range(300):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        keys = glued_mod._LineKey.of(line)
        a = rng.randint(0, len(line))
        b = rng.randint(a, len(line))
        key, lo = keys.window(a, b)
        want, idx = glued_mod._key_map(line[a:b][-200:])
        assert key == want
        off0 = max(0, b - a - 200)
        assert [keys.idx[lo + j] - a for j in range(len(key))] == [off0 + i for i in idx]


def test_no_character_skipped_can_start_a_run() -> None:
    skip = digits_mod._NO_START
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if skip.fullmatch(c):
            assert not digits_mod._starts_run(c + "1", 0), hex(cp)


def test_runs_are_found_as_a_walk_character_by_character_finds_them() -> None:
    rng = random.Random(5)
    alphabet = "0123456789+-/—,. 。；、万元件个（）申请a\t"
    for _ in range(400):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        starts = [i for i in range(len(s)) if digits_mod._starts_run(s, i)]
        runs = find_runs(s)
        # every run starts at a character that may start one, the first such after the last run
        pos = 0
        for r in runs:
            assert r.start == next(i for i in starts if i >= pos)
            pos = r.end
        assert not [i for i in starts if i >= pos]


def _doc(paras: list[str]) -> list[Heading | Para]:
    return [Heading(1, "一、总体情况", None), *(Para(t, None) for t in paras)]


def test_the_cues_searched_at_once_find_what_the_clauses_find(monkeypatch: pytest.MonkeyPatch) -> None:
    t = get_template("2021")
    paras = ["本年度共收到政府信息公开申请12件，上年结转申请3件。", "行政复议2件；结转下年度继续办理1件",
             "本单位全年无申请", "共计收到12个单位的材料", "2021年1月1日至12月31日"]
    assert glued_mod._any_cue(t) is not None
    got = glued_mod.narrative_counts(_doc(paras), t)
    assert got["applications.new_received.total"][0] == 12
    assert got["applications.carried_over.total"][0] == 3
    assert got["review_litigation.review.total"][0] == 2
    assert got["applications.carried_forward.total"][0] == 1
    monkeypatch.setattr(glued_mod, "_any_cue", lambda template: None)
    assert glued_mod.narrative_counts(_doc(paras), t) == got


def test_cues_that_may_look_past_their_match_are_not_searched_at_once() -> None:
    for source in [r"\b收到(?P<value>\d+)件", r"(?<=共)(?P<value>\d+)件", r"^收到(?P<value>\d+)件",
                   r"收到(?P<value>\d+)件$",
                   r"(?i)收到(?P<value>\d+)件", r"收到(?P<value>\d++)件", r"(?P<v>\d)(?P=v)件"]:
        assert glued_mod._CONTEXT_BOUND.search(source), source
    for source in [r"(?:收到|受理)(?:[^,;。]{0,8}?)申请(?P<value>\d+)(?:件|个)", r"(?P<row>规章)(?P<value>\d+)件"]:
        assert not glued_mod._CONTEXT_BOUND.search(source), source


def test_a_unit_word_is_the_first_of_the_units_written_there() -> None:
    from gxconvert.values import UNITS

    for text in ["12万元", "12万", "12元", "3件", "5%", "7", "8万件", "9项目", "1元万"]:
        want = next((u for u in UNITS if text.startswith(u, 1)), None)
        assert digits_mod._unit_at(text, 1) == want, text
    assert digits_mod._unit_at("12万元", 2) == "万元"  # the longer first, as UNITS lists it


def test_only_a_short_groups_cuts_are_kept_for_the_process() -> None:
    digits_mod._short_heads.cache_clear()
    long_group = Group("num", "1203" * 4)  # 16 digits: many cuts, not kept
    assert len(long_group.text) > digits_mod.SHORT_GROUP
    got = cuts([long_group], 6)
    assert got and digits_mod._short_heads.cache_info().currsize == 0
    assert sorted(map(repr, got)) == sorted(map(repr, _cuts_slow([long_group], 6)))
    cuts([Group("num", "120"), Group("num", "0")], 3)
    assert digits_mod._short_heads.cache_info().currsize > 0
