"""Mutation fuzz over the corpus (issue 14): every mutant of a text, HTML,
Word or PDF report gives a Report or a one-line ConversionError naming the
file — never another exception, a hang or a multi-line message.

Seeded (``GX_FUZZ_SEED``, default 14), so a failure is reproducible:
``tests/fuzzing.py`` rebuilds the same mutants.  ``GX_FUZZ_SCALE`` scales
the counts (CI: 1, about a minute for all formats); longer runs:
``python scripts/fuzz_hostile.py``.
"""

from __future__ import annotations

import os

import pytest
from fuzzing import mutants, run_one

SEED = int(os.environ.get("GX_FUZZ_SEED", "14"))
SCALE = float(os.environ.get("GX_FUZZ_SCALE", "1"))
# mutants per format: a few hundred, sized so the four run in about a
# minute on a 2-core machine (a PDF mutant costs ~0.3 s, a text one ~0.03 s)
COUNTS = {"text": 300, "html": 200, "docx": 300, "pdf": 100}


@pytest.mark.parametrize("fmt", list(COUNTS))
def test_mutants_give_a_report_or_a_one_line_error(fmt):
    count = max(1, int(COUNTS[fmt] * SCALE))
    failures = []
    for m in mutants(fmt, SEED, count):
        failure, _seconds, _outcome = run_one(m)
        if failure is not None:
            failures.append(str(failure))
    assert not failures, f"{len(failures)} of {count} {fmt} mutants (seed {SEED}):\n" + "\n".join(failures[:30])
