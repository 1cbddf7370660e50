"""Parquet output (``pip install 'gxconvert[parquet]'``: pyarrow).

Wide: meta columns, then one column per value path (counts int64, money
float64), the same schema on every run; ``--long``: one row per value with
its provenance.  Rows go out in row groups as the batch runs, into a
temporary file renamed when complete.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..results import Result, Sink
from .atomic import AtomicFile, OutputError
from .columns import (
    FLOAT_META,
    INT_META,
    LONG_COLUMNS,
    META_COLUMNS,
    long_rows,
    money_paths,
    value_paths,
    wide_row,
)
from .registry import Request

_GROUP = 256  # reports per row group


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ModuleNotFoundError as exc:
        raise OutputError("writing Parquet needs pyarrow: pip install 'gxconvert[parquet]'") from exc
    return pyarrow


def wide_schema() -> Any:
    pa = _pyarrow()
    fields = [pa.field(c, pa.int64() if c in INT_META else pa.float64() if c in FLOAT_META else pa.string())
              for c in META_COLUMNS]
    money = money_paths()
    fields += [pa.field(p, pa.float64() if p in money else pa.int64()) for p in value_paths()]
    return pa.schema(fields)


def long_schema() -> Any:
    pa = _pyarrow()
    types = {"year": pa.int64(), "value": pa.float64(), "page": pa.int64(), "line": pa.int64(),
             "table": pa.int64()}
    return pa.schema([pa.field(c, types.get(c, pa.string())) for c in LONG_COLUMNS])


def _as_int(v: Any) -> int | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, float):
        return int(v) if v.is_integer() else None
    return int(v)


def table_of(rows: list[dict[str, Any]], schema: Any) -> Any:
    pa = _pyarrow()
    cols = {}
    for f in schema:
        values = [r.get(f.name) for r in rows]
        if pa.types.is_int64(f.type):
            values = [_as_int(v) for v in values]
        elif pa.types.is_floating(f.type):
            values = [None if v is None else float(v) for v in values]
        cols[f.name] = pa.array(values, type=f.type)
    return pa.Table.from_pydict(cols, schema=schema)


class ParquetSink(Sink):
    def __init__(self, path: str | os.PathLike[str], long: bool = False) -> None:
        pa = _pyarrow()
        self.long = long
        self.schema = long_schema() if long else wide_schema()
        self._file = AtomicFile(path, "wb")
        self._writer = pa.parquet.ParquetWriter(self._file.fh, self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._reports = 0

    def add(self, result: Result) -> None:
        if result.report is None:
            return
        if self.long:
            self._rows.extend(long_rows(result.report))
        else:
            self._rows.append(wide_row(result.report))
        self._reports += 1
        if self._reports % _GROUP == 0:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(table_of(self._rows, self.schema))
            self._rows = []

    def close(self, complete: bool = True) -> None:
        self._flush()
        self._writer.close()
        self._file.commit()


def open_sink(request: Request) -> ParquetSink:
    return ParquetSink(request.target, long=request.long)


def read_frame(path: Path, long: bool) -> Any:
    import pandas as pd
    return pd.read_parquet(path)
