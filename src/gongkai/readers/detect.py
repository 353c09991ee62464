"""Sniff a file's format from its first bytes, falling back to its name."""

from __future__ import annotations

from pathlib import PurePath

from gongkai.readers.base import SourceFormat

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SUFFIXES = {
    ".txt": SourceFormat.TXT,
    ".text": SourceFormat.TXT,
    ".md": SourceFormat.MD,
    ".markdown": SourceFormat.MD,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".shtml": SourceFormat.HTML,
    ".xhtml": SourceFormat.HTML,
    ".docx": SourceFormat.DOCX,
    ".doc": SourceFormat.DOC,
    ".pdf": SourceFormat.PDF,
    ".png": SourceFormat.IMAGE,
    ".jpg": SourceFormat.IMAGE,
    ".jpeg": SourceFormat.IMAGE,
    ".tif": SourceFormat.IMAGE,
    ".tiff": SourceFormat.IMAGE,
}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

#: Suffixes gongkai can read, for directory scans.
SUPPORTED_SUFFIXES = frozenset(_SUFFIXES)


def detect_format(name: str, head: bytes) -> SourceFormat | None:
    """Return the format of a file whose name is ``name`` and whose first bytes are ``head``.

    Magic bytes win over the suffix (a PDF saved as ``.doc`` is still a PDF). ``None`` means
    the format is not supported.
    """
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return SourceFormat.PDF
    if head.startswith(_OLE_MAGIC):
        return SourceFormat.DOC
    if head.startswith(_IMAGE_MAGIC):
        return SourceFormat.IMAGE
    suffix = PurePath(name).suffix.lower()
    by_name = _SUFFIXES.get(suffix)
    if head.startswith(b"PK\x03\x04"):
        return SourceFormat.DOCX if by_name in (SourceFormat.DOCX, None) else by_name
    if by_name in (SourceFormat.DOCX, SourceFormat.DOC, SourceFormat.PDF, SourceFormat.IMAGE):
        return by_name  # wrong magic: the reader for that format reports the corruption
    sniff = head[:2048].lstrip().lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in sniff or b"<table" in sniff:
        return SourceFormat.HTML
    return by_name
