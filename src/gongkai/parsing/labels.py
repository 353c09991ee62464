"""Find row labels in the stream: label cores, the best in-order chain, and full label spans.

A *core* is a short distinctive part of an official row label ("国家秘密", "逾期不补正"). Cores are
matched with any whitespace between characters, so labels wrapped across lines or cells are found.
Among all core matches, the longest chain in the format's row order is kept: stray words in
headers or a spurious header row inside the table cannot reorder the rows.
"""

from __future__ import annotations

import heapq
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
    regexes: tuple[re.Pattern[str], ...]  # every alternative as a regex, best first
    literals: tuple[str, ...] = ()  # the literal cores (the first alternatives), searched fast
    raw: tuple[re.Pattern[str], ...] = ()  # the remaining alternatives

    @classmethod
    def of(cls, key: str, *cores: str, raw: Sequence[str] = ()) -> RowPattern:
        raw_rx = tuple(re.compile(r) for r in raw)
        return cls(key, tuple(re.compile(spaced(c)) for c in cores) + raw_rx, tuple(cores), raw_rx)


@dataclass(frozen=True, slots=True)
class Match:
    row: int  # index into the pattern list
    start: int  # core start
    end: int  # core end
    rank: int  # which alternative matched (0 = best)


_SPACES = re.compile(r"\s+")


def find_matches(text: str, patterns: Sequence[RowPattern], start: int, end: int) -> list[Match]:
    """Every occurrence of every alternative of every pattern in ``text[start:end]``.

    A literal core may be split by whitespace (a wrapped label). It is counted in the region with
    whitespace removed; when every occurrence is also printed unbroken, plain substring search finds
    them all (fast), otherwise the whitespace-tolerant regex is run. Other alternatives are regexes."""
    found: dict[tuple[int, int], Match] = {}
    flat = _SPACES.sub("", text[start:end])
    for ri, pat in enumerate(patterns):
        for rank, lit in enumerate(pat.literals):
            wanted = flat.count(lit)
            if not wanted:
                continue
            hits = []
            i = text.find(lit, start, end)
            while i != -1:
                hits.append(i)
                i = text.find(lit, i + 1, end)
            if len(hits) >= wanted:
                for s in hits:
                    found.setdefault((ri, s), Match(ri, s, s + len(lit), rank))
            else:
                for m in pat.regexes[rank].finditer(text, start, end):
                    found.setdefault((ri, m.start()), Match(ri, m.start(), m.end(), rank))
        for k, rx in enumerate(pat.raw, start=len(pat.literals)):
            for m in rx.finditer(text, start, end):
                found.setdefault((ri, m.start()), Match(ri, m.start(), m.end(), k))
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
    # best chain ending at each row among matches that end before the current one starts: O(n · rows)
    best_by_row: list[tuple[int, int, int] | None] = [None] * (max(m.row for m in matches) + 1)
    ended: list[tuple[int, int]] = []  # heap of (end, index) not yet released into best_by_row
    for i, mi in enumerate(matches):
        while ended and ended[0][0] <= mi.start:
            _, j = heapq.heappop(ended)
            key = (score[j][0], score[j][1], -j)  # ties go to the earliest chain
            row = matches[j].row
            current = best_by_row[row]
            if current is None or key > current:
                best_by_row[row] = key
        before = max((k for k in best_by_row[: mi.row] if k is not None), default=None)
        if before is None:
            score[i], prev[i] = (1, -mi.rank, mi.start), -1
        else:
            score[i], prev[i] = (before[0] + 1, before[1] - mi.rank, mi.start), -before[2]
        heapq.heappush(ended, (mi.end, i))
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
