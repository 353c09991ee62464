"""Writers of ``gongkai corpus export``: CSV (UTF-8 with BOM, opens in Excel), XLSX, Parquet (DuckDB).

Rows are streamed from the database; Parquet is written by DuckDB from a typed intermediate CSV (so
neither pyarrow nor a DuckDB extension is needed), with the column types of
:data:`gongkai_web.corpus.selectors.CELL_COLUMNS` and friends.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gongkai.exceptions import WriteError

XLSX_MAX_ROWS = 1_048_575
_NULL = "\\N"


def write(path: Path, fmt: str, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``rows`` to ``path`` in ``fmt`` (csv, xlsx, parquet). Returns the number of rows."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if fmt == "csv":
            n = _csv(tmp, [c for c, _ in columns], rows, bom=True)
        elif fmt == "xlsx":
            n = _xlsx(tmp, [c for c, _ in columns], rows)
        elif fmt == "parquet":
            n = _parquet(tmp, columns, rows)
        else:
            raise WriteError(f"不支持的导出格式：{fmt}（csv、xlsx 或 parquet）")
        os.replace(tmp, path)
    except OSError as exc:
        raise WriteError(f"无法写入 {path}：{exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return n


def _text(value: Any, null: str) -> Any:
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool, null: str = "") -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(v, null) for v in row])
            n += 1
    return n


def _xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(list(header))
    n = 0
    for row in rows:
        n += 1
        if n > XLSX_MAX_ROWS:
            raise WriteError(f"数据超过 Excel 工作表的行数上限（{XLSX_MAX_ROWS} 行）：请导出为 csv 或 parquet")
        ws.append(list(row))
    wb.save(path)
    return n


def _parquet(path: Path, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]) -> int:
    import duckdb

    fd, staging = tempfile.mkstemp(suffix=".csv", prefix="gongkai-export-")
    os.close(fd)
    try:
        n = _csv(Path(staging), [c for c, _ in columns], rows, bom=False, null=_NULL)
        spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns) + "}"
        con = duckdb.connect()
        try:
            con.execute(
                f"COPY (SELECT * FROM read_csv(?, header=true, columns={spec}, nullstr='\\N', quote='\"', "
                f"escape='\"', sample_size=-1)) TO '{_sql_path(path)}' (FORMAT parquet, COMPRESSION zstd)",
                [staging])
        finally:
            con.close()
    finally:
        Path(staging).unlink(missing_ok=True)
    return n


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
