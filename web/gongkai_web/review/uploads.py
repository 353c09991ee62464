"""Uploaded files and ZIP archives → the files of a batch, safely: the library's one ZIP reader
(:mod:`gongkai.readers.archive`: normalised names, streaming byte counters against ZIP bombs, member and
total caps, one Chinese error per refused file) with the limits of the site's settings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from django.conf import settings

from gongkai.readers.archive import ArchiveLimits, Member, read_upload

Part = Member  # one file of an upload: its display name and bytes, or why it was refused


def limits_from_settings() -> ArchiveLimits:
    return ArchiveLimits(file_bytes=settings.GONGKAI_REVIEW_MAX_FILE_BYTES,
                         members=settings.GONGKAI_REVIEW_MAX_ZIP_MEMBERS,
                         unzipped_bytes=settings.GONGKAI_REVIEW_MAX_UNZIPPED_BYTES)


def expand(uploads: Iterable[tuple[str, IO[bytes], int]], limits: ArchiveLimits) -> Iterator[Member]:
    """``(name, stream, size)`` of each uploaded file → its parts (a ZIP archive → its members)."""
    for name, stream, size in uploads:
        yield from read_upload(name, stream, size, limits)
