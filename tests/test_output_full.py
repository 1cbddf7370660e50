"""Regression: an output that fails during the run (standard output on a full
disk) was a traceback from the stream sink; it is one line naming the output,
status 1, and a file output is not left half-written."""

from __future__ import annotations

import errno
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gxconvert import convert
from gxconvert.dataset import OutputError
from gxconvert.dataset.stream import StreamSink
from gxconvert.results import Result

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(str(p) for p in (ROOT / "corpus" / "seeds").glob("*.txt"))


class _Full(io.StringIO):
    """A stream on a full disk: every flush fails."""

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [SEEDS[:1], SEEDS[:2], ["-j", "0", *SEEDS[:2]], ["--to", "jsonl", *SEEDS[:2]]])
def test_standard_output_on_a_full_disk_is_one_line_and_status_1(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "gxconvert", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, cwd=ROOT, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "gxconvert: cannot write standard output: No space left on device"


def _result(path: str) -> Result:
    return Result(path=path, report=convert(path))


def test_the_sink_names_standard_output_and_writes_nothing_more() -> None:
    sink = StreamSink("array", None, _Full())
    with pytest.raises(OutputError, match=r"^cannot write standard output: No space left on device$"):
        sink.add(_result(SEEDS[0]))
    sink.close(complete=False)  # no second failure: the array is not closed on a dead stream


def test_a_file_output_that_fails_is_removed_not_left_half_written(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    sink = StreamSink("array", target, sys.stdout)
    assert sink._atomic is not None
    real = sink._atomic.fh
    real.close()
    sink._atomic.fh = sink.out = _Full()  # the disk fills after the file was opened
    with pytest.raises(OutputError, match=f"^cannot write {re.escape(str(target))}: No space left on device$"):
        sink.add(_result(SEEDS[0]))
    sink.close(complete=False)
    assert not target.exists()
    assert not (tmp_path / ".out.json.partial").exists()
