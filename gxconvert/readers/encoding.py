"""Turning the bytes of a text or HTML file into ``str`` -- never an exception,
never a silent truncation.

Chinese government pages and text dumps come in UTF-8, GB2312/GBK/GB18030,
sometimes Big5 or UTF-16, and their declarations are often wrong (a page
declares ``gb2312`` and holds GBK characters such as 釆 that GB2312 lacks;
handing such bytes to lxml or BeautifulSoup with the declared codec stops
the parse at that character and drops the rest of the page).  So readers
decode the bytes themselves with :func:`decode` and parse the ``str``.

Order of evidence:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) wins;
2. the declared charset (``declared=`` from the caller, or for HTML the
   ``<meta charset>`` / ``http-equiv`` content type / XML declaration found
   in the first bytes), with the GB family widened to GB18030 (a superset
   of GB2312 and GBK) and Big5 widened to Big5-HKSCS -- unless the bytes are
   valid UTF-8 with real multi-byte content, which overrides any
   declaration (no GBK page of some length is valid UTF-8 by chance; many
   UTF-8 pages carry a stale ``gb2312`` tag);
3. detection when there is no usable declaration or it fails: UTF-8
   (strict), then GB18030 (strict), then Big5-HKSCS, then UTF-16 for
   NUL-laden bytes without BOM;
4. last resort: the candidate that decodes with the fewest errors, with
   U+FFFD for the bad bytes and a ``decode_errors`` warning saying how many.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..model import Issue

__all__ = ["Decoded", "decode", "decode_bytes", "declared_charset", "normalise_charset"]

# declared name -> the codec that actually decodes what sites send under it
_WIDEN = {
    "gb2312": "gb18030", "gb_2312": "gb18030", "gb_2312-80": "gb18030", "gb2312-80": "gb18030",
    "csgb2312": "gb18030", "euc-cn": "gb18030", "euccn": "gb18030", "x-euc-cn": "gb18030",
    "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "ms936": "gb18030",
    "windows-936": "gb18030", "chinese": "gb18030", "iso-ir-58": "gb18030",
    "gb18030": "gb18030", "gb-18030": "gb18030",
    "big5": "big5hkscs", "big-5": "big5hkscs", "csbig5": "big5hkscs", "x-x-big5": "big5hkscs",
    "cn-big5": "big5hkscs", "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs",
    "utf8": "utf-8", "utf-8": "utf-8", "unicode-1-1-utf-8": "utf-8", "utf8mb4": "utf-8",
    "unicode": "utf-16", "utf-16": "utf-16", "ucs-2": "utf-16",
    # the WHATWG maps these labels to windows-1252; Chinese sites that send
    # them usually mean "I did not think about it"
    "iso-8859-1": "windows-1252", "latin1": "windows-1252", "latin-1": "windows-1252",
    "us-ascii": "windows-1252", "ascii": "windows-1252", "windows-1252": "windows-1252",
    "cp1252": "windows-1252",
}
# declarations that carry little evidence: try the CJK detection first
_WEAK = {"windows-1252"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I | re.S)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.I)
_PRESCAN = 16384  # bytes looked at for a declaration (WHATWG says 1024; real pages are sloppier)


@dataclass(slots=True)
class Decoded:
    """The decoded text and how it was obtained."""

    text: str
    encoding: str  # the Python codec actually used, e.g. "gb18030"
    declared: str | None = None  # the charset the file declared, as written
    how: str = "detected"  # "bom" | "declared" | "detected" | "replaced"
    warnings: list[Issue] = field(default_factory=list)


def normalise_charset(name: str | None) -> str | None:
    """The codec to decode a declared charset with (GB family -> gb18030,
    Big5 -> big5hkscs), or None if Python knows no such codec."""
    if not name:
        return None
    key = name.strip().strip("\"'").lower()
    if key not in _WIDEN:
        key = key.replace("_", "-")
    if key in _WIDEN:
        return _WIDEN[key]
    try:
        codec = codecs.lookup(key).name
    except LookupError:
        return None
    return _WIDEN.get(codec, codec)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes
    (``<meta charset>``, ``<meta http-equiv=content-type content=...charset=>``
    or ``<?xml encoding=...?>``), as written; None if none."""
    head = data[:_PRESCAN]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if m:
        return m.group(1).decode("ascii", "replace")
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_utf16(data: bytes) -> str | None:
    """utf-16-le/be for BOM-less UTF-16 (every other byte NUL in ASCII-heavy
    text), else None."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > 2 * even_nuls:
        return "utf-16-le"
    if even_nuls > 2 * odd_nuls:
        return "utf-16-be"
    return None


def _pua(text: str) -> int:
    """How many private-use-area characters ``text`` holds."""
    return sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")


def _is_common(ch: str) -> bool:
    """A frequent Chinese character: GB2312 level 1 (3755 simplified) or
    Big5 常用字 (5401 traditional)."""
    try:
        b = ch.encode("gb2312")
        if 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        return 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E
    except UnicodeEncodeError:
        return False


def _common(text: str, sample: int = 4000) -> float:
    """Share of frequent characters among the CJK/PUA characters of ``text``."""
    seen: dict[str, bool] = {}
    n = hits = 0
    for ch in text:
        if ch >= "\u3400" and (ch <= "\u9fff" or "\ue000" <= ch <= "\uf8ff" or "\uf900" <= ch <= "\ufaff"):
            n += 1
            v = seen.get(ch)
            if v is None:
                v = seen[ch] = _is_common(ch)
            hits += v
            if n >= sample:
                break
    return hits / n if n else 1.0


def _non_ascii(data: bytes, limit: int = 64) -> int:
    n = 0
    for b in data:
        if b >= 0x80:
            n += 1
            if n >= limit:
                break
    return n


def decode(data: bytes, *, declared: str | None = None, html: bool = False) -> Decoded:
    """Decode ``data`` to ``str`` (see the module doc for the rules).

    ``declared`` is a charset the caller knows (e.g. from an HTTP header);
    with ``html=True`` the document's own declaration is looked for too.
    Never raises for any bytes."""
    warnings: list[Issue] = []

    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text = _strict(body, codec)
            if text is not None:
                return Decoded(text, codec, declared, "bom", warnings)
            text = body.decode(codec, errors="replace")
            warnings.append(Issue("decode_errors", f"{text.count(chr(0xFFFD))} bytes are not valid {codec} "
                                  "despite the byte-order mark; replaced with U+FFFD"))
            return Decoded(text, codec, declared, "replaced", warnings)

    if declared is None and html:
        declared = declared_charset(data)
    codec = normalise_charset(declared)
    if declared and codec is None:
        warnings.append(Issue("unknown_charset", f"declared charset {declared!r} is unknown; detecting"))

    if not data:
        return Decoded("", codec or "utf-8", declared, "declared" if codec else "detected", warnings)

    utf16 = _looks_utf16(data)
    if utf16 and codec not in ("utf-16", "utf-16-le", "utf-16-be"):
        text = _strict(data, utf16)
        if text is not None:
            if declared:
                warnings.append(Issue("encoding_mismatch", f"declared {declared!r}, content is {utf16}"))
            return Decoded(text, utf16, declared, "detected", warnings)

    # valid UTF-8 with real multi-byte content beats any declaration
    non_ascii = _non_ascii(data)
    if codec != "utf-8" and non_ascii:
        text = _strict(data, "utf-8")
        if text is not None:
            declared_text = _strict(data, codec) if codec and codec not in _WEAK else None
            # a short text valid in both: trust the declaration
            if declared_text is None or non_ascii >= 16:
                if declared:
                    warnings.append(Issue("encoding_mismatch", f"declared {declared!r}, content is UTF-8"))
                return Decoded(text, "utf-8", declared, "detected", warnings)
            return Decoded(declared_text, codec, declared, "declared", warnings)

    if codec and codec not in _WEAK:
        text = _strict(data, codec)
        if text is not None:
            return Decoded(text, codec, declared, "declared", warnings)

    candidates = ["utf-8", "gb18030", "big5hkscs"]
    if codec in _WEAK:
        candidates.append(codec)
    for cand in candidates:
        if cand == codec and codec not in _WEAK:
            continue  # already failed
        text = _strict(data, cand)
        if text is not None and cand == "gb18030":
            # Big5 bytes often pass as GB18030 (as rare characters or in the
            # private use area): keep the reading made of common characters
            alt = _strict(data, "big5hkscs")
            if alt is not None and (_pua(alt) < _pua(text) or _common(alt) > _common(text) + 0.15):
                text, cand = alt, "big5hkscs"
        if text is not None:
            if declared and cand != codec:
                warnings.append(Issue("encoding_mismatch", f"declared {declared!r}, content decodes as {cand}"))
            return Decoded(text, cand, declared, "declared" if cand == codec else "detected", warnings)

    # nothing decodes cleanly: the candidate with the fewest bad bytes
    best: tuple[int, str, str] | None = None
    for cand in dict.fromkeys([c for c in (codec, "utf-8", "gb18030") if c]):
        text = data.decode(cand, errors="replace")
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, cand, text)
    assert best is not None
    bad, cand, text = best
    warnings.append(Issue("decode_errors", f"{bad} undecodable byte sequence(s) replaced with U+FFFD "
                          f"(decoded as {cand}{', declared ' + repr(declared) if declared else ''})"))
    return Decoded(text, cand, declared, "replaced", warnings)


def decode_bytes(data: bytes, declared: str | None = None, *, html: bool = False) -> tuple[str, str]:
    """``(text, codec)`` -- :func:`decode` without the warnings (the text
    reader's entry point)."""
    d = decode(data, declared=declared, html=html)
    return d.text, d.encoding
