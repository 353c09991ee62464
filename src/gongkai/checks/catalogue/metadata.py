"""Year, issuing body and publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from gongkai.checks.bodies import BodyType, body_type
from gongkai.checks.check import Check, Context
from gongkai.checks.figures import previous_year_figures
from gongkai.checks.finding import Evidence, Finding, Severity
from gongkai.checks.registry import register
from gongkai.model.report import AnnualReport

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CLAUSE_START = re.compile(r"(?:^|[。；;，,：:\n]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)\s*$")
_NOT_CURRENT_BEFORE = re.compile(r"(自|从|截至|截止|至|到|较|比|与|同|上|去|前|《|〔|第|于|在)\s*$")
_NOT_CURRENT_AFTER = re.compile(r"\s*(度?以来|至今|相比|同期|底|末|以前|之前|版|度?(政府信息公开)?(工作)?(年度)?(报告|年报)|—|-|~|至|到)")
_COMPARISON = re.compile(r"同比|较上年|比上年|上一年|去年|上年度|增长|下降|减少|增加|相比|对比")
_ACTIVITY = re.compile(r"收到|受理|办理|办结|答复|主动公开|公开|发布|申请|复议|诉讼|信息处理费")


@register
class WrongYear(Check):
    code = "wrong-year"
    title = "正文把上一年写成本年度"
    severity = Severity.WARNING
    template = "{year} 年度报告中写道“{quote}”，把 {wrong} 年当作本年度叙述（疑似沿用上年报告）"
    description = ("正文以上一年（如 2023 年度报告中的“2022年我镇收到……”）叙述本年度工作，通常是沿用上年报告未改年份。"
                   "“较上年”“截至”“自……以来”、书名号内的文件名、比较和计划等语境中的年份不报告。"
                   "以上一年陈述制作、获取或公开数量的句子由 `previous-year-figure`（错误）报告，此处不重复。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if report.year is None:
            return
        for section in report.sections:
            if section.number in (2, 3, 4):
                continue  # table sections: years there are headers, not narrative
            text = section.text
            stated = {pos for pos, _ in previous_year_figures(text, report.year)}  # errors of their own
            for m in _YEAR.finditer(text):
                if m.start() in stated:
                    continue
                wrong = int(m.group(1))
                if wrong != report.year - 1:
                    continue
                before, after = text[max(0, m.start() - 8) : m.start()], text[m.end() : m.end() + 12]
                if not _CLAUSE_START.search(before) or _NOT_CURRENT_BEFORE.search(before) or \
                        _NOT_CURRENT_AFTER.match(after) or _in_book_title(text, m.start()):
                    continue
                sentence = _sentence(text, m.start())
                if _COMPARISON.search(sentence) or not _ACTIVITY.search(sentence):
                    continue
                yield self.finding([Evidence(sentence, loc=section.loc)], year=report.year, wrong=wrong,
                                   quote=sentence if len(sentence) <= 60 else sentence[:60] + "…")


def _in_book_title(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in "。；;\n") + 1
    ends = [i for c in "。；;\n" if (i := text.find(c, pos)) != -1]
    return text[start : min(ends) + 1 if ends else len(text)].strip()


# self-references that betray another kind of body (template residue)
_SELF = re.compile(r"(?:我|本)(局|委|办|厅|镇|乡|街道办事处|街道)")
_FOREIGN = {
    BodyType.TOWNSHIP: {"局", "委", "厅", "街道", "街道办事处"},
    BodyType.SUBDISTRICT: {"镇", "乡", "局", "委", "厅"},
    BodyType.DEPARTMENT: {"镇", "乡", "街道", "街道办事处"},
    BodyType.GOVERNMENT: {"镇", "乡", "街道", "街道办事处"},
}


@register
class BodyTypeMismatch(Check):
    code = "body-type-mismatch"
    title = "自称与发布机关不符"
    severity = Severity.WARNING
    template = "发布机关是{kind}（{body}），正文却自称“{self_ref}”（{count} 处），疑似套用其他机关的报告"
    description = ("正文的自称（我局、我委、我镇、我街道办事处……）与发布机关的类型不符，例如乡镇报告中出现“我局”，"
                   "通常是套用其他机关报告的模板残留。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        kind = body_type(report.body)
        foreign = _FOREIGN.get(kind)
        if not foreign:
            return
        hits: dict[str, list[str]] = {}
        for section in report.sections:
            for m in _SELF.finditer(section.text):
                if m.group(1) in foreign and not _part_of_other_word(section.text, m):
                    hits.setdefault(m.group(0), []).append(_sentence(section.text, m.start()))
        for self_ref, sentences in hits.items():
            yield self.finding([Evidence(s) for s in sentences[:5]], kind=kind.label, body=report.body,
                               self_ref=self_ref, count=len(sentences))


def _part_of_other_word(text: str, m: re.Match[str]) -> bool:
    """"本局" inside "本局限于…" or "我办" inside "我办理" is not a self-reference."""
    after = text[m.end() : m.end() + 1]
    return (m.group(1) == "办" and after in "理结公事") or (m.group(1) == "局" and after in "限部面势")


@register
class LatePublication(Check):
    code = "late-publication"
    title = "逾期发布"
    severity = Severity.ERROR
    template = "{kind}的 {year} 年度报告应于 {deadline} 前公布，报告{source}为 {date}"
    description = ("条例第四十九条：县级以上人民政府部门于每年 1 月 31 日前公布上一年度报告；县级以上地方人民政府的"
                   "报告于 3 月 31 日前公布。乡镇、街道的期限由地方规定，默认 1 月 31 日（可按地区配置），逾期为警告；"
                   "类型无法判断的机关按最晚的 3 月 31 日判断并为警告。")

    def run(self, report: AnnualReport, context: Context) -> Iterable[Finding]:
        if report.published is None or report.year is None:
            return
        cfg = context.config
        kind = body_type(report.body)
        severity = Severity.ERROR
        if kind is BodyType.DEPARTMENT:
            month_day = cfg.department_deadline
        elif kind is BodyType.GOVERNMENT:
            month_day = cfg.government_deadline
        elif kind in (BodyType.TOWNSHIP, BodyType.SUBDISTRICT):
            month_day = next((md for prefix, md in cfg.deadlines.items() if report.body and
                              report.body.startswith(prefix)), cfg.township_deadline)
            severity = Severity.WARNING
        else:
            month_day, severity = cfg.government_deadline, Severity.WARNING
        deadline = dt.date(report.year + 1, *month_day)
        if report.published <= deadline:
            return
        source = {"signature": "落款日期", "title-block": "标题下注明的日期", "page-meta": "网页发布时间"}.get(
            report.published_source or "", "日期")
        yield self.finding([Evidence(report.published.isoformat())], severity=severity, kind=kind.label,
                           year=report.year, deadline=deadline.isoformat(), source=source,
                           date=report.published.isoformat())
