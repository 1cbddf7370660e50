"""Hostile and unlucky text files (issue 14), generated at test time.

Each case is a seed report (``corpus/seeds``) made hostile in one way; the
converted tables must equal the seed's hand-checked golden values — a text
that is text is never refused as binary, and no value is lost or joined.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import SEEDS, diff_tables, load_golden

import gxconvert
from gxconvert.errors import LimitExceededError, UnsupportedFormatError
from gxconvert.options import Options
from gxconvert.readers import sniff
from gxconvert.readers.base import ReadContext
from gxconvert.readers.encoding import controls_as_spaces, decode_text_file
from gxconvert.readers.magic import pdf_header_at

SEED = next(SEEDS.glob("000_*.txt"))
GOLDEN = load_golden(SEED.with_suffix(".expected.json"))
TEXT = SEED.read_bytes().decode("utf-8-sig")


def _convert(data: bytes):
    return gxconvert.convert(data, path="hostile.txt")


def _assert_golden(report, golden=GOLDEN) -> None:
    assert diff_tables(report.to_dict(), golden) == []


@pytest.mark.parametrize("how", ["one_nul", "nul_at_line_ends", "nuls_in_gbk"])
def test_nul_bytes_are_stripped_with_a_warning(how):
    raw = TEXT.encode("utf-8")
    data = {
        "one_nul": raw[:700] + b"\x00" + raw[700:],
        "nul_at_line_ends": raw.replace(b"\n", b"\x00\n"),
        "nuls_in_gbk": TEXT.encode("gb18030").replace(b"\n", b"\n\x00"),
    }[how]
    assert sniff(data) == "text"
    report = _convert(data)
    _assert_golden(report)
    codes = [w.code for w in report.warnings]
    assert "nul_bytes_removed" in codes


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(codec):
    data = TEXT.encode(codec)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert sniff(data) == "text"
    _assert_golden(_convert(data))


def test_utf16_html_without_bom_is_html():
    assert sniff("<html><body><p>报告</p></body></html>".encode("utf-16-le")) == "html"


def test_binary_data_is_still_refused():
    import random

    rnd = random.Random(14)
    data = bytes(rnd.randrange(256) for _ in range(20000))
    with pytest.raises(UnsupportedFormatError, match="binary data"):
        gxconvert.convert(data, path="x.bin", reader="text")


def test_pdf_mentioned_in_the_first_line_is_text():
    data = ("本报告的PDF版本（%PDF-1.4格式）另行发布。\n" + TEXT).encode("utf-8")
    assert pdf_header_at(data) is None
    assert sniff(data) == "text"
    _assert_golden(_convert(data))


def test_pdf_header_after_junk_or_at_start_counts():
    assert pdf_header_at(b"%PDF-1.7\n") == 0
    assert pdf_header_at(b"\x00\x13\xfe\xff junk %PDF-1.4\n1 0 obj") == 10
    # an HTTP response saved with its headers: the header starts a line and PDF objects follow
    wrapped = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.5\n1 0 obj<<>>endobj"
    assert sniff(wrapped) == "pdf"
    # past the first 1 KB it does not count
    assert pdf_header_at(b"\x00" * 2000 + b"%PDF-1.4") is None
    # a line of Chinese text mentioning it, in GB18030 too
    assert pdf_header_at("文件头为%PDF-1.4的文件".encode("gb18030")) is None


@pytest.mark.parametrize("ctrl", ["\x1b", "\x07", "\x0b", "\x0c", "\x1b\x07"])
def test_control_characters_beside_tabs_lose_no_value(ctrl):
    data = TEXT.replace("\t", ctrl + "\t" + ctrl).encode("utf-8")
    assert sniff(data) == "text"
    _assert_golden(_convert(data))


def test_control_characters_are_whitespace_not_glue():
    assert controls_as_spaces("3\x073") == "3 3"
    assert controls_as_spaces("\t\x1b12\x0b\t") == "\t12\t"
    assert controls_as_spaces("\x0cpage 2") == "page 2"
    dec = decode_text_file("本年\x1b新收\t\x0712".encode())
    assert dec.text == "本年 新收\t12"


def test_unicode_minus_is_a_minus():
    # 其他对外管理服务事项: previous 123, change written with U+2212, decisions 221667
    assert "\t123\n\t\u30000\n\t\u3000221667" in TEXT
    data = TEXT.replace("\t123\n\t\u30000\n", "\t123\n\t\u2212 3\n").encode("utf-8")
    report = _convert(data)
    assert report.value("active_disclosure.other_services.change") == -3
    assert report.value("active_disclosure.other_services.prev_items") == 123
    assert report.value("active_disclosure.other_services.decisions") == 221667


def test_max_bytes_of_the_text_reader():
    from gxconvert.readers.text import TextReader

    with pytest.raises(LimitExceededError) as err:
        TextReader().read(TEXT.encode("utf-8"), ReadContext(path="big.txt", options=Options(max_bytes=1000)))
    assert err.value.limit == "max_bytes"


def test_max_seconds_of_the_text_reader():
    from gxconvert.readers.text import TextReader

    with pytest.raises(LimitExceededError) as err:
        TextReader().read(TEXT.encode("utf-8") * 20, ReadContext(path="slow.txt", options=Options(max_seconds=0.0)))
    assert err.value.limit == "max_seconds"
    assert "\n" not in str(err.value)


def test_a_6mb_wall_of_numbers_needs_memory_a_small_multiple_of_its_size(tmp_path) -> None:
    """A text file that is 6 MB of numbers (a data dump kept beside the
    reports) is read in memory a small multiple of its size, measured as the
    converting child's peak RSS over the same child's on a real report."""
    import random

    from childrun import convert_in_child

    rnd = random.Random(6)
    lines, size = [], 0
    while size < 6_000_000:
        line = " ".join(str(rnd.randrange(1000)) for _ in range(12))
        lines.append(line)
        size += len(line) + 1
    wall = tmp_path / "wall.txt"
    wall.write_text("\n".join(lines), encoding="ascii")
    seed = sorted((Path(__file__).resolve().parents[1] / "corpus" / "seeds").glob("*.txt"))[0]
    floor = convert_in_child(seed)[1]
    got, peak = convert_in_child(wall)
    assert got["error"] == "NotAReportError"
    assert peak - floor < 20 * wall.stat().st_size, (peak, floor)
