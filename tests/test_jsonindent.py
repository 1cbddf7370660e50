"""The indented JSON of a report is ``json.dumps(..., ensure_ascii=False, indent=N)``'s text, byte for byte."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import gxconvert
from gxconvert import jsonindent

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _same(obj: object, indent: int = 2) -> None:
    assert jsonindent.dumps(obj, indent) == json.dumps(obj, ensure_ascii=False, indent=indent)


@pytest.mark.parametrize("name", ["html/000_cms.html", "docx/000.docx", "pdf/000_ruled_split.pdf",
                                  "seeds/000_c618104cc4de48fa.txt"])
def test_a_report_with_and_without_its_provenance(name: str) -> None:
    report = gxconvert.convert(CORPUS / name)
    for provenance in (False, True):
        d = report.to_dict(provenance=provenance)
        for indent in (0, 2, 4):
            _same(d, indent)
        assert report.to_json(provenance=provenance) == json.dumps(d, ensure_ascii=False, indent=2)
        assert report.to_json(provenance=provenance, indent=None) == json.dumps(d, ensure_ascii=False)
    d = report.to_dict()
    assert jsonindent.dumps(d, "\t") == json.dumps(d, ensure_ascii=False, indent="\t")  # type: ignore[arg-type]


def test_the_shapes_and_values_json_writes_in_its_own_way() -> None:
    """Empty containers, nested lists, tuples, numbers json spells (NaN,
    Infinity, -0.0, big ints, floats in a list of cells), escapes, and what
    only json.dumps writes (non-str keys inside a walked dict, subclasses)."""
    class Text(str):
        pass

    class Count(int):
        pass

    cases: list[object] = [
        {}, [], {"a": {}, "b": [], "c": [[]], "d": [{}]},
        {"cell": [3, 4], "box": [1.5, 2.25, 3.0, 4.0], "nan": [1, float("nan")], "inf": [float("inf"), 1.0]},
        {"n": -0.0, "big": 2 ** 70, "t": True, "f": False, "z": None, "x": 1e300},
        {"s": "引号\"反斜杠\\换行\n制表\t零\x00", "u": "\u2028\ud800", "k": "[1,\n 2]"},
        [1, [2, [3, {"a": (4, 5)}]], ("x", None)], ({"a": 1},),
        {"w": {1: "int key", None: "null key", 2.5: "float key"}}, {"w": {"a": [1], 2: 3}},
        {"s": Text("a str subclass"), "n": Count(3)}, [Count(7)], {"d": {"e": Text("x")}},
        "text", 5, None, float("-inf"),
    ]
    for case in cases:
        for indent in (0, 1, 2):
            _same(case, indent)


def test_random_trees() -> None:
    rnd = random.Random(7)
    leaves = [None, True, False, 0, -12, 3.25, float("nan"), "", "中文，[{}]", "a\"b", "\\", "\n"]

    def tree(depth: int) -> object:
        roll = rnd.random()
        if depth > 4 or roll < 0.4:
            return rnd.choice(leaves)
        if roll < 0.7:
            return {rnd.choice(["a", "键", "", "x y"]) + str(i): tree(depth + 1) for i in range(rnd.randint(0, 5))}
        return [tree(depth + 1) if rnd.random() < 0.5 else rnd.choice([1, 2.5, -3]) for _ in range(rnd.randint(0, 5))]

    for _ in range(2000):
        _same(tree(0))


def test_a_cycle_is_refused_as_json_refuses_it() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        jsonindent.dumps({"a": loop}, 2)
