"""Where a web page's ``<img>`` bytes come from, for
:mod:`.image.inline`: a ``data:`` URI, or a file beside the page (resolved
against the page's folder and never outside it).  No URL is fetched, ever:
a remote picture is named as not read."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Callable, Sequence
from urllib.parse import unquote, urlsplit

from ..errors import LimitExceededError, UnsupportedFormatError
from .base import ReadContext
from .image.inline import Picture, refuse


def _data_uri(src: str, max_bytes: int) -> Callable[[], bytes]:
    def load() -> bytes:
        head, _, payload = src.partition(",")
        if len(payload) * 3 // 4 > max_bytes:
            raise LimitExceededError(f"the data: picture is over {max_bytes >> 20} MB", None, "max_bytes")
        if head.lower().endswith(";base64"):
            try:
                return base64.b64decode("".join(payload.split()), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise UnsupportedFormatError(f"bad base64 in the data: URI ({exc})") from None
        return unquote(payload).encode("latin-1", "replace")
    return load


def _beside(src: str, page: str, max_bytes: int) -> Callable[[], bytes]:
    folder = os.path.realpath(os.path.dirname(os.path.abspath(page)))
    rel = unquote(urlsplit(src).path)
    target = os.path.realpath(os.path.join(folder, rel))
    if not rel or os.path.isabs(rel):
        return refuse("a path from the site's root: not a file beside the page")
    if os.path.commonpath([folder, target]) != folder:
        return refuse("the picture is not inside the page's folder")

    def load() -> bytes:
        size = os.path.getsize(target)
        if size > max_bytes:
            raise LimitExceededError(f"the picture is {size >> 20} MB", None, "max_bytes")
        with open(target, "rb") as f:
            return f.read(max_bytes + 1)
    return load


def html_pictures(images: Sequence[tuple[int, str, str]], ctx: ReadContext) -> list[Picture]:
    """``images``: (placeholder block index, shown src, src) in page order."""
    out = []
    limit = ctx.options.max_bytes
    for index, shown, src in images:
        parts = urlsplit(src) if not src.startswith("data:") else None
        if src.startswith("data:"):
            load = _data_uri(src, limit)
        elif parts is not None and (parts.scheme or parts.netloc):
            load = refuse("a remote picture (URLs are never fetched)")
        elif src.startswith(("/", "\\")):
            load = refuse("a path from the site's root: not a file beside the page")
        elif ctx.path is None:
            load = refuse("a file beside the page, but the page was not read from a file")
        else:
            load = _beside(src, ctx.path, limit)
        out.append(Picture(index, shown, load))
    return out
