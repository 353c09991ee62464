"""The finding catalogue as Markdown, generated from the registry (``docs/checks.md``)."""

from __future__ import annotations

from gongkai.checks.registry import registry

_FAMILY = {
    "arithmetic": "勾稽关系与数值 (arithmetic)",
    "structure": "结构：表格、部分、单元格 (structure)",
    "format": "格式与解析 (format)",
    "metadata": "年度、机关、发布时间 (metadata)",
    "content": "正文内容：占位文字、引用文件、年份 (content)",
    "narrative": "正文与表格 (narrative)",
    "crossyear": "跨年度，同一机关多年报告一并检查时 (cross-year)",
}


def catalogue_markdown() -> str:
    lines = [
        "# Finding catalogue (检查项目)",
        "",
        "Generated from the check registry by `gongkai checks --markdown`; do not edit by hand.",
        "Severity: **error** = a real defect of the published report; **warning** = probably a defect, or one",
        "the check cannot be sure of (the message says why); **info** = worth knowing.",
        "",
    ]
    family = None
    for code, cls in registry().items():
        fam = cls.__module__.rsplit(".", 1)[-1]
        if fam != family:
            family = fam
            lines += [f"## {_FAMILY.get(fam, fam)}", ""]
        lines += [
            f"### `{code}` — {cls.title}",
            "",
            f"- severity: **{cls.severity.value}**" + ("  (needs the previous year's report)" * cls.cross_year),
            f"- message: {cls.template}",
            "",
            cls.description,
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
