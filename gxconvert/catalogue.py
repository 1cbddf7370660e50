"""The catalogue: every warning code, ``how`` value, source format and
failure kind gxconvert emits, each a ``Literal`` type with a one-line meaning.

The model's fields are typed with these (``Issue.code``, ``Provenance.how``,
``Source.format``, ``Document.format``; the batch's ``Result.kind``), so mypy
checks every place that makes one; the JSON Schema (``gxconvert/schema``) and
the README list them from here, and a test converts the whole corpus and
fails on any code that is not catalogued.  A code once emitted keeps its
spelling (reports and datasets store it): add codes, never rename them.
Reader codes are bare except the Word reader's older ``docx.*`` ones.
"""

from __future__ import annotations

from typing import Literal

WarningCode = Literal[
    # -- readers: every format ----------------------------------------------
    "table_truncated",
    # -- readers: bytes to text (text and HTML) -------------------------------
    "decode_errors",
    "encoding_mismatch",
    "unknown_charset",
    "nul_bytes_removed",
    # -- readers: HTML ----------------------------------------------------------
    "html_parser_fallback",
    "image_in_body",
    "image_not_read",
    "embedded_document",
    "attachment",
    # -- readers: Word ----------------------------------------------------------
    "docx.converted_from_doc",
    "docx.alt_chunk",
    "docx.no_body",
    "docx.bad_part",
    "docx.span_clamped",
    "docx.merge_orphan",
    "docx.embedded_object",
    # -- readers: PDF -----------------------------------------------------------
    "truncated",
    "page_unreadable",
    "no_text_layer",
    "unmapped_glyphs",
    "text_off_page",
    "uncertain_cut",
    # -- readers: scans and screenshots (OCR) -------------------------------------
    "ocr",
    # -- matcher: values read from pixels -------------------------------------------
    "ocr_low_confidence",
    "ocr_check_failed",
    # -- matcher: meta ----------------------------------------------------------
    "template_guessed",
    "agency_not_found",
    "agency_mismatch",
    "year_inferred",
    # -- matcher: the report's identity (matcher/identity; where: meta.<field>) ----
    "title_not_found",
    "title_rejected",
    "title_candidate_rejected",
    "agency_rejected",
    "agency_candidate_rejected",
    "agency_publisher_differ",
    "year_sources_disagree",
    "year_rejected",
    "published_not_found",
    "published_rejected",
    "published_candidate_rejected",
    "region_unknown",
    "region_former_name",
    # -- matcher: tables --------------------------------------------------------
    "table_not_found",
    "row_not_found",
    "unmatched_row",
    "label_matched_loosely",
    "duplicate_row",
    "row_length",
    "cell_missing",
    "cell_unreadable",
    "value_spans_columns",
    # -- matcher: run-together digits and the arithmetic --------------------------
    "glued_run_cut_off",
    "glued_run_narrowed",
    "blank_in_run",
    "row_placed_by_arithmetic",
    "row_ambiguous",
    "ambiguous_value",
    "value_missing",
    "no_consistent_reading",
    "settled_by_narrative",
    "search_bounded",
]

#: what each warning code means, in one line
WARNINGS: dict[WarningCode, str] = {
    "table_truncated": "a table over max_cells_per_table cells; the rest of it was not read",
    "decode_errors": "byte sequences that do not decode were replaced with U+FFFD",
    "encoding_mismatch": "the declared encoding is not the one the content is in; the content's was used",
    "unknown_charset": "the declared charset is unknown; the encoding was detected",
    "nul_bytes_removed": "NUL bytes were removed from the text",
    "html_parser_fallback": "libxml2 could not read the page whole; parsed with html.parser instead",
    "image_in_body": "an image in the article body (a table published as an image is not read)",
    "image_not_read": "a picture in a document without a table of its own that could not be read by OCR "
                      "(the ocr extra missing, a remote or unreadable image); the tables in it are not read",
    "embedded_document": "the page embeds another document (iframe, object), which is not read",
    "attachment": "the article links to an attached file, which is not read",
    "docx.converted_from_doc": "a Word 97-2003 .doc (or WPS .wps), converted to .docx with LibreOffice",
    "docx.alt_chunk": "an altChunk part that points at nothing or cannot be read; skipped",
    "docx.no_body": "the Word main part has no w:body",
    "docx.bad_part": "a damaged styles or numbering part; ignored (list numbers, heading levels lost)",
    "docx.span_clamped": "cells that reach past the table's last column; clamped",
    "docx.merge_orphan": "vertically merged cells that continue nothing above; read as ordinary cells",
    "docx.embedded_object": "an embedded OLE object (an Excel sheet …), which is not read",
    "truncated": "the PDF is cut off; what could be read was read",
    "page_unreadable": "PDF pages that cannot be read; left out",
    "no_text_layer": "a PDF page of images without text (OCR would be needed)",
    "unmapped_glyphs": "PDF characters without a Unicode mapping; text on that page may be garbled",
    "text_off_page": "PDF text or a ruled table drawn wholly outside the page's box (not shown); left out",
    "uncertain_cut": "values set side by side that do not line up with the table's columns; left unread",
    "ocr": "pages or images read from their pixels (OCR): every value from them carries its confidence",
    "ocr_low_confidence": "a digit read from pixels below the confidence threshold; the value is null "
                          "(`suggested`: what the form's arithmetic gives it)",
    "ocr_check_failed": "a failing check explained by its one unsure cell read from pixels "
                        "(`suggested`: the value the check gives it; the value is kept)",
    "template_guessed": "the table labels do not tell the forms apart; the form was chosen from the year",
    "agency_not_found": "no reporting body found in the title, signature, opening, page fields or file name",
    "agency_mismatch": "the title and the signature name different bodies; the title's was kept",
    "year_inferred": "no year in the title or the statistical period; taken as the year before a date",
    "title_not_found": "no report title in the text, a page field, the page's title or the file name",
    "title_rejected": "every title candidate failed its sanity test; the title is null",
    "title_candidate_rejected": "a better source's title failed its sanity test; a lower source's was taken",
    "agency_rejected": "every agency candidate failed its sanity test (a date, a label, no administrative word); null",
    "agency_candidate_rejected": "a better source's agency failed its sanity test; a lower source's was taken",
    "agency_publisher_differ": "the hosting page names another body than the report; it is meta.publisher",
    "year_sources_disagree": "title, statistical period and signature date disagree on the year; says which won",
    "year_rejected": "the year cannot be the report's (before its form, before 2008, not ended); null",
    "published_not_found": "no signature date and no date on the hosting page",
    "published_rejected": "every publication date failed its sanity test (before the year's end, in the future); null",
    "published_candidate_rejected": "a better source's date failed its sanity test; a lower source's was taken",
    "region_unknown": "no division named, a name shared across places, or no division data; region is null",
    "region_former_name": "the division was named by a former name (米林县, now 米林市); its current code given",
    "table_not_found": "a table of the form was not found; its values are null",
    "row_not_found": "a row of the form was not found in its table; its values are null",
    "unmatched_row": "a row of the document matches no row of the form; its values are not used",
    "label_matched_loosely": "a row's label matched a form row only by similarity",
    "duplicate_row": "a form row appears twice; the first occurrence is kept",
    "row_length": "a row has more or fewer value cells than the form's columns",
    "cell_missing": "a row has no cell under some columns; those values are null",
    "cell_unreadable": "a cell's text is not a number; the value is null",
    "value_spans_columns": "a value cell spans two header columns",
    "glued_run_cut_off": "run-together digits that cannot be cut into the row's numbers; left to the arithmetic",
    "glued_run_narrowed": "run-together digits with many possible cuts; only those the arithmetic allows kept",
    "blank_in_run": "run-together digits leave no number for a cell; the value is null",
    "row_placed_by_arithmetic": "a row with several readings; the form's arithmetic chose one",
    "row_ambiguous": "several readings of a row fit equally well",
    "ambiguous_value": "the readings of a row disagree on a value; left null",
    "value_missing": "no cell holds the value and the arithmetic does not settle it; left null",
    "no_consistent_reading": "no reading of a table satisfies every rule; the best was kept",
    "settled_by_narrative": "the report's own narrative settled a choice the arithmetic left open",
    "search_bounded": "too many joint readings to weigh; only values every reading agrees on kept",
}

How = Literal["cell", "ocr", "inferred", "split", "read"]

#: how a value was read (``Provenance.how``)
HOWS: dict[How, str] = {
    "cell": "read from one cell of the source table",
    "ocr": "read from one cell of a page image (OCR): its confidence and pixel box are in the provenance",
    "inferred": "no cell holds it: computed from the form's arithmetic (勾稽关系); an identity field derived "
                "from what was read (the year before a date, the agency key, the region)",
    "split": "cut out of run-together digits in one cell (the cut the arithmetic allows)",
    "read": "an identity field or a part's heading, written where provenance.source says",
}

Format = Literal["text", "html", "docx", "pdf", "pdf_ocr", "image"]

#: the reader that read a report (``source.format``): its format
FORMATS: dict[Format, str] = {
    "text": "a plain-text dump (UTF-8, UTF-16, GB18030)",
    "html": "a web page (CMS page, Word or LibreOffice HTML export, .mht)",
    "docx": "a Word document (.docx; .doc and WPS .wps through LibreOffice)",
    "pdf": "a PDF with a text layer",
    "pdf_ocr": "a PDF of which some or all pages are scans, read by OCR (the ocr extra)",
    "image": "a scan, photo or screenshot (PNG, JPEG, TIFF, WebP) read by OCR (the ocr extra)",
}

FailureKind = Literal["unsupported", "not_a_report", "corrupt", "timeout", "memory", "crashed", "internal",
                      "unreadable", "empty"]

#: why a batch input gave no report (the ``failures.kind`` column)
FAILURE_KINDS: dict[FailureKind, str] = {
    "unsupported": "not a format gxconvert reads (an image, a spreadsheet, a zip of other things)",
    "not_a_report": "read fine, but no 政府信息公开工作年度报告",
    "corrupt": "damaged, truncated, encrypted or hostile",
    "timeout": "the worker was stopped by the clock (--timeout)",
    "memory": "the worker ran out of its memory cap (--max-memory)",
    "crashed": "the worker died (a native library crashed)",
    "internal": "a bug in gxconvert: the message carries the traceback",
    "unreadable": "any other clear refusal (missing file, FIFO, a limit reached)",
    "empty": "the file holds nothing (no bytes, or only white space)",
}

