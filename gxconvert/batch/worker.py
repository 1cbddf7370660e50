"""The worker process: converts one file at a time under a memory cap.

A worker is forked from the batch's parent, so it starts with gxconvert
already imported.  It caps its own address space (``RLIMIT_AS``), asks the
kernel to kill it if the parent dies, ignores Ctrl-C (the parent decides
when to stop) and, unless verbose, silences library logging, Python
warnings and native libraries' stderr.
"""

from __future__ import annotations

import faulthandler
import gc
import hashlib
import os
import resource
import signal
import stat
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import patterns
from ..errors import ConversionError
from ..gcpause import gc_paused
from ..model import Report
from ..options import Options
from ..results import Outline, Result
from . import archives
from .classify import escape_name, failure
from .process import Channel

Converter = Callable[..., Report]
Encoder = Callable[[Report, Result], Any]

_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Task:
    """One input: a path, or bytes (standard input) named by ``path``.

    ``known``: the sha256 the output already holds for this input ("" when
    it was stored unreadable, without a hash); the worker hashes the file
    (the parent never reads it) and, when it still has that hash, skips it
    (a Result with ``skipped``) instead of converting it."""

    path: str
    data: bytes | None = None
    index: int = 0
    known: str | None = None

    def __reduce__(self) -> tuple[type[Task], tuple[Any, ...]]:  # pickled as its fields (see Result)
        return Task, (self.path, self.data, self.index, self.known)


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    max_memory: int | None = None  # bytes of address space; None: no cap
    quiet: bool = True  # silence library logging, warnings and native stderr
    options: Options | None = None
    converter: Converter | None = None  # gxconvert.convert unless a test injects one
    encoder: Encoder | None = None  # the sink's: the worker sends what the sink writes, not the Report


def input_sha256(path: str, data: bytes | None = None) -> str | None:
    """The sha256 of an input's bytes; None when it is not a regular file
    (a FIFO is never read here) or cannot be read."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    if archives.split(path) is not None:
        try:
            return hashlib.sha256(archives.read_member(path)).hexdigest()
        except ConversionError:
            return None
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
    if task.known is not None:
        sha256 = input_sha256(task.path, task.data)
        if (sha256 or "") == task.known:  # unchanged since the output stored it
            return Result(path=task.path, sha256=sha256, index=task.index, skipped=True,
                          seconds=time.perf_counter() - start)
    try:
        data = task.data
        if data is None and archives.split(task.path) is not None:
            data = archives.read_member(task.path, options)
        given: Any = task.path if data is None else data
        report = converter(given, path=task.path, **kwargs)
    except Exception as exc:
        result = failure(task.path, exc, time.perf_counter() - start)
        result.sha256 = input_sha256(task.path, task.data)
        result.index = task.index
        return result
    return Result(path=task.path, report=report, seconds=time.perf_counter() - start,
                  sha256=report.source.sha256, index=task.index, outline=Outline.of(report))


def silence_libraries() -> None:
    """pdfminer's 'Could not get FontBBox' and the like never reach the
    screen: Python warnings are ignored, and library logging is turned off
    if it is loaded (:func:`silence_logging`)."""
    warnings.simplefilter("ignore")
    silence_logging()


def silence_logging() -> None:
    """Turn library logging off, if it is loaded.  A worker does not load
    it for that (``logging`` brings ``traceback`` and ``textwrap``: ~20 M
    instructions, and a text or Word file never needs it): the worker
    calls this again after each conversion, so logging loaded by a reader
    (the PDF and HTML readers' libraries) is off from the next file on;
    what it wrote before went to the worker's silenced stderr."""
    logging = sys.modules.get("logging")
    if logging is not None and logging.root.manager.disable < logging.CRITICAL:
        logging.disable(logging.CRITICAL)


def _die_with_parent() -> None:
    """The worker is killed when its parent dies (Linux).  libc is reached
    through the symbols the interpreter already has (``CDLL(None)``):
    ``ctypes.util.find_library`` would run ``ldconfig -p`` at every worker
    start."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # here: the parent never needs it

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


def prepare(settings: WorkerSettings) -> None:
    """Make this process a worker: Ctrl-C is the parent's to act on (a
    stop by SIGTERM still kills it), the objects it was forked with are
    frozen out of the cycle collector's passes, and unless verbose, library logging,
    Python warnings and native stderr are silenced; then cap the address
    space."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # what the worker was forked with (gxconvert's modules, the forms, the division table) lives as long as
    # it does: out of the cycle collector's sight, whose full passes would walk it again and again (and write
    # to every page of it that the fork shares with the parent)
    gc.freeze()
    gc.enable()  # on, whatever the parent had: the command's one-file run pauses it in the parent only
    _die_with_parent()
    if settings.quiet:
        faulthandler.disable()  # a crash is reported by the parent, in one line
        silence_libraries()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    if settings.max_memory:
        _cap_memory(settings.max_memory)


def work(task: Task, settings: WorkerSettings) -> Result:
    """Convert one task in a worker; with the sink's encoder, the Result
    carries the sink's record instead of the Report.

    The cycle collector is paused from the file's read to its encoding
    (:func:`~gxconvert.gcpause.gc_paused`, which the PDF and Word readers
    and the matcher take anyway): ended after the matcher, the pause let
    the next allocation start a collection over everything the matcher had
    made and kept — the report, about to be encoded and dropped — about a
    millisecond a text file.  Held until the report is encoded and
    dropped, what the conversion made is freed by reference counting
    first, and the collection that follows walks only what outlives the
    file (and frees any cycle a reader's parser left)."""
    with gc_paused():
        return _work(task, settings)


def _work(task: Task, settings: WorkerSettings) -> Result:
    result = convert_one(task, settings.options, settings.converter)
    if settings.quiet:
        silence_logging()  # a reader may have loaded it
    if settings.encoder is not None and result.report is not None:
        try:
            result.record = settings.encoder(result.report, result)
        except Exception as exc:  # our bug, in this file's encoding: a failure of its own
            bad = failure(task.path, exc, result.seconds)
            bad.index, bad.sha256 = task.index, result.sha256
            return bad
        result.report = None
    return result


def worker_main(conn: Channel, settings: WorkerSettings) -> None:
    """Receive tasks until None (or the parent's end closes); send one Result each."""
    prepare(settings)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:  # told to stop: keep the patterns this worker compiled (a forked process runs no atexit)
            patterns.save()
            return
        result = work(task, settings)
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
