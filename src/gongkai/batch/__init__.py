"""Batch processing over many files: discovery and per-file isolation (one bad file never stops a run)."""

from gongkai.batch.discover import discover_files
from gongkai.batch.run import FileResult, parse_many

__all__ = ["FileResult", "discover_files", "parse_many"]
