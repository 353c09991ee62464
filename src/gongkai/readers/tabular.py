"""Spreadsheets: the ledger files of ``gongkai ledger import`` (.xlsx with one sheet per record kind, or a
.csv of applications in UTF-8 or GB18030/GBK). This module opens and decodes them into rows of raw cells;
:mod:`gongkai.ledger.tabular` validates the rows into a ledger.

Safety: regular files only, at most :data:`MAX_SHEET_BYTES` bytes, at most :data:`MAX_ROWS` rows per sheet
and :data:`MAX_COLUMNS` columns; every cell is given back as written (formulas are never evaluated: the
cached value of a formula cell is read, never the formula). The CSV escape of
:mod:`gongkai.writers.tabular` (a leading ``'`` before text that a spreadsheet would evaluate) is undone
here, so that export → import gives back the identical text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.exceptions import ReadError
from gongkai.readers.files import decode_text, read_capped

#: Largest spreadsheet read, in bytes.
MAX_SHEET_BYTES = 64 * 1024 * 1024
#: Most rows per sheet (header included) and columns per row.
MAX_ROWS = 200_000
MAX_COLUMNS = 200
#: Encodings tried for a .csv file, in order.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
#: The CSV escape character: written before a text cell that starts with one of :data:`FORMULA_STARTS`
#: or with the escape itself, and removed (once) when reading.
CSV_ESCAPE = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, Any]


@dataclass(frozen=True)
class Sheets:
    """The rows of every sheet (header → cell, blank cells None) and each sheet's header as read.
    ``is_csv``: the file was a .csv (it holds the applications only, in the sheet ``csv_sheet``)."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    headers: dict[str, list[str]] = field(default_factory=dict)
    is_csv: bool = False


def csv_unescape(text: str) -> str:
    """Inverse of :func:`gongkai.writers.tabular.csv_escape`."""
    return text[1:] if text.startswith(CSV_ESCAPE) else text


def split_rows(rows: list[tuple[Any, ...]], where: str, source: str) -> tuple[list[str], list[Row]]:
    """Header (row 1) and data rows as dicts; trailing blank rows dropped, inner ones kept (for numbering)."""
    if not rows:
        return [], []
    if len(rows) > MAX_ROWS:
        raise ReadError(f"{where}行数过多（{len(rows)} 行，最多 {MAX_ROWS} 行）", source=source)
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise ReadError(f"{where}列数过多（{len(header)} 列，最多 {MAX_COLUMNS} 列）", source=source)
    named = [h for h in header if h]
    dupes = sorted({h for h in named if named.count(h) > 1})
    if dupes:
        raise ReadError(f"{where}第 1 行：列名重复：{'、'.join(dupes)}", source=source)
    data = [{h: (row[i] if i < len(row) else None) for i, h in enumerate(header) if h} for row in rows[1:]]
    while data and all(v is None or (isinstance(v, str) and not v.strip()) for v in data[-1].values()):
        data.pop()
    return header, data


def read_xlsx(path: str | Path) -> Sheets:
    """Every sheet of an .xlsx workbook (values only; formulas are not evaluated)."""
    from openpyxl import load_workbook

    data = read_capped(path, MAX_SHEET_BYTES, what="Excel 文件")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zipfile, KeyError, XML errors) for a broken file
        raise ReadError(f"无法读取 Excel 文件（{type(exc).__name__}: {str(exc)[:200]}）", source=str(path)) from None
    rows: dict[str, list[Row]] = {}
    headers: dict[str, list[str]] = {}
    try:
        for ws in wb.worksheets:
            cells: list[tuple[Any, ...]] = []
            for row in ws.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
                cells.append(row)
                if len(cells) > MAX_ROWS:
                    break
            header, body = split_rows(cells, f"工作表“{ws.title}”", str(path))
            rows[ws.title.strip()] = body
            headers[ws.title.strip()] = header
    except ReadError:
        raise
    except Exception as exc:  # a corrupt sheet part inside a valid zip
        raise ReadError(f"无法读取 Excel 文件（{type(exc).__name__}: {str(exc)[:200]}）", source=str(path)) from None
    finally:
        wb.close()
    return Sheets(rows, headers)


def read_csv(path: str | Path, *, sheet: str) -> Sheets:
    """A .csv file (UTF-8 with or without BOM, else GB18030) as the one sheet ``sheet``; the CSV escape of
    :func:`csv_unescape` is undone in every cell."""
    text = decode_text(read_capped(path, MAX_SHEET_BYTES, what="CSV 文件"), source=str(path),
                       encodings=CSV_ENCODINGS, what="CSV 文件", allow_nul=True)  # NUL: refused per cell
    if csv.field_size_limit() < MAX_SHEET_BYTES:  # long cells are refused per cell, naming row and column
        csv.field_size_limit(MAX_SHEET_BYTES)
    try:
        raw = []
        for record in csv.reader(io.StringIO(text, newline="")):
            raw.append(tuple(csv_unescape(c) if c != "" else None for c in record))
            if len(raw) > MAX_ROWS:
                break
    except csv.Error as exc:
        raise ReadError(f"CSV 文件格式有误：{exc}", source=str(path)) from None
    header, data = split_rows(raw, "", str(path))
    return Sheets({sheet: data}, {sheet: header}, is_csv=True)


def read_sheets(path: str | Path, *, csv_sheet: str) -> Sheets:
    """A ledger spreadsheet by its suffix: .xlsx (every sheet) or .csv (the sheet ``csv_sheet``)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".csv":
        return read_csv(path, sheet=csv_sheet)
    if suffix == ".xls":
        raise ReadError("不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx", source=str(path))
    raise ReadError("只支持 .xlsx 和 .csv 文件", source=str(path))
