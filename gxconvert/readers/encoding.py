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

from .. import patterns
from ..model import Issue

__all__ = ["Decoded", "control_share", "controls_as_spaces", "declared_charset", "decode", "decode_bytes",
           "decode_text_file", "normalise_charset"]

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

_META_CHARSET = patterns.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE | re.DOTALL)
_XML_DECL = patterns.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_PRESCAN = 16384  # bytes looked at for a declaration (WHATWG says 1024; real pages are sloppier)
#: share of U+FFFD (undecodable bytes) above which decoded bytes are binary data
BINARY_SHARE = 0.05
#: ... or of control characters and U+FFFD together (text with ESC and BEL
#: on both sides of every tab has 23 %; binary data 25-35 %, most of it U+FFFD)
BINARY_CONTROLS = 0.3


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
    """utf-16-le/be for BOM-less UTF-16, else None.

    ASCII-heavy UTF-16 has a NUL in every other byte; Chinese UTF-16 has
    far fewer (only its digits, spaces and line breaks carry one), but its
    NULs still sit on one parity.  A candidate must also decode strictly
    (an odd trailing byte is forgiven) into text with few control
    characters."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    nuls = sample.count(0)
    if nuls < max(2, len(sample) // 100):
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 4 * even_nuls:
        codec = "utf-16-le"
    elif even_nuls >= 4 * odd_nuls:
        codec = "utf-16-be"
    else:
        return None
    probe = sample[: len(sample) & ~1]
    try:
        text = probe.decode(codec, errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < len(probe) - 4:  # a bad pair in the middle (a cut surrogate at the end is fine)
            return None
        text = probe[: exc.start].decode(codec)
    return codec if control_share(text) < BINARY_SHARE and _plausible(text) > 0.9 else None


_PLAUSIBLE = patterns.compile(r"[\t\n\r\x20-\x7e\xa0-\xff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf"
                              r"\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _plausible(text: str) -> float:
    """Share of characters a Chinese or Western text is made of (ASCII,
    Latin-1, general punctuation, CJK): UTF-8 or GBK bytes misread as
    UTF-16 give code points scattered over the whole plane."""
    return len(_PLAUSIBLE.findall(text)) / len(text) if text else 1.0


def control_share(text: str) -> float:
    """Share of C0 control characters (tab and line breaks not counted) and
    U+FFFD in ``text``: near 0 for text, high for binary data."""
    if not text:
        return 0.0
    return sum(map(text.count, _BAD_CHARS)) / len(text)


_BAD_CHARS = (*(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v"), "\ufffd")


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
    Never raises for any bytes.  The rules, in order: a byte-order mark;
    UTF-16 recognised by where its NULs sit; valid UTF-8 with real
    multi-byte content over a declaration; the declaration; the first
    candidate that decodes cleanly; else the one with the fewest bad bytes."""
    by_bom = _by_bom(data, declared)
    if by_bom is not None:
        return by_bom
    warnings: list[Issue] = []
    if declared is None and html:
        declared = declared_charset(data)
    codec = normalise_charset(declared)
    if declared and codec is None:
        warnings.append(Issue("unknown_charset", f"declared charset {declared!r} is unknown; detecting"))

    if not data:
        return Decoded("", codec or "utf-8", declared, "declared" if codec else "detected", warnings)

    utf16 = _looks_utf16(data)
    if utf16 and codec not in ("utf-16", "utf-16-le", "utf-16-be"):
        text = _strict(data[: len(data) & ~1], utf16)
        if text is not None:
            if declared:
                warnings.append(Issue("encoding_mismatch", f"declared {declared!r}, content is {utf16}"))
            return Decoded(text, utf16, declared, "detected", warnings)

    found = _utf8_over_declared(data, codec, declared, warnings)
    if found is None and codec and codec not in _WEAK:
        text = _strict(data, codec)
        if text is not None:
            found = Decoded(text, codec, declared, "declared", warnings)
    if found is None:
        found = _first_clean_candidate(data, codec, declared, warnings)
    return found if found is not None else _least_damaged(data, codec, utf16, declared, warnings)


def _by_bom(data: bytes, declared: str | None) -> Decoded | None:
    """``data`` decoded by its byte-order mark (bad bytes replaced, and
    said), or None without one."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text = _strict(body, bom_codec)
            if text is not None:
                return Decoded(text, bom_codec, declared, "bom", [])
            text = body.decode(bom_codec, errors="replace")
            warning = Issue("decode_errors", f"{text.count(chr(0xFFFD))} bytes are not valid {bom_codec} "
                            "despite the byte-order mark; replaced with U+FFFD")
            return Decoded(text, bom_codec, declared, "replaced", [warning])
    return None


def _utf8_over_declared(data: bytes, codec: str | None, declared: str | None,
                        warnings: list[Issue]) -> Decoded | None:
    """Valid UTF-8 with real multi-byte content beats any declaration,
    except a short text that is valid in the declared charset too."""
    non_ascii = _non_ascii(data)
    if codec == "utf-8" or not non_ascii:
        return None
    text = _strict(data, "utf-8")
    if text is None:
        return None
    declared_text = _strict(data, codec) if codec and codec not in _WEAK else None
    if declared_text is None or non_ascii >= 16:
        if declared:
            warnings.append(Issue("encoding_mismatch", f"declared {declared!r}, content is UTF-8"))
        return Decoded(text, "utf-8", declared, "detected", warnings)
    return Decoded(declared_text, codec or "utf-8", declared, "declared", warnings)


def _first_clean_candidate(data: bytes, codec: str | None, declared: str | None,
                           warnings: list[Issue]) -> Decoded | None:
    """The first of UTF-8, GB18030 and Big5-HKSCS (and a weak declared
    charset) that decodes ``data`` without an error, or None."""
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
    return None


def _least_damaged(data: bytes, codec: str | None, utf16: str | None, declared: str | None,
                   warnings: list[Issue]) -> Decoded:
    """Nothing decodes cleanly: the candidate with the fewest bad bytes,
    replaced with U+FFFD and counted in a warning."""
    best: tuple[int, str, str] | None = None
    for cand in dict.fromkeys([c for c in (codec, utf16, "utf-8", "gb18030") if c]):
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


_CONTROL_RUN = patterns.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
_CONTROL_BYTES = bytes((*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))


def _has_controls(text: str) -> bool:
    """Whether ``text`` holds a control character: its UTF-8 bytes with
    those characters deleted (a C loop over bytes; the regular-expression
    engine takes ten times as long over CJK text).  In UTF-8 no byte of a
    multi-byte character is below 0x80."""
    b = text.encode("utf-8", "surrogatepass")
    return len(b.translate(None, _CONTROL_BYTES)) != len(b)


def controls_as_spaces(text: str) -> str:
    """Control characters (ESC, BEL, VT, FF, NUL …; not tab or line breaks)
    read as whitespace: a run of them becomes one space, or nothing where it
    touches a tab, a space or a line break — so ``\\t\\x1b12\\t`` is still a
    tab-separated ``12`` and ``3\\x073`` is two numbers, not ``33``."""
    if not _has_controls(text):
        return text

    def one(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        before = text[s - 1] if s else "\n"
        after = text[e] if e < len(text) else "\n"
        return "" if before in "\t\n\r " or after in "\t\n\r " else " "

    return _CONTROL_RUN.sub(one, text)


def decode_text_file(data: bytes) -> Decoded:
    """Decode the bytes of a plain-text file.

    NUL bytes do not make a file binary when the rest decodes as text:
    UTF-16 without a byte-order mark is recognised by where its NULs sit;
    otherwise the NULs are removed (with a ``nul_bytes_removed`` warning)
    and the rest decoded.  Control characters become whitespace
    (:func:`controls_as_spaces`).  Raises ``ValueError`` when the result is
    still not text (more than :data:`BINARY_SHARE` undecodable bytes or
    :data:`BINARY_CONTROLS` control characters): binary data."""
    dec = decode(data)
    if "\x00" in dec.text:
        nuls = data.count(0)
        dec = decode(data.replace(b"\x00", b""))
        dec.warnings.append(Issue("nul_bytes_removed", f"{nuls} NUL byte(s) removed from the text"))
    sample = dec.text[:1_000_000]
    # one look for control characters (most texts have none): without them the controls' share is
    # the U+FFFD share, already under BINARY_SHARE, and there is nothing to turn into spaces
    controls = _has_controls(dec.text)
    if sample.count("\ufffd") > BINARY_SHARE * len(sample) or (
            controls and len(sample) >= 256 and control_share(sample) > BINARY_CONTROLS):
        raise ValueError("binary data, not a text document")
    if controls:
        dec.text = controls_as_spaces(dec.text)
    return dec
