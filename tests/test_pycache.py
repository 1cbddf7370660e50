"""Derived data kept beside the bytecode (gxconvert.pycache): compiled
patterns and the division table, each the same as computed afresh, and a
stale, damaged or foreign file never used."""

from __future__ import annotations

import marshal
import os
import re
import sys

import pytest

from gxconvert import patterns, pycache
from gxconvert.matcher.identity import region

# str and bytes patterns, flags, named groups, look-behind, CJK ranges, a large alternation
PATTERNS: list[tuple[str | bytes, int]] = [
    (r"((?:19|20)\d{2})\s*年", 0),
    (r"(?P<year>\d{4})-(?P<month>\d{1,2})", 0),
    (r"(?<=[\u4e00-\u9fff\d])[ \t\u3000\xa0]+(?=[\u4e00-\u9fff\d])", 0),
    (r"^\s*(?:https?://|www\.)\S+$", re.IGNORECASE),
    ("|".join(f"第{i}号文件" for i in range(300)), 0),
    (rb"<html\b|<body\b", re.IGNORECASE | re.DOTALL),
    (r"a.b", re.DOTALL | re.MULTILINE),
]


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    """patterns as in a new process, its cache file under tmp_path, writing allowed."""
    path = str(tmp_path / "patterns.marshal")
    monkeypatch.setattr(patterns, "_FILE", path)
    monkeypatch.setattr(patterns, "_cache", None)
    monkeypatch.setattr(patterns, "_learned", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def _new_process() -> None:
    patterns._cache = None
    patterns._learned.clear()


def test_patterns_from_the_cache_equal_re_compile(fresh_cache) -> None:
    first = [patterns.compile(p, f) for p, f in PATTERNS]
    assert not os.path.exists(fresh_cache)
    patterns.save()  # what the process does at exit
    assert os.path.exists(fresh_cache)
    _new_process()
    second = [patterns.compile(p, f) for p, f in PATTERNS]
    assert not patterns._learned  # every one came from the file
    for (p, f), a, b in zip(PATTERNS, first, second, strict=True):
        expected = re.compile(p, f)
        assert a == expected and b == expected  # pattern, flags and the engine's code
        assert b.groupindex == expected.groupindex and b.groups == expected.groups
    assert second[1].match("2021-07").group("month") == "07"
    assert second[2].sub("", "山东 省 2021 年") == "山东省2021年"
    assert second[4].search("见第299号文件").group(0) == "第299号文件"
    assert second[5].search(b"x <BODY>") is not None


def test_a_damaged_or_foreign_cache_file_is_ignored(fresh_cache) -> None:
    with open(fresh_cache, "wb") as fh:
        fh.write(b"\x00not marshal")
    assert patterns.compile(r"(\d+)年", 0) == re.compile(r"(\d+)年")
    pycache.write_cache(fresh_cache, ("another interpreter",), {(r"(\d+)年", 0): (0, [1, 2, 3], 0, {}, (None,))})
    _new_process()
    assert patterns.compile(r"(\d+)年", 0) == re.compile(r"(\d+)年")
    assert patterns._learned  # compiled afresh, not read


def test_no_cache_file_when_bytecode_may_not_be_written(fresh_cache, monkeypatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    patterns.compile(r"x(\d)y", 0)
    patterns.save()
    assert not os.path.exists(fresh_cache)


def test_the_division_table_from_its_cache_is_the_table_read_from_the_csv(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(region, "_CACHE", str(tmp_path / "divisions.marshal"))
    region.divisions.cache_clear()
    try:
        read = region.divisions()
        assert read is not None and os.path.exists(region._CACHE)
        region.divisions.cache_clear()
        cached = region.divisions()
        assert cached == read
        assert list(cached.names) == list(read.names) and list(cached.by_stem) == list(read.by_stem)
        assert cached.by_name["张店区"] == ("370303",) and cached.names["370303"] == "张店区"
        # a stale file (computed from other code or data) is not used
        assert pycache.read_cache(region._CACHE, ("another stamp",)) is None
        pycache.write_cache(region._CACHE, ("stale",), ({"370303": "错"}, {}, {}))
        region.divisions.cache_clear()
        assert region.divisions() == read
    finally:
        region.divisions.cache_clear()


def test_the_division_table_is_cached_as_a_few_texts_and_a_damaged_one_is_read_again(tmp_path, monkeypatch) -> None:
    """The cache holds the table as eight long texts (marshal reads them in a
    fraction of what ~10,000 small strings and tuples cost), which rebuild
    the same dicts in the same order; a file of the right stamp whose texts
    do not rebuild a table is read from the CSV again."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(region, "_CACHE", str(tmp_path / "divisions.marshal"))
    region.divisions.cache_clear()
    try:
        read = region.divisions()
        assert read is not None
        with open(region._CACHE, "rb") as fh:
            stamp, texts = marshal.loads(fh.read())
        assert isinstance(texts, tuple) and len(texts) == 8 and all(isinstance(t, str) for t in texts)
        codes, names = texts[0].split("\t"), texts[1].split("\t")
        assert len(codes) == len(names) > 3000 and names[codes.index("370303")] == "张店区"
        shared = texts[4].split("\t")  # by_name's keys with more than one code
        assert "朝阳区" in shared and read.by_name["朝阳区"] == ("110105", "220104")
        rebuilt = region._unpacked(texts)
        assert rebuilt == read and list(rebuilt.by_name) == list(read.by_name)
        assert all(type(v) is tuple for v in rebuilt.by_stem.values())
        one_name_less = texts[1].rsplit("\t", 1)[0]
        for damaged in ((texts[0], one_name_less, *texts[2:]), texts[:7], {"370303": "错"}, (1,) * 8):
            pycache.write_cache(region._CACHE, stamp, damaged)
            region.divisions.cache_clear()
            assert region.divisions() == read
    finally:
        region.divisions.cache_clear()


def test_file_stamp_changes_with_the_file(tmp_path) -> None:
    f = tmp_path / "a.py"
    f.write_text("x = 1\n")
    before = pycache.file_stamp(f, tmp_path / "missing")
    assert before[1][1:] == (-1, -1)
    f.write_text("x = 22\n")
    assert pycache.file_stamp(f, tmp_path / "missing") != before
