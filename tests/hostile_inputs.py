"""Generators of big and hostile inputs, built from the corpus at test or
benchmark time (never committed): shared by tests/test_hostile_*.py and
scripts/bench_hostile.py."""

from __future__ import annotations

from pathlib import Path

from builders import zip_bytes, zip_members

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DOCX = CORPUS / "docx" / "000.docx"
HTML = CORPUS / "html" / "000_cms.html"

_DOCX_FILLER = '<w:p><w:r><w:t>其他需要报告的事项：本机关持续推进政务公开工作第{}条说明。</w:t></w:r></w:p>'
_HTML_FILLER = '<p style="text-indent:2em">本机关持续推进政务公开工作，第{}条说明。</p>\n'
MB = 1024 * 1024


def _filler(template: str, size: float) -> bytes:
    n = int(size * MB) // len(template.format(100000).encode())
    return "".join(template.format(i) for i in range(n)).encode()


def big_docx(mb: float) -> bytes:
    """``corpus/docx/000.docx`` with ``mb`` MB of narrative paragraphs at the
    end of its body (in part 六): word/document.xml inflates to about that."""
    parts = zip_members(DOCX)
    xml = parts["word/document.xml"]
    i = xml.rfind(b"<w:sectPr")
    parts["word/document.xml"] = xml[:i] + _filler(_DOCX_FILLER, mb) + xml[i:]
    return zip_bytes(parts)


def big_html(mb: float) -> bytes:
    """``corpus/html/000_cms.html`` with ``mb`` MB of paragraphs at the end
    of its article (in part 六)."""
    page = HTML.read_bytes()
    i = page.find(b"</div>", page.find(b"\xe5\x85\xad\xe3\x80\x81"))  # end of the article after 六、
    return page[:i] + _filler(_HTML_FILLER, mb) + page[i:]


def junk_table_html(cells: int, columns: int = 30) -> bytes:
    """``corpus/html/000_cms.html`` with a junk table of ``cells`` cells
    right after ``<body>``."""
    page = HTML.read_bytes()
    row = b"<tr>" + b"<td>1</td>" * columns + b"</tr>"
    junk = b"<table>" + row * (cells // columns) + b"</table>"
    i = page.find(b">", page.find(b"<body")) + 1
    return page[:i] + junk + page[i:]


def big_text(mb: float) -> bytes:
    """The seed report 000 with ``mb`` MB of narrative lines in its part 六."""
    seed = next((CORPUS / "seeds").glob("000_*.txt")).read_bytes()
    return seed + _filler("本机关持续推进政务公开工作，第{}条说明。\n", mb)
