"""Compact JSON as UTF-8 bytes, as ``json.dumps(obj, ensure_ascii=False,
separators=(",", ":")).encode("utf-8")`` writes it, byte for byte — by
``orjson`` where it is installed (about six times faster on a report with
its provenance), else by ``json``.

orjson writes what ``json`` writes (keys in order, the same escapes, the
shortest float that reads back) except for a few numbers, which it writes
in another spelling: a float of 1e16 or more (``1e16`` for ``1e+16``) or
under 1e-4 (``0.00001`` or ``1e-7`` for ``1e-05``, ``1e-07``).  Its text is
kept only when it holds neither a digit followed by ``e``/``E`` nor
``0.0000`` anywhere (in a string too: a false alarm costs the slower
encoder, never other bytes); otherwise, and for anything orjson refuses (an
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


#: a number orjson spells otherwise than json could be in the text
_OTHER_SPELLING = re.compile(rb"[0-9][eE]|0\.0000")

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
            if _OTHER_SPELLING.search(out) is None:
                return out
    return _json_dumps(obj)
