"""The one build step pyproject.toml cannot say: the PDF reader's optional C
loops (gxconvert/readers/pdf/_native.c, CPython's C API only).  ``optional``:
a machine without a C compiler (or Python's headers) still installs, with a
warning, and the reader calls PDFium through ctypes instead.  PyPy builds no
extension: the same fallback."""

import platform

from setuptools import Extension, setup

ext_modules = []
if platform.python_implementation() == "CPython":
    ext_modules.append(Extension("gxconvert.readers.pdf._native", ["gxconvert/readers/pdf/_native.c"],
                                 optional=True))

setup(ext_modules=ext_modules)
