"""The data model of gxconvert, in one place.

Two halves:

* the **document model** every reader produces: a :class:`Document` is the
  ordered sequence of :class:`Paragraph` and :class:`Table` blocks of one
  report; a table is a grid of :class:`Cell` objects with row/column spans
  and a source :class:`Location`.  Readers know their format and nothing of
  the report templates; the matcher reads nothing but this model.
* the **report model** the matcher produces: :class:`Report` with its
  :class:`Meta`, :class:`Section`, :class:`Check`, :class:`Issue` (a warning)
  and :class:`Provenance` entries.  ``Report.to_dict()`` is the canonical JSON
  of the output contract, ``docs/canonical-report.md`` in the repository.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, cast

from . import jsonindent
from .catalogue import Format, How, WarningCode
from .templates import table_name  # the forms name the tables and their short names

SCHEMA_ID = "gxconvert.report/1"

# --------------------------------------------------------------------------
# Document model (reader output)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """Where something sits in the source: 1-based line and/or page number,
    and for PDFs the box on the page (x0, top, x1, bottom in PDF points, origin
    at the top-left of the page as displayed).

    Text read from pixels (OCR) also carries the recogniser's confidence
    (0-1, the lowest of the text boxes in the cell), the box in the page
    image's own pixels and ``doubtful``: the confidence is below the OCR
    reader's threshold for a digit."""

    line: int | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    conf: float | None = None
    pixel_box: tuple[int, int, int, int] | None = None
    doubtful: bool = False

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown location"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.put(out)
        return out

    def put(self, out: dict[str, Any]) -> None:
        """Add what :meth:`to_dict` holds to ``out`` (a provenance entry's dict: no dict in between)."""
        if self.page is not None:
            out["page"] = self.page
        if self.line is not None:
            out["line"] = self.line
        if self.box is not None:
            x0, top, x1, bottom = self.box
            out["box"] = [round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)]
        if self.conf is not None:
            out["confidence"] = round(self.conf, 4)
        if self.pixel_box is not None:
            out["pixel_box"] = list(self.pixel_box)
        if self.doubtful:
            out["doubtful"] = True

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Location | None:
        """The Location ``to_dict`` wrote into a provenance entry (None when it holds none)."""
        page, line, box, conf, px = d.get("page"), d.get("line"), d.get("box"), d.get("confidence"), d.get("pixel_box")
        if page is None and line is None and not box and conf is None:
            return None
        return cls(line=line, page=page,
                   box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])) if box else None,
                   conf=float(conf) if conf is not None else None,
                   pixel_box=(int(px[0]), int(px[1]), int(px[2]), int(px[3])) if px else None,
                   doubtful=bool(d.get("doubtful", False)))


@dataclass(slots=True)
class Cell:
    """One cell of a table grid.  A merged cell is one Cell with spans."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    loc: Location | None = None

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1


_COL = attrgetter("col")


@dataclass(slots=True)
class Table:
    """A cell grid.

    ``positions_reliable`` says whether the cells' ``col``/``colspan`` can be
    trusted to line up across rows (true for docx/html/ruled pdf grids).  Text
    dumps that lose merged cells set it false: the matcher then reads a row as
    its label cells followed by its value cells, in order.

    ``rows_reliable`` false means the reader could not see row boundaries at
    all (web-page text dumps: every cell on its own line): the table is then
    one cell per row, in reading order, and the matcher reads it as a stream.
    """

    cells: list[Cell]
    loc: Location | None = None
    positions_reliable: bool = True
    rows_reliable: bool = True

    @property
    def n_rows(self) -> int:
        return max((c.last_row for c in self.cells), default=-1) + 1

    @property
    def n_cols(self) -> int:
        return max((c.last_col for c in self.cells), default=-1) + 1

    def rows(self) -> list[list[Cell]]:
        """Cells grouped by the row they start in, each row sorted by column.
        A cell spanning rows appears once, in its first row."""
        cells = self.cells
        out: list[list[Cell]] = [[] for _ in range(max([c.row + c.rowspan for c in cells], default=0))]  # n_rows
        for c in cells:
            out[c.row].append(c)
        for r in out:
            if len(r) > 1:
                r.sort(key=_COL)
        return out

    def grid(self) -> list[list[Cell | None]]:
        """Rectangular slot view: every slot a spanning cell covers points to
        that same Cell object; uncovered slots are None."""
        n_cols = self.n_cols
        g: list[list[Cell | None]] = [[None] * n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    if g[r][k] is None:
                        g[r][k] = c
        return g


@dataclass(slots=True)
class Paragraph:
    """A paragraph of running text (headings included)."""

    text: str
    loc: Location | None = None
    heading_level: int | None = None  # a reader's hint (Word heading style, <h2>)


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """What every reader returns: the blocks of one report, in order."""

    blocks: list[Block]
    format: Format
    path: str | None = None
    warnings: list[Issue] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. 发布日期 found by the reader
    ocr_pages: int = 0  # pages whose text was read from pixels (OCR)

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))


# --------------------------------------------------------------------------
# Report model (matcher output)
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Issue:
    """A warning: something the converter inferred, doubted or could not read."""

    code: WarningCode
    message: str
    where: str = ""
    #: a value another reading suggests (the form's arithmetic for a doubtful OCR cell); never put in the value
    suggested: int | float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message, "where": self.where}
        if self.suggested is not None:
            out["suggested"] = self.suggested
        return out


@dataclass(slots=True)
class Check:
    """One 勾稽关系 rule applied to one row/column/group."""

    rule: str
    ok: bool
    expected: int | float | None
    actual: int | float | None
    where: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "expected": self.expected,
                "actual": self.actual, "where": self.where}


@dataclass(slots=True)
class Provenance:
    """Where one table value came from."""

    raw: str  # the raw cell text ('' for an empty cell)
    loc: Location | None = None
    cell: tuple[int, int] | None = None  # (row, col) in the table grid
    table: int | None = None  # index of the table among the document's tables
    how: How = "cell"
    note: str = ""
    source: str = ""  # identity fields and sections: where in the report ("title", "signature", "heading" ...)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        loc = Location.from_dict(d)
        cell = d.get("cell")
        return cls(raw=d.get("raw", ""), loc=loc, cell=(int(cell[0]), int(cell[1])) if cell else None,
                   table=d.get("table"), how=cast(How, d.get("how", "cell")), note=d.get("note", ""),
                   source=d.get("source", ""))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"raw": self.raw, "how": self.how}
        if self.loc is not None:
            self.loc.put(out)
        if self.table is not None:
            out["table"] = self.table
        if self.cell is not None:
            out["cell"] = list(self.cell)
        if self.note:
            out["note"] = self.note
        if self.source:
            out["source"] = self.source
        return out


@dataclass(slots=True)
class Source:
    path: str | None
    format: Format
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "format": self.format, "sha256": self.sha256}


@dataclass(frozen=True, slots=True)
class Region:
    """The administrative division (GB/T 2260) of the reporting body's area."""

    code: str  # 6 digits
    province: str | None = None
    city: str | None = None
    county: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "province": self.province, "city": self.city, "county": self.county}


#: the identity fields of :class:`Meta`, in output order
META_FIELDS = ("title", "agency", "year", "template", "published", "publisher", "agency_key", "region")


@dataclass(slots=True)
class Meta:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None  # "2019" | "2021"
    published: str | None = None  # ISO date
    publisher: str | None = None  # the body the hosting page names (来源, 发布机构, the site) when it is not the agency
    agency_key: str | None = None  # the agency normalised for pairing years
    region: Region | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "agency": self.agency, "year": self.year,
                "template": self.template, "published": self.published, "publisher": self.publisher,
                "agency_key": self.agency_key, "region": self.region.to_dict() if self.region else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Meta:
        region = d.get("region")
        return cls(title=d.get("title"), agency=d.get("agency"), year=d.get("year"), template=d.get("template"),
                   published=d.get("published"), publisher=d.get("publisher"), agency_key=d.get("agency_key"),
                   region=Region(str(region["code"]), region.get("province"), region.get("city"),
                                 region.get("county")) if region else None)


@dataclass(slots=True)
class Section:
    number: int  # 1..6
    heading: str
    text: str
    loc: Location | None = None  # where the heading is (in the output: provenance "sections.<number>")

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "heading": self.heading, "text": self.text}


Value = int | float | None


@dataclass(slots=True)
class Report:
    """The canonical report.  ``tables`` maps table name -> dotted path ->
    value, kept flat here; ``to_dict`` nests it as the contract asks."""

    source: Source
    meta: Meta
    sections: list[Section] = field(default_factory=list)
    values: dict[str, dict[str, Value]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)  # "applications.granted.total" -> ...
    meta_provenance: dict[str, Provenance] = field(default_factory=dict)  # "agency" -> where it was read
    #: for a report read from pixels: pages, values, min/mean confidence, doubtful values (else None)
    ocr: dict[str, Any] | None = None

    def value(self, dotted: str) -> Value:
        """``report.value("applications.granted.total")``."""
        table, _, path = dotted.partition(".")
        table = table_name(table)
        return self.values.get(table, {}).get(path)

    def tables_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for table, flat in self.values.items():
            out[table] = nest(flat)
        return out

    def to_dict(self, provenance: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "source": self.source.to_dict(),
            "meta": self.meta.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "tables": self.tables_dict(),
            "checks": [c.to_dict() for c in self.checks],
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if self.ocr is not None:
            d["ocr"] = self.ocr
        if provenance:
            prov = d["provenance"] = {k: p.to_dict() for k, p in self.provenance.items()}
            for k, p in self.meta_provenance.items():
                prov[f"meta.{k}"] = p.to_dict()
            for s in self.sections:
                if s.loc is not None:
                    prov[f"sections.{s.number}"] = Provenance(raw=s.heading, loc=s.loc, how="read",
                                                              source="heading").to_dict()
        return d

    def to_json(self, provenance: bool = False, indent: int | None = 2) -> str:
        if indent is None:
            return json.dumps(self.to_dict(provenance=provenance), ensure_ascii=False)
        return jsonindent.dumps(self.to_dict(provenance=provenance), indent)  # (json.dumps's text, faster)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        """The report ``to_dict`` (with or without provenance) describes:
        ``Report.from_dict(r.to_dict(provenance=True)).to_dict(provenance=True)
        == r.to_dict(provenance=True)``."""
        src = d.get("source") or {}
        prov = {k: Provenance.from_dict(p) for k, p in (d.get("provenance") or {}).items()}
        return cls(
            source=Source(path=src.get("path"), format=cast(Format, src.get("format", "")),
                          sha256=src.get("sha256", "")),
            meta=Meta.from_dict(d.get("meta") or {}),
            sections=[Section(int(s["number"]), s.get("heading", ""), s.get("text", ""),
                              prov[f"sections.{s['number']}"].loc if f"sections.{s['number']}" in prov else None)
                      for s in d.get("sections") or []],
            values={table: flatten(tree) for table, tree in (d.get("tables") or {}).items()},
            checks=[Check(c["rule"], bool(c["ok"]), c.get("expected"), c.get("actual"), c.get("where", ""))
                    for c in d.get("checks") or []],
            warnings=[Issue(cast(WarningCode, w["code"]), w.get("message", ""), w.get("where", ""), w.get("suggested"))
                      for w in d.get("warnings") or []],
            provenance={k: p for k, p in prov.items() if not k.startswith(_NOT_VALUES)},
            meta_provenance={k[5:]: p for k, p in prov.items() if k.startswith("meta.")},
            ocr=d.get("ocr"),
        )

    @classmethod
    def from_json(cls, text: str) -> Report:
        return cls.from_dict(json.loads(text))


# provenance keys that are not table values (no table is named so)
_NOT_VALUES = ("meta.", "sections.")


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The inverse of :func:`nest`: {'a': {'b': 1}} -> {'a.b': 1}."""
    out: dict[str, Any] = {}
    for key, v in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(v, dict):
            out.update(flatten(v, dotted + "."))
        else:
            out[dotted] = v
    return out


def nest(flat: dict[str, Any]) -> dict[str, Any]:
    """{'a.b': 1, 'a.c': 2} -> {'a': {'b': 1, 'c': 2}}"""
    out: dict[str, Any] = {}
    nodes: dict[str, dict[str, Any]] = {"": out}  # dotted path -> its dict (a value's parent found in one look-up)
    for dotted, v in flat.items():
        parent, _, leaf = dotted.rpartition(".")
        node = nodes.get(parent)
        if node is None:
            node = _node(nodes, parent)
        node[leaf] = v
    return out


def _node(nodes: dict[str, dict[str, Any]], dotted: str) -> dict[str, Any]:
    """The dict at ``dotted``, made (with the dicts above it) where missing."""
    parent, _, key = dotted.rpartition(".")
    above = nodes.get(parent)
    if above is None:
        above = _node(nodes, parent)
    node: dict[str, Any] = above.setdefault(key, {})
    nodes[dotted] = node
    return node
