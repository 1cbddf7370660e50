"""The shortcuts of the identity, sections and checks code (issue 23, fifth
pass) against the plain computations they replace, on random lines built
from the pieces that matter (the page's field names, colons, brackets,
buttons, spaces, ideographs, digits)."""

from __future__ import annotations

import random
import re

import pytest

from gxconvert.matcher.identity import furniture
from gxconvert.normalize import fold_chars, nfkc, norm_text

_PIECES = ("来源", "信息来源", "发布日期", "时间", "日期", "浏览次数", "标题", "字号", "字体", "：", ":", " ", "\u3000",
           "\t", "【", "】", "[", "]", "（", "(", "|", "｜", "打印本页", "关闭窗口", "分享到", "大 中 小",
           "县卫生健康局",
           "2021-02-03", "09:30", "年", "報告", "來源", "ＡＢ", "x", "分享")


def _fields_plain(text: str) -> list[tuple[str, str]]:
    """furniture.fields as written before the one-scan version: every line
    with a colon normalised, its buttons blanked, both patterns scanned."""
    keys = "|".join(furniture._KEYS)
    field = re.compile(rf"(?:^|(?<=[\s|｜【\[（(]))(?:{keys})\s*[:：]")
    glued_rx = re.compile(rf"(?:{keys})\s*[:：]")
    text = text[:furniture.MAX_FIELDS_LINE]
    if "：" not in text and ":" not in text:
        return []
    shown = nfkc(text)
    t = fold_chars(shown)
    if len(t) != len(shown):
        shown = t = norm_text(text)
    for m in list(furniture._BUTTONS.finditer(t)):
        a, b = m.span()
        t = t[:a] + " " * (b - a) + t[b:]
        shown = shown[:a] + " " * (b - a) + shown[b:]
    hits = list(field.finditer(t))
    glued = list(glued_rx.finditer(t))
    if len(glued) > len(hits) and glued and glued[0].start() == 0:
        hits = glued
    out = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(t)
        out.append((re.sub(r"\s*[:：]$", "", m.group(0)).strip(), shown[m.end():end].strip(" \t|｜【】[]")))
    return out


def test_fields_one_scan_is_the_two_scans() -> None:
    rnd = random.Random(23)
    lines = ["发布日期：2021-02-03 09:30  信息来源：县卫生健康局  浏览次数： 【字体：大 中 小】",
             "信息来源：县卫健委浏览次数：12", "来源【打印】：某局", "x来源：某局 时间：2020-01-01", "来源 ： 某局"]
    lines += ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 14))) for _ in range(4000)]
    checked = 0
    for line in lines:
        got = [(f.key, f.value) for f in furniture.fields(line)]
        assert got == _fields_plain(line), line
        checked += bool(got)
    assert checked > 100  # lines with fields, not only lines without
    # a button blanked before a colon
    assert furniture.fields("来源【打印】：某局") == [furniture.Field("来源", "某局")]
    assert furniture.fields("x来源：某局 时间：2020-01-01") == [furniture.Field("时间", "2020-01-01")]


def _checks_plain(template: object, values: dict[str, dict[str, object]]) -> list[tuple[object, ...]]:
    """The checks as the output contract states them: every cell a float (null and
    what is not a number 0.0), each equation summed on its own."""
    from gxconvert.arith import shared_equations

    def num(table: str, path: str) -> float:
        v = values.get(table, {}).get(path)
        return float(v) if isinstance(v, (int, float)) else 0.0

    def out(x: float) -> int | float:
        return int(x) if float(x).is_integer() else round(x, 6)

    got = []
    for eq in shared_equations(template):  # type: ignore[arg-type]
        if all(values.get(eq.table, {}).get(p) is None for p in eq.parts + eq.total):
            continue
        e = sum(num(eq.table, p) for p in eq.parts)
        a = sum(num(eq.table, p) for p in eq.total)
        got.append((eq.rule, abs(e - a) < 1e-6, out(e), out(a), eq.where))
    return got


@pytest.mark.parametrize("chain_max", [64, 0])  # 0: every side summed as sum() of a tuple (a long equation)
def test_checks_sum_counts_as_ints_and_give_what_floats_give(monkeypatch: pytest.MonkeyPatch, chain_max: int) -> None:
    from gxconvert import checks
    from gxconvert.arith import shared_equations
    from gxconvert.checks import run_checks
    from gxconvert.templates import templates

    monkeypatch.setattr(checks, "CHAIN_MAX", chain_max)
    monkeypatch.setattr(checks, "_COMPILED", {})
    rnd = random.Random(5)
    for template in templates():
        cells = sorted({(eq.table, p) for eq in shared_equations(template) for p in eq.parts + eq.total})
        for _ in range(300):
            values: dict[str, dict[str, object]] = {}
            for table, path in cells:
                r = rnd.random()
                v: object = (None if r < 0.2 else rnd.randint(0, 30) if r < 0.7 else rnd.choice([1.5, 0.25, 2.0, -3])
                             if r < 0.8 else rnd.choice([2**60 + 1, 2**53 + 1, -(2**41), True, "12", 1e300]))
                if rnd.random() > 0.05:  # sometimes a table not found at all
                    values.setdefault(table, {})[path] = v
            got = [(c.rule, c.ok, c.expected, c.actual, c.where) for c in run_checks(template, values)]
            want = _checks_plain(template, values)
            assert got == want
            assert [type(x) for c in got for x in c[2:4]] == [type(x) for c in want for x in c[2:4]]


def test_data_file_reads_only_the_lines_it_needs() -> None:
    from gxconvert import datafiles

    rnd = random.Random(7)
    breaks = ("\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "")
    for _ in range(2000):
        text = "".join(rnd.choice(("a,b", "报告", " ", "x" * rnd.randint(0, 3000))) + rnd.choice(breaks)
                       for _ in range(rnd.randint(0, 40)))
        n = rnd.randint(1, 12)
        assert datafiles._first_lines(text, n) == text.splitlines()[:n]
    assert datafiles.data_file(b"a,b,c\r\n1,2,3\r\n4,5,6\r\n") == "a CSV file"
    assert datafiles.data_file(b"\xef\xbb\xbf  \n{\"schema\": \"gxconvert/1\"}") == "a gxconvert report's JSON"
    assert datafiles.data_file(b'{"a": 1}\n{"a": 2}\n') == "a JSON Lines file"
    assert datafiles.data_file("报告\t一\t二\n1\t2\t3\n".encode()) is None  # no comma: never decoded
    assert datafiles.data_file("甲，乙，丙\n1，2，3\n4，5，6\n".encode()) is None  # full-width commas are text


def test_print_furniture_and_buttons_as_the_patterns_say() -> None:
    rnd = random.Random(11)
    pieces = ("https://", "HTTP://", "www.", "x.cn", " ", "1", "/", "8", "第", "页", "共", "of", "2021", "/3/5", "-",
              ".", "下午", "AM", "pm", "3:12", ":05", "标题", "【", "】", "[", "]", "打印本页", "关闭窗口",
              "字号", "字体",
              "：", "大 中 小", "分享到", "微信", "\n", "报告")
    for _ in range(4000):
        line = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        plain = bool(furniture._URL.match(line) or furniture._PAGE_NO.match(line) or furniture._STAMP_LINE.match(line))
        assert furniture.is_print_furniture(line) == plain, line
        assert furniture.strip_chrome(line) == furniture._BUTTONS.sub("", line).strip(), line
        assert furniture.chrome_free(line) == (None if plain else furniture._BUTTONS.sub("", line).strip()), line


def test_file_name_is_what_purepath_says() -> None:
    from pathlib import PurePath

    from gxconvert.matcher.identity.sources import file_name

    rnd = random.Random(3)
    pieces = ("a", "报告", ".", "..", "/", "//", ".docx", "x.tar.gz", " ", "reports.zip!", "\\", ".hidden")
    paths = ["corpus/html/000_cms.html", "reports.zip!/2021/a.docx", "a/b/", "a/.", "/", ".", "x.", ".x", "a..b"]
    paths += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    for path in paths:
        assert file_name(path) == (PurePath(path).name, PurePath(path).stem), path


def _opening_searched(monkeypatch: object, text: str) -> tuple[object, list[str]]:
    """The report of ``text`` and the opening sentences searched for a body (本报告由…编制)."""
    import gxconvert
    from gxconvert.matcher.identity import sources

    searched: list[str] = []
    made_by = sources._MADE_BY

    class Spy:
        def search(self, t: str) -> object:
            searched.append(t)
            return made_by.search(t)

    monkeypatch.setattr(sources, "_MADE_BY", Spy())  # type: ignore[attr-defined]
    return gxconvert.convert(text.encode("utf-8"), path="synthetic.txt"), searched


def test_opening_not_searched_for_a_body_the_title_names(monkeypatch: object) -> None:
    from reportgen import report_2021

    opening = "本报告由某某县测试局根据《条例》编制。统计期限自2022年1月1日起至2022年12月31日止。"
    rep, searched = _opening_searched(monkeypatch, report_2021().replace("本年度工作正常开展。", opening))
    assert rep.meta.agency == "某某县测试局" and rep.meta.year == 2022  # type: ignore[attr-defined]
    assert searched == []  # the title named the body with its place: decided
    # a title naming the body without its place (县测试局): the opening sentence is read, and names it whole
    text = report_2021(title="县测试局2022年政府信息公开工作年度报告").replace("本年度工作正常开展。", opening)
    rep, searched = _opening_searched(monkeypatch, text.replace("某某县测试局\n2023", "2023"))
    assert rep.meta.agency == "某某县测试局" and searched  # type: ignore[attr-defined]
    assert rep.to_dict(provenance=True)["provenance"]["meta.agency"]["source"] == "opening"  # type: ignore[attr-defined]


def test_form_markers_read_from_the_rows_label_keys_kept_by_the_tables(monkeypatch: object) -> None:
    """detect_template takes each row's label keys from the form's matcher
    (kept by the row's texts, as the tables' reading keeps them): a second
    report with the same labels keys none again, and the form is the one the
    markers in the label keys name."""
    from reportgen import report, report_2021

    from gxconvert.matcher import meta, tables
    from gxconvert.matcher.events import LRow, build_events
    from gxconvert.matcher.meta import detect_template
    from gxconvert.normalize import label_key
    from gxconvert.readers import read_document
    from gxconvert.templates import templates

    title_2020 = "某某县测试局2020年政府信息公开工作年度报告"
    for text, form in ((report_2021(), "2021"), (report("2019", title=title_2020), "2019")):
        ev = build_events(read_document(text.encode("utf-8"), "r.txt", "text"))
        keys = {label_key(c.text) for it in ev.items if isinstance(it, LRow) for c in it.labels}
        hits = {t.id: sum(1 for m in t.markers if any(m in k for k in keys)) for t in templates()}
        assert max(hits, key=lambda k: hits[k]) == form and detect_template(ev, 2022)[0].id == form
        keyed: list[str] = []

        def spy(t: str, keyed: list[str] = keyed) -> str:
            keyed.append(t)
            return label_key(t)

        for module in (tables, meta):
            monkeypatch.setattr(module, "label_key", spy)  # type: ignore[attr-defined]
        assert detect_template(ev, 2022)[0].id == form
        assert keyed == []
        monkeypatch.undo()  # type: ignore[attr-defined]


def test_data_file_decodes_the_whole_head_only_when_its_first_lines_may_be_a_csv() -> None:
    from gxconvert import datafiles

    rnd = random.Random(9)
    pieces = ("a", ",", ",", "\n", "\n", "\r", "\r\n", "\x85", "\u2028", '"', " ", "报告", "1,2,3\n")
    said_not = 0
    for k in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 80)))
        head = text.encode()
        if k % 3 == 0:  # a long head: the last line read may be cut by the head's end
            head = (head + b"x" * datafiles._HEAD)[:datafiles._HEAD - rnd.randint(0, 6)]
        if k % 7 == 0:  # bytes that do not decode, before or after the first lines
            at = rnd.randint(0, len(head))
            head = head[:at] + b"\xff" + head[at:]
        if datafiles._not_csv(head):
            said_not += 1
            whole = datafiles._text(head)
            assert whole is None or not datafiles._is_csv(whole), head
    assert said_not > 1000
    assert datafiles.data_file(b'a,b,"c\nd"\n') == "a CSV file"  # one row over two lines: two commas
    assert datafiles.data_file(b"<html>\n<meta content='a, b'>\n" + b"x\n" * 20 + b"1,2,3\n4,5,6\n") is None
    assert datafiles.data_file(b"a,b,c\n1,2,3\n" + b"4,5,6\n" * 20 + b"\xff" + b"7,8,9\n" * 5) is None  # not UTF-8


def test_page_title_and_file_name_read_only_while_title_or_agency_is_open(monkeypatch: object) -> None:
    from reportgen import report_2021

    import gxconvert
    from gxconvert.matcher.identity import sources

    read: list[str] = []
    fallback_titles = sources.fallback_titles

    def spy(doc: object) -> list[object]:
        read.append("fallback")
        return fallback_titles(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(sources, "fallback_titles", spy)  # type: ignore[attr-defined]
    rep = gxconvert.convert(report_2021().encode("utf-8"), path="某某县测试局2022年年度报告.txt")
    assert (rep.meta.title, rep.meta.agency) == ("某某县测试局2022年政府信息公开工作年度报告", "某某县测试局")
    assert read == []  # the text's title and its body with its place decide both
    # a body named without its place in the title and signature: the agency is open, the file name is read
    text = report_2021(title="县测试局2022年政府信息公开工作年度报告").replace("某某县测试局\n2023", "2023")
    rep = gxconvert.convert(text.encode("utf-8"), path="某某县测试局2022年年度报告.txt")
    assert read == ["fallback"] and rep.meta.agency == "某某县测试局"
    assert rep.to_dict(provenance=True)["provenance"]["meta.agency"]["source"] == "file_name"


def test_an_input_of_whitespace_only_is_empty_and_whitespace_around_a_report_is_not() -> None:
    from reportgen import report_2021

    import gxconvert
    from gxconvert.errors import EmptyDocumentError

    for blank in (b" \t\r\n\x0b\x0c" * 1000, b"\n"):
        with pytest.raises(EmptyDocumentError, match="the file is empty"):
            gxconvert.convert(blank, path="blank.txt")
    rep = gxconvert.convert(b"\x0b\n " + report_2021().encode("utf-8") + b"\n\x0c", path="r.txt")
    assert rep.meta.agency == "某某县测试局"
