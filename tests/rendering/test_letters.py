"""The letters of an application: every kind composes, cites the right article, renders to DOCX/PDF/HTML,
and an administrator's template cannot break out of the sandbox."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest

from gongkai.ledger.applications import OUTCOME_ROWS
from gongkai.rendering.letters import (
    DEFAULT_BASIS,
    REPLY_DECISIONS,
    LetterData,
    LetterError,
    LetterKind,
    compose,
    default_template,
    render_letter,
    unfilled,
)

D = dt.date
COMMON = {"body": "某某镇人民政府", "number": "2024-007", "applicant": "张三", "received": D(2024, 9, 27),
          "issued": D(2024, 9, 30), "description": "某村2023年土地征收补偿方案", "channel": "网络",
          "contact": "党政办，0512-12345678"}
EXTRA = {
    LetterKind.RECEIPT: {"due": D(2024, 10, 30)},
    LetterKind.SUPPLEMENT: {"supplement_items": "请写明所需信息的具体村组和年份", "supplement_by": D(2024, 10, 15)},
    LetterKind.EXTENSION: {"extension_days": 20, "extended_due": D(2024, 11, 27), "extension_reason": "需调取档案"},
    LetterKind.CONSULTATION: {"third_party": "某某建设有限公司", "reply_by": D(2024, 10, 25)},
    LetterKind.FEE: {"fee_amount": Decimal("3000"), "fee_basis": "按件计收", "pay_by": D(2024, 11, 5)},
    LetterKind.REPLY: {"outcome": "granted"},
}


def data(kind: LetterKind, **kw) -> LetterData:
    return LetterData(kind=kind, **{**COMMON, **EXTRA[kind], **kw})


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_composes_with_its_facts_and_no_placeholder(kind):
    letter = compose(data(kind))
    assert kind.label in letter.title
    assert letter.signature == ("某某镇人民政府", "2024年9月30日")
    assert "2024-007" in letter.text and "2024年9月27日" in letter.text
    assert unfilled(letter) == []
    assert "{{" not in letter.text and "{%" not in letter.text


def test_each_kind_cites_its_article():
    assert "第三十一条" in compose(data(LetterKind.RECEIPT)).text
    assert "第三十条" in compose(data(LetterKind.SUPPLEMENT)).text
    ext = compose(data(LetterKind.EXTENSION)).text
    assert "第三十三条第二款" in ext and "延长20个工作日" in ext and "2024年11月27日" in ext
    assert "第三十二条" in compose(data(LetterKind.CONSULTATION)).text
    fee = compose(data(LetterKind.FEE)).text
    assert "3000元" in fee and "国办函〔2020〕109号" in fee and "20个工作日" in fee


@pytest.mark.parametrize("row", OUTCOME_ROWS)
def test_a_reply_for_every_outcome_row_cites_its_provision(row):
    letter = compose(data(LetterKind.REPLY, outcome=row))
    basis = DEFAULT_BASIS[row]
    if basis.startswith("第"):
        assert "《中华人民共和国政府信息公开条例》" + basis in letter.text
    elif basis:
        assert basis in letter.text
    assert "六十日内" in letter.text and "六个月内" in letter.text  # remedies on every reply


def test_every_outcome_row_has_a_decision_sentence():
    assert set(REPLY_DECISIONS) == set(OUTCOME_ROWS) == set(DEFAULT_BASIS)


def test_the_clerks_legal_basis_wins_over_the_default():
    text = compose(data(LetterKind.REPLY, outcome="granted", legal_basis="条例第三十六条第（一）项")).text
    assert "《中华人民共和国政府信息公开条例》第三十六条第（一）项" in text
    assert "第三十六条第（二）项" not in text


def test_missing_facts_are_named_in_chinese():
    with pytest.raises(LetterError, match="延期答复告知书缺少：延长的工作日数、延长后的答复期限"):
        LetterData(kind=LetterKind.EXTENSION, **COMMON)
    with pytest.raises(LetterError, match="不是表三的办理结果行"):
        data(LetterKind.REPLY, outcome="new")


def test_an_edited_template_is_used_and_its_mistakes_are_explained():
    custom = "# 受理通知\n{{ applicant }}：\n\n您的申请{{ number }}已受理。\n\n> {{ body }}\n"
    letter = compose(data(LetterKind.RECEIPT), custom)
    assert letter.title == "受理通知" and letter.paragraphs == ("您的申请2024-007已受理。",)
    with pytest.raises(LetterError, match="未知的字段"):
        compose(data(LetterKind.RECEIPT), "# 标题\n{{ phone_number }}")
    with pytest.raises(LetterError, match="语法错误"):
        compose(data(LetterKind.RECEIPT), "# 标题\n{% if %}")
    with pytest.raises(LetterError, match="第一行应为"):
        compose(data(LetterKind.RECEIPT), "没有标题")


@pytest.mark.parametrize("attack", [
    "# t\n{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "# t\n{{ received.__class__.__init__.__globals__ }}",
    "# t\n{{ cycler.__init__.__globals__.os.popen('id').read() }}",
])
def test_templates_cannot_reach_python(attack):
    with pytest.raises(LetterError):
        compose(data(LetterKind.RECEIPT), attack)


def test_docx_has_the_title_paragraphs_and_signature():
    from docx import Document

    raw = render_letter(data(LetterKind.SUPPLEMENT), "docx")
    texts = [p.text for p in Document(io.BytesIO(raw)).paragraphs]
    assert texts[0] == "政府信息公开申请补正告知书"
    assert texts[1] == "张三："
    assert any("2024年10月15日前" in t for t in texts)
    assert texts[-2:] == ["某某镇人民政府", "2024年9月30日"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_reads_back(tmp_path):
    pdf = tmp_path / "reply.pdf"
    pdf.write_bytes(render_letter(data(LetterKind.REPLY, outcome="denied.process_info"), "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "政府信息公开申请答复告知书" in flat
    assert "第十六条第二款" in flat and "某某镇人民政府" in flat


def test_html_escapes_what_the_applicant_wrote():
    page = render_letter(data(LetterKind.RECEIPT, description="<script>alert(1)</script>"), "html").decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_default_templates_are_the_files_an_administrator_edits():
    for kind in LetterKind:
        assert default_template(kind).startswith("# ")
