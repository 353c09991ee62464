"""Text normalisation: full-width forms, odd spaces, zero-width characters, number tokens."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_TRANSLATE = str.maketrans({**dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None),
                            "\u2015": "—", "\u2212": "-", "\u2010": "-", "\u2011": "-"})
_NEEDS_TRANSLATE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u2015\u2212\u2010\u2011]")
_ODD_SPACE = re.compile(r"[^\S\t\n]{2,}|[^\S \t\n]")

#: A cell whose whole text is one of these means "no value" (kept distinct from 0).
BLANK_MARKERS = frozenset({"/", "\\", "-", "--", "—", "——", "–", "无", "空", "/ ", "×", "*", "N/A", "n/a"})

NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII, U+3000 and NBSP to space), drop zero-width
    characters, collapse runs of spaces. Tabs and newlines are kept: they separate cells and lines."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if _NEEDS_TRANSLATE.search(text):
            text = text.translate(_TRANSLATE)
    return _ODD_SPACE.sub(" ", text)


def is_blank_marker(text: str) -> bool:
    return text.strip() in BLANK_MARKERS


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
