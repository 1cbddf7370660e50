"""Builders of small documents for the tests (and the scripts that reuse
tests/): zips and Word packages from their members, minimal PDFs from pages
and fonts.  Each builds bytes a reader is handed; none decides what a test
expects."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

# -- zips (a .docx is one) -------------------------------------------------


def zip_bytes(members: Mapping[str, bytes | str]) -> bytes:
    """A deflated zip holding ``members`` (name -> content), in that order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def zip_members(path: Path) -> dict[str, bytes]:
    """The members of the zip at ``path`` (a .docx), name -> content, in order."""
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


# -- PDFs ------------------------------------------------------------------

AddObject = Callable[[bytes], int]  # adds a PDF object, returns its number
FontSource = Callable[[AddObject], int]  # adds a font's objects, returns the font's number


def make_pdf(pages: list[tuple[float, float, bytes]], fonts: Mapping[str, FontSource] | None = None,
             images: Mapping[str, tuple[int, int, bytes]] | None = None, rotate: int = 0,
             forms: Mapping[str, bytes] | None = None) -> bytes:
    """A minimal PDF: pages = [(width, height, content stream)]; fonts =
    {name: callable(add) -> object number}; images = {name: (w, h, bytes)};
    forms = {name: content stream of a form XObject}."""
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    catalog, pages_id = add(b""), add(b"")
    font_refs = {name: src(add) for name, src in (fonts or {}).items()}
    img_refs = {name: add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                          b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (w, h, len(d)) + d + b"\nendstream")
                for name, (w, h, d) in (images or {}).items()}
    img_refs.update({name: add(b"<< /Type /XObject /Subtype /Form /BBox [0 0 10000 10000] /Length %d >>\nstream\n"
                               % len(d) + d + b"\nendstream") for name, d in (forms or {}).items()})
    res = (b"<< /Font << " + b" ".join(b"/%s %d 0 R" % (n.encode(), r) for n, r in font_refs.items())
           + b" >> /XObject << " + b" ".join(b"/%s %d 0 R" % (n.encode(), r) for n, r in img_refs.items())
           + b" >> >>")
    kids = []
    for w, h, content in pages:
        c = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Rotate %d /Contents %d 0 R "
                        b"/Resources %s >>" % (pages_id, w, h, rotate, c, res)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, b in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + b + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    return bytes(out)


HELVETICA: dict[str, FontSource] = {
    "F1": lambda add: add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")}


def text_ops(items: list[tuple[float, float, str]], font: str = "F1", size: int = 12) -> bytes:
    """A content stream showing each (x, y, Latin-1 text) in ``font``."""
    return b"".join(b"BT /%s %d Tf %g %g Td (%s) Tj ET\n" % (font.encode(), size, x, y, s.encode("latin-1"))
                    for x, y, s in items)


def to_unicode_cmap(glyphs: Mapping[str, str]) -> bytes:
    """A ToUnicode CMap mapping two-byte glyph codes to Unicode, both as hex:
    ``{"0102": "4E00"}`` maps glyph <0102> to 一."""
    pairs = b" ".join(b"<%s> <%s>" % (g.encode(), u.encode()) for g, u in glyphs.items())
    return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange %d beginbfchar %s "
            b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end" % (len(glyphs), pairs))


def cid_font(tounicode: bytes | None = None) -> FontSource:
    """A Type0/Identity-H font without an embedded program; without a
    ToUnicode map its glyphs have no Unicode value at all."""
    def src(add: AddObject) -> int:
        fd = add(b"<< /Type /FontDescriptor /FontName /GwFont /Flags 4 /FontBBox [0 -120 1000 880] "
                 b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
        desc = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GwFont /CIDSystemInfo << /Registry (Adobe) "
                   b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>" % fd)
        tu = b""
        if tounicode:
            tu = b" /ToUnicode %d 0 R" % add(b"<< /Length %d >>\nstream\n" % len(tounicode) + tounicode
                                            + b"\nendstream")
        return add(b"<< /Type /Font /Subtype /Type0 /BaseFont /GwFont /Encoding /Identity-H "
                   b"/DescendantFonts [%d 0 R]%s >>" % (desc, tu))
    return src
