"""Plain text and Markdown: encodings and line splitting."""

from __future__ import annotations

import pytest
from tests.conftest import seed

import gongkai
from gongkai.exceptions import ReadError
from gongkai.readers import SourceFormat, read_bytes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_seed_in_any_common_chinese_encoding_parses_to_the_same_cells(encoding: str):
    text = seed("001").read_text(encoding="utf-8")
    original = gongkai.parse(seed("001"))
    report = gongkai.parse_bytes(text.encode(encoding), name="r.txt")
    assert report.values() == original.values()
    assert report.body == original.body


def test_gbk_is_detected_and_reported_in_meta():
    doc = read_bytes("一、总体情况\n本年度共收到申请3件。\n".encode("gbk"), name="x.txt")
    assert doc.format is SourceFormat.TXT
    assert doc.meta["encoding"] in ("gb18030", "gbk", "gb2312")
    assert doc.lines[1].cells == ("本年度共收到申请3件。",)
    assert doc.lines[1].loc.line == 2


def test_markdown_is_read_as_markdown():
    doc = read_bytes("| 规章 | 0 | 0 | 0 |\n".encode(), name="x.md")
    assert doc.format is SourceFormat.MD


def test_mojibake_text_with_replacement_characters_is_still_text():
    # the 金湖县 2023 extract went through a GBK/UTF-8 round trip: U+FFFD everywhere, but it is text
    text = "一、总体情况\n2023 年，金湖县深入贯彻落实\ufffd\ufffd条例\ufffd\ufffd相关要求。\n"
    doc = read_bytes(text.encode(), name="x.txt")
    assert "金湖县" in doc.text


def test_binary_bytes_named_txt_are_refused():
    with pytest.raises(ReadError, match="二进制"):
        read_bytes(b"\x00\x01PK\x03\x04" * 100, name="x.txt")
