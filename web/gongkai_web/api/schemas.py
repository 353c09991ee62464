"""Request and response shapes of the API (pydantic, through django-ninja). Titles and descriptions are in
Chinese: they are what the OpenAPI document and the docs page show."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from gongkai.ledger import EVENT_TYPES, ApplicantType, Channel, ConsultationKind

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_only(value: Any) -> Any:
    """Dates are written YYYY-MM-DD: pydantic alone would also read a number (``0``) as a Unix time."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value.strip())):
        return value.strip() if isinstance(value, str) else value
    raise PydanticCustomError("date_parsing", "date must be YYYY-MM-DD")


#: A date in the form YYYY-MM-DD (and nothing else).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_only)]


class StatusFilter(StrEnum):
    """``open``/``closed`` or one status of the library's ``Status``."""

    OPEN = "open"
    CLOSED = "closed"
    PROCESSING = "processing"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    CONSULTING = "consulting"
    AWAITING_FEE = "awaiting_fee"
    EXTENDED = "extended"
    OVERDUE = "overdue"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class FieldError(Schema):
    field: str = Field(description="出错的字段名；整体错误时为空")
    message: str = Field(description="中文说明")


class ErrorOut(Schema):
    detail: str = Field(description="中文错误说明")
    errors: list[FieldError] = Field(default_factory=list, description="逐字段的错误（数据校验失败时）")


class ApplicationOut(Schema):
    id: int = Field(description="申请的内部编号（用于其他接口的路径）")
    number: str = Field(description="申请编号")
    body_id: int = Field(description="机关的内部编号")
    body: str = Field(description="受理机关名称")
    applicant: ApplicantType = Field(description="申请人类型（表三的列）")
    applicant_label: str = Field(description="申请人类型的中文名称")
    channel: Channel = Field(description="收到方式")
    received: dt.date = Field(description="收到申请之日")
    status: str = Field(description="办理状态代码：processing、awaiting_supplement、consulting、awaiting_fee、"
                                    "extended、overdue、decided、withdrawn")
    status_label: str = Field(description="办理状态的中文名称")
    open: bool = Field(description="是否仍在办理中")
    due: dt.date | None = Field(description="答复期限；已办结、等待补正或工作日历无法计算时为空")
    days_left: int | None = Field(description="剩余工作日（负数表示已逾期的工作日数）")
    provisional: bool = Field(description="答复期限是否为暂定（期限所在年度的节假日安排尚未录入，"
                                          "暂按只有周末休息计算）")
    problem: str = Field(description="无法计算期限时的中文原因，否则为空")


class LetterOut(Schema):
    kind: str = Field(description="文书类型：receipt、supplement、extension、consultation、fee、reply")
    title: str = Field(description="文书标题")
    issued: dt.date = Field(description="落款日期")
    docx: str = Field(description="最新一份该类文书的 Word 文件地址")
    pdf: str = Field(description="最新一份该类文书的 PDF 文件地址")


class ApplicationDetailOut(ApplicationOut):
    description: str = Field(description="申请公开的政府信息")
    events: list[dict[str, object]] = Field(description="办理事件，按登记顺序（与登记事件接口的格式相同）")
    explanation: list[str] = Field(description="答复期限的计算说明")
    letters: list[LetterOut] = Field(description="已生成的文书（每类只列最新一份）")


class IntakeIn(Schema):
    body: int | None = Field(None, description="受理机关的内部编号；只是一个机关的办理人员时可省略")
    number: str | None = Field(None, max_length=64, description="申请编号；省略时自动取该年度下一个编号，如 2024-007")
    name: str = Field(min_length=1, max_length=200, description="申请人姓名或名称")
    applicant: ApplicantType = Field(description="申请人类型（表三的列）")
    channel: Channel = Field(description="收到方式")
    received: IsoDate = Field(description="收到申请之日（YYYY-MM-DD；不能晚于今天）")
    description: str = Field(min_length=1, description="申请公开的政府信息")
    phone: str = Field("", max_length=40, description="联系电话")
    email: str = Field("", max_length=200, description="电子邮箱（可留空）")
    address: str = Field("", max_length=300, description="通讯地址")


class EventIn(Schema):
    """One event in the shape of the library's ``event_from_dict``; only the fields of that event type."""

    event: str = Field(description="事件类型", json_schema_extra={"enum": list(EVENT_TYPES)})
    date: IsoDate = Field(description="日期（YYYY-MM-DD；不能晚于今天，不能早于收到申请之日或上一个事件）")
    kind: ConsultationKind | None = Field(None, description="征求意见对象（consultation_started）")
    days: int | None = Field(None, description="延长工作日数（extension_approved）")
    approver: str | None = Field(None, description="批准人（extension_approved）")
    amount: Decimal | None = Field(None, description="收费金额（元）（fee_notice_issued）")
    delivered: IsoDate | None = Field(None, description="收费通知送达日期（fee_notice_issued，可省略）")
    outcome: str | None = Field(None, description="办理结果，即表三的行，如 granted（decided）")
    legal_basis: str | None = Field(None, description="依据（decided；省略时使用该办理结果的常用依据）")
