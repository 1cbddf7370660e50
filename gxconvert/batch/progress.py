"""What a batch shows while it runs and when it ends.

A tqdm progress bar on stderr when stderr is a terminal (files done/total,
rate, time left, failures so far); one line per file with ``-v``; nothing
but errors otherwise, and nothing at all with ``--quiet``.  Every failure
is one line naming the file.  :class:`Summary` is the end-of-run account.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..errors import one_line
from ..results import Result
from .classify import escape_name


@dataclass(slots=True)
class Summary:
    total: int = 0
    converted: int = 0
    skipped: int = 0
    skipped_failed: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    with_failing_checks: int = 0
    warning_codes: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def done(self) -> int:
        return self.converted + self.skipped + sum(self.failed.values())

    @property
    def n_failed(self) -> int:
        return sum(self.failed.values())

    def add(self, result: Result) -> None:
        if result.ok:
            self.converted += 1
            o = result.outline
            if o is not None:
                self.with_failing_checks += o.n_failed_checks > 0
                self.warning_codes.update(o.warning_codes)
        else:
            self.failed[result.kind or "internal"] += 1

    def lines(self, prog: str) -> list[str]:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.failed.items()))
        out = [f"{prog}: {self.total} inputs: {self.converted} converted, {self.skipped} skipped "
               f"(already done" + (f"; {self.skipped_failed} failed before, --retry-failed retries them"
                                   if self.skipped_failed else "")
               + f"), {self.n_failed} failed" + (f" ({kinds})" if kinds else "")]
        top = ", ".join(f"{c} {n}" for c, n in self.warning_codes.most_common(5))
        out.append(f"{prog}: {self.with_failing_checks} reports with failing checks"
                   + (f"; most frequent warnings: {top}" if top else ""))
        worked = self.converted + self.n_failed
        rate = worked / self.seconds if self.seconds > 0 else 0.0
        out.append(f"{prog}: {self.seconds:.1f} s, {rate:.1f} files/s")
        return out


class Progress:
    """``mode``: "bar", "verbose", "plain" (errors only) or "quiet"."""

    def __init__(self, total: int, mode: str, stream: TextIO, prog: str) -> None:
        self.mode = mode
        self.stream = stream
        self.prog = prog
        self.failures = 0
        self._bar: Any = None
        if mode == "bar":
            from tqdm import tqdm  # type: ignore[import-untyped]
            tqdm.monitor_interval = 0  # no monitor thread: workers are forked
            self._bar = tqdm(total=total, file=stream, unit="file", dynamic_ncols=True, leave=False)

    def _say(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def skipped(self, path: str) -> None:
        if self.mode == "verbose":
            self._say(f"skip    {escape_name(path)} (already in the output)")
        self._tick()

    def done(self, result: Result) -> None:
        if not result.ok:
            self.failures += 1
            if self.mode != "quiet":
                self._say(f"{self.prog}: {one_line(result.message, 1000)}")
            if self.mode == "verbose" and result.detail:
                self._say(result.detail.rstrip())
        elif self.mode == "verbose" and result.outline is not None:
            o = result.outline
            self._say(f"ok      {escape_name(result.path)} ({o.agency or '?'} {o.year or '?'}, form {o.template}, "
                      f"{o.n_failed_checks} failing checks, {result.seconds:.2f} s)")
        self._tick()

    def _tick(self) -> None:
        if self._bar is not None:
            self._bar.update(1)
            if self.failures:
                self._bar.set_postfix(failed=self.failures, refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
