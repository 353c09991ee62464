"""Plain text and Markdown: decode (UTF-8, GB18030/GBK, UTF-16 with BOM) and split into lines."""

from __future__ import annotations

import re

from gongkai.exceptions import ReadError
from gongkai.readers.base import RawDocument, SourceFormat, text_lines

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes of a Chinese text document; return ``(text, encoding)``.

    UTF-8 is tried first (strictly), then GB18030 (a superset of GBK and GB2312) strictly, then
    charset-normalizer's best guess. Bytes that are not text at all raise :class:`ReadError`.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ReadError(f"文件声明为 {enc} 编码，但内容无法按该编码解码", source=source) from exc
    if b"\x00" in data[:4096]:
        raise ReadError("文件含有二进制内容，不是文本文件", source=source)
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, enc
        break
    else:
        damaged = _mostly_valid(data)
        if damaged is not None:
            return damaged
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or not best.encoding:
        raise ReadError("无法识别文件的文字编码，文件可能已损坏或不是文本文件", source=source)
    text = data.decode(best.encoding, errors="replace")
    if not _looks_like_text(text) or text.count("\ufffd") > len(text) * 0.05:
        raise ReadError("文件内容不是可读的文字", source=source)
    return text, best.encoding


def _mostly_valid(data: bytes) -> tuple[str, str] | None:
    """UTF-8 or GB18030 text with a few damaged bytes (a flipped bit, a cut character): decoded with
    U+FFFD in their place when they are few (:data:`DAMAGED_SHARE`)."""
    best: tuple[int, str, str] | None = None
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(16, len(data) * DAMAGED_SHARE) and _looks_like_text(text) and (best is None or bad < best[0]):
            best = (bad, text, enc)
    return (best[1], best[2]) if best is not None else None


#: Most undecodable characters accepted (per byte of the file; at least 16) in otherwise valid UTF-8/GB18030.
DAMAGED_SHARE = 0.002


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20_000]
    return len(_CONTROL.findall(sample)) <= len(sample) * 0.05


def read_text(data: bytes, source: str, fmt: SourceFormat = SourceFormat.TXT) -> RawDocument:
    text, encoding = decode_text(data, source)
    return RawDocument(source=source, format=fmt, lines=tuple(text_lines(text)), meta={"encoding": encoding})
