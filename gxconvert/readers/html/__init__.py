"""The HTML reader: report web pages, whatever their encoding and markup.

Modules: :mod:`.mht` (MHT unwrapping), :mod:`.parse` (text -> tree,
fallback parser), :mod:`.furniture` (page furniture), :mod:`.measure` (text
lengths, layout tables, the article body), :mod:`.links` (attachments,
embedded documents), :mod:`.tables` (``<table>`` -> grid), :mod:`.walk`
(blocks in document order), :mod:`.metadata`, :mod:`.reader`
(:class:`HtmlReader`); :mod:`.common` holds what they share.  Whether bytes
are an HTML page is :func:`gxconvert.readers.magic.html`'s to say.

Pipeline (each step bounded in time and memory):

0. **MHT** (Word's "single file web page", MIME multipart/related): the
   HTML part is taken out and decoded with the part's charset.
1. **Decode** the bytes ourselves (:mod:`.encoding`: BOM, ``<meta charset>``,
   ``http-equiv``, GB2312/GBK widened to GB18030, detection).  lxml and
   BeautifulSoup are only ever given a ``str``: given bytes declared
   ``gb2312`` they stop at the first character outside GB2312 (釆) and drop
   the rest of the page without an error.
2. **Parse** with ``lxml.html`` (libxml2; fast).  BeautifulSoup with
   Python's ``html.parser`` is the fallback where libxml2 loses content: it
   gives up past 2048 levels of nesting (unclosed ``<font>`` tags on old
   pages) and silently drops everything after; a cheap check also compares
   the CJK characters of the source with those in the tree.  The
   BeautifulSoup tree is converted into an lxml tree, so the rest of the
   pipeline is one code path.
3. **Page furniture** goes: script/style/iframe/form controls always;
   nav/header/footer/aside/form elements and elements whose class/id say
   nav, menu, footer, share, breadcrumb, copyright, sidebar ... and hidden
   elements (``display:none``, ``mso-hide:all``) -- unless the element holds
   half the page's text (ASP.NET pages wrap the whole page in a ``<form>``).
4. **Article body**: starting at ``<body>``, descend into the child that
   holds >= 70% of its parent's text and >= 60% of the page's (only through
   containers: div/section/article/td of a layout table ...).  Before the
   body only headings, short non-link lines (title, 发布日期 line) and tables
   are kept; after it nothing.
5. **Blocks** in document order, iteratively (no recursion, so no depth
   limit): p/div/li/h1-h6/br-separated lines become :class:`Paragraph`
   (h1-h6 give ``heading_level``), data tables become :class:`Table`, an
   ``<img>`` in the body becomes a ``[image: src]`` placeholder paragraph
   plus an ``image_in_body`` warning (a table published as an image: the
   matcher decides whether a table is missing).
6. **Tables**: the HTML table model with a slot-occupancy grid: each cell
   goes to the first free slot of its row; ``rowspan`` counts into later
   rows; ``rowspan=0`` runs to the end of the row group; rowspans clamp to
   the group's end; absurd colspans (> 100) stretch to the table's width
   measured without them; a colspan running into a slot an earlier rowspan
   holds is cut there (no overlapping cells) while the following cells
   still start where the browser puts them.  Rows with too few cells leave
   their slots uncovered; empty cells are ``Cell(text="")``.  Cell text is
   its block children / ``<br>`` lines joined with "\\n", ``&nbsp;`` as a
   space.
   *Layout tables*: a table that contains another table, has a single
   cell, or has a cell holding more than 1000 characters is page layout,
   not data: it is read as containers (its cells' content becomes blocks),
   and the tables inside it are read in turn.
7. **Metadata**: ``page_title`` (``<title>``), ``published`` (ISO date from
   a 发布日期/发布时间 line, else ``<meta name=PubDate>``-like tags, else
   成文日期/日期 lines, else a ``document.write`` in a script),
   ``info_source`` (信息来源/来源), ``encoding``.
8. **Warnings** (``Document.warnings``): ``image_in_body``, ``attachment``
   (the article links to a .pdf/.doc... file), ``embedded_document``
   (iframe/embed/object), ``html_parser_fallback``, ``table_truncated``,
   and the decoder's ``encoding_mismatch``/``decode_errors``.

Hostile markup: DOCTYPE internal subsets (``<!DOCTYPE html [ <!ENTITY …
]>``, whose ``]>`` libxml2 leaves in the text) and processing instructions
are removed before parsing, in one linear scan; control characters become
spaces; the content a void ``<embed>`` or an unclosed ``<object>``/``<video>``
swallowed is put back in place (only a short fallback text such as
"install Flash" stays inside and goes with the element).

Limits (:class:`~gxconvert.options.Options`): ``max_bytes`` of input,
``max_cells_per_table`` (per table: a bigger table is cut with a
``table_truncated`` warning naming it; the other tables are whole),
``max_seconds`` (checked between stages and every 4096 elements of the
walk); the html.parser fallback for pages up to 5 M characters (above that,
markup libxml2 cannot read is a :class:`CorruptDocumentError`).  Parser
exceptions (lxml, BeautifulSoup, the MIME parser) become one-line
"damaged HTML page: …" errors; any other exception is a bug and propagates.
Source lines past 65 535 are reported as unknown (libxml2 stops counting
there).
"""

from __future__ import annotations

from ..magic import html as accepts  # the name this module gave it before the triage's magic module
from .mht import unwrap_mhtml
from .parse import strip_declarations
from .reader import HtmlReader

__all__ = ["HtmlReader", "accepts", "strip_declarations", "unwrap_mhtml"]
