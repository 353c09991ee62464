"""Split runs of digits that lost their cell boundaries (e.g. ``"21710000218"`` = 217|1|0|0|0|0|218).

Only certain splits are made. A part never has a leading zero ("05" is two cells 0|5), a minus sign
and a decimal part stay with their number, and a boundary that was printed (space, tab, cell) is
always kept. When several splits remain, constraints decide (the row's 总计, group totals), and
when they cannot, the caller leaves the cells empty and says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from itertools import product

from gongkai import defaults
from gongkai.parsing.normalize import to_number

Value = int | Decimal
_TOKEN = re.compile(r"(-?)(\d+)(\.\d+)?")


class TooManySplits(Exception):
    """The number of candidate splits exceeds ``defaults.MAX_SPLIT_CANDIDATES``."""


def token_splits(token: str, parts: int) -> list[tuple[str, ...]]:
    """All ways to cut one numeric token into ``parts`` valid numbers, in order."""
    m = _TOKEN.fullmatch(token)
    if m is None:
        return []
    sign, digits, frac = m.group(1), m.group(2), m.group(3) or ""
    if parts == 1:
        return [(token,)] if _valid(digits) else []
    out: list[tuple[str, ...]] = []

    def rec(start: int, remaining: int, acc: list[str]) -> None:
        if remaining == 1:
            piece = digits[start:]
            if _valid(piece):
                out.append(tuple([*acc, piece + frac]))
            return
        # leave at least one digit for each remaining part
        for end in range(start + 1, len(digits) - remaining + 2):
            piece = digits[start:end]
            if _valid(piece):
                rec(end, remaining - 1, [*acc, piece])
            if piece == "0":
                break  # "0" followed by more digits in the same part would be a leading zero
            if len(out) > defaults.MAX_SPLIT_CANDIDATES:
                raise TooManySplits

    rec(0, parts, [])
    if sign:
        out = [(sign + p[0], *p[1:]) for p in out]
    return out


def _valid(digits: str) -> bool:
    return bool(digits) and (digits == "0" or digits[0] != "0")


def count_capacity(token: str) -> int:
    """The most cells one token can hold (one per digit)."""
    m = _TOKEN.fullmatch(token)
    return len(m.group(2)) if m else 1


def splits(tokens: Sequence[str], cells: int) -> Iterator[tuple[Value, ...]]:
    """Every way to read ``tokens`` (each a printed number, maybe run together) as ``cells`` numbers.

    Tokens keep their printed boundaries; each token is cut into one or more valid numbers.
    """
    n = len(tokens)
    if n == 0 or n > cells:
        return
    caps = [count_capacity(t) for t in tokens]
    if sum(caps) < cells:
        return
    produced = 0
    for counts in _compositions(cells, caps):
        per_token = []
        for tok, k in zip(tokens, counts, strict=True):
            options = token_splits(tok, k)
            if not options:
                break
            per_token.append(options)
        else:
            for combo in product(*per_token):
                produced += 1
                if produced > defaults.MAX_SPLIT_CANDIDATES:
                    raise TooManySplits
                values = tuple(to_number(p) for part in combo for p in part)
                yield tuple(v for v in values if v is not None)


def _compositions(total: int, caps: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Ways to give each token 1..cap cells so that they add up to ``total``."""
    if len(caps) == 1:
        if 1 <= total <= caps[0]:
            yield (total,)
        return
    rest_min = len(caps) - 1
    rest_max = sum(caps[1:])
    for k in range(max(1, total - rest_max), min(caps[0], total - rest_min) + 1):
        for tail in _compositions(total - k, caps[1:]):
            yield (k, *tail)


def constrained_splits(
    tokens: Sequence[str], cells: int, ok: Callable[[tuple[Value, ...]], bool] | None = None
) -> tuple[list[tuple[Value, ...]], list[tuple[Value, ...]]]:
    """Return ``(all_splits, splits_satisfying_ok)``; raises :class:`TooManySplits` past the bound."""
    if sum(count_capacity(t) for t in tokens) == cells and all(_TOKEN.fullmatch(t) for t in tokens):
        # one digit per cell ("0000000"): the only reading
        every = [tuple(_digit_cells(tokens))]
    else:
        every = list(dict.fromkeys(splits(tokens, cells)))
    good = [s for s in every if ok is None or ok(s)]
    return every, good


def _digit_cells(tokens: Sequence[str]) -> Iterator[Value]:
    for t in tokens:
        m = _TOKEN.fullmatch(t)
        assert m is not None
        sign, digits, frac = m.group(1), m.group(2), m.group(3) or ""
        for i, d in enumerate(digits):
            last = i == len(digits) - 1
            v = to_number((sign if i == 0 else "") + d + (frac if last else ""))
            assert v is not None
            yield v


def row_total_ok(values: tuple[Value, ...]) -> bool:
    """表三 row identity: the six applicant columns add up to 总计 (the last value)."""
    return sum(values[:-1]) == values[-1]


def group_totals_ok(size: int) -> Callable[[tuple[Value, ...]], bool]:
    """表四 identity per group of ``size`` cells: the first size-1 add up to the last."""

    def ok(values: tuple[Value, ...]) -> bool:
        return all(
            sum(values[i : i + size - 1]) == values[i + size - 1] for i in range(0, len(values), size)
        )

    return ok
