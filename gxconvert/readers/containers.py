"""The container triage: one place that says what a zip or OLE file is.

A zip is a .docx, an OFD document (the Chinese fixed-layout format), a
spreadsheet (.xlsx, .ods, WPS .et saved as xlsx), a PowerPoint deck, an
OpenDocument text, an EPUB, another Office Open XML package or a plain
archive of files.  An OLE compound file is a Word 97-2003 document (a WPS
Writer ``.wps`` file holds the same ``WordDocument`` stream and is read the
same way), an Excel 97-2003 or WPS ``.et`` workbook, a PowerPoint 97-2003
deck, or an encrypted Office package.

:func:`triage` sends a container to a branch by its member names (a zip's
central directory only: nothing is inflated but a ``mimetype`` member) or
the stream names in its directory (OLE: :func:`ole_streams` follows the
header's FAT to the directory sectors, in place and bounded): ``docx`` (the Word reader), ``ofd``, ``spreadsheet``
or ``unsupported``, with what the file is in words for the error message.
:func:`is_archive` answers the batch walk's question: a document container,
or an archive of files to open.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: where :func:`triage` sends a container
Branch = Literal["docx", "ofd", "spreadsheet", "encrypted", "unsupported"]


@dataclass(frozen=True, slots=True)
class Container:
    """A container's branch and what it is, in words ("an Excel workbook
    (.xlsx)"); ``damaged`` when its directory cannot be listed (then the
    reader of its likeliest branch reports the damage)."""

    branch: Branch
    what: str
    damaged: bool = False


def is_container(head: bytes) -> bool:
    """The file starts like a zip or an OLE compound file."""
    return head.startswith((*ZIP_MAGICS, OLE_MAGIC))


_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


#: directory sectors read at most (4 entries each; a Word file's directory holds a few dozen)
_MAX_DIRECTORY_SECTORS = 4096


def _chain(data: bytes, start: int, size: int, next_of: Callable[[int], int | None]) -> Iterator[bytes]:
    """The sectors of one chain, each at most once (a loop ends it), at most
    :data:`_MAX_DIRECTORY_SECTORS` of them."""
    seen: set[int] = set()
    sector = start
    while sector not in (_FREE, _END_OF_CHAIN) and sector not in seen and len(seen) < _MAX_DIRECTORY_SECTORS:
        seen.add(sector)
        at = (sector + 1) * size
        if at + size > len(data):
            return
        yield data[at:at + size]
        nxt = next_of(sector)
        if nxt is None:
            return
        sector = nxt


def ole_streams(data: bytes) -> set[str] | None:
    """The names (casefolded: OLE compares them without case) of the
    storages and streams in an OLE compound file's directory, or None when
    its header or directory cannot be followed."""
    if len(data) < 512 or not data.startswith(OLE_MAGIC):
        return None
    shift, = struct.unpack_from("<H", data, 0x1E)
    if shift not in (9, 12):
        return None
    size = 1 << shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    first_difat, = struct.unpack_from("<I", data, 0x44)
    fat_sectors = [x for x in struct.unpack_from("<109I", data, 0x4C) if x not in (_FREE, _END_OF_CHAIN)]
    per = size // 4
    n_sectors = len(data) // size
    seen: set[int] = set()
    sector = first_difat  # DIFAT sectors beyond the header's 109 FAT sectors; the last entry links on
    while sector not in (_FREE, _END_OF_CHAIN) and sector not in seen and len(fat_sectors) < min(n_fat, n_sectors):
        seen.add(sector)
        at = (sector + 1) * size
        if at + size > len(data):
            break
        entries = struct.unpack_from(f"<{per}I", data, at)
        fat_sectors += [x for x in entries[:-1] if x not in (_FREE, _END_OF_CHAIN)]
        sector = entries[-1]

    def next_of(sector: int) -> int | None:  # read from the FAT in place: no table is built
        index, slot = divmod(sector, per)
        if index >= len(fat_sectors):
            return None
        at = (fat_sectors[index] + 1) * size + 4 * slot
        if at + 4 > len(data):
            return None
        nxt: int = struct.unpack_from("<I", data, at)[0]
        return nxt

    names: set[str] = set()
    for block in _chain(data, first_dir, size, next_of):
        for off in range(0, size, 128):
            n_bytes, kind = struct.unpack_from("<HB", block, off + 0x40)
            if kind in (1, 2) and 2 <= n_bytes <= 64:
                names.add(block[off:off + n_bytes - 2].decode("utf-16-le", "replace").casefold())
    return names or None


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def ole_kind(data: bytes) -> str:
    """'encrypted', 'word97', 'excel97', 'powerpoint97' or 'ole' for an OLE
    compound file, judged from the names of the streams in its directory
    (when the directory cannot be followed, from those names' UTF-16 bytes
    anywhere in the file)."""
    streams = ole_streams(data)
    if streams is None:
        def has(name: str) -> bool:
            return _utf16(name) in data
    else:
        def has(name: str) -> bool:
            return name.casefold() in streams
    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "encrypted"
    if has("WordDocument"):
        return "word97"
    if has("Workbook") or has("Book"):
        return "excel97"
    if has("PowerPoint Document"):
        return "powerpoint97"
    return "ole"


_OLE_BRANCHES: dict[str, Container] = {
    "encrypted": Container("encrypted", "a password-protected (encrypted) document"),
    "word97": Container("docx", "a Word 97-2003 document (.doc, .wps)"),
    "excel97": Container("spreadsheet", "an Excel 97-2003 workbook (.xls; WPS .et)"),
    "powerpoint97": Container("unsupported", "a PowerPoint 97-2003 presentation (.ppt)"),
    "ole": Container("unsupported", "an OLE compound file that holds no Word document"),
}


def describe_zip(names: Iterable[str], mimetype: Callable[[], str]) -> str:
    """What a zip without a Word main part is, as far as its member names
    (and its ``mimetype`` member, read only when present) tell."""
    names = list(names)
    low = {n.lower() for n in names}
    if "xl/workbook.xml" in low:
        return "an Excel workbook (.xlsx)"
    if "ppt/presentation.xml" in low:
        return "a PowerPoint presentation (.pptx)"
    if "mimetype" in low:
        mt = mimetype()
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
    if _is_ofd(low):
        return "an OFD document (Chinese fixed-layout format)"
    if not names:
        return "an empty zip archive"
    sample = sorted(names)[:5]
    return f"a zip archive of {len(names)} files ({', '.join(sample)}{', …' if len(names) > 5 else ''})"


def _is_ofd(low: set[str]) -> bool:
    return "documents/1/fpage.xml" in low or "ofd.xml" in low


def _is_word(low: set[str]) -> bool:
    """A Word package: its main part (word/document.xml, or another part
    under word/ that the package relationships may name)."""
    return "word/document.xml" in low or (
        "_rels/.rels" in low and any(n.startswith("word/") and n.endswith(".xml") for n in low))


#: the branch of a zip that is no Word document, from what it is
_SPREADSHEET_WORDS = ("an Excel workbook", "an OpenDocument spreadsheet")


def _zip_names(data: bytes) -> list[str] | None:
    import zipfile  # only for a zip: a text file's triage does not load it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None


def _mimetype_of(data: bytes) -> Callable[[], str]:
    def read() -> str:
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                info = next((i for i in zf.infolist() if i.filename.lower() == "mimetype"), None)
                if info is None or info.file_size > 4096 or info.flag_bits & 0x1:
                    return ""
                with zf.open(info) as fh:
                    return fh.read(4096).decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            return ""
    return read


def triage_zip(data: bytes) -> Container:
    names = _zip_names(data)
    if names is None:  # no directory to list: the Word reader names the damage
        return Container("docx", "a damaged zip file", damaged=True)
    low = {n.lower() for n in names}
    if _is_word(low):
        return Container("docx", "a Word document (.docx)")
    what = describe_zip(names, _mimetype_of(data))
    if _is_ofd(low):
        return Container("ofd", what)
    if what.startswith(_SPREADSHEET_WORDS):
        return Container("spreadsheet", what)
    return Container("unsupported", what)


def triage(data: bytes) -> Container | None:
    """The branch of a zip or OLE file (None for any other file)."""
    if data.startswith(OLE_MAGIC):
        return _OLE_BRANCHES[ole_kind(data)]
    if data.startswith(ZIP_MAGICS):
        return triage_zip(data)
    return None


def is_archive(data: bytes) -> bool:
    """True when ``data`` is a zip that is an archive of files (to be opened
    and its members converted one by one), False for anything else: a
    document container (.docx, .xlsx, .odt, OFD, EPUB …), an empty or
    damaged zip, or no zip at all.  Reads the zip's directory only (and a ``mimetype``
    member when there is one)."""
    if not data.startswith(ZIP_MAGICS):
        return False
    names = _zip_names(data)
    if names is None:
        return False
    return describe_zip(names, _mimetype_of(data)).startswith("a zip archive of ") and not _is_word(
        {n.lower() for n in names})
