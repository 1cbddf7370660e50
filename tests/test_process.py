"""The pool's forked worker process and its channel (gxconvert.batch.process)."""

from __future__ import annotations

import os
import signal
import sys
import time

from gxconvert.batch.process import Forked, channel_pair


def _echo(conn) -> None:
    while (msg := conn.recv()) is not None:
        conn.send(msg)


def _exit_with(code) -> None:
    sys.exit(code)


def _raise() -> None:
    raise ValueError("boom")


def _sleep() -> None:
    time.sleep(60)


def test_objects_cross_both_ways_whole_even_past_the_pipe_buffer() -> None:
    parent, child = channel_pair()
    proc = Forked(_echo, (child,), close_in_child=(parent,))
    child.close()
    big = {"values": list(range(300_000)), "text": "山东省" * 100_000}  # megabytes: many pipe buffers
    for msg in ("one", big, ("tuple", 1, None), b"\x00" * 70_000):
        parent.send(msg)
        assert parent.recv() == msg
    parent.send(None)
    proc.join(10)
    assert proc.exitcode == 0 and not proc.is_alive()
    proc.close()
    parent.close()


def test_exit_status_as_multiprocessing_gives_it() -> None:
    cases = [(_exit_with, (3,), 3), (_exit_with, (None,), 1), (_raise, (), 1)]
    for target, args, expected in cases:
        proc = Forked(target, args)
        proc.join(10)
        assert proc.exitcode == expected, target
        proc.close()
    proc = Forked(_sleep, ())
    assert proc.is_alive()
    proc.join(0.05)
    assert proc.exitcode is None  # still running: join(timeout) returned
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    assert proc.exitcode == -signal.SIGKILL and not proc.is_alive()
    proc.close()


def test_the_sentinel_is_readable_once_the_child_is_gone() -> None:
    import select

    proc = Forked(_sleep, ())
    assert select.select([proc.sentinel], [], [], 0.05)[0] == []
    os.kill(proc.pid, signal.SIGTERM)
    assert select.select([proc.sentinel], [], [], 10)[0] == [proc.sentinel]
    proc.join()
    assert proc.exitcode == -signal.SIGTERM
    proc.close()


def test_a_closed_end_reads_as_end_of_file() -> None:
    parent, child = channel_pair()
    proc = Forked(_exit_with, (0,), close_in_child=(parent,))
    child.close()
    proc.join(10)
    try:
        parent.recv()
    except EOFError:
        pass
    else:  # pragma: no cover
        raise AssertionError("no EOFError")
    proc.close()
    parent.close()
