"""Make the example reports in this folder: synthetic reports of fictitious bodies, rendered by gongkai.

    .venv/bin/python examples/make_examples.py

None of these is a real body's report: the bodies are invented (示例县 …) and the figures are drawn from a
fixed random seed so that every statutory identity of 表三 and 表四 holds. Each report comes in one form:

* ``town-2024.txt``       — plain text (the Markdown rendering with its table pipes turned into tabs, as a
  report copied out of a web page or a word processor looks);
* ``town-2024.pdf``       — PDF with a text layer (WeasyPrint);
* ``bureau-2023.docx``    — Word, with real tables;
* ``bureau-2023.html``    — a standalone web page;
* ``district-2020.md``    — Markdown, in the 2019 format (国办公开办函〔2019〕60号), in use until 2020;
* ``*.yaml``              — the data file each report was rendered from (``gongkai render X.yaml --to pdf``).

``gongkai parse examples/`` reads them all back to the same cells (tests/test_examples.py checks it).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gongkai.model.keys import T2_ROWS, T3_APPLICANT_KEYS, T3_ROWS, ReportFormat, T3Layout, ValueKind
from gongkai.model.report import AnnualReport
from gongkai.rendering import render, report_from_yaml
from gongkai.rendering.template import report_yaml

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Example:
    stem: str
    body: str
    year: int
    fmt: ReportFormat
    forms: tuple[str, ...]
    seed: int


EXAMPLES = (
    Example("town-2024", "示例县示例镇人民政府", 2024, ReportFormat.F2021, ("txt", "pdf"), 1),
    Example("bureau-2023", "示例县教育局", 2023, ReportFormat.F2021, ("docx", "html"), 2),
    Example("district-2020", "示例市示例区人民政府办公室", 2020, ReportFormat.F2019, ("md",), 3),
)


def values(example: Example) -> dict[str, int | Decimal]:
    """Every cell of the example's tables; 表三's and 表四's identities hold (totals are computed)."""
    rnd = random.Random(example.seed)
    out: dict[str, int | Decimal] = {}
    for row in T2_ROWS[example.fmt]:
        for key, (col, _, kind) in zip(row.cell_keys(), row.columns, strict=True):
            if kind is ValueKind.AMOUNT:
                out[key] = Decimal(rnd.randint(0, 5000)) / 1000
            elif kind is ValueKind.SIGNED:
                out[key] = rnd.randint(-3, 3)
            elif col in ("made", "repealed", "new_made", "new_published"):  # documents of one year: a few
                out[key] = rnd.randint(0, 3)
            elif col in ("in_force", "published_total", "prev_items"):  # documents in force: some dozens
                out[key] = rnd.randint(5, 60)
            else:  # decisions of a year: from none to hundreds
                out[key] = rnd.choice((0, 2, 12, 40, 186))
    layout = T3Layout.SPLIT if example.fmt is ReportFormat.F2021 else T3Layout.SINGLE
    rows = T3_ROWS[layout]
    outcome_rows = [r.key for r in rows if r.is_outcome]
    for col in T3_APPLICANT_KEYS:
        busy = col in ("natural_person", "commercial_enterprise") or rnd.random() < 0.3
        given = {k: rnd.choice((0, 0, 0, 1, 2, 4)) if busy else 0 for k in outcome_rows}
        processed = sum(given.values())
        carried = rnd.randint(0, 2) if busy else 0
        forward = rnd.randint(0, 2) if busy else 0
        if processed + forward < carried:
            forward = carried
        out.update({f"t3.{k}.{col}": v for k, v in given.items()})
        out[f"t3.processed_total.{col}"] = processed
        out[f"t3.carried_over.{col}"] = carried
        out[f"t3.carry_forward.{col}"] = forward
        out[f"t3.new.{col}"] = processed + forward - carried
    for row in rows:
        out[f"t3.{row.key}.total"] = sum(int(out[f"t3.{row.key}.{c}"]) for c in T3_APPLICANT_KEYS)
    for group in ("review", "litigation_direct", "litigation_after_review"):
        parts = [rnd.choice((0, 0, 1, 2)) for _ in range(4)]
        for col, v in zip(("upheld", "corrected", "other", "pending", "total"), (*parts, sum(parts)), strict=True):
            out[f"t4.{group}.{col}"] = v
    return out


def sections(example: Example, cells: dict[str, int | Decimal]) -> dict[int, str]:
    new, carried = cells["t3.new.total"], cells["t3.carried_over.total"]
    return {
        1: f"{example.year}年，{example.body}认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。\n\n"
           f"（一）主动公开情况。通过政府网站、政务公开栏主动公开政府信息。\n\n"
           f"（二）依申请公开情况。全年新收政府信息公开申请{new}件，上年结转{carried}件，均在法定期限内答复。\n\n"
           "（三）政府信息管理情况。落实信息发布审核制度，做到先审后发。\n\n"
           "（四）政府信息公开平台建设情况。做好政府网站信息公开专栏的日常维护。\n\n"
           "（五）监督保障情况。将政务公开工作纳入年度考核，全年未发生责任追究情况。",
        5: "存在的主要问题：一是政策解读形式还不够丰富；二是信息更新时效有待提高。\n\n"
           "改进措施：一是加强业务培训；二是完善信息发布的审核和监督机制。",
        6: "本年度未收取信息处理费。",
    }


def example_yaml(example: Example) -> str:
    cells = values(example)
    published = dt.date(example.year + 1, 1, 20).isoformat()
    return report_yaml(body=example.body, year=example.year, values=cells,  # type: ignore[arg-type]
                       sections=sections(example, cells), published=published, fmt=example.fmt)


def as_plain_text(markdown: str) -> str:
    """A report as plain text: Markdown headings and emphasis removed, table pipes turned into tabs."""
    lines = []
    for line in markdown.splitlines():
        if re.fullmatch(r"\s*\|?\s*:?-{3,}.*", line):
            continue
        if line.lstrip().startswith("|"):
            line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(re.sub(r"^#+\s*", "", line).replace("**", ""))
    return "\n".join(lines) + "\n"


def report_of(example: Example) -> AnnualReport:
    return report_from_yaml(example_yaml(example), source=f"{example.stem}.yaml")


def main(out: Path = HERE) -> list[Path]:
    written = []
    for example in EXAMPLES:
        data = out / f"{example.stem}.yaml"
        data.write_text(example_yaml(example), encoding="utf-8")
        written.append(data)
        report = report_of(example)
        for form in example.forms:
            path = out / f"{example.stem}.{form}"
            if form == "txt":
                path.write_text(as_plain_text(render(report, "md").decode("utf-8")), encoding="utf-8")
            else:
                path.write_bytes(render(report, form))
            written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
