"""parsing.labels: finding the row labels of a table and chaining them in the format's order."""

from __future__ import annotations

import re

from gongkai.model.keys import T3_ROWS, T3Layout
from gongkai.parsing.labels import Match, RowPattern, best_chain, find_matches, label_bounds, non_overlapping, spaced
from gongkai.parsing.patterns import T3_PATTERNS

PATTERNS = (RowPattern.of("a", "本年新收"), RowPattern.of("b", "上年结转"), RowPattern.of("c", "予以公开"))


def test_spaced_tolerates_whitespace_and_line_breaks_between_characters() -> None:
    rx = re.compile(spaced("予以公开"))
    assert rx.fullmatch("予 以\n公\t开") and rx.fullmatch("予以公开")
    assert not rx.search("予以不公开")
    assert re.compile(spaced("a.b")).fullmatch("a.b") and not re.compile(spaced("a.b")).fullmatch("axb")


def test_find_matches_finds_labels_also_when_wrapped() -> None:
    text = "表三\n本年新收\t1\n上年\n结转\t2\n予以公开\t3\n"
    matches = find_matches(text, PATTERNS, 0, len(text))
    assert [(m.row, text[m.start:m.end]) for m in matches] == [(0, "本年新收"), (1, "上年\n结转"), (2, "予以公开")]
    assert all(m.rank == 0 for m in matches)


def test_find_matches_respects_the_region() -> None:
    text = "本年新收 本年新收"
    assert [m.start for m in find_matches(text, PATTERNS, 1, len(text))] == [5]


def test_best_chain_is_the_longest_in_order_sequence() -> None:
    # a stray "予以公开" in the header before the rows must not break the chain a → b → c
    matches = [Match(2, 0, 4, 0), Match(0, 10, 14, 0), Match(1, 20, 24, 0), Match(2, 30, 34, 0)]
    assert best_chain(matches) == matches[1:]
    assert best_chain([]) == []


def test_best_chain_prefers_better_ranked_alternatives() -> None:
    worse, better = Match(1, 10, 12, 2), Match(1, 10, 14, 0)
    chain = best_chain([Match(0, 0, 4, 0), worse, better])
    assert chain[-1] is better


def test_non_overlapping_keeps_the_first_and_best_match() -> None:
    a, b, c = Match(0, 0, 6, 0), Match(1, 3, 8, 0), Match(2, 8, 10, 0)
    assert non_overlapping([b, c, a]) == [a, c]


def test_label_bounds_grow_over_the_label_and_its_item_digit() -> None:
    text = "2.其他法律行政法规禁止公开\t0\t1\n"
    pattern = T3_PATTERNS[T3Layout.SPLIT][[r.key for r in T3_ROWS[T3Layout.SPLIT]].index("denied.law_prohibited")]
    matches = find_matches(text, (pattern,), 0, len(text))
    assert [m.rank for m in matches] == [0, 1, 2]  # 其他法律, 行政法规禁止, 禁止公开: every core is found
    (best,) = non_overlapping(matches)[:1]
    (bounds,) = label_bounds(text, [best], 0, len(text))
    assert text[bounds[0]:bounds[1]] == "2.其他法律行政法规禁止公开"


def test_t3_patterns_follow_the_format_rows() -> None:
    for layout, rows in T3_ROWS.items():
        assert [p.key for p in T3_PATTERNS[layout]] == [r.key for r in rows]
