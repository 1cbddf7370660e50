"""``python -m gxconvert`` runs the same CLI as ``convert``; :func:`run` is
the entry point of both commands (``convert`` and ``gxconvert``).

A command's process converts and ends: :func:`run` pauses the cycle
collector before the CLI's modules are imported (the collector's passes
over the objects imports make find nothing to free) and leaves through
:func:`gxconvert.cli.exit_process` (output flushed, exit handlers run, no
interpreter teardown).  :func:`gxconvert.cli.main` itself, called from a
program, does neither.
"""

import gc
from typing import NoReturn


def run(prog: str | None = None) -> NoReturn:
    """The command: ``main()`` on ``sys.argv``, then out of the process
    with its exit status (the collector back on wherever a run needs it:
    see :func:`gxconvert.cli.command`)."""
    paused = gc.isenabled()
    gc.disable()
    from .cli import command
    command(prog, gc_paused=paused)


if __name__ == "__main__":
    run(prog="gxconvert")
