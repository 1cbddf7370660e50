"""Map logical rows onto the tables of a template.

Every table comes from the form's JSON (:class:`gxconvert.templates.TableSpec`);
what is done with its rows depends only on its ``layout``: a "rows" table
(table 二) is read row by row under the header that names its columns, a
"grid" table's rows (table 三) are settled together by the form's
arithmetic, a "flat" table (table 四) is read as one run of cells."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import cast

from ..arith import equations
from ..catalogue import How
from ..model import Cell, Issue, Provenance, Table
from ..normalize import label_key, similarity, squash
from ..options import DEFAULT_OPTIONS, Options
from ..templates import RowSpec, TableSpec, Template, generation
from ..values import Unreadable, count_value, header_unit, is_blank, looks_numeric, parse_number, to_money
from .events import Heading, Item, LRow
from .glued import glued_readings
from .solver import UNKNOWN, Budget, Reading, Slot, solve

MAX_SHIFT = 3  # at most this many missing/extra cells are placed by arithmetic


@dataclass(slots=True)
class TableResult:
    values: dict[str, dict[str, object]] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)
    found: set[str] = field(default_factory=set)  # tables with at least one matched row


def at(row: LRow) -> str:
    """Where a row sits in the source, for messages: ' (line 676, row 5 of
    table 2)', rows and tables counted from 1 (a Word table's rows share the
    table's line, so the line alone does not tell them apart).  A warning's
    ``where`` names the form's table and row instead (``applications.granted``)."""
    where = [str(row.loc)] if row.loc else []
    cells = row.labels or row.values
    if cells and not isinstance(row, _FakeRow):  # a row put together from run-together text has no grid row
        where.append(f"row {cells[0].row + 1} of table {row.table + 1}")
    return f" ({', '.join(where)})" if where else ""


def _prov(cell: Cell, row: LRow, how: How = "cell", note: str = "") -> Provenance:
    table = row.cell_tables.get(id(cell), row.table) if isinstance(row, _FakeRow) else row.table
    return Provenance(cell.text, cell.loc, (cell.row, cell.col), table, how, note)


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


_UNSET: object = object()  # a memo's "not decided yet"
MAX_SCORE_CACHE = 50000  # label keys whose scores are kept per form (labels repeat from report to report)


class LabelMatcher:
    def __init__(self, template: Template) -> None:
        self.t = template
        self.candidates: list[tuple[str, RowSpec]] = [
            (t.key, r) for t in template.tables.values() if t.layout != "flat" for r in t.rows]
        self.groups = [(g.key, g.labels) for t in template.of_layout("grid") for g in t.groups]
        self.scores: dict[str, list[tuple[str, RowSpec, float]]] = {}  # label key -> _scored
        # (last label, the one before or None, group context, table context) -> match()
        self.decided: dict[tuple[str, str | None, str | None, str | None], tuple[str, RowSpec, float] | None] = {}
        self.group_by_text: dict[str, str | None] = {}  # label text -> group_of()
        self.flats = template.of_layout("flat")
        self.paths: dict[tuple[str, str], dict[str, str]] = {}  # (table, row) -> col_paths()
        self.grid_row_paths: dict[tuple[str, str], tuple[dict[str, str], str]] = {}  # (table, row) -> row_where()
        self.column_labels: dict[str, dict[str, list[str]]] = {}  # table -> columns_by_label()
        self.columns_by_text: dict[str, dict[str, list[str] | None]] = {}  # table -> cell text -> columns_of_text()
        self.table_paths: dict[str, list[str]] = {t.key: t.paths() for t in template.tables.values()}
        # each table's dotted paths -> the path in the output ("table.row.column")
        self.full_paths: dict[str, dict[str, str]] = {t: {p: f"{t}.{p}" for p in paths}
                                                      for t, paths in self.table_paths.items()}
        # (labels texts, has a number, group context, table context) -> see :meth:`read_row`
        self.rows_read: dict[tuple[tuple[str, ...], bool, str | None, str | None], _RowRead] = {}
        # (label texts, "rows" table) -> a header row's (units, columns): see :meth:`header_row`
        self.header_rows: dict[tuple[tuple[str, ...], str], tuple[list[str | None], list[str | None]]] = {}
        # (table, row, its columns in order) -> (column, "row.column", its money unit) each: :meth:`cells_of`
        self.row_cells: dict[tuple[str, str, tuple[str, ...]], list[tuple[str, str, str | None]]] = {}
        # what glued_readings can place ("table.row" of the other tables, "table.*" of a flat one)
        self.every_row = frozenset({f"{t.key}.{r.key}" for t in template.tables.values() if t.layout != "flat"
                                    for r in t.rows} | {f"{t.key}.*" for t in self.flats})
        self.headers: dict[tuple[str, ...], tuple[list[str], str | None]] = {}  # label texts -> header_of()
        # (label texts, has a number) -> row_labels()
        self.rows_seen: dict[tuple[tuple[str, ...], bool], tuple[str | None, list[str], str | None]] = {}
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
        key = (template.id, generation())
        lm = _MATCHERS.get(key)
        if lm is None:
            lm = _MATCHERS[key] = LabelMatcher(template)
        return lm

    def _scored(self, key: str) -> list[tuple[str, RowSpec, float]]:
        """(table, row, score) of every row the label key could be.  An exact
        alias wins outright; otherwise containment and similarity.  Cached
        across documents (labels repeat from report to report)."""
        cache = self.scores
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

    def header_of(self, labels: list[Cell]) -> tuple[list[str], str | None]:
        """The label keys of a row's labels, and the "flat" table whose header
        they are (its header cues), if any (kept by the texts)."""
        texts = tuple([c.text for c in labels])
        memo = self.headers
        got = memo.get(texts)
        if got is None:
            if len(memo) > MAX_SCORE_CACHE:
                memo.clear()
            keys = [label_key(t) for t in texts]
            got = memo[texts] = (keys, next((f.key for f in self.flats if f.header_cues.matches(keys)), None))
        return got

    def row_labels(self, labels: list[Cell], has_number: bool) -> tuple[str | None, list[str], str | None]:
        """Of a row's labels: the last that is a group's label (the last label of
        a row with a number aside: that is the row's own), their label keys, and
        the "flat" table whose header they are (:meth:`header_of`); kept by the
        texts (not to be changed)."""
        texts = tuple([c.text for c in labels])
        memo = self.rows_seen
        got = memo.get((texts, has_number))
        if got is None:
            if len(memo) > MAX_SCORE_CACHE:
                memo.clear()
            group = None
            for text in texts[:-1] if has_number else texts:
                g = self.group_of(text)
                if g:
                    group = g
            keys, flat = self.header_of(labels)
            got = memo[(texts, has_number)] = (group, keys, flat)
        return got

    def col_paths(self, table: TableSpec, row: str) -> dict[str, str]:
        """column -> "row.column" for each of a "grid" table's columns, in form order (not to be changed)."""
        got = self.paths.get((table.key, row))
        if got is None:
            got = self.paths[(table.key, row)] = {c.key: f"{row}.{c.key}" for c in table.columns}
        return got

    def columns_by_label(self, table: TableSpec) -> dict[str, list[str]]:
        """label key -> the keys of the columns of ``table`` it names, in form order (not to be changed)."""
        got = self.column_labels.get(table.key)
        if got is None:
            got = {}
            for col in table.columns:
                for lab in col.labels:
                    got.setdefault(lab, []).append(col.key)
            self.column_labels[table.key] = got
        return got

    def columns_of_text(self, table: TableSpec) -> Callable[[str], list[str] | None]:
        """A cell text -> the keys of the columns of ``table`` its label key
        names (:meth:`columns_by_label`; None: none), kept by the text (header
        texts repeat from report to report: each keyed once per form)."""
        memo = self.columns_by_text.get(table.key)
        if memo is None:
            memo = self.columns_by_text[table.key] = {}
        by_label = self.columns_by_label(table)

        def of_text(text: str) -> list[str] | None:
            got = memo.get(text, _UNSET)
            if got is _UNSET:
                if len(memo) > MAX_SCORE_CACHE:
                    memo.clear()
                got = memo[text] = by_label.get(label_key(text))
            return cast("list[str] | None", got)

        return of_text

    def read_row(self, row: LRow, group_ctx: str | None, ctx_table: str | None) -> _RowRead:
        """What a row's labels say in the context of the group and table read
        last (:meth:`row_labels` then :meth:`match`): the group and table
        contexts after the row, its label keys and the form row it is (None:
        none); decided once per label texts and contexts (not to be changed)."""
        labels = row.labels
        texts = tuple([c.text for c in labels])
        has_number = row.has_number
        key = (texts, has_number, group_ctx, ctx_table)
        memo = self.rows_read
        got = memo.get(key)
        if got is None:
            if len(memo) > MAX_SCORE_CACHE:
                memo.clear()
            group, keys, flat = self.row_labels(labels, has_number)
            if group:
                group_ctx = group
            if flat is not None:
                ctx_table = flat
            got = memo[key] = (group_ctx, ctx_table, keys, self.match(row, group_ctx, ctx_table))
        return got

    def header_row(self, labels: list[Cell], keys: list[str], table: TableSpec) -> tuple[list[str | None],
                                                                                         list[str | None]]:
        """A header row of a "rows" table: the money unit each label names
        (``values.header_unit``) and the column each names (``TableSpec.column_of``
        of its label key ``keys``); kept by the texts (not to be changed)."""
        memo_key = (tuple([c.text for c in labels]), table.key)
        got = self.header_rows.get(memo_key)
        if got is None:
            if len(self.header_rows) > MAX_SCORE_CACHE:
                self.header_rows.clear()
            got = self.header_rows[memo_key] = ([header_unit(c.text) for c in labels],
                                                [table.column_of(k) for k in keys])
        return got

    def cells_of(self, table: TableSpec, row: str, cols: list[str]) -> list[tuple[str, str, str | None]]:
        """A "rows" table's row read in the columns ``cols``: (column,
        "row.column", the column's money unit or None) each (not to be changed)."""
        key = (table.key, row, tuple(cols))
        got = self.row_cells.get(key)
        if got is None:
            got = self.row_cells[key] = [(c, f"{row}.{c}", table.money.get(c)) for c in cols]
        return got

    def row_where(self, table: TableSpec, row: str) -> tuple[dict[str, str], str]:
        """A "grid" table row's :meth:`col_paths` and its name in warnings ("table.row")."""
        got = self.grid_row_paths.get((table.key, row))
        if got is None:
            got = self.grid_row_paths[(table.key, row)] = (self.col_paths(table, row), f"{table.key}.{row}")
        return got

    def group_of(self, text: str) -> str | None:
        """The "grid" table group whose label ``text`` is, if any (kept by the text)."""
        memo = self.group_by_text
        got = memo.get(text, _UNSET)
        if got is _UNSET:
            if len(memo) > MAX_SCORE_CACHE:
                memo.clear()
            got = memo[text] = self._group_of(text)
        return cast("str | None", got)

    def _group_of(self, text: str) -> str | None:
        key = label_key(text)
        for gkey, labels in self.groups:
            for lab in labels:
                if key == lab or (len(lab) >= 4 and lab in key and len(key) <= len(lab) + 4):
                    return gkey
        return None

    def match(self, row: LRow, group_ctx: str | None, ctx_table: str | None) -> tuple[str, RowSpec, float] | None:
        """The form row ``row`` is (table, row, score), in the context of the
        group and table read last; decided once per label texts and context
        (labels repeat from report to report)."""
        labels = row.labels
        if not labels:
            return None
        key = (labels[-1].text, labels[-2].text if len(labels) >= 2 else None, group_ctx, ctx_table)
        memo = self.decided
        got = memo.get(key, _UNSET)
        if got is _UNSET:  # (get once: another thread may empty the memo between a test and a read)
            if len(memo) > MAX_SCORE_CACHE:
                memo.clear()
            got = memo[key] = self._match(labels, group_ctx, ctx_table)
        return cast("tuple[str, RowSpec, float] | None", got)

    def _match(self, labels: list[Cell], group_ctx: str | None,
               ctx_table: str | None) -> tuple[str, RowSpec, float] | None:
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


#: :meth:`LabelMatcher.read_row`: (group context, table context, label keys, the form row or None)
_RowRead = tuple[str | None, str | None, list[str], tuple[str, RowSpec, float] | None]

_MATCHERS: dict[tuple[str, int], LabelMatcher] = {}  # (form id, load generation) -> the form's matcher


# -- reading one row's values -------------------------------------------------


def _parse(cell: Cell, row: LRow, warnings: list[Issue], path: str, key: str = "", column_unit: str | None = None,
           money_unit: str | None = None) -> object:
    """The cell's value; null with a warning naming ``path`` (+ ``.key``) when unreadable."""
    if money_unit:
        try:
            return to_money(parse_number(cell.text), money_unit, column_unit)
        except Unreadable:
            pass
    else:
        ok, value = count_value(cell.text)
        if ok:
            return value
    _unreadable(cell, row, warnings, f"{path}.{key}" if key else path)
    return None


def _unreadable(cell: Cell, row: LRow, warnings: list[Issue], path: str) -> None:
    """Null, with a warning naming ``path``: the cell is not a number."""
    warnings.append(Issue("cell_unreadable", f"{path}: cell text {cell.text!r}{at(row)} is not a number; left null",
                          path))


def _trim(vals: list[Cell], n: int) -> list[Cell]:
    vals = list(vals)
    while len(vals) > n and is_blank(vals[-1].text):
        vals.pop()
    while len(vals) > n and is_blank(vals[0].text):
        vals.pop(0)
    return vals


def _order_readings(row: LRow, paths: list[str], warnings: list[Issue], table: str) -> list[Reading]:
    """Readings of a row read by cell order (grid positions not trusted):
    one reading when the cell count fits, else one per way to place the
    missing cells (unknown) or to drop the extra ones."""
    n = len(paths)
    vals = _trim(row.values, n)
    prefixes = {q.rsplit(".", 1)[0] for q in paths}
    row_path = f"{table}.{prefixes.pop()}" if len(prefixes) == 1 else table
    parsed = [(_parse(c, row, warnings, row_path), c) for c in vals]
    note = f"{len(parsed)} value cells for {n} columns"

    # a cell placed in a column, or a column's missing cell (None): one slot, shared by the readings
    made: dict[tuple[str, int | None], Slot] = {}

    def reading(seq: Sequence[tuple[object, Cell] | None]) -> Reading:
        slots = {}
        for path, item in zip(paths, seq, strict=False):
            key = (path, None if item is None else id(item))
            slot = made.get(key)
            if slot is None:
                slot = made[key] = Slot(UNKNOWN, None) if item is None else Slot(item[0], _prov(item[1], row))
            slots[path] = slot
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


def _column_map(table: Table, spec: TableSpec, by_text: Callable[[str], list[str] | None],
                first_numbers: dict[int, int | None], t_index: int) -> dict[int, str] | None:
    """grid column -> the "grid" table's column key, from the header cells of
    a table whose grid positions are reliable; ``by_text``: the column keys
    a cell's text names (:meth:`LabelMatcher.columns_of_text`); ``first_numbers``:
    the first row holding a number of the tables whose events know it, by
    table index (``t_index`` is this table's)."""
    if not table.positions_reliable:
        return None
    colmap: dict[int, str] = {}
    # the first row holding a number: the header is above it
    first_data_row = (first_numbers[t_index] if t_index in first_numbers
                      else min([c.row for c in table.cells if looks_numeric(c.text)], default=None))
    for c in table.cells:
        if first_data_row is not None and c.row >= first_data_row:
            continue
        cols = by_text(c.text)
        if cols is None:
            continue
        for col in cols:
            for k in range(c.col, c.col + c.colspan):
                colmap.setdefault(k, col)
    if len(set(colmap.values())) != len(spec.columns):
        return None
    return colmap


_NO_CELL = Slot(None, None)  # a column no cell of the row lies under (slots are never changed)
_COL, _COLSPAN, _TEXT, _VALUE = attrgetter("col"), attrgetter("colspan"), attrgetter("text"), itemgetter(1)
_UNREADABLE = (False, None)  # values.count_value of a cell that is not a number


@dataclass(slots=True)
class _Positional:
    """A grid row read by column overlap: one reading, kept as its values
    and cells (its :class:`Reading`, slots and provenance made only when
    the solver needs them: most rows are read one way and settle as read)."""

    values: dict[str, object]  # each path of the row (form order) -> its value (None: no cell under its column)
    cells: dict[str, Cell]  # the paths read from a cell -> that cell
    t_index: int  # the row's table among the document's tables
    unplaced: int  # value cells (blank ones too) spanning two or more header columns
    issues: list[Issue]  # what to say when this reading stands alone

    def put_provenance(self, out: dict[str, Provenance], names: dict[str, str]) -> None:
        """``out[names[path]]``: where the value was read, for each path read
        from a cell, in form order."""
        cells, t_index = self.cells, self.t_index
        for path in self.values:
            cell = cells.get(path)
            if cell is not None:
                out[names[path]] = Provenance(cell.text, cell.loc, (cell.row, cell.col), t_index, "cell", "")

    def reading(self) -> Reading:
        provs: dict[str, Provenance] = {}
        self.put_provenance(provs, {p: p for p in self.values})
        values = self.values
        return Reading({p: Slot(values[p], prov) if (prov := provs.get(p)) is not None else _NO_CELL for p in values},
                       penalty=self.unplaced)


def _positional_reading(row: LRow, table: str, prefix: str, colmap: dict[int, str], col_paths: dict[str, str],
                        warnings: list[Issue]) -> _Positional | None:
    """The row read by column overlap (grid positions trusted); ``col_paths``:
    each column's dotted path in the row (``prefix.column``), in form order."""
    values: dict[str, object] = dict.fromkeys(col_paths.values())
    cells: dict[str, Cell] = {}
    issues: list[Issue] = []
    unplaced = 0
    under = colmap.get
    vals = row.values
    if vals and max(map(_COLSPAN, vals)) == 1:  # (most rows) each cell under one grid column: placed in one go
        path_of = cast("Callable[[str | None], str | None]", col_paths.get)  # (a string: no typing object made)
        paths = list(map(path_of, map(under, map(_COL, vals))))  # (None: no form column there)
        read = list(map(count_value, map(_TEXT, vals))) if None not in paths else [_UNREADABLE]
        if _UNREADABLE not in read:  # (a cell under no column is not read: the loop below skips it)
            placed = cast("list[str]", paths)
            values.update(zip(placed, map(_VALUE, read), strict=True))
            cells.update(zip(placed, vals, strict=True))
            vals = []
    for cell in vals:
        if cell.colspan == 1:
            col = under(cell.col)
            if col is None:
                continue
        else:
            keys = {colmap[k] for k in range(cell.col, cell.col + cell.colspan) if k in colmap}
            if not keys:
                continue
            if len(keys) > 1:
                unplaced += 1
                if not is_blank(cell.text):
                    issues.append(Issue("value_spans_columns", f"{table}.{prefix}: cell {cell.text!r}{at(row)} spans "
                                        f"the columns {sorted(keys)}; left null", f"{table}.{prefix}"))
                continue
            col = keys.pop()
        key = col_paths[col]
        ok, value = count_value(cell.text)
        if not ok:
            _unreadable(cell, row, warnings, f"{table}.{key}")
        values[key] = value
        cells[key] = cell
    for cell in row.labels:
        if cell.colspan == 1:
            if cell.col in colmap:
                return None  # a label under a value column: positions are not sound
        elif any(k in colmap for k in range(cell.col, cell.col + cell.colspan)):
            return None
    if not cells:
        return None
    if len(cells) < len(values):
        missing = [col for col, path in col_paths.items() if path not in cells]
        issues.append(Issue("cell_missing", f"{table}.{prefix}: the row{at(row)} has no cell under the column(s) "
                            f"{', '.join(missing)}; left null", f"{table}.{prefix}"))
    return _Positional(values, cells, row.table, unplaced, issues)


def _grid_row_readings(row: LRow, table: str, key: str, colmap: dict[int, str], col_paths: dict[str, str],
                       warnings: list[Issue]) -> list[Reading] | _Positional:
    """A grid row's readings: by column overlap; and, when value cells span
    two header columns (a CMS page whose data rows sit on another grid than
    their header) and the row holds exactly one value cell per column, in
    cell order too — the form's arithmetic chooses (a reading that leaves
    cells unplaced loses ties).  A row read by column overlap alone is
    returned as it is read (:class:`_Positional`)."""
    pos = _positional_reading(row, table, key, colmap, col_paths, warnings)
    if pos is None:
        return _order_readings(row, list(col_paths.values()), warnings, table)
    if pos.unplaced and len(_trim(row.values, len(col_paths))) == len(col_paths):
        warnings.append(Issue("value_spans_columns", f"{table}.{key}: {pos.unplaced} value cell(s){at(row)} span two "
                              "header columns; the row is read by column overlap and in cell order, and the "
                              "form's arithmetic chooses", f"{table}.{key}"))
        return [*_order_readings(row, list(col_paths.values()), warnings, table), pos.reading()]
    warnings.extend(pos.issues)
    return pos


# -- the tables --------------------------------------------------------------


@dataclass(slots=True)
class _Gathered:
    """The rows of the "grid" and "flat" tables read so far, settled together
    at the end; each map is keyed by the table first."""

    #: a row's readings, or the row as read by column overlap (one reading)
    grid_rows: dict[str, dict[str, list[Reading] | _Positional]] = field(default_factory=dict)
    grid_where: dict[str, dict[str, str]] = field(default_factory=dict)
    flat_cells: dict[str, list[tuple[Cell, LRow]]] = field(default_factory=dict)  # a flat table as one run of cells
    flat_rows: dict[str, dict[str, list[tuple[Cell, LRow]]]] = field(default_factory=dict)  # ... by group
    glued_flat: dict[str, dict[str, list[Reading]]] = field(default_factory=dict)
    glued_flat_where: dict[str, dict[str, str]] = field(default_factory=dict)
    #: rows whose label stands in the tables' text with no digits after it ("table.row" -> the label)
    bare: dict[str, str] = field(default_factory=dict)

    def grid(self, table: str) -> dict[str, list[Reading] | _Positional]:
        return self.grid_rows.setdefault(table, {})


def match_tables(items: list[Item], template: Template, tables: list[Table],
                 options: Options = DEFAULT_OPTIONS, first_numbers: dict[int, int | None] | None = None) -> TableResult:
    """The tables' values read from the events ``items`` (``first_numbers``:
    :attr:`.events.Events.first_numbers`, when the events are at hand)."""
    bound = Budget(options.glued_search_bound)  # one budget for every table's search
    res = TableResult()
    paths = LabelMatcher.of(template).table_paths  # each table's dotted paths (not to be changed)
    for spec in template.tables.values():  # the output's tables in form order
        res.values[spec.key] = dict.fromkeys(paths[spec.key]) if spec.layout == "flat" else {}
    got = _gather_rows(items, template, res, first_numbers)
    _add_glued(items, template, res, got, bound)
    for spec in template.of_layout("grid"):
        _settle_grid(template, spec, res, got, bound)
    for spec in template.of_layout("flat"):
        _read_flat(spec, template, res, got, bound)
    for spec in template.of_layout("rows"):
        read = res.values[spec.key]
        if spec.key in res.found:
            for r in spec.rows:
                if not any(f"{r.key}.{c}" in read for c in r.columns):
                    res.warnings.append(_row_not_found(spec.key, r.key, got))
        res.values[spec.key] = {p: read.get(p) for p in paths[spec.key]}
    for t in template.tables:
        if t not in res.found:
            res.warnings.append(Issue("table_not_found",
                                      f"table {t} was not found in the document; its values are null", t))
    return res


def _gather_rows(items: list[Item], template: Template, res: TableResult,
                 first_numbers: dict[int, int | None] | None = None) -> _Gathered:
    """Walk the events: read the "rows" tables' rows, gather the "grid"
    tables' readings and the "flat" tables' cells; headings and header rows
    set the context.  ``first_numbers``: each grid table's first row holding
    a number, when the events know it (:class:`.events.Events`)."""
    got = _Gathered()
    lm = LabelMatcher.of(template)
    tables = template.tables
    sections = template.table_sections
    group_ctx: str | None = None
    ctx_table: str | None = None
    header_units: list[str | None] = []
    header_columns: list[str | None] = []  # a "rows" table: the column each label of the last header row names
    colmaps: dict[tuple[str, int], dict[int, str] | None] = {}
    known = first_numbers if first_numbers is not None else {}
    for item in items:
        if not isinstance(item, LRow):
            if isinstance(item, Heading):
                ctx_table = sections.get(item.number)
                group_ctx = None
            continue
        row = item
        # group labels among the row's labels (fill-down context), the row it is
        group_ctx, ctx_table, label_keys, m = lm.read_row(row, group_ctx, ctx_table)
        ctx = tables[ctx_table] if ctx_table is not None else None
        # a row of labels (a header) or a row left blank: a blank row of the
        # form is still found (its values are null), a header sets units
        if not row.has_number and (m is None or m[2] < 0.9 or not _marked_blank(row, tables[m[0]])
                                   or _already_read(m[0], m[1], template, res, got)):
            if ctx is not None and ctx.layout == "rows" and row.labels:
                header_units, header_columns = lm.header_row(row.labels, label_keys, ctx)
            continue
        if m is None and ctx is not None and ctx.layout == "flat":
            gkey = None
            for grp in ctx.groups:
                if row.labels and label_key(row.labels[-1].text) in grp.labels:
                    gkey = grp.key
            if gkey:
                got.flat_rows.setdefault(ctx.key, {}).setdefault(gkey, []).extend((c, row) for c in row.values)
            else:
                got.flat_cells.setdefault(ctx.key, []).extend((c, row) for c in row.values)
            res.found.add(ctx.key)
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
        tspec = tables[table]
        if tspec.layout == "rows":
            _read_row(row, spec, tspec, header_units, header_columns, res.values[table], res, lm)
            continue
        rows = got.grid(table)
        if spec.key in rows:
            res.warnings.append(Issue("duplicate_row", f"{table}.{spec.key} appears again{at(row)}; the first "
                                      "occurrence is kept", f"{table}.{spec.key}"))
            continue
        if (table, row.table) in colmaps:
            colmap = colmaps[(table, row.table)]
        else:
            colmap = colmaps[(table, row.table)] = _column_map(row.source, tspec, lm.columns_of_text(tspec),
                                                               known, row.table)
        col_paths, where = lm.row_where(tspec, spec.key)
        rows[spec.key] = (_grid_row_readings(row, table, spec.key, colmap, col_paths, res.warnings) if colmap
                          else _order_readings(row, list(col_paths.values()), res.warnings, table))
        got.grid_where.setdefault(table, {})[spec.key] = where
    return got


def _already_read(table: str, spec: RowSpec, template: Template, res: TableResult, got: _Gathered) -> bool:
    """Whether row ``spec`` of ``table`` has been read already."""
    if template.tables[table].layout == "grid":
        return spec.key in got.grid_rows.get(table, {})
    return any(k.startswith(spec.key + ".") for k in res.values[table])


def _add_glued(items: list[Item], template: Template, res: TableResult, got: _Gathered, bound: Budget) -> None:
    """Rows whose cells ran together: candidate cuts, settled with the others
    (a "rows" table's on their own, at once)."""
    found = {f"{t}.{k}" for t, rows in got.grid_rows.items() for k in rows}
    found |= {f"{t.key}.{p.rsplit('.', 1)[0]}" for t in template.of_layout("rows") for p in res.values[t.key]}
    found |= {f"{t.key}.*" for t in template.of_layout("flat") if t.key in res.found}
    if LabelMatcher.of(template).every_row <= found:
        return  # every row read from cells: glued_readings would skip whatever it found
    for glued in glued_readings(items, template, found, got.bare):
        res.found.add(glued.table)
        layout = template.tables[glued.table].layout
        if layout == "grid":
            got.grid(glued.table)[glued.key] = glued.readings
            got.grid_where.setdefault(glued.table, {})[glued.key] = glued.where
        elif layout == "rows":
            sol = solve({glued.key: glued.readings}, [], glued.table, {glued.key: glued.where}, bound)
            for p, v in sol.values.items():
                res.values[glued.table][p] = v
            for p, prov in sol.provenance.items():
                res.provenance[f"{glued.table}.{p}"] = prov
            res.warnings.extend(sol.warnings)
        else:
            got.glued_flat.setdefault(glued.table, {})[glued.key] = glued.readings
            got.glued_flat_where.setdefault(glued.table, {})[glued.key] = glued.where


def _settle_grid(template: Template, spec: TableSpec, res: TableResult, got: _Gathered, bound: Budget) -> None:
    """A "grid" table (table 三): the arithmetic over the whole table chooses among the rows' readings;
    when every row was read one way by column overlap, each value is as read."""
    t = spec.key
    lm = LabelMatcher.of(template)
    rows = got.grid_rows.get(t, {})
    full = lm.full_paths[t]
    provenance = res.provenance
    if all(type(r) is _Positional for r in rows.values()):
        read: dict[str, object] = {}
        for r in rows.values():
            read.update(cast(_Positional, r).values)
        for r in rows.values():
            cast(_Positional, r).put_provenance(provenance, full)
        value_of = read.get
    else:
        sol = solve({k: [r.reading()] if type(r) is _Positional else cast("list[Reading]", r) for k, r in rows.items()},
                    equations(template, t), t, got.grid_where.get(t, {}), bound)
        for p, prov in sol.provenance.items():
            provenance[f"{t}.{p}"] = prov
        res.warnings.extend(sol.warnings)
        value_of = sol.values.get
    paths = lm.table_paths[t]
    res.values[t].update(zip(paths, map(value_of, paths), strict=True))
    if t in res.found:
        for key in [r.key for r in spec.rows if r.key not in rows]:
            res.warnings.append(_row_not_found(t, key, got))


def _row_not_found(table: str, key: str, got: _Gathered) -> Issue:
    """The warning for a row of the form not read: its label is in the text
    with no digits after it (the table reached the text with its cells run
    together or without its blank cells, and a row of blank cells left only
    its label), or it was not found at all."""
    where = f"{table}.{key}"
    label = got.bare.get(where)
    if label is not None:
        return Issue("row_not_found", f"{where}: the row's label {label!r} is in the text with no cell after it: "
                     "where a table's cells reach the text run together or without its blank cells, a row of "
                     "blank cells leaves only its label; its values are null", where)
    return Issue("row_not_found", f"{where}: the row was not found in the table; its values are null", where)


def _marked_blank(row: LRow, table: TableSpec) -> bool:
    """Whether a row without a number still holds its values' places: a
    "grid" table's blank cells, or a dash marking an empty cell of a "rows"
    table (a header row of table 二 has no dash)."""
    if table.layout == "grid":
        return bool(row.values)
    return any(is_blank(c.text) and c.text.strip() for c in row.values)


def _row_columns(spec: RowSpec, header_columns: list[str | None]) -> list[str]:
    """The row's columns in the order the last header row places them (by
    their labels, ``column_labels``); in the form's order when the header
    does not name each of them exactly once."""
    named = [c for c in header_columns if c is not None]
    if len(named) == len(spec.columns) and set(named) == set(spec.columns):
        return named
    return list(spec.columns)


def _read_row(row: LRow, spec: RowSpec, table: TableSpec, header_units: list[str | None],
              header_columns: list[str | None], out: dict[str, object], res: TableResult, lm: LabelMatcher) -> None:
    """One row of a "rows" table (table 二), read in place."""
    t = table.key
    cols = _row_columns(spec, header_columns)
    vals = _trim(row.values, len(cols))
    cells = lm.cells_of(table, spec.key, cols)
    if any(path in out for _, path, _ in cells):
        res.warnings.append(Issue("duplicate_row",
                                  f"{t}.{spec.key} appears again{at(row)}; the first occurrence is kept",
                                  f"{t}.{spec.key}"))
        return
    if len(vals) != len(cols):
        raw = ", ".join(repr(c.text) for c in vals)
        res.warnings.append(Issue("row_length", f"{t}.{spec.key}: {len(vals)} value cells ({raw}){at(row)} for "
                                  f"{len(cols)} columns; which column each belongs to is unknown, left null",
                                  f"{t}.{spec.key}"))
        for _, path, _ in cells:
            out[path] = None
        return
    full = lm.full_paths[t]
    units = len(header_units) == len(cols) + 1
    for i, ((_, path, money), cell) in enumerate(zip(cells, vals, strict=True)):
        unit = header_units[i + 1] if units else None
        out[path] = _parse(cell, row, res.warnings, t, path, unit, money)
        res.provenance[full[path]] = _prov(cell, row)


def _read_flat(spec: TableSpec, template: Template, res: TableResult, got: _Gathered, bound: Budget) -> None:
    """A "flat" table (table 四): its cells by group, else as one run in the
    form's order, else its glued run; the arithmetic settles them."""
    t = spec.key
    cols = [c.key for c in spec.columns]
    out = res.values[t]
    by_group = got.flat_rows.get(t, {})
    cells = got.flat_cells.get(t, [])
    readings: dict[str, list[Reading]] = {}
    wh: dict[str, str] = {}
    if by_group:
        for g, items in by_group.items():
            readings[g] = _order_readings(_FakeRow(items), [f"{g}.{c}" for c in cols], res.warnings, t)
            wh[g] = f"{t}.{g}"
    elif cells:
        # one run of value cells in the form's order: group by group
        readings["*"] = _order_readings(_FakeRow(cells), spec.paths(), res.warnings, t)
        wh["*"] = t
    if not readings and got.glued_flat.get(t):
        readings, wh = dict(got.glued_flat[t]), dict(got.glued_flat_where[t])
    if not readings:
        return
    sol = solve(readings, equations(template, t), t, wh, bound)
    lm = LabelMatcher.of(template)
    got_values = sol.values
    for p in lm.table_paths[t]:
        if p in got_values:
            out[p] = got_values[p]
    full = lm.full_paths[t]
    for p, prov in sol.provenance.items():
        res.provenance[full[p]] = prov
    res.warnings.extend(sol.warnings)


class _FakeRow(LRow):
    """A row made of value cells gathered for one group of a "flat" table."""

    def __init__(self, items: list[tuple[Cell, LRow]]) -> None:
        first = items[0][1]
        super().__init__([], [c for c, _ in items], first.table, first.source, first.loc)
        self.cell_tables = {id(c): r.table for c, r in items}  # cells gathered from rows of several tables
