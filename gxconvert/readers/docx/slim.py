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
costing less than what it saves).  What the reader reads is never among
them: the walk gives the same blocks, warnings and metadata with or
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
  walk's structure are unchanged for every valid part.

A part the parser rejects once slimmed is parsed as written (the caller's
fallback), so a damaged part is reported exactly as before.  The one
difference is on XML that is not well-formed *inside* a deleted element (a
repeated attribute in a ``w:sz``): that part is now read instead of
refused -- the element is one nobody reads.
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
FORMATTING = frozenset("""
    adjustRightInd autoSpaceDE autoSpaceDN b bCs bdr bidi bidiVisual bottom cantSplit caps cnfStyle color cols
    contextualSpacing cs docGrid dstrike eastAsianLayout effect em emboss fitText formProt gridAfter headers
    hideMark highlight i iCs imprint ind insideH insideV jc keepLines keepNext kern kinsoku lang left lnNumType
    mirrorIndents noProof noWrap outline overflowPunct pageBreakBefore pgMar pgNumType pgSz position right rFonts
    rStyle rtl shadow shd smallCaps snapToGrid spacing strike suppressAutoHyphens suppressLineNumbers
    suppressOverlap sz szCs tblCellSpacing tblHeader tblInd tblLayout tblLook tblOverlap tblStyle
    tblStyleColBandSize tblStyleRowBandSize tblW tcFitText tcW textAlignment textDirection textboxTightWrap
    titlePg top topLinePunct trHeight u vAlign vertAlign w wAfter wBefore webHidden widowControl wordWrap
    autoRedefine link locked lsdException next qFormat rsid semiHidden uiPriority unhideWhenUsed
""".split())

_W_NAMESPACES = (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                 b"http://purl.oclc.org/ooxml/wordprocessingml/main")


def _alternation(words: list[str]) -> str:
    """``words`` as one alternation factored by common prefixes (``b(?:Cs|idi|ottom)?``):
    the regular-expression engine tries a branch's first character before entering it, so a
    tag that is none of them is given up after a few comparisons, not one per word."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return emit(tree)


# a self-closing element of FORMATTING: its name ends at a blank or the "/>"; its attributes are
# printable ASCII without < > & (no line break, no entity reference, nothing of a multibyte encoding)
_DELETED = re.compile(rb"<w:" + _alternation(sorted(FORMATTING)).encode("ascii")
                      + rb"(?:[ \t][ -%'-;=?-~\t]*)?/>")


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
    return _DELETED.sub(b"", data)
