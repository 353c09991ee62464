"""The one exception hierarchy of gongkai.

Findings about a report are data (see ``gongkai.checks``); these exceptions are failures: a file
that cannot be read, a document that is not a supported annual report. Every message is written
for the end user, in Chinese, and names the file when one is known.
"""

from __future__ import annotations


class GongkaiError(Exception):
    """Root of every error gongkai raises on purpose."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        if self.source:
            return f"{self.source}：{self.message}"
        return self.message


class ReadError(GongkaiError):
    """The file cannot be opened or decoded (missing, empty, corrupt, encrypted, too large, no text layer)."""


class UnsupportedDocumentError(GongkaiError):
    """The file was read but is not a supported annual report (e.g. a pre-2019 report)."""


class WriteError(GongkaiError):
    """An output file cannot be written (it exists and overwriting was not asked for, the folder is not
    writable, the disk is full)."""
