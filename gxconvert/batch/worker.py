"""The worker process: converts one file at a time under a memory cap.

A worker is forked from the batch's parent, so it starts with gxconvert
already imported.  It caps its own address space (``RLIMIT_AS``), asks the
kernel to kill it if the parent dies, ignores Ctrl-C (the parent decides
when to stop) and, unless verbose, silences library logging, Python
warnings and native libraries' stderr.
"""

from __future__ import annotations

import ctypes
import faulthandler
import hashlib
import logging
import os
import resource
import signal
import stat
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from ..model import Report
from ..options import Options
from .classify import escape_name, failure
from .results import Result

Converter = Callable[..., Report]

_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Task:
    """One input: a path, or bytes (standard input) named by ``path``."""

    path: str
    data: bytes | None = None
    index: int = 0


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    max_memory: int | None = None  # bytes of address space; None: no cap
    quiet: bool = True  # silence library logging, warnings and native stderr
    options: Options | None = None
    converter: Converter | None = None  # gxconvert.convert unless a test injects one
    with_json: bool = False  # also serialise the report (with provenance) in the worker


def source_sha256(path: str, data: bytes | None = None) -> str | None:
    """The sha256 of an input's bytes; None when it is not a regular file
    (a FIFO is never read here) or cannot be read."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(_HASH_CHUNK):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def convert_one(task: Task, options: Options | None = None, converter: Converter | None = None) -> Result:
    """Convert one input in this process; never raises for the input's sake."""
    if converter is None:
        from .. import api
        converter = api.convert
    kwargs: dict[str, Any] = {}
    if options is not None:
        kwargs["options"] = options
    start = time.perf_counter()
    try:
        if task.data is not None:
            report = converter(task.data, path=task.path, **kwargs)
        else:
            report = converter(task.path, **kwargs)
    except Exception as exc:
        result = failure(task.path, exc, time.perf_counter() - start)
        result.sha256 = source_sha256(task.path, task.data)
        result.index = task.index
        return result
    return Result(path=task.path, report=report, seconds=time.perf_counter() - start,
                  sha256=report.source.sha256, index=task.index)


def silence_libraries() -> None:
    """pdfminer's 'Could not get FontBBox' and the like never reach the screen."""
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")


def _die_with_parent() -> None:
    """The worker is killed when its parent dies (Linux).  libc is reached
    through the symbols the interpreter already has (``CDLL(None)``):
    ``ctypes.util.find_library`` would run ``ldconfig -p`` at every worker
    start."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def vm_size(pid: int | str = "self", field: str = "VmSize") -> int:
    """Bytes of address space of a live process (``VmPeak``: the most it
    ever had); 0 if unknown."""
    key = field.encode() + b":"
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _cap_memory(max_memory: int) -> None:
    """Cap the address space at what the worker starts with plus
    ``max_memory``: a forked worker inherits its parent's mappings (a
    program that imported pyarrow or ran threads maps hundreds of MB it
    never touches), and the cap is about what one file may take."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = vm_size() + max_memory
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def worker_main(conn: Connection, settings: WorkerSettings) -> None:
    """Receive tasks until None (or the parent's end closes); send one Result each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if settings.quiet:
        faulthandler.disable()  # a crash is reported by the parent, in one line
        silence_libraries()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    if settings.max_memory:
        _cap_memory(settings.max_memory)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = convert_one(task, settings.options, settings.converter)
        if settings.with_json and result.report is not None:
            result.report_json = result.report.to_json(provenance=True, indent=None)
        try:
            conn.send(result)
        except MemoryError:
            result.report = None
            result.kind = "memory"
            result.message = f"{escape_name(task.path)}: out of memory sending the report (raise --max-memory)"
            conn.send(result)
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:
            bad = failure(task.path, exc, result.seconds)
            bad.index = task.index
            bad.message = f"{escape_name(task.path)}: internal error: the result could not be sent: {exc!r}"[:1000]
            conn.send(bad)
