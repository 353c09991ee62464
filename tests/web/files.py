"""Write ledger files for the import tests (the way a clerk's spreadsheet would hold them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook


def _headers(rows: Sequence[Mapping[str, object]]) -> list[str]:
    names: list[str] = []
    for row in rows:
        names.extend(k for k in row if k not in names)
    return names


def write_xlsx(path: Path, sheets: Mapping[str, Sequence[Mapping[str, object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        headers = _headers(rows)
        ws.append(headers)
        for row in rows:
            ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Mapping[str, object]], *, encoding: str = "utf-8-sig") -> Path:
    headers = _headers(rows)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
