"""Build corpus/screenshot: corpus web pages captured whole by headless
Chromium at 1280 px wide, as one tall PNG each (the blank below the page
cut off; 256 colours, as screenshot tools save them to stay small).

Each file's golden is its page's: the page's own ``.expected.json`` (if any)
is copied beside it; the test's twin rule adds the seed's.

    python corpus/screenshot/build_screenshot.py     # needs chromium, numpy, Pillow
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
HTML = HERE.parent / "html"
PAGES = ["000_cms.html", "002_cms.html"]
WIDTH, TALL = 1280, 12000


def shoot(page: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "shot.png"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={png}", f"--window-size={WIDTH},{TALL}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        im = Image.open(png).convert("RGB")
    grey = np.asarray(im.convert("L"))
    inked = np.where((grey < 230).sum(axis=1) > 0)[0]
    im = im.crop((0, 0, WIDTH, min(im.height, int(inked.max()) + 40)))
    im.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)


def main() -> None:
    for name in PAGES:
        out = HERE / name.replace(".html", ".png")
        shoot(HTML / name, out)
        own = HTML / name.replace(".html", ".expected.json")
        if own.exists():
            shutil.copy(own, HERE / name.replace(".html", ".expected.json"))
        print(f"{out.name}: {Image.open(out).size}, {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
