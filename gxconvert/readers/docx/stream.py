"""Reading ``word/document.xml`` as it inflates, one body element at a time.

The main part of a big document is never held whole, neither as bytes nor
as a tree: the zip member is inflated in chunks (with the size limits of
:meth:`.container.DocxPackage.stream`), fed to lxml's pull parser, and each
child of ``w:body`` (a paragraph, a table, a content control …) is handed
to the :class:`~.body.BodyWalker` as soon as it is complete, then freed.
Memory is the compressed file, one body element and the blocks read so
far; time is linear in the inflated size.  A part that arrives in one
chunk (up to :meth:`.container.DocxPackage.stream`'s 1 MiB) is parsed
whole instead and its body walked as one tree: the same elements in the
same order, for about a third less than the pull parser's events cost
(the tree of a 1 MiB part is a few MB); its formatting elements are
deleted before the parse (:mod:`.slim`: lxml builds about half the
elements), and if the parser rejects the slimmed bytes the part goes
through the stream as written (the same error, after the same elements).
A streamed part is not slimmed (a part over 1 MiB is rare; slimming it
chunk by chunk would need a way back once blocks are read).

The parser is hardened like :func:`.container.parse_xml`: no DTD, no
entity expansion, no network; a DOCTYPE or ENTITY declaration anywhere in
the part is refused.  A part in UTF-16 (rare) is not streamed: the caller
parses it whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import chain
from typing import cast

from lxml import etree

from ...errors import CorruptDocumentError, one_line
from ...model import Block
from ..parser_errors import parser_errors
from .body import MC, W_MAIN, W_STRICT, BodyWalker
from .container import PARSER_ERRORS, declares_dtd, explain
from .slim import slim_part

# the children of w:body that hold content (everything else only counts as a body element)
_CONTENT = ("p", "tbl", "sdt", "customXml", "ins", "moveTo", "altChunk")
_BODIES = {f"{{{ns}}}body": ns for ns in (W_MAIN, W_STRICT)}
_TAGS = [f"{{{ns}}}{t}" for ns in (W_MAIN, W_STRICT) for t in _CONTENT] + [f"{{{MC}}}AlternateContent"]
_CARRY = len(b"<!DOCTYPE") - 1  # bytes a refused declaration split by a chunk keeps


class StreamResult:
    """What :func:`stream_body` read."""

    __slots__ = ("blocks", "found_body", "root_tag", "walker")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.walker: BodyWalker | None = None
        self.root_tag = ""
        self.found_body = False


class _BodyElements:
    """Hands each complete child of ``w:body`` to the walker, in document
    order (with the childless body elements before it), and frees what was
    read.  The walker is built, by ``make_walker(namespace)``, when the body
    is met."""

    __slots__ = ("body", "handled", "last", "make_walker", "out")

    def __init__(self, make_walker: Callable[[str], BodyWalker], out: StreamResult) -> None:
        self.make_walker = make_walker
        self.out = out
        self.body: etree._Element | None = None  # the body met
        self.last: etree._Element | None = None  # the last body element handled
        self.handled = 0

    def handle(self, el: etree._Element) -> None:
        parent = el.getparent()
        body = self.body
        if body is not None:
            if parent is not body:
                return  # a paragraph in a table cell …, or a second w:body (not Word's)
        else:
            if parent is None:
                return
            ns = _BODIES.get(parent.tag) if isinstance(parent.tag, str) else None
            if ns is None:
                return  # a paragraph in a table cell, a run-level content control …
            self.body = body = parent
            self.out.walker = self.make_walker(ns)
            self.out.found_body = True
        out = self.out
        walker = out.walker
        assert walker is not None
        # the body elements since the last one handled (bookmarks, section
        # properties … carry no text but count as body elements), then el
        last = self.last
        prev = el.getprevious()
        if prev is not None and prev is not last:
            between = []
            for sib in el.itersiblings(preceding=True):
                if sib is last:
                    break
                between.append(sib)
            for sib in reversed(between):
                walker.block(sib, out.blocks)
        walker.block(el, out.blocks)
        self.last = el
        # free what was read, in batches: the elements before el are removed
        self.handled += 1
        if not self.handled & 0x3FF:
            del body[: body.index(el)]

    def after_last(self) -> None:
        """The body elements after the last one with content."""
        if self.last is not None and self.out.walker is not None:
            for child in self.last.itersiblings():
                self.out.walker.block(child, self.out.blocks)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def _read_whole(data: bytes, shown: str, make_walker: Callable[[str], BodyWalker], out: StreamResult) -> bool:
    """Read a part that came in one chunk (at most the chunk size) from one
    tree, as :func:`stream_body` would read it element by element: parsing
    whole costs about a third less than the pull parser's events, and the
    part is slimmed first (:func:`.slim.slim_part`).  False when the part
    must go through the stream instead (UTF-16, or XML the parser rejects,
    slimmed or not: the stream gives the error of the part as written,
    after the same elements)."""
    if _is_utf16(data.lstrip()[:64]):
        return False
    if declares_dtd(data):
        raise CorruptDocumentError(
            f"{shown} contains a DOCTYPE/ENTITY declaration (refused: entity expansion attack "
            "or not a Word file)")
    try:
        slim = slim_part(data)
        root = etree.fromstring(data if slim is None else slim, _PARSER)
    except etree.LxmlError:
        return False
    out.root_tag = root.tag if isinstance(root.tag, str) else ""
    out.found_body = any(child.tag in _BODIES for child in root)  # (root.find goes through ElementPath)
    # the body is the parent of the first content element whose parent is a body (as the stream meets it)
    for el in root.iter(_TAGS):
        body = el.getparent()
        ns = _BODIES.get(body.tag) if body is not None else None  # (a parent's tag is a str)
        if body is not None and ns is not None:
            walker = out.walker = make_walker(ns)
            walker.walk_into(body, out.blocks)
            break
    return True


def _is_utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:64]


def stream_body(chunks: Iterable[bytes], part: str,
                make_walker: Callable[[str], BodyWalker]) -> StreamResult | None:
    """Walk the body of the main part given as inflating ``chunks``;
    ``make_walker(namespace)`` builds the walker when ``w:body`` is met.
    None when the part is UTF-16 (not streamed)."""
    out = StreamResult()
    shown = one_line(part, 100)
    chunks = iter(chunks)
    head = next(chunks, None)
    if head is not None:
        more = next(chunks, None)
        if more is None:  # the whole part in one chunk: parsed whole
            if _read_whole(head, shown, make_walker, out):
                return out
            chunks = iter((head,))
        else:
            chunks = chain((head, more), chunks)
    parser = etree.XMLPullParser(
        events=("end",), tag=_TAGS, resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=False, remove_comments=True, remove_pis=True)
    elements = _BodyElements(make_walker, out)
    handle = elements.handle

    first = True
    carry = b""
    with parser_errors("Word document", None, PARSER_ERRORS, explain=lambda exc: f"{shown}: {explain(exc)}"):
        for chunk in chunks:
            if first:
                if _is_utf16(chunk.lstrip()[:64]):
                    return None
                first = False
            probe = carry + chunk
            if declares_dtd(probe):
                raise CorruptDocumentError(
                    f"{shown} contains a DOCTYPE/ENTITY declaration (refused: entity expansion attack "
                    "or not a Word file)")
            carry = chunk[-_CARRY:]
            parser.feed(chunk)
            for _event, el in parser.read_events():
                handle(cast(etree._Element, el))
        if first:
            raise CorruptDocumentError(f"{shown} is empty")
        root = parser.close()
        for _event, el in parser.read_events():
            elements.handle(cast(etree._Element, el))
    out.root_tag = root.tag if isinstance(root.tag, str) else ""
    out.found_body = any(child.tag in _BODIES for child in root)  # (root.find goes through ElementPath)
    elements.after_last()
    return out
