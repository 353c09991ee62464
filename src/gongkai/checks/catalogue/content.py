"""What the text says about itself: placeholders left in, documents cited before they existed, last
year's figures told as this year's."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from gongkai.checks.check import Check, Context
from gongkai.checks.figures import previous_year_figures
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import register
from gongkai.model.citations import find_citations, known_document
from gongkai.model.format import BASIS_2019, BASIS_2021
from gongkai.model.report import AnnualReport, Section


def _texts(report: AnnualReport) -> Iterator[tuple[Section | None, str]]:
    if report.title:
        yield None, report.title
    if report.body and not (report.title and report.body in report.title):
        yield None, report.body
    for section in report.sections:
        yield section, section.title
        yield section, section.text


def _around(text: str, start: int, end: int, width: int = 20) -> str:
    return text[max(0, start - width) : end + width].replace("\n", " ").strip()


# ---------------------------------------------------------------------------------------------------------------
# placeholder-text

_X = r"[XxＸｘ×]{2,}"
#: Fill-in markers of templates and drafts. "XX"/"××" only before an administrative unit word (a template's
#: "XX镇"). "某某" is left out: reports use it to anonymise parties ("某某公司申请…").
PLACEHOLDERS = re.compile(
    r"【[^【】\n]{0,12}(?:填写|填报|补充|待定|待填|请填)[^【】\n]{0,12}】"
    r"|[(（][^()（）\n]{0,4}(?:在此|此处|这里|请)填写[^()（）\n]{0,30}[)）]"
    r"|(?:在此|此处|这里)填写|请填写|待填写|待补充"
    rf"|(?<![\u4e00-\u9fff]){_X}(?:省|市|县|区|镇|乡|街道|局|委|办|厅|人民政府)"
    r"|[XxＸ×]{4}\s*年|20[Xx×]{2}\s*年|[XxＸ×]{1,2}\s*月\s*[XxＸ×]{1,2}\s*日"
)


@register
class PlaceholderText(Check):
    code = "placeholder-text"
    title = "报告中留有未替换的占位文字"
    severity = Severity.ERROR
    template = "报告中有 {count} 处模板占位文字未替换：{quotes}"
    description = ("正式发布的报告不应留有模板或草稿的占位文字：【待填写】、（在此填写……）、此处填写、XX镇、××局、"
                   "20XX年、X月X日等。由台账生成的报告在经办人补写前也会带有【待填写】，同样报告。"
                   "“XX”“××”只在紧接行政区划或机关名称（XX镇、××局）时视为占位；“某某”常用于隐去当事人名称，不报告。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        evidence: list[Evidence] = []
        for section, text in _texts(report):
            for m in PLACEHOLDERS.finditer(text):
                quote = _around(text, m.start(), m.end())
                if all(e.quote != quote for e in evidence):
                    evidence.append(Evidence(quote, loc=section.loc if section else None))
        if evidence:
            quotes = "；".join(f"“{e.quote}”" for e in evidence[:5]) + (" 等" if len(evidence) > 5 else "")
            yield self.finding(evidence, count=len(evidence), quotes=quotes)


# ---------------------------------------------------------------------------------------------------------------
# cites-later-document


@register
class CitesLaterDocument(Check):
    code = "cites-later-document"
    title = "引用了报告发布之后才印发的文件"
    severity = Severity.ERROR
    template = "报告{when}，却引用了{issued}印发的“{number}”{what}"
    description = ("报告不可能引用在其落款（发布）之后才印发的文件，出现这种情况说明报告日期或文号有误，或报告事后被改写。"
                   f"已知文件的印发日期见 src/gongkai/model/citations.py（条例 2007 年、2019 年修订，{BASIS_2019}、"
                   f"{BASIS_2021}，国办函〔2020〕109号等）；其他文号按其年份判断（文号年份晚于落款年份）。报告没有落款日期时，"
                   "以次年 3 月 31 日（最晚的法定发布期限）为准，为警告。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if report.year is None:
            return
        if report.published is not None:
            signed, severity = report.published, Severity.ERROR
            when = f"落款（发布）日期为 {signed.isoformat()}"
        else:
            signed, severity = dt.date(report.year + 1, 3, 31), Severity.WARNING
            when = f"（{report.year} 年度，最晚应于 {signed.isoformat()} 前发布，原文未注明落款日期）"
        seen: set[str] = set()
        texts = [(None, " ".join(report.basis_citations)), *_texts(report)]
        for section, text in texts:
            for c in find_citations(text):
                doc = known_document(c.number)
                number = doc.number if doc else c.number
                if number in seen:
                    continue
                if doc is not None:
                    late = doc.issued > signed if doc.exact else doc.issued.year > signed.year
                    issued = doc.issued.isoformat() if doc.exact else f"{doc.issued.year} 年"
                    what = f"（{doc.title}）"
                elif c.year is not None:
                    late, issued, what = c.year > signed.year, f"{c.year} 年", ""
                else:
                    continue
                if late:
                    seen.add(number)
                    yield self.finding([Evidence(_around(text, c.start, c.end), loc=section.loc if section else None)],
                                       severity=severity, when=when, issued=issued, number=number, what=what)


# ---------------------------------------------------------------------------------------------------------------
# previous-year-figure

@register
class PreviousYearFigure(Check):
    code = "previous-year-figure"
    title = "把上一年的数字当作本年度数字"
    severity = Severity.ERROR
    template = "{year} 年度报告写道“{quote}”：以 {wrong} 年为主语陈述制作、获取或公开的数量，疑似沿用上年报告"
    description = ("报告以上一年开头陈述“制作、获取政府信息”“主动公开政府信息”等本年度统计数字（如 2023 年度报告中的"
                   "“2022年，本机关制作、获取政府信息120条”），说明沿用了上年报告而未更新。句中有比较（较上年、同比、增长）、"
                   "“截至”“以来”等时不报告。其他以上一年叙述本年度工作的句子由 `wrong-year`（警告）报告。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if report.year is None:
            return
        for section in report.sections:
            if section.number in (2, 3, 4):
                continue
            for _, sentence in previous_year_figures(section.text, report.year):
                quote = sentence if len(sentence) <= 60 else sentence[:60] + "…"
                yield self.finding([Evidence(sentence, loc=section.loc)], year=report.year, wrong=report.year - 1,
                                   quote=quote)
