"""Readers: the only code that opens files. One module per source format."""

from gongkai.readers.base import Line, RawDocument, SourceFormat
from gongkai.readers.detect import SUPPORTED_SUFFIXES, detect_format
from gongkai.readers.load import read_bytes, read_path

__all__ = ["SUPPORTED_SUFFIXES", "Line", "RawDocument", "SourceFormat", "detect_format", "read_bytes", "read_path"]
