"""Figures stated in the prose of a report: what a sentence says was received, answered, carried
over, refused …, and "共 X 条，其中 a 条、b 条" lists. Pure functions over text: no report, no tables.

The extraction is deliberately narrow. A figure is only classified when the words right before it (or,
for "另有 103 件顺延到下年度答复", right after it) say what it counts, and figures about
政府信息公开申请 are only taken from sentences that are about such applications. Anything unclear
is left out: a figure that is not extracted can never raise a false alarm.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

# ---------------------------------------------------------------------------------------------------------------
# numbers

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_CN_CHARS = "零〇一二两三四五六七八九十百"


def cn_to_int(text: str) -> int | None:
    """A Chinese numeral from 零 to 九百九十九 (十二 → 12, 二十 → 20, 一百零五 → 105), else None."""
    if not text or any(c not in _CN_CHARS for c in text):
        return None
    if len(text) == 1 and text in _CN_DIGIT:
        return _CN_DIGIT[text]
    m = re.fullmatch(r"(?:([一二两三四五六七八九])百)?(零)?"
                     r"(?:([一二三四五六七八九])?(十))?([一二三四五六七八九])?", text)
    if not m or not any(m.groups()):
        return None
    hundreds, zero, tens_digit, ten, units = m.groups()
    if zero and not hundreds:
        return None
    if zero and ten and tens_digit is None:
        return None  # 一百零十
    if hundreds and ten and tens_digit is None:
        return None  # 一百十 is written 一百一十
    if hundreds and zero is None and ten is None and units is not None:
        return None  # 一百五 is colloquial (150): refuse rather than guess
    value = (_CN_DIGIT[hundreds] * 100 if hundreds else 0)
    if ten:
        value += (_CN_DIGIT[tens_digit] if tens_digit else 1) * 10
    if units:
        value += _CN_DIGIT[units]
    return value


def _to_number(token: str) -> int | Decimal | None:
    if token[0] in _CN_CHARS:
        return cn_to_int(token)
    token = token.replace(",", "")
    return Decimal(token) if "." in token else int(token)


#: A stated count: an optional approximation word, a number (Arabic, with thousands separators, or
#: Chinese), an optional 余/多, a unit. ``(?<![\d.])`` keeps "2023年" and "12345" from matching.
_FIGURE = re.compile(
    r"(?P<pre>大约|约|将近|近|接近|超过|逾)?\s*"
    r"(?P<num>(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.])\d+(?:\.\d+)?(?![\d.])"
    r"|(?<![零〇一二两三四五六七八九十百每第单逐同任某哪这那])[零〇一二两三四五六七八九十百]+)\s*"
    r"(?P<post>余|多)?\s*(?P<unit>件次|人次|件|条|个|篇|份|项|宗|起|次|期|场|人|元)"
    r"(?P<tail>以上|左右|上下)?"
)
_PERCENT_AFTER = re.compile(
    r"\s*[,:]?\s*(?:占(?:比|总数的?|全部申请的?|申请总数的?|办理总数的?|办结总数的?)?|比例为|比重为|比例达)"
    r"\s*(?P<pct>\d+(?:\.\d+)?)\s*%"
)
_CN_BAD_FOLLOWER = set("事龙心线路套批码面")


@dataclass(frozen=True, slots=True)
class _Fig:
    start: int
    end: int  # end of the unit (and of 以上/左右)
    num_start: int
    value: int | Decimal
    unit: str
    approximate: bool  # 约/近/余/多/以上/左右 …
    lower_bound: bool  # 余/多/超过/逾/以上: the value is a lower bound


def _figures(text: str) -> list[_Fig]:
    out = []
    for m in _FIGURE.finditer(text):
        num = m.group("num")
        if num[0] in _CN_CHARS:
            after = text[m.end() : m.end() + 1]
            if m.group("unit") not in ("件", "条") or after in _CN_BAD_FOLLOWER:
                continue
        value = _to_number(num)
        if value is None:
            continue
        pre, post, tail = m.group("pre"), m.group("post"), m.group("tail")
        lower = bool(post) or pre in ("超过", "逾") or tail == "以上"
        approximate = lower or bool(pre and pre not in ("超过", "逾")) or tail in ("左右", "上下")
        out.append(_Fig(m.start(), m.end(), m.start("num"), value, m.group("unit"), approximate, lower))
    return out


# ---------------------------------------------------------------------------------------------------------------
# prose


def normalize_prose(text: str) -> str:
    """NFKC, and a PDF's hard line breaks joined (a blank line stays a paragraph break). Digits on both
    sides of a joined break are kept apart by a space, so "12\\n34" never becomes 1234."""
    text = unicodedata.normalize("NFKC", text).replace("\r", "")
    paragraphs = []
    for para in re.split(r"\n[ \t]*\n", text):
        joined = ""
        for line in para.split("\n"):
            line = line.strip()
            if not line:
                continue
            if joined and joined[-1].isdigit() and line[0].isdigit():
                joined += " "
            joined += line
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


_TABLE_LINE = re.compile(r"\t|(?:^|\s)\d+(?:\s+\d+){2,}(?:\s|$)")


def prose_only(text: str) -> str:
    """The sentences of a table section that are prose: lines with tabs or rows of numbers dropped,
    and only sentences that end in "。" kept (table labels and headings never do)."""
    kept = "\n".join(line for line in text.split("\n") if not _TABLE_LINE.search(line))
    out = []
    for para in normalize_prose(kept).split("\n\n"):
        out.append("".join(s for s in _split_sentences(para) if s.endswith("。")))
    return "\n\n".join(p for p in out if p)


def _split_sentences(paragraph: str) -> list[str]:
    return [s for s in re.findall(r"[^。!?]*[。!?]|[^。!?]+$", paragraph) if s.strip()]


#: Real sentences are far shorter; a longer run (OCR text without "。") is cut at clause boundaries so
#: that reading it stays linear.
MAX_SENTENCE = 600


def sentences(text: str) -> list[str]:
    """Sentences of normalised prose: split at 。！？ and at paragraph breaks (overlong ones at ;, then ,)."""
    out = []
    for para in normalize_prose(text).split("\n\n"):
        for sentence in _split_sentences(para):
            out.extend(_cut(sentence.strip()))
    return [s for s in out if s]


def _cut(sentence: str) -> list[str]:
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    pieces, current = [], ""
    for clause in re.findall(r"[^;]*;|[^;]+$", sentence) if ";" in sentence else re.findall(r"[^,]*,|[^,]+$", sentence):
        if current and len(current) + len(clause) > MAX_SENTENCE:
            pieces.append(current)
            current = ""
        current += clause
    pieces.append(current)
    out = []
    for piece in pieces:  # a clause still too long: cut at "," or, failing that, blindly
        if len(piece) <= MAX_SENTENCE:
            out.append(piece)
        elif ";" in sentence and "," in piece:
            out.extend(_cut(piece.replace(";", "")))
        else:
            out.extend(piece[i : i + MAX_SENTENCE] for i in range(0, len(piece), MAX_SENTENCE))
    return out


# ---------------------------------------------------------------------------------------------------------------
# figures about applications, review and litigation

# kinds (the check maps them to cells)
RECEIVED = "received"  # 收到/受理 … 申请 N 件: 新收, or 新收 + 上年结转
NEW = "new"  # 新收 N 件
RECEIVED_ZERO = "received-zero"  # 未收到 … 申请
CARRIED_OVER = "carried-over"
CARRY_FORWARD = "carry-forward"
PROCESSED = "processed"  # 办结/答复 N 件
HANDLED = "handled"  # 办理 N 件: processed, or new, or new + carried over
GRANTED = "granted"
PARTIAL = "partial"
GRANTED_PARTIAL = "granted+partial"
DENIED = "denied"
UNAVAILABLE = "unavailable"
NOT_PROCESSED = "not-processed"
OTHER_OUTCOME = "other-outcome"
REVIEW = "review"
LITIGATION = "litigation"
#: applicant parts "其中自然人 a 件、法人或其他组织 b 件": ``applicant.<column>``, ``applicant.org`` for the five
#: organisation columns together; review/litigation parts: ``review.<column>``, ``litigation.<column>``.
APPLICANT_PREFIX = "applicant."

EXACT = "exact"
WEAK = "weak"

#: What each kind of figure may state in the tables (alternatives; "+" a sum, "*" every row of a group).
QUANTITIES: dict[str, tuple[str, ...]] = {
    RECEIVED: ("t3.new.total", "t3.new.total+t3.carried_over.total"),
    NEW: ("t3.new.total",),
    RECEIVED_ZERO: ("t3.new.total",),
    CARRIED_OVER: ("t3.carried_over.total",),
    CARRY_FORWARD: ("t3.carry_forward.total",),
    PROCESSED: ("t3.processed_total.total",),
    HANDLED: ("t3.processed_total.total", "t3.new.total", "t3.new.total+t3.carried_over.total"),
    GRANTED: ("t3.granted.total",),
    PARTIAL: ("t3.partial.total",),
    GRANTED_PARTIAL: ("t3.granted.total+t3.partial.total",),
    DENIED: ("t3.denied.*.total",),
    UNAVAILABLE: ("t3.unavailable.*.total",),
    NOT_PROCESSED: ("t3.not_processed.*.total",),
    OTHER_OUTCOME: ("t3.other*.total",),
    REVIEW: ("t4.review.total",),
    LITIGATION: ("t4.litigation_direct.total+t4.litigation_after_review.total",),
}

OUTCOME_KINDS = (GRANTED, PARTIAL, GRANTED_PARTIAL, DENIED, UNAVAILABLE, NOT_PROCESSED, OTHER_OUTCOME)
_APPLICATION_KINDS = (RECEIVED, NEW, CARRIED_OVER, CARRY_FORWARD, PROCESSED, HANDLED, *OUTCOME_KINDS)
_PARENTS_OF_APPLICANTS = (RECEIVED, NEW, PROCESSED, HANDLED)


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """A figure the text states. ``quote`` is the whole sentence, ``excerpt`` the clause with the figure.

    ``approximate``: "100余件", "近 N 件", "约 N 件" …; ``lower_bound``: the approximation is a lower bound
    (余/多/超过/逾/以上), so only a smaller table value contradicts it. ``scope``: a scope word of the
    sentence (全县, 本机关, 各部门 …) or None. ``parent``: for parts ("其中自然人 a 件", "其中结果维持 a 件"),
    the index of the figure they break down in the same list. ``percent``/``percent_places``: "占 x%"
    right after the figure, with the number of decimals printed. ``unit``: 件, 条, 宗, 起 as printed.
    ``certainty``: :data:`EXACT` when the phrase names exactly the quantity a table cell counts (收到/新收
    申请 N 件, 办结 N 件, 予以公开 N 件 …), :data:`WEAK` when it may count something else (办理 N 件 may be
    new or handled; "公开答复" may include partial disclosure; the older-style "…答复数/…公开数" names a
    pre-2019 measure). Figures of information items ("依申请公开信息数 15 条") are not extracted at all.
    """

    kind: str
    value: int | Decimal
    quote: str
    excerpt: str
    approximate: bool = False
    lower_bound: bool = False
    scope: str | None = None
    parent: int | None = None
    percent: Decimal | None = None
    percent_places: int = 0
    unit: str = "件"
    certainty: str = "exact"  # EXACT: the phrase names exactly what a cell counts; WEAK: it may mean another thing

    @property
    def quantity(self) -> tuple[str, ...]:
        """The table quantities this figure may state, each a cell key or a sum of keys joined by "+"
        ("*" stands for every row of an outcome group; an applicant part's row is its parent's)."""
        if self.kind.startswith(APPLICANT_PREFIX):
            column = self.kind[len(APPLICANT_PREFIX):]
            return (f"t3.*.{column}",) if column != "org" else ("t3.*.<five organisation columns>",)
        if "." in self.kind:
            group, column = self.kind.split(".")
            return ((f"t4.review.{column}",) if group == REVIEW else
                    (f"t4.litigation_direct.{column}+t4.litigation_after_review.{column}",))
        return QUANTITIES.get(self.kind, ())


_APPLICATION_TOPIC = re.compile(r"依申请|信息公开(?:的)?申请|公开申请|申请公开|申请信息公开")
#: counts of something other than 政府信息公开申请 (D18: 咨询 is not an application)
_FOREIGN = re.compile(r"咨询|信访|留言|诉求|热线|12345|投诉|举报|来电|来信|信件|建议|提案|许可|审批|"
                      r"案件|意见|舆情|网民|反映|主动公开|发布|信息处理费|收费|人次|电话|邮件|回复率|访问")
_COMPARISON = re.compile(r"同比|环比|较上年|较去年|比上年|比去年|较上一年|增长|下降|减少|增加|上升|"
                         r"提高|降低|增幅|降幅|持平")
_ALL_KINDS = re.compile(r"各类|各种|各项|所有")
_CHANNEL = re.compile(r"网站|网上|线上|在线|信函|邮寄|传真|当面|现场|电子邮件|邮箱|平台|窗口")

_APPLICANT = (
    ("natural_person", r"自然人|公民|个人"),
    ("org", r"法人(?:或|和|及|与|、)?其他组织|法人"),
    ("commercial_enterprise", r"商业企业|企业"),
    ("research_institution", r"科研机构"),
    ("public_welfare_org", r"社会公益组织"),
    ("legal_service_org", r"法律服务机构"),
)
_T4_PARTS = (("upheld", r"结果维持|维持"), ("corrected", r"结果纠正|纠正|纠错"), ("other", r"其他结果"),
             ("pending", r"尚未审结|未审结|正在审理|审理中"))
_OUTCOMES = (
    (GRANTED_PARTIAL, r"(?:予以|同意|全部)公开(?:答复)?(?:及|和|、|或|与|以及)部分公开"),
    (PARTIAL, r"部分公开|区分处理"),
    (DENIED, r"不予公开|不同意公开"),
    (GRANTED, r"予以公开|同意公开|全部公开|准予公开"),
    (GRANTED_PARTIAL, r"公开答复"),
    (UNAVAILABLE, r"无法提供"),
    (NOT_PROCESSED, r"不予处理"),
    (OTHER_OUTCOME, r"其他处理"),
)
_CARRY_FORWARD = re.compile(r"结转(?:至|到)?下|转(?:入|至|到)?下一?年|顺延|下一?年度?继续办理|结转(?:至|到)?20\d\d")
_CARRIED_OVER = re.compile(r"上一?年度?(?:结转|转结|遗留)|结转上一?年|往年结转|以前年度结转|上年度?转入")
_PROCESSED = re.compile(r"办结|答复|办理完毕|处理完毕|已办理|完成办理|办理完成|已处理")
_HANDLED = re.compile(r"办理|处理")
_NEW = re.compile(r"新收|新受理|新增")
_RECEIVED = re.compile(r"收到|受理|接收|接到|收悉|共收|提出")
_RECEIVED_NOUN = re.compile(r"(?:依申请公开|申请)(?:的)?(?:事项|信息|件|数|数量|总数|总量)?(?:数|数量)?"
                            r"(?:共计?|合计|总计)?(?:为|达|是)?$")

_SCOPE = re.compile(r"(?:[省市州县区旗]|人民)?政府办(?:公室|公厅)?(?:代表(?:[省市州县区旗])?(?:人民)?政府)?"
                    r"|代表(?:[省市州县区旗])?(?:人民)?政府"
                    r"|全(?:省|市|州|盟|县|区|旗|镇|乡|街道|街)|本(?:机关|单位|级|部门|系统)"
                    r"|各(?:部门|单位|级|乡镇|镇|街道|区县|县区|县市区)"
                    r"|(?:县|市|区)直(?:各?(?:部门|单位))?|全系统|我(?:省|市|县|区|旗|镇|乡|街道)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\d)")
_PREVIOUS_YEAR = re.compile(r"去年|前年|上一?年度?")
_THIS_YEAR = re.compile(r"今年|本年度?|当年|全年")
_CARRY_PHRASES = re.compile(r"上一?年度?(?:结转|转结|遗留|转入)")
_LEFT_BOUNDARY = re.compile(r"[,;:、()“”\"]")


def _label_before(sentence: str, pos: int, floor: int) -> tuple[str, int]:
    start = floor
    for m in _LEFT_BOUNDARY.finditer(sentence, floor, pos):
        start = m.end()
    return sentence[start:pos].strip(), start


def _label_after(sentence: str, pos: int) -> str:
    m = re.search(r"[,;:、()。]", sentence[pos:])
    return sentence[pos : pos + (m.start() if m else len(sentence) - pos)][:30].strip()


def _classify(label: str) -> str | None:
    """The kind a clause label names, without context. Order matters: outcome words before 答复."""
    for kind, pattern in _OUTCOMES:
        if re.search(pattern, label):
            return kind
    if _CARRY_FORWARD.search(label):
        return CARRY_FORWARD
    if _CARRIED_OVER.search(label):
        return CARRIED_OVER
    has_review, has_litigation = "复议" in label, bool(re.search(r"诉讼|起诉", label))
    if has_review and has_litigation:
        return "review+litigation"
    if has_review and "行政复议" in label:
        return REVIEW
    if has_litigation and re.search(r"行政诉讼|起诉|诉讼案件", label):
        return LITIGATION
    if re.search(r"率|比例|时限|期限内", label):
        return None
    if _PROCESSED.search(label):
        return PROCESSED
    if _NEW.search(label):
        return NEW
    if _RECEIVED.search(label):
        return RECEIVED
    if _HANDLED.search(label):
        return HANDLED
    if _RECEIVED_NOUN.search(label):  # "依申请公开 0 件", "政府信息公开申请共 20 件"
        return RECEIVED
    return None


def _part_kind(label: str, parents: tuple[str, ...]) -> str | None:
    label = re.sub(r"^(?:其中|涉及|包括|含|来自|为|是|系|[\s,:])+", "", label)
    if REVIEW in parents or LITIGATION in parents:
        for col, pattern in _T4_PARTS:
            if re.match(rf"(?:{pattern})", label):
                return col
    if any(p in parents for p in _PARENTS_OF_APPLICANTS):
        for col, pattern in _APPLICANT:
            if re.match(rf"(?:{pattern})", label) and not re.match(r"其他", label):
                return col
    return None


def _in_report_year(sentence: str, pos: int, year: int | None) -> bool:
    """Whether the text at ``pos`` speaks of the report's year: the last year marker before it decides
    ("2022年", "去年", "上年" against "今年", "本年度", "全年"). "上年结转", "较上年" and years inside
    《book titles》 are not markers. With no year known, only 去年/上年 mark another year."""
    masked = _CARRY_PHRASES.sub(lambda m: "#" * len(m.group()), sentence[:pos])
    masked = re.sub(r"《[^》]*》", lambda m: "#" * len(m.group()), masked)
    masked = re.sub(r"(?:较|比|与|同)(?:上一?年度?|去年)", lambda m: "#" * len(m.group()), masked)
    best, current = -1, True
    for m in _YEAR.finditer(masked):
        if m.start() > best:
            best, current = m.start(), year is None or int(m.group(1)) == year
    for m in _PREVIOUS_YEAR.finditer(masked):
        if m.start() > best:
            best, current = m.start(), False
    for m in _THIS_YEAR.finditer(masked):
        if m.start() > best:
            best, current = m.start(), True
    return current


def _percent_after(sentence: str, pos: int) -> tuple[Decimal | None, int]:
    m = _PERCENT_AFTER.match(sentence, pos)
    if not m:
        return None, 0
    pct = m.group("pct")
    return Decimal(pct), len(pct.split(".")[1]) if "." in pct else 0


_ZERO_RECEIVED = re.compile(r"(?:未|没有)(?:收到|受理|接到|接收|有)(?P<gap>[^,;:。\d]{0,25})"
                            r"(?:申请(?![人书表])|(?:(?<=依申请公开)|(?<=依申请公开的)|(?<=公开申请的))事项)"
                            r"|零申请|(?<![\w])无(?P<gap2>依申请公开|政府信息公开申请)")
_ZERO_RECEIVED_BAD = re.compile(r"涉及|关于|有关|针对|重复|其他|其它|方式|类|复议|诉讼|以上|超期|逾期|不予|无法"
                                r"|部分|因|由")
_ZERO_RECEIVED_TAIL = re.compile(r"复议|诉讼|投诉|举报|引起|导致|产生|造成|纠错")
_ZERO_T4 = re.compile(r"(?:(?:未|没有)(?:发生|出现|产生|有|收到|接到|涉及|被提起|提起|被申请)(?P<gap>[^,;:。\d]{0,25}?)"
                      r"|无(?P<gap2>(?:政府信息公开)?(?:方面|相关)?的?))(?:行政复议|复议|行政诉讼|诉讼)")
_T4_BAD = re.compile(r"纠错|纠正|败诉|撤销|违法|被告|应诉工作|\d")


_CLAUSE_END = re.compile(r"[,;:。]|$")


def _clause_end(sentence: str, start: int) -> int:
    """Where the clause starting at ``start`` ends: the next clause punctuation, or the end of the sentence."""
    m = _CLAUSE_END.search(sentence, start)
    return m.start() if m else len(sentence)


def _zero_statements(sentence: str) -> list[tuple[str, str, int]]:
    """(kind, excerpt, position) for "未收到…申请", "零申请", "未发生…行政复议、行政诉讼"."""
    out: list[tuple[str, str, int]] = []
    for m in _ZERO_RECEIVED.finditer(sentence):
        gap = m.group("gap") or m.group("gap2") or ""
        clause, _ = _label_before(sentence, m.start(), 0)
        if m.group(0) != "零申请" and not re.search(r"依申请|信息公开|公开", gap):
            continue
        tail_end = _clause_end(sentence, m.end())
        if _CHANNEL.search(gap + clause) or _ZERO_RECEIVED_BAD.search(gap) or \
                _ZERO_RECEIVED_TAIL.search(sentence[m.end() : tail_end]):
            continue
        out.append((RECEIVED_ZERO, m.group(0), m.start()))
    if not re.search(r"信息公开|依申请", sentence):
        return out
    for m in _ZERO_T4.finditer(sentence):
        end = _clause_end(sentence, m.start())
        span = sentence[m.start() : end]
        if _T4_BAD.search(span):
            continue
        if "复议" in span and all(k != REVIEW for k, _, _ in out):
            out.append((REVIEW, span, m.start()))
        if "诉讼" in span and all(k != LITIGATION for k, _, _ in out):
            out.append((LITIGATION, span, m.start()))
    return out


#: The older (pre-2019) measures end in a bare 数 ("申请总数", "同意公开答复数", "区分处理后公开数", "依申请
#: 公开信息数"); "数量" is the 2021 wording ("本年新收政府信息公开申请数量") and does not count.
_OLD_STYLE = re.compile(r"(?<!件)数(?!量)\s*(?:为|是|达|共计?|合计)?\s*$")
_INFORMATION_ITEMS = re.compile(r"信息|事项|内容")
_EXACT_PROCESSED = re.compile(r"办结|办理完毕|处理完毕|完成办理|办理完成")
_EXACT_RECEIVED = re.compile(r"新收|新受理|收到|接收|接到|收悉|共收|受理")
_WEAK_GRANTED = re.compile(r"同意公开|准予公开")


def figure_certainty(kind: str, label: str, unit: str) -> str | None:
    """How surely the phrase ``label`` (the words before the figure) with ``unit`` names the table
    quantity of ``kind``: :data:`EXACT`, :data:`WEAK`, or None when it counts something no cell counts
    (items of information in 条: "依申请公开信息数 15 条", "不予公开信息数 2 条")."""
    base = kind.split(".")[0]
    if base in (REVIEW, LITIGATION):
        return EXACT if unit in ("件", "宗", "起") else WEAK
    if unit not in ("件", "宗", "起"):
        plain = label.replace("政府信息公开", "")
        # "依申请公开341条" counts items disclosed on application (like "依申请公开信息数…条"), not applications:
        # 申请 only inside 依申请公开, with no verb of receiving, is not an application count
        if "申请" not in plain.replace("依申请公开", "") and not _EXACT_RECEIVED.search(plain):
            return None
        return WEAK if "申请" in plain and not _INFORMATION_ITEMS.search(plain) else None
    if _OLD_STYLE.search(label):
        return WEAK
    if kind in (HANDLED, GRANTED_PARTIAL) and not re.search(r"(?:予以|同意|全部)公开.{0,3}部分公开", label):
        return WEAK  # 办理 N 件; 公开答复 N 件
    if kind == PROCESSED and not _EXACT_PROCESSED.search(label):
        return WEAK  # 答复 N 件 (may be the answers that disclosed)
    if kind == RECEIVED and not _EXACT_RECEIVED.search(label):
        return WEAK  # "依申请公开 0 件", "政府信息公开申请共 20 件"
    if kind == GRANTED and _WEAK_GRANTED.search(label):
        return WEAK
    return EXACT


def stated_figures(text: str, year: int | None = None) -> list[StatedFigure]:
    """Figures about 政府信息公开申请, their outcomes, 行政复议 and 行政诉讼 stated in ``text``.

    ``year`` is the report's year: figures of sentences (or parts of them) about another year are
    left out, and so are comparisons ("较上年增加 5 件") and counts of other things (咨询, 信访, 留言 …)."""
    out: list[StatedFigure] = []
    previous_topic = False
    for sentence in sentences(text):
        topic = bool(_APPLICATION_TOPIC.search(sentence))
        application_context = topic or (previous_topic and "申请" in sentence)
        previous_topic = topic
        for zero_kind, zero_excerpt, pos in _zero_statements(sentence):
            if _in_report_year(sentence, pos, year):
                out.append(StatedFigure(zero_kind, 0, sentence, zero_excerpt, scope=_scope(sentence, pos)))
        parents: dict[str, int] = {}  # kind of the figure parts would break down -> its index in ``out``
        floor = 0
        for fig in _figures(sentence):
            label, label_start = _label_before(sentence, fig.start, floor)
            floor = fig.end
            if fig.unit not in ("件", "条", "宗", "起"):
                continue
            post = _label_after(sentence, fig.end)
            excerpt = sentence[label_start : fig.end].strip()
            kind = _classify(label)
            part = _part_kind(label, tuple(parents)) if kind is None or kind in _PARENTS_OF_APPLICANTS else None
            if kind is None and part is None:  # "另有 103 件顺延到下年度答复", "有 1 件涉及…的行政复议"
                kind = _classify(post)
                part = None if kind is not None else _part_kind(post, tuple(parents))
                if kind is not None or part is not None:
                    excerpt = f"{excerpt}{post}"
                    label = f"{label} {post}"
            parent = None
            if part is not None:
                parent_kind = _parent_for(part, parents)
                if parent_kind is None:
                    continue
                parent = parents[parent_kind]
                kind = f"{APPLICANT_PREFIX}{part}" if parent_kind in _PARENTS_OF_APPLICANTS else f"{parent_kind}.{part}"
            if kind is None:
                continue
            scope = _scope(sentence, fig.start)
            if kind == "review+litigation":  # "行政复议、行政诉讼均为 0 件"; a combined count is not compared
                if re.search(r"均|都|皆", label) and fig.value == 0 and _about_disclosure(sentence, fig.end, post):
                    out.append(StatedFigure(REVIEW, 0, sentence, excerpt, scope=scope))
                    out.append(StatedFigure(LITIGATION, 0, sentence, excerpt, scope=scope))
                continue
            base = kind.split(".")[0]
            if kind in _APPLICATION_KINDS or base == APPLICANT_PREFIX[:-1]:
                if not application_context or _FOREIGN.search(label) or _CHANNEL.search(label):
                    continue
                if _ALL_KINDS.search(label) and not _APPLICATION_TOPIC.search(label):
                    continue  # "共收到各类申请 20 件，其中政府信息公开申请 5 件"
            elif not _about_disclosure(sentence, fig.end, post):  # 行政复议/诉讼 of 政府信息公开, not all of them
                continue
            if _COMPARISON.search(label) or not _in_report_year(sentence, fig.start, year):
                continue
            certainty = figure_certainty(kind, label, fig.unit)
            if certainty is None:
                continue
            if parent is not None and out[parent].certainty == WEAK:
                certainty = WEAK  # parts of a figure that may count something else
            pct, places = _percent_after(sentence, fig.end)
            out.append(StatedFigure(kind, fig.value, sentence, excerpt, fig.approximate, fig.lower_bound, scope,
                                    parent, pct, places, fig.unit, certainty))
            if parent is None and kind in (*_PARENTS_OF_APPLICANTS, REVIEW, LITIGATION):
                t4 = kind in (REVIEW, LITIGATION)
                parents = {k: i for k, i in parents.items() if (k in (REVIEW, LITIGATION)) != t4}
                parents[kind] = len(out) - 1
    return out


def _about_disclosure(sentence: str, end: int, post: str) -> bool:
    return bool(re.search(r"信息公开|依申请", sentence[:end] + post))


def _parent_for(part: str, parents: dict[str, int]) -> str | None:
    t4 = part in dict(_T4_PARTS)
    candidates = [(i, k) for k, i in parents.items() if (k in (REVIEW, LITIGATION)) == t4]
    return max(candidates)[1] if candidates else None


def _scope(sentence: str, pos: int) -> str | None:
    found = _SCOPE.findall(sentence[:pos])
    return found[-1] if found else None


# ---------------------------------------------------------------------------------------------------------------
# "共 X 条，其中 a 条、b 条 …"


@dataclass(frozen=True, slots=True)
class StatedPart:
    label: str
    value: int | Decimal
    unit: str
    percent: str | None = None  # the share printed with the part ("占比78.9%"), as printed


@dataclass(frozen=True, slots=True)
class StatedList:
    """A stated total and the parts listed after it.

    ``hedged``: the list says it may be incomplete (等, 主要, 若干, 涉及 …). ``exhaustive``: the list says
    it is complete (a numbered catch-all part 其他/其余 …, or 分别为). ``approximate``: the total or a part
    is an approximation (100余条)."""

    total: int | Decimal
    unit: str
    parts: tuple[StatedPart, ...]
    quote: str  # the total's clause and the whole list
    head: str  # the total's clause: "共公布政府信息2599条"
    hedged: bool
    exhaustive: bool
    approximate: bool

    @property
    def parts_sum(self) -> int | Decimal:
        return sum((p.value for p in self.parts), 0)


_ITEM_UNITS = frozenset("条件个篇份项")
_TOTAL_UNITS = _ITEM_UNITS | {"次", "期", "场", "起", "宗"}
_LIST_HEAD = re.compile(
    r"(?P<noun>[^\d,;:。()、!?\s]{0,10}?)\s*(?P<sep>[,;]|。)?\s*(?P<open>\()?\s*"
    r"(?:(?P<marker>其中包括|其中|具体包括|具体为|具体是|主要包括|主要有|包括|分别为|分别是|涉及)\s*(?P<colon>:)?"
    r"|(?P<colon2>:)|(?<=\())"
)
_PART_STOP = re.compile(r"^(?:共|共计|合计|累计|总计|另|此外|同时|均|并|已|全部|所有|其中)"
                        r"|办结|办理|结转|顺延|受理|收到|接收|新收|答复|" + _COMPARISON.pattern +
                        r"|^(?:关停|注销|整合|新开|开设|清理|整改|删除|撤销|下线|关闭|完成|开展|组织|召开|举办|发放|印发"
                        r"|制定|出台|转办|督办|编制|修订|废止|检查|抽查|培训|推送)")
_CATCH_ALL = re.compile(r"^(?:其他|其它|其余|剩余|另外)")
_HEDGE = re.compile(r"等|若干|部分|包括但不限于|以上|左右|不完全")
_PERCENT = re.compile(r"(?:占(?:比)?[^\d,、;]{0,8})?(?P<pct>\d+(?:\.\d+)?)\s*%")


def _matching_paren(text: str, start: int, limit: int) -> int:
    depth = 0
    for i in range(start, min(len(text), start + limit)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _drop_parens(text: str) -> str:
    while True:
        new = re.sub(r"\([^()]*\)", "", text)
        if new == text:
            return new
        text = new


def stated_lists(text: str) -> list[StatedList]:
    """Totals followed by a list of parts: "共 X 条，其中 a 条、b 条", "X 条。其中 …", "X 条：a 条，b 条",
    "X 条（其中 a 条 …）", "X 条（a 条、b 条）", "X 条，包括 a 条、b 条". Percentages are not parts;
    amounts in 元 and figures of other units end a list, and so does a clause that starts a new
    statement (共…, 另有…, 办结…, 较上年增加…)."""
    out = []
    for para in normalize_prose(text).split("\n\n"):
        for fig in _figures(para):
            if fig.unit not in _TOTAL_UNITS:
                continue
            head = _LIST_HEAD.match(para, fig.end)
            if not head:
                continue
            marker, colon, opened = head.group("marker") or "", bool(head.group("colon") or head.group("colon2")), \
                head.group("open") is not None
            if head.group("sep") == "。" and not marker:
                continue
            body_start = head.end()
            if opened:
                close = _matching_paren(para, head.start("open"), MAX_SENTENCE)
                if close < 0:
                    continue
                body, quote_end = para[body_start:close], close + 1
                if not marker and not colon and len(_figures(body)) < 2:
                    continue
            else:
                window = para[body_start : body_start + MAX_SENTENCE]
                stop = re.search(r"[。!?]" if colon else r"[。!?;]", window)
                quote_end = body_start + (stop.start() if stop else len(window))
                body = para[body_start:quote_end]
            parts, approximate = _parts(_drop_parens(body), fig.unit, colon)
            parts = _drop_nested(parts, fig.value)
            if not parts:
                continue
            floor = max(0, fig.start - 200)
            clause_start = max(floor - 1, *(para.rfind(c, floor, fig.start) for c in ",;。!?:")) + 1
            quote = para[clause_start:quote_end].strip()
            hedged = bool(_HEDGE.search(_drop_parens(body))) or marker.startswith("主要") or marker == "涉及"
            exhaustive = marker.startswith("分别") or any(_CATCH_ALL.match(p.label) for p in parts)
            head_text = (para[clause_start : fig.end] + head.group("noun")).strip()
            out.append(StatedList(fig.value, fig.unit, tuple(parts), quote, head_text, hedged, exhaustive,
                                  approximate or fig.approximate))
    return out


def _share_matches(value: int | Decimal, base: int | Decimal, printed: str) -> bool:
    """Whether ``printed`` (a percentage as printed, "78.9") is ``value``'s share of ``base``, up to its rounding."""
    if not base:
        return False
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    tolerance = Decimal(5) / Decimal(10) ** (decimals + 1)
    return bool(abs(Decimal(value) * 100 / Decimal(base) - Decimal(printed)) <= tolerance)


def _drop_nested(parts: list[StatedPart], total: int | Decimal) -> list[StatedPart]:
    """Drop a part whose printed share is its share of an earlier part, not of the total: it is a subset of that
    part ("共89项，其中行政许可57项，实现‘一趟不用跑’的有45项，占比78.9%": 45/57 = 78.9 %), not a part of the total."""
    out: list[StatedPart] = []
    for part in parts:
        if part.percent is not None and not _share_matches(part.value, total, part.percent) and any(
                _share_matches(part.value, earlier.value, part.percent) for earlier in out):
            continue
        out.append(part)
    return out


def _parts(body: str, unit: str, colon: bool) -> tuple[list[StatedPart], bool]:
    """The parts at the start of ``body``. A piece without a figure followed by "、" belongs to the next
    piece's label ("政策、规范性文件类信息 68 条"); otherwise it ends the list."""
    compatible = _ITEM_UNITS if unit in _ITEM_UNITS else frozenset((unit,))
    parts: list[StatedPart] = []
    approximate = False
    pending = ""
    pieces = re.split(r"([,、;])" if colon else r"([,、])", body)
    for i in range(0, len(pieces), 2):
        share = _PERCENT.search(pieces[i])
        piece = _PERCENT.sub("", pieces[i]).strip()
        sep = pieces[i + 1] if i + 1 < len(pieces) else ""
        figs = _figures(piece)
        if share and parts and not figs:  # "…45项,占比78.9%": the share of the part before
            parts[-1] = replace(parts[-1], percent=share.group("pct"))
        if not figs:
            if sep == "、" and piece:
                pending += piece + "、"
                continue
            break
        if len(figs) != 1 or figs[0].unit not in compatible:
            break
        fig = figs[0]
        label = (pending + piece[: fig.start] + " " + piece[fig.end :]).strip()
        if _PART_STOP.search(label):
            break
        parts.append(StatedPart(label, fig.value, fig.unit, share.group("pct") if share else None))
        approximate = approximate or fig.approximate
        pending = ""
    return parts, approximate


# ---------------------------------------------------------------------------------------------------------------
# last year's figure told as this year's

_LAST_YEAR_FIGURE = re.compile(
    r"(?:^|[。；;！!\n])\s*(?P<year>(?:19|20)\d{2})\s*年(?!度?(?:以来|至今|底|末|同期|相比))[，,、]?\s*"
    r"(?P<who>(?:我|本|全)[\u4e00-\u9fff]{0,6}?)?\s*"
    r"(?P<verb>(?:共|累计|全年)?(?:制作、?获取|制作|获取|主动公开|公开发布|发布)(?:了)?)"
    r"(?P<rest>[^。；;\n]{0,40}?)(?P<num>\d+)\s*(?:条|件|篇|个)"
)
_NOT_THIS_YEAR = re.compile(r"较|比|同比|增长|下降|减少|增加|相比|截至|截止|以来")


def previous_year_figures(text: str, year: int) -> list[tuple[int, str]]:
    """(position of the year, sentence) of each sentence stating last year's production or disclosure
    count as the report year's ("2022年，本机关制作、获取政府信息120条" in a 2023 report)."""
    out = []
    for m in _LAST_YEAR_FIGURE.finditer(text):
        if int(m.group("year")) != year - 1:
            continue
        end = text.find("。", m.end())
        sentence = text[m.start("year") : end + 1 if end != -1 else m.end()]
        if not _NOT_THIS_YEAR.search(sentence):
            out.append((m.start("year"), sentence))
    return out
