"""Parsing: a chain of small pure functions from a RawDocument to an AnnualReport."""

from gongkai.parsing.report import detect_format, find_regions, parse_document

__all__ = ["detect_format", "find_regions", "parse_document"]
