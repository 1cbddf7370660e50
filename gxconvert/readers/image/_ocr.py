"""Text recognition: RapidOCR (PP-OCRv4 detection and recognition on
onnxruntime), from the ``ocr`` extra.

The ``rapidocr-onnxruntime`` wheel carries its three ONNX models inside the
package (``rapidocr_onnxruntime/models``) and its configuration names those
files: nothing is fetched at run time.  The engine is built the first time
a page needs it (a text page never loads it) and kept for the process; it
runs on one thread (a batch runs one worker per core).

Every text box comes back with its characters' boxes and the recogniser's
confidence.  A short numeric box is read a second time from a tight crop
of its ink: the two readings agree (its confidence is the better of the
two) or they do not (the better reading is kept with the lower confidence,
so the cell is doubtful)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from ...errors import UnsupportedFormatError

INSTALL_HINT = "pip install 'gxconvert[ocr]'"
_ENGINE: Any = None
_LOCK = threading.Lock()
_NUMERIC = re.compile(r"^[\d.,，．+\-－%]{1,12}$")


@dataclass(slots=True)
class TextBox:
    """One recognised run of text on a page image, in pixels."""

    text: str
    conf: float
    x0: float
    top: float
    x1: float
    bottom: float
    chars: list[tuple[str, float, float]]  # (character, x0, x1); spaces left out
    size: float = 0.0  # the font size in pixels, judged from the height of the ink in the box


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def engine() -> Any:
    """The process's RapidOCR engine (built once).

    The readers build it before they decode a page image: built after, its
    sessions' memory lands among the page's freed buffers and a worker's
    peak grows by a quarter (a 200 dpi two-page scan: 1,052 MB against
    775 MB built first; ``scripts/bench_ocr.py --speed``)."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError:
                raise UnsupportedFormatError(
                    f"the file is a scan (page images, no text): reading it needs OCR: {INSTALL_HINT}") from None
            # two lines a recognition batch (six long lines at once take ~270 MB, two ~90 MB)
            _ENGINE = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False, text_score=0.0,
                               rec_batch_num=2,
                               print_verbose=False)
        return _ENGINE


#: an image taller than this (a web page captured whole) is read in strips of STRIP px overlapping by OVERLAP
TALL = 2600
STRIP = 2000
OVERLAP = 200


def recognise(img: Any) -> list[TextBox]:
    """The text boxes of ``img`` (an RGB or grey uint8 array), top to bottom.
    A tall image is read in overlapping strips; a box belongs to the strip
    whose kept band (the strip less half the overlap at each inner side)
    holds its centre."""
    import numpy as np

    eng = engine()
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    bgr = np.ascontiguousarray(img[:, :, ::-1])
    h = bgr.shape[0]
    if h <= TALL:
        return sorted(_recognise(eng, bgr, 0, 0.0, float(h)), key=lambda b: (b.top, b.x0))
    out: list[TextBox] = []
    top = 0
    while top < h:
        bottom = min(h, top + STRIP)
        keep_from = top + OVERLAP / 2 if top else 0.0
        keep_to = bottom - OVERLAP / 2 if bottom < h else float(h)
        out += _recognise(eng, np.ascontiguousarray(bgr[top:bottom]), top, keep_from, keep_to)
        if bottom >= h:
            break
        top = bottom - OVERLAP
    out.sort(key=lambda b: (b.top, b.x0))
    return out


def _recognise(eng: Any, bgr: Any, dy: int, keep_from: float, keep_to: float) -> list[TextBox]:
    result, _ = eng(bgr, use_cls=False, return_word_box=True, text_score=0.0)
    out: list[TextBox] = []
    for item in result or []:
        quad, text, conf = item[0], str(item[1]), float(item[2])
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) + dy for p in quad]
        if not keep_from <= (min(ys) + max(ys)) / 2 < keep_to:
            continue
        box = TextBox(text, conf, min(xs), min(ys), max(xs), max(ys), [])
        words = item[3] if len(item) > 3 else None
        box.chars = _chars(text, box, words)
        if not box.chars:
            continue
        out.append(box)
    _reread(eng, bgr, [b for b in out if _NUMERIC.match(b.text.replace(" ", ""))], dy)
    return out


def _chars(text: str, box: TextBox, words: Any) -> list[tuple[str, float, float]]:
    """Each visible character with its x extent: from the recogniser's
    character boxes when they match the text one for one, else the box's
    width shared out (a CJK character counts twice a Latin one)."""
    visible = [ch for ch in text if not ch.isspace()]
    if isinstance(words, (list, tuple)) and len(words) == len(visible):
        try:
            spans = [(min(float(p[0]) for p in q), max(float(p[0]) for p in q)) for q in words]
            return [(ch, a, b) for ch, (a, b) in zip(visible, spans, strict=True)]
        except (TypeError, ValueError, IndexError):
            pass
    weights = [0.0 if ch.isspace() else (1.0 if ord(ch) > 0x2E80 else 0.55) for ch in text]
    total = sum(weights) or 1.0
    out: list[tuple[str, float, float]] = []
    x = box.x0
    unit = (box.x1 - box.x0) / total
    for ch, wgt in zip(text, weights, strict=True):
        if wgt:
            out.append((ch, x, x + wgt * unit))
        x += wgt * unit
    return out


#: the height of the ink of a line of CJK text, and of digits only, as a share of the font size
CJK_INK = 0.90
DIGIT_INK = 0.72


def font_size(gray: Any, box: TextBox) -> float:
    """The font size of a box's text, in pixels, from the height of the ink
    round the box's middle row (detection boxes are padded unevenly: a lone
    character's box is a fifth taller than a line's)."""
    y0, y1 = max(0, int(box.top)), min(gray.shape[0], int(box.bottom) + 1)
    x0, x1 = max(0, int(box.x0)), min(gray.shape[1], int(box.x1) + 1)
    band = gray[y0:y1, x0:x1] < 150
    rows = band.sum(axis=1) >= 1
    mid = (y1 - y0) // 2
    cjk = any(ord(ch) > 0x2E80 for ch in box.text)
    fallback = (box.bottom - box.top) / 1.4
    if not len(rows) or not rows.any():
        return fallback
    inked = [k for k in range(len(rows)) if rows[k]]
    centre = min(inked, key=lambda k: abs(k - mid))
    # the run of inked rows round the middle, across gaps of up to a quarter of the box (告: 牛 over 口)
    gap = max(2, (y1 - y0) // 4)
    lo = hi = centre
    for k in reversed([k for k in inked if k < centre]):
        if lo - k > gap:
            break
        lo = k
    for k in [k for k in inked if k > centre]:
        if k - hi > gap:
            break
        hi = k
    ink = hi - lo + 1
    if ink < 0.4 * (box.bottom - box.top):
        return fallback  # a line of thin strokes (一, 、): the ink says little
    return ink / (CJK_INK if cjk else DIGIT_INK)


def ink_margin(ink_height: int) -> int:
    """The white margin the recogniser reads a lone number best with: a quarter
    of the ink's height (a 27 px '0': 0.87 with 1 px, 0.99 with 7 px)."""
    return max(3, round(ink_height / 4))


def _tight_crop(bgr: Any, box: TextBox, dy: int) -> Any:
    """The ink of a box with the margin the recogniser reads best (None: no ink)."""
    import numpy as np

    h, w = bgr.shape[:2]
    pad = round((box.bottom - box.top) / 3)
    x0, x1 = max(0, int(box.x0) - pad), min(w, int(box.x1) + pad)
    y0, y1 = max(0, int(box.top) - dy - pad), min(h, int(box.bottom) - dy + pad)
    crop = bgr[y0:y1, x0:x1]
    if crop.size == 0:
        return None
    rows, cols = np.where(crop.min(axis=2) < 150)
    if not len(rows):
        return None
    m = ink_margin(int(rows.max() - rows.min() + 1))
    return np.ascontiguousarray(crop[max(0, rows.min() - m):rows.max() + m + 1,
                                     max(0, cols.min() - m):cols.max() + m + 1])


def _reread(eng: Any, bgr: Any, boxes: list[TextBox], dy: int) -> None:
    """A second reading of numeric boxes from tight crops of their ink (one batch)."""
    pairs = [(b, c) for b in boxes if (c := _tight_crop(bgr, b, dy)) is not None]
    if not pairs:
        return
    got, _ = eng.text_rec([c for _, c in pairs])
    for (box, _), (text2, conf2) in zip(pairs, got or [], strict=False):
        text2, conf2 = str(text2).strip(), float(conf2)
        if text2.replace(" ", "") == box.text.replace(" ", ""):
            box.conf = max(box.conf, conf2)
        else:
            low = min(box.conf, conf2)
            if conf2 > box.conf and _NUMERIC.match(text2):
                box.text = text2
                box.chars = _chars(text2, box, None)
            box.conf = low
