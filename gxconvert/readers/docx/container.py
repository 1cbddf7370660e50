"""The package around a Word document: zip, OLE, LibreOffice, safe XML.

Everything here is about getting the XML parts of a .docx out of the bytes
safely, in bounded time and memory:

* a zip is opened from memory; every part is checked against its declared
  size (``Options.max_zip_member_bytes``), the bytes inflated so far
  (``Options.max_zip_total_bytes``) and its compression ratio *before* it is
  inflated, then inflated in chunks with both caps enforced as it streams
  (a lying header cannot get past them);
* the zip and XML libraries' own exceptions become one-line
  "damaged Word document: …" messages in plain words (:func:`explain`);
  anything else is a bug and propagates;
* an OLE compound file (the container of Word 97 ``.doc`` files, and of
  password-protected Office 2007+ files) is told apart by the UTF-16 names
  of its streams: ``EncryptedPackage`` -> encrypted, ``WordDocument`` -> a
  Word 97 document, converted with LibreOffice when it is installed;
* XML is parsed with a hardened lxml parser, and any DOCTYPE / ENTITY
  declaration is refused before parsing.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from posixpath import dirname, join, normpath

from lxml import etree

from ...errors import (
    ConversionError,
    CorruptDocumentError,
    LimitExceededError,
    UnsupportedFormatError,
    one_line,
)
from ...options import DEFAULT_OPTIONS, Options
from ..base import ZipBudget
from ..containers import describe_zip
from ..parser_errors import parser_errors

# hard limits (the main part and the total are Options.max_zip_member_bytes / max_zip_total_bytes)
MAX_AUX_BYTES = 20 * 1024 * 1024  # styles.xml, numbering.xml, rels ...
MAX_RATIO = 200  # compression ratio refused for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 4 * 1024 * 1024
SOFFICE_TIMEOUT = 120  # seconds for one .doc -> .docx conversion

_REL_OFFICE_DOC = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)


#: the exceptions zipfile, zlib and lxml raise on damaged input
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError,
    struct.error, KeyError, IndexError, OverflowError)
PARSER_ERRORS: tuple[type[BaseException], ...] = (etree.LxmlError, *ZIP_ERRORS)

_PLAIN = (
    (re.compile(r"not a zip file|bad magic number|end of central directory", re.IGNORECASE), "no zip directory found: "
     "the file is truncated or not a zip archive"),
    (re.compile(r"truncated|unexpected end|eof|compressed file ended", re.IGNORECASE), "the file is truncated"),
    (re.compile(r"bad crc", re.IGNORECASE), "a checksum does not match: the file is damaged"),
    (re.compile(r"error -?\d+ while decompressing|invalid (?:distance|block|code|stored)|incorrect "
                r"header", re.IGNORECASE),
     "compressed data is corrupt"),
    (re.compile(r"compression (?:method|type)|not supported", re.IGNORECASE), "a part uses a compression method that "
     "is not supported"),
    (re.compile(r"encrypted|password", re.IGNORECASE), "a part is encrypted (zip password)"),
    (re.compile(r"overlapped entries|zip bomb", re.IGNORECASE), "the zip entries overlap (zip bomb refused)"),
)


def explain(exc: BaseException) -> str:
    """A zip or XML library exception in plain words, one line."""
    msg = one_line(str(exc), 120)
    if isinstance(exc, etree.XMLSyntaxError):
        what = msg.split(",")[0] if msg else "syntax error"
        line = getattr(exc, "lineno", None)
        return f"the XML is malformed ({what[:80]}{f', line {line}' if line else ''})"
    if isinstance(exc, etree.LxmlError):
        return f"the XML cannot be read ({msg[:100]})"
    for pattern, plain in _PLAIN:
        if pattern.search(msg) or pattern.search(type(exc).__name__):
            return plain
    if isinstance(exc, (KeyError, IndexError, struct.error)):
        return "the zip directory is inconsistent"
    return f"the zip container cannot be read ({msg or type(exc).__name__})"


# ---------------------------------------------------------------------------
# XML
# ---------------------------------------------------------------------------


_DTD_WORDS = (b"<!DOCTYPE", b"<!ENTITY")


def has_markup(data: bytes, words: tuple[bytes, ...]) -> bool:
    """Whether ``data`` holds one of ``words`` (each ``<!`` + a keyword:
    ``<!DOCTYPE``, ``<![CDATA[`` …), looked for from each ``!`` (one memchr
    scan; a search for the words themselves steps through every ``<`` of
    the markup: ~100x slower on a Word part).  Past 64 ``!`` (exclamation
    marks in the text) the rest is searched whole."""
    find = data.find
    pos = find(b"!")
    for _ in range(64):
        if pos < 0:
            return False
        for word in words:
            if data.startswith(word, pos - 1):
                return True
        pos = find(b"!", pos + 1)
    return pos >= 0 and any(find(word, pos - 1) >= 0 for word in words)


def declares_dtd(data: bytes) -> bool:
    """Whether ``data`` holds ``<!DOCTYPE`` or ``<!ENTITY`` (see :func:`has_markup`)."""
    return has_markup(data, _DTD_WORDS)


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse one XML part; refuse DTDs and entity declarations."""
    head = data.lstrip()[:4].lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = data.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    else:
        probe = data
    if declares_dtd(probe):
        raise CorruptDocumentError(
            f"{one_line(part)} contains a DOCTYPE/ENTITY declaration (refused: entity expansion attack "
            "or not a Word file)")
    with parser_errors("Word document", None, PARSER_ERRORS,
                       explain=lambda exc: f"{one_line(part)}: {explain(exc)}"):
        root = etree.fromstring(data, _PARSER)
    if root is None:
        raise CorruptDocumentError(f"{one_line(part)} is empty")
    tree = root.getroottree()
    if getattr(tree.docinfo, "doctype", ""):  # lxml's stubs lack DocInfo.doctype
        raise CorruptDocumentError(f"{one_line(part)} has a DOCTYPE declaration (refused)")
    return root


# ---------------------------------------------------------------------------
# zip
# ---------------------------------------------------------------------------


class DocxPackage:
    """A .docx (OPC zip) opened from memory, with guarded part reads."""

    def __init__(self, data: bytes, options: Options = DEFAULT_OPTIONS,
                 budget: ZipBudget | None = None) -> None:
        self.options = options
        self.budget = budget or ZipBudget()
        with parser_errors("Word document", None, ZIP_ERRORS, explain=explain):
            self.zf = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.zf.namelist())
        self._lower = {n.lower(): n for n in self.names}

    # -- part access --------------------------------------------------------
    def find(self, name: str) -> str | None:
        """The stored name of part ``name`` (zip names may differ in case)."""
        name = name.lstrip("/")
        if name in self.names:
            return name
        return self._lower.get(name.lower())

    def _check_member(self, shown: str, size: int, limit: int, declared: bool) -> None:
        opts = self.options
        already = self.budget.inflated - (0 if declared else size)
        verb = "declares" if declared else "inflates to more than"
        if size > opts.max_zip_member_bytes:
            raise LimitExceededError(
                f"part {shown} {verb} {size / 1048576:.1f} MB decompressed, over "
                f"{opts.max_zip_member_bytes / 1048576:.0f} MB", None, "max_zip_member_bytes")
        if size > limit:
            raise CorruptDocumentError(
                f"part {shown} {verb} {size} bytes decompressed, over the {limit} a part of its kind "
                "may hold (zip bomb or absurdly large document)")
        if already + size > opts.max_zip_total_bytes:
            raise LimitExceededError(
                f"the parts read so far and {shown} {'declare' if declared else 'inflate to'} "
                f"{(already + size) / 1048576:.1f} MB decompressed, over "
                f"{opts.max_zip_total_bytes / 1048576:.0f} MB", None, "max_zip_total_bytes")

    def read(self, name: str, limit: int | None = None) -> bytes:
        """The decompressed bytes of part ``name``; ``limit`` (default
        :data:`MAX_AUX_BYTES`; ``Options.max_zip_member_bytes`` at most)
        caps this part.  Sizes are checked before inflating and while
        inflating."""
        return b"".join(self.stream(name, limit))

    def stream(self, name: str, limit: int | None = None, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        """The decompressed bytes of part ``name`` in chunks (see :meth:`read`)."""
        stored = self.find(name)
        if stored is None:
            raise CorruptDocumentError(f"the package has no part {one_line(name, 100)}")
        shown = one_line(stored, 100)
        cap = min(MAX_AUX_BYTES if limit is None else limit, self.options.max_zip_member_bytes)
        info = self.zf.getinfo(stored)
        if info.flag_bits & 0x1:
            raise CorruptDocumentError(f"part {shown} is encrypted (zip password)")
        self._check_member(shown, info.file_size, cap, declared=True)
        if info.file_size > RATIO_FLOOR and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise CorruptDocumentError(
                f"part {shown} has compression ratio {info.file_size // max(info.compress_size, 1)}:1 "
                "(zip bomb refused)")
        n = 0
        with parser_errors("Word document", None, ZIP_ERRORS,
                           explain=lambda exc: f"part {shown}: {explain(exc)}"):
            fh = self.zf.open(info)
        try:
            while True:
                with parser_errors("Word document", None, ZIP_ERRORS,
                                   explain=lambda exc: f"part {shown}: {explain(exc)}"):
                    chunk = fh.read(chunk_size)
                if not chunk:
                    break
                n += len(chunk)
                self.budget.inflated += len(chunk)
                if n > info.file_size:  # the header lied: enforce the caps as it streams
                    self._check_member(shown, n, cap, declared=False)
                yield chunk
        finally:
            fh.close()

    def xml(self, name: str, limit: int | None = None) -> etree._Element:
        return parse_xml(self.read(name, limit), name)

    def maybe_xml(self, name: str, limit: int | None = None) -> etree._Element | None:
        if self.find(name) is None:
            return None
        return self.xml(name, limit)

    # -- relationships ----------------------------------------------------
    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """rId -> (type, resolved target part name, TargetMode) for ``part``
        ('' = the package rels)."""
        rels_name = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels") if part else "_rels/.rels"
        root = self.maybe_xml(rels_name)
        out: dict[str, tuple[str, str, str]] = {}
        if root is None:
            return out
        base = dirname(part)
        for rel in root:
            if not isinstance(rel.tag, str) or not rel.tag.endswith("Relationship"):
                continue
            target = rel.get("Target", "")
            mode = rel.get("TargetMode", "Internal")
            if mode == "Internal":
                target = normpath(target.lstrip("/")) if target.startswith("/") else normpath(join(base, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), target, mode)
        return out

    def main_part(self) -> str:
        """The name of the main document part, or an error naming what this zip is."""
        for (typ, target, _mode) in self.rels("").values():
            if typ in _REL_OFFICE_DOC and self.find(target):
                found = self.find(target)
                assert found is not None
                if found.lower().startswith("word/") or found.lower().endswith("document.xml"):
                    return found
        found = self.find("word/document.xml")
        if found:
            return found
        raise UnsupportedFormatError(f"a zip file but not a Word document: {one_line(self.describe())}")

    def describe(self) -> str:
        """What a zip without word/document.xml is, as far as can be told."""
        return describe_zip(self.names, self._mimetype)

    def _mimetype(self) -> str:
        try:
            return self.read("mimetype", 4096).decode("ascii", "replace").strip()
        except ConversionError:
            return ""


# ---------------------------------------------------------------------------
# OLE (Word 97, encrypted Office files)
# ---------------------------------------------------------------------------


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return exe
    return None


def convert_with_soffice(data: bytes, suffix: str, timeout: float = SOFFICE_TIMEOUT) -> bytes:
    """Convert ``data`` (a .doc, .odt, …) to .docx bytes with LibreOffice."""
    exe = find_soffice()
    if exe is None:
        raise UnsupportedFormatError(
            "a Word 97-2003 binary .doc; reading it needs LibreOffice (soffice), which is not installed "
            "— install LibreOffice or save the file as .docx")
    with tempfile.TemporaryDirectory(prefix="gxconvert-doc-") as tmp:
        src = os.path.join(tmp, "input" + suffix)
        out_dir = os.path.join(tmp, "out")
        profile = os.path.join(tmp, "profile")
        os.makedirs(out_dir)
        with open(src, "wb") as fh:
            fh.write(data)
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", out_dir, src]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=True, cwd=tmp)
        except OSError as exc:
            raise UnsupportedFormatError(f"a Word 97-2003 .doc; LibreOffice could not be started ({exc})") from None
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
            proc.communicate()
            raise CorruptDocumentError(
                f"LibreOffice did not convert the .doc within {timeout:.0f} s (refused)") from None
        result = os.path.join(out_dir, "input.docx")
        if proc.returncode != 0 or not os.path.exists(result):
            msg = (err or b"").decode("utf-8", "replace").strip().splitlines()
            detail = f": {msg[-1]}" if msg else ""
            raise CorruptDocumentError(f"LibreOffice could not convert the .doc (damaged file?){detail}")
        with open(result, "rb") as fh:
            return fh.read()
