"""Find row labels in the stream: label cores, the best in-order chain, and full label spans.

A *core* is a short distinctive part of an official row label ("国家秘密", "逾期不补正"). Cores are
matched with any whitespace between characters, so labels wrapped across lines or cells are found.
Among all core matches, the longest chain in the format's row order is kept: stray words in
headers or a spurious header row inside the table cannot reorder the rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai import defaults


def spaced(literal: str) -> str:
    """Regex for ``literal`` allowing whitespace (spaces, tabs, newlines) between its characters."""
    return r"\s*".join(re.escape(ch) for ch in literal)


@dataclass(frozen=True, slots=True)
class RowPattern:
    """How to recognise one row's label: alternative regexes, best first."""

    key: str
    regexes: tuple[re.Pattern[str], ...]

    @classmethod
    def of(cls, key: str, *cores: str, raw: Sequence[str] = ()) -> RowPattern:
        pats = [re.compile(spaced(c)) for c in cores] + [re.compile(r) for r in raw]
        return cls(key, tuple(pats))


@dataclass(frozen=True, slots=True)
class Match:
    row: int  # index into the pattern list
    start: int  # core start
    end: int  # core end
    rank: int  # which alternative matched (0 = best)


def find_matches(text: str, patterns: Sequence[RowPattern], start: int, end: int) -> list[Match]:
    found: dict[tuple[int, int], Match] = {}
    for ri, pat in enumerate(patterns):
        for rank, rx in enumerate(pat.regexes):
            for m in rx.finditer(text, start, end):
                key = (ri, m.start())
                if key not in found:
                    found[key] = Match(ri, m.start(), m.end(), rank)
    return sorted(found.values(), key=lambda m: (m.start, m.row))[: defaults.MAX_LABEL_MATCHES]


def non_overlapping(matches: Sequence[Match]) -> list[Match]:
    """Matches in text order, dropping any that overlaps an earlier (or better-ranked) one."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, m.rank, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def best_chain(matches: Sequence[Match]) -> list[Match]:
    """Longest subsequence increasing in both row and position (rows strictly increasing).

    Ties prefer better-ranked alternatives, then later occurrences (closer to the values)."""
    n = len(matches)
    if n == 0:
        return []
    score: list[tuple[int, int, int]] = [(0, 0, 0)] * n
    prev = [-1] * n
    for i, mi in enumerate(matches):
        best, arg = (1, -mi.rank, mi.start), -1
        for j in range(i):
            mj = matches[j]
            if mj.row < mi.row and mj.end <= mi.start:
                cand = (score[j][0] + 1, score[j][1] - mi.rank, mi.start)
                if cand > best:
                    best, arg = cand, j
        score[i], prev[i] = best, arg
    i = max(range(n), key=lambda k: score[k])
    chain = []
    while i != -1:
        chain.append(matches[i])
        i = prev[i]
    return chain[::-1]


_ITEM_MARK = re.compile(r"\d\s*[.、]")


def label_bounds(text: str, chain: Sequence[Match], lo: int, hi: int) -> list[tuple[int, int]]:
    """Full extent of each chained label: grow the core backwards and forwards over label text
    (anything but digits and cell/line separators), plus one item digit such as "2." before it."""
    bounds = []
    for k, m in enumerate(chain):
        floor = chain[k - 1].end if k else lo
        s = m.start
        while s > floor and not text[s - 1].isdigit() and text[s - 1] not in "\t\n":
            s -= 1
        # a single item digit directly before the label text ("2.其他法律…"): part of the label
        head = text[max(floor, s - 1) : m.start]
        if s > floor and text[s - 1].isdigit() and _ITEM_MARK.match(head):
            s -= 1
        bounds.append([s, m.end])
    for k, m in enumerate(chain):
        ceiling = bounds[k + 1][0] if k + 1 < len(chain) else hi
        e = m.end
        while e < ceiling and not text[e].isdigit() and text[e] not in "\t\n-/—–":
            e += 1
        bounds[k][1] = e
    return [(s, e) for s, e in bounds]
