"""The package around a Word document: zip, OLE, LibreOffice, safe XML.

Everything here is about getting the XML parts of a .docx out of the bytes
safely, in bounded time and memory:

* a zip is opened from memory; every part is checked against its declared
  size and compression ratio *before* it is inflated, then inflated in chunks
  with a hard cap (a lying central directory cannot get past the cap);
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
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
import zlib
from posixpath import dirname, join, normpath

from lxml import etree

from ...errors import CorruptDocumentError, UnsupportedFormatError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# hard limits
MAX_PART_BYTES = 100 * 1024 * 1024  # uncompressed size of word/document.xml (peak memory ~13x this)
MAX_AUX_BYTES = 20 * 1024 * 1024  # styles.xml, numbering.xml, rels ...
MAX_RATIO = 200  # compression ratio refused for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 4 * 1024 * 1024
SOFFICE_TIMEOUT = 120  # seconds for one .doc -> .docx conversion

_REL_OFFICE_DOC = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# ---------------------------------------------------------------------------
# XML
# ---------------------------------------------------------------------------


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse one XML part; refuse DTDs and entity declarations."""
    head = data.lstrip()[:4].lower()
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        probe = data.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    else:
        probe = data
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
        raise CorruptDocumentError(
            f"{part} contains a DOCTYPE/ENTITY declaration (refused: entity expansion attack or not a Word file)")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocumentError(f"{part} is not well-formed XML ({exc})") from None
    except (ValueError, MemoryError) as exc:  # pragma: no cover - lxml edge cases
        raise CorruptDocumentError(f"{part} cannot be parsed ({exc})") from None
    if root is None:
        raise CorruptDocumentError(f"{part} is empty")
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise CorruptDocumentError(f"{part} has a DOCTYPE declaration (refused)")
    return root


# ---------------------------------------------------------------------------
# zip
# ---------------------------------------------------------------------------


class DocxPackage:
    """A .docx (OPC zip) opened from memory, with guarded part reads."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise CorruptDocumentError(f"not a readable zip/docx: corrupt or truncated ({exc})") from None
        except (OSError, ValueError, EOFError, NotImplementedError, RuntimeError, KeyError,
                IndexError, struct.error, UnicodeDecodeError) as exc:
            raise CorruptDocumentError(f"not a readable zip/docx: corrupt or truncated ({exc})") from None
        self.names = set(self.zf.namelist())
        self._lower = {n.lower(): n for n in self.names}

    # -- part access --------------------------------------------------------
    def find(self, name: str) -> str | None:
        """The stored name of part ``name`` (zip names may differ in case)."""
        name = name.lstrip("/")
        if name in self.names:
            return name
        return self._lower.get(name.lower())

    def read(self, name: str, limit: int = MAX_AUX_BYTES) -> bytes:
        stored = self.find(name)
        if stored is None:
            raise CorruptDocumentError(f"the package has no part {name}")
        info = self.zf.getinfo(stored)
        if info.flag_bits & 0x1:
            raise CorruptDocumentError(f"part {stored} is encrypted (zip password)")
        if info.file_size > limit:
            raise CorruptDocumentError(
                f"part {stored} declares {info.file_size} bytes uncompressed, over the limit of {limit} "
                "(zip bomb or absurdly large document)")
        if info.file_size > RATIO_FLOOR and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise CorruptDocumentError(
                f"part {stored} has compression ratio {info.file_size // max(info.compress_size, 1)}:1 "
                "(zip bomb refused)")
        out = bytearray()
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > limit:
                        raise CorruptDocumentError(
                            f"part {stored} inflates past {limit} bytes (zip bomb refused)")
        except CorruptDocumentError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise CorruptDocumentError(f"part {stored} is corrupt or truncated ({exc})") from None
        except (NotImplementedError, RuntimeError) as exc:
            raise CorruptDocumentError(f"part {stored} cannot be inflated ({exc})") from None
        return bytes(out)

    def xml(self, name: str, limit: int = MAX_AUX_BYTES) -> etree._Element:
        return parse_xml(self.read(name, limit), name)

    def maybe_xml(self, name: str, limit: int = MAX_AUX_BYTES) -> etree._Element | None:
        if self.find(name) is None:
            return None
        return self.xml(name, limit)

    # -- relationships ----------------------------------------------------
    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """rId -> (type, resolved target part name, TargetMode) for ``part``
        ('' = the package rels)."""
        if part:
            rels_name = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
        else:
            rels_name = "_rels/.rels"
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
        for _rid, (typ, target, _mode) in self.rels("").items():
            if typ in _REL_OFFICE_DOC and self.find(target):
                found = self.find(target)
                assert found is not None
                if found.lower().startswith("word/") or found.lower().endswith("document.xml"):
                    return found
        found = self.find("word/document.xml")
        if found:
            return found
        raise UnsupportedFormatError(f"a zip file but not a Word document: {self.describe()}")

    def describe(self) -> str:
        """What a zip without word/document.xml is, as far as can be told."""
        low = {n.lower() for n in self.names}
        if "xl/workbook.xml" in low:
            return "an Excel workbook (.xlsx)"
        if "ppt/presentation.xml" in low:
            return "a PowerPoint presentation (.pptx)"
        if "mimetype" in low:
            try:
                mt = self.read("mimetype", 4096).decode("ascii", "replace").strip()
            except CorruptDocumentError:
                mt = ""
            if "opendocument.text" in mt:
                return "an OpenDocument text (.odt); save it as .docx"
            if "opendocument.spreadsheet" in mt:
                return "an OpenDocument spreadsheet (.ods)"
            if mt.startswith("application/epub"):
                return "an EPUB e-book"
            if mt:
                return f"a package of type {mt}"
        if "[content_types].xml" in low:
            return "an Office Open XML package without a word/document.xml part"
        if "content.xml" in low:
            return "an OpenDocument file"
        if "documents/1/fpage.xml" in low or "ofd.xml" in low:
            return "an OFD document (Chinese fixed-layout format)"
        sample = sorted(self.names)[:5]
        return f"a zip archive of {len(self.names)} files ({', '.join(sample)}{', …' if len(self.names) > 5 else ''})"


# ---------------------------------------------------------------------------
# OLE (Word 97, encrypted Office files)
# ---------------------------------------------------------------------------


def ole_kind(data: bytes) -> str:
    """'encrypted', 'word97', 'excel97', 'powerpoint97' or 'ole' for an OLE
    compound file, judged from the UTF-16 names of its directory entries."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return "encrypted"
    if _utf16("WordDocument") in data:
        return "word97"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "excel97"
    if _utf16("PowerPoint Document") in data:
        return "powerpoint97"
    return "ole"


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
