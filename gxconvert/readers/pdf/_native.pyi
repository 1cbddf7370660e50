"""The PDF reader's PDFium fetching loops in C (``_native.c``, optional):
each takes PDFium functions' addresses and a handle as ints and fills the
buffers it is given."""

from _typeshed import ReadableBuffer, WriteableBuffer

def glyphs(fns: tuple[int, int, int], text_page: int, n: int, at: ReadableBuffer, boxes: WriteableBuffer,
           sizes: WriteableBuffer, errors: WriteableBuffer, /) -> None: ...
def objects(fns: tuple[int, int, int], owner: int, form: bool, handles: WriteableBuffer,
            kinds: WriteableBuffer, /) -> None: ...
def path(fns: tuple[int, int, int, int, int, int], obj: int, matrix: WriteableBuffer,
         limit: int, /) -> tuple[int, bytes | None]: ...
