"""``python -m gxconvert`` runs the same CLI as ``convert``."""

import sys

from .cli import main

sys.exit(main(prog="gxconvert"))
