"""compactjson: json.dumps's compact text, UTF-8, byte for byte, by orjson
where it is installed and checked; json's own text otherwise."""

from __future__ import annotations

import json
import random
import struct
from pathlib import Path
from typing import Any

import pytest

import gxconvert
from gxconvert import compactjson

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_without_a_fast_encoder_json_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compactjson, "fast", None)
    obj = {"报告": [1, 2.5, None, True, "a\"b\n\x01"], "x": {"y": 1e16}}
    assert compactjson.dumps(obj) == b'{"\xe6\x8a\xa5\xe5\x91\x8a":[1,2.5,null,true,"a\\"b\\n\\u0001"],"x":{"y":1e+16}}'


def test_the_fast_text_is_kept_when_no_number_may_be_spelled_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    fast_text = b'{"sha256":"e3b0c44298fc1c149afbf4c8996fb924","n":[1,2.5,-3],"t":true,"f":false,"x":0.0001}'
    monkeypatch.setattr(compactjson, "fast", lambda obj: fast_text)
    assert compactjson.dumps({"a": 1.5}) == fast_text  # (hex digits before an "e" in a string: no alarm)


@pytest.mark.parametrize("fast_text", [b'{"a":1e16}', b'{"a":1.5E300}', b'{"a":0.00001}', b'{"a":"0.00001"}',
                                       b'{"a":-1e-7}', b'[1,2.5e20]', b'{"a":[0,-1.25e-9]}', b'1e16',
                                       b'{"a":"x,1e5"}'])
def test_a_number_another_encoder_may_spell_otherwise_is_written_by_json(
        monkeypatch: pytest.MonkeyPatch, fast_text: bytes) -> None:
    monkeypatch.setattr(compactjson, "fast", lambda obj: fast_text)
    obj = {"a": 1e16}
    assert compactjson.dumps(obj) == b'{"a":1e+16}'


def test_what_the_fast_encoder_refuses_json_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(obj: Any) -> bytes:
        raise TypeError("Integer exceeds 64-bit range")

    monkeypatch.setattr(compactjson, "fast", refuse)
    assert compactjson.dumps([2 ** 70]) == b"[1180591620717411303424]"


# ---------------------------------------------------------------- orjson itself, where installed


def test_orjson_writes_json_s_bytes_or_is_passed_over() -> None:
    pytest.importorskip("orjson")
    assert compactjson.fast is not None
    text = "".join(map(chr, range(0x800))) + "\u2028\u2029\ufeff\uffff\U0001f600"
    rnd = random.Random(23)
    floats = []
    while len(floats) < 20000:
        x = struct.unpack("d", struct.pack("Q", rnd.getrandbits(64)))[0]
        if x == x and abs(x) != float("inf"):
            floats += [x, round(x % 10000, 2), round(x % 1, 4), float(int(x % 1e6))]
    for obj in ({text: [text, 1, -0.0, 2 ** 63, 2 ** 64 - 1]}, floats, [2 ** 64], {1: 2},
                [1e16, 1e-5, 5e-324, 1e15, 0.0001, 123456789.125]):
        assert compactjson.dumps(obj) == _json(obj)
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate: refused by both, json's error as before
        compactjson.dumps(["\ud800"])


def test_orjson_writes_json_s_bytes_for_reports() -> None:
    pytest.importorskip("orjson")
    for f in [*sorted((CORPUS / "seeds").glob("*.txt"))[:3], *sorted((CORPUS / "pdf").glob("0*.pdf"))[:2],
              *sorted((CORPUS / "html").glob("*.html"))[:2]]:
        d = gxconvert.convert(f).to_dict(provenance=True)
        assert compactjson.fast is not None and compactjson.fast(d) == _json(d)  # the fast text itself
        assert compactjson.dumps(d) == _json(d)
