"""Unit tests of ``gongkai.parsing.numbers``: splitting runs of digits that lost their cell boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai.parsing.numbers import (
    TooManySplits,
    constrained_splits,
    count_capacity,
    group_totals_ok,
    row_total_ok,
    splits,
    token_splits,
)

# ---------------------------------------------------------------------------------------------
# the corpus README's examples (平潭 page text)


def test_readme_example_21710000218_has_one_row_sum_split():
    every, good = constrained_splits(["21710000218"], 7, row_total_ok)
    assert good == [(217, 1, 0, 0, 0, 0, 218)]
    assert len(every) > 1  # the row total, not the digits alone, decides it
    assert (217, 1, 0, 0, 0, 0, 218) in every


def test_two_printed_tokens_keep_their_boundary_230_000023():
    # 平潭 2019: "230 000023" — the space is a real cell boundary, so 2|30… is allowed but 2300… is not
    every, good = constrained_splits(["230", "000023"], 7, row_total_ok)
    assert good == [(23, 0, 0, 0, 0, 0, 23)]
    assert (230, 0, 0, 0, 0, 2, 3) in every  # a valid split that fails the row total
    assert all(len(str(v)) <= 3 for s in every for v in s[:2])  # nothing crosses the space
    # and as one token the same digits would have more readings
    every_joined, _ = constrained_splits(["230000023"], 7, row_total_ok)
    assert len(every_joined) > len(every)


def test_zeros_0_0_00_00_0_are_seven_zeros():
    every, good = constrained_splits(["0", "0", "00", "00", "0"], 7, row_total_ok)
    assert every == [(0,) * 7]
    assert good == [(0,) * 7]


def test_023_is_0_and_23():
    assert token_splits("023", 2) == [("0", "23")]
    assert token_splits("023", 3) == [("0", "2", "3")]
    assert token_splits("023", 1) == []  # "023" is never one number


def test_table4_17_digits_split_by_group_totals():
    # 平潭 2024 表四: 2|1|3|1|7  0|0|0|0|0  13|2|4|0|19
    every, good = constrained_splits(["21317000001324019"], 15, group_totals_ok(5))
    assert good == [(2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)]
    assert len(every) > 1


# ---------------------------------------------------------------------------------------------
# the splitting rules


@pytest.mark.parametrize(("token", "parts"), [("1005", 2), ("1005", 3), ("100200", 4), ("90000", 5), ("7030", 3)])
def test_no_part_has_a_leading_zero(token: str, parts: int):
    result = token_splits(token, parts)
    assert result, "there is at least one valid split"
    for split in result:
        assert "".join(split) == token
        assert len(split) == parts
        for part in split:
            assert part == "0" or not part.startswith("0"), split


def test_leading_zero_examples_exactly():
    assert token_splits("1005", 2) == [("100", "5")]  # 1|005, 10|05 are not numbers
    assert token_splits("1005", 3) == [("10", "0", "5")]
    assert token_splits("00", 2) == [("0", "0")]
    assert token_splits("00", 1) == []
    assert token_splits("0", 1) == [("0",)]


def test_every_split_of_a_token_is_found():
    assert sorted(token_splits("1234", 2)) == [("1", "234"), ("12", "34"), ("123", "4")]
    assert token_splits("1234", 4) == [("1", "2", "3", "4")]
    assert token_splits("1234", 5) == []  # more parts than digits


def test_minus_sign_stays_with_its_number():
    # 2019 本年增/减 columns: "35-15" is read by the stream as the tokens "35" and "-15"
    every, _ = constrained_splits(["35", "-15"], 2)
    assert every == [(35, -15)]
    every, _ = constrained_splits(["35", "-15"], 3)
    assert sorted(every) == sorted([(3, 5, -15), (35, -1, 5)])
    for split in token_splits("-1203", 3):
        assert split[0].startswith("-")
        assert not any(p.startswith("-") for p in split[1:])
    assert token_splits("-15", 1) == [("-15",)]


def test_decimal_part_stays_with_the_last_part():
    result = token_splits("1212.5", 2)
    assert result == [("1", "212.5"), ("12", "12.5"), ("121", "2.5")]
    for split in token_splits("30712.48", 3):
        assert split[-1].endswith(".48")
        assert all("." not in p for p in split[:-1])
    every, _ = constrained_splits(["512.5"], 2)
    assert (5, Decimal("12.5")) in every and (51, Decimal("2.5")) in every
    assert all(isinstance(s[-1], Decimal) and isinstance(s[0], int) for s in every)


def test_non_numbers_are_not_split():
    assert token_splits("12a3", 2) == []
    assert token_splits("", 1) == []
    assert token_splits("1.2.3", 2) == []
    assert list(splits(["1", "x"], 2)) == []


def test_too_few_digits_or_too_many_tokens():
    assert constrained_splits(["123"], 7) == ([], [])
    assert constrained_splits(["1"] * 8, 7) == ([], [])
    assert constrained_splits([], 7) == ([], [])
    assert count_capacity("12345") == 5
    assert count_capacity("-12.5") == 2


def test_printed_boundaries_are_kept():
    # every token contributes at least one cell and tokens are never merged
    for split in splits(["12", "3", "45"], 4):
        assert len(split) == 4
    assert sorted(splits(["12", "3", "45"], 4)) == sorted([(1, 2, 3, 45), (12, 3, 4, 5)])


def test_the_number_of_candidates_is_bounded():
    with pytest.raises(TooManySplits):
        constrained_splits(["1" * 60], 15)


# ---------------------------------------------------------------------------------------------
# the identities


def test_row_total_ok():
    assert row_total_ok((217, 1, 0, 0, 0, 0, 218))
    assert not row_total_ok((217, 1, 0, 0, 0, 0, 219))
    assert row_total_ok((0,) * 7)
    assert row_total_ok((Decimal("1.5"), 0, 0, 0, 0, Decimal("1"), Decimal("2.5")))


def test_group_totals_ok():
    ok = group_totals_ok(5)
    assert ok((2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19))
    assert not ok((2, 1, 3, 1, 7, 0, 0, 0, 0, 1, 13, 2, 4, 0, 19))  # second group: 0 ≠ 1
    assert not ok((2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 18))  # only the last group is wrong
    assert group_totals_ok(3)((1, 2, 3, 4, 5, 9))


# ---------------------------------------------------------------------------------------------
# property: concatenating a consistent row and splitting it back always finds the row

counts = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 999))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(counts, min_size=6, max_size=6))
def test_concatenated_row_splits_back(six: list[int]):
    row = (*six, sum(six))
    digits = "".join(str(v) for v in row)
    every, good = constrained_splits([digits], 7, row_total_ok)
    assert row in good
    assert row in every
    assert set(good) <= set(every)
    assert len(set(good)) == len(good)  # no duplicates
    for split in good:
        assert len(split) == 7
        assert sum(split[:-1]) == split[-1]
        assert "".join(str(v) for v in split) == digits
    for split in every:
        assert "".join(str(v) for v in split) == digits  # a split only cuts, never changes digits


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=4, max_size=4), min_size=3, max_size=3))
def test_concatenated_table4_splits_back(groups: list[list[int]]):
    # single-digit results keep the run short (15 cells out of at most 18 digits)
    row = tuple(v for g in groups for v in (*g, sum(g)))
    digits = "".join(str(v) for v in row)
    every, good = constrained_splits([digits], 15, group_totals_ok(5))
    assert row in good
    assert set(good) <= set(every)
    assert all(group_totals_ok(5)(s) for s in good)


# ---------------------------------------------------------------------------------------------
# property: identity-driven recovery (issue 10)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 40), min_size=6, max_size=6), st.integers(1, 9))
def test_a_total_row_that_no_split_balances_is_recovered_by_the_columns(six: list[int], off: int):
    """A consistent 表三 whose （七）总计 run is printed with a wrong total: when no split of the run
    balances the row, the column identities recover the printed values (the wrong total included)."""
    from gongkai.model.keys import T3_ROWS, T3Layout
    from gongkai.model.location import Location
    from gongkai.model.report import Method
    from gongkai.parsing.stream import Token, TokenKind
    from gongkai.parsing.table3 import RowValues, _Pending, _place_pending

    layout = T3Layout.SPLIT
    rows = T3_ROWS[layout]
    index = {r.key: i for i, r in enumerate(rows)}
    total = sum(six)
    values = {r.key: [0] * 7 for r in rows}
    values["new"] = [*six, total]
    values["granted"] = [*six, total]
    values["processed_total"] = [*six, total + off]  # published wrong by ``off``
    digits = "".join(str(v) for v in values["processed_total"])
    every, good = constrained_splits([digits], 7, row_total_ok)
    assume(not good)  # another split balancing the row is not the case this property is about
    placed = {index[k]: RowValues(list(v), [str(x) for x in v], [Location()] * 7, Method.LABEL)
              for k, v in values.items() if k != "processed_total"}
    token = Token(TokenKind.NUMBER, digits, digits, Location(), 0, 0)
    row = index["processed_total"]
    notices = _place_pending(placed, [_Pending(row, [token], every, row_sum_fails=True)], set(), layout)
    assert placed[row].values == values["processed_total"]
    assert placed[row].method is Method.COLUMN_SUMS and notices == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=4, max_size=4), min_size=3, max_size=3), st.integers(0, 2),
       st.integers(1, 9))
def test_table4_groups_that_balance_are_kept_when_another_is_wrong(groups: list[list[int]], bad: int, off: int):
    from gongkai.model.keys import T4_KEYS
    from gongkai.model.location import Location
    from gongkai.model.report import Cell
    from gongkai.parsing.table4 import _by_groups

    row = [v for g in groups for v in (*g, sum(g))]
    row[bad * 5 + 4] += off  # the published total of one group is wrong
    digits = "".join(str(v) for v in row)
    every, good = constrained_splits([digits], 15, group_totals_ok(5))
    assume(not good)
    result = _by_groups({k: Cell(k, None) for k in T4_KEYS}, every, good, digits, Location())
    for g in range(3):
        if g == bad:
            continue
        keys = T4_KEYS[g * 5 : g * 5 + 5]
        placed = [result.cells[k].value for k in keys]
        # a consistent group is kept whenever the run determines it
        assert placed == row[g * 5 : g * 5 + 5] or None in placed
    assert result.found
