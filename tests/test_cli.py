"""The convert command: outputs, exit codes, one failure never stops a batch."""

from __future__ import annotations

import json
import subprocess
import sys

from gxconvert.cli import main

from golden import SEEDS

SEED = str(SEEDS / "000_c618104cc4de48fa.txt")


def test_json_for_one_file(capsys):
    assert main([SEED]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["schema"] == "gxconvert.report/1"
    assert out["meta"]["agency"] == "高青县卫生健康局"
    assert out["tables"]["active_disclosure"]["procurement"]["amount_yuan"] == 284400.0


def test_batch_with_a_bad_file_writes_the_others_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    out = tmp_path / "all.jsonl"
    rc = main([SEED, str(bad), str(tmp_path / "missing.txt"), str(SEEDS / "004_6a33f86162c8aeae.txt"),
               "-o", str(out), "--to", "jsonl"])
    assert rc == 1
    lines = out.read_text("utf-8").splitlines()
    assert [json.loads(x)["meta"]["agency"] for x in lines] == ["高青县卫生健康局", "福清市卫生健康局"]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3  # each failure, then the one-line account (stderr is no terminal here)
    assert "broken.pdf" in err[0] and "missing.txt" in err[1]
    assert err[2].endswith("4 inputs: 2 converted, 0 skipped (already done), 2 failed (corrupt 1, unreadable 1)")


def test_several_files_as_json_array_and_to_directory(tmp_path, capsys):
    assert main([SEED, str(SEEDS / "001_4ad21a775c00ab02.txt"), "--to", "json"]) == 0
    arr = json.loads(capsys.readouterr().out)
    assert [r["meta"]["year"] for r in arr] == [2020, 2024]
    assert main([SEED, str(SEEDS / "001_4ad21a775c00ab02.txt"), "--format", "json"]) == 0  # the old spelling
    assert json.loads(capsys.readouterr().out) == arr
    assert main([SEED, str(SEEDS / "001_4ad21a775c00ab02.txt"), "-o", str(tmp_path / "out"), "--format", "json"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "000_c618104cc4de48fa.txt.json", "001_4ad21a775c00ab02.txt.json"]


def test_explain_prints_values_beside_sources(capsys):
    assert main([str(SEEDS / "004_6a33f86162c8aeae.txt"), "--explain"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("applications.new_received.total "))
    assert " 3 " in line and "line 112" in line and "raw='3'" in line


def test_usage_error_exits_2(capsys):
    try:
        main([])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("no SystemExit")


def test_stdin_and_python_dash_m():
    data = (SEEDS / "001_4ad21a775c00ab02.txt").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "gxconvert", "-"], input=data, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["meta"]["published"] == "2025-01-08"
