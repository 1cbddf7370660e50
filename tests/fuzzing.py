"""A seeded mutation fuzzer over the corpus: shared by tests/test_fuzz.py
(a few hundred mutants per format, CI) and scripts/fuzz_hostile.py (long
runs).

    for m in mutants("docx", seed=14, count=300):
        outcome = run_one(m)          # None when the outcome is acceptable
        ...

Mutations: byte flips, chunk deletions and duplications, truncation,
inserted hostile bytes (NUL, control characters, markup fragments), and,
per format, mutations *inside* the structure a byte flip rarely reaches
intact: the XML of a docx zip member (re-zipped into a valid zip, so the
XML reader sees the damage, not the zip layer), and one PDF object (its
numbers, names and keywords, the xref left as it was).

Each mutant is converted with :func:`gxconvert.convert`; the outcome is
acceptable when it is a :class:`~gxconvert.model.Report` or a
:class:`~gxconvert.errors.ConversionError` whose message is one line and
names the file.  Any other exception, a multi-line message, or a mutant
running longer than ``hang_seconds`` is a failure.  A report must also
(:func:`report_problems`) validate against the shipped JSON Schema, give
every non-null value a provenance, and keep that provenance inside the
document the reader returned (table, row and column in its grid, the cell's
raw text and location; a line within the file, a page within the PDF, a box
on the page); and a text, HTML or Word mutant that changed no byte of the
tables (every change after the last table, none bringing table markup or
table lines in: :func:`tables_untouched`) must give its base's values.
"""

from __future__ import annotations

import functools
import io
import itertools
import random
import re
import signal
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

FORMATS = ("text", "html", "docx", "pdf")


def corpus_files(fmt: str) -> list[Path]:
    """The corpus files a format's mutants start from (no .doc: those run
    LibreOffice, far too slow for a fuzz loop).  PDFs come from every PDF
    folder (corpus/pdf and each corpus/pdf_* class), taken in turn from each
    folder so that the first mutants already cover every folder."""
    if fmt == "text":
        return sorted((CORPUS / "seeds").glob("*.txt"))
    if fmt == "html":
        return sorted((CORPUS / "html").glob("*.html"))
    if fmt == "docx":
        return sorted((CORPUS / "docx").glob("*.docx"))
    if fmt == "pdf":
        folders = [sorted(p for p in d.glob("*.pdf") if p.name not in ("encrypted.pdf", "owner_only.pdf"))
                   for d in sorted(CORPUS.glob("pdf*")) if d.is_dir()]
        return [f for group in itertools.zip_longest(*folders) for f in group if f is not None]
    raise ValueError(fmt)


def pdf_folders() -> set[str]:
    return {d.name for d in CORPUS.glob("pdf*") if d.is_dir() and any(d.glob("*.pdf"))}


# -- byte-level mutations -------------------------------------------------------

_HOSTILE = [b"\x00", b"\x00\x00\x00\x00", b"\x1b", b"\x07\x0b\x0c", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3",
            b"\xe4\xb8", b"<", b">", b"]]>", b"<!--", b"-->", b"<?", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
            b"<table>", b"</td>", b"<embed src=x>", b"<object>", b"%PDF-1.4", b"\r", b"\n\n\n", b"\t\t",
            b"\xe2\x88\x92", b"99999999999999999999", b"-1", b"0", b"endobj", b"stream", b"obj", b"R",
            b"/Length 999999", b"<<", b">>", b"[", b"]", b"(", b")"]


def flip_bytes(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rnd.randint(1, 16)):
        i = rnd.randrange(len(b))
        b[i] = rnd.randrange(256) if rnd.random() < 0.5 else b[i] ^ (1 << rnd.randrange(8))
    return bytes(b)


def _span(data: bytes, rnd: random.Random) -> tuple[int, int]:
    n = len(data)
    i = rnd.randrange(n)
    length = rnd.randint(1, max(1, min(n - i, max(n // 10, 16))))
    return i, i + length


def delete_chunk(data: bytes, rnd: random.Random) -> bytes:
    if len(data) < 2:
        return data
    i, j = _span(data, rnd)
    return data[:i] + data[j:]


def duplicate_chunk(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    i, j = _span(data, rnd)
    at = rnd.randrange(len(data) + 1)
    return data[:at] + data[i:j] * rnd.choice((1, 1, 2, 8)) + data[at:]


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data) + 1)] if data else data


def insert_hostile(data: bytes, rnd: random.Random) -> bytes:
    out = data
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randrange(len(out) + 1)
        out = out[:at] + rnd.choice(_HOSTILE) + out[at:]
    return out


BYTE_MUTATORS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    flip_bytes, delete_chunk, duplicate_chunk, truncate, insert_hostile)


def mutate_bytes(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    fn = rnd.choice(BYTE_MUTATORS)
    return fn(data, rnd), fn.__name__


# -- structure-aware mutations ------------------------------------------------

_TAG = re.compile(rb"<[A-Za-z:]+\b[^<>]*>")
_ATTR_VALUE = re.compile(rb'(\w+:\w+|\w+)="([^"]*)"')
_EXTREME = [b"99999999999", b"-1", b"0", b"nan", b"inf", b"1e999", b"", b"x", b"2147483648", b"65536",
            b"restart", b"continue", b"\xe2\x80\xae"]


def mutate_xml(xml: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """A mutation of XML text: an attribute set to an extreme value, a tag
    dropped or duplicated, an element's span duplicated, or a byte-level one."""
    kind = rnd.randrange(4)
    tags = list(_TAG.finditer(xml[:2_000_000]))
    if kind == 0 and tags:
        m = rnd.choice(tags)
        attrs = list(_ATTR_VALUE.finditer(m.group(0)))
        if attrs:
            a = rnd.choice(attrs)
            new_tag = m.group(0)[: a.start(2)] + rnd.choice(_EXTREME) + m.group(0)[a.end(2):]
            return xml[: m.start()] + new_tag + xml[m.end():], "xml_attribute"
    if kind == 1 and tags:
        m = rnd.choice(tags)
        return xml[: m.start()] + xml[m.end():], "xml_drop_tag"
    if kind == 2 and len(tags) > 2:
        first, second = sorted(rnd.sample(range(len(tags)), 2))
        i, j = tags[first].start(), tags[second].start()
        return xml[:j] + xml[i:j] * rnd.choice((1, 2, 50)) + xml[j:], "xml_duplicate_span"
    return mutate_bytes(xml, rnd)


_HOSTILE_TEXT = ["3 3", "\u22121", "\u00a012", "9" * 25, "", "一", "——", "12\u3000", "<p>", "&amp;", "\u202e7"]


def mutate_xml_tree(xml: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """A well-formed mutation of an XML part: an element duplicated,
    deleted, moved under another element, or its text or an attribute set
    to something hostile.  Falls back to :func:`mutate_xml` if the part
    does not parse."""
    from lxml import etree

    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.LxmlError, ValueError):
        return mutate_xml(xml, rnd)
    els = [e for e in root.iter() if isinstance(e.tag, str)][1:]
    if not els:
        return mutate_xml(xml, rnd)
    el = rnd.choice(els)
    parent = el.getparent()
    kind = rnd.randrange(5)
    if kind == 0 and parent is not None:
        import copy

        for _ in range(rnd.choice((1, 1, 5))):
            parent.insert(parent.index(el) + 1, copy.deepcopy(el))
        how = "xml_tree_duplicate"
    elif kind == 1 and parent is not None:
        parent.remove(el)
        how = "xml_tree_delete"
    elif kind == 2 and parent is not None:
        target = rnd.choice(els)
        if target is not el and el not in list(target.iterancestors()) and target is not parent:
            parent.remove(el)
            target.append(el)
        how = "xml_tree_move"
    elif kind == 3:
        el.text = rnd.choice(_HOSTILE_TEXT)
        how = "xml_tree_text"
    else:
        names = list(el.attrib) or ["{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"]
        el.set(rnd.choice(names), rnd.choice(_EXTREME).decode("utf-8"))
        how = "xml_tree_attribute"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), how


def mutate_docx(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """Mutate one member of the zip (word/document.xml most often) and
    re-zip; or mutate the zip's bytes."""
    if rnd.random() < 0.25:
        return mutate_bytes(data, rnd)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, NotImplementedError, RuntimeError,
            __import__("zlib").error):
        return mutate_bytes(data, rnd)  # already broken by an earlier mutation
    if not members:
        return mutate_bytes(data, rnd)
    names = [n for n, _ in members]
    target = "word/document.xml" if rnd.random() < 0.6 and "word/document.xml" in names else rnd.choice(names)
    buf = io.BytesIO()
    how = ""
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members:
            if name == target:
                body, how = (mutate_xml_tree if rnd.random() < 0.6 else mutate_xml)(body, rnd)
            z.writestr(name, body)
    return buf.getvalue(), f"member {target}: {how}"


_PDF_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b.*?endobj", re.DOTALL)
_PDF_TOKEN = re.compile(rb"-?\d+(?:\.\d+)?|/[A-Za-z0-9]+|\b(?:obj|endobj|stream|endstream|R)\b")
_PDF_EXTREME = [b"0", b"-1", b"99999999", b"4294967296", b"1e308", b"/Foo", b"null", b"R", b"[", b"<<",
                b"/FlateDecode", b"/Length", b"/Count 999999", b"/Kids [1 0 R]", b"/Parent 1 0 R", b"obj"]


def mutate_pdf(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """Mutate inside one PDF object (a number, a name or a keyword replaced,
    or bytes flipped within the object), xref left alone; or the raw bytes."""
    if rnd.random() < 0.3:
        return mutate_bytes(data, rnd)
    objs = list(_PDF_OBJ.finditer(data))
    if not objs:
        return mutate_bytes(data, rnd)
    obj = rnd.choice(objs)
    body = obj.group(0)
    head = body[:2048]  # the dictionary, not the stream data
    tokens = list(_PDF_TOKEN.finditer(head))
    if tokens and rnd.random() < 0.7:
        t = rnd.choice(tokens)
        new = body[: t.start()] + rnd.choice(_PDF_EXTREME) + body[t.end():]
        how = "pdf_object_token"
    else:
        new = flip_bytes(body, rnd)
        how = "pdf_object_bytes"
    return data[: obj.start()] + new + data[obj.end():], how


def mutate(fmt: str, data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    if fmt == "docx":
        return mutate_docx(data, rnd)
    if fmt == "pdf":
        return mutate_pdf(data, rnd)
    if fmt == "html" and rnd.random() < 0.5:
        return mutate_xml(data, rnd)
    return mutate_bytes(data, rnd)


# -- running ------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    fmt: str
    index: int
    source: str  # corpus file name
    how: str
    data: bytes
    forced: bool  # the format's reader is forced (else the content is sniffed)
    base: bytes = b""  # the corpus file's bytes before mutation
    folder: str = ""  # the corpus folder of the base

    @property
    def name(self) -> str:
        return f"fuzz-{self.fmt}-{self.index:04d}-{self.source}"


def table_end(fmt: str, data: bytes) -> int | None:
    """The offset just after the last table of a text, HTML or Word-body file
    (text: after the last line holding a value of the base's report and the
    blank line that ends the table: in a text dump that line is the table's
    edge — a stray line in its place joins the table)."""
    if fmt == "text":
        last = max((pv.loc.line for pv in base_report(fmt, data, True).provenance.values()
                    if pv.loc and pv.loc.line), default=0)
        lines = data.split(b"\n")
        while 0 < last < len(lines) and not lines[last].strip():
            last += 1
        return sum(len(x) + 1 for x in lines[:last]) if last else None
    ends = list(_TABLE_END[fmt].finditer(data)) if fmt in _TABLE_END else []
    return ends[-1].end() if ends else None


def mutate_after_tables(fmt: str, data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """A mutation of only what follows the last table (of word/document.xml
    for a docx), so that :func:`tables_untouched` has cases to speak of."""
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        buf = io.BytesIO()
        how = "no table"
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, body in members:
                if name == "word/document.xml":
                    body, how = _mutate_tail(body, table_end("docx", body), rnd)
                z.writestr(name, body)
        return buf.getvalue(), f"member word/document.xml: {how}"
    return _mutate_tail(data, table_end(fmt, data), rnd, xml=fmt == "html")


def _mutate_tail(data: bytes, end: int | None, rnd: random.Random, xml: bool = True) -> tuple[bytes, str]:
    if end is None:
        return mutate_bytes(data, rnd)
    tail, how = (mutate_xml if xml else mutate_bytes)(data[end:], rnd)
    return data[:end] + tail, f"after the tables: {how}"


def mutants(fmt: str, seed: int, count: int) -> Iterator[Mutant]:
    """``count`` mutants of the format's corpus files, the same for the same
    seed; one in four text, HTML and Word mutants changes only what follows
    the tables."""
    rnd = random.Random(f"{seed}:{fmt}")
    files = [(p.parent.name, p.name, p.read_bytes()) for p in corpus_files(fmt)]
    for i in range(count):
        folder, source, base = files[i % len(files)]
        data = base
        if fmt in ("text", "html", "docx") and rnd.random() < 0.25:
            data, how = mutate_after_tables(fmt, data, rnd)
        else:
            for _ in range(rnd.choice((1, 1, 1, 2, 3))):
                data, how = mutate(fmt, data, rnd)
        yield Mutant(fmt, i, source, how, data, forced=i % 2 == 0, base=base, folder=folder)


class Hang(Exception):
    """A mutant ran past the hang limit."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


@dataclass(frozen=True)
class Failure:
    mutant: Mutant
    problem: str  # "exception" | "multi-line message" | "hang" | "message without the file name"
    detail: str

    def __str__(self) -> str:
        return f"{self.mutant.name} ({self.mutant.how}): {self.problem}: {self.detail}"


# -- what a report of a mutant must satisfy ---------------------------------------


@functools.lru_cache(maxsize=1)
def _validator():  # noqa: ANN202
    import jsonschema

    from gxconvert.schema import load_schema

    schema = load_schema()
    return jsonschema.validators.validator_for(schema)(schema)


def _pdf_pages(data: bytes) -> int | None:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception:  # noqa: BLE001 - only a bound for the check; the doc's own pages then
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def report_problems(report, doc, data: bytes) -> list[str]:  # noqa: ANN001
    """What is wrong with a mutant's report: schema, values without a
    provenance, provenance pointing outside the document ``doc`` the reader made."""
    out = [f"schema: {e.message[:150]} at {'/'.join(map(str, e.absolute_path))}"
           for e in _validator().iter_errors(report.to_dict(provenance=True))]
    tables = list(doc.tables())
    grids = [t.grid() for t in tables]
    lines = data.count(b"\n") + data.count(b"\r") + 1
    pages = _pdf_pages(data) if doc.format == "pdf" else None
    if pages is None:
        pages = max((c.loc.page for t in tables for c in t.cells if c.loc and c.loc.page), default=0)
    for table, flat in report.values.items():
        for p, v in flat.items():
            if v is not None and f"{table}.{p}" not in report.provenance:
                out.append(f"{table}.{p} = {v!r} has no provenance")
    for p, pv in report.provenance.items():
        where = f"provenance of {p}"
        if pv.table is not None:
            if not 0 <= pv.table < len(tables):
                out.append(f"{where}: table {pv.table} of {len(tables)}")
                continue
            if pv.cell is not None:
                r, c = pv.cell
                g = grids[pv.table]
                slot = g[r][c] if 0 <= r < len(g) and 0 <= c < len(g[r]) else None
                if slot is None:
                    out.append(f"{where}: cell {pv.cell} not in table {pv.table} ({len(g)} rows)")
                elif pv.how == "cell":
                    if slot.text != pv.raw:
                        out.append(f"{where}: raw {pv.raw!r} but the cell holds {slot.text!r}")
                    if (slot.loc and slot.loc.line, slot.loc and slot.loc.page) != (
                            pv.loc and pv.loc.line, pv.loc and pv.loc.page):
                        out.append(f"{where}: at {pv.loc} but the cell is at {slot.loc}")
        if pv.loc is None:
            continue
        if pv.loc.line is not None and not (1 <= pv.loc.line and (doc.format not in ("text", "html")
                                                                   or pv.loc.line <= lines)):
            out.append(f"{where}: line {pv.loc.line} of {lines}")
        if pv.loc.page is not None and not 1 <= pv.loc.page <= pages:
            out.append(f"{where}: page {pv.loc.page} of {pages}")
        if pv.loc.box is not None:
            x0, top, x1, bottom = pv.loc.box
            if not (0 <= x0 <= x1 <= 14400 and 0 <= top <= bottom <= 14400):
                out.append(f"{where}: box {pv.loc.box} off the page")
    return out


def _changed_span(base: bytes, new: bytes) -> tuple[int, int, int]:
    """(start, end in base, end in new) of the bytes ``new`` changed in ``base``."""
    n = min(len(base), len(new))
    a = 0
    while a < n and base[a] == new[a]:
        a += 1
    b = 0
    while b < n - a and base[len(base) - 1 - b] == new[len(new) - 1 - b]:
        b += 1
    return a, len(base) - b, len(new) - b


_TABLE_MARKUP = {"html": re.compile(rb"<\s*/?\s*(?:table|tr|td|th|tbody)\b", re.I),
                 # in a text file any markup: a sniffed text with a <table> in it may be a page
                 "text": re.compile(rb"<\s*/?\s*[A-Za-z!?]"),
                 "docx": re.compile(rb"<w:(?:tbl|tr|tc)\b")}
_TABLE_END = {"html": re.compile(rb"<\s*/\s*table\s*>", re.I), "docx": re.compile(rb"</w:tbl>")}


def _untouched(fmt: str, base: bytes, new: bytes) -> bool:
    end = table_end(fmt, base)
    if end is None:
        return False
    own = {x.strip() for x in base[:end].split(b"\n") if len(x.strip()) >= 2} if fmt == "text" else set()
    start, _, new_end = _changed_span(base, new)
    added = new[start:new_end]
    if start < end or not new.startswith(base[:end]):
        return False
    if fmt in _TABLE_MARKUP and _TABLE_MARKUP[fmt].search(added):
        return False
    return not any(line in added for line in own)  # no table line copied after the tables


def tables_untouched(m: Mutant) -> bool:
    """True when the mutant changed no byte of the base's tables: every
    change lies after the last table (the last line holding a value of a text
    file; the last ``</table>`` of a page; the last ``</w:tbl>`` of a Word
    document's body, no other zip member changed), and what it added holds
    no table markup and no line of the tables.  PDF mutants: never (a PDF's
    bytes do not split into table and other bytes without reading it)."""
    if m.fmt in ("text", "html"):
        return _untouched(m.fmt, m.base, m.data)
    if m.fmt != "docx":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(m.base)) as z:
            base = {i.filename: z.read(i.filename) for i in z.infolist()}
        with zipfile.ZipFile(io.BytesIO(m.data)) as z:
            new = {i.filename: z.read(i.filename) for i in z.infolist()}
    except Exception:  # noqa: BLE001 - a damaged zip: not a mutant this property speaks of
        return False
    if set(base) != set(new) or any(base[k] != new[k] for k in base if k != "word/document.xml"):
        return False
    return _untouched("docx", base["word/document.xml"], new["word/document.xml"])


@functools.lru_cache(maxsize=256)
def base_report(fmt: str, base: bytes, forced: bool):  # noqa: ANN201
    import gxconvert

    return gxconvert.convert(base, path="base", reader=fmt if forced else None)


def run_one(m: Mutant, hang_seconds: float = 20.0, untouched: list[str] | None = None,
            ) -> tuple[Failure | None, float, str]:
    """Convert one mutant: (failure or None, seconds, outcome).  The names of
    mutants that left the tables untouched (and gave the base's values) are
    added to ``untouched``."""
    import gxconvert
    import gxconvert.api as api
    from gxconvert.errors import ConversionError
    from gxconvert.model import Report
    from gxconvert.options import Options

    options = Options(max_seconds=hang_seconds / 2)
    docs: list = []
    read_document = api.read_document

    def capture(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the Document the report was matched from
        doc = read_document(*args, **kwargs)
        docs.append(doc)
        return doc

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, hang_seconds)
    api.read_document = capture
    t = time.perf_counter()
    result = None
    try:
        result = gxconvert.convert(m.data, path=m.name, options=options, reader=m.fmt if m.forced else None)
        outcome = "report" if isinstance(result, Report) else type(result).__name__
        failure = None if isinstance(result, Report) else Failure(m, "exception", f"returned {outcome}")
    except Hang:
        outcome = "hang"
        failure = Failure(m, "hang", f"no result within {hang_seconds:g} s")
    except ConversionError as exc:
        msg = str(exc)
        outcome = type(exc).__name__
        if "\n" in msg or "\r" in msg:
            failure = Failure(m, "multi-line message", repr(msg[:300]))
        elif m.name not in msg:
            failure = Failure(m, "message without the file name", msg[:300])
        else:
            failure = None
    except Exception as exc:  # noqa: BLE001 - the point: anything else is a failure
        outcome = type(exc).__name__
        tb = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else "?"
        failure = Failure(m, "exception", f"{type(exc).__name__}: {str(exc)[:200]} at {where}")
    finally:
        api.read_document = read_document
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    seconds = time.perf_counter() - t
    if failure is None and isinstance(result, Report):
        problems = report_problems(result, docs[-1], m.data)
        if problems:
            failure = Failure(m, "bad report", "; ".join(problems[:5]))
        elif tables_untouched(m):
            base = base_report(m.fmt, m.base, m.forced)
            if result.values != base.values:
                diff = [f"{t}.{p}: {v!r} != base {base.values.get(t, {}).get(p)!r}"
                        for t, flat in result.values.items() for p, v in flat.items()
                        if base.values.get(t, {}).get(p) != v]
                failure = Failure(m, "tables untouched, values changed", "; ".join(diff[:5]) or "tables differ")
            elif untouched is not None:
                untouched.append(m.name)
    return failure, seconds, outcome
