"""Where identity candidates are read: the report's title, its signature,
its opening paragraph, the page's furniture (info bar, 政府信息公开目录
block, a crawler's or browser's header), the page's title, the file name."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import lru_cache

from ... import patterns
from ...model import Cell, Document, Location
from ...normalize import norm_text, squash
from ...numerals import YEAR_DIGITS
from ...templates import meta_cues
from ..events import Events, Heading, LRow, Para
from . import furniture
from .candidates import Candidate, Source
from .sanity import ADMIN_ENDS, agency_problem
from .text import (
    _STAMP,
    agency_from,
    clean_agency,
    clean_title,
    find_date,
    has_agency_before_year,
    plain,
    strip_title_chrome,
    year_of,
)

MAX_HEAD = 80  # lines before the first part heading looked at
HEAD_START = 20  # of them, from the document's start (the rest: right before the first part)
MAX_CHARS = 20000  # characters of them searched for a title inside running text
MAX_OPENING = 12  # paragraphs of part 一 read for the opening sentences
MAX_OPENING_CHARS = 800  # characters of each read
MAX_TAIL = 40  # paragraphs after the last part heading searched for the signature
MAX_TITLE_RAW = 200  # a longer line is running text, not a title (squashed: at most 70 characters)
MAX_SIGNATURE_RAW = 120  # a longer line is not a signature line (squashed: at most 40 characters)
# what the opening sentences' patterns need (tested on the raw text before it is normalised)
_OPENING_CUES = patterns.compile(r"编制|编写|制作|起草|年度报告|[3３]\s*[1１]\s*日")
_SENTENCE_MARK = patterns.compile(r"[。,;!?]")  # after NFKC: a sentence, not a title
# a cover letter's lines: its title (关于报送…的函), its document number, the 附件 line naming the report
_LETTER = patterns.compile(r"^附件|^关于(?:报送|上报|呈报|印发|提交|转发|公布)|的(?:函|通知|请示|报告的函)$"
                           r"|〔\d{4}〕\d+号|\[\d{4}\]\d+号")
_DATE_ONLY = patterns.compile(rf"^(?:(?:19|20)\d{{2}}\s*[年\-/.]\s*\d{{1,2}}\s*[月\-/.]\s*\d{{1,2}}\s*日?"
                              rf"|[{YEAR_DIGITS}]{{4}}年[一二三四五六七八九十]{{1,2}}月[一二三四五六七八九十]{{1,3}}日)$")
_SIG_LINE = patterns.compile(rf"^(.{{3,30}}?)((?:19|20)\d{{2}}年\d{{1,2}}月\d{{1,2}}日|[{YEAR_DIGITS}]{{4}}年"
                             r"[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$")
_PERIOD = patterns.compile(r"((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起|始)?\s*[,，]?\s*"
                           r"(?:至|到|—|-|－|～|~)\s*(?:((?:19|20)\d{2})\s*年)?\s*12\s*月\s*31\s*日")
_MADE_BY = patterns.compile(r"(?:本(?:年度)?报告(?:是)?|[,，])由([\u4e00-\u9fff（）()]{2,38}?(?:"
                            + "|".join(sorted(ADMIN_ENDS, key=len, reverse=True))
                            + r"))(?:负责|根据|依据|按照|结合|编制|编写|制作|起草)[^。]{0,30}?(?:编制|编写|制作|起草)?")
_NAMED = patterns.compile(rf"([\u4e00-\u9fff（）()]{{3,40}}?)(?:关于)?(?:(?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})\s*年度?"
                          r"(?:政府)?信息公开(?:工作)?年度报告")
_VERBS = patterns.compile(r".*(?:公布|发布|现将|特将|编制|报送|印发|形成|是|了)")


_FULL_TEXT_LINE = patterns.compile(r"[（(](?:全文|正文)[)）]")


@lru_cache(maxsize=4)
def _cue_patterns(title_fields: tuple[str, ...], title_ends: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The patterns made of the forms' meta cues, compiled once per cue set: a
    line led by a title field (标题: …, a crawler's header, spaces allowed), a
    page's first line led by one, and a report title inside running text
    (agency, year, then the words a title ends with)."""
    fields, ends = "|".join(title_fields), "|".join(title_ends)
    return (patterns.compile(rf"^\s*(?:{fields})\s*[:：]"), patterns.compile(rf"^(?:{fields})[:：]"),
            patterns.compile(r"([\u4e00-\u9fff（）()]{2,30}?\s?(?:关于)?\s?"
                             rf"(?:(?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})\s*年度?"
                             rf"[\u4e00-\u9fff]{{0,16}}?(?:{ends}))"))


@dataclass(slots=True)
class Line:
    text: str
    loc: Location | None
    fields: list[furniture.Field]  # its key: value fields (furniture.fields), read once
    table: int | None = None  # a table row's table (index among the document's tables)
    cells: list[Cell] | None = None  # a table row's cells

    def cell_of(self, value: str) -> Cell | None:
        """The row's cell that holds ``value``."""
        v = squash(value)
        return next((c for c in self.cells or () if v and squash(c.text) == v), None)

    def candidate(self, value: str, src: Source, key: str, shown: str) -> Candidate:
        """A candidate read from this line's field ``key``: a table row's
        names its cell and the cell's text."""
        c = self.cell_of(shown)
        if c is None:
            return Candidate(value, src, self.text, self.loc, key=key)
        return Candidate(value, src, c.text, c.loc or self.loc, key=key, table=self.table, cell=(c.row, c.col))


def head(ev: Events) -> list[Line]:
    """The lines before the first part heading or table row with a number:
    paragraphs, and layout/metadata table rows as one line each.  Of a long
    run of them (a report after pages of other text), the first
    ``HEAD_START`` (a crawler's header) and the last ones (the title sits
    right before the first part)."""
    first: list[Line] = []
    last: deque[Line] = deque(maxlen=MAX_HEAD - HEAD_START)
    for it in ev.items:
        if isinstance(it, Heading) or (isinstance(it, LRow) and it.has_number):
            break
        if isinstance(it, Para) and it.text.strip():
            line = Line(it.text, it.loc, [])
        elif isinstance(it, LRow):
            cells = it.labels + it.values
            line = Line(furniture.row_text([c.text for c in cells]), it.loc, [], it.table, cells)
        else:
            continue
        (first if len(first) < HEAD_START else last).append(line)
    out = first + list(last)
    for line in out:
        line.fields = furniture.fields(line.text)
    return out


def _title_source(raw: str) -> Source:
    if _STAMP.match(raw):
        return "browser_header"
    if _cue_patterns(meta_cues().title_fields, meta_cues().title_ends)[0].match(raw):
        return "crawler_header"
    return "title"


def _is_title(t: str) -> bool:
    return ("报告" in t and len(t) <= 70 and ("年" in t or "公开" in t) and not _SENTENCE_MARK.search(t)
            and not _LETTER.search(t) and not furniture.is_breadcrumb(t))


def title_candidates(lines: list[Line], doc: Document, fallbacks: bool = True) -> list[Candidate]:
    """The report title: the first short line(s) saying 报告 (joined with a
    neighbouring line when broken over two), a ``标题:`` field, a title
    inside running text, then (unless not ``fallbacks``) the page's title
    and the file name (:func:`fallback_titles`)."""
    links = meta_cues().link_prefixes
    paras = [p for p in lines if not squash(p.text).startswith(links)]  # 上一篇: … is another page
    texts = _TitleTexts(paras)
    out: list[Candidate] = []
    for i in range(len(paras)):
        if out and out[-1].source == "title":
            break  # the report's own title: what a header line or a field said is kept before it
        t = texts[i]
        if _is_title(t):
            title = strip_title_chrome(paras[i].text)
            raw = paras[i].text
            prev = texts[i - 1] if i > 0 else ""
            if (i > 0 and not has_agency_before_year(t) and len(prev) <= 30 and agency_problem(prev) is None
                    and not _LETTER.search(prev)):
                title = paras[i - 1].text.strip() + title
                raw = paras[i - 1].text + "\n" + raw
            nxt = texts[i + 1] if i + 1 < len(texts) else ""
            if _FULL_TEXT_LINE.fullmatch(nxt):
                raw += "\n" + paras[i + 1].text
            out.append(Candidate(clean_title(title), _title_source(raw), raw, paras[i].loc))
            continue
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if (i + 1 < len(texts) and len(t) <= 40 and "报告" not in t and nxt.endswith("报告") and len(nxt) <= 40
                and (year_of(t) or "公开" in nxt) and "年度报告" in nxt and "年" in t + nxt
                and (has_agency_before_year(t) or year_of(t)) and not _LETTER.search(t) and not find_date(t)):
            raw = paras[i].text + "\n" + paras[i + 1].text
            out.append(Candidate(clean_title(paras[i].text.strip() + paras[i + 1].text.strip()), "title", raw,
                                 paras[i].loc))
    for ln in paras:
        for f in ln.fields:
            if f.key in furniture.TITLE_KEYS and f.value:
                out.append(Candidate(clean_title(strip_title_chrome(f.value)), "crawler_header", ln.text, ln.loc,
                                     key=f.key))
    found = None if any(c.source == "title" for c in out) else _title_in_text(paras)
    if found:
        name, loc, sentence = found
        out.append(Candidate(clean_title(name), "opening" if sentence else "title", name, loc,
                             note="named in a sentence" if sentence else "inside running text"))
    return out + fallback_titles(doc) if fallbacks else out


def fallback_titles(doc: Document) -> list[Candidate]:
    """The title as the page's title and the file name say it (ranked after
    every title the text itself holds)."""
    out: list[Candidate] = []
    page_title = doc.metadata.get("page_title")
    if page_title:
        out.append(Candidate(clean_title(strip_title_chrome(page_title)), "page_title", page_title))
    if doc.path:
        name, stem = file_name(doc.path)
        if "报告" in stem:
            out.append(Candidate(clean_title(strip_title_chrome(stem)), "file_name", name))
    return out


class _TitleTexts:
    """Each line as a title would be read from it (squashed, its chrome cut;
    '' for a line too long to be one), made when first asked for: the search
    stops at the report's own title, and the lines after it are not read."""

    __slots__ = ("lines", "made")

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.made: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> str:
        got = self.made.get(i)
        if got is None:
            text = self.lines[i].text
            got = self.made[i] = squash(strip_title_chrome(text)) if len(text) <= MAX_TITLE_RAW else ""
        return got


def file_name(path: str) -> tuple[str, str]:
    """A path's file name and its stem, as ``PurePath(path).name`` and ``.stem``
    give them (no object made: the name is all that is read)."""
    name = path.rpartition("/")[2]
    if name in ("", "."):  # a trailing slash or dot: the last real part
        name = next((x for x in reversed(path.split("/")) if x and x != "."), "")
    i = name.rfind(".")
    return name, name[:i] if 0 < i < len(name) - 1 else name


def _title_in_text(paras: list[Line]) -> tuple[str, Location | None, bool] | None:
    """A report title inside running text (a page dumped as one line, or a
    sentence naming the report: ``…编制并向社会公布某局2024年…年度报告``):
    agency, year, then the words a title ends with; the verb before it cut.
    The flag says it was named in a sentence."""
    rx = _cue_patterns(meta_cues().title_fields, meta_cues().title_ends)[2]
    used = 0
    for p in paras:
        text = norm_text(p.text[:MAX_CHARS - used])
        used += len(text)
        for m in rx.finditer(text):
            name = _VERBS.sub("", m.group(1))
            if len(name) > 6 and not _LETTER.search(name):
                return name, p.loc, bool(_SENTENCE_MARK.search(text[:m.start()]))
        if used >= MAX_CHARS:
            break
    return None


def agency_of_titles(titles: list[Candidate]) -> list[Candidate]:
    out = []
    for c in titles:
        ag = agency_from(str(c.value))
        if ag:
            out.append(Candidate(ag, c.source, c.raw, c.loc, key=c.key))
    return out


@dataclass(slots=True)
class PageFields:
    agencies: list[Candidate]
    dates: list[Candidate]


def page_fields(lines: list[Line], doc: Document) -> PageFields:
    """The bodies and dates the page's furniture names: its info bar, its
    政府信息公开目录 block, a crawler's header; then what the reader found
    in the page's markup."""
    first = next((squash(ln.text) for ln in lines if ln.text.strip()), "")
    crawler = bool(_cue_patterns(meta_cues().title_fields, meta_cues().title_ends)[1].match(first))
    src: Source = "crawler_header" if crawler else "page_metadata"
    agencies: list[Candidate] = []
    dates: list[tuple[int, Candidate]] = []
    for ln in lines:
        for f in ln.fields:
            if f.key in furniture.AGENCY_KEYS:
                agencies.append(ln.candidate(clean_agency(plain(f.value)), src, f.key, f.value))
            elif f.key in furniture.DATE_KEYS:
                d = find_date(f.value)
                if d:
                    k = furniture.DATE_RANK.index(f.key) if f.key in furniture.DATE_RANK else len(furniture.DATE_RANK)
                    dates.append((k, ln.candidate(d, src, f.key, f.value)))
    if doc.metadata.get("info_source"):
        agencies.append(Candidate(clean_agency(plain(doc.metadata["info_source"])), "page_metadata",
                                  doc.metadata["info_source"], note="read from the page's markup"))
    if doc.metadata.get("published"):
        dates.append((len(furniture.DATE_RANK) + 1, Candidate(doc.metadata["published"], "page_metadata",
                                                              doc.metadata["published"],
                                                              note="read from the page's markup")))
    dates.sort(key=lambda x: x[0])
    return PageFields(agencies, [c for _, c in dates])


def is_signature_date(text: str) -> bool:
    """A line that is a date and nothing else (the date of a signature block)."""
    return len(text) <= MAX_SIGNATURE_RAW and bool(_DATE_ONLY.match(squash(text)))


@dataclass(slots=True)
class Signature:
    agency: Candidate | None
    date: Candidate | None


def signature(ev: Events) -> Signature:
    """The body and date of the signature block (落款) after the last part:
    the first line there that is only a date, and the body's name on the
    line before it (or before the date on the same line).  Buttons glued to
    a line and a browser's print footer are not read."""
    items = ev.items
    last = next((k for k in range(len(items) - 1, -1, -1) if isinstance(items[k], Heading)), -1)
    start = last + 1 if last >= 0 else max(0, len(items) - 15)
    prev: Para | None = None
    for it in items[start:start + MAX_TAIL]:
        if not isinstance(it, Para) or not it.text.strip():
            continue
        free = furniture.chrome_free(it.text)
        if free is None:  # print furniture
            continue
        t = squash(free) if len(it.text) <= MAX_SIGNATURE_RAW else ""
        if t and len(t) <= 40:
            if _DATE_ONLY.match(t):
                d = find_date(t)
                agency = None
                if prev is not None:
                    p = squash(furniture.strip_chrome(prev.text))
                    if 2 <= len(p) <= 30:
                        agency = Candidate(plain(furniture.strip_chrome(prev.text)), "signature", prev.text,
                                           prev.loc)
                return Signature(agency, Candidate(d, "signature", it.text, it.loc) if d else None)
            m = _SIG_LINE.match(t)
            if m:
                d = find_date(m.group(2))
                name = plain(furniture.strip_chrome(it.text))[:len(m.group(1))]
                return Signature(Candidate(name, "signature", it.text, it.loc),
                                 Candidate(d, "signature", it.text, it.loc) if d else None)
        prev = it
    return Signature(None, None)


@dataclass(slots=True)
class Opening:
    agencies: list[Candidate]
    period_year: Candidate | None


def opening(ev: Events, lines: list[Line], agencies_wanted: bool = True) -> Opening:
    """The opening paragraphs: who made the report (本报告由…编制, a
    sentence naming the report; not looked for unless ``agencies_wanted``)
    and the statistical period (``统计期限自2022年1月1日起至2022年12月31日止``)."""
    paras: list[Line] = list(lines)
    seen = False
    for it in ev.items:
        if isinstance(it, Heading):
            if seen:
                break
            seen = True
        elif seen and isinstance(it, Para):
            paras.append(Line(it.text, it.loc, []))
            if len(paras) >= len(lines) + MAX_OPENING:
                break
    agencies: list[Candidate] = []
    period: Candidate | None = None
    for p in paras:
        if period is not None and (agencies or not agencies_wanted):
            break
        raw = p.text[:MAX_OPENING_CHARS]
        if not _OPENING_CUES.search(raw):
            continue
        t = squash(raw)
        m = _MADE_BY.search(t) if agencies_wanted and "由" in t else None
        if m:
            agencies.append(Candidate(clean_agency(m.group(1)), "opening", p.text, p.loc, note="本报告由…编制"))
        m = _NAMED.search(t) if agencies_wanted and "年度报告" in t else None
        if m and (_SENTENCE_MARK.search(t) or len(t) > 70):
            name = _VERBS.sub("", m.group(1))
            if name:
                agencies.append(Candidate(clean_agency(name), "opening", p.text, p.loc, note="the report named"))
        if period is None and "31日" in t:
            m = _PERIOD.search(t)
            if m and (m.group(2) is None or m.group(2) == m.group(1)):
                period = Candidate(int(m.group(1)), "opening", p.text, p.loc, note="statistical period")
    return Opening(agencies, period)


def file_agency(doc: Document) -> list[Candidate]:
    if not doc.path:
        return []
    name, stem = file_name(doc.path)
    ag = agency_from(stem)
    return [Candidate(ag, "file_name", name)] if ag else []
