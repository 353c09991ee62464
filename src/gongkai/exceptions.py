"""The one exception hierarchy of gongkai.

Findings about a report are data (see ``gongkai.checks``); these exceptions are failures: a file
that cannot be read, a document that is not a supported annual report, a file whose processing
ran over its time or memory limit in the batch engine. Every message is written for the end user,
in Chinese, and names the file when one is known.
"""

from __future__ import annotations

from typing import Any


def _rebuild(cls: type[GongkaiError], message: str, source: str | None, extra: dict[str, Any]) -> GongkaiError:
    """Unpickle any subclass whatever its ``__init__`` signature (errors cross process boundaries)."""
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.message = message
    exc.source = source
    exc.__dict__.update(extra)
    return exc


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

    def __reduce__(self) -> tuple[Any, ...]:
        extra = {k: v for k, v in self.__dict__.items() if k not in ("message", "source")}
        return _rebuild, (type(self), self.message, self.source, extra)


class ReadError(GongkaiError):
    """The file cannot be opened or decoded (missing, empty, corrupt, encrypted, too large, no text layer,
    not a regular file, no permission)."""


class UnsupportedDocumentError(GongkaiError):
    """The file was read but is not a supported annual report (see the two subclasses)."""


class NotAReportError(UnsupportedDocumentError):
    """The document is not a government information disclosure annual report at all (a README, a memo).

    When such a file is found while scanning a directory, the command line lists it as skipped."""


class OutdatedFormatError(UnsupportedDocumentError):
    """The document is an annual report in the format used before 2019, which gongkai does not read."""


class WriteError(GongkaiError):
    """An output file cannot be written (it exists and overwriting was not asked for, the folder is not
    writable, the disk is full)."""


class LimitExceededError(GongkaiError):
    """Processing one file ran over a limit of the batch engine (time or memory)."""


class TimeLimitError(LimitExceededError):
    """Processing one file took longer than its wall-time limit and was stopped."""


class MemoryLimitError(LimitExceededError):
    """Processing one file needed more memory than its limit."""


class WorkerError(GongkaiError):
    """Something unexpected happened while processing one file (a bug, or a crash of the worker process).

    The message carries the exception type (or the signal) and asks the user to report it."""
