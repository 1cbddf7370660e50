"""Map logical rows onto the three report tables of a template."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..arith import equations
from ..catalogue import How
from ..model import Cell, Issue, Provenance, Table
from ..normalize import label_key, similarity, squash
from ..options import DEFAULT_OPTIONS, Options
from ..templates import RowSpec, Template
from ..values import Unreadable, header_unit, is_blank, looks_numeric, parse_number, to_count, to_money
from .events import Heading, Item, LRow
from .glued import glued_readings
from .solver import UNKNOWN, Budget, Reading, Slot, solve

ACTIVE, APPS, REVIEW = "active_disclosure", "applications", "review_litigation"
MAX_SHIFT = 3  # at most this many missing/extra cells are placed by arithmetic


@dataclass(slots=True)
class TableResult:
    values: dict[str, dict[str, object]] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)
    found: set[str] = field(default_factory=set)  # tables with at least one matched row


def at(row: LRow) -> str:
    """Where a row sits in the source, for messages: ' (line 676)'.  A
    warning's ``where`` names the table and row instead (``applications.granted``)."""
    return f" ({row.loc})" if row.loc else ""


def _prov(cell: Cell, row: LRow, how: How = "cell", note: str = "") -> Provenance:
    table = row.cell_tables.get(id(cell), row.table) if isinstance(row, _FakeRow) else row.table
    return Provenance(raw=cell.text, loc=cell.loc, cell=(cell.row, cell.col), table=table, how=how, note=note)


# -- label matching -----------------------------------------------------------


def _alias_score(key: str, alias: str) -> float:
    if not key:
        return 0.0
    if key == alias:
        return 1.0
    if len(alias) < 4:
        return 0.0  # short labels (under four characters) only match exactly
    if alias in key:
        return 0.93
    if len(key) >= 4 and key in alias:
        return 0.85 if len(key) * 2 >= len(alias) else 0.0
    return similarity(key, alias, floor=MATCH_FLOOR)


MATCH_FLOOR = 0.75


MAX_SCORE_CACHE = 50000  # label keys whose scores are kept per form (labels repeat from report to report)


class LabelMatcher:
    def __init__(self, template: Template) -> None:
        self.t = template
        self.candidates: list[tuple[str, RowSpec]] = [(ACTIVE, r) for r in template.active_rows]
        self.candidates += [(APPS, r) for r in template.app_rows]
        self.groups = [(g.key, g.labels) for g in template.app_groups]
        self.exact: dict[str, list[tuple[str, RowSpec]]] = {}
        for table, spec in self.candidates:
            for a in spec.labels:
                self.exact.setdefault(a, []).append((table, spec))
        # aliases long enough to match other than exactly, and for each
        # character the aliases holding it (count): only aliases sharing
        # enough characters with a label are compared with it
        self.aliases: list[tuple[str, RowSpec, str]] = [
            (table, spec, a) for table, spec in self.candidates for a in spec.labels if len(a) >= 4]
        self.by_char: dict[str, list[tuple[int, int]]] = {}
        for ai, (_, _, a) in enumerate(self.aliases):
            for ch in set(a):
                self.by_char.setdefault(ch, []).append((ai, a.count(ch)))

    @staticmethod
    def of(template: Template) -> LabelMatcher:
        """The form's matcher, built once per loaded form."""
        lm = template.derived.get("label_matcher")
        if not isinstance(lm, LabelMatcher):
            lm = template.derived["label_matcher"] = LabelMatcher(template)
        return lm

    def _scored(self, key: str) -> list[tuple[str, RowSpec, float]]:
        """(table, row, score) of every row the label key could be.  An exact
        alias wins outright; otherwise containment and similarity.  Cached
        across documents (labels repeat from report to report)."""
        cache: dict[str, list[tuple[str, RowSpec, float]]] = self.t.derived.setdefault("label_scores", {})
        hit = cache.get(key)
        if hit is None:
            hit = [(table, spec, 1.0) for table, spec in self.exact[key]] if key in self.exact else self._similar(key)
            if len(cache) > MAX_SCORE_CACHE:
                cache.clear()
            cache[key] = hit
        return hit

    def _similar(self, key: str) -> list[tuple[str, RowSpec, float]]:
        """Rows whose aliases contain the key, are contained in it, or are
        similar enough; aliases sharing too few characters are not compared
        (work per label bounded by the form's size, not its square)."""
        shared: dict[int, int] = {}
        for ch in set(key):
            kc = key.count(ch)
            for ai, ac in self.by_char.get(ch, ()):
                shared[ai] = shared.get(ai, 0) + min(kc, ac)
        best: dict[int, tuple[str, RowSpec, float]] = {}
        lk = len(key)
        for ai, common in shared.items():
            table, spec, a = self.aliases[ai]
            la = len(a)
            if common != la and common != lk and 2.0 * common / (la + lk) < MATCH_FLOOR:
                continue  # neither contains the other, nor can they be similar
            sc = _alias_score(key, a)
            if sc > 0 and (id(spec) not in best or sc > best[id(spec)][2]):
                best[id(spec)] = (table, spec, sc)
        order = {id(spec): k for k, (_, spec) in enumerate(self.candidates)}
        return sorted(best.values(), key=lambda x: order[id(x[1])])

    def group_of(self, text: str) -> str | None:
        key = label_key(text)
        for gkey, labels in self.groups:
            for lab in labels:
                if key == lab or (len(lab) >= 4 and lab in key and len(key) <= len(lab) + 4):
                    return gkey
        return None

    def match(self, row: LRow, group_ctx: str | None, ctx_table: str | None) -> tuple[str, RowSpec, float] | None:
        labels = row.labels
        if not labels:
            return None
        keys = [label_key(labels[-1].text)]
        if len(labels) >= 2:
            keys.append(label_key(labels[-2].text + labels[-1].text))
        scored: dict[int, tuple[str, RowSpec, float]] = {}
        for k in keys:
            for table, spec, s in self._scored(k):
                if id(spec) not in scored or s > scored[id(spec)][2]:
                    scored[id(spec)] = (table, spec, s)
        best: tuple[str, RowSpec, float] | None = None
        for table, spec, s in scored.values():
            short = min(len(a) for a in spec.labels) < 4
            if spec.group and short and group_ctx != spec.group:
                continue
            if short and ctx_table not in (None, table):
                continue
            if ctx_table and table != ctx_table:
                s -= 0.1
            if best is None or s > best[2]:
                best = (table, spec, s)
        if best and best[2] >= 0.75:
            return best
        return None


# -- reading one row's values -------------------------------------------------


def _parse(cell: Cell, row: LRow, warnings: list[Issue], path: str, column_unit: str | None = None,
           money_unit: str | None = None) -> object:
    try:
        p = parse_number(cell.text)
    except Unreadable:
        warnings.append(Issue("cell_unreadable",
                              f"{path}: cell text {cell.text!r}{at(row)} is not a number; left null", path))
        return None
    if money_unit:
        return to_money(p, money_unit, column_unit)
    return to_count(p)


def _trim(vals: list[Cell], n: int) -> list[Cell]:
    vals = list(vals)
    while len(vals) > n and is_blank(vals[-1].text):
        vals.pop()
    while len(vals) > n and is_blank(vals[0].text):
        vals.pop(0)
    return vals


def _order_readings(row: LRow, paths: list[str], warnings: list[Issue], table: str = APPS) -> list[Reading]:
    """Readings of a row read by cell order (grid positions not trusted):
    one reading when the cell count fits, else one per way to place the
    missing cells (unknown) or to drop the extra ones."""
    n = len(paths)
    vals = _trim(row.values, n)
    prefixes = {q.rsplit(".", 1)[0] for q in paths}
    row_path = f"{table}.{prefixes.pop()}" if len(prefixes) == 1 else table
    parsed = [(_parse(c, row, warnings, row_path), c) for c in vals]
    note = f"{len(parsed)} value cells for {n} columns"

    def reading(seq: Sequence[tuple[object, Cell] | None]) -> Reading:
        slots = {}
        for path, item in zip(paths, seq, strict=False):
            slots[path] = Slot(UNKNOWN, None) if item is None else Slot(item[0], _prov(item[1], row))
        return Reading(slots, note if len(parsed) != n else "")

    if len(parsed) == n:
        return [reading(parsed)]
    k = abs(n - len(parsed))
    if k > MAX_SHIFT:
        raw = ", ".join(repr(c.text) for c in vals)
        warnings.append(Issue("row_length", f"{row_path}: {len(parsed)} value cells ({raw}){at(row)} for {n} columns: "
                              "too far off to place; left null", row_path))
        return [Reading({p: Slot(None, None) for p in paths})]
    if len(parsed) < n:
        out = []
        for missing in itertools.combinations(range(n), k):
            it = iter(parsed)
            out.append(reading([None if i in missing else next(it) for i in range(n)]))
        return out
    return [reading([x for i, x in enumerate(parsed) if i not in drop])
            for drop in itertools.combinations(range(len(parsed)), k)]


def _column_map(table: Table, template: Template) -> dict[int, str] | None:
    """grid column -> applications column key, from the header cells of a
    table whose grid positions are reliable."""
    if not table.positions_reliable:
        return None
    colmap: dict[int, str] = {}
    first_data_row = None
    for r in table.rows():
        if any(looks_numeric(c.text) for c in r):
            first_data_row = r[0].row
            break
    for c in table.cells:
        if first_data_row is not None and c.row >= first_data_row:
            continue
        key = label_key(c.text)
        for col in template.app_columns:
            if key in col.labels:
                for k in range(c.col, c.col + c.colspan):
                    colmap.setdefault(k, col.key)
    if len(set(colmap.values())) != len(template.app_columns):
        return None
    return colmap


@dataclass(slots=True)
class _Positional:
    reading: Reading
    unplaced: int  # value cells (blank ones too) spanning two or more header columns
    issues: list[Issue]  # what to say when this reading stands alone


def _positional_reading(row: LRow, prefix: str, colmap: dict[int, str], cols: list[str],
                        warnings: list[Issue]) -> _Positional | None:
    """The row read by column overlap (grid positions trusted)."""
    slots: dict[str, Slot] = {f"{prefix}.{c}": Slot(None, None) for c in cols}
    seen = False
    issues: list[Issue] = []
    unplaced = 0
    for cell in row.values + row.labels:
        keys = {colmap[k] for k in range(cell.col, cell.col + cell.colspan) if k in colmap}
        if not keys:
            continue
        if cell in row.labels:
            return None  # a label under a value column: positions are not sound
        if len(keys) > 1:
            unplaced += 1
            if not is_blank(cell.text):
                issues.append(Issue("value_spans_columns", f"{APPS}.{prefix}: cell {cell.text!r}{at(row)} spans the "
                                    f"columns {sorted(keys)}; left null", f"{APPS}.{prefix}"))
            continue
        seen = True
        key = f"{prefix}.{keys.pop()}"
        slots[key] = Slot(_parse(cell, row, warnings, f"{APPS}.{key}"), _prov(cell, row))
    if not seen:
        return None
    missing = [k.rsplit(".", 1)[1] for k, slot in slots.items() if slot.prov is None]
    if missing:
        issues.append(Issue("cell_missing", f"{APPS}.{prefix}: the row{at(row)} has no cell under the column(s) "
                            f"{', '.join(missing)}; left null", f"{APPS}.{prefix}"))
    return _Positional(Reading(slots, penalty=unplaced), unplaced, issues)


def _grid_row_readings(row: LRow, key: str, colmap: dict[int, str], cols: list[str],
                       warnings: list[Issue]) -> list[Reading]:
    """A grid row's readings: by column overlap; and, when value cells span
    two header columns (a CMS page whose data rows sit on another grid than
    their header) and the row holds exactly one value cell per column, in
    cell order too — the form's arithmetic chooses (a reading that leaves
    cells unplaced loses ties)."""
    pos = _positional_reading(row, key, colmap, cols, warnings)
    paths = [f"{key}.{c}" for c in cols]
    if pos is None:
        return _order_readings(row, paths, warnings)
    if pos.unplaced and len(_trim(row.values, len(cols))) == len(cols):
        warnings.append(Issue("value_spans_columns", f"{APPS}.{key}: {pos.unplaced} value cell(s){at(row)} span two "
                              "header columns; the row is read by column overlap and in cell order, and the "
                              "form's arithmetic chooses", f"{APPS}.{key}"))
        return [*_order_readings(row, paths, warnings), pos.reading]
    warnings.extend(pos.issues)
    return [pos.reading]


# -- the tables --------------------------------------------------------------


@dataclass(slots=True)
class _Gathered:
    """The rows of tables 三 and 四 read so far, settled together at the end."""

    app_rows: dict[str, list[Reading]] = field(default_factory=dict)
    app_where: dict[str, str] = field(default_factory=dict)
    review_cells: list[tuple[Cell, LRow]] = field(default_factory=list)  # table 四 as one run of cells
    review_rows: dict[str, list[tuple[Cell, LRow]]] = field(default_factory=dict)  # table 四 by group
    glued_review: dict[str, list[Reading]] = field(default_factory=dict)
    glued_review_where: dict[str, str] = field(default_factory=dict)


def match_tables(items: list[Item], template: Template, tables: list[Table],
                 options: Options = DEFAULT_OPTIONS) -> TableResult:
    bound = Budget(options.glued_search_bound)  # one budget for every table's search
    res = TableResult()
    active = res.values.setdefault(ACTIVE, {})
    got = _gather_rows(items, template, res, active)
    _add_glued(items, template, res, active, got, bound)
    _settle_applications(template, res, got, bound)
    _read_review(got.review_cells, got.review_rows, template, res, got.glued_review, got.glued_review_where,
                 bound)
    full_active = {p: active.get(p) for p in template.paths(ACTIVE)}
    if ACTIVE in res.found:
        for spec in template.active_rows:
            if not any(f"{spec.key}.{c}" in active for c in spec.columns):
                res.warnings.append(Issue("row_not_found", f"{ACTIVE}.{spec.key}: the row was not found in the table; "
                                          "its values are null", f"{ACTIVE}.{spec.key}"))
    res.values[ACTIVE] = full_active
    for t in (ACTIVE, APPS, REVIEW):
        if t not in res.found:
            res.warnings.append(Issue("table_not_found",
                                      f"table {t} was not found in the document; its values are null", t))
    return res


def _gather_rows(items: list[Item], template: Template, res: TableResult, active: dict[str, object]) -> _Gathered:
    """Walk the events: read table 二's rows, gather table 三's readings and
    table 四's cells; headings and header rows set the context."""
    got = _Gathered()
    lm = LabelMatcher.of(template)
    group_ctx: str | None = None
    ctx_table: str | None = None
    header_units: list[str | None] = []
    header_columns: list[str | None] = []  # table 二: the column each label of the last header row names
    colmaps: dict[int, dict[int, str] | None] = {}
    app_cols = [c.key for c in template.app_columns]
    review_group_labels = {g.key: g.labels for g in template.review_groups}
    for item in items:
        if isinstance(item, Heading):
            ctx_table = template.table_sections.get(item.number)
            group_ctx = None
            continue
        if not isinstance(item, LRow):
            continue
        row = item
        # group labels among the row's labels (fill-down context)
        for c in row.labels[:-1] if row.has_number else row.labels:
            g = lm.group_of(c.text)
            if g:
                group_ctx = g
        label_keys = [label_key(c.text) for c in row.labels]
        if template.review_header.matches(label_keys):
            ctx_table = REVIEW
        m = lm.match(row, group_ctx, ctx_table)
        # a row of labels (a header) or a row left blank: a blank row of the
        # form is still found (its values are null), a header sets units
        if not row.has_number and (
                m is None or m[0] not in (APPS, ACTIVE) or m[2] < 0.9 or not _marked_blank(row, m[0])
                or m[1].key in got.app_rows or (m[0] == ACTIVE and any(k.startswith(m[1].key + ".") for k in active))):
            if ctx_table == ACTIVE and row.labels:
                header_units = [header_unit(c.text) for c in row.labels]
                header_columns = [template.active_column_of(k) for k in label_keys]
            continue
        if m is None and ctx_table == REVIEW:
            gkey = None
            for gk, labs in review_group_labels.items():
                if row.labels and label_key(row.labels[-1].text) in labs:
                    gkey = gk
            if gkey:
                got.review_rows.setdefault(gkey, []).extend((c, row) for c in row.values)
            else:
                got.review_cells.extend((c, row) for c in row.values)
            res.found.add(REVIEW)
            continue
        if m is None:
            if row.labels:
                shown = " / ".join(squash(c.text) for c in row.labels)
                res.warnings.append(Issue("unmatched_row", f"row {shown!r}{at(row)} matches no row of the "
                                          f"{template.id} form; its values are not used", ctx_table or "tables"))
            continue
        table, spec, score = m
        ctx_table = table
        res.found.add(table)
        if spec.group is None and not spec.is_group_row:
            group_ctx = None
        elif spec.group is not None:
            # a row of a group sets the context for its siblings, also when the
            # group's label was folded into this row's label cell (a wrapped PDF table)
            group_ctx = spec.group
        if score < 0.9:
            res.warnings.append(Issue("label_matched_loosely", f"row {squash(row.labels[-1].text)!r}{at(row)} read as "
                                      f"{table}.{spec.key} (similarity {score:.2f})", f"{table}.{spec.key}"))
        if table == ACTIVE:
            _read_active(row, spec, template, header_units, header_columns, active, res)
        else:
            if spec.key in got.app_rows:
                res.warnings.append(Issue("duplicate_row", f"{APPS}.{spec.key} appears again{at(row)}; the first "
                                          "occurrence is kept", f"{APPS}.{spec.key}"))
                continue
            if row.table not in colmaps:
                colmaps[row.table] = _column_map(row.source, template)
            colmap = colmaps[row.table]
            got.app_rows[spec.key] = (_grid_row_readings(row, spec.key, colmap, app_cols, res.warnings) if colmap
                                  else _order_readings(row, [f"{spec.key}.{c}" for c in app_cols], res.warnings))
            got.app_where[spec.key] = f"{APPS}.{spec.key}"
    return got


def _add_glued(items: list[Item], template: Template, res: TableResult, active: dict[str, object],
               got: _Gathered, bound: Budget) -> None:
    """Rows whose cells ran together: candidate cuts, settled with the others
    (table 二's on their own, at once)."""
    found = {f"{APPS}.{k}" for k in got.app_rows} | {f"{ACTIVE}.{p.rsplit('.', 1)[0]}" for p in active}
    if REVIEW in res.found:
        found.add(f"{REVIEW}.*")
    for glued in glued_readings(items, template, found):
        res.found.add(glued.table)
        if glued.table == APPS:
            got.app_rows[glued.key] = glued.readings
            got.app_where[glued.key] = glued.where
        elif glued.table == ACTIVE:
            sol = solve({glued.key: glued.readings}, [], ACTIVE, {glued.key: glued.where}, bound)
            for p, v in sol.values.items():
                active[p] = v
            for p, prov in sol.provenance.items():
                res.provenance[f"{ACTIVE}.{p}"] = prov
            res.warnings.extend(sol.warnings)
        elif glued.table == REVIEW:
            got.glued_review[glued.key] = glued.readings
            got.glued_review_where[glued.key] = glued.where


def _settle_applications(template: Template, res: TableResult, got: _Gathered, bound: Budget) -> None:
    """Table 三: the arithmetic over the whole table chooses among the rows' readings."""
    sol = solve(got.app_rows, equations(template, APPS), APPS, got.app_where, bound)
    apps = res.values.setdefault(APPS, {})
    for path in template.paths(APPS):
        apps[path] = sol.values.get(path)
    for p, prov in sol.provenance.items():
        res.provenance[f"{APPS}.{p}"] = prov
    res.warnings.extend(sol.warnings)
    if APPS in res.found:
        for key in [r.key for r in template.app_rows if r.key not in got.app_rows]:
            res.warnings.append(Issue("row_not_found", f"{APPS}.{key}: the row was not found in the table; its "
                                      "values are null", f"{APPS}.{key}"))


def _marked_blank(row: LRow, table: str) -> bool:
    """Whether a row without a number still holds its values' places: table
    三's blank cells, or a dash marking an empty cell of table 二 (a header row
    of table 二 has no dash)."""
    if table == APPS:
        return bool(row.values)
    return any(is_blank(c.text) and c.text.strip() for c in row.values)


def _active_columns(spec: RowSpec, header_columns: list[str | None]) -> list[str]:
    """The row's columns in the order the last header row places them (by
    their labels, ``column_labels``); in the form's order when the header
    does not name each of them exactly once."""
    named = [c for c in header_columns if c is not None]
    if len(named) == len(spec.columns) and set(named) == set(spec.columns):
        return named
    return list(spec.columns)


def _read_active(row: LRow, spec: RowSpec, template: Template, header_units: list[str | None],
                 header_columns: list[str | None], out: dict[str, object], res: TableResult) -> None:
    cols = _active_columns(spec, header_columns)
    vals = _trim(row.values, len(cols))
    if any(f"{spec.key}.{c}" in out for c in cols):
        res.warnings.append(Issue("duplicate_row",
                                  f"{ACTIVE}.{spec.key} appears again{at(row)}; the first occurrence is kept",
                                  f"{ACTIVE}.{spec.key}"))
        return
    if len(vals) != len(cols):
        raw = ", ".join(repr(c.text) for c in vals)
        res.warnings.append(Issue("row_length", f"{ACTIVE}.{spec.key}: {len(vals)} value cells ({raw}){at(row)} for "
                                  f"{len(cols)} columns; which column each belongs to is unknown, left null",
                                  f"{ACTIVE}.{spec.key}"))
        for c in cols:
            out[f"{spec.key}.{c}"] = None
        return
    for i, (col, cell) in enumerate(zip(cols, vals, strict=False)):
        money = template.active_money.get(col)
        unit = header_units[i + 1] if len(header_units) == len(cols) + 1 else None
        v = _parse(cell, row, res.warnings, f"{ACTIVE}.{spec.key}.{col}", column_unit=unit, money_unit=money)
        out[f"{spec.key}.{col}"] = v
        res.provenance[f"{ACTIVE}.{spec.key}.{col}"] = _prov(cell, row)


def _read_review(cells: list[tuple[Cell, LRow]], by_group: dict[str, list[tuple[Cell, LRow]]],
                 template: Template, res: TableResult, glued: dict[str, list[Reading]],
                 glued_where: dict[str, str], bound: Budget) -> None:
    cols = [c.key for c in template.review_columns]
    out = res.values.setdefault(REVIEW, {p: None for p in template.paths(REVIEW)})
    readings: dict[str, list[Reading]] = {}
    wh: dict[str, str] = {}
    if by_group:
        for g, items in by_group.items():
            readings[g] = _order_readings(_FakeRow(items), [f"{g}.{c}" for c in cols], res.warnings, REVIEW)  # type: ignore[arg-type]
            wh[g] = f"{REVIEW}.{g}"
    elif cells:
        # one run of value cells in the form's order: group by group
        readings["*"] = _order_readings(_FakeRow(cells), template.paths(REVIEW), res.warnings, REVIEW)  # type: ignore[arg-type]
        wh["*"] = REVIEW
    if not readings and glued:
        readings, wh = dict(glued), dict(glued_where)
    if not readings:
        return
    sol = solve(readings, equations(template, REVIEW), REVIEW, wh, bound)
    for p in template.paths(REVIEW):
        if p in sol.values:
            out[p] = sol.values[p]
    for p, prov in sol.provenance.items():
        res.provenance[f"{REVIEW}.{p}"] = prov
    res.warnings.extend(sol.warnings)


class _FakeRow:
    """A row made of value cells gathered for one review group."""

    def __init__(self, items: list[tuple[Cell, LRow]]) -> None:
        first = items[0][1]
        self.values = [c for c, _ in items]
        self.cell_tables = {id(c): r.table for c, r in items}  # cells gathered from rows of several tables
        self.labels: list[Cell] = []
        self.table = first.table
        self.loc = first.loc
