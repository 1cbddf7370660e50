"""Compact JSON as UTF-8 bytes, as ``json.dumps(obj, ensure_ascii=False,
separators=(",", ":")).encode("utf-8")`` writes it, byte for byte — by
``orjson`` where it is installed (a third of json's time on a report with
its provenance, the check below included), else by ``json``.

orjson writes what ``json`` writes (keys in order, the same escapes, the
shortest float that reads back) except for a few numbers, which it writes
in another spelling: a float of 1e16 or more (``1e16`` for ``1e+16``) or
under 1e-4 (``0.00001`` or ``1e-7`` for ``1e-05``, ``1e-07``).  Its text is
kept only when no token after a ``:``, ``,`` or ``[`` is digits with an
exponent, and ``0.0000`` is nowhere (a string holding such text is a false
alarm, which costs the slower encoder, never other bytes; a sha256's hex
digits are no alarm); otherwise, and for anything orjson refuses (an
integer over 64 bits, a key that is not a string, a type of its own, a lone
surrogate), ``json`` writes it all.  One difference stays: a float that is
not a number (NaN, ±Infinity) is ``null`` in orjson's text, ``NaN`` in
json's (which JSON parsers, SQLite's ``json_valid`` among them, refuse); a
dataset's value rows already hold NULL for one (SQLite binds NaN as NULL).
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from typing import Any

_Dumps = Callable[[Any], bytes]


def _json_dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"),
                      check_circular=False).encode("utf-8")  # a report's dict is a tree


def _load_fast() -> _Dumps | None:
    try:
        orjson = importlib.import_module("orjson")  # (not a dependency: used where installed)
    except ImportError:
        return None
    dumps: _Dumps = orjson.dumps
    return dumps


#: in orjson's text with every digit, "." and "-" as "0", "E" as "e", and ":" and "," as "[": a
#: number written with an exponent is "[", zeros, "e" (a sha256's hex digits are letters before them)
_NUMBERS_AS_ZEROS = bytes.maketrans(b"123456789.-E:,", b"00000000000e[[")
_EXPONENT = re.compile(rb"\[0+e")


def _other_spelling(out: bytes) -> bool:
    """Whether orjson's text may hold a number json spells otherwise: one
    with an exponent, or ``0.0000``… (under 1e-4) — or a bare value."""
    return (out[:1] not in (b"{", b"[", b'"') or b"0.0000" in out
            or _EXPONENT.search(out.translate(_NUMBERS_AS_ZEROS)) is not None)


#: the fast encoder, or None (json writes all)
fast: _Dumps | None = _load_fast()


def dumps(obj: Any) -> bytes:
    """``obj`` as compact JSON, UTF-8 (see the module doc)."""
    enc = fast
    if enc is not None:
        try:
            out = enc(obj)
        except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
            pass
        else:
            if not _other_spelling(out):
                return out
    return _json_dumps(obj)
