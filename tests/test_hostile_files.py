"""Hostile files through the public API end in a clear GongkaiError within bounded time and memory."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

import gongkai
from gongkai.exceptions import ReadError, UnsupportedDocumentError


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_50_mb_text_is_refused_quickly_without_being_loaded(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read
    before = _peak_mb()
    started = time.perf_counter()
    with pytest.raises(ReadError) as err:
        gongkai.parse(big)
    assert time.perf_counter() - started < 1.0
    assert "文件过大" in err.value.message and "big.txt" in str(err.value)
    assert _peak_mb() - before < 20, "the file must be refused before it is read into memory"


def test_largest_accepted_text_of_junk_parses_or_fails_in_bounded_time(tmp_path: Path):
    junk = ("一、总体情况\n予以公开 部分公开 本年新收 上年结转 1 2 3 4\t5\n" * 40_000).encode()
    assert len(junk) < 5 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(UnsupportedDocumentError):
        gongkai.parse_bytes(junk, name="junk.txt")
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "文件为空"),
    ("spaces.txt", b"   \n\n  ", "文件为空"),
    ("nul.txt", b"\x00\x01\x02" * 1000, "二进制"),
    ("unknown.xyz", "一些文字".encode(), "不支持的文件类型"),
])
def test_small_hostile_inputs(name: str, data: bytes, message: str):
    with pytest.raises(ReadError) as err:
        gongkai.parse_bytes(data, name=name)
    assert message in err.value.message


def test_a_text_that_is_not_an_annual_report_is_refused():
    text = "会议纪要\n今天天气很好。\n参加人员：张三、李四。\n".encode()
    with pytest.raises(UnsupportedDocumentError) as err:
        gongkai.parse_bytes(text, name="memo.txt")
    assert "未识别为政府信息公开工作年度报告" in err.value.message
