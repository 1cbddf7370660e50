"""The library API: sources (path, bytes, file object), options, limits,
non-regular files, the report round trip."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

import gxconvert
from gxconvert import LimitExceededError, Options, Report, convert
from gxconvert.errors import ConversionError, one_line

SEED = Path(__file__).resolve().parent.parent / "corpus" / "seeds" / "000_c618104cc4de48fa.txt"


def test_path_bytes_and_file_object_give_the_same_report() -> None:
    by_path = convert(SEED)
    by_bytes = convert(SEED.read_bytes(), path=str(SEED))
    with open(SEED, "rb") as fh:
        by_file = convert(fh)
    assert by_path.to_dict() == by_bytes.to_dict() == by_file.to_dict()
    assert by_file.source.path == str(SEED)
    assert convert(io.BytesIO(SEED.read_bytes())).value("applications.new_received.total") == \
        by_path.value("applications.new_received.total")


def test_text_file_object_is_a_clear_type_error() -> None:
    with open(SEED, encoding="utf-8") as fh, pytest.raises(TypeError, match="binary file object"):
        convert(fh)  # type: ignore[arg-type]


def test_the_old_format_keyword_is_gone() -> None:
    """``convert(format=)``, deprecated for ``reader=``, was removed."""
    with pytest.raises(TypeError):
        convert(SEED, format="text")  # type: ignore[call-arg]
    assert convert(SEED, reader="text").source.format == "text"


def test_size_limit_is_checked_before_reading_and_names_the_flag() -> None:
    with pytest.raises(LimitExceededError) as err:
        convert(SEED, options=Options(max_bytes=100))
    assert err.value.limit == "max_bytes"
    assert "--max-bytes" in str(err.value) and str(SEED) in str(err.value)
    with pytest.raises(LimitExceededError):
        convert(io.BytesIO(SEED.read_bytes()), options=Options(max_bytes=100))


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(ConversionError, match="FIFO"):
        convert(fifo)


def test_device_and_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match="device"):
        convert("/dev/zero")
    with pytest.raises(ConversionError, match="directory"):
        convert(tmp_path)


def test_report_round_trips_through_from_dict() -> None:
    report = convert(SEED)
    d = report.to_dict(provenance=True)
    again = Report.from_dict(d)
    assert again.to_dict(provenance=True) == d
    assert again.value("applications.new_received.total") == report.value("applications.new_received.total")
    assert Report.from_json(report.to_json(provenance=True)).meta == report.meta


def test_component_types_are_exported() -> None:
    for name in ("Meta", "Section", "Check", "Provenance", "Issue", "Source", "Options"):
        assert hasattr(gxconvert, name), name


def test_messages_are_one_line() -> None:
    assert one_line("a\n  b\tc") == "a b c"
    err = ConversionError("bad", "evil\nname.pdf")
    assert "\n" not in str(err) and "evil\\nname.pdf" in str(err)
