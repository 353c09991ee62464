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
_WHOLE_NUM = re.compile(r"-?\d+(?:\.\d+)?")
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

    def location(self, offset: int) -> Location:
        return self.pieces[self.piece_index(offset)].cell.loc

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
        if end <= start or not self.pieces:
            return out
        first = self.piece_index(start)
        current_line = -1
        line_tokens: list[Token] = []
        line_has_value = False
        for pi in range(first, len(self.pieces)):
            piece = self.pieces[pi]
            if piece.start >= end:
                break
            if piece.line != current_line:
                if line_has_value:
                    out.extend(line_tokens)
                line_tokens, current_line = [], piece.line
                line_has_value = self.lines[piece.line].grid
            lo, hi = max(piece.start, start), min(piece.end, end)
            if piece.start == piece.end:
                if start <= piece.start < end:
                    line_tokens.append(self._token(TokenKind.BLANK, "", piece, piece.start))
                continue
            if hi <= lo:
                continue
            clip = self.text[lo:hi]
            stripped = clip.strip()
            if not stripped:
                if lo == piece.start and hi == piece.end:
                    line_tokens.append(self._token(TokenKind.BLANK, "", piece, lo))
                continue
            if stripped in BLANK_MARKERS and lo == piece.start and hi == piece.end:
                line_tokens.append(self._token(TokenKind.BLANK, stripped, piece, lo))
                line_has_value = True
                continue
            if _WHOLE_NUM.fullmatch(stripped):  # the usual case: the cell (or its rest) is one number
                line_tokens.append(self._token(TokenKind.NUMBER, stripped, piece, lo + clip.index(stripped[0])))
                line_has_value = True
                continue
            for m in _NUM.finditer(clip):
                before = clip[m.start() - 1] if m.start() > 0 else ""
                glued = before.isdigit() and not m.group().startswith("-")
                if before and (_WORD_BEFORE.match(before) or glued or before == "."):
                    continue
                if _JUNK_AFTER.match(clip, m.end()):
                    continue
                line_tokens.append(self._token(TokenKind.NUMBER, m.group(), piece, lo + m.start()))
                line_has_value = True
        if line_has_value:
            out.extend(line_tokens)
        return out

    def _token(self, kind: TokenKind, text: str, piece: Piece, offset: int) -> Token:
        return Token(kind, text, piece.cell.raw, piece.cell.loc, piece.line, offset)


def trim_blanks(tokens: list[Token], n: int) -> list[Token]:
    """Drop surplus empty cells: leading ones first (merged label columns), then trailing ones."""
    tokens = list(tokens)
    while len(tokens) > n and tokens[0].kind is TokenKind.BLANK and tokens[0].text == "":
        tokens.pop(0)
    while len(tokens) > n and tokens[-1].kind is TokenKind.BLANK and tokens[-1].text == "":
        tokens.pop()
    return tokens
