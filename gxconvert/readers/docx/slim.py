"""Dropping, before the parse, the formatting elements no reader step looks at.

Most elements of a Word part are formatting: a table cell written by Word
is ``w:tc``, ``w:tcPr``, ``w:tcW``, ``w:vAlign``, four borders, a
paragraph with ``w:jc``, ``w:spacing``, ``w:bidi``, a run with ``w:sz``,
``w:szCs``, ``w:rFonts``, ``w:lang`` … around one ``w:t``.  lxml pays for
every element it builds (about 0.4 us each: the parse of a report's main
part is mostly these), and the walk then steps over them.  A regular
expression (C, one pass) first deletes the empty, self-closing elements
named in :data:`FORMATTING` -- leaves of the run, paragraph, cell, row,
table and section properties that carry no text, no span, no merge, no
list number, no style and no hidden mark -- so that lxml builds roughly
half the elements, at about a third of the cost (the deletion itself
costing less than what it saves).  The property containers this leaves
empty, written exactly ``<w:rPr></w:rPr>`` (most runs of a report),
``<w:tcBorders></w:tcBorders>`` and then ``w:pPr``, ``w:tcPr``, ``w:trPr``,
go next, by ``bytes.replace`` (C, a few fast scans): the reader looks into
them only for a child, and reads an absent one as an empty one.  What the
reader reads is never among them: the walk gives the same blocks, warnings and metadata with or
without this step (``tests/test_docx_slim.py`` reads each construct both
ways).

What it takes care not to change:

* only a tag written ``<w:NAME`` + attributes of printable ASCII without
  ``<``, ``>``, ``&`` + ``/>`` is deleted: no line break (a parse error's
  line number stays the same), no entity reference, no byte of another
  encoding is ever removed;
* a part holding a CDATA section is left whole (its text could look like
  markup), and so is a part whose ``w`` prefix is not bound to
  WordprocessingML on its root element;
* none of the names is a body element, run content or a child that must
  come first (``w:tcPr``, ``w:trPr``), so body element numbers and the
  walk's structure are unchanged for every valid part.  (The ``w`` prefix
  is checked on the root element only: an element of another namespace
  written ``w:sz`` under a rebinding further in would go too -- an empty
  element, which only counts as a body element if it sits in the body.)

A part the parser rejects once slimmed is parsed as written (the caller's
fallback), so a damaged part is reported exactly as before.  The one
difference is on XML that is not well-formed *inside* a deleted element (a
repeated attribute in a ``w:sz``, or the ``<`` of a deleted
``<w:rPr></w:rPr>`` written raw inside an attribute value): that part is
now read instead of refused -- the element is one nobody reads.
"""

from __future__ import annotations

import re

from .container import has_markup

__all__ = ["FORMATTING", "slim_part"]

#: the elements deleted (WordprocessingML local names): run properties, paragraph properties, cell /
#: row / table properties and their borders, section properties, and the styles part's style
#: attributes and latent styles -- each read by no step of the reader (numbering.py reads w:start,
#: w:numFmt, w:lvlText, w:suff, w:isLgl, w:lvlRestart; styles w:name, w:basedOn, w:outlineLvl,
#: w:numPr; body.py the rest)
FORMATTING = frozenset([
    # run properties
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "webHidden", "color", "spacing", "w", "kern", "position", "sz",
    "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout",
    # paragraph properties
    "keepNext", "keepLines", "pageBreakBefore", "widowControl", "suppressLineNumbers", "suppressAutoHyphens",
    "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "cnfStyle",
    # cell, row and table properties, borders and margins
    "tcW", "noWrap", "tcFitText", "vAlign", "hideMark", "headers", "gridAfter", "wBefore", "wAfter", "cantSplit",
    "trHeight", "tblHeader", "tblCellSpacing", "tblStyle", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "tblInd", "tblLayout", "tblLook", "top", "left", "bottom", "right", "insideH",
    "insideV",
    # section properties
    "pgSz", "pgMar", "cols", "docGrid", "formProt", "lnNumType", "pgNumType", "titlePg",
    # the styles part's style attributes and latent styles
    "autoRedefine", "link", "locked", "lsdException", "next", "qFormat", "rsid", "semiHidden", "uiPriority",
    "unhideWhenUsed",
])

_W_NAMESPACES = (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                 b"http://purl.oclc.org/ooxml/wordprocessingml/main")


_Trie = dict[str, "_Trie"]


def _alternation(words: list[str]) -> str:
    """``words`` as one alternation factored by common prefixes (``b(?:Cs|idi|ottom|)``):
    the regular-expression engine tries a branch's first character before entering it, so a
    tag that is none of them is given up after a few comparisons, not one per word.  A word
    that is also a prefix of others ends in an empty branch, not an optional group (``?`` on a
    group is the engine's general repeat, several times the cost of a branch)."""
    tree: _Trie = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ("|" if "" in node else "") + ")"

    return emit(tree)


# a self-closing element of FORMATTING: its name ends at a blank or the "/>"; its attributes are
# printable ASCII without < > & (no line break, no entity reference, nothing of a multibyte encoding)
# (the end as two branches, each tried on its first character: an optional group would be a repeat)
_DELETED = re.compile(rb"<w:" + _alternation(sorted(FORMATTING)).encode("ascii")
                      + rb"(?:/>|[ \t][ -%'-;=?-~\t]*/>)")


#: property containers the deletion leaves empty, deleted in turn (inner ones first: a w:pPr holding only an
#: emptied w:rPr is empty once it goes); written exactly so, they hold nothing any step reads
_EMPTIED = tuple(b"<w:%s></w:%s>" % (name, name) for name in (b"rPr", b"tcBorders", b"pPr", b"tcPr", b"trPr"))


def _binds_w(data: bytes) -> bool:
    """Whether the root element (in the first 4 KB) binds ``w`` to WordprocessingML."""
    head = data[:4096]
    return any(head.find(b'xmlns:w="' + ns + b'"') >= 0 for ns in _W_NAMESPACES)


def slim_part(data: bytes) -> bytes | None:
    """``data`` (a Word XML part, UTF-8 or another ASCII-based encoding)
    without the elements of :data:`FORMATTING`; None when it is left as
    written (a CDATA section, another prefix)."""
    if not _binds_w(data) or has_markup(data, (b"<![CDATA[",)):
        return None
    data = _DELETED.sub(b"", data)
    for empty in _EMPTIED:
        data = data.replace(empty, b"")
    return data
