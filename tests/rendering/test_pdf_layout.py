"""The PDF never strands a section heading (or the line leading into its table) at a page foot: whatever
the length of the text above, 二、三、四 start on the page where their table starts."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest

from gongkai.ledger import build_report
from gongkai.rendering import render

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
HEADINGS = {"二、主动公开政府信息情况": "第二十条第（一）项", "三、收到和处理政府信息公开申请情况": "申请人情况",
            "四、政府信息公开行政复议、行政诉讼情况": "行政复议"}


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(p.split()) for p in text.split("\f")]


@pytest.mark.parametrize("repeat", range(0, 40, 5))
def test_headings_stay_with_their_tables(repeat, tmp_path):
    base = build_report(body="某某镇人民政府", year=2024)
    first = dataclasses.replace(base.sections[0], text="本年度工作情况。" * (repeat * 12))
    pages = _pages(render(dataclasses.replace(base, sections=(first, *base.sections[1:])), "pdf"), tmp_path)
    for heading, table_text in HEADINGS.items():
        at = [i for i, p in enumerate(pages) if heading in p]
        assert at, heading
        after = pages[at[0]].split(heading, 1)[1]
        assert table_text in after, f"{heading} on page {at[0] + 1}, its table on the next"
