"""整改通知 (rectification notice): what a supervisor sends to a body whose annual report needs correcting,
listing the confirmed findings of the review, as DOCX, PDF or HTML.

The notice is a letter (:mod:`gongkai.rendering.letters`): the same template conventions (``#`` title,
salutation line ending in ``：``, paragraphs, ``>`` signature lines), the same Jinja2 sandbox with undefined
names refused, and the same DOCX/PDF/HTML writers. The default template is
``templates/notices/rectification.j2``; an administrator may replace it (``template=``). A template loops
over ``findings``, each with ``code``, ``title``, ``severity``, ``message``, ``cells`` (the cells' labels) and
``quotes`` (the quoted source text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from importlib import resources
from typing import Any

from gongkai.rendering.letters import (
    Letter,
    LetterError,
    fill,
    layout,
    letter_bytes,
)


class NoticeKind(StrEnum):
    RECTIFICATION = "rectification"

    @property
    def label(self) -> str:
        return "整改通知"


@dataclass(frozen=True, slots=True)
class NoticeFinding:
    """One confirmed finding as the notice prints it."""

    code: str
    title: str
    message: str
    severity: str = "error"
    cells: tuple[str, ...] = ()   # the cells' labels, e.g. 表三 一、本年新收… / 自然人（key）
    quotes: tuple[str, ...] = ()  # the quoted source text


@dataclass(frozen=True, slots=True)
class NoticeData:
    body: str                       # the addressee (the body that published the report)
    issuer: str                     # the supervising office (the 落款)
    issued: dt.date                 # 落款日期
    year: int | None = None         # the report's year
    report_title: str = ""          # as published; default: 〈body〉〈year〉年度政府信息公开工作年度报告
    deadline: dt.date | None = None  # 整改期限
    contact: str = ""
    findings: tuple[NoticeFinding, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        missing = [name for attr, name in (("body", "被通知机关"), ("issuer", "发文机关"))
                   if not getattr(self, attr).strip()]
        if missing:
            raise LetterError(f"整改通知缺少：{'、'.join(missing)}")
        if not self.findings:
            raise LetterError("整改通知至少要列出一项已确认的检查发现")


def default_template() -> str:
    """The built-in template text (what an administrator starts editing from)."""
    return resources.files("gongkai.rendering").joinpath("templates", "notices", "rectification.j2").read_text(
        encoding="utf-8")


def _sentence(text: str) -> str:
    """A message as a sentence: ending in 。 (the checks' messages do not all end in punctuation)."""
    text = text.strip()
    return text if not text or text.endswith(("。", "！", "？", ".", "；")) else text + "。"


def _context(data: NoticeData) -> dict[str, Any]:
    ctx = asdict(data)
    ctx["year"] = data.year if data.year is not None else "（年度）"
    ctx["report_title"] = data.report_title or f"{data.body}{ctx['year']}年度政府信息公开工作年度报告"
    ctx["findings"] = [{**asdict(f), "message": _sentence(f.message)} for f in data.findings]
    return ctx


def compose(data: NoticeData, template: str | None = None) -> Letter:
    """Fill the template (the built-in one unless ``template`` is given) and lay out the result."""
    source = default_template() if template is None else template
    text = fill(source, _context(data), "整改通知模板", hint="（可用字段见默认模板）")
    return layout(text, NoticeKind.RECTIFICATION)


def render_notice(data: NoticeData, to: str, template: str | None = None) -> bytes:
    """The notice as ``docx``, ``pdf`` or ``html`` bytes (HTML as UTF-8)."""
    return letter_bytes(compose(data, template), to)


def sample() -> NoticeData:
    """A notice with every field filled (to try a template out)."""
    return NoticeData(
        body="某某镇人民政府", issuer="某某县人民政府办公室", issued=dt.date(2025, 3, 10), year=2024,
        deadline=dt.date(2025, 3, 31), contact="政务公开办 0000-0000000",
        findings=(NoticeFinding("t3-row-total", "表三行合计", "本年新收申请数的合计（3）与各列之和（2）不等。",
                                cells=("表三 一、本年新收政府信息公开申请数量 / 总计",),
                                quotes=("一、本年新收政府信息公开申请数量 3",)),))
