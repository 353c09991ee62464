"""Digits read by OCR are exact or flagged: confirm low-confidence cells by the table identities, never guess.

A cell read by OCR carries the recogniser's confidence in its weakest digit (``Location.conf``; a
letter read as a look-alike digit has at most ``readers.ocr.SUBSTITUTED_CONF``). A cell below
:data:`CERTAIN` is *uncertain*. The identities of 表三 (each row: six applicant columns = 总计; each
column: 本年新收 + 上年结转 = （七）总计 + 结转下年度, and the outcome rows = （七）总计) and of 表四
(each group: four results = 总计) then decide, using only cells that are certain or already settled:

* the value read is **confirmed** when an identity in which it is the only unsettled cell gives
  exactly that value (and no identity gives another);
* an identity whose unsettled cells are all on one side and must add up to 0 gives each of them 0
  (counts are never negative): most cells of these tables are 0;
* a different value is **taken** only when at least two independent identities give it, they agree,
  and it has as many digits as the reading (the table's arithmetic and the glyphs agree);
* otherwise the cell is left empty (``None``) with the warning ``ocr-uncertain``.

Settled cells feed the next round, so a chain of uncertain cells is settled as far as it is certain.
Taken values keep their raw reading and are reported as ``values-inferred`` (they can no longer be
checked independently), like the other cells the identities fix.
"""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.model.keys import T3_APPLICANT_KEYS, T3_COLUMN_KEYS, T3_ROWS, T4_COLUMNS, T4_GROUPS, T3Layout, label_of
from gongkai.model.report import Cell, Method, Notice, Number, Provenance

#: Cells read with a confidence below this are uncertain.
CERTAIN = 0.9

# An identity: sum(plus) == sum(minus).
Identity = tuple[tuple[str, ...], tuple[str, ...]]


def identities(layout: T3Layout | None) -> list[Identity]:
    """The arithmetic identities of 表三 (for ``layout``) and 表四, as (plus keys, minus keys)."""
    out: list[Identity] = []
    if layout is not None:
        rows = T3_ROWS[layout]
        for row in rows:
            out.append((tuple(f"t3.{row.key}.{c}" for c in T3_APPLICANT_KEYS), (f"t3.{row.key}.total",)))
        outcomes = [r.key for r in rows if r.is_outcome]
        for col in T3_COLUMN_KEYS:
            out.append(((f"t3.new.{col}", f"t3.carried_over.{col}"),
                        (f"t3.processed_total.{col}", f"t3.carry_forward.{col}")))
            out.append((tuple(f"t3.{r}.{col}" for r in outcomes), (f"t3.processed_total.{col}",)))
    for group, _ in T4_GROUPS:
        keys = [f"t4.{group}.{c}" for c, _ in T4_COLUMNS]
        out.append((tuple(keys[:4]), (keys[4],)))
    return out


def _uncertain(cell: Cell) -> bool:
    p = cell.provenance
    return (cell.value is not None and p is not None and p.loc.conf is not None and p.loc.conf < CERTAIN
            and p.method is not Method.INFERRED)


def resolve_ocr_cells(cells: Mapping[str, Cell], layout: T3Layout | None) -> tuple[dict[str, Cell], list[Notice]]:
    """Settle the uncertain OCR cells of ``cells`` (see the module docstring)."""
    out = dict(cells)
    pending = {k for k, c in out.items() if _uncertain(c)}
    if not pending:
        return out, []
    rules = [r for r in identities(layout) if any(k in pending for k in (*r[0], *r[1]))]
    settled: dict[str, Number] = {}
    taken: list[str] = []
    progress = True
    while progress and pending:
        progress = False
        for key in sorted(pending):
            forced = [v for rule in rules if (v := _forced(rule, key, out, pending)) is not None]
            reading = out[key].value
            if not forced or any(v != forced[0] for v in forced):
                continue
            value = forced[0]
            if value == reading or (len(forced) >= 2 and _same_length(value, out[key])):
                settled[key] = value
                pending.discard(key)
                progress = True
                if value != reading:
                    old = out[key]
                    assert old.provenance is not None
                    out[key] = Cell(key, value, old.raw, Provenance(old.provenance.loc, old.raw, Method.INFERRED))
                    taken.append(key)
    notices: list[Notice] = []
    if taken:
        notices.append(Notice(
            "values-inferred",
            "以下单元格的 OCR 识别结果不确定，其数值由表内两个以上勾稽关系一致确定（无法再独立核验）："
            + "、".join(f"{label_of(k)}（识别为 {out[k].raw}）" for k in sorted(taken)), tuple(sorted(taken))))
    if pending:
        left = sorted(pending)
        for key in left:
            old = out[key]
            out[key] = Cell(key, None, old.raw, old.provenance)
        notices.append(Notice(
            "ocr-uncertain",
            "以下单元格的 OCR 识别置信度低，表内勾稽关系也无法确定其数值，已留空（请对照原件核对）："
            + "、".join(f"{label_of(k)}（识别为 {cells[k].raw}，置信度 {_conf(cells[k])}）" for k in left),
            tuple(left)))
    return out, notices


def _conf(cell: Cell) -> str:
    return f"{cell.provenance.loc.conf:.2f}" if cell.provenance and cell.provenance.loc.conf is not None else "?"


def _forced(rule: Identity, key: str, cells: Mapping[str, Cell], pending: set[str]) -> Number | None:
    """The value ``rule`` gives ``key``: when every other cell of it is known and settled, or when the
    unsettled cells are all on ``key``'s side and must add up to 0 (counts are never negative, so
    each of them is 0)."""
    plus, minus = rule
    if key not in plus and key not in minus:
        return None
    side = plus if key in plus else minus
    total: Number = 0
    others_unsettled = False
    for k in (*plus, *minus):
        if k == key:
            continue
        cell = cells.get(k)
        if cell is None or cell.value is None:
            return None
        if k in pending:
            if k not in side:
                return None
            others_unsettled = True
            continue
        total += cell.value if k in plus else -cell.value
    # key (+ unsettled of its side) = -total when key is in plus, = total when key is in minus
    value = -total if key in plus else total
    if others_unsettled:
        return 0 if value == 0 else None
    return value if value >= 0 else None


def _same_length(value: Number, cell: Cell) -> bool:
    digits = sum(ch.isdigit() for ch in cell.raw)
    return isinstance(value, int) and len(str(value)) == digits
