"""What a container file is: one place that triages zip and OLE files.

A zip is a .docx, or an Excel workbook (.xlsx), a PowerPoint deck, an
OpenDocument text (.odt) or spreadsheet, an EPUB, an OFD document (the
Chinese fixed-layout format), another Office Open XML package or a plain
archive.  An OLE compound file is a Word 97-2003 document (a WPS Writer
file saved for Word compatibility holds the same ``WordDocument`` stream and
is read the same way), an Excel or PowerPoint 97-2003 file, or an encrypted
Office package.  Only Word documents are read (by the docx reader); for
every other kind :func:`describe_zip` / :data:`OLE_DESCRIPTIONS` say in
words what the file is, for the error message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: what an OLE file that is not a Word document is, for an error message
OLE_DESCRIPTIONS = {
    "excel97": "an Excel 97-2003 workbook (.xls), not a Word document",
    "powerpoint97": "a PowerPoint 97-2003 presentation (.ppt), not a Word document",
    "ole": "an OLE compound file that holds no Word document",
}


def is_container(head: bytes) -> bool:
    """The file starts like a zip or an OLE compound file."""
    return head.startswith((*ZIP_MAGICS, OLE_MAGIC))


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


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
    if "documents/1/fpage.xml" in low or "ofd.xml" in low:
        return "an OFD document (Chinese fixed-layout format)"
    sample = sorted(names)[:5]
    return f"a zip archive of {len(names)} files ({', '.join(sample)}{', …' if len(names) > 5 else ''})"
