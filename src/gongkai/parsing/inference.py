"""Fill a cell that is empty in the source only when two independent identities force its value.

A 表三 cell that came out empty (e.g. a PDF→Markdown extraction dropped it) is restored when its
row (six applicant columns = 总计) and its column (一+二 = （七）+四, or the outcome rows =
（七）总计) both determine it and agree. A deliberately blank cell printed as "/" or "-" is left
alone, and so is any cell that only one identity could determine. The cell keeps its raw "" and the
method ``inferred``, so checks still see that the source left it empty.
"""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.model.keys import T3_APPLICANT_KEYS, T3_ROWS, T3Layout
from gongkai.model.report import Cell, Method, Notice, Provenance


def infer_blank_t3_cells(cells: Mapping[str, Cell], layout: T3Layout) -> tuple[dict[str, Cell], list[Notice]]:
    out = dict(cells)
    inferred: list[str] = []
    rows = T3_ROWS[layout]
    outcome_keys = [r.key for r in rows if r.is_outcome]
    for row in rows:
        for col in (*T3_APPLICANT_KEYS, "total"):
            key = f"t3.{row.key}.{col}"
            cell = out.get(key)
            if cell is None or cell.value is not None or cell.provenance is None or cell.raw != "":
                continue
            by_row = _by_row(out, row.key, col)
            by_col = _by_column(out, row.key, col, outcome_keys)
            if by_row is not None and by_row == by_col and by_row >= 0:
                out[key] = Cell(key, by_row, "", Provenance(cell.provenance.loc, "", Method.INFERRED))
                inferred.append(key)
    notices = []
    if inferred:
        notices.append(Notice(
            "values-inferred",
            "以下单元格在来源中为空，其数值同时由本行合计与本列勾稽关系唯一确定，已补出（无法再独立核验）："
            + "、".join(inferred), tuple(inferred)))
    return out, notices


def _get(cells: Mapping[str, Cell], key: str) -> int | None:
    cell = cells.get(key)
    return cell.value if cell is not None and isinstance(cell.value, int) else None


def _by_row(cells: Mapping[str, Cell], row: str, col: str) -> int | None:
    others = [c for c in (*T3_APPLICANT_KEYS, "total") if c != col]
    got = [_get(cells, f"t3.{row}.{c}") for c in others]
    vals = [v for v in got if v is not None]
    if len(vals) != len(got):
        return None
    if col == "total":
        return sum(vals)
    return vals[-1] - sum(vals[:-1])


def _by_column(cells: Mapping[str, Cell], row: str, col: str, outcome_keys: list[str]) -> int | None:
    def g(r: str) -> int | None:
        return _get(cells, f"t3.{r}.{col}")

    balance = {"new": ("processed_total", "carry_forward", "carried_over", 1),
               "carried_over": ("processed_total", "carry_forward", "new", 1),
               "processed_total": ("new", "carried_over", "carry_forward", 1),
               "carry_forward": ("new", "carried_over", "processed_total", 1)}
    if row in balance:
        a, b, c, _ = balance[row]
        va, vb, vc = g(a), g(b), g(c)
        if va is None or vb is None or vc is None:
            return None
        return va + vb - vc
    if row in outcome_keys:
        total = g("processed_total")
        got = [g(r) for r in outcome_keys if r != row]
        rest = [v for v in got if v is not None]
        if total is None or len(rest) != len(got):
            return None
        return total - sum(rest)
    return None
