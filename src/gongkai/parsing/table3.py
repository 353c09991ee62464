"""表三 (收到和处理政府信息公开申请情况): place 7 numbers per row, by label or by position.

Two readings are made of the table region:

* **by label** — row labels are found in order (``labels.best_chain``) and each row takes the value
  cells between its label and the next one. Rows whose label is lost between two found labels take
  their share of those values in order. Runs of digits are split where certain (``numbers``).
* **by position** — lines holding exactly seven value cells are the data rows, in the format's fixed
  order. It is used when the label reading is inconsistent and the count of data lines is exactly
  the number of rows of the format (labels lost or shifted, as in seed 002 or a PDF→Markdown
  extraction whose labels drifted away from their values).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product

from gongkai.model.keys import T3_COLUMN_KEYS, T3_ROWS, T3Layout
from gongkai.model.location import Location
from gongkai.model.report import Cell, Method, Notice, Provenance
from gongkai.parsing.labels import Match, best_chain, find_matches, label_bounds, non_overlapping
from gongkai.parsing.normalize import to_number
from gongkai.parsing.numbers import TooManySplits, Value, constrained_splits, count_capacity, row_total_ok
from gongkai.parsing.patterns import T3_PATTERNS
from gongkai.parsing.stream import Stream, Token, TokenKind, trim_blanks

N = len(T3_COLUMN_KEYS)
MAX_COMBINATIONS = 100_000


@dataclass
class RowValues:
    """The seven cells of one row as read: values (None = blank), raw texts, locations, method."""

    values: list[Value | None]
    raws: list[str]
    locs: list[Location]
    method: Method


@dataclass
class T3Result:
    cells: dict[str, Cell]
    notices: list[Notice] = field(default_factory=list)
    found: bool = False


def _from_tokens(tokens: Sequence[Token], method: Method) -> RowValues:
    values: list[Value | None] = []
    for t in tokens:
        values.append(to_number(t.text) if t.kind is TokenKind.NUMBER else None)
    return RowValues(values, [t.text for t in tokens], [t.loc for t in tokens], method)


@dataclass
class _Pending:
    """A row whose digits ran together and admit several splits. ``row_sum_fails``: no split satisfies the
    row's own identity (the published row is inconsistent), so the candidates are every split."""

    row: int
    tokens: list[Token]
    candidates: list[tuple[Value, ...]]
    row_sum_fails: bool = False


@dataclass
class _Short:
    """A row printing fewer digits than it has cells ('0 0 0 0 0 0' for seven): a cell is blank or lost and the
    text cannot tell which, so the row is left empty and the warning says so."""

    row: int
    tokens: list[Token]
    digits: int


def read_by_label(stream: Stream, start: int, end: int, layout: T3Layout, matches: list[Match] | None = None,
                  ) -> tuple[dict[int, RowValues], list[_Pending], set[int], list[tuple[int, Location]],
                             list[_Short]]:
    """Return ``(rows, pending, problems, blank, short)``: rows placed, rows with several candidate splits, the
    indices of rows whose values could not be read consistently, rows printed without any value (label found,
    nothing up to the next label) with the label's location, and rows printing fewer digits than cells."""
    rows_def = T3_ROWS[layout]
    text = stream.text
    if matches is None:
        matches = find_matches(text, T3_PATTERNS[layout], start, end)
    chain = best_chain(matches)
    bounds = label_bounds(text, chain, start, end)
    placed: dict[int, RowValues] = {}
    pending: list[_Pending] = []
    problems: set[int] = set()
    blank: list[tuple[int, Location]] = []  # rows whose label is followed by no value at all
    short: list[_Short] = []
    for k, m in enumerate(chain):
        seg_start = bounds[k][1]
        seg_end = bounds[k + 1][0] if k + 1 < len(chain) else end
        tokens = stream.tokens(seg_start, seg_end)
        span = (chain[k + 1].row if k + 1 < len(chain) else len(rows_def)) - m.row
        if k + 1 == len(chain) and len(trim_blanks(tokens, N * span)) != N * span:
            span = 1
        tokens = trim_blanks(tokens, N * span)
        if len(tokens) == N * span:
            for i in range(span):
                method = Method.LABEL if i == 0 else Method.POSITION
                placed[m.row + i] = _from_tokens(tokens[i * N : (i + 1) * N], method)
            continue
        tokens = trim_blanks(tokens, 0)  # empty label-column cells around a run of digits hold no value
        numbers = [t for t in tokens if t.kind is TokenKind.NUMBER]
        if span == 1 and 0 < len(tokens) < N and len(numbers) == len(tokens):
            try:
                every, good = constrained_splits([t.text for t in numbers], N, row_total_ok)
            except TooManySplits:
                every, good = [], []
            if len(every) == 1:
                placed[m.row] = _split_row(every[0], numbers, Method.LABEL)
            elif len(good) == 1:
                placed[m.row] = _split_row(good[0], numbers, Method.ROW_SUM)
            elif good:
                pending.append(_Pending(m.row, numbers, good))
            elif every:  # no split satisfies the row total: the column identities may still decide
                pending.append(_Pending(m.row, numbers, every, row_sum_fails=True))
            else:
                digits = sum(count_capacity(t.text) for t in numbers)
                if digits < N:
                    short.append(_Short(m.row, numbers, digits))
                problems.add(m.row)
            continue
        if span == 1 and not numbers and not any(t.text for t in tokens):
            blank.append((m.row, stream.pieces[stream.piece_index(m.start)].cell.loc))
        problems.update(range(m.row, m.row + span))
    missing = set(range(len(rows_def))) - placed.keys() - {p.row for p in pending}
    return placed, pending, problems | missing, blank, short


def read_by_label_unordered(stream: Stream, start: int, end: int, layout: T3Layout,
                            matches: list[Match] | None = None) -> dict[int, RowValues] | None:
    """Labels in any order (a report that printed rows out of order): every label match takes the
    value cells up to the next label of any row. Accepted only when each row of the format gets
    exactly one label followed by exactly seven value cells."""
    rows_def = T3_ROWS[layout]
    if matches is None:
        matches = find_matches(stream.text, T3_PATTERNS[layout], start, end)
    matches = non_overlapping(matches)
    bounds = label_bounds(stream.text, matches, start, end)
    found: dict[int, list[RowValues]] = {}
    for k, m in enumerate(matches):
        seg_end = bounds[k + 1][0] if k + 1 < len(matches) else end
        tokens = trim_blanks(stream.tokens(bounds[k][1], seg_end), N)
        if len(tokens) == N:
            found.setdefault(m.row, []).append(_from_tokens(tokens, Method.LABEL))
    if len(found) != len(rows_def) or any(len(v) != 1 for v in found.values()):
        return None
    return {row: rvs[0] for row, rvs in found.items()}


def _split_row(values: tuple[Value, ...], tokens: Sequence[Token], method: Method) -> RowValues:
    raw = " ".join(t.text for t in tokens)
    return RowValues(list(values), [raw] * N, [tokens[0].loc] * N, method)


def read_by_position(stream: Stream, start: int, end: int, layout: T3Layout) -> list[RowValues] | None:
    """Data lines (exactly seven value cells) in order, if there are exactly as many as rows."""
    rows_def = T3_ROWS[layout]
    found: list[tuple[int, RowValues]] = []
    for li in stream.lines_in(start, end):
        lo, hi = stream.line_spans[li]
        tokens = trim_blanks(stream.tokens(max(lo, start), min(hi + 1, end)), N)
        if len(tokens) == N and any(t.kind is TokenKind.NUMBER for t in tokens):
            found.append((li, _from_tokens(tokens, Method.POSITION)))
    if len(found) != len(rows_def):
        return None
    out = []
    for k, ((li, rv), row_pattern) in enumerate(zip(found, T3_PATTERNS[layout], strict=True)):
        # the label may sit on the value line or on lines wrapped around it (PDF, Word)
        lo = stream.line_spans[found[k - 1][0]][1] if k else max(start, stream.line_spans[li][0] - 200)
        hi = stream.line_spans[found[k + 1][0]][0] if k + 1 < len(found) else end
        line_lo, line_hi = stream.line_spans[li]
        window = stream.text[lo:hi]
        around = stream.text[lo:line_lo] + stream.text[line_hi:hi]  # a label cut in two by its value line
        if any(rx.search(window) or rx.search(around) for rx in row_pattern.regexes):
            rv.method = Method.LABEL
        out.append(rv)
    return out


def _resolve_by_columns(
    placed: dict[int, RowValues], pending: list[_Pending], layout: T3Layout
) -> list[list[Value | None]] | None:
    """The cells of the pending rows that the column identities determine: per pending row, each
    column's value when every combination of candidate splits satisfying the column identities gives
    it the same value, else None. None when no combination satisfies them (or too many to try)."""
    rows_def = T3_ROWS[layout]
    index = {r.key: i for i, r in enumerate(rows_def)}
    outcome_rows = [i for i, r in enumerate(rows_def) if r.is_outcome]
    total = 1
    for p in pending:
        total *= len(p.candidates)
    if total > MAX_COMBINATIONS:
        return None
    agreed: list[list[Value | None]] | None = None
    fewest = None
    for combo in product(*(p.candidates for p in pending)):
        grid: dict[int, Sequence[Value | None]] = {i: rv.values for i, rv in placed.items()}
        grid.update({p.row: c for p, c in zip(pending, combo, strict=True)})
        broken = _broken_identities(grid, index, outcome_rows, fewest)
        if fewest is not None and broken > fewest:
            continue
        if fewest is None or broken < fewest:  # keep only the splits that break the fewest identities
            fewest, agreed = broken, [list(c) for c in combo]
        elif agreed is not None:
            for row_values, c in zip(agreed, combo, strict=True):
                for j, v in enumerate(c):
                    if row_values[j] != v:
                        row_values[j] = None
    if fewest and not any(p.row_sum_fails for p in pending):
        return None  # no split fits the columns, and no row is known to be inconsistent: leave it open
    return agreed


def _broken_identities(grid: dict[int, Sequence[Value | None]], index: dict[str, int],
                       outcome_rows: list[int], limit: int | None = None) -> int:
    """How many column identities (一+二 = （七）+四, outcomes = （七）, per column) the grid breaks;
    counting stops once past ``limit``."""
    def col(row: int, c: int) -> Value | None:
        vals = grid.get(row)
        return None if vals is None else vals[c]

    broken = 0
    for c in range(N):
        a, b = col(index["new"], c), col(index["carried_over"], c)
        t, f = col(index["processed_total"], c), col(index["carry_forward"], c)
        if a is not None and b is not None and t is not None and f is not None and a + b != t + f:
            broken += 1
        outs = [col(i, c) for i in outcome_rows]
        if t is not None and all(v is not None for v in outs) and sum(v for v in outs if v is not None) != t:
            broken += 1
        if limit is not None and broken > limit:
            break
    return broken


def extract_t3(stream: Stream, start: int, end: int, layout: T3Layout) -> T3Result:
    matches = find_matches(stream.text, T3_PATTERNS[layout], start, end)
    placed, pending, problems, blank, short = read_by_label(stream, start, end, layout, matches)
    notices: list[Notice] = []
    if problems - {p.row for p in pending} or (problems and not placed):
        unordered = read_by_label_unordered(stream, start, end, layout, matches)
        by_position = None if unordered is not None else read_by_position(stream, start, end, layout)
        if unordered is not None:
            placed, pending, problems, blank, short = unordered, [], set(), [], []
        elif by_position is not None:
            placed = dict(enumerate(by_position))
            pending, problems, blank, short = [], set(), [], []
    if pending:
        notices.extend(_place_pending(placed, pending, problems, layout))
    found = bool(placed)  # labels alone, without a single value, are not a table
    for row, loc in blank if found else ():  # a row printed without values: blank cells (missing-cells)
        if row not in placed:
            placed[row] = RowValues([None] * N, [""] * N, [loc] * N, Method.LABEL)
            problems.discard(row)
    cells = _cells(placed, layout)
    if found:
        rows_def = T3_ROWS[layout]
        for sh in short:
            run = " ".join(t.text for t in sh.tokens)
            notices.append(Notice(
                "ambiguous-digits",
                f"表三“{rows_def[sh.row].label}”一行有 {N} 个单元格，原文只印出 {sh.digits} 个数字（{run}）："
                "有单元格空缺或丢失，无法确定是哪一格，本行已留空",
                tuple(f"t3.{rows_def[sh.row].key}.{c}" for c in T3_COLUMN_KEYS), sh.tokens[0].loc))
        settled = {p.row for p in pending} | {sh.row for sh in short}
        notices.extend(_notices(placed, problems, layout, settled))
    return T3Result(cells, notices, found)


def _place_pending(placed: dict[int, RowValues], pending: list[_Pending], problems: set[int],
                   layout: T3Layout) -> list[Notice]:
    """Place the cells of run-together rows that the column identities determine; say what is left.

    A row whose run cannot satisfy its own 总计 under any split is a proven defect of the published
    report: if the columns determine its split it is placed (the ``t3-row-total`` check then reports
    it); otherwise a ``row-sum-unsatisfiable`` notice quotes the run."""
    rows_def = T3_ROWS[layout]
    notices: list[Notice] = []
    agreed = _resolve_by_columns(placed, pending, layout)
    for k, p in enumerate(pending):
        keys = tuple(f"t3.{rows_def[p.row].key}.{c}" for c in T3_COLUMN_KEYS)
        run = " ".join(t.text for t in p.tokens)
        values = agreed[k] if agreed is not None else _common(p.candidates)
        if all(v is not None for v in values):
            placed[p.row] = _split_row(tuple(v for v in values if v is not None), p.tokens, Method.COLUMN_SUMS)
            continue
        problems.add(p.row)
        # keep the cells that are determined; the others stay empty but keep the run as their raw text
        method = Method.COLUMN_SUMS if any(v is not None for v in values) else Method.LABEL
        placed[p.row] = RowValues(list(values), [run] * N, [p.tokens[0].loc] * N, method)
        if p.row_sum_fails:
            notices.append(Notice(
                "row-sum-unsatisfiable",
                f"表三“{rows_def[p.row].label}”一行的数字连在一起（{run}），任何拆分都不能使六个申请人列之和"
                "等于总计：原表本行数字有误；表内勾稽关系也无法确定其拆分，已留空", keys, p.tokens[0].loc))
        else:
            notices.append(Notice(
                "ambiguous-digits",
                f"表三“{rows_def[p.row].label}”一行的数字连在一起（{run}），"
                f"有 {len(p.candidates)} 种拆分都符合本行合计，表内勾稽关系也无法确定，已留空",
                tuple(k2 for k2, v in zip(keys, values, strict=True) if v is None), p.tokens[0].loc))
    return notices


def _common(candidates: list[tuple[Value, ...]]) -> list[Value | None]:
    """Per cell, the value every candidate split gives it, else None ("0110" → 0|1|10 or 0|11|0: first is 0)."""
    return [col[0] if all(v == col[0] for v in col) else None for col in zip(*candidates, strict=True)]


def _cells(placed: dict[int, RowValues], layout: T3Layout) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for i, row in enumerate(T3_ROWS[layout]):
        rv = placed.get(i)
        for c, col in enumerate(T3_COLUMN_KEYS):
            key = f"t3.{row.key}.{col}"
            if rv is None:
                cells[key] = Cell(key, None)
            else:
                cells[key] = Cell(key, rv.values[c], rv.raws[c], Provenance(rv.locs[c], rv.raws[c], rv.method))
    return cells


def _notices(placed: dict[int, RowValues], problems: set[int], layout: T3Layout, ambiguous_rows: set[int]
             ) -> list[Notice]:
    rows_def = T3_ROWS[layout]
    out = []
    recovered = [i for i, rv in sorted(placed.items()) if rv.method is Method.POSITION]
    if recovered:
        names = "、".join(rows_def[i].label for i in recovered)
        out.append(Notice(
            "labels-recovered",
            f"表三有 {len(recovered)} 行的行标签缺失或错位，已按规定格式的固定行序放置数值：{names}",
            tuple(f"t3.{rows_def[i].key}.{c}" for i in recovered for c in T3_COLUMN_KEYS)))
    split = [i for i, rv in sorted(placed.items()) if rv.method is Method.ROW_SUM]
    if split:
        out.append(Notice(
            "digits-split",
            "表三以下各行的数字在来源中连在一起，已按“各申请人列之和等于总计”唯一拆分："
            + "、".join(rows_def[i].label for i in split),
            tuple(f"t3.{rows_def[i].key}.{c}" for i in split for c in T3_COLUMN_KEYS)))
    inferred = [i for i, rv in sorted(placed.items()) if rv.method is Method.COLUMN_SUMS]
    if inferred:
        out.append(Notice(
            "values-inferred",
            "表三以下各行的数字连在一起，只能借助表内列勾稽关系确定拆分，这些单元格因此无法再独立核验："
            + "、".join(rows_def[i].label for i in inferred),
            tuple(f"t3.{rows_def[i].key}.{c}" for i in inferred for c in T3_COLUMN_KEYS)))
    lost = sorted(problems - set(placed) - ambiguous_rows)
    if lost:
        out.append(Notice(
            "rows-not-found",
            "表三以下各行未能读出数值：" + "、".join(rows_def[i].label for i in lost),
            tuple(f"t3.{rows_def[i].key}.{c}" for i in lost for c in T3_COLUMN_KEYS)))
    return out


__all__ = ["T3Result", "extract_t3", "read_by_label", "read_by_label_unordered", "read_by_position"]
