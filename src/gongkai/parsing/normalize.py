"""Text normalisation: full-width forms, odd spaces, zero-width characters, number tokens."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_TRANSLATE = str.maketrans({**dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None),
                            "\u2015": "—", "\u2212": "-", "\u2010": "-", "\u2011": "-"})
_NEEDS_TRANSLATE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u2015\u2212\u2010\u2011]")
_ODD_SPACE = re.compile(r"[^\S\t\n]{2,}|[^\S \t\n]")
_OTHER_SPACE = re.compile(r"[^\S \t\n]")
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000\u00a0]")
_HALF = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " ", "\u00a0": " "}


def _half_width(m: re.Match[str]) -> str:
    return _HALF[m.group()]

#: A cell whose whole text is one of these means "no value" (kept distinct from 0).
BLANK_MARKERS = frozenset({"/", "\\", "-", "--", "—", "——", "–", "无", "空", "×", "*", "N/A", "n/a"})

NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII, U+3000 and NBSP to space), drop zero-width
    characters, collapse runs of spaces. Tabs and newlines are kept: they separate cells and lines."""
    if not text.isascii():
        # NFKC's most common work (full-width ASCII, U+3000, NBSP) done cheaply first; the full
        # NFKC pass only runs when something else remains to normalise. The result is the same.
        text = _FULL_WIDTH.sub(_half_width, text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _NEEDS_TRANSLATE.search(text):
            text = text.translate(_TRANSLATE)
    if "  " in text or _OTHER_SPACE.search(text):
        text = _ODD_SPACE.sub(" ", text)
    return text


_SMALL = {str(i): i for i in range(1000)}


def to_number(token: str) -> int | Decimal | None:
    """Parse a normalised numeric token: ``"12"`` → 12, ``"7730.28"`` → Decimal, otherwise None."""
    small = _SMALL.get(token)
    if small is not None:
        return small
    token = token.strip()
    if not NUMBER_RE.fullmatch(token):
        return None
    if "." in token:
        try:
            return Decimal(token)
        except InvalidOperation:  # pragma: no cover - regex guarantees a valid literal
            return None
    return int(token)


def compact(text: str) -> str:
    """Remove every whitespace character (for comparing labels that PDF extraction spaced out)."""
    return "".join(text.split())
