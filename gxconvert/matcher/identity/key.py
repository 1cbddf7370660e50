"""``meta.agency_key``: an agency's name normalised so that one body's
reports pair across years however the name was written.

Folded: full-width and traditional forms (:func:`~gxconvert.normalize.squash`),
spaces and punctuation, a bracketed tail (``（本级）``), the higher divisions
before the body's own (``山东省淄博市高青县卫生健康局`` -> ``高青县卫生健康局``),
the common short forms of a body's kind (``卫健委`` = ``卫生健康委员会``,
``管委会`` = ``管理委员会``), and the office that writes a government's own
report (``某县人民政府办公室`` = ``某县人民政府``, ``某县政府`` too).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ... import patterns
from ...normalize import squash
from .region import strip_divisions

#: short forms -> the full words (both spellings pair)
SHORT_FORMS = (("管委会", "管理委员会"), ("卫健委", "卫生健康委员会"), ("卫健局", "卫生健康局"),
               ("卫计委", "卫生和计划生育委员会"), ("发改委", "发展和改革委员会"), ("发改局", "发展和改革局"),
               ("人社局", "人力资源和社会保障局"), ("住建局", "住房和城乡建设局"),
               ("市监局", "市场监督管理局"))
_TAIL = patterns.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]$")
_NOT_WORD = patterns.compile(r"[\W_]+", re.UNICODE)
# a government's own report, written by its office: X人民政府办公室/办公厅, X政府办公室, X政府
_GOVERNMENT = patterns.compile(r"^(.+?[省市县区旗州盟镇乡])(?:人民)?政府(?:办公室|办公厅|办)?$")


def agency_key(agency: str | None) -> str | None:
    """The pairing key of ``agency`` (None for no agency)."""
    return _key(agency) if agency else None


@lru_cache(maxsize=4096)
def _key(agency: str) -> str | None:
    t = squash(agency)
    while _TAIL.search(t):
        t = _TAIL.sub("", t)
    t = _NOT_WORD.sub("", t)
    for short, full in SHORT_FORMS:
        t = t.replace(short, full)
    t = strip_divisions(t)
    m = _GOVERNMENT.match(t)
    if m:
        t = m.group(1) + "人民政府"
    return t or None
