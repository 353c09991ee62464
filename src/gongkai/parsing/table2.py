"""表二 (主动公开政府信息情况): rows found by label anywhere in the table region.

Rows of 表二 have distinct labels (规章, 行政许可 …) and some reports print the blocks out of order,
so rows are matched without assuming an order. 表二 has no arithmetic identity, so a run of digits
with several valid splits is left empty with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.model.keys import T2_ROWS, ReportFormat, ValueKind
from gongkai.model.report import Cell, Method, Notice, Provenance
from gongkai.parsing.labels import find_matches, label_bounds, non_overlapping
from gongkai.parsing.normalize import to_number
from gongkai.parsing.numbers import TooManySplits, constrained_splits
from gongkai.parsing.patterns import T2_PATTERNS
from gongkai.parsing.stream import Stream, TokenKind, trim_blanks


@dataclass
class T2Result:
    cells: dict[str, Cell]
    notices: list[Notice] = field(default_factory=list)
    found: bool = False


def extract_t2(stream: Stream, start: int, end: int, fmt: ReportFormat) -> T2Result:
    rows = T2_ROWS[fmt]
    matches = non_overlapping(find_matches(stream.text, T2_PATTERNS[fmt], start, end))
    bounds = label_bounds(stream.text, matches, start, end)
    cells: dict[str, Cell] = {k: Cell(k, None) for row in rows for k in row.cell_keys()}
    notices: list[Notice] = []
    done: set[int] = set()
    ambiguous: dict[int, Notice] = {}
    for k, m in enumerate(matches):
        if m.row in done:
            continue
        row = rows[m.row]
        n = len(row.columns)
        seg_end = bounds[k + 1][0] if k + 1 < len(matches) else end
        tokens = trim_blanks(stream.tokens(bounds[k][1], seg_end), n)
        keys = row.cell_keys()
        if len(tokens) == n:
            for key, t in zip(keys, tokens, strict=True):
                value = to_number(t.text) if t.kind is TokenKind.NUMBER else None
                cells[key] = Cell(key, value, t.text, Provenance(t.loc, t.text, Method.LABEL))
            done.add(m.row)
            ambiguous.pop(m.row, None)
            continue
        numbers = [t for t in tokens if t.kind is TokenKind.NUMBER]
        if not numbers or len(numbers) != len(tokens) or len(tokens) > n:
            continue
        try:
            every, _ = constrained_splits([t.text for t in numbers], n)
        except TooManySplits:
            every = []
        # only a signed column (2019 本年增/减) may be negative: '88-720' is 88 | -72 | 0 or 88 | -7 | 20
        every = [s for s in every if all(v >= 0 or kind is ValueKind.SIGNED
                                         for v, (_, _, kind) in zip(s, row.columns, strict=True))]
        raw = " ".join(t.text for t in numbers)
        prov = Provenance(numbers[0].loc, raw, Method.LABEL)
        if len(every) == 1:
            for key, value in zip(keys, every[0], strict=True):
                cells[key] = Cell(key, value, raw, prov)
            done.add(m.row)
        elif m.row not in ambiguous:
            # a cell with the same value in every valid split is certain (e.g. '8801': 88|0|1 or 8|80|1 → 1)
            unsure: list[str] = []
            for i, key in enumerate(keys):
                values = {s[i] for s in every}
                if len(values) == 1:
                    cells[key] = Cell(key, values.pop(), raw, prov)
                else:
                    cells[key] = Cell(key, None, raw, prov)
                    unsure.append(key)
            names = [f"“{lbl}”" for k, (_, lbl, _) in zip(keys, row.columns, strict=True) if k in unsure]
            labels = "、".join(names) if len(unsure) < len(keys) else ""
            ambiguous[m.row] = Notice(
                "ambiguous-digits",
                (f"表二“{row.label}”一行的数字连在一起（{raw}）" if len(numbers) == 1 else
                 f"表二“{row.label}”一行有 {n} 列，只读出 {len(numbers)} 个数（{raw}），数字连在一起或单元格缺失")
                + f"，可拆分为 {len(every) or '多'} 种不同的数值，"
                "表二没有可用于确定拆分的勾稽关系，"
                + (f"各种拆分一致的单元格已读出，{labels}已留空" if labels else "已留空"),
                tuple(unsure), numbers[0].loc)
    notices.extend(ambiguous.values())
    missing = [r for i, r in enumerate(rows) if i not in done and i not in ambiguous]
    found = len(missing) < len(rows)
    if found and missing:
        notices.append(Notice(
            "rows-not-found", "表二以下各行未能读出数值：" + "、".join(r.label for r in missing),
            tuple(k for r in missing for k in r.cell_keys())))
    return T2Result(cells, notices, found)
