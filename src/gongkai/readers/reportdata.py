"""Report data files: the JSON / JSON Lines that ``gongkai parse --json`` prints, and YAML data files
(``gongkai template``; docs/report-yaml.md). This module opens and decodes them; the model's schema
(:mod:`gongkai.model.serialize`) validates what they hold.

Limits: at most :data:`MAX_REPORT_DATA_BYTES` bytes per file; JSON nesting is bounded by the decoder
(a too-deep document becomes a Chinese error, not a ``RecursionError``); YAML is loaded by the one safe
loader :func:`gongkai.model.serialize.yaml_tree`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.model.serialize import ReportDataError, YamlNode, yaml_tree
from gongkai.readers.files import decode_text, read_capped

#: Largest report data file read, in bytes (one parse --json line is a few hundred KB at most).
MAX_REPORT_DATA_BYTES = 64 * 1024 * 1024
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
YAML_SUFFIXES = (".yaml", ".yml")
DATA_SUFFIXES = JSON_SUFFIXES + YAML_SUFFIXES


def is_report_data(path: str | Path) -> bool:
    """True for a file name gongkai reads as report data (by suffix) rather than as a document."""
    return Path(path).suffix.lower() in DATA_SUFFIXES


@dataclass(frozen=True)
class ReportData:
    """What a report data file holds: JSON objects (one per report, with their line numbers: 0 for a
    whole-file JSON document) or one YAML tree."""

    source: str
    objects: tuple[tuple[int, Any], ...] = ()
    yaml: YamlNode | None = None


def read_text_file(path: str | Path) -> str:
    """A UTF-8 data file's text (BOM allowed)."""
    data = read_capped(path, MAX_REPORT_DATA_BYTES, what="数据文件")
    return decode_text(data, source=str(path), what="数据文件")


def _json(text: str, source: str, line: int = 0) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        where = f"第 {line} 行" if line else "JSON "
        raise ReportDataError(f"{where}嵌套过深，无法读取", source=source) from None
    except ValueError as exc:  # JSONDecodeError, or an integer longer than Python reads (4,300 digits)
        if isinstance(exc, json.JSONDecodeError):
            raise
        where = f"第 {line} 行" if line else "JSON "
        raise ReportDataError(f"{where}中有无法读取的数字（位数过多）", source=source) from None


def parse_json_text(text: str, *, source: str) -> tuple[tuple[int, Any], ...]:
    """The objects of a JSON document or of JSON Lines (one object per line), with their line numbers.
    A top-level JSON list of objects is read as those objects."""
    try:
        whole = _json(text, source)
    except json.JSONDecodeError:
        objects: list[tuple[int, Any]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                objects.append((number, _json(line, source, number)))
            except json.JSONDecodeError as exc:
                raise ReportDataError(f"第 {number} 行不是有效的 JSON（{exc.msg}）", source=source) from None
        return tuple(objects)
    if isinstance(whole, list):
        return tuple((0, item) for item in whole)
    return ((0, whole),)


def read_report_data(path: str | Path) -> ReportData:
    """Open a report data file (by suffix: .json/.jsonl/.ndjson or .yaml/.yml) and decode it safely.
    Raises :class:`ReportDataError` with a Chinese message."""
    source = str(path)
    suffix = Path(path).suffix.lower()
    text = read_text_file(path)
    if suffix in YAML_SUFFIXES:
        return ReportData(source, yaml=yaml_tree(text, source=source))
    if suffix in JSON_SUFFIXES:
        objects = parse_json_text(text, source=source)
        if not objects:
            raise ReportDataError("文件中没有报告数据", source=source)
        return ReportData(source, objects=objects)
    raise ReportDataError("不是报告数据文件（应为 .json、.jsonl、.yaml 或 .yml）", source=source)
