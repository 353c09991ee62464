"""Batch processing over many files: discovery, and a pool of worker processes that gives every file a
time and a memory limit (one bad file never stops a run). See ``README.md`` § batch engine."""

from gongkai.batch.discover import Source, discover, discover_files
from gongkai.batch.pool import Limits, PoolStats, default_jobs, run_ordered
from gongkai.batch.run import FileResult, check_many, parse_many

__all__ = ["FileResult", "Limits", "PoolStats", "Source", "check_many", "default_jobs", "discover", "discover_files",
           "parse_many", "run_ordered"]
