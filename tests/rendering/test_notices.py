"""整改通知 (rectification notices): the letters' template conventions and sandbox, DOCX/PDF/HTML output."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from gongkai.rendering.letters import LetterError
from gongkai.rendering.notices import NoticeData, NoticeFinding, compose, default_template, render_notice, sample


def test_the_default_template_lists_every_finding_addressed_to_the_body():
    data = sample()
    two = NoticeData(body=data.body, issuer=data.issuer, issued=data.issued, year=2024, deadline=data.deadline,
                     contact=data.contact,
                     findings=(*data.findings, NoticeFinding("t2-x", "表二问题", "表二数据不一致", cells=(),
                                                             quotes=("（一）主动公开 3",))))
    letter = compose(two)
    assert letter.title == "关于2024年度政府信息公开工作年度报告的整改通知"
    assert letter.salutation == "某某镇人民政府："
    items = [p for p in letter.paragraphs if p[:2] in ("1.", "2.")]
    assert items[0].startswith("1.表三行合计（t3-row-total）：本年新收申请数的合计（3）与各列之和（2）不等。涉及：")
    assert items[1] == "2.表二问题（t2-x）：表二数据不一致。原文：“（一）主动公开 3”。"  # a sentence, then the quote
    assert "请于2025年3月31日前完成整改" in letter.text and "联系人及电话：政务公开办 0000-0000000" in letter.text
    assert letter.signature == ("某某县人民政府办公室", "2025年3月10日")


def test_missing_data_and_bad_templates_are_chinese_errors():
    with pytest.raises(LetterError, match="至少要列出一项"):
        NoticeData(body="某镇", issuer="某县", issued=dt.date(2025, 1, 1))
    with pytest.raises(LetterError, match="被通知机关"):
        NoticeData(body=" ", issuer="某县", issued=dt.date(2025, 1, 1), findings=sample().findings)
    with pytest.raises(LetterError, match="未知的字段：nope"):
        compose(sample(), "# 标题\n{% for f in findings %}{{ f.nope }}{% endfor %}")
    with pytest.raises(LetterError, match="不允许的写法"):
        compose(sample(), "# 标题\n{{ findings.__class__.__mro__ }}")
    with pytest.raises(LetterError, match="第 2 行有语法错误"):
        compose(sample(), "# 标题\n{% for f in findings %}")
    with pytest.raises(LetterError, match="第一行应为以“#”开头的标题"):
        compose(sample(), "没有标题")


def test_outputs():
    pdf = render_notice(sample(), "pdf")
    assert pdf.startswith(b"%PDF")
    docx = render_notice(sample(), "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        assert "某某镇人民政府" in z.read("word/document.xml").decode("utf-8")
    html = render_notice(sample(), "html").decode("utf-8")
    assert "<h1>关于2024年度政府信息公开工作年度报告的整改通知</h1>" in html
    with pytest.raises(LetterError, match="不支持的输出格式"):
        render_notice(sample(), "odt")
    assert default_template().startswith("# 关于{{ year }}年度")
