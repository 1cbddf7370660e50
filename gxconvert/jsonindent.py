"""Indented JSON text, as ``json.dumps(obj, ensure_ascii=False, indent=N)`` writes it, byte for byte.

``json.dumps`` with an ``indent`` cannot use the C encoder (CPython 3.11-3.13):
it runs ``json.encoder``'s Python generators, which pass every piece of text
up through one generator per level of nesting — about 1 ms for a report, 3 ms
with its provenance (~2,000 items, three to four levels deep), for the
``convert FILE`` output and every file a batch writes into a folder.  Here a
container whose values are all plain (text, numbers, true/false/null) — a
table's row, a check, a warning, a cell's (row, column) — is written by the
C encoder in one call, with the line break and indentation of its level as
the item separator; only the containers holding others are walked in
Python, appending to one list.  Anything ``json.dumps`` would treat
otherwise (a key that is not a str, a value of another type, a subclass, a
cycle) is handed to ``json.dumps`` itself, so the text is always its.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

#: the C encoder's constructor (None without the C accelerator: then json.dumps writes it all)
_c_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)

#: the types written as one token; a subclass of one of them is left to ``json.dumps``
_PLAIN = frozenset({str, int, float, bool, type(None)})

_Encoder = Callable[[Any, int], Any]
_NUMBERS = frozenset({int, float})


class _Other(Exception):
    """Something this module does not write as ``json.dumps`` would: it writes all."""


def _refuse(o: object) -> object:
    raise _Other


def dumps(obj: Any, indent: int) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent)``."""
    if _c_make_encoder is None or not isinstance(indent, int) or indent < 0:  # (json also takes a str: as is)
        return json.dumps(obj, ensure_ascii=False, indent=indent)
    out: list[str] = []
    try:
        _write(obj, out, "\n", " " * indent, {})
    except (_Other, RecursionError):  # (a cycle: json.dumps says so in its own words)
        return json.dumps(obj, ensure_ascii=False, indent=indent)
    return "".join(out)


def _encoder(inner: str, encoders: dict[str, _Encoder]) -> _Encoder:
    """The C encoder writing one container of plain values whose items start at ``inner``."""
    enc = encoders.get(inner)
    if enc is None:
        enc = encoders[inner] = _c_make_encoder(None, _refuse, encode_basestring, None, ": ", "," + inner,
                                                False, False, True)
    return enc


def _write(o: Any, out: list[str], nl: str, step: str, encoders: dict[str, _Encoder]) -> None:
    """Append the text of ``o``, a value whose line starts with ``nl`` (a line break and its indentation)."""
    cls = o.__class__
    if cls is dict:
        if not o:
            out.append("{}")
            return
        inner = nl + step
        if all(map(_PLAIN.__contains__, map(type, o.values()))):
            text = "".join(_encoder(inner, encoders)(o, 0))
            out.append("{" + inner + text[1:-1] + nl + "}")
            return
        sep = "{" + inner
        after = "," + inner
        for k, v in o.items():
            if k.__class__ is not str:
                raise _Other
            vc = v.__class__
            if vc is str:
                out.append(f"{sep}{encode_basestring(k)}: {encode_basestring(v)}")
            elif vc is int:
                out.append(f"{sep}{encode_basestring(k)}: {int.__repr__(v)}")
            elif vc is list and v and set(map(type, v)) <= _NUMBERS and "n" not in (nums := ",".join(map(repr, v))):
                # a cell (row, column), a box: numbers, none of them nan or inf (json's NaN, Infinity)
                more = inner + step
                out.append(f"{sep}{encode_basestring(k)}: [{more}{nums.replace(',', ',' + more)}{inner}]")
            else:
                out.append(f"{sep}{encode_basestring(k)}: ")
                _write(v, out, inner, step, encoders)
            sep = after
        out.append(nl + "}")
    elif cls is list or cls is tuple:
        if not o:
            out.append("[]")
            return
        inner = nl + step
        if all(map(_PLAIN.__contains__, map(type, o))):
            text = "".join(_encoder(inner, encoders)(o, 0))
            out.append("[" + inner + text[1:-1] + nl + "]")
            return
        sep = "[" + inner
        for v in o:
            out.append(sep)
            _write(v, out, inner, step, encoders)
            sep = "," + inner
        out.append(nl + "]")
    elif cls in _PLAIN:
        out.append("".join(_encoder(nl, encoders)(o, 0)))
    else:
        raise _Other
