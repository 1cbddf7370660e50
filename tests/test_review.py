"""The review page (issue #12), checked in a real headless Chromium: the seeds'
pages carry every form value once with the golden value, failing checks sit
on their cells, a dataset index lists one row per report, a screenshot is
not blank, and nothing is fetched from anywhere.

Without ``chromium`` the browser tests skip, except in CI (``CI=true``),
where they fail.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import lxml.html
import pytest
from golden import SEEDS, flatten, load_golden
from lxml.html import HtmlElement as Element
from realtools import missing

import gxconvert
from gxconvert.model import Provenance, Report
from gxconvert.review import main, render_index, render_report, write_review
from gxconvert.review.cells import failed_checks, how_of
from gxconvert.review.layout import Cell, FormTable, Label, form_tables
from gxconvert.templates import display, get, templates

SEED_2019 = SEEDS / "000_c618104cc4de48fa.txt"
SEED_2021 = SEEDS / "001_4ad21a775c00ab02.txt"
SEED_FAILING = SEEDS / "002_808b9c10c0982807.txt"  # 2021 form; its row totals are left blank: 5 checks fail
SEED_INFERRED = SEEDS / "004_6a33f86162c8aeae.txt"  # 2019 form; rows with lost cells settled by arithmetic
GLUED = SEEDS.parent / "glued" / "000_c618104cc4de48fa.glued.txt"

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


@pytest.fixture(scope="module")
def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        missing("chromium", "apt-get install chromium fonts-noto-cjk")
    return exe


def browse(exe: str, url: str, *extra: str) -> str:
    """Run headless Chromium on ``url`` (scripts run, virtual time granted) and
    return its standard output (the DOM with --dump-dom)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000",
                               *extra, url], capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout.decode("utf-8")


def parse(html: str) -> Element:
    root = lxml.html.fromstring(html)
    assert isinstance(root, Element)
    return root


def nodes(el: Element, expr: str) -> list[Element]:
    found = el.xpath(expr)
    assert isinstance(found, list)
    return [n for n in found if isinstance(n, Element)]


def strings(el: Element, expr: str) -> list[str]:
    found = el.xpath(expr)
    assert isinstance(found, list)
    return [str(s) for s in found]


def by_id(el: Element, id_: str) -> Element:
    found = el.get_element_by_id(id_)
    assert isinstance(found, Element)
    return found


def dump_dom(exe: str, page: Path, fragment: str = "") -> Element:
    dom = browse(exe, page.resolve().as_uri() + fragment, "--dump-dom")
    root = parse(dom)
    assert root.get("data-ready") == "1", "the page's script did not run"
    return root


def golden_values(seed: Path) -> dict[str, object]:
    return flatten(load_golden(seed.with_name(seed.name.replace(".txt", ".expected.json")))["tables"])


def shown(v: object) -> str:
    """How the page writes a golden value in data-value."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


# --------------------------------------------------------------------------
# the seeds' pages in the browser
# --------------------------------------------------------------------------


@pytest.mark.parametrize("seed, form", [(SEED_2019, "2019"), (SEED_2021, "2021")])
def test_seed_page_has_every_form_value_once_with_golden_value(chromium: str, tmp_path: Path, seed: Path,
                                                               form: str) -> None:
    report = gxconvert.convert(seed)
    assert report.meta.template == form
    page = tmp_path / "page.html"
    page.write_text(render_report(report), "utf-8")
    root = dump_dom(chromium, page, "#v=applications.new_received.total")

    cells = nodes(root, "//td[@data-path]")
    paths = [c.get("data-path") for c in cells]
    t = get(form)
    wanted = [f"{table}.{p}" for table in ("active_disclosure", "applications", "review_litigation")
              for p in t.paths(table)]
    assert sorted(paths) == sorted(wanted)  # every form path exactly once, nothing else
    golden = golden_values(seed)
    assert set(golden) == set(wanted)
    for c in cells:
        path = c.get("data-path")
        assert c.get("data-value") == shown(golden[path]), path
        if golden[path] is not None:
            assert c.text_content().strip() == shown(golden[path]), path
            assert c.get("data-how") == "cell", path
        else:
            assert c.get("data-how") == "blank", path  # these seeds' nulls are all empty cells
            assert c.get("data-raw") is not None, path
    # merged headers as the form prints them
    ad, app, rl = nodes(root, "//table[@data-table]")
    blocks = [th.text_content() for th in nodes(ad, ".//th[@class='block']")]
    assert blocks == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"] + (
        ["第二十条第（九）项"] if form == "2019" else [])
    assert [th.text_content() for th in nodes(app, ".//thead//th[@colspan='7']")] == ["申请人情况"]
    assert [th.text_content() for th in nodes(app, ".//thead//th[@colspan='5']")] == ["法人或其他组织"]
    assert strings(app, ".//th[starts-with(normalize-space(.), '三、本年度办理结果')]/@rowspan") == [
        str(len(t.app_rows) - 3)]
    assert [th.text_content() for th in nodes(rl, ".//thead//th[@colspan='10']")] == ["行政诉讼"]
    # the deep link opened the provenance panel of that value
    prov = report.provenance["applications.new_received.total"]
    panel = by_id(root, "prov-body").text_content()
    assert "applications.new_received.total" in panel
    assert prov.loc is not None and f"line {prov.loc.line}" in panel and json.dumps(prov.raw) in panel


def test_failing_checks_outline_their_cells(chromium: str, tmp_path: Path) -> None:
    report = gxconvert.convert(SEED_FAILING)
    bad = [c for c in report.checks if not c.ok]
    assert [(c.rule, c.where) for c in bad] == [
        ("applications.row_total", "applications.new_received"),
        ("applications.row_total", "applications.granted"),
        ("applications.row_total", "applications.partially_granted"),
        ("applications.row_total", "applications.denied.internal_affairs"),
        ("applications.row_total", "applications.total_processed")]
    page = tmp_path / "page.html"
    page.write_text(render_report(report), "utf-8")
    root = dump_dom(chromium, page, "#c=2")  # lights check 2's cells, as hovering it does
    items = nodes(root, "//ol[@class='checks']/li")
    assert len(items) == 5
    assert "expected 4, actual blank (counted as 0)" in items[0].text_content()  # the total cell is blank
    assert "一、本年新收政府信息公开申请数量" in items[0].text_content()  # where, in the form's words
    cols = [c.key for c in get("2021").app_columns]
    assert items[0].get("data-cells", "").split() == ["applications.new_received.total"] + [
        f"applications.new_received.{c}" for c in cols if c != "total"]
    outlined = {c.get("data-path") for c in nodes(root, "//td[contains(concat(' ', @class, ' '), ' bad ')]")}
    rows = ["new_received", "granted", "partially_granted", "denied.internal_affairs", "total_processed"]
    assert outlined == {f"applications.{r}.{c}" for r in rows for c in cols}
    lit = {c.get("data-path") for c in nodes(root, "//td[contains(concat(' ', @class, ' '), ' hl ')]")}
    assert lit == {f"applications.granted.{c}" for c in cols}


def test_null_without_source_is_missing_and_shows_its_warning(chromium: str, tmp_path: Path) -> None:
    report = gxconvert.convert(GLUED)  # digits run together: some cuts of a row stay ambiguous
    sourceless = sorted(f"{table}.{p}" for table, flat in report.values.items() for p, v in flat.items()
                        if v is None and f"{table}.{p}" not in report.provenance)
    assert sourceless
    first = sourceless[0]
    why = next(w for w in report.warnings if w.message.startswith(first + ":"))
    page = tmp_path / "page.html"
    page.write_text(render_report(report), "utf-8")
    root = dump_dom(chromium, page, "#v=" + first)
    missing = nodes(root, "//td[@data-how='missing']")
    assert sorted(td.get("data-path") for td in missing) == sourceless
    assert all(td.text_content() == "?" and td.get("data-raw") is None for td in missing)
    named: set[str] = set()  # no null without a reason: a warning names each, and hovering it lights the cell
    for tr in nodes(root, "//section[@id='warnings']//tbody/tr"):
        named |= set(tr.get("data-cells", "").split())
    assert set(sourceless) <= named
    panel = by_id(root, "prov-body").text_content()
    assert "no cell in the source holds this value" in panel
    assert f"{why.code}: {why.message}" in panel


def test_screenshot_is_not_blank(chromium: str, tmp_path: Path) -> None:
    from PIL import Image  # Pillow: the test extra

    page = tmp_path / "page.html"
    page.write_text(render_report(gxconvert.convert(SEED_FAILING)), "utf-8")
    shot = tmp_path / "shot.png"
    browse(chromium, page.resolve().as_uri(), f"--screenshot={shot}", "--window-size=1200,900")
    img = Image.open(io.BytesIO(shot.read_bytes())).convert("L")
    assert img.size == (1200, 900)
    hist = img.histogram()
    n = sum(hist)
    mean = sum(i * h for i, h in enumerate(hist)) / n
    var = sum(h * (i - mean) ** 2 for i, h in enumerate(hist)) / n
    dark = sum(hist[:100]) / n  # text and rules
    assert var > 200 and 0.005 < dark < 0.5, (var, dark)


def test_page_prints_with_parts_open_and_legend_first(chromium: str, tmp_path: Path) -> None:
    import pypdfium2  # type: ignore[import-untyped]  # in the test extra

    report = gxconvert.convert(SEED_FAILING)
    page = tmp_path / "page.html"
    page.write_text(render_report(report), "utf-8")
    pdf_path = tmp_path / "page.pdf"
    browse(chromium, page.resolve().as_uri(), f"--print-to-pdf={pdf_path}", "--no-pdf-header-footer")
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    last_part = report.sections[-1].text.split("\n")[0][:12]
    assert last_part and last_part in text  # the collapsed parts print open
    assert text.index("Failing checks (5)") < text.index("二、主动公开政府信息情况")  # legend and checks first
    assert "Source of a value" not in text  # the click panel is for the screen only


# --------------------------------------------------------------------------
# the dataset index
# --------------------------------------------------------------------------

def write_dataset_db(db: Path, reports: list[Report], failures: list[tuple[str, Exception]]) -> None:
    """A dataset written through the dataset's own SQL module (no second copy
    of its schema here), from converted reports and failures."""
    from contextlib import closing

    from gxconvert.dataset import sql
    from gxconvert.results import Result

    with closing(sql.connect(db, create=True)) as con, con:
        for r in reports:
            sql.insert_report(con, r, version=gxconvert.__version__)
        for path, exc in failures:
            sql.insert_failure(con, Result(path=path, kind="corrupt", message=str(exc)), gxconvert.__version__)


@pytest.fixture(scope="module")
def seed_reports() -> list[Report]:
    return [gxconvert.convert(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture()
def dataset(tmp_path: Path, seed_reports: list[Report]) -> Path:
    bad = SEEDS.parent / "pdf" / "encrypted.pdf"
    with pytest.raises(gxconvert.ConversionError) as err:
        gxconvert.convert(bad)
    db = tmp_path / "reports.sqlite"
    write_dataset_db(db, seed_reports, [(str(bad), err.value)])
    return db


def test_dataset_index_one_row_per_report(chromium: str, tmp_path: Path, dataset: Path,
                                          seed_reports: list[Report]) -> None:
    out = tmp_path / "site" / "index.html"
    out.parent.mkdir()
    written = write_review(dataset, out)
    assert written[0] == out and len(written) == 1 + len(seed_reports)
    root = dump_dom(chromium, out)
    rows = nodes(root, "//table[@id='reports']/tbody/tr")
    assert len(rows) == len(seed_reports)
    assert by_id(root, "f-count").text_content() == "5 of 5 reports shown"  # the filter script ran
    seen = {(nodes(r, "td[1]")[0].text_content(), nodes(r, "td[2]")[0].text_content(), r.get("data-status"))
            for r in rows}
    assert seen == {(r.meta.agency, str(r.meta.year),
                     "failing" if any(not c.ok for c in r.checks) else
                     "identity" if any(w.where.startswith("meta.") for w in r.warnings) else
                     "warnings" if r.warnings else "ok")
                    for r in seed_reports}
    # a report whose identity a warning doubts is not ok (seed 000 prints no date: published_not_found)
    assert ("高青县卫生健康局", "2020", "identity") in seen
    failing = next(r for r in rows if r.get("data-status") == "failing")
    assert nodes(failing, "td[5]")[0].text_content() == "5row_total ×5"  # count, then what it is made of
    for r in rows:  # each link opens that report's own page
        target = out.parent / strings(r, ".//a/@href")[0]
        assert target.is_file()
        assert nodes(r, "td[1]")[0].text_content() in target.read_text("utf-8")
    assert len(nodes(root, "//table[@id='failures']/tbody/tr")) == 1
    assert "encrypted" in by_id(root, "failures").text_content()
    svgs = nodes(root, "//figure/svg")
    assert len(svgs) == 3
    # reports per year: 2020 ×3, 2021, 2024
    assert [t.text for t in nodes(svgs[0], ".//text")][:6] == ["3", "2020", "1", "2021", "1", "2024"]
    # share failing each check: only applications.row_total fails, in 1 of 5 reports
    shares = [t.text for t in nodes(svgs[1], ".//text")]
    assert shares[shares.index("applications.row_total") + 1] == "20%"
    assert shares[shares.index("applications.balance") + 1] == "0%"
    # new applications per year, from the golden files: 2020 → 0 + 0 + 3, 2021 → null (no value: a dash), 2024 → 1
    assert [t.text for t in nodes(svgs[2], ".//text")] == ["3", "2020", "—", "2021", "1", "2024"]
    assert "over the 4 reports that state it" in root.text_content()
    # filters from the fragment: only the failing report stays visible
    root = dump_dom(chromium, out, "#status=failing")
    visible = [r for r in nodes(root, "//table[@id='reports']/tbody/tr") if r.get("hidden") is None]
    assert [nodes(r, "td[1]")[0].text_content() for r in visible] == ["温岭市卫生健康局"]


def test_totals_per_year_without_sqlite_json_functions(dataset: Path) -> None:
    from gxconvert.review import index as ds

    class NoJson:  # an SQLite built without the JSON functions
        def __init__(self, con: sqlite3.Connection) -> None:
            self.con = con

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if "json_" in sql:
                raise sqlite3.OperationalError("no such function: json_valid")
            return self.con.execute(sql, *args)

    con = sqlite3.connect(dataset)
    with_json = ds._totals_per_year(con)
    assert ds._totals_per_year(cast(sqlite3.Connection, NoJson(con))) == with_json == [(2020, 3.0, 3), (2021, 0.0, 0), (2024, 1.0, 1)]
    con.close()


# --------------------------------------------------------------------------
# self-contained, escaped
# --------------------------------------------------------------------------

URLISH = re.compile(r"https?:|//|src\s*=|url\(|@import", re.IGNORECASE)


def references(html: str) -> list[str]:
    """Everything in markup, style or script that could fetch something (the
    report's own text, escaped into text nodes, is not a reference)."""
    root = parse(html)
    found = [el.tag for el in root.iter("link", "img", "iframe", "object", "embed", "source", "video", "audio")]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for k, v in el.attrib.items():
            if k.startswith("data-") or k in ("title", "aria-label", "placeholder", "content"):
                continue
            if URLISH.search(v) and not v.startswith("data:"):
                found.append(f"{el.tag}@{k}={v}")
        hit = URLISH.search(el.text or "") if el.tag in ("style", "script") else None
        if hit:
            found.append(f"{el.tag}: {hit.group(0)}")
    return found


def test_pages_reference_no_external_url(tmp_path: Path, dataset: Path, seed_reports: list[Report]) -> None:
    for r in seed_reports:
        html = render_report(r)
        assert references(html) == []
        if not re.search(r"https?:|www\.", json.dumps(r.to_dict(), ensure_ascii=False)):
            assert not URLISH.search(html)  # a report without URLs in it: none anywhere in the page
    index = render_index(dataset)
    assert references(index) == []
    assert not URLISH.search(index)


def test_report_text_is_escaped(chromium: str, tmp_path: Path) -> None:
    report = gxconvert.convert(SEED_FAILING)
    evil = '"><img src=x onerror="document.title=1"><script>document.title=2</script>'
    report.meta.title = "标题" + evil
    report.meta.agency = evil
    report.source.path = "a<b>.txt" + evil
    report.sections[0].text = "</div></details>" + evil
    report.warnings.append(gxconvert.Issue("x" + evil, "message" + evil, "where" + evil))
    report.provenance["applications.granted.total"].raw = evil
    next(c for c in report.checks if not c.ok).where = evil
    html = render_report(report)
    root = parse(html)
    assert len(nodes(root, "//script")) == 1 and nodes(root, "//img") == []
    assert not [el for el in root.iter() if isinstance(el.tag, str) and any(k.startswith("on") for k in el.attrib)]
    assert nodes(root, "//h1")[0].text_content() == "标题" + evil
    assert strings(root, "//td[@data-path='applications.granted.total']/@data-raw") == [evil]
    assert evil in by_id(root, "checks").text_content()
    page = tmp_path / "evil.html"
    page.write_text(html, "utf-8")
    dom = dump_dom(chromium, page, "#v=applications.granted.total")
    assert nodes(dom, "//img") == [] and len(nodes(dom, "//script")) == 1
    assert json.dumps(evil) in by_id(dom, "prov-body").text_content()
    assert nodes(dom, "//title")[0].text_content().startswith("标题")
    # the index escapes what the dataset says, too
    db = tmp_path / "evil.sqlite"
    write_dataset_db(db, [report], [(evil, ValueError(evil))])
    index = parse(render_index(db))
    assert len(nodes(index, "//script")) == 1 and nodes(index, "//img") == []


# --------------------------------------------------------------------------
# how values are marked; layout from the templates alone
# --------------------------------------------------------------------------


def test_how_marks_inferred_split_blank_missing() -> None:
    inferred = gxconvert.convert(SEED_INFERRED)
    root = parse(render_report(inferred))
    marked = {td.get("data-path") for td in nodes(root, "//td[@data-how='inferred']")}
    assert marked and marked == {p for p, v in inferred.provenance.items() if v.how == "inferred"}
    cols = [c.key for c in get("2019").app_columns]
    placed = [(tr.get("data-cells", "").split(), nodes(tr, "td[3]")[0].text_content())
              for tr in nodes(root, "//section[@id='warnings']//tbody/tr")
              if nodes(tr, "td[1]")[0].text_content() == "row_placed_by_arithmetic"]
    assert placed
    for cells, message in placed:  # hovering a warning lights the row it names, e.g. 'applications.granted: …'
        row = message.split(":")[0]
        assert cells == [f"{row}.{c}" for c in cols]
    glued = gxconvert.convert(GLUED)
    root = parse(render_report(glued))
    split = {td.get("data-path") for td in nodes(root, "//td[@data-how='split']")}
    assert split and split == {p for p, v in glued.provenance.items()
                               if v.how == "split" and glued.value(p) is not None}
    # a null with no source cell is 'missing'; one read from a blank cell 'blank'
    r = gxconvert.convert(SEED_FAILING)
    assert r.value("applications.new_received.total") is None
    del r.provenance["applications.new_received.total"]
    root = parse(render_report(r))
    td = nodes(root, "//td[@data-path='applications.new_received.total']")[0]
    assert (td.get("data-how"), td.text_content(), td.get("data-raw")) == ("missing", "?", None)
    td = nodes(root, "//td[@data-path='applications.new_received.other_org']")[0]
    assert (td.get("data-how"), td.get("data-raw")) == ("blank", "")
    assert how_of(None, None) == "missing" and how_of(3, Provenance(raw="3")) == "cell"


def test_report_of_unknown_form_lists_its_values() -> None:
    r = gxconvert.convert(SEED_2019)
    r.meta.template = None
    root = parse(render_report(r))
    cells = nodes(root, "//td[@data-path]")
    assert len(cells) == len(get("2019").paths("active_disclosure")) + len(get("2019").paths("applications")) + len(
        get("2019").paths("review_litigation"))
    assert strings(root, "//td[@data-path='active_disclosure.other_services.decisions']/@data-value") == ["221667"]
    assert failed_checks(r, None) == []


def test_pdf_page_and_cell_box(tmp_path: Path) -> None:
    @dataclass(slots=True)
    class Boxed(Provenance):  # the PDF reader's cell box, as the provenance may carry it
        box: tuple[float, float, float, float] | None = None

    r = gxconvert.convert(SEEDS.parent / "pdf" / "000_ruled_split.pdf")
    prov = r.provenance["applications.new_received.total"]
    td = nodes(parse(render_report(r)), "//td[@data-path='applications.new_received.total']")[0]
    assert prov.loc is not None and td.get("data-loc") == f"page {prov.loc.page}" and td.get("data-box") is None
    r.provenance["applications.new_received.total"] = Boxed(prov.raw, prov.loc, prov.cell, prov.table, prov.how,
                                                            prov.note, box=(72.0, 300.5, 110.25, 318.0))
    td = nodes(parse(render_report(r)), "//td[@data-path='applications.new_received.total']")[0]
    assert td.get("data-box") == "x 72.0–110.2, y 300.5–318.0 pt"


def _grid_widths(ft: FormTable) -> list[int]:
    """Columns each row of the table covers, counting cells stretched from rows above."""
    widths: list[int] = []
    carry: dict[int, int] = {}  # row index -> columns taken by rowspans from above
    rows: list[Sequence[Cell]] = [*ft.head, *ft.body]
    for i, row in enumerate(rows):
        w = carry.get(i, 0)
        for c in row:
            w += c.colspan
            for k in range(1, (c.rowspan if isinstance(c, Label) else 1)):
                carry[i + k] = carry.get(i + k, 0) + c.colspan
        widths.append(w)
    return widths


@pytest.mark.parametrize("form", ["2019", "2021"])
def test_layout_comes_from_the_template_data(form: str) -> None:
    t = get(form)
    d = display(form)
    # every row and column of the form has its printed words in the JSON
    assert {r.key for r in t.active_rows} == set(d["active_disclosure"]["rows"])
    assert {c for r in t.active_rows for c in r.columns} == set(d["active_disclosure"]["columns"])
    assert {r.key for r in t.active_rows} == {k for b in d["active_disclosure"]["blocks"] for k in b["rows"]}
    assert {r.key for r in t.app_rows} == set(d["applications"]["rows"])
    assert {c.key for c in t.app_columns} == set(d["applications"]["columns"])
    assert {g.key for g in t.review_groups} == set(d["review_litigation"]["groups"])
    assert {c.key for c in t.review_columns} == set(d["review_litigation"]["columns"])
    for ft in form_tables(t):  # every row of every table is exactly as wide as the table
        assert set(_grid_widths(ft)) == {ft.n_cols}, ft.key
    assert [ft.caption[:2] for ft in form_tables(t)] == ["二、", "三、", "四、"]


def test_failed_checks_map_to_the_cells_they_sum() -> None:
    r = gxconvert.convert(SEED_FAILING)
    fc = failed_checks(r, get("2021"))
    assert len(fc) == 5 and all(len(f.paths) == 7 for f in fc)
    r.checks.append(gxconvert.Check("applications.balance", False, 3, 2, "applications.total"))
    balance = failed_checks(r, get("2021"))[-1]
    assert balance.paths == ("applications.total_processed.total", "applications.carried_forward.total",
                             "applications.new_received.total", "applications.carried_over.total")
    assert [t.id for t in templates()] == ["2019", "2021"]


def test_review_command(tmp_path: Path, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "one.html"
    assert main([str(SEED_2021), "-o", str(out)]) == 0
    assert 'data-path="applications.other.unpaid_fee.total"' in out.read_text("utf-8")
    as_json = tmp_path / "r.json"  # a report's JSON is reviewed without converting again
    r = gxconvert.convert(SEED_2019)
    r.meta.agency = "改过的机关"
    as_json.write_text(r.to_json(provenance=True), "utf-8")
    assert main([str(as_json), "-o", str(out)]) == 0
    assert "改过的机关" in out.read_text("utf-8")
    as_json.write_text(r.to_json(), "utf-8")  # without provenance: refused, one line
    assert main([str(as_json), "-o", str(out)]) == 1
    assert "no provenance" in capsys.readouterr().err
    assert main([str(SEED_2019)]) == 0
    assert "高青县卫生健康局" in capsys.readouterr().out
    assert main([str(dataset)]) == 2
    assert "needs -o" in capsys.readouterr().err
    assert main([str(dataset), "-o", str(tmp_path / "ds.html")]) == 0
    assert len(list((tmp_path / "ds-reports").glob("*.html"))) == 5
    con = sqlite3.connect(dataset)  # a damaged row: one line naming the dataset and the row
    con.execute("UPDATE reports SET report_json = '{\"schema\": ' WHERE id = 2")
    con.commit()
    con.close()
    assert main([str(dataset), "-o", str(tmp_path / "ds.html")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(dataset) in err and "row 2" in err
    bad = SEEDS.parent / "pdf" / "encrypted.pdf"
    assert main([str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "encrypted.pdf" in err and "password" in err
    assert main([str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt: no such file" in capsys.readouterr().err
    assert main([str(SEED_2019), "-o", str(tmp_path / "no" / "such" / "dir.html")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "dir.html" in err
