"""container.declares_dtd (the DOCTYPE/ENTITY refusal's scan, from each "!")
against the plain substring test it replaces, on the cases where they could
part: a declaration at the very start, after many exclamation marks, split
near a "!" of the text, and none."""

from __future__ import annotations

import pytest

from gxconvert.readers.docx.container import declares_dtd


def plain(data: bytes) -> bool:
    return b"<!DOCTYPE" in data or b"<!ENTITY" in data


@pytest.mark.parametrize("data, want", [
    (b"", False),
    (b"!", False),
    (b"<!DOCTYPE d>", True),
    (b"<!ENTITY x 'y'>", True),
    (b'<?xml version="1.0"?><w:document><w:t>!!</w:t></w:document>', False),
    (b"<w:t>\xe6\x94\xb6\xe5\x88\xb0!</w:t><!-- x --><![CDATA[<!ENTITY]]>", True),
    (b"<w:t>" + b"!" * 64 + b"</w:t><!DOCTYPE d>", True),   # past the 64 checked one by one
    (b"<w:t>" + b"!" * 63 + b"</w:t><!DOCTYPE d>", True),   # the 64th "!" is the declaration's
    (b"<w:t>" + b"!" * 200 + b"</w:t>", False),
    (b"<w:t>" + b"!" * 200 + b"<!ENTIT</w:t>", False),
    (b"<!DOCTYP <!ENTIT !DOCTYPE", False),
])
def test_declares_dtd_answers_as_the_substring_test(data: bytes, want: bool) -> None:
    assert declares_dtd(data) is want
    assert plain(data) is want
