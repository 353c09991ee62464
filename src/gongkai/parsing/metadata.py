"""Report metadata from the text: title, issuing body, report year, publication date, basis citations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.parsing.normalize import compact

_TITLE = re.compile(
    r"(?P<pre>.*?)(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<mid>.*?)"
    r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度报告|年报|工作报告)"
)
_YEAR_IN = re.compile(r"(?:19|20)\d{2}")
_META_PREFIX = re.compile(r"^(?:标题|题目|title)\s*[:：]\s*", re.IGNORECASE)
_BODY_SUFFIX = re.compile(
    r"(?:人民政府|政府|委员会|管理委员会|管委会|办公室|办事处|局|委|厅|院|署|会|中心|所|站|镇|乡|街道|区|县|市|州|旗|处)$"
)
_ADMIN_SUFFIX = "省市县区州盟旗"
_STOP_CHARS = set("由在于对向与和及是为将从经据按以把被给的了本我该各全其即")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?(?:至|到|-|—|~)")
_BASIS = re.compile(r"国办公开办函\s*[〔\[(（]?\s*(\d{4})\s*[〕\])）]?\s*(\d+)\s*号")
_PUBLISHED_META = re.compile(r"^(?:发布时间|发布日期|成文日期|日期)\s*[:：]\s*(.+)$")

#: Common abbreviations of body names and their full official form.
BODY_ABBREVIATIONS = {
    "科委": "科学技术委员会",
    "发改委": "发展和改革委员会",
    "卫健委": "卫生健康委员会",
    "卫计委": "卫生和计划生育委员会",
    "教委": "教育委员会",
    "经信委": "经济和信息化委员会",
    "住建委": "住房和城乡建设委员会",
    "民宗委": "民族宗教事务委员会",
    "农委": "农业委员会",
    "国资委": "国有资产监督管理委员会",
}


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None
    body: str | None
    body_as_printed: str | None
    year: int | None
    published: dt.date | None
    published_source: str | None
    basis_citations: tuple[str, ...]
    title_line: int | None  # index of the (last) line of the title in the text lines


def find_title(lines: Sequence[str], max_lines: int = 40) -> tuple[str, int, int, str] | None:
    """Find the report title in the first lines; returns ``(title, year, line_index, body_part)``.

    A title may be split over two or three lines ("尉氏县大营镇人民政府" / "2021年…年度报告")."""
    heads = [(i, _META_PREFIX.sub("", ln).strip().lstrip("#").strip()) for i, ln in enumerate(lines[:max_lines])]
    heads = [(i, h) for i, h in heads if h]
    for k, (_i, h) in enumerate(heads):
        for width in (1, 2, 3):
            if k + width > len(heads):
                break
            joined = "".join(compact(x) for _, x in heads[k : k + width])[:120]
            if not ("报告" in joined or "年报" in joined) or not _YEAR_IN.search(joined):
                continue
            m = _TITLE.search(joined)
            if not m:
                continue
            pre, mid = m.group("pre"), m.group("mid")
            first = compact(h)
            if width > 1 and pre and pre == first and not _BODY_SUFFIX.search(pre):
                continue  # a heading such as "正文" above the title, not part of it
            body = (pre or mid).strip(" :：-—#")
            if len(body) > 40:  # a sentence that happens to contain the phrase, not a title
                body = ""
            if not body and k > 0:
                prev = compact(heads[k - 1][1])
                if len(prev) <= 30 and _BODY_SUFFIX.search(prev):
                    body = prev
            title = m.group(0)
            return title, int(m.group("year")), heads[k + width - 1][0], body
    return None


def expand_body(core: str, text: str) -> str:
    """The fullest name the document prints for the body whose title form is ``core``.

    Adds 人民政府 when the document itself writes ``core``人民政府, a leading administrative unit
    (淮安市 + 洪泽区人民政府) when the document prints the longer form, and expands common
    abbreviations (上海市科委 → 上海市科学技术委员会)."""
    flat = "\n".join(compact(line) for line in text.split("\n"))  # a prefix never spans lines
    name = core
    if not name.endswith(("政府", "委员会", "局", "办公室", "办事处", "管委会")) and name + "人民政府" in flat:
        name += "人民政府"
    name = _with_admin_prefix(name, flat)
    for short, full in BODY_ABBREVIATIONS.items():
        if name.endswith(short) and full not in name:
            name = name[: -len(short)] + full
            break
    return name


def _with_admin_prefix(name: str, flat: str) -> str:
    best = name
    start = 0
    while (i := flat.find(name, start)) != -1:
        start = i + 1
        if i == 0 or flat[i - 1] not in _ADMIN_SUFFIX:
            continue
        # walk back over the unit's own name (2-6 characters) up to a stop character
        j = i - 1
        while j > 0 and i - j < 7 and "\u4e00" <= flat[j - 1] <= "\u9fff" and flat[j - 1] not in _STOP_CHARS:
            j -= 1
        prefix = flat[j:i]
        if 2 <= len(prefix) <= 7 and not name.startswith(prefix) and prefix[0] not in _ADMIN_SUFFIX:
            candidate = prefix + name
            if len(candidate) > len(best):
                best = candidate
    return best


def find_year_in_period(text: str) -> int | None:
    m = _PERIOD.search(compact(text[:20_000]))
    return int(m.group(1)) if m else None


def find_published(lines: Sequence[str], title_line: int | None) -> tuple[dt.date | None, str | None]:
    """Signature date at the end, a date right under the title, or a page's 发布时间 field."""
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    keep = set(idx[-6:]) | set(idx[:15])
    if title_line is not None:
        keep |= {i for i in idx if title_line < i <= title_line + 4}
    nonblank = [(i, compact(lines[i])) for i in idx if i in keep]
    for _, ln in reversed(nonblank[-6:]):
        if (m := _DATE.fullmatch(ln.strip("()（）"))) and (d := _date(m)):
            return d, "signature"
    if title_line is not None:
        for i, ln in nonblank:
            if title_line < i <= title_line + 4 and (m := _DATE.fullmatch(ln.strip("()（）"))) and (d := _date(m)):
                return d, "title-block"
    for _, ln in nonblank[:15]:
        pm = _PUBLISHED_META.match(ln)
        m = pm and (_ISO_DATE.search(pm.group(1)) or _DATE.search(pm.group(1)))
        if m and (d := _date(m)):
            return d, "page-meta"
    return None, None


def _date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def find_basis(text: str) -> tuple[str, ...]:
    out = []
    for m in _BASIS.finditer(text[:30_000]):
        ref = f"国办公开办函〔{m.group(1)}〕{m.group(2)}号"
        if ref not in out:
            out.append(ref)
    return tuple(out)


def extract_metadata(lines: Sequence[str], text: str) -> Metadata:
    found = find_title(lines)
    title = year = title_line = None
    body = printed = None
    if found:
        title, year, title_line, printed = found
        printed = printed or None
        body = expand_body(printed, text) if printed else None
    if year is None:
        year = find_year_in_period(text)
    published, source = find_published(lines, title_line)
    return Metadata(title, body, printed, year, published, source, find_basis(text), title_line)
