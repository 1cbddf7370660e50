"""``python -m gxconvert.review FILE|DATASET [-o OUT.html]``."""

import sys

from .command import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="python -m gxconvert.review"))
