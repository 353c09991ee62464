"""Locate the six sections of the 2021 format (一、总体情况 … 六、其他需要报告的事项)."""

from __future__ import annotations

import re

from gongkai.model.format import SECTION_TITLES
from gongkai.model.report import Section

#: Per section: keywords that identify its heading, whatever the numbering or exact wording.
SECTION_KEYWORDS: tuple[tuple[int, str, str], ...] = (
    (1, SECTION_TITLES[1], r"总体情况|基本情况|概述|总体概况|工作概况"),
    (2, SECTION_TITLES[2], r"主动公开"),
    (3, SECTION_TITLES[3], r"收到和处理|依申请公开"),
    (4, SECTION_TITLES[4], r"行政复议|行政诉讼|复议、诉讼"),
    # variants seen in published reports: 存在的主要问题及改进措施, 存在的问题和改进措施, 存在的不足及改进方向
    (5, SECTION_TITLES[5], r"存在的?(?:主要)?(?:问题|不足)|问题及改进|改进情况|改进措施"),
    # variants: 其他需报告的事项, 需要说明的其他事项, 其他需要说明的事项, 其他事项
    (6, SECTION_TITLES[6], r"其他需要?报告|其他事项|其他需要?说明|需要?说明的其他|其他需报"),
)
#: A heading: a Chinese numeral and "、" (or "第一部分"), and a title without digits except a year
#: ("一、2023年工作概述"). A digit ends the title, so a 表三 row glued to the next heading
#: ("四、结转下年度继续办理0000000四、政府信息公开行政复议…") is read as two headings: the row label
#: (no topic) and the real heading.
_HEADING = re.compile(
    r"(?:(?<![一二三四五六七八九十第])(?P<num>[一二三四五六七八九十]{1,2})\s*[、.．]"
    r"|第(?P<part>[一二三四五六七八九十]{1,2})部分\s*[、.．:：]?)\s*"
    r"(?P<title>(?:[^\n。；;，,\d]|(?:19|20)\d\d\s*年)(?:[^\n。；;，,\d]|(?:19|20)\d\d\s*年){1,39})")


def find_sections(text: str) -> tuple[Section, ...]:
    """Sections in order: each is the first heading after the previous one that names its topic."""
    headings = [m for m in _HEADING.finditer(text)]
    found: list[tuple[int, str, int, int]] = []  # (number, title, start, text_start)
    pos = 0
    for number, _, keywords in SECTION_KEYWORDS:
        rx = re.compile(keywords)
        for m in headings:
            if m.start() < pos:
                continue
            title = m.group(0).strip()
            if rx.search(_title_part(m.group("title"))):
                found.append((number, title, m.start(), m.end()))
                pos = m.end()
                break
    out = []
    for k, (number, title, _, body_start) in enumerate(found):
        end = found[k + 1][2] if k + 1 < len(found) else len(text)
        out.append(Section(number, _title_part(title), text[body_start:end].strip()))
    return tuple(out)


def _title_part(title: str) -> str:
    """A heading's title up to where its body text starts (run-together page text)."""
    for stop in ("情况", "事项", "概述"):
        i = title.find(stop)
        if i != -1:
            return title[: i + len(stop)]
    return title

