"""The letters a disclosing body sends while it handles an application (依申请公开), as DOCX, PDF or HTML.

Kinds (:class:`LetterKind`): 登记回执, 补正告知书 (条例第三十条), 延期答复告知书 (第三十三条第二款),
征求第三方意见函 (第三十二条), 收费通知书 (第四十二条, 国办函〔2020〕109号) and a 答复告知书 for every outcome row
of 表三, citing the article of that outcome (the clerk's legal basis when given).

Each kind has a default template (``templates/letters/<kind>.j2``); an administrator may replace it with
their own text (``template=``). Templates are plain text with three conventions::

    # 标题                      the first line: the title
    张三：                      a line ending in "：" right after the title: the salutation (not indented)
    (paragraphs, separated by blank lines; indented two characters)
    > 某某镇人民政府            lines starting with ">": the 落款 block, right-aligned
    > 2024年10月8日

Templates run in Jinja2's sandbox with undefined names refused, so an edited template can neither reach
Python objects nor silently print nothing: a mistake is a :class:`LetterError` naming it, in Chinese.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Protocol

from gongkai.rendering.errors import RenderError

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class LetterError(RenderError):
    """A letter cannot be written: a template mistake or missing data (message in Chinese)."""


class LetterKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    EXTENSION = "extension"
    CONSULTATION = "consultation"
    FEE = "fee"
    REPLY = "reply"

    @property
    def label(self) -> str:
        return _TITLES[self]


_TITLES = {
    LetterKind.RECEIPT: "登记回执",
    LetterKind.SUPPLEMENT: "补正告知书",
    LetterKind.EXTENSION: "延期答复告知书",
    LetterKind.CONSULTATION: "征求第三方意见函",
    LetterKind.FEE: "收费通知书",
    LetterKind.REPLY: "答复告知书",
}

#: What each kind needs beyond the common fields (checked before rendering, named in the error).
_REQUIRED: dict[LetterKind, tuple[str, ...]] = {
    LetterKind.RECEIPT: (),
    LetterKind.SUPPLEMENT: ("supplement_by",),
    LetterKind.EXTENSION: ("extension_days", "extended_due"),
    LetterKind.CONSULTATION: ("third_party", "reply_by"),
    LetterKind.FEE: ("fee_amount",),
    LetterKind.REPLY: ("outcome",),
}
_FIELD_NAMES = {
    "supplement_by": "补正期限", "extension_days": "延长的工作日数", "extended_due": "延长后的答复期限",
    "third_party": "第三方名称", "reply_by": "第三方答复期限", "fee_amount": "收费金额", "outcome": "办理结果",
    "body": "机关名称", "number": "申请编号", "applicant": "申请人",
}

#: The decision sentence of a 答复告知书 for each 表三 outcome row; ``{basis}`` is the cited provision.
REPLY_DECISIONS: dict[str, str] = {
    "granted": "经审查，您申请获取的政府信息属于公开范围。根据{basis}的规定，本机关予以公开。",
    "partial": "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据{basis}的规定，"
               "本机关向您提供可以公开的部分，对不予公开的部分说明理由。",
    "denied.state_secret": "经审查，您申请获取的政府信息属于国家秘密。根据{basis}的规定，本机关不予公开。",
    "denied.law_prohibited": "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据{basis}的规定，"
                             "本机关不予公开。",
    "denied.three_safeties_one_stability": "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、"
                                           "社会稳定。根据{basis}的规定，本机关不予公开。",
    "denied.third_party_rights": "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会损害第三方合法权益。"
                                 "根据{basis}的规定，本机关不予公开。",
    "denied.internal_affairs": "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息。"
                               "根据{basis}的规定，本机关不予公开。",
    "denied.process_info": "经审查，您申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息。"
                           "根据{basis}的规定，本机关不予公开。",
    "denied.enforcement_file": "经审查，您申请获取的政府信息属于行政执法案卷信息。根据{basis}的规定，本机关不予公开。",
    "denied.admin_query": "经审查，您申请获取的信息属于法律、行政法规对信息的获取有特别规定的行政查询事项。"
                          "根据{basis}的规定，请您依照有关法律、行政法规的规定办理。",
    "unavailable.not_held": "经检索查找，本机关没有制作或者获取您申请的政府信息（或该信息不属于本机关负责公开）。"
                            "根据{basis}的规定，告知您该政府信息不存在或者不属于本机关负责公开。",
    "unavailable.needs_creation": "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析，没有现成信息。"
                                  "根据{basis}的规定，本机关不予提供。",
    "unavailable.still_unclear": "本机关曾告知您补正申请，补正后您的申请内容仍不明确，本机关无法确定您所需的政府信息。"
                                 "根据{basis}的规定，本机关无法提供。",
    "not_processed.petition_complaint": "经审查，您的申请实质上是信访、投诉、举报等诉求。根据{basis}的规定，"
                                        "请您通过相应渠道提出，本机关不作为政府信息公开申请处理。",
    "not_processed.repeat": "经审查，您的申请与本机关已经答复的申请内容相同，属于重复申请。根据{basis}的规定，"
                            "本机关不予重复处理。",
    "not_processed.publication": "经审查，您申请获取的是公开出版物。根据{basis}的规定，"
                                 "请您通过公开出版物的发行渠道获取，本机关不作为政府信息公开申请处理。",
    "not_processed.mass_repeat": "您申请公开政府信息的数量、频次明显超过合理范围，且未能说明正当理由。"
                                 "根据{basis}的规定，本机关不予处理。",
    "not_processed.confirm_or_reissue": "经审查，您的申请是要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开"
                                        "申请的处理范围，本机关不予处理。",
    "other.no_correction": "本机关已书面告知您补正申请，您无正当理由逾期未补正。根据{basis}的规定，视为您放弃申请，"
                           "本机关不再处理该政府信息公开申请。",
    "other.fee_unpaid": "本机关已向您送达收费通知，您逾期未缴纳信息处理费。根据{basis}的规定，视为您放弃申请，"
                        "本机关不再处理该政府信息公开申请。",
    "other.other": "本机关对您的申请处理如下。",
}

#: The cited provision when the clerk gave none (format-spec §1.2, §4.1 and §4.3).
DEFAULT_BASIS: dict[str, str] = {
    "granted": "第三十六条第（二）项",
    "partial": "第三十七条",
    "denied.state_secret": "第十四条",
    "denied.law_prohibited": "第十四条",
    "denied.three_safeties_one_stability": "第十四条",
    "denied.third_party_rights": "第十五条",
    "denied.internal_affairs": "第十六条第一款",
    "denied.process_info": "第十六条第二款",
    "denied.enforcement_file": "第十六条第二款",
    "denied.admin_query": "第三十六条第（七）项",
    "unavailable.not_held": "第三十六条第（四）项",
    "unavailable.needs_creation": "第三十八条",
    "unavailable.still_unclear": "第三十条",
    "not_processed.petition_complaint": "第三十九条第一款",
    "not_processed.repeat": "第三十六条第（六）项",
    "not_processed.publication": "第三十九条第二款",
    "not_processed.mass_repeat": "第三十五条",
    "not_processed.confirm_or_reissue": "",
    "other.no_correction": "第三十条",
    "other.fee_unpaid": "国办函〔2020〕109号",
    "other.other": "",
}


def cite(basis: str) -> str:
    """A provision as printed in a letter: ``第三十条`` or ``条例第三十条`` → ``《中华人民共和国政府信息公开条例》
    第三十条``; the fee rules by their title; anything else (another law, as the clerk wrote it) unchanged."""
    text = basis.strip()
    if not text:
        return ""
    if "109号" in text:
        return FEE_RULES
    if text.startswith("条例"):
        text = text[2:]
    if text.startswith("第"):
        return REGULATION + text
    return text


@dataclass(frozen=True, slots=True)
class LetterData:
    """Everything a letter may print. Common fields first; the others matter to one kind each."""

    kind: LetterKind
    body: str                      # 机关名称 (the 落款)
    number: str                    # 申请编号
    applicant: str                 # 申请人 (name as the applicant wrote it)
    received: dt.date              # 收到申请之日 (条例第三十一条)
    issued: dt.date                # 落款日期
    description: str = ""          # 申请内容
    channel: str = ""              # 收到方式, e.g. 网络
    contact: str = ""              # 联系人和电话
    due: dt.date | None = None     # 答复期限 (receipt)
    supplement_items: str = ""     # 需要补正的事项
    supplement_by: dt.date | None = None
    extension_days: int | None = None
    extended_due: dt.date | None = None
    extension_reason: str = ""
    third_party: str = ""
    reply_by: dt.date | None = None
    fee_amount: Decimal | None = None
    fee_basis: str = ""            # e.g. 按件计收：本月第 15 件
    pay_by: dt.date | None = None
    fee_account: str = ""
    outcome: str = ""              # 表三 outcome row key (reply)
    legal_basis: str = ""          # the clerk's basis; default: DEFAULT_BASIS[outcome]
    reasons: str = ""              # further reasons / how to obtain the information
    outcome_note: str = ""         # e.g. the organ responsible for the information
    review_organ: str = ""         # 行政复议机关
    court: str = ""                # 人民法院

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", LetterKind(self.kind))
        missing = [f for f in ("body", "number", "applicant") if not str(getattr(self, f)).strip()]
        missing += [f for f in _REQUIRED[self.kind] if getattr(self, f) in (None, "")]
        if missing:
            names = "、".join(_FIELD_NAMES.get(f, f) for f in missing)
            raise LetterError(f"{self.kind.label}缺少：{names}")
        if self.kind is LetterKind.REPLY and self.outcome not in REPLY_DECISIONS:
            raise LetterError(f"答复告知书：办理结果“{self.outcome}”不是表三的办理结果行")


class DocumentKind(Protocol):
    """What the layout and the outputs need of a document's kind: its Chinese name (for error messages).
    :class:`LetterKind` here; :class:`gongkai.rendering.notices.NoticeKind` for the review desk's notices."""

    @property
    def label(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Letter:
    """A composed letter: what every output format lays out."""

    kind: DocumentKind
    title: str
    salutation: str
    paragraphs: tuple[str, ...]
    signature: tuple[str, ...]

    @property
    def text(self) -> str:
        parts = [self.title, self.salutation, *self.paragraphs, *self.signature]
        return "\n".join(p for p in parts if p)


def default_template(kind: LetterKind | str) -> str:
    """The built-in template text of a kind (what an administrator starts editing from)."""
    kind = LetterKind(kind)
    return resources.files("gongkai.rendering").joinpath("templates", "letters", f"{kind.value}.j2").read_text(
        encoding="utf-8")


def _cn_date(value: dt.date | None) -> str:
    if value is None:
        return "（日期）"
    return f"{value.year}年{value.month}月{value.day}日"


def _yuan(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal("0.01"))
    return format(q.normalize(), "f") if q == q.to_integral() else format(q, "f")


@cache
def _sandbox() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters["cn_date"] = _cn_date
    env.filters["yuan"] = _yuan
    return env


def _context(data: LetterData) -> dict[str, Any]:
    ctx = asdict(data)
    ctx["kind"] = data.kind.value
    if data.kind is LetterKind.REPLY:
        basis = cite(data.legal_basis or DEFAULT_BASIS[data.outcome]) or REGULATION + "的有关规定"
        ctx["decision"] = REPLY_DECISIONS[data.outcome].format(basis=basis)
    else:
        ctx["decision"] = ""
    return ctx


def fill(source: str, context: dict[str, Any], what: str, *, hint: str = "") -> str:
    """Render the template ``source`` in the sandbox; every template error becomes a :class:`LetterError`
    in Chinese naming ``what`` (e.g. "补正告知书模板") — an unknown field by its name, ``hint`` appended."""
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError, UndefinedError

    try:
        return str(_sandbox().from_string(source).render(context))
    except UndefinedError as exc:
        found = re.fullmatch(r"'(.+)' is undefined|.* has no attribute '(.+)'", exc.message or "")
        name = next((g for g in found.groups() if g), "") if found else (exc.message or "")
        raise LetterError(f"{what}中有未知的字段：{name}{hint}") from None
    except SecurityError:
        raise LetterError(f"{what}中有不允许的写法（只能使用字段和过滤器）") from None
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None)  # set by TemplateSyntaxError, not by every TemplateError
        line = f"第 {lineno} 行" if lineno else ""
        raise LetterError(f"{what}{line}有语法错误：{exc.message}") from None


def compose(data: LetterData, template: str | None = None) -> Letter:
    """Fill the template (the kind's default unless ``template`` is given) and lay out the result."""
    source = default_template(data.kind) if template is None else template
    return layout(fill(source, _context(data), f"{data.kind.label}模板"), data.kind)


def layout(text: str, kind: DocumentKind) -> Letter:
    """Split filled template text by the three conventions (title, salutation, ``>`` signature lines)."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or not lines[0].startswith("#"):
        raise LetterError(f"{kind.label}模板的第一行应为以“#”开头的标题")
    title = lines.pop(0).lstrip("#").strip()
    while lines and not lines[0].strip():
        lines.pop(0)
    salutation = ""
    if lines and lines[0].strip().endswith(("：", ":")) and len(lines[0].strip()) <= 60:
        salutation = lines.pop(0).strip()
    paragraphs: list[str] = []
    signature: list[str] = []
    current: list[str] = []
    for ln in lines:
        if ln.startswith(">"):
            signature.append(ln[1:].strip())
            continue
        if ln.strip():
            current.append(ln.strip())
        elif current:
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return Letter(kind, title, salutation, tuple(p for p in paragraphs if p), tuple(s for s in signature if s))


# ---------------------------------------------------------------------------------------------- outputs

_CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "FangSong", "仿宋", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt;
       color: #000; max-width: 156mm; margin: 0 auto; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "Noto Serif CJK SC", serif; font-size: 22pt;
     line-height: 1.4; text-align: center; margin: 0 0 28pt; font-weight: bold; }
p { margin: 0; text-align: justify; text-indent: 2em; }
p.salutation { text-indent: 0; }
.signature { margin-top: 56pt; text-align: right; }
.signature p { text-indent: 0; text-align: right; }
"""


def letter_html(letter: Letter) -> str:
    """A standalone, printable HTML page (the PDF is made from it)."""
    esc = html.escape
    body = [f"<h1>{esc(letter.title)}</h1>"]
    if letter.salutation:
        body.append(f'<p class="salutation">{esc(letter.salutation)}</p>')
    body += [f"<p>{esc(p)}</p>" for p in letter.paragraphs]
    if letter.signature:
        body.append('<div class="signature">' + "".join(f"<p>{esc(s)}</p>" for s in letter.signature) + "</div>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(letter.title)}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def letter_pdf(letter: Letter) -> bytes:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        pdf: bytes | None = weasyprint.HTML(string=letter_html(letter), base_url=".").write_pdf()
    except Exception as exc:  # pango/cairo failures surface as many kinds of errors
        raise LetterError(f"生成{letter.kind.label} PDF 失败：{exc}") from exc
    assert pdf is not None
    return pdf


def letter_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    from gongkai.rendering.docx import FANGSONG, XIAOBIAOSONG, _set_fonts

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    _set_fonts(normal.element, FANGSONG)
    normal.font.size = Pt(16)

    def para(text: str, *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, size: float = 16,
             bold: bool = False, font: str = FANGSONG, before: float = 0, after: float = 0) -> None:
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.alignment = align
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28 if size <= 16 else 36)
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        _set_fonts(run._element, font)

    para(letter.title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=22, font=XIAOBIAOSONG, after=14)
    if letter.salutation:
        para(letter.salutation, indent=False)
    for p in letter.paragraphs:
        para(p)
    for i, s in enumerate(letter.signature):
        para(s, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, before=56 if i == 0 else 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_letter(data: LetterData, to: str, template: str | None = None) -> bytes:
    """The letter as ``docx``, ``pdf`` or ``html`` bytes (HTML as UTF-8)."""
    return letter_bytes(compose(data, template), to)


def letter_bytes(letter: Letter, to: str) -> bytes:
    """A laid-out letter (or notice) as ``docx``, ``pdf`` or ``html`` bytes (HTML as UTF-8)."""
    if to == "docx":
        return letter_docx(letter)
    if to == "pdf":
        return letter_pdf(letter)
    if to == "html":
        return letter_html(letter).encode("utf-8")
    raise LetterError(f"不支持的输出格式“{to}”：只支持 docx、pdf、html")


def sample(kind: LetterKind | str) -> LetterData:
    """A letter of ``kind`` with every field filled (to try a template out)."""
    day = dt.date(2024, 9, 27)
    return LetterData(
        kind=LetterKind(kind), body="某某镇人民政府", number="2024-001", applicant="张三", received=day,
        issued=day + dt.timedelta(days=3), description="某村土地征收补偿方案", channel="网络", contact="0000-0000000",
        due=day + dt.timedelta(days=33), supplement_items="所需信息的具体年份",
        supplement_by=day + dt.timedelta(days=18),
        extension_days=20, extended_due=day + dt.timedelta(days=61), extension_reason="需调取档案",
        third_party="某某公司", reply_by=day + dt.timedelta(days=28), fee_amount=Decimal("100"), fee_basis="按件计收",
        pay_by=day + dt.timedelta(days=35), fee_account="到本机关窗口缴纳", outcome="granted", legal_basis="",
        reasons="", outcome_note="", review_organ="某某县人民政府", court="某某县人民法院")


_PLACEHOLDER = re.compile(r"（(?:请写明|日期)[^）]*）")


def unfilled(letter: Letter) -> list[str]:
    """The placeholders a letter still shows (data the clerk has not given), e.g. ``（日期）``."""
    return sorted({m.group(0) for m in _PLACEHOLDER.finditer(letter.text)})
