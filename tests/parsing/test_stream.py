"""parsing.stream: cells joined into one searchable string that maps back to each cell; value tokens."""

from __future__ import annotations

from gongkai.model.location import Location
from gongkai.parsing.cells import CellLine, TextCell
from gongkai.parsing.stream import Stream, TokenKind, trim_blanks


def row(*cells: str, line: int = 1, grid: bool = False) -> CellLine:
    return CellLine(tuple(TextCell(c, c, Location(line=line, col=i + 1)) for i, c in enumerate(cells)), True,
                    Location(line=line), grid=grid)


def test_cells_are_joined_by_tabs_and_lines_by_newlines() -> None:
    s = Stream([row("规章", "0", "1", line=1), row("行政许可", "56", line=2)])
    assert s.text == "规章\t0\t1\n行政许可\t56\n"
    assert [(p.start, p.end) for p in s.pieces] == [(0, 2), (3, 4), (5, 6), (7, 11), (12, 14)]
    assert s.line_spans == [(0, 6), (7, 14)]


def test_every_offset_maps_back_to_its_cell_and_line() -> None:
    s = Stream([row("规章", "0", "1", line=1), row("行政许可", "56", line=2)])
    offset = s.text.index("56")
    piece = s.pieces[s.piece_index(offset)]
    assert piece.cell.text == "56" and piece.cell.loc == Location(line=2, col=2)
    assert s.line_of(offset) == 1 and s.line_of(0) == 0
    assert s.lines_in(0, len(s.text)) == [0, 1]
    assert s.lines_in(offset, offset + 1) == [1]


def test_tokens_are_the_numbers_with_their_source_location() -> None:
    s = Stream([row("一、本年新收", "3", "0", "12", line=4)])
    tokens = s.tokens(0, len(s.text))
    assert [(t.kind, t.text) for t in tokens] == [(TokenKind.NUMBER, "3"), (TokenKind.NUMBER, "0"),
                                                 (TokenKind.NUMBER, "12")]
    assert [t.loc.col for t in tokens] == [2, 3, 4] and {t.line for t in tokens} == {0}
    assert s.text[tokens[2].offset:tokens[2].offset + 2] == "12"


def test_blank_markers_are_blank_tokens_and_item_markers_dates_are_not_numbers() -> None:
    s = Stream([row("2.其他法律行政法规禁止公开", "/", "-", "无", "5"), row("2023年1月", "第5项")])
    tokens = s.tokens(0, len(s.text))
    assert [(t.kind, t.text) for t in tokens] == [(TokenKind.BLANK, "/"), (TokenKind.BLANK, "-"),
                                                 (TokenKind.BLANK, "无"), (TokenKind.NUMBER, "5")]


def test_empty_cells_count_only_on_lines_with_values_or_real_grids() -> None:
    header = row("申请人情况", "", "")
    values = row("本年新收", "", "7")
    grid = row("上年结转", "", "", grid=True)
    s = Stream([header, values, grid])
    kinds = [(t.line, t.kind, t.text) for t in s.tokens(0, len(s.text))]
    assert (0, TokenKind.BLANK, "") not in kinds  # the header line holds no value
    assert [k for k in kinds if k[0] == 1] == [(1, TokenKind.BLANK, ""), (1, TokenKind.NUMBER, "7")]
    assert [k for k in kinds if k[0] == 2] == [(2, TokenKind.BLANK, ""), (2, TokenKind.BLANK, "")]


def test_tokens_of_a_segment_stay_inside_it() -> None:
    s = Stream([row("a", "1", "2", "3")])
    start = s.text.index("2")
    assert [t.text for t in s.tokens(start, len(s.text))] == ["2", "3"]
    assert s.tokens(5, 5) == []


def test_trim_blanks_drops_surplus_empty_cells_leading_first() -> None:
    s = Stream([row("", "1", "2", "", grid=True)])
    tokens = s.tokens(0, len(s.text))
    assert [t.text for t in tokens] == ["", "1", "2", ""]
    assert [t.text for t in trim_blanks(tokens, 3)] == ["1", "2", ""]
    assert [t.text for t in trim_blanks(tokens, 2)] == ["1", "2"]
    assert trim_blanks(tokens, 4) == tokens
