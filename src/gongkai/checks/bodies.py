"""What kind of body issued a report, from its name: township, sub-district, department, government."""

from __future__ import annotations

import re
from enum import StrEnum

from gongkai.parsing.normalize import compact


class BodyType(StrEnum):
    TOWNSHIP = "township"  # 乡镇人民政府
    SUBDISTRICT = "subdistrict"  # 街道办事处
    DEPARTMENT = "department"  # 县级以上人民政府部门 (局、委员会、办公室 …)
    GOVERNMENT = "government"  # 县级以上地方人民政府（含开发区、实验区管委会）
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"township": "乡镇", "subdistrict": "街道", "department": "政府部门", "government": "县级以上人民政府",
                "unknown": "类型未知的机关"}[self.value]


_DEPARTMENT = re.compile(r"(局|委员会|委|办公室|办|厅|中心|署|院|所|处|站|队|馆|部)$")


def body_type(name: str | None) -> BodyType:
    if not name:
        return BodyType.UNKNOWN
    n = compact(name)
    if re.search(r"(镇|乡)(人民政府)?$", n):
        return BodyType.TOWNSHIP
    if re.search(r"街道(办事处)?$", n):
        return BodyType.SUBDISTRICT
    if re.search(r"(省|市|县|区|州|旗|盟)(人民政府)$", n) or re.search(r"(县|市|区|州|旗|盟)$", n):
        return BodyType.GOVERNMENT
    if re.search(r"管(理)?委(员)?会$", n):
        return BodyType.GOVERNMENT
    if _DEPARTMENT.search(n):
        return BodyType.DEPARTMENT
    return BodyType.UNKNOWN
