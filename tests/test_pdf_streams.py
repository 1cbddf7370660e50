"""The pre-parse stream scan (readers/pdf/_streams.py): its shortcut for small
streams must never let a bomb through.

A stream of at most ``min(max_pdf_stream_bytes, 4 MB) / 1032`` bytes through
at most one Flate stage cannot pass either limit and is skipped before its
filters are parsed; a stream as small through two Flate stages can inflate a
million-fold and must still be inflated and counted.  The inputs are raw
bytes built here with zlib (the scan reads the file's bytes, not a parsed
PDF).
"""

from __future__ import annotations

import zlib

import pytest

from gxconvert.errors import LimitExceededError
from gxconvert.options import Options
from gxconvert.readers.pdf._streams import check_streams

MiB = 1024 * 1024


def _zeros_deflated(mib: int) -> bytes:
    """``mib`` MiB of zeros, deflated (about a kilobyte a MiB)."""
    co = zlib.compressobj(9)
    block = bytes(MiB)
    return b"".join(co.compress(block) for _ in range(mib)) + co.flush()


def _file(stream: bytes, filters: bytes) -> bytes:
    return (b"%PDF-1.4\n4 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter " + filters
            + b" >>\nstream\n" + stream + b"\nendstream\nendobj\n%%EOF\n")


def test_a_small_doubly_deflated_bomb_is_still_inflated() -> None:
    inner = _zeros_deflated(70)  # 70 MiB of zeros: past the default 64 MiB limit
    outer = zlib.compress(inner, 9)
    assert len(outer) * 1032 <= 4 * MiB  # small enough for the shortcut, were there one stage
    with pytest.raises(LimitExceededError) as err:
        check_streams(_file(outer, b"[/FlateDecode /FlateDecode]"), "double.pdf", Options())
    assert "inflates to more than 64 MB" in str(err.value)
    # the abbreviated filter names count as Flate stages too
    with pytest.raises(LimitExceededError):
        check_streams(_file(outer, b"[/Fl /Fl]"), "double.pdf", Options())


def test_a_small_singly_deflated_stream_passes_a_low_limit_only_when_it_cannot_pass_it() -> None:
    # 2 MiB of zeros in about 2 KB: 2 KB x 1032 is past a 1 MiB limit, so the
    # stream is inflated (and refused); with the default limit it is skipped
    data = _file(_zeros_deflated(2), b"/FlateDecode")
    check_streams(data, "ok.pdf", Options())
    with pytest.raises(LimitExceededError):
        check_streams(data, "low.pdf", Options(max_pdf_stream_bytes=MiB))


def test_a_small_image_is_still_checked_for_its_pixels() -> None:
    # a tiny stream declaring a huge image: refused on its declared pixels,
    # whatever its size
    d = (b"%PDF-1.4\n5 0 obj\n<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
         b"/BitsPerComponent 8 /ColorSpace /DeviceGray /Length 3 /Filter /FlateDecode >>\nstream\nabc"
         b"\nendstream\nendobj\n%%EOF\n")
    with pytest.raises(LimitExceededError) as err:
        check_streams(d, "image.pdf", Options())
    assert err.value.limit == "max_image_pixels"
