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


# -- one batch of every hostile input, through the real command line (issue 8) -------------------


def test_a_batch_of_hostile_files_never_stops_and_the_good_files_are_parsed():
    """Every reproduction of issue 8 in one folder beside good reports, run by `gongkai parse DIR`
    in a subprocess: no traceback, exit code 2 as documented, one Chinese error per hostile file,
    every good file parsed, all within the time budget."""
    import json
    import subprocess
    import sys

    from tests.batch import hostile

    with hostile.open_tmp() as folder:
        hostile.good_txt(folder, "good-1.txt")
        (folder / "good-2.pdf").write_bytes((hostile.CORPUS / "real" / "kiro__hongze-2023.pdf").read_bytes())
        for codec in ("hex", "base64", "rot13", "zlib"):
            hostile.charset_html(folder, codec)  # these parse: the declaration is ignored
        expected_errors = {
            hostile.dense_pdf(folder).name: "字符的上限",
            hostile.flate_bomb_pdf(folder, megabytes=100).name: "压缩炸弹",
            hostile.flate_bomb_pdf(folder, megabytes=100, layers=2).name: "压缩炸弹",
            hostile.big_xml_docx(folder, megabytes=36).name: "单个部件上限",
            hostile.lying_zip_docx(folder).name: "损坏",
            hostile.fifo(folder, "x.txt").name: "命名管道",
            hostile.zero_link(folder, "zero.txt").name: "字符设备",
            hostile.deep_docx(folder).name: "Word",
            hostile.encrypted_pdf(folder, folder / "good-2.pdf").name: "已加密",
            hostile.truncated(folder, folder / "good-2.pdf", 0.3).name: "PDF",
        }
        (folder / "README.md").write_text("# 说明\n统计表的“申请总数”等旧指标。\n", encoding="utf-8")
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", "from gongkai.cli import main; main()", "parse", str(folder), "--json",
             "--timeout", "20", "--memory", "768"],
            capture_output=True, text=True, timeout=120)
        elapsed = time.perf_counter() - started
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.returncode == 2, proc.stderr
    lines = {Path(obj["file"]).name: obj for obj in map(json.loads, proc.stdout.splitlines())}
    for name, fragment in expected_errors.items():
        assert "error" in lines[name], (name, lines[name])
        assert fragment in lines[name]["error"], (name, lines[name]["error"])
    assert lines["README.md"].get("skipped")
    parsed = [name for name, obj in lines.items() if "cells" in obj]
    assert sorted(parsed) == sorted(["good-1.txt", "good-2.pdf"] + [f"charset-{c}.html" for c in
                                                                     ("hex", "base64", "rot13", "zlib")])
    assert elapsed < 60
