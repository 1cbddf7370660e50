"""Benchmark: converting reports whose table rows ran together.

Prints, for each case, the conversion time (best and median of N runs), how
many table values came out, how many are null, and how many are WRONG
(compared with the values the glued text was made from; must be 0).

Cases:
* the glued and run-on versions of the five seeds (corpus/glued/);
* synthetic 2021-form reports whose table 三 holds random consistent counts
  (every row glued; seeded, so the figures repeat);
* pathological runs: hundreds of digits in every row of table 三.

Usage: PYTHONPATH=. python3 scripts/bench_glued.py [--runs N] [--random K] [--max V]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import gxconvert  # noqa: E402
from gxconvert.templates import get as get_template  # noqa: E402
from golden import flatten  # noqa: E402

GLUED = ROOT / "corpus" / "glued"


def timed(data, runs: int):
    times = []
    out = None
    for _ in range(runs):
        t = time.perf_counter()
        out = gxconvert.convert(data)
        times.append(time.perf_counter() - t)
    return out, min(times), statistics.median(times)


def compare(out, truth: dict) -> tuple[int, int, int]:
    got = flatten(out.to_dict()["tables"])
    wrong = sum(1 for p, v in truth.items() if got.get(p) is not None and (v is None or abs(got[p] - v) > 1e-9))
    null = sum(1 for p, v in truth.items() if v is not None and got.get(p) is None)
    return len(truth), null, wrong


def random_report(rng: random.Random, vmax: int) -> tuple[bytes, dict]:
    t = get_template("2021")
    result = [r.key for r in t.tables["applications"].rows if r.result]
    rows: dict[str, list[int]] = {}
    for k in result:
        parts = [rng.choice([0, 0, 0, rng.randint(0, vmax)]) for _ in range(6)]
        rows[k] = parts + [sum(parts)]
    tp = [sum(rows[k][c] for k in result) for c in range(7)]
    fwd = [rng.randint(0, v) if v else 0 for v in tp[:6]]
    fwd.append(sum(fwd))
    carried = [rng.randint(0, x) for x in fwd[:6]]
    carried.append(sum(carried))
    new = [tp[c] + fwd[c] - carried[c] for c in range(7)]
    rows.update(new_received=new, carried_over=carried, total_processed=tp, carried_forward=fwd)
    lines = ["某县卫生健康局2022年政府信息公开工作年度报告", "一、总体情况", "本局认真落实政府信息公开工作。",
             "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    for r in t.tables["applications"].rows:
        group = {"denied": "（三）不予公开", "unable": "（四）无法提供", "not_processed": "（五）不予处理", "other": "（六）其他处理"}
        lab = max(r.labels, key=len)
        if r.key == "other.other":
            lab = "（六）其他处理3.其他"
        elif r.group in group and r.key.endswith((".state_secret", ".not_held", ".complaint", ".no_correction")):
            lab = group[r.group] + "1." + lab
        lines.append(lab + "".join(str(v) for v in rows[r.key]))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "0" * 15, "五、存在的主要问题及改进情况", "无。"]
    truth = {f"applications.{k}.{c.key}": v for k, vals in rows.items() for c, v in zip(t.tables["applications"].columns, vals)}
    return "\n".join(lines).encode("utf-8"), truth


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--random", type=int, default=20)
    ap.add_argument("--max", type=int, default=30)
    args = ap.parse_args()

    print(f"{'case':42} {'best ms':>8} {'median':>8} {'values':>7} {'null':>5} {'WRONG':>6}")
    total = 0.0
    for spec_path in sorted(GLUED.glob("*.expected.json")):
        seed = spec_path.name.split(".")[0]
        spec = json.loads(spec_path.read_text("utf-8"))
        truth = flatten(json.loads((GLUED / spec["golden"]).read_text("utf-8"))["tables"])
        for kind in ("glued", "runon"):
            data = (GLUED / f"{seed}.{kind}.txt").read_bytes()
            out, best, med = timed(data, args.runs)
            total += med
            n, null, wrong = compare(out, truth)
            print(f"{seed + '.' + kind:42} {best * 1000:8.1f} {med * 1000:8.1f} {n:7} {null:5} {wrong:6}")
    print(f"{'(the ten glued seed files, sum of medians)':42} {'':8} {total * 1000:8.1f}")

    rng = random.Random(6)
    times, nulls, wrongs, cells = [], 0, 0, 0
    worst = (0.0, "")
    for k in range(args.random):
        data, truth = random_report(rng, args.max)
        out, best, med = timed(data, 1)
        n, null, wrong = compare(out, truth)
        times.append(best)
        nulls += null
        wrongs += wrong
        cells += n
        if best > worst[0]:
            worst = (best, f"#{k}")
    print(f"{f'random table 三 x{args.random} (counts <= {args.max})':42} {min(times) * 1000:8.1f} {statistics.median(times) * 1000:8.1f} {cells:7} {nulls:5} {wrongs:6}"
          f"   max {worst[0] * 1000:.1f} ms ({worst[1]})")

    # the same, made inconsistent: a 其他 count on top of results that reach 总计
    rng = random.Random(7)
    times, nulls, wrongs, cells = [], 0, 0, 0
    for k in range(args.random):
        data, truth = random_report(rng, args.max)
        lines = data.decode("utf-8").split("\n")
        for j, line in enumerate(lines):
            if line.startswith("（六）其他处理3.其他"):
                lines[j] = "（六）其他处理3.其他1000001"
                truth.update({f"applications.other.other.{c.key}": 0 for c in get_template("2021").tables["applications"].columns})
                truth["applications.other.other.natural_person"] = truth["applications.other.other.total"] = 1
        out, best, med = timed("\n".join(lines).encode("utf-8"), 1)
        n, null, wrong = compare(out, truth)
        times.append(best)
        nulls += null
        wrongs += wrong
        cells += n
    print(f"{f'  the same, inconsistent (其他 on top)':42} {min(times) * 1000:8.1f} {statistics.median(times) * 1000:8.1f} {cells:7} {nulls:5} {wrongs:6}"
          f"   max {max(times) * 1000:.1f} ms")

    t = get_template("2021")
    lines = ["某县卫生健康局2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    rng = random.Random(1)
    for r in t.tables["applications"].rows:
        lines.append(max(r.labels, key=len) + "".join(rng.choice("0123456789") for _ in range(300)))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "7" * 400, "二、主动公开政府信息情况", "行政许可" + "1" * 500]
    out, best, med = timed("\n".join(lines).encode("utf-8"), args.runs)
    cut = sum(1 for w in out.warnings if w.code == "glued_run_cut_off")
    print(f"{'pathological: 300-500 digit runs, 28 rows':42} {best * 1000:8.1f} {med * 1000:8.1f}   ({cut} rows cut off with a warning)")

    # random digits, 40 a row: every row has a huge number of cuts, few or
    # none adding up; the worst case for the bounded counting
    lines = ["某县卫生健康局2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    for r in t.tables["applications"].rows:
        lines.append(max(r.labels, key=len) + "".join(rng.choice("0123456789") for _ in range(40)))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "".join(rng.choice("0123456789") for _ in range(80))]
    out, best, med = timed("\n".join(lines).encode("utf-8"), args.runs)
    cut = sum(1 for w in out.warnings if w.code == "glued_run_cut_off")
    print(f"{'pathological: random 40-digit runs, 27 rows':42} {best * 1000:8.1f} {med * 1000:8.1f}   ({cut} rows cut off with a warning)")


if __name__ == "__main__":
    main()
