"""The document as one searchable string, with a map back to the cells it came from.

Cells are joined with ``\\t`` and lines with ``\\n`` so that regular expressions can find labels
that were wrapped or split across cells, while every offset still maps to a source cell
(provenance). Value tokens are read from a segment of the stream.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from gongkai.model.location import Location
from gongkai.parsing.cells import CellLine, TextCell
from gongkai.parsing.normalize import BLANK_MARKERS


class Piece(NamedTuple):
    start: int
    end: int
    cell: TextCell
    line: int  # index into Stream.lines


class TokenKind(StrEnum):
    NUMBER = "number"
    BLANK = "blank"  # an empty cell, "/", "-", "无" …: a cell without a value


class Token(NamedTuple):
    """A value cell candidate read from the stream (a number may still hold several run-together cells)."""

    kind: TokenKind
    text: str  # normalised number text, or the blank marker ("" for an empty cell)
    raw: str  # the source cell's raw text
    loc: Location
    line: int
    offset: int


# A number in a table cell: not glued to a preceding letter ("数据1"), not an item marker ("2."
# before a label), not a date or statute part ("2023年", "第5项"), not parenthesised ("(5)").
_NUM = re.compile(r"-?\d+(?:\.\d+)?")
_WORD_BEFORE = re.compile(r"[A-Za-z\u4e00-\u9fff(\[]")
_JUNK_AFTER = re.compile(r"\s*(?:[年月日号项页款)\]]|[.、]\s*[\u4e00-\u9fff])")


class Stream:
    """All cells of a document joined into one string."""

    def __init__(self, lines: Sequence[CellLine]) -> None:
        self.lines = list(lines)
        parts: list[str] = []
        self.pieces: list[Piece] = []
        self.line_spans: list[tuple[int, int]] = []  # [start, end) of each line, without its newline
        pos = 0
        for li, line in enumerate(self.lines):
            line_start = pos
            for ci, cell in enumerate(line.cells):
                if ci:
                    parts.append("\t")
                    pos += 1
                self.pieces.append(Piece(pos, pos + len(cell.text), cell, li))
                parts.append(cell.text)
                pos += len(cell.text)
            self.line_spans.append((line_start, pos))
            parts.append("\n")
            pos += 1
        self.text = "".join(parts)
        self._starts = [p.start for p in self.pieces]

    def piece_index(self, offset: int) -> int:
        """Index of the piece containing (or preceding) ``offset``."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def line_of(self, offset: int) -> int:
        return self.pieces[self.piece_index(offset)].line

    def lines_in(self, start: int, end: int) -> list[int]:
        """Indices of the lines that overlap ``[start, end)``."""
        first = bisect.bisect_right([s for s, _ in self.line_spans], start) - 1
        out = []
        for li in range(max(first, 0), len(self.line_spans)):
            s, e = self.line_spans[li]
            if s >= end:
                break
            if e > start or s == start:
                out.append(li)
        return out

    def tokens(self, start: int, end: int) -> list[Token]:
        """Value tokens in ``[start, end)``. Empty cells count as blanks only on lines that also
        hold a number or a blank marker in the segment (header and label lines of text contribute
        nothing), or that are rows of a real table grid."""
        out: list[Token] = []
        pieces, text, lines = self.pieces, self.text, self.lines
        if end <= start or not pieces:
            return out
        number, blank = TokenKind.NUMBER, TokenKind.BLANK
        current_line = -1
        line_tokens: list[Token] = []
        line_has_value = False
        for pi in range(self.piece_index(start), len(pieces)):
            p_start, p_end, cell, line = pieces[pi]
            if p_start >= end:
                break
            if line != current_line:
                if line_has_value:
                    out.extend(line_tokens)
                line_tokens, current_line = [], line
                line_has_value = lines[line].grid
            if p_start == p_end:
                if start <= p_start < end:
                    line_tokens.append(Token(blank, "", cell.raw, cell.loc, line, p_start))
                continue
            lo, hi = max(p_start, start), min(p_end, end)
            if hi <= lo:
                continue
            clip = text[lo:hi]
            stripped = clip.strip()
            whole = lo == p_start and hi == p_end
            if not stripped:
                if whole:
                    line_tokens.append(Token(blank, "", cell.raw, cell.loc, line, lo))
                continue
            if whole and stripped in BLANK_MARKERS:
                line_tokens.append(Token(blank, stripped, cell.raw, cell.loc, line, lo))
                line_has_value = True
                continue
            if _NUM.fullmatch(stripped):  # the usual case: the cell (or its rest) is one number
                line_tokens.append(Token(number, stripped, cell.raw, cell.loc, line, lo + clip.index(stripped[0])))
                line_has_value = True
                continue
            for m in _NUM.finditer(clip):
                ms = m.start()
                before = clip[ms - 1] if ms > 0 else ""
                if before and (_WORD_BEFORE.match(before) or before == "." or (
                        before.isdigit() and clip[ms] != "-")):
                    continue
                if _JUNK_AFTER.match(clip, m.end()):
                    continue
                line_tokens.append(Token(number, m.group(), cell.raw, cell.loc, line, lo + ms))
                line_has_value = True
        if line_has_value:
            out.extend(line_tokens)
        return out


def trim_blanks(tokens: list[Token], n: int) -> list[Token]:
    """Drop surplus empty cells: leading ones first (merged label columns), then trailing ones."""
    tokens = list(tokens)
    while len(tokens) > n and tokens[0].kind is TokenKind.BLANK and tokens[0].text == "":
        tokens.pop(0)
    while len(tokens) > n and tokens[-1].kind is TokenKind.BLANK and tokens[-1].text == "":
        tokens.pop()
    return tokens
