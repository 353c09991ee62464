"""Writing ledger spreadsheets (.xlsx with one sheet per record kind, or a .csv of one sheet) so that no
spreadsheet evaluates any cell, and so that :mod:`gongkai.readers.tabular` reads back the identical text.

* .xlsx: every text cell is written with the explicit string type (an inline string): a text starting
  with ``=``, ``+``, ``-``, ``@``, tab or CR is never a formula. Dates get the ``yyyy-mm-dd`` format.
* .csv: a text cell that starts with one of those characters — or with the escape ``'`` itself — is
  written with one leading ``'`` (the convention spreadsheets use for "text, not formula");
  :func:`gongkai.readers.tabular.csv_unescape` removes it. Documented in docs/ledger-import.md.

Text an .xlsx file cannot hold (NUL and other control characters) is refused with a Chinese error
naming the sheet, row and column instead of a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.exceptions import WriteError
from gongkai.readers.tabular import CSV_ESCAPE, FORMULA_STARTS
from gongkai.writers.files import atomic_write

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def csv_escape(text: str) -> str:
    """``text`` made safe for a CSV cell: a leading ``'`` when it starts like a formula or with ``'``."""
    return CSV_ESCAPE + text if text.startswith((*FORMULA_STARTS, CSV_ESCAPE)) else text


def _plain(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def _check(value: Any, sheet: str, row: int, column: str) -> None:
    if isinstance(value, str) and _ILLEGAL.search(value):
        where = f"工作表“{sheet}”第 {row} 行“{column}”列" if sheet else f"第 {row} 行“{column}”列"
        raise WriteError(f"{where}含有表格文件不能保存的控制字符，请先在台账中更正")


def xlsx_bytes(sheets: Mapping[str, Sequence[Mapping[str, Any]]], headers: Mapping[str, Sequence[str]]) -> bytes:
    """An .xlsx workbook with one sheet per entry of ``headers`` (in order), header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    for name, names in headers.items():
        ws = wb.create_sheet(name)
        for col, header in enumerate(names, start=1):
            cell = ws.cell(row=1, column=col, value=header)
            cell.data_type = "s"
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = max(10, 2 * len(header) + 4)
        for r, row in enumerate(sheets.get(name, ()), start=2):
            for col, header in enumerate(names, start=1):
                value = _plain(row.get(header))
                if value is None:
                    continue
                _check(value, name, r, header)
                cell = ws.cell(row=r, column=col)
                if isinstance(value, str):
                    cell.value = value
                    cell.data_type = "s"  # explicit string: never a formula, whatever it starts with
                else:
                    cell.value = value
                    if isinstance(value, dt.date):
                        cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_text(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> str:
    """The CSV text (header + rows) with text cells escaped by :func:`csv_escape`."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(names)
    for r, row in enumerate(rows, start=2):
        out = []
        for h in names:
            value = _plain(row.get(h))
            if value is None:
                out.append("")
            elif isinstance(value, dt.date):
                out.append(value.isoformat())
            elif isinstance(value, str):
                _check(value, "", r, h)
                out.append(csv_escape(value))
            else:
                out.append(str(value))
        writer.writerow(out)
    return buf.getvalue()


def write_xlsx(path: str | Path, sheets: Mapping[str, Sequence[Mapping[str, Any]]],
               headers: Mapping[str, Sequence[str]]) -> None:
    atomic_write(Path(path), xlsx_bytes(sheets, headers))


def write_csv(path: str | Path, rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> None:
    """A UTF-8 (with BOM, so Excel and WPS detect it) CSV file."""
    atomic_write(Path(path), csv_text(rows, names).encode("utf-8-sig"))
