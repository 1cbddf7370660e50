"""``--update-goldens``: rewrite the corpus goldens' pinned parts.

``pytest tests/test_corpus.py --update-goldens`` converts every corpus file,
rewrites each folder's ``pinned.json`` (warnings, failing checks and parts
found per file: see tests/golden.py) from the output and prints the diff, for
a person to read before committing: a pinned part is only as right as the
person who read it.  CI never passes it (.ci/run).
"""

from __future__ import annotations

import difflib

import pytest
from golden import CORPUS, PINNED, UPDATES, dump_pinned, load_pinned


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite corpus/*/pinned.json (warnings, failing checks, parts found) from the "
                          "current output and print the diff to read; never run by CI")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    if not config.getoption("--update-goldens") or not UPDATES:
        return
    tr = terminalreporter
    tr.section("updated goldens (read this diff before committing)")
    for folder in sorted(UPDATES):
        old = load_pinned(folder)
        new = {name: parts for name, parts in old.items() if (folder / name).exists()}
        new.update(UPDATES[folder])
        before, after = (dump_pinned(old) if old else ""), dump_pinned(new)
        rel = (folder / PINNED).relative_to(CORPUS.parent)
        if before == after:
            tr.write_line(f"{rel}: unchanged")
            continue
        (folder / PINNED).write_text(after, "utf-8")
        tr.write_line(f"{rel}: rewritten")
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), f"a/{rel}", f"b/{rel}",
                                         lineterm="", n=2):
            tr.write_line(line)
