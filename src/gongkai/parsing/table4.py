"""表四 (政府信息公开行政复议、行政诉讼情况): one data row of 15 numbers after the header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.model.keys import T4_KEYS
from gongkai.model.report import Cell, Method, Notice, Provenance
from gongkai.parsing.normalize import to_number
from gongkai.parsing.numbers import TooManySplits, constrained_splits, group_totals_ok
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
    return T4Result(cells, [Notice(
        "ambiguous-digits",
        f"表四的数字连在一起（{raw}），无法唯一拆分为 15 个单元格（符合合计关系的拆分有 {len(good)} 种），已留空",
        T4_KEYS, numbers[0].loc)], True)
