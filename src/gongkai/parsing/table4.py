"""表四 (政府信息公开行政复议、行政诉讼情况): one data row of 15 numbers after the header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.model.keys import T4_GROUPS, T4_KEYS
from gongkai.model.location import Location
from gongkai.model.report import Cell, Method, Notice, Provenance
from gongkai.parsing.normalize import to_number
from gongkai.parsing.numbers import TooManySplits, Value, constrained_splits, group_totals_ok
from gongkai.parsing.stream import Stream, TokenKind, trim_blanks

N = len(T4_KEYS)


@dataclass
class T4Result:
    cells: dict[str, Cell]
    notices: list[Notice] = field(default_factory=list)
    found: bool = False


_HEADER_WORD = re.compile(r"维\s*持|纠\s*正|审\s*结|总\s*计|尚\s*未")


def _first_digit(text: str, start: int, end: int) -> int | None:
    return next((i for i in range(start, end) if text[i].isdigit()), None)


def _values_start(stream: Stream, start: int, end: int) -> int | None:
    """Where the data begin: the first digit after the column header (结果维持 … 总计), so that a
    sentence such as "本年度发生行政复议案件 2 件" between the heading and the table is skipped.
    Header and data on one line (run-together page text): the first digit after the last header word."""
    text = stream.text
    m = _HEADER_WORD.search(text, start, end)
    if m is None:
        return _first_digit(text, start, end)
    line_hi = min(stream.line_spans[stream.line_of(m.start())][1], end)
    last = list(_HEADER_WORD.finditer(text, m.start(), line_hi))[-1]
    same_line = _first_digit(text, last.end(), line_hi)
    return same_line if same_line is not None else _first_digit(text, line_hi, end)


def extract_t4(stream: Stream, start: int, end: int) -> T4Result:
    # The header holds no digits, so values begin on the line of the first digit after it. A digit
    # glued to the header ("…总计000000000000000" in run-together page text) is read from the digit on.
    first = _values_start(stream, start, end)
    if first is None:
        return T4Result({k: Cell(k, None) for k in T4_KEYS})
    if stream.text[first - 1] == "-":
        first -= 1
    tokens = stream.tokens(max(start, stream.line_spans[stream.line_of(first)][0]), end)
    if not any(t.offset == first for t in tokens):
        tokens = stream.tokens(first, end)
    tokens = trim_blanks(tokens, N)  # leading empty cells only when there are more than 15 cells
    cells = {k: Cell(k, None) for k in T4_KEYS}
    if not tokens:
        return T4Result(cells)
    if len(tokens) >= N:
        for key, t in zip(T4_KEYS, tokens[:N], strict=True):
            value = to_number(t.text) if t.kind is TokenKind.NUMBER else None
            cells[key] = Cell(key, value, t.text, Provenance(t.loc, t.text, Method.LABEL))
        return T4Result(cells, [], True)
    numbers = [t for t in tokens if t.kind is TokenKind.NUMBER]
    raw = " ".join(t.text for t in numbers)
    try:
        every, good = constrained_splits([t.text for t in numbers], N, group_totals_ok(5))
    except TooManySplits:
        every, good = [], []
    if len(every) == 1 or len(good) == 1:
        values = every[0] if len(every) == 1 else good[0]
        method = Method.LABEL if len(every) == 1 else Method.ROW_SUM
        for key, value in zip(T4_KEYS, values, strict=True):
            cells[key] = Cell(key, value, raw, Provenance(numbers[0].loc, raw, method))
        notices = [] if method is Method.LABEL else [Notice(
            "digits-split", f"表四的数字在来源中连在一起（{raw}），已按“各组前四项之和等于总计”唯一拆分",
            T4_KEYS, numbers[0].loc)]
        return T4Result(cells, notices, True)
    if not numbers:
        return T4Result(cells)
    return _by_groups(cells, every, good, raw, numbers[0].loc)


GROUP = 5  # cells per 表四 group: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计


def _group_holds(values: tuple[Value, ...], g: int) -> bool:
    part = values[g * GROUP : (g + 1) * GROUP]
    return sum(part[:-1]) == part[-1]


def _by_groups(cells: dict[str, Cell], every: list[tuple[Value, ...]], good: list[tuple[Value, ...]], raw: str,
               loc: Location) -> T4Result:
    """A run with no unique split: keep what the group identities determine, group by group.

    The splits kept are those under which the most groups balance. A cell is placed when all of them
    give it the same value. When some group balances under none of the kept splits, the published
    table is inconsistent there: its cells are placed if still determined (``t4-group-total`` then
    reports them), else a ``group-sum-unsatisfiable`` notice quotes the run."""
    groups = len(T4_KEYS) // GROUP
    notices: list[Notice] = []
    kept = good
    if not good and every:
        best = max(sum(_group_holds(v, g) for g in range(groups)) for v in every)
        kept = [v for v in every if sum(_group_holds(v, g) for g in range(groups)) == best]
    determined: list[Value | None] = list(kept[0]) if kept else [None] * len(T4_KEYS)
    for values in kept[1:]:
        for i, v in enumerate(values):
            if determined[i] != v:
                determined[i] = None
    failing = [g for g in range(groups) if kept and not any(_group_holds(v, g) for v in kept)]
    for key, value in zip(T4_KEYS, determined, strict=True):  # undetermined cells keep the run as raw text
        cells[key] = Cell(key, value, raw, Provenance(loc, raw, Method.ROW_SUM if value is not None else Method.LABEL))
    placed = tuple(k for k, v in zip(T4_KEYS, determined, strict=True) if v is not None)
    if placed:
        notices.append(Notice(
            "digits-split", f"表四的数字在来源中连在一起（{raw}），按各组“前四项之和等于总计”能确定的单元格已拆出",
            placed, loc))
    for g in failing:
        keys = T4_KEYS[g * GROUP : (g + 1) * GROUP]
        if all(cells[k].value is not None for k in keys):
            continue  # placed: the group-total check reports the published inconsistency
        notices.append(Notice(
            "group-sum-unsatisfiable",
            f"表四的数字连在一起（{raw}），“{T4_GROUPS[g][1]}”一组在任何拆分下都不能满足“前四项之和等于总计”："
            "原表该组数字有误，已留空",
            keys, loc))
    # every cell left empty is warned about as ambiguous, including those of a group that balances under no split
    # (its group-sum-unsatisfiable notice says the published group is wrong; this one says the cells are empty)
    undetermined = tuple(k for k, v in zip(T4_KEYS, determined, strict=True) if v is None)
    if undetermined:
        broken = [T4_GROUPS[g][1] for g in failing
                  if any(k in undetermined for k in T4_KEYS[g * GROUP : (g + 1) * GROUP])]
        why = (f"（符合合计关系的拆分有 {len(good)} 种）" if not broken else
               "，其中" + "、".join(f"“{b}”" for b in broken) + "一组在任何拆分下都不平衡，合计关系无法帮助确定")
        notices.append(Notice(
            "ambiguous-digits",
            f"表四的数字连在一起（{raw}），无法唯一拆分为 15 个单元格{why}，不能确定的单元格已留空",
            undetermined, loc))
    return T4Result(cells, notices, True)
