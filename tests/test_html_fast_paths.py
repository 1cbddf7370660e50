"""The HTML reader's fast paths give what the plain walks give.

Each fast path (a cell read child by child, the page's CJK count in one
regular-expression pass and over UTF-16 code units, non-whitespace counts, the
visible text by libxslt or, nested deeper, in one document-order pass) is
checked on seeded random markup against a plain implementation written
here, element by element or character by character."""

from __future__ import annotations

import random
import re

from lxml import etree

from gxconvert.readers.base import ReadContext
from gxconvert.readers.html import HtmlReader, furniture, parse
from gxconvert.readers.html.common import _BLOCK, _nchars
from gxconvert.readers.html.furniture import _candidates, _class_kind, _furniture, _remove_furniture
from gxconvert.readers.html.measure import _CONTAINERS, _find_body, _Lengths, _measure
from gxconvert.readers.html.metadata import _visible_raw, _visible_text, _without_invisible
from gxconvert.readers.html.parse import _count_cjk, _lost_text, _source_cjk, _tree_cjk
from gxconvert.readers.html.tables import _cell_lines, _cell_text

_PIECES = ["<span>", "</span>", "<b>", "</b>", "<!-- 注 -->", " ", "\u00a0", "&nbsp;", "x", "12", "中", "\n",
           "\u200b", "<p>", "</p>", "<br>", "<div>", "</div>", "<font>", "\r\n", "&amp;", "<li>", "<td>"]


def _html(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, n)))


def test_a_cell_read_child_by_child_is_the_cell_walked_element_by_element() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        page = etree.fromstring(f"<html><body><table><tr><td>{_html(rng, 12)}</td></tr></table></body></html>",
                                etree.HTMLParser())
        for td in page.iter("td"):
            assert _cell_text(td) == _cell_lines(td)
    page = etree.fromstring("<html><body><table><tr><td> a <p><span>1</span></p>b<br>c </td></tr></table>"
                            "</body></html>", etree.HTMLParser())
    assert _cell_text(next(page.iter("td"))) == "a\n1\nb\nc"


def _cjk_reference(text: str) -> int:
    """Character by character: CJK outside tags, comments, scripts and
    styles; an unclosed one hides the rest."""
    n, i, low = 0, 0, text.lower()
    while i < len(text):
        if text[i] != "<":
            n += "\u4e00" <= text[i] <= "\u9fff"
            i += 1
            continue
        if text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                break
            i = end + 3
            continue
        m = re.match(r"<(script|style)\b", low[i:])
        if m:
            close = re.search(rf"</{m.group(1)}\s*>", low[i + m.end():])
            if close is None:
                break
            i += m.end() + close.end()
            continue
        end = text.find(">", i + 1)
        if end < 0:
            break
        i = end + 1
    return n


def test_the_source_cjk_count_in_one_pass_is_the_scan_by_hand() -> None:
    pieces = ["<", ">", "<!--", "-->", "<script>", "</script>", "</SCRIPT >", "<Style a=1>", "</style>", "中", "文字",
              "a", " ", "<p>", "<scripts>", "<!-->", "\n"]
    rng = random.Random(12)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert _source_cjk(text) == _cjk_reference(text), text


def test_character_counts_over_bytes_are_the_counts_character_by_character() -> None:
    rng = random.Random(15)
    # around the edges of U+4E00-U+9FFF (high bytes 4E … 9F in UTF-16), whitespace, lone surrogates (D8-DF),
    # astral planes (two surrogates each);
    # one string in ten long enough for _nchars's count per whitespace character
    pool = [0x4DFF, 0x4E00, 0x4E2D, 0x4FFF, 0x5000, 0x9FFF, 0xA000, 0x4038, 0x3000, 0x20, 0xA0, 0x0A, 0x0D,
            0x09, 0x0C, 0x2003, 0xD800, 0x1F600, 0x41]
    for _ in range(5000):
        s = "".join(chr(rng.choice(pool) if rng.random() < 0.7 else rng.randrange(0x110000))
                    for _ in range(rng.randint(0, 40) if rng.random() < 0.9 else rng.randint(150, 600)))
        assert _count_cjk(s) == sum("\u4e00" <= ch <= "\u9fff" for ch in s)
        assert _nchars(s) == sum(ch not in " \n\t\r\f\xa0\u3000" for ch in s)


def _visible_reference(el: etree._Element) -> str:
    """Recursively: text, children, a newline where a block or <br> ends, tail;
    scripts and styles and comments show only their tail."""
    out = []

    def walk(e: etree._Element) -> None:
        if not isinstance(e.tag, str) or e.tag in ("script", "style"):
            out.append(e.tail or "")
            return
        out.append(e.text or "")
        for c in e:
            walk(c)
        if e.tag in _BLOCK or e.tag == "br":
            out.append("\n")
        out.append(e.tail or "")

    walk(el)
    return re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", "".join(out)).replace("\xa0", " ")


def test_the_visible_text_in_document_order_is_the_recursive_walk() -> None:
    rng = random.Random(13)
    extra = ["<script>var 日期='x';</script>", "<style>p{}</style>", "<h2>", "</h2>",
             "<table><tr><td>1</td></tr></table>"]
    for _ in range(2000):
        body = "".join(rng.choice(_PIECES + extra) for _ in range(rng.randint(0, 30)))
        page = etree.fromstring(f"<html><head><title>t</title></head><body>{body}</body></html>", etree.HTMLParser())
        assert _visible_text(page) == _visible_reference(page)


def test_the_visible_text_of_a_deeply_nested_page_is_the_recursive_walk() -> None:
    """Past 200 levels the text is not written by libxslt (its recursion
    would overflow a small thread stack) but walked in Python: the same text."""
    rng = random.Random(16)
    for depth in (195, 199, 200, 201, 260):
        root = etree.Element("html")
        el = etree.SubElement(root, "body")
        for i in range(depth):
            el = etree.SubElement(el, rng.choice(["div", "span", "p", "font", "script"]))
            el.text = rng.choice(["", "中", " x ", "\xa0"])
            el.tail = rng.choice(["", "y", "\n"])
            if i % 7 == 0:
                el.append(etree.Comment("c"))
                el[-1].tail = "t"
        assert _visible_text(root) == _visible_reference(root)


def test_an_element_measured_by_lxml_is_the_element_measured_in_the_bottom_up_pass() -> None:
    rng = random.Random(14)
    extra = ["<script>var x;</script>", "<table><tr><td>1</td></tr></table>", "<nav>", "</nav>", "<div class=menu>"]
    for _ in range(500):
        body = "".join(rng.choice(_PIECES + extra) for _ in range(rng.randint(0, 30)))
        page = etree.fromstring(f"<html><body>{body}</body></html>", etree.HTMLParser())
        root = next(page.iter("body"))
        layout: set[object] = set()
        length, tables = _measure(root, layout)
        one_by_one = _Lengths(root)
        for el in root.iter():
            if isinstance(el.tag, str):
                assert one_by_one.text(el) == length[el]
                assert one_by_one.has_table(el) == bool(tables[el])
                fresh = _Lengths(root)  # each element alone, not past the budget
                assert fresh.tables(el) == tables[el]
                if el.tag == "table":
                    assert fresh.is_layout(el) == (el in layout)


def test_a_table_judged_alone_is_the_table_judged_in_the_bottom_up_pass() -> None:
    # layout tables: nested tables of one and of two cells, empty ones nested, one cell, a cell of over 1000
    # characters
    rng = random.Random(15)
    cells = ["<td>1</td>", "<td>" + "字" * 600 + "</td>", "<td>" + "字 " * 1001 + "</td>", "<th>x</th>",
             "<td><table><tr><td>a</td></tr></table></td>", "<td><table><tr><td>a</td><td>b</td></tr></table></td>",
             "<td><p>" + "中" * 999 + "</p>\xa0<span>文文</span></td>", "</tr><tr>", "",
             "<td><table><tr><td><table></table></td></tr></table><table><tr><td>b</td></tr></table></td>"]
    for _ in range(400):
        body = "".join("<table><tr>" + "".join(rng.choice(cells) for _ in range(rng.randint(0, 4))) + "</tr></table>"
                       for _ in range(rng.randint(1, 3)))
        root = next(etree.fromstring(f"<html><body>{body}</body></html>", etree.HTMLParser()).iter("body"))
        layout: set[object] = set()
        _measure(root, layout)
        for table in root.iter("table"):
            assert _Lengths(root).is_layout(table) == (table in layout)


def _kind_reference(el: etree._Element) -> str | None:
    """Page furniture judged element by element, as the reader judged it before its one-pass scan."""
    tag = el.tag if isinstance(el.tag, str) else ""
    attrib = el.attrib
    style = attrib.get("style") or ""
    if (re.search(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", style, re.IGNORECASE) \
            and ("none" in style or "hidden" in style or "mso-hide" in style)) or "hidden" in attrib:
        return "hidden"
    if tag in ("nav", "footer", "aside", "menu"):
        return "strong"
    cls, ident = attrib.get("class"), attrib.get("id")
    if cls or ident:
        kind = _class_kind(f"{cls or ''} {ident or ''}")
        if kind:
            return kind
    return "weak" if tag in ("header", "form") else None


def test_furniture_found_in_one_pass_is_the_furniture_judged_element_by_element() -> None:
    rng = random.Random(16)
    tags = ["div", "nav", "footer", "header", "form", "span", "p", "aside", "td"]
    attrs = ["", " class=menu", " id=topNav", " class='x' id=search", " style='display:none'", " style='DISPLAY:NONE'",
             " style='color:red'", " hidden", " class=''", " id=crumbs style='mso-hide:all'", " width=3",
             " class=content id=main"]
    for _ in range(400):
        html = "".join(f"<{t}{rng.choice(attrs)}>{rng.choice(['x', '中', ''])}"
                       for t in (rng.choice(tags) for _ in range(rng.randint(1, 12))))
        body = next(etree.fromstring(f"<html><body>{html}<!-- c --></body></html>", etree.HTMLParser()).iter("body"))
        expected = [(el, k) for el in body.iter() if el is not body and (k := _kind_reference(el))]
        order = {el: i for i, el in enumerate(body.iter())}
        assert sorted(_furniture(body), key=lambda ek: order[ek[0]]) == expected


def _removed_reference(body: etree._Element) -> None:
    """Furniture removed as the reader removed it before it looked for candidates by attribute: every element
    judged in document order, one inside a dropped one skipped, tails kept in place."""
    layout: set[object] = set()
    length, tables = _measure(body, layout)
    page = max(length[body], 1)
    doomed: list[etree._Element] = []
    for el in body.iter():
        if el is body or any(el in set(d.iter()) for d in doomed):
            continue
        kind = _kind_reference(el)
        if (kind in ("strong", "hidden") and length[el] < 0.5 * page) or \
                (kind == "weak" and length[el] < 0.3 * page and not tables[el]):
            doomed.append(el)
    for el in doomed:
        parent, prev = el.getparent(), el.getprevious()
        if el.tail:
            if prev is None:
                parent.text = (parent.text or "") + el.tail
            else:
                prev.tail = (prev.tail or "") + el.tail
        parent.remove(el)


def test_furniture_removed_from_its_candidates_is_furniture_removed_element_by_element() -> None:
    """Pages of few candidates (judged in any order) and of more than 64 (one document-order pass), nested
    furniture, furniture holding most of the page: the same tree as the plain removal written here."""
    rng = random.Random(18)
    tags = ["div", "nav", "footer", "header", "form", "span", "p", "td", "table"]
    attrs = ["", " class=menu", " id=topNav", " class='x' id=search", " style='display:none'", " style='border:none'",
             " hidden", " class=content", " class=MsoNormal"]
    texts = ["x", "中文字", "", "本机关依法公开政府信息。" * 4]
    for n in (6, 12, 40, 150):
        for _ in range(60 if n < 100 else 8):
            html = "".join(f"<{t}{rng.choice(attrs)}>{rng.choice(texts)}" + (f"</{t}>" if rng.random() < 0.5 else "")
                           + rng.choice(texts) for t in (rng.choice(tags) for _ in range(rng.randint(1, n))))
            src = f"<html><body>{html}<!-- c -->tail</body></html>"
            got, want = (next(etree.fromstring(src, etree.HTMLParser()).iter("body")) for _ in range(2))
            left = _remove_furniture(got)
            _removed_reference(want)
            assert etree.tostring(got) == etree.tostring(want)
            assert left == _measure(want)[0][want]  # the characters left, counted without measuring again


def _body_reference(body: etree._Element) -> etree._Element:
    """The article body as the reader found it before it measured lazily: every child of each level
    measured by the bottom-up pass, the longest taken if it holds 70% of the level and 60% of the page."""
    layout: set[object] = set()
    length, tables = _measure(body, layout)
    page, node = length.get(body, 0), body
    if page == 0:
        return body
    while True:
        best, best_n = None, -1
        for c in node:
            if isinstance(c.tag, str) and length.get(c, 0) > best_n:
                best, best_n = c, length.get(c, 0)
        if best is None or best.tag not in _CONTAINERS or (best.tag == "table" and best not in layout):
            return node
        if best_n < 0.7 * length.get(node, 0) or best_n < 0.6 * page or tables.get(best, 0) < tables.get(node, 0):
            return node
        node = best


def test_the_body_found_by_measuring_lazily_is_the_body_found_by_measuring_everything() -> None:
    rng = random.Random(17)
    texts = ["", "短", "本机关依法公开政府信息。" * 3, "x" * 40, "\xa0 \n"]

    def block(depth: int) -> str:
        if depth == 0 or rng.random() < 0.25:
            return rng.choice(texts)
        tag = rng.choice(["div", "div", "section", "td", "p", "span", "table", "font"])
        inner = "".join(block(depth - 1) for _ in range(rng.randint(1, 4)))
        if tag == "table":
            return f"<table><tr><td>{inner}</td><td>{rng.choice(texts)}</td></tr></table>"
        return f"<{tag}>{inner}</{tag}>{rng.choice(texts)}"

    for _ in range(600):
        page = etree.fromstring(f"<html><body>{block(6)}</body></html>", etree.HTMLParser())
        body = next(page.iter("body"))
        assert _find_body(body, _Lengths(body)) is _body_reference(body)
        assert _find_body(body, _Lengths(body, _measure(body)[0][body])) is _body_reference(body)


def test_the_last_child_of_a_level_is_measured_by_subtraction(monkeypatch) -> None:
    """body > div > div > (h1, info, article): the wrappers and the article,
    each the last child of its parent, are never serialised; only the short
    children before the article are."""
    text = "本机关依法公开政府信息。"
    page = etree.fromstring(
        f"<html><body> <div>\n<div><h1>标题</h1><!-- x -->\xa0<div>发布日期：2021-01-28</div>尾"
        f"<div><p>{text * 5}</p><p>{text * 5}</p></div></div> </div></body></html>", etree.HTMLParser())
    body = next(page.iter("body"))
    serialised: list[str] = []
    alone = _Lengths._text_alone

    def counted(self: _Lengths, el: etree._Element) -> int:
        serialised.append(el.tag)
        return alone(self, el)

    monkeypatch.setattr(_Lengths, "_text_alone", counted)
    article = _find_body(body, _Lengths(body, _measure(body)[0][body]))
    assert article is body[0][0][-1]
    assert serialised == ["h1", "div", "p"]  # the second <p> cannot hold 70% once the first holds half


def test_the_locations_of_a_page_are_made_once_and_shared_between_pages() -> None:
    """A Location is frozen: the cells and paragraphs of one line share one, and the Locations of the first
    8192 lines are shared by every page the process reads; those of later lines by one page only."""
    from gxconvert.model import Location, Table
    from gxconvert.readers.base import ReadContext
    from gxconvert.readers.html import HtmlReader

    page = ("<html><body><p>标题</p>\n<table><tr><td>a</td><td>b</td></tr>\n<tr><td>c</td><td>d</td></tr></table>"
            + "\n" * 9000 + "<table><tr><td>e</td><td>f</td></tr></table></body></html>").encode()
    first, again = (HtmlReader().read(page, ReadContext()) for _ in range(2))
    tables = [b for b in first.blocks if isinstance(b, Table)]
    cells = [c for t in tables for c in t.cells]
    assert [(c.text, c.loc) for c in cells] == [("a", Location(2)), ("b", Location(2)), ("c", Location(3)),
                                                ("d", Location(3)), ("e", Location(9003)), ("f", Location(9003))]
    assert cells[0].loc is cells[1].loc and cells[4].loc is cells[5].loc
    again_cells = [c for b in again.blocks if isinstance(b, Table) for c in b.cells]
    assert again_cells[0].loc is cells[0].loc and again_cells[2].loc is cells[2].loc
    assert again_cells[4].loc == cells[4].loc and again_cells[4].loc is not cells[4].loc


def test_the_parser_of_a_thread_says_whether_each_page_was_too_deep_for_it() -> None:
    """One libxml2 parser serves every page of a thread: its error log is that of the page just parsed, so a
    page nested past libxml2's limit is read by html.parser and the next, shallow one by libxml2 again."""
    from gxconvert.readers.html.parse import _parse_lxml

    deep = "<html><body>" + "<div>" * 3000 + "中" + "</div>" * 3000 + "</body></html>"
    shallow = "<html><body><div><p>中文</p></div></body></html>"
    assert [_parse_lxml(page)[1] for page in (deep, shallow, deep, shallow)] == [True, False, True, False]
    root, _ = _parse_lxml(shallow)
    assert [el.tag for el in root.iter()] == ["html", "body", "div", "p"]


def _place_by_hand(rows: list[list[tuple[int, int]]]) -> list[tuple[int, int, int, int]]:
    """The HTML table model on a plain grid of slots (one row group, spans
    already valid): each cell at the first free slot at or after the end of
    the cell before it in its row, its colspan cut at the first slot an
    earlier cell holds."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, cells in enumerate(rows):
        cursor = 0
        for rs, cs in cells:
            c = cursor
            while (r, c) in taken:
                c += 1
            n = 1
            while n < cs and (r, c + n) not in taken:
                n += 1
            rs = min(rs, len(rows) - r)
            for dr in range(rs):
                for dc in range(n):
                    taken.add((r + dr, c + dc))
            out.append((r, c, rs, n))
            cursor = c + cs
    return out


def test_cells_placed_row_by_row_are_the_cells_placed_on_a_grid_of_slots() -> None:
    from gxconvert.readers.html.tables import _read_table

    rng = random.Random(13)
    for _ in range(1500):
        rows = [[(rng.choice((1, 1, 1, 2, 3)), rng.choice((1, 1, 1, 2, 4))) for _ in range(rng.randint(0, 5))]
                for _ in range(rng.randint(1, 6))]
        html = "".join("<tr>" + "".join(f'<td rowspan="{rs}" colspan="{cs}">x</td>' for rs, cs in row) + "</tr>"
                       for row in rows)
        table = next(etree.fromstring(f"<html><body><table>{html}</table></body></html>",
                                      etree.HTMLParser()).iter("table"))
        got, _, _, _ = _read_table(table, True, 10_000)
        want = _place_by_hand(rows)
        assert [(c.row, c.col, c.rowspan, c.colspan) for c in (got.cells if got else [])] == want, rows


def test_the_clean_text_check_is_the_regular_expression_it_replaced() -> None:
    from gxconvert.readers.html.common import _int_attr, _unclean

    unclean = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\xa0\t\n\r\f]|  ").search
    pieces = ["a", "中", " ", "  ", "\u3000", "\xa0", "\t", "\n", "\u200b", "\u00ad", "\ufeff", "\x85", "\u2028", "1"]
    rng = random.Random(14)
    for _ in range(20000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert _unclean(s) == bool(unclean(s)), repr(s)
    leading = re.compile(r"\s*\+?(\d+)").match
    for v in ["2", "002", "\u0663", "\u00b2", "1234567890", "123456789", " 3", "+4", "3px", "", "abc", "0", "\uff12"]:
        m = leading(v)
        want = 1 if not m else 10**9 if len(m.group(1)) > 9 else int(m.group(1))
        assert _int_attr(v, 1) == want, v


def test_the_cjk_of_the_visible_text_are_the_cjk_of_the_tree_less_scripts_and_styles() -> None:
    """The lost-text check counts the tree's CJK characters in the visible
    text the metadata reads (made once a page): the same count as the tree's
    text less its scripts and styles, with CJK in comments, processing
    instructions, scripts, styles, noscript and pages nested past 200 levels."""
    rng = random.Random(21)
    extra = ["<script>var 日期='中<b>国</b>';</script>", "<style>p{content:'文'}</style>", "<?php 中 ?>",
             "<noscript>请</noscript>", "<!-- 注释 -->", "<textarea>字</textarea>", "<title>题</title>"]
    for _ in range(1500):
        body = "".join(rng.choice(_PIECES + extra) for _ in range(rng.randint(0, 30)))
        page = etree.fromstring(f"<html><head><title>标题</title></head><body>{body}</body></html>",
                                etree.HTMLParser())
        assert _count_cjk(_visible_raw(page)) == _tree_cjk(page)
    deep = etree.fromstring("<html><body>" + "<div>中<script>国</script>" * 260 + "</div>" * 260 + "</body></html>",
                            etree.HTMLParser(huge_tree=True))
    assert _count_cjk(_visible_raw(deep)) == _tree_cjk(deep) == 260
    text = "<html><body><p>一二三四五六七八九十</p><!-- 百千万亿 --></body></html>"
    lost = etree.fromstring("<html><body><p>一二三</p></body></html>", etree.HTMLParser())
    assert _lost_text(lost, text, _visible_raw(lost)) is _lost_text(lost, text) is True


def test_a_page_with_date_labels_has_its_tree_text_counted_from_the_visible_text(monkeypatch) -> None:
    """The visible text is made once: the lost-text check does not serialise
    the tree again for its count (it did before)."""
    def refuse(root: object) -> int:
        raise AssertionError("the tree's text serialised a second time")

    monkeypatch.setattr(parse, "_tree_cjk", refuse)
    page = ("<html><head><title>年度报告</title></head><body><div class=info>发布日期：2021-01-28 来源：本局</div>"
            "<p>一、总体情况</p><script>var x = '中';</script></body></html>").encode()
    doc = HtmlReader().read(page, ReadContext())
    assert doc.metadata["published"] == "2021-01-28"
    assert doc.metadata["info_source"] == "本局"


def test_invisible_characters_are_removed_only_where_a_text_has_them() -> None:
    for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
        assert _without_invisible(f"发{c}布{c}") == "发布"
    clean = "发布日期：2021-01-28\n来源：本局"
    assert _without_invisible(clean) is clean


def test_style_attributes_are_fetched_with_their_elements_only_when_one_may_hide(monkeypatch) -> None:
    """Styles are read as plain strings; the XPath whose strings know their
    element runs only when a style says none, hidden or mso-hide -- and then
    finds that element (on a Word table every cell has a style)."""
    calls = []
    paths = furniture._attribute_paths()

    def counted(body: object) -> object:
        calls.append(body)
        return paths[2](body)

    monkeypatch.setattr(furniture, "_attribute_paths", lambda: (*paths[:2], counted))
    cells = "".join(f"<td style='border:solid 1pt;width:{i}pt'>{i}</td>" for i in range(30))
    body = next(etree.fromstring(f"<html><body><table><tr>{cells}</tr></table></body></html>",
                                 etree.HTMLParser()).iter("body"))
    assert _candidates(body) == set()
    assert calls == []
    hidden = next(body.iter("td"))
    hidden.set("style", "mso-hide:all;border:none")
    assert _candidates(body) == {hidden}
    assert len(calls) == 1


def test_styles_are_not_fetched_when_the_page_text_rules_out_one_that_hides(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Given the text the page was parsed from, the styles are fetched only
    when it holds none, hidden, mso-hide or a numeric character reference
    (which may spell one of them); without it, always."""
    calls = []
    paths = furniture._attribute_paths()

    def counted(body: object) -> object:
        calls.append(body)
        return paths[1](body)

    monkeypatch.setattr(furniture, "_attribute_paths", lambda: (paths[0], counted, paths[2]))
    for style, fetched in (("border:solid 1pt", False), ("border:none", True), ("overflow:hidden", True),
                           ("mso-hide:screen", True), ("color:&#114;ed", True)):
        source = f"<html><body><table><tr><td style='{style}'>1</td><td>2</td></tr></table></body></html>"
        body = next(etree.fromstring(source, etree.HTMLParser()).iter("body"))
        calls.clear()
        _candidates(body, source)
        assert bool(calls) is fetched, style
        calls.clear()
        _candidates(body)
        assert len(calls) == 1


def test_a_hiding_style_spelt_with_character_references_is_still_found() -> None:
    """``display:&#110;one`` hides its element as ``display:none`` does: the
    page's text holds no "none", but a reference that may spell it."""
    page = ("<html><body><div style='display:&#110;one'>隐藏的导航文字</div><div><p>本机关依法公开政府信息。</p>"
            "<p>第二段正文内容。</p></div></body></html>").encode()
    texts = [b.text for b in HtmlReader().read(page, ReadContext()).blocks]
    assert texts == ["本机关依法公开政府信息。", "第二段正文内容。"]
    plain = page.replace(b"&#110;one", b"block")
    assert next(b.text for b in HtmlReader().read(plain, ReadContext()).blocks) == "隐藏的导航文字"


def test_the_proxies_of_every_node_are_held_only_in_a_tree_nested_deep(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A tree nested 200 levels or more (libxml2's, or html.parser's after a
    fallback) has a proxy held for every node through the read (freeing
    proxies one by one is quadratic in its depth); a shallower one has none
    made ahead, and reads the same."""
    from gxconvert.readers.html import reader as html_reader

    seen: list[tuple[bool, int, int]] = []
    held = html_reader._held_proxies

    def spy(root, deep):  # type: ignore[no-untyped-def]
        got = held(root, deep)
        seen.append((deep, len(got), sum(1 for _ in root.iter())))
        return got

    monkeypatch.setattr(html_reader, "_held_proxies", spy)
    pages = {n: ("<html><body>" + "<div>" * n + "<p>深处</p>" + "</div>" * n + "<p>之后</p></body></html>").encode()
             for n in (10, 190, 260, 30_000)}
    for n, data in pages.items():
        doc = HtmlReader().read(data, ReadContext())
        assert [b.text for b in doc.blocks] == ["深处", "之后"], n
    # html, body, the divs, two p: held for the trees nested past 200 levels (the last one html.parser's)
    assert seen == [(False, 0, 14), (False, 0, 194), (True, 264, 264), (True, 30_004, 30_004)]


def test_the_numeric_cells_that_keep_pictures_unread_are_counted_only_until_there_are_enough() -> None:
    """A page with pictures has its tables' numeric cells counted to decide
    whether they are its report table: the count stops at the threshold
    (the cells after it are never matched), and below it every cell counts."""
    from gxconvert.model import Cell, Paragraph, Table
    from gxconvert.readers.image import inline

    asked: list[int] = []

    class Watched:
        def __init__(self, row: int) -> None:
            self.row = row

        @property
        def text(self) -> str:
            asked.append(self.row)
            return "12"

    many = Table(cells=[Watched(r) for r in range(40)])  # type: ignore[misc]
    assert inline.numeric_cells([Paragraph(text="正文"), many]) == inline.MIN_NUMERIC_CELLS == 10
    assert asked == list(range(10))
    few = Table(cells=[Cell(t, r, 0) for r, t in enumerate(["项目", "3", " 4 ", "1,200", "-", "5", "x1"])])
    assert inline.numeric_cells([few, few]) == 8
