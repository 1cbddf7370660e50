"""The docx reader's pre-parse deletion of formatting elements (slim.py):
what it deletes and what it leaves, byte for byte; that the reader reads the
same blocks, warnings and metadata with and without it (every corpus .docx
and the constructs of a made-up document); that a part the parser rejects
once slimmed is read as written; that a damaged part is reported as
before."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_docx_reader import _NUMBERING, _STYLES, W, make_docx, num, p, read, tbl, tc, texts, tr

from gxconvert.errors import CorruptDocumentError
from gxconvert.readers.base import ReadContext
from gxconvert.readers.docx import DocxReader
from gxconvert.readers.docx import slim as slim_module
from gxconvert.readers.docx.container import has_markup
from gxconvert.readers.docx.slim import slim_part

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
HEAD = f'<w:document xmlns:w="{W}"><w:body>'.encode()
TAIL = b"</w:body></w:document>"


def make_docx_part(inner: str) -> bytes:
    return HEAD + inner.encode() + TAIL


def test_deletes_exactly_the_formatting_leaves() -> None:
    part = (HEAD
            + b'<w:p><w:pPr><w:pStyle w:val="H1"/><w:jc w:val="center"/><w:spacing w:before="0" w:line="240"/>'
              b'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr>'
              b'<w:r><w:rPr><w:rFonts w:ascii="SimSun" w:hint="eastAsia"/><w:b/><w:sz w:val="21"/><w:vanish/>'
              b'</w:rPr><w:tab/><w:br/><w:t>x</w:t></w:r></w:p>'
              b'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="10"/>'
              b'</w:tblGrid><w:tr><w:trPr><w:trHeight w:val="300"/><w:gridBefore w:val="1"/></w:trPr>'
              b'<w:tc><w:tcPr><w:tcW w:w="1" w:type="dxa"/><w:gridSpan w:val="2"/><w:vMerge/><w:hMerge/>'
              b'<w:tcBorders><w:top w:val="single"/><w:left w:val="nil"/></w:tcBorders><w:vAlign w:val="center"/>'
              b'</w:tcPr><w:p/></w:tc></w:tr></w:tbl>'
              b'<w:bookmarkStart w:id="0" w:name="b"/><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
            + TAIL)
    assert slim_part(part) == (
        HEAD
        + b'<w:p><w:pPr><w:pStyle w:val="H1"/>'
          b'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr>'
          b'<w:r><w:rPr><w:vanish/>'
          b'</w:rPr><w:tab/><w:br/><w:t>x</w:t></w:r></w:p>'
          b'<w:tbl><w:tblPr></w:tblPr><w:tblGrid><w:gridCol w:w="10"/>'
          b'</w:tblGrid><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
          b'<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/><w:hMerge/>'
          b'</w:tcPr><w:p/></w:tc></w:tr></w:tbl>'
          b'<w:bookmarkStart w:id="0" w:name="b"/><w:sectPr></w:sectPr>'
        + TAIL)


def test_deletes_the_property_containers_it_empties() -> None:
    """A run's, paragraph's, cell's or row's properties holding only deleted
    leaves go whole (inner ones first); one holding anything else, written
    another way, or a body element (w:sectPr) stays."""
    part = (HEAD
            + b'<w:p><w:pPr><w:jc w:val="center"/><w:rPr><w:b/><w:sz w:val="21"/></w:rPr></w:pPr>'
              b'<w:r><w:rPr><w:rFonts w:ascii="SimSun"/></w:rPr><w:t>x</w:t></w:r>'
              b'<w:r><w:rPr><w:sz w:val="21"/><w:vanish/></w:rPr><w:t>y</w:t></w:r>'
              b'<w:r><w:rPr> </w:rPr><w:rPr/><w:t>z</w:t></w:r></w:p>'
              b'<w:tbl><w:tr><w:trPr><w:trHeight w:val="300"/></w:trPr>'
              b'<w:tc><w:tcPr><w:tcW w:w="1"/><w:tcBorders><w:top w:val="single"/></w:tcBorders></w:tcPr><w:p/></w:tc>'
              b'<w:tc><w:tcPr><w:tcBorders><w:left w:val="nil"/></w:tcBorders><w:vMerge/></w:tcPr><w:p/></w:tc>'
              b'</w:tr></w:tbl><w:sectPr><w:pgSz w:w="11906"/></w:sectPr>'
            + TAIL)
    assert slim_part(part) == (
        HEAD
        + b'<w:p>'
          b'<w:r><w:t>x</w:t></w:r>'
          b'<w:r><w:rPr><w:vanish/></w:rPr><w:t>y</w:t></w:r>'
          b'<w:r><w:rPr> </w:rPr><w:rPr/><w:t>z</w:t></w:r></w:p>'
          b'<w:tbl><w:tr>'
          b'<w:tc><w:p/></w:tc>'
          b'<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>'
          b'</w:tr></w:tbl><w:sectPr></w:sectPr>'
        + TAIL)


@pytest.mark.parametrize("kept", [
    b"<w:body>", b'<w:bookmarkStart w:id="1" w:name="x"/>', b"<w:bdo/>", b"<w:tabs/>", b"<w:tbl/>", b"<w:topX/>",
    b"<w:t>jc</w:t>", b'<w:sz w:val="1"></w:sz>',             # names that begin like a deleted one; not self-closing
    b'<w:lang w:val="a&amp;b"/>',                              # an entity reference: left to the parser
    '<w:lang w:val="中文"/>'.encode(),                         # a byte outside ASCII
    b'<w:sz\n w:val="21"/>', b'<w:sz w:val="21"\n/>',         # a line break (parse errors keep their line)
    b'<x:sz w:val="1"/>', b"<w:sz>",                          # another prefix; a start tag only
])
def test_leaves_anything_else_as_written(kept: bytes) -> None:
    part = HEAD + b"<w:sz/>" + kept + b'<w:jc w:val="left"/>' + TAIL
    assert slim_part(part) == HEAD + kept + TAIL


def test_the_name_alternation_ends_a_word_in_an_empty_branch() -> None:
    """A word that is also the prefix of others (``b``, ``bCs``) ends in an
    empty branch, not an optional group (the regular-expression engine's
    general repeat), and the names it accepts are exactly the words."""
    import re

    alt = slim_module._alternation(["b", "bCs", "bdr", "i", "iCs"])
    assert alt == "(?:b(?:Cs|dr|)|i(?:Cs|))"
    assert ")?" not in slim_module._DELETED.pattern.decode("ascii")
    names = ["b", "bCs", "bdr", "i", "iCs", "bC", "bd", "bo", "iC", "ilvl", "", "x"]
    assert [n for n in names if re.fullmatch(alt, n)] == ["b", "bCs", "bdr", "i", "iCs"]


def test_leaves_whole_a_part_with_cdata_or_another_prefix() -> None:
    assert slim_part(HEAD + b"<w:p><w:r><w:t><![CDATA[<w:sz/>]]></w:t></w:r></w:p>" + TAIL) is None
    other = f'<ns0:document xmlns:ns0="{W}"><ns0:body><w:sz xmlns:w="urn:x"/></ns0:body></ns0:document>'.encode()
    assert slim_part(other) is None
    assert slim_part(b'<w:document xmlns:w="urn:not-word"><w:sz/></w:document>') is None


def test_has_markup_finds_cdata_from_each_exclamation_mark() -> None:
    cdata = (b"<![CDATA[",)
    assert has_markup(b"<w:t>!!</w:t><![CDATA[x]]>", cdata)
    assert has_markup(b"<w:t>" + b"!" * 100 + b"</w:t><![CDATA[x]]>", cdata)  # past the 64 looked at one by one
    assert not has_markup(b"<w:t>" + b"!" * 100 + b"</w:t><!-- x -->", cdata)
    assert not has_markup(b"<w:t>CDATA[</w:t>", cdata)


def _unslimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader with slimming off (both places that call it)."""
    import gxconvert.readers.docx as docx_package
    import gxconvert.readers.docx.stream as stream

    monkeypatch.setattr(stream, "slim_part", lambda data: None)
    monkeypatch.setattr(docx_package, "slim_part", lambda data: None)


def _seen(doc) -> str:
    return repr((doc.blocks, [(w.code, w.message, w.where) for w in doc.warnings], sorted(doc.metadata.items())))


# every corpus .docx but those whose pictures are read by OCR (their reading is the OCR's, and slow)
_FILES = sorted(p for p in CORPUS.rglob("*.docx") if "html_img" not in p.parts)


def test_every_corpus_docx_reads_the_same_with_and_without_slimming(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(_FILES) >= 30
    slimmed = [_seen(DocxReader().read(f.read_bytes(), ReadContext(path=f.name))) for f in _FILES]
    _unslimmed(monkeypatch)
    for f, got in zip(_FILES, slimmed, strict=True):
        assert got == _seen(DocxReader().read(f.read_bytes(), ReadContext(path=f.name))), f


def test_constructs_read_the_same_with_and_without_slimming(monkeypatch: pytest.MonkeyPatch) -> None:
    bold = '<w:rPr><w:b/><w:sz w:val="28"/></w:rPr>'
    hidden = '<w:rPr><w:sz w:val="28"/><w:vanish/></w:rPr>'
    body = (p("总体情况", '<w:pStyle w:val="Part"/><w:jc w:val="center"/>')
            + f'<w:p><w:pPr><w:spacing w:line="360"/>{num(5, 1)}</w:pPr><w:r>{bold}<w:t>主动</w:t></w:r>'
              f'<w:r>{hidden}<w:t>隐藏</w:t></w:r><w:r>{bold}<w:tab/><w:t>公开</w:t></w:r></w:p>'
            + p("直接大纲", '<w:outlineLvl w:val="2"/><w:ind w:left="420"/>')
            + tbl(tr(tc("项目", span=2), tc("数", vmerge="restart"), trpr='<w:trHeight w:val="400"/>'),
                  tr(tc(f'<w:p><w:pPr><w:jc w:val="left"/>{num(6)}</w:pPr><w:r>{bold}<w:t>甲</w:t></w:r></w:p>'),
                     tc("1"), tc("", vmerge="continue")),
                  tr(tc("乙"), tc("2"), before=1), grid=3))
    kw = {"styles": _STYLES, "numbering": _NUMBERING}
    slimmed = read(body, **kw)
    assert [b.text for b in slimmed.blocks[:3]] == ["一、总体情况", "（一）主动\t公开", "直接大纲"]
    assert texts(slimmed.blocks[3]) == [["项目", "数"], ["1.甲", "1"], ["乙", "2"]]
    _unslimmed(monkeypatch)
    assert _seen(slimmed) == _seen(read(body, **kw))


def test_a_part_the_parser_rejects_once_slimmed_is_read_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # a comment whose text is fine as written and not once slimmed ("-" + deleted + "-" makes "--")
    trap = '<!-- a -<w:sz w:val="1"/>- b -->'
    body = p("正文") + trap + tbl(tr(tc("a"), tc("1")), tr(tc("b"), tc("2")))
    styles = _STYLES.replace("<w:style ", trap + "<w:style ", 1)
    assert b"<!-- a -- b -->" in (slim_part(make_docx_part(trap)) or b"")
    calls: list[int] = []
    real = slim_module.slim_part

    def spy(data: bytes) -> bytes | None:
        calls.append(len(data))
        return real(data)

    import gxconvert.readers.docx as docx_package
    import gxconvert.readers.docx.stream as stream

    monkeypatch.setattr(stream, "slim_part", spy)
    monkeypatch.setattr(docx_package, "slim_part", spy)
    doc = read(body + p("总体情况", '<w:pStyle w:val="Part"/>'), styles=styles, numbering=_NUMBERING)
    assert len(calls) == 3  # the main part, the styles part, the numbering part: each tried slimmed
    assert [b.text if hasattr(b, "text") else texts(b) for b in doc.blocks] == [
        "正文", [["a", "1"], ["b", "2"]], "一、总体情况"]
    assert doc.blocks[2].heading_level == 1 and not doc.warnings


def test_a_damaged_part_is_reported_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = (b'<?xml version="1.0" encoding="UTF-8"?>\n' + HEAD + b'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>\n'
               b'<w:r><w:rPr><w:sz w:val="21"/></w:rPr><w:t>x</w:t></w:r>\n<w:p></w:body></w:document>')
    data = make_docx("", raw_document=damaged)
    with pytest.raises(CorruptDocumentError) as slimmed:
        DocxReader().read(data, ReadContext(path="t.docx"))
    _unslimmed(monkeypatch)
    with pytest.raises(CorruptDocumentError) as whole:
        DocxReader().read(data, ReadContext(path="t.docx"))
    assert str(slimmed.value) == str(whole.value)
    assert "line 4" in str(slimmed.value)
