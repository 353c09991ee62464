"""YAML report data files: a blank template with Chinese comments, and any report written as YAML.

The layout is the one :func:`gongkai.rendering.load.report_from_yaml` reads (docs/report-yaml.md).
"""

from __future__ import annotations

import json

from gongkai.model.format import BASIS_2019, BASIS_2021, T2_TITLE, T3_TITLE, T4_TITLE, TABLE_NAMES
from gongkai.model.keys import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, ReportFormat, T3Layout
from gongkai.model.report import AnnualReport, Number
from gongkai.rendering.view import SECTION_NUMERALS, SECTION_TITLES, build_view, format_number, report_title

PLACEHOLDER = "（在此填写"

_PLACEHOLDERS = {
    1: "（在此填写总体情况：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面的工作情况。"
       "各级人民政府还应写明工作考核、社会评议和责任追究结果情况。）",
    2: "",
    3: "",
    4: "",
    5: "（在此填写存在的主要问题及改进情况。）",
    6: "（在此填写其他需要报告的事项，如本年度收取信息处理费的情况。）",
}

_HEADER = """\
# 政府信息公开工作年度报告 数据文件（gongkai YAML）
#
# 填写后生成规定格式的报告：
#   gongkai render 本文件.yaml --to docx      （或 --to pdf、html、md）
# 生成前会自动检查勾稽关系等，发现错误级问题时拒绝生成并列出问题（加 --force 可强制生成）。
#
# 填写说明（完整说明见 docs/report-yaml.md）：
#   · 数字直接填写，没有发生的填 0；金额可带小数。写 null 表示该单元格空白（检查时会报告为未填写）。
#   · 表三每行 7 个数，依次为：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计。
#   · 表四每组 5 个数，依次为：结果维持、结果纠正、其他结果、尚未审结、总计。
#   · “#”之后是注释，不影响内容；请保持每行前面的空格缩进不变。
"""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: str) -> str:
    """A section text as a YAML literal block (``|``), or ``""`` when empty."""
    text = text.strip("\n")
    if not text.strip():
        return '""'
    lines = [(indent + ln) if ln.strip() else "" for ln in text.splitlines()]
    return "|\n" + "\n".join(lines)


def report_yaml(*, body: str, year: int, fmt: ReportFormat = ReportFormat.F2021, layout: T3Layout | None = None,
                values: dict[str, Number | None] | None = None, sections: dict[int, str] | None = None,
                published: str | None = None) -> str:
    """A complete report data file with comments. Cells missing from ``values`` are written as 0,
    sections missing from ``sections`` as placeholders."""
    if layout is None:
        layout = T3Layout.SPLIT if fmt is ReportFormat.F2021 else T3Layout.SINGLE
    values = values if values is not None else {}
    texts = {n: _PLACEHOLDERS[n] for n in range(1, 7)}
    if sections is not None:
        texts = {n: sections.get(n, "") for n in range(1, 7)}

    def v(key: str) -> str:
        value = values.get(key, 0)
        return "null" if value is None else format_number(value)

    fmt_note = (f"{BASIS_2021}，现行格式" if fmt is ReportFormat.F2021
                else f"{BASIS_2019}试行格式，2021 年度起已废止")
    out = [_HEADER]
    out.append(f"body: {_q(body)}        # 发布机关全称，标题为“{report_title(body, year)}”")
    out.append(f"year: {year}                  # 报告年度；统计期限为该年1月1日至12月31日")
    out.append(f'format: "{fmt.value}"              # 表格格式：{fmt_note}')
    out.append(f"published: {published or 'null'}             "
               f"# 落款日期（可选），如 {year + 1}-01-20；null 表示不写落款")
    out.append("")
    out.append("# 六个部分的正文（多段文字用空行分段）。二、三、四部分的表格由下面的 t2、t3、t4 生成，")
    out.append("# 这里只写表格之外的说明文字，可以留空（\"\"）。")
    out.append("sections:")
    for n in range(1, 7):
        out.append(f"  # {SECTION_TITLES[n]}")
        out.append(f"  {SECTION_NUMERALS[n - 1]}: {_block(texts[n], '    ')}")
    out.append("")
    out.append(f"# {TABLE_NAMES['t2']} {T2_TITLE}（按行填写，每行的列名见注释）")
    out.append("t2:")
    caption = None
    for row in T2_ROWS[fmt]:
        if row.caption != caption:
            caption = row.caption
            out.append(f"  # {caption}")
        out.append(f"  {row.key}:{' ' * max(1, 16 - len(row.key))}# {row.label}")
        for col, label, _ in row.columns:
            key = f"t2.{row.block}.{row.key}.{col}"
            out.append(f"    {col}: {v(key)}{' ' * max(1, 18 - len(col) - len(v(key)))}#   {label}")
    out.append("")
    out.append(f"# {TABLE_NAMES['t3']} {T3_TITLE}")
    out.append("# 每行 7 个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计")
    out.append("# 勾稽关系：每一列 一 + 二 = （七）总计 + 四；（七）总计 = 各项办理结果之和；总计列 = 前六列之和")
    out.append("t3:")
    layout_note = "（六）其他处理分 1–3 三行" if layout is T3Layout.SPLIT else "（六）其他处理只有一行"
    out.append(f"  layout: {layout.value}        # {layout_note}（split 或 single）")
    out.append("  rows:")
    group = None
    for t3_row in T3_ROWS[layout]:
        if t3_row.group and t3_row.group != group:
            out.append(f"    # {t3_row.group}")
        group = t3_row.group
        nums = ", ".join(v(f"t3.{t3_row.key}.{c}") for c, _ in T3_COLUMNS)
        pad = " " * max(1, 37 - len(t3_row.key))
        out.append(f"    {t3_row.key}:{pad}[{nums}]  # {t3_row.label}")
    out.append("")
    out.append(f"# {TABLE_NAMES['t4']} {T4_TITLE}")
    out.append("# 每组 5 个数：" + "、".join(label for _, label in T4_COLUMNS))
    out.append("t4:")
    for g, label in T4_GROUPS:
        nums = ", ".join(v(f"t4.{g}.{c}") for c, _ in T4_COLUMNS)
        out.append(f"  {g}:{' ' * max(1, 24 - len(g))}[{nums}]  # {label}")
    return "\n".join(out) + "\n"


def blank_template(*, body: str, year: int, fmt: ReportFormat = ReportFormat.F2021) -> str:
    """The file ``gongkai template`` writes: every cell 0, section placeholders, Chinese comments."""
    return report_yaml(body=body, year=year, fmt=fmt)


def report_to_yaml(report: AnnualReport) -> str:
    """Any report (parsed, or read from JSON) as an editable YAML data file: the section texts are the
    paragraphs the rendered report would print (tables and signature taken out)."""
    view = build_view(report)
    texts = {s.number: "\n\n".join((*s.before, *s.after)) for s in view.sections}
    published = report.published.isoformat() if report.published else None
    return report_yaml(body=view.body, year=view.year, fmt=view.format, layout=view.layout, values=report.values(),
                       sections=texts, published=published)
