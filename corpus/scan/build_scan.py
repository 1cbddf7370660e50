"""Build corpus/scan: corpus PDFs printed, scanned and degraded as scanners,
phones and fax machines do, written back as image-only files.

Each source is rendered with poppler's ``pdftoppm`` at 150, 200 or 300 dpi,
then degraded with a fixed seed per file (numpy + Pillow only; nothing of
gxconvert is used):

* ``clean150``: 150 dpi, light sensor noise, JPEG quality 80
* ``skew200``: 200 dpi, each page turned by a random angle within ±2.5°, JPEG 70
* ``seal300``: 300 dpi, a red seal stamped over the signature (the last text
  lines of the last page), JPEG 75
* ``light200``: 200 dpi, uneven light (a dark corner, a bright band), noise, JPEG 55
* ``fax200``: 200 dpi, thresholded to black and white (Group 4 TIFF, several pages)
* ``mixed``: a text PDF whose table pages (3-5) are replaced by 200 dpi scans of themselves

The image-only PDFs are written by hand (one DCTDecode or 1-bit image per
page, the page the size of the paper): the JPEG bytes are exactly those
made here.  Each file's golden is its source's: the source's own
``.expected.json`` (if any) is copied beside it; the test's twin rule adds
the seed's.

    python corpus/scan/build_scan.py     # needs pdftoppm (poppler-utils), numpy, Pillow, pypdfium2
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent

#: (output name, source, class, seed)
FILES = [
    ("000_ruled_split_clean150.pdf", "pdf/000_ruled_split.pdf", "clean150", 11),
    ("001_borderless_skew200.pdf", "pdf/001_borderless.pdf", "skew200", 12),
    ("004_fonts_seal300.pdf", "pdf/004_fonts.pdf", "seal300", 13),
    ("003_landscape_light200.pdf", "pdf/003_landscape.pdf", "light200", 14),
    ("002_html_fax200.tif", "pdf/002_html.pdf", "fax200", 15),
    ("000_cms_plain_skew200.pdf", "pdf_browser/000_cms_plain.pdf", "skew200", 16),
    ("001_cms_plain_mixed.pdf", "pdf_browser/001_cms_plain.pdf", "mixed", 17),
]
DPI = {"clean150": 150, "skew200": 200, "seal300": 300, "light200": 200, "fax200": 200, "mixed": 200}
QUALITY = {"clean150": 80, "skew200": 70, "seal300": 75, "light200": 55, "mixed": 70}


def render(src: Path, dpi: int, first: int | None = None, last: int | None = None) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["pdftoppm", "-r", str(dpi), "-png"]
        if first:
            cmd += ["-f", str(first), "-l", str(last)]
        subprocess.run([*cmd, str(src), f"{tmp}/p"], check=True)
        return [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p-*.png"),
                                                               key=lambda p: int(p.stem.split("-")[1]))]


def noise(im: Image.Image, rng: np.random.Generator, sigma: float) -> Image.Image:
    a = np.asarray(im).astype(np.float32)
    a += rng.normal(0, sigma, a.shape[:2])[:, :, None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def skew(im: Image.Image, rng: np.random.Generator) -> Image.Image:
    angle = float(rng.uniform(-2.5, 2.5))
    return im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))


def uneven_light(im: Image.Image, rng: np.random.Generator) -> Image.Image:
    a = np.asarray(im).astype(np.float32)
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    shade = 0.78 + 0.22 * np.clip(np.hypot(xx - cx, yy - cy) / np.hypot(w, h), 0, 1)  # darker far from a spot
    band = 1.0 + 0.06 * np.exp(-((xx - rng.uniform(0, w)) / (0.08 * w)) ** 2)  # a bright band (the lamp)
    a = a * (shade * band)[:, :, None] - 18 * (1 - shade[:, :, None])
    return noise(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), rng, 3.0)


def seal(im: Image.Image, rng: np.random.Generator, dpi: int) -> Image.Image:
    """A red round seal (ring, star, arc of marks) over the last text lines."""
    g = np.asarray(im.convert("L"))
    rows = np.where((g < 128).sum(axis=1) > 3)[0]
    cols = np.where((g[max(0, rows[-1] - dpi):rows[-1] + 1] < 128).sum(axis=0) > 0)[0]
    cy = int(rows[-1] - 0.25 * dpi)
    cx = int(cols.max() - 0.6 * dpi)
    r = int(0.8 * dpi)  # a 40 mm seal
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (214, 30, 38, 190)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=max(4, r // 14))
    star = []
    for k in range(10):
        rad = r * (0.28 if k % 2 == 0 else 0.11)
        ang = np.pi / 2 + k * np.pi / 5
        star.append((cx + rad * np.cos(ang), cy - rad * np.sin(ang)))
    d.polygon(star, fill=red)
    for k in range(14):  # the agency's name round the rim, as blocks
        ang = np.pi * (0.15 + 0.7 * k / 13)
        x, y = cx - 0.72 * r * np.cos(ang), cy - 0.72 * r * np.sin(ang)
        s = r * 0.09
        d.rectangle([x - s, y - s, x + s, y + s], fill=red)
    layer = layer.filter(ImageFilter.GaussianBlur(1.2))
    out = im.convert("RGBA")
    out.alpha_composite(layer)
    return out.convert("RGB")


def fax(im: Image.Image, rng: np.random.Generator) -> Image.Image:
    g = np.asarray(noise(im, rng, 10.0).convert("L"))
    return Image.fromarray(((g > 150) * 255).astype(np.uint8)).convert("1")


def jpeg(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def image_pdf(pages: list[tuple[bytes, int, int, float]]) -> bytes:
    """An image-only PDF: per page (JPEG bytes, width px, height px, dpi), the
    page the size of the paper, the image covering it."""
    objs: list[bytes] = []
    kids = []
    for k, (data, w, h, dpi) in enumerate(pages):
        pw, ph = w * 72 / dpi, h * 72 / dpi
        img_no, content_no, page_no = 3 + 3 * k, 4 + 3 * k, 5 + 3 * k
        objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                    b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(data))
                    + data + b"\nendstream")
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> "
                    b">> /Contents %d 0 R >>" % (pw, ph, img_no, content_no))
        kids.append(b"%d 0 R" % page_no)
    head = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)]
    return _write(head + objs)


def _write(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def degrade(pages: list[Image.Image], cls: str, rng: np.random.Generator, dpi: int) -> list[Image.Image]:
    out = []
    for k, im in enumerate(pages):
        if cls == "clean150":
            im = noise(im, rng, 2.0)
        elif cls in ("skew200", "mixed"):
            im = noise(skew(im, rng), rng, 2.5)
        elif cls == "seal300":
            im = noise(im, rng, 2.0)
            if k == len(pages) - 1:
                im = seal(im, rng, dpi)
        elif cls == "light200":
            im = uneven_light(im, rng)
        elif cls == "fax200":
            im = fax(im, rng)
        out.append(im)
    return out


def mixed(src: Path, dpi: int, rng: np.random.Generator, quality: int) -> bytes:
    """The source PDF with pages 3-5 replaced by scans of themselves (pypdfium2 joins them)."""
    import pypdfium2 as pdfium

    scans = degrade(render(src, dpi, 3, 5), "mixed", rng, dpi)
    scan_pdf = pdfium.PdfDocument(image_pdf([(jpeg(im, quality), *im.size, dpi) for im in scans]))
    doc = pdfium.PdfDocument(src.read_bytes())
    n = len(doc)
    out = pdfium.PdfDocument.new()
    out.import_pages(doc, [0, 1])
    out.import_pages(scan_pdf)
    out.import_pages(doc, list(range(5, n)))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def photo(src: Path, page: int, out: Path, seed: int) -> None:
    """One page photographed: 200 dpi, skewed, noise, JPEG quality 65 (an image file, not a PDF)."""
    rng = np.random.default_rng(seed)
    (im,) = render(src, 200, page, page)
    noise(skew(im, rng), rng, 3.0).save(out, "JPEG", quality=65, optimize=True, dpi=(200, 200))
    print(f"{out.name}: {out.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    # the applications table page of a browser-printed report, as a phone photo (the readers' contract sample)
    photo(CORPUS / "pdf_browser/000_cms_plain.pdf", 5, HERE / "table_page.jpg", 18)
    for name, source, cls, seed in FILES:
        rng = np.random.default_rng(seed)
        src = CORPUS / source
        dpi = DPI[cls]
        target = HERE / name
        if cls == "mixed":
            target.write_bytes(mixed(src, dpi, rng, QUALITY[cls]))
        elif cls == "fax200":
            pages = degrade(render(src, dpi), cls, rng, dpi)
            pages[0].save(target, save_all=True, append_images=pages[1:], compression="group4", dpi=(dpi, dpi))
        else:
            pages = degrade(render(src, dpi), cls, rng, dpi)
            target.write_bytes(image_pdf([(jpeg(im, QUALITY[cls]), *im.size, dpi) for im in pages]))
        own = src.with_name(src.name.split(".")[0] + ".expected.json")
        if own.exists():
            shutil.copy(own, target.with_name(target.name.split(".")[0] + ".expected.json"))
        print(f"{name}: {target.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
