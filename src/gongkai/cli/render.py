"""``gongkai render`` and ``gongkai template``: write a report in the official format from data."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from gongkai.api import load
from gongkai.checks import Severity, check_report
from gongkai.cli import app
from gongkai.cli.conventions import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, FORCE_HELP, check_writable, write_file
from gongkai.exceptions import GongkaiError
from gongkai.model.format import BASIS_2021
from gongkai.model.keys import ReportFormat
from gongkai.model.report import AnnualReport
from gongkai.model.serialize import YEAR_MAX, YEAR_MIN
from gongkai.readers.reportdata import JSON_SUFFIXES
from gongkai.rendering import (
    PLACEHOLDER,
    OutputFormat,
    RenderError,
    blank_template,
    render,
)


def load_report(path: Path) -> AnnualReport:
    """Read INPUT: parse output (JSON), a YAML data file, or any report file gongkai reads (``gongkai.load``)."""
    return load(path)


@app.command("render")
def render_command(
    source: Path = typer.Argument(
        ..., metavar="INPUT", show_default=False,
        help="输入：gongkai parse --json 的输出（.json）、YAML 数据文件（.yaml/.yml，可用 gongkai template 生成），"
             "或任何 gongkai 能读取的年度报告（txt、md、html、docx、doc、pdf，先解析再生成）。"),
    to: OutputFormat = typer.Option(..., "--to", "-t", help="输出格式：docx、pdf、html 或 md。", show_default=False),
    output: Path | None = typer.Option(
        None, "--output", "-o", show_default=False,
        help="输出文件。默认在当前目录，文件名为输入文件名加上输出格式的扩展名。"),
    force: bool = typer.Option(False, "--force", "-f",
                               help="即使检查发现错误级问题也照常生成；输出文件已存在时覆盖它。"),
) -> None:
    """按规定格式生成年度报告（Word、PDF、网页或 Markdown）。

    标题、前言、六个部分和表二、表三、表四按国办公开办函〔2021〕30号格式（或 2019 年试行格式）排版，
    表格使用规定的行列标签和合并单元格；生成的文件可以再由 gongkai parse 读回，数值完全一致。

    生成前先检查报告（与 gongkai check 相同）。发现错误级问题时拒绝生成并列出问题；加 --force 可强制生成。
    输出文件已存在时不会覆盖（退出码 2），加 --force 才覆盖。

    示例：

      gongkai template --year 2024 --body "XX镇人民政府" -o 年报.yaml

      gongkai render 年报.yaml --to docx

      gongkai parse 报告.pdf --json > 报告.json && gongkai render 报告.json --to html -o 报告.html

      gongkai render 报告.txt --to pdf --force

    退出码：0 已生成；1 检查发现错误级问题，未生成；2 输入无法读取、数据有误或输出文件已存在、无法写入。
    """
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    target = output if output is not None else Path.cwd() / f"{source.stem}.{to.value}"
    if target.resolve() == source.resolve():
        err.print(f"[red]错误：[/red]输出文件与输入文件相同（{target}），请用 -o 指定另一个文件名")
        raise typer.Exit(EXIT_USAGE)
    try:
        check_writable(target, force=force)
        report = load_report(source)
    except GongkaiError as exc:
        err.print(f"[red]错误：[/red]{exc}")
        raise typer.Exit(EXIT_USAGE) from None
    result = check_report(report)
    # a draft may be rendered to be proofread: placeholders left in are listed by `gongkai check`, not refused here
    errors = [f for f in result.findings if f.severity is Severity.ERROR and f.code != "placeholder-text"]
    if errors:
        title = (f"检查发现 {len(errors)} 个错误级问题" + ("，因使用 --force 仍然生成：" if force
                                                       else "，已拒绝生成："))
        err.print(Text(title, style="yellow" if force else "bold red"))
        for f in errors:
            err.print(Text("  ● ", style="red") + Text(f"[{f.code}] ", style="bold") + Text(f.message))
            for e in f.evidence[:3]:
                where = f"（{e.loc.describe()}）" if e.loc else ""
                err.print(Text(f"      “{e.quote}”{where}", style="dim"))
        if not force:
            err.print("请更正后重试，或加 --force 强制生成。完整检查结果：gongkai check " + str(source))
            raise typer.Exit(EXIT_ERRORS)
    if source.suffix.lower() in JSON_SUFFIXES and not report.sections:
        err.print(Text("提示：JSON 中没有正文（sections），生成的报告只有标题、前言和统计表；"
                       "用 gongkai parse --json --sections 输出的 JSON 可带上正文", style="yellow"))
    if any(PLACEHOLDER in s.text for s in report.sections):
        err.print(Text("提示：正文中还有未替换的占位文字“（在此填写……）”", style="yellow"))
    started = time.perf_counter()
    try:
        data = render(report, to)
    except RenderError as exc:
        err.print(f"[red]错误：[/red]{exc}")
        raise typer.Exit(EXIT_USAGE) from None
    elapsed = time.perf_counter() - started
    try:
        write_file(target, data, force=force)
    except GongkaiError as exc:
        err.print(f"[red]错误：[/red]{exc}")
        raise typer.Exit(EXIT_USAGE) from None
    err.print(f"已生成 {target}（{to.value}，{len(data) / 1024:.0f} KB，用时 {elapsed:.1f} 秒）")
    raise typer.Exit(EXIT_OK)


@app.command("template")
def template_command(
    year: int = typer.Option(..., "--year", "-y", min=YEAR_MIN, max=YEAR_MAX, help="报告年度，如 2024。",
                             show_default=False),
    body: str = typer.Option(..., "--body", "-b", help="发布机关全称，如“XX镇人民政府”。", show_default=False),
    output: Path | None = typer.Option(None, "--output", "-o", show_default=False,
                                       help="写入的 YAML 文件；不指定时输出到屏幕（标准输出）。"),
    fmt: ReportFormat = typer.Option(ReportFormat.F2021, "--format",
                                     help=f"表格格式：2021（现行，{BASIS_2021}）或 2019"
                                          "（已废止的试行格式）。"),
    force: bool = typer.Option(False, "--force", "-f", help=FORCE_HELP),
) -> None:
    """生成一份空白的年度报告数据文件（YAML）：所有单元格为 0，各部分为占位文字，附中文注释。

    填写后用 gongkai render 生成 Word、PDF、网页或 Markdown 格式的报告。字段说明见 docs/report-yaml.md。

    示例：

      gongkai template --year 2024 --body "XX镇人民政府" -o 年报.yaml

      gongkai template -y 2024 -b "XX县教育局" > 年报.yaml

    退出码：0 成功；2 输出文件已存在（加 --force 覆盖）或无法写入。
    """
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    body = body.strip()
    if not body:
        err.print("[red]错误：[/red]--body 不能为空")
        raise typer.Exit(EXIT_USAGE)
    text = blank_template(body=body, year=year, fmt=fmt)
    if output is None:
        typer.echo(text, nl=False)
        raise typer.Exit(EXIT_OK)
    try:
        write_file(output, text, force=force)
    except GongkaiError as exc:
        err.print(f"[red]错误：[/red]{exc}")
        raise typer.Exit(EXIT_USAGE) from None
    err.print(f"已生成 {output}。填写后运行：gongkai render {output} --to docx")
    raise typer.Exit(EXIT_OK)
