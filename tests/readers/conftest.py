"""Fixtures shared by the reader tests: a sample report .docx and its LibreOffice conversions."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: The read-only report corpus beside the project (never copied into the repository).
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

LABEL_HEADER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
WRAPPED_FIRST = "（二）部分公开（区分处理的，只计这一情"
WRAPPED_SECOND = "形，不计其他情形）"

#: The table rows the sample .docx must read back as (None where a merged cell covers).
EXPECTED_ROWS = [
    (LABEL_HEADER, "自然人", "法人或其他组织", None, None, None, None, "总计"),
    (None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None),
    ("一、本年新收政府信息公开申请数量", "3001", "53", "0", "0", "61", "4", "3119"),
    (WRAPPED_FIRST + WRAPPED_SECOND, "447", "7", "0", "0", "0", "0", "454"),
    ("Total items", "", "1", "2", "3", "4", "5", "15"),
]
PARAGRAPHS_BEFORE = [
    "测试区2023年政府信息公开工作年度报告",
    "一、总体情况",
    "三、收到和处理政府信息公开申请情况",
]
PARAGRAPHS_AFTER = ["四、政府信息公开行政复议、行政诉讼情况"]
TITLE = "测试区2023年政府信息公开工作年度报告"


def build_sample_docx(path: Path) -> Path:
    """Write a small report with a 表三-like table: a 2-row label cell and a 5-column header."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = docx.Document()
    document.core_properties.title = TITLE
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for text in PARAGRAPHS_BEFORE:
        document.add_paragraph(text)
    table = document.add_table(rows=5, cols=8)
    table.style = "Table Grid"
    widths = [Cm(9)] + [Cm(1.7)] * 7
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
        for cell in col.cells:
            cell.width = width
    table.cell(0, 0).merge(table.cell(1, 0)).text = LABEL_HEADER
    table.cell(0, 1).merge(table.cell(1, 1)).text = "自然人"
    table.cell(0, 2).merge(table.cell(0, 6)).text = "法人或其他组织"
    table.cell(0, 7).merge(table.cell(1, 7)).text = "总计"
    for col, text in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], start=2):
        table.cell(1, col).text = text
    for r in (2, 4):
        for col, text in enumerate(EXPECTED_ROWS[r]):
            table.cell(r, col).text = text or ""
    wrapped = table.cell(3, 0)
    wrapped.text = WRAPPED_FIRST
    wrapped.add_paragraph(WRAPPED_SECOND)
    for col, text in enumerate(EXPECTED_ROWS[3][1:], start=1):
        table.cell(3, col).text = text or ""
    latin = table.cell(4, 0)
    latin.text = "Total"
    latin.add_paragraph("items")
    for text in PARAGRAPHS_AFTER:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def soffice_convert(src: Path, target: str, workdir: Path) -> Path:
    """Convert ``src`` with LibreOffice into ``workdir``; return the converted file."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = workdir / "lo_profile"
    env = {**os.environ, "HOME": str(workdir)}
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(workdir), str(src)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=180, env=env)
    out = workdir / f"{src.stem}.{target}"
    assert out.is_file(), f"LibreOffice did not write {out}"
    return out


@pytest.fixture(scope="session")
def sample_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_docx(tmp_path_factory.mktemp("docx") / "sample.docx")


@pytest.fixture(scope="session")
def sample_doc(sample_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return soffice_convert(sample_docx, "doc", tmp_path_factory.mktemp("doc"))


@pytest.fixture(scope="session")
def sample_pdf(sample_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return soffice_convert(sample_docx, "pdf", tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    real = CORPUS / "real"
    if not real.is_dir():
        pytest.skip(f"report corpus not found at {real}")
    return real
