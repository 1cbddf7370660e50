"""Title, agency, year, published date; and which form the report uses."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ..model import Document, Issue, Meta
from ..normalize import label_key, norm_text, squash
from ..numerals import COUNTING, YEAR_DIGITS, cn_int, cn_year
from ..templates import Template, for_year, meta_cues, templates
from .events import Events, Heading, LRow, Para

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(rf"([{YEAR_DIGITS}]{{4}})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(rf"([{YEAR_DIGITS}]{{4}})年([{COUNTING}]{{1,2}})月([{COUNTING}]{{1,3}})日")
_TITLE_TAIL = re.compile(rf"(?:关于)?(?:(?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})\s*年度?.*$")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\d])[ \t\u3000\xa0]+(?=[\u4e00-\u9fff\d])")
_AGENCY_END = re.compile(r"(?:局|委|委员会|办|办公室|厅|部|院|政府|中心|署|会|处|所|站|队|街道|街道办事处|镇|乡|管委会"
                         r"|公司|馆|校|总局|分局|集团|室|组)$")


def _published_rx() -> re.Pattern[str]:
    names = "|".join(sorted((*meta_cues().published_fields, "日期"), key=len, reverse=True))
    return re.compile(rf"(?:{names})\s*[:：]?\s*((?:19|20)\d{{2}}\s*[年\-/.]\s*\d{{1,2}}\s*[月\-/.]\s*\d{{1,2}})")


def _clean_title(s: str) -> str:
    # display text: compatibility forms folded, the document's own script kept
    s = unicodedata.normalize("NFKC", s).strip()
    s = _CJK_SPACE.sub("", s)
    return re.sub(r"\s+", " ", s)


def find_date(text: str) -> str | None:
    t = norm_text(text)
    m = _DATE.search(t)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = _CN_DATE.search(t)
        if not m:
            return None
        y = cn_year(m.group(1)) or 0
        mo, d = cn_int(m.group(2)), cn_int(m.group(3))
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _year_of(text: str) -> int | None:
    t = norm_text(text)
    m = _YEAR.search(t)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(t)
    return cn_year(m.group(1)) if m else None


MAX_FIRST_PARAS = 80  # paragraphs before the first part heading looked at for the title
MAX_FIRST_CHARS = 20000  # characters of them searched for a title inside running text
_STAMP = re.compile(r"^\s*(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}\s*(?:上午|下午|AM|PM)?"
                    r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?\s*")
_SENTENCE_MARK = re.compile(r"[。,;!?]")  # after NFKC: a sentence, not a title
_SITE_SUFFIX = re.compile(r"^\s*[_|｜\-－—]")


def _first_part(ev: Events) -> list[Para]:
    """The paragraphs before the first part heading or table row with a
    number (rows of text only are the site's layout tables: navigation,
    search box, share buttons)."""
    paras: list[Para] = []
    for it in ev.items:
        if isinstance(it, Heading) or (isinstance(it, LRow) and it.has_number):
            break
        if isinstance(it, Para) and it.text.strip():
            paras.append(it)
            if len(paras) >= MAX_FIRST_PARAS:
                break
    return paras


def _field_rx(names: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(sorted(names, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s|｜])(?:{alt})\s*:\s*(.+?)(?=\s+[\u4e00-\u9fff]{{1,8}}\s*:|\s*$)")


def header_field(paras: list[Para], names: tuple[str, ...]) -> str | None:
    """The value of a ``key: value`` field of a page or crawler header
    (``标题: …``, ``发布机构: …``) among the first paragraphs."""
    rx = _field_rx(names)
    for p in paras:
        m = rx.search(norm_text(p.text[:MAX_FIRST_CHARS]))
        if m:
            v = m.group(1).strip()
            if v:
                return v
    return None


def strip_title_chrome(title: str) -> str:
    """A title as a browser's or crawler's line shows it, without the line's
    chrome: a leading print date (``2021/3/5 下午3:12``), a field name
    (``标题:``), the site's name after the title (``…报告_政府信息公开年报_某某网``)."""
    t = _STAMP.sub("", title)
    rx = re.compile(rf"^\s*(?:{'|'.join(meta_cues().title_fields)})\s*[:：]\s*")
    t = rx.sub("", t)
    k = t.rfind("报告")
    if k >= 0 and _SITE_SUFFIX.match(t[k + 2:]):
        t = t[:k + 2]
    return t.strip()


def _title_in_text(paras: list[Para]) -> str | None:
    """A report title inside running text (a page dumped as one line):
    agency, year, then the words a title ends with."""
    ends = "|".join(meta_cues().title_ends)
    rx = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?\s?(?:关于)?\s?"
                    rf"(?:(?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})\s*年度?"
                    rf"[\u4e00-\u9fff]{{0,16}}?(?:{ends}))")
    used = 0
    for p in paras:
        text = norm_text(p.text[:MAX_FIRST_CHARS - used])
        used += len(text)
        m = rx.search(text)
        if m:
            return m.group(1)
        if used >= MAX_FIRST_CHARS:
            break
    return None


def _title(ev: Events, doc: Document) -> tuple[str | None, object]:
    """The report title: the first short paragraph(s) saying 报告, joined with a
    neighbouring line when the title was broken over two lines; else a
    ``标题:`` header field, a title inside the first paragraphs' running
    text, or the page's own title."""
    links = meta_cues().link_prefixes
    paras = [p for p in _first_part(ev) if not squash(p.text).startswith(links)]  # 上一篇: … is another page
    texts = [squash(strip_title_chrome(p.text)) for p in paras]
    for i, t in enumerate(texts):
        if "报告" in t and len(t) <= 70 and ("年" in t or "公开" in t) and not _SENTENCE_MARK.search(t):
            title = strip_title_chrome(paras[i].text)
            # broken over lines: "…关于2020年度政府" + "信息公开工作年度报告",
            # or "某某局" + "2024年政府信息公开工作年度报告"
            prev = texts[i - 1] if i > 0 else ""
            if (i > 0 and not _has_agency_before_year(t) and len(prev) <= 30 and "报告" not in prev
                    and prev not in ("附件",) and not prev.startswith("附件")):
                title = paras[i - 1].text.strip() + title
            return _clean_title(title), paras[i].loc
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if (i + 1 < len(texts) and len(t) <= 40 and "报告" not in t and nxt.endswith("报告") and len(nxt) <= 40
                and (_year_of(t) or "公开" in nxt) and "年度报告" in nxt and "年" in t + nxt
                and (_has_agency_before_year(t) or _year_of(t))):
            return _clean_title(paras[i].text.strip() + paras[i + 1].text.strip()), paras[i].loc
    found = header_field(paras, meta_cues().title_fields) or _title_in_text(paras)
    if found:
        return _clean_title(strip_title_chrome(found)), None
    page_title = doc.metadata.get("page_title")
    return (_clean_title(strip_title_chrome(page_title)) if page_title else None), None


def _has_agency_before_year(t: str) -> bool:
    m = _TITLE_TAIL.search(t)
    return bool(m and m.start() >= 2)


def agency_from(text: str) -> str | None:
    """The reporting body a title names: what comes before its year
    (``某市人民政府办公厅2020年…`` -> ``某市人民政府办公厅``), never with a
    year or a field name of its own (``2019年某市人民政府办公厅…``,
    ``标题: 某区人民政府…``)."""
    t = squash(strip_title_chrome(text))
    t = clean_agency(t)
    m = _TITLE_TAIL.search(t)
    if m and m.start() >= 2:
        ag = t[: m.start()]
    else:
        ag = re.sub(r"(?:政府)?信息公开工作年度报告.*$", "", t)
        if ag == t or len(ag) < 2:
            return None
    ag = re.sub(r"关于.*$", "", ag)
    ag = re.sub(r"(?:的|印发)$", "", ag)
    return clean_agency(ag) or None


_LEAD_YEAR = re.compile(rf"^(?:(?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})年度?")
_LEAD_FIELD = re.compile(r"^[\u4e00-\u9fff]{1,6}[:：]")


def clean_agency(name: str) -> str:
    """An agency name without a leading year (``2019年…``) or field name
    (``标题:`` ``发布机构：``)."""
    prev = None
    t = name.strip()
    while prev != t:
        prev = t
        t = _LEAD_FIELD.sub("", t).strip()
        m = _LEAD_YEAR.match(t)
        if m and len(t) > m.end() + 1:
            t = t[m.end():]
    return t


def _signature(ev: Events) -> tuple[str | None, str | None]:
    """(agency, date) from the signature block at the end of the report."""
    tail = [it for it in ev.items[-12:] if isinstance(it, Para) and it.text.strip()]
    sig_date = None
    sig_agency = None
    for k in range(len(tail) - 1, -1, -1):
        t = squash(tail[k].text)
        if sig_date is None and len(t) <= 20:
            d = find_date(t)
            if d:
                sig_date = d
                if k > 0:
                    prev = squash(tail[k - 1].text)
                    if 2 <= len(prev) <= 30 and _AGENCY_END.search(prev):
                        sig_agency = prev
                break
    return sig_agency, sig_date


def _marker_hits(keys: list[str], text: str = "") -> list[tuple[int, Template]]:
    scores = []
    for t in templates():
        hits = sum(1 for m in t.markers if any(m in k for k in keys) or m in text)
        scores.append((hits, t))
    scores.sort(key=lambda x: -x[0])
    return scores


def detect_template(ev: Events, year: int | None) -> tuple[Template, list[Issue]]:
    """The form whose own column and row labels the tables use; when the
    table rows do not tell (tables flattened into running text), the
    labels written in the text of parts 二 to 四; else the year."""
    keys_set: set[str] = set()
    for it in ev.items:
        if isinstance(it, LRow):
            keys_set.update(label_key(c.text) for c in it.labels)
    scores = _marker_hits(sorted(keys_set))
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        part = 0
        texts: list[str] = []
        table_parts = {n for t in templates() for n in t.table_sections}
        for it in ev.items:
            if isinstance(it, Heading):
                part = it.number
            elif isinstance(it, Para) and part in table_parts:
                texts.append(label_key(it.text))
        scores = _marker_hits(sorted(keys_set), "\n".join(texts))
    best_hits = scores[0][0]
    tied = [t for hits, t in scores if hits == best_hits]
    if len(tied) == 1:
        return tied[0], []
    fallback = for_year(year, tied)
    return fallback, [Issue("template_guessed", f"the table labels do not tell the form apart ({best_hits} markers "
                            f"each); chose {fallback.id} from the year", "tables")]


def build_meta(doc: Document, ev: Events) -> tuple[Meta, list[Issue]]:
    warnings: list[Issue] = []
    meta = Meta()
    meta.title, _title_loc = _title(ev, doc)
    title_agency = agency_from(meta.title) if meta.title else None
    sig_agency, sig_date = _signature(ev)
    field_agency = header_field(_first_part(ev), meta_cues().agency_fields)
    meta.agency = title_agency or sig_agency or (clean_agency(squash(field_agency)) if field_agency else None)
    if title_agency and sig_agency and title_agency != sig_agency:
        warnings.append(Issue("agency_mismatch", f"the title names {title_agency!r}, the signature {sig_agency!r}; "
                              "kept the title's", "meta.agency"))
    if not meta.agency:
        warnings.append(Issue("agency_not_found", "no reporting body found in the title or signature", "meta.agency"))

    year = _year_of(meta.title) if meta.title else None
    if year is None:
        for it in ev.items[:40]:
            if isinstance(it, Para):
                m = re.search(r"统计期限自?\s*((?:19|20)\d{2})\s*年", norm_text(it.text))
                if m:
                    year = int(m.group(1))
                    break
    # published: signature date, else 发布日期 line, else what the reader saw
    published = sig_date
    if published is None:
        rx = _published_rx()
        for it in _first_part(ev) + [x for x in ev.items[:30] if isinstance(x, Para)]:
            m = rx.search(norm_text(it.text[:MAX_FIRST_CHARS]))
            if m:
                published = find_date(m.group(1))
                break
    if published is None and doc.metadata.get("published"):
        published = doc.metadata["published"]
    meta.published = published
    if year is None and published:
        year = int(published[:4]) - 1
        warnings.append(Issue("year_inferred",
                              f"no year in the title; took the year before publication ({year})", "meta.year"))
    meta.year = year
    return meta, warnings
