"""One conversion in a child process: ``python -m gxconvert.batch.child``.

Reads a pickled ``(Task, WorkerSettings)`` on standard input, converts it
as a pool worker does (the same memory cap and silencing), and writes the
pickled Result on standard output.  What the libraries print goes
elsewhere: the Result's bytes are the only thing on the original stdout.
:func:`convert_in_child` runs it with a clock; a Dask task calls it so the
per-file clock and memory cap hold on a cluster as they do locally.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from dataclasses import replace

from ..results import Result
from .classify import death, timed_out
from .stop import Interrupted
from .worker import Task, WorkerSettings, input_sha256, prepare, work


def _package_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def convert_in_child(task: Task, settings: WorkerSettings, timeout: float | None) -> Result | None:
    """Convert ``task`` in a fresh child process, stopped after ``timeout`` s;
    None when the child was stopped by a signal (nothing is to be recorded)."""
    if task.known is not None:  # hashed here: an unchanged input costs no child process
        sha256 = input_sha256(task.path, task.data)
        if (sha256 or "") == task.known:
            return Result(path=task.path, sha256=sha256, index=task.index, skipped=True)
        task = replace(task, known=None)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_package_root(), env.get("PYTHONPATH")) if p)
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "gxconvert.batch.child"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        out, _ = proc.communicate(pickle.dumps((task, settings)), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        result = timed_out(task.path, timeout or 0.0, time.monotonic() - start)
    else:
        if proc.returncode == 0 and out:
            result = pickle.loads(out)
        else:
            try:
                result = death(task.path, proc.returncode, time.monotonic() - start, settings.max_memory, False)
            except Interrupted:
                return None
    result.index = task.index
    if result.sha256 is None:
        result.sha256 = input_sha256(task.path, task.data)
    return result


def main() -> None:
    task, settings = pickle.load(sys.stdin.buffer)
    out = os.dup(1)
    os.dup2(2, 1)  # what a library prints goes where stderr goes (nowhere unless verbose)
    prepare(settings)
    data = pickle.dumps(work(task, settings))
    with os.fdopen(out, "wb") as fh:
        fh.write(data)


if __name__ == "__main__":
    main()
