"""Make the example outputs in this folder from one synthetic report (not a real body's report).

    .venv/bin/python docs/examples/make_examples.py

writes example.yaml (the data file, as ``gongkai template`` lays it out) and the report rendered from
it as example.docx, example.pdf, example.html and example.md. The same files come out of

    gongkai render docs/examples/example.yaml --to docx -o docs/examples/example.docx    (pdf, html, md)
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from gongkai.model import AnnualReport
from gongkai.model.keys import T3_APPLICANT_KEYS, T3_ROWS, T3Layout
from gongkai.rendering import render, report_from_yaml
from gongkai.rendering.template import report_yaml

HERE = Path(__file__).resolve().parent
BODY = "示例县示例镇人民政府"
YEAR = 2024
PUBLISHED = dt.date(2025, 1, 20)
FORMATS = ("docx", "pdf", "html", "md")

SECTIONS = {
    1: "2024年，示例镇坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
       "围绕群众关切推进政务公开工作。\n\n"
       "（一）主动公开情况。通过镇政府网站、政务公开栏主动公开政府信息186条，其中制发行政规范性文件2件。\n\n"
       "（二）依申请公开情况。全年新收政府信息公开申请12件，上年结转2件，均在法定期限内答复。\n\n"
       "（三）政府信息管理情况。落实信息发布审核制度，做到先审后发。\n\n"
       "（四）政府信息公开平台建设情况。做好政府网站信息公开专栏的日常维护。\n\n"
       "（五）监督保障情况。将政务公开工作纳入年度考核，主动接受社会评议，全年未发生责任追究情况。",
    5: "存在的主要问题：一是政策解读形式还不够丰富；二是信息更新时效有待提高。\n\n"
       "改进措施：一是加强业务培训；二是完善信息发布的审核和监督机制。",
    6: "本年度未收取信息处理费。",
}


def synthetic_values() -> dict[str, int | Decimal]:
    """All cells of the example: 表三 and 表四 satisfy every identity (totals are computed)."""
    values: dict[str, int | Decimal] = {
        "t2.art20_1.regulation.made": 0, "t2.art20_1.regulation.repealed": 0, "t2.art20_1.regulation.in_force": 0,
        "t2.art20_1.normative_doc.made": 2, "t2.art20_1.normative_doc.repealed": 1,
        "t2.art20_1.normative_doc.in_force": 9, "t2.art20_5.licensing.decisions": 56,
        "t2.art20_6.penalty.decisions": 12, "t2.art20_6.coercion.decisions": 0,
        "t2.art20_8.fee.amount": Decimal("1.235"),
    }
    outcomes = {  # per applicant column: outcome rows, carried over, carried forward
        "natural_person": ({"granted": 4, "partial": 1, "denied.process_info": 1, "unavailable.not_held": 2,
                            "not_processed.repeat": 1, "other.no_correction": 1}, 2, 1),
        "commercial_enterprise": ({"granted": 1, "unavailable.needs_creation": 1}, 0, 0),
        "legal_service_org": ({"partial": 1}, 0, 0),
    }
    rows = T3_ROWS[T3Layout.SPLIT]
    for col in T3_APPLICANT_KEYS:
        given, carried, forward = outcomes.get(col, ({}, 0, 0))
        processed = 0
        for row in rows:
            if row.is_outcome:
                values[f"t3.{row.key}.{col}"] = given.get(row.key, 0)
                processed += given.get(row.key, 0)
        values[f"t3.processed_total.{col}"] = processed
        values[f"t3.carried_over.{col}"] = carried
        values[f"t3.carry_forward.{col}"] = forward
        values[f"t3.new.{col}"] = processed + forward - carried
    for row in rows:
        values[f"t3.{row.key}.total"] = sum(int(values[f"t3.{row.key}.{c}"]) for c in T3_APPLICANT_KEYS)
    for group, parts in (("review", (1, 0, 0, 1)), ("litigation_direct", (1, 0, 0, 0)),
                         ("litigation_after_review", (0, 0, 0, 0))):
        for col, v in zip(("upheld", "corrected", "other", "pending", "total"), (*parts, sum(parts)), strict=True):
            values[f"t4.{group}.{col}"] = v
    return values


def example_yaml() -> str:
    return report_yaml(body=BODY, year=YEAR, values=synthetic_values(), sections=SECTIONS,  # type: ignore[arg-type]
                       published=PUBLISHED.isoformat())


def synthetic_report() -> AnnualReport:
    return report_from_yaml(example_yaml(), source="example.yaml")


def main(out: Path = HERE) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "example.yaml"]
    written[0].write_text(example_yaml(), encoding="utf-8")
    report = synthetic_report()
    for fmt in FORMATS:
        path = out / f"example.{fmt}"
        path.write_bytes(render(report, fmt))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
