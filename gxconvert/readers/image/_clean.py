"""Page images made fit for recognition: red seals removed by colour,
the page deskewed, the resolution brought to what OCR needs."""

from __future__ import annotations

from typing import Any

#: the resolution text is recognised at: 200 dpi (a 10.5 pt character is ~29 px high);
#: pages scanned finer are downscaled to it (OCR's cost grows with the pixels, its accuracy does not)
OCR_DPI = 200.0
#: the largest skew looked for, in degrees, and the step
MAX_SKEW = 3.0
SKEW_STEP = 0.1


def remove_seal(rgb: Any) -> Any:
    """Red and orange ink (seals, red-ink stamps, signature chops) turned white.

    A pixel is seal ink when red dominates: R well above both G and B.  Black
    text under a seal is dark in every channel and stays; what the seal's
    ink covered of it stays as dark as it is."""
    import numpy as np

    r = rgb[:, :, 0].astype(np.int16)
    g = rgb[:, :, 1].astype(np.int16)
    b = rgb[:, :, 2].astype(np.int16)
    red = (r - g > 50) & (r - b > 40) & (r > 120)
    if not red.any():
        return rgb
    out = rgb.copy()
    out[red] = 255
    return out


def to_gray(rgb: Any) -> Any:
    import cv2

    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def rescale(img: Any, factor: float) -> Any:
    import cv2

    if abs(factor - 1.0) < 0.02:
        return img
    h, w = img.shape[:2]
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(img, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=interp)


def skew_angle(gray: Any) -> float:
    """The page's skew in degrees (counter-clockwise positive), within
    ±``MAX_SKEW``: the angle at which the rows of dark pixels are sharpest
    (the variance of the row sums of a small binarised copy is highest)."""
    import cv2
    import numpy as np

    h, w = gray.shape
    f = min(1.0, 1000.0 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    sh, sw = ink.shape
    centre = (sw / 2, sh / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = rot.sum(axis=1)
        return float(np.var(rows))

    coarse = [a / 2 for a in range(int(-MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)]
    best = max(coarse, key=score)
    fine = [best + k * SKEW_STEP for k in range(-5, 6)]
    got: float = max(fine, key=score)
    return round(got, 2)


def rotate(img: Any, angle: float) -> Any:
    """``img`` turned by ``angle`` degrees about its centre, white behind."""
    import cv2

    if abs(angle) < 0.05:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    white = (255, 255, 255) if img.ndim == 3 else 255
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=white)
