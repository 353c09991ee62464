"""``gongkai check`` and ``gongkai checks``: find defects in reports; list the catalogue."""

from __future__ import annotations

import itertools
import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gongkai.api import load_all
from gongkai.batch import FileResult, check_many, discover
from gongkai.checks import CheckResult, Severity, check_reports, registry
from gongkai.checks.docs import catalogue_markdown
from gongkai.cli import app
from gongkai.cli.conventions import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from gongkai.cli.limits import limits, memory_option, timeout_option
from gongkai.cli.progress import file_progress
from gongkai.exceptions import GongkaiError
from gongkai.model.report import AnnualReport
from gongkai.readers.reportdata import is_report_data

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class MinSeverity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@app.command("check")
def check_command(
    paths: list[Path] = typer.Argument(
        ..., help="年度报告文件或目录，或 gongkai parse --json 输出的 JSON/JSONL、YAML 数据文件。"
                  "同一机关多个年度的报告一并给出时，会做跨年度检查。", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON（与库的检查结果相同）。"),
    min_severity: MinSeverity = typer.Option(MinSeverity.info, "--min-severity",
                                             help="只显示不低于该级别的结果：error、warning 或 info。"),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="并行处理的进程数；0 表示使用全部 CPU 核。"),
    timeout: float = timeout_option(),
    memory: int = memory_option(),
) -> None:
    """检查年度报告：勾稽关系、格式、正文与表格是否一致、年度与机关、发布时间、跨年度衔接。

    示例：

      gongkai check ../shared/corpus/seeds

      gongkai check 2023年报.pdf 2024年报.pdf --min-severity warning

      gongkai check 报告目录/ --json > 检查结果.jsonl

    退出码：0 没有错误级问题；1 发现错误级问题；2 有文件无法读取或不是支持的年度报告。
    在目录中找到的非年度报告文件（如 README.md）列为“跳过”，不影响退出码。
    """
    out, err = Console(soft_wrap=False), Console(stderr=True, soft_wrap=True)
    data_files = [p for p in paths if is_report_data(p)]  # parse --json output, YAML data: gongkai.load_all
    files = discover([p for p in paths if not is_report_data(p)]) if len(data_files) < len(paths) else []
    if not files and not data_files:
        err.print("[red]错误：[/red]没有找到可检查的文件（支持 txt、md、html、docx、doc、pdf，"
                  "以及 gongkai parse --json 输出的 .json/.jsonl 和 YAML 数据文件）")
        raise typer.Exit(EXIT_USAGE)
    failures, has_errors = 0, False
    summary: list[tuple[str, str, str, dict[str, int]]] = []  # the summary table's rows, not the results
    data_reports: list[AnnualReport] = []
    for data_file in data_files:
        try:
            data_reports.extend(load_all(data_file))
        except GongkaiError as exc:
            failures += 1
            err.print(f"[red]错误：[/red]{exc}", highlight=False)
            if as_json:
                sys.stdout.write(json.dumps({"file": str(data_file), "error": exc.message,
                                             "error_type": type(exc).__name__}, ensure_ascii=False) + "\n")
    level = Severity(min_severity.value)
    with file_progress(err, len(files), "检查中") as advance:
        done = check_many(files, lambda path: advance(path.name), jobs=jobs or None, limits=limits(timeout, memory))
    from_data = (FileResult(Path(c.report.source), report=c.report, check=c) for c in check_reports(data_reports))
    checked = itertools.chain(from_data, done)
    for result in checked:  # streamed in input order: only one check result is held at a time
        if result.check is not None:
            res = result.check
            has_errors = has_errors or res.has_errors
            if as_json:
                sys.stdout.write(json.dumps(res.to_dict(level), ensure_ascii=False) + "\n")
            else:
                _print_result(out, res, level)
            summary.append((Path(res.report.source).name, res.report.body or "—", str(res.report.year or "—"),
                            res.counts()))
            continue
        assert result.error is not None
        if result.skipped:
            err.print(f"[yellow]跳过：[/yellow]{result.error}", highlight=False)
            if as_json:
                sys.stdout.write(json.dumps({"file": str(result.path), "skipped": result.error.message},
                                            ensure_ascii=False) + "\n")
            continue
        failures += 1
        err.print(f"[red]错误：[/red]{result.error}", highlight=False)
        if as_json:
            sys.stdout.write(json.dumps({"file": str(result.path), "error": result.error.message,
                                         "error_type": type(result.error).__name__},
                                        ensure_ascii=False) + "\n")
    if len(summary) > 1 and not as_json:
        _print_summary(out, summary)
    if failures:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_ERRORS if has_errors else EXIT_OK)


def _print_result(console: Console, res: CheckResult, level: Severity) -> None:
    r = res.report
    console.rule(f"[bold]{r.source}")
    console.print(f"{r.body or '机关未识别'}  {r.year or '年度未识别'} 年度  "
                  f"{'格式 ' + r.format.value if r.format else '格式未知'}", highlight=False)
    if res.previous is not None:
        console.print(Text(f"跨年度检查：已与 {res.previous.year} 年度报告（{res.previous.source}）比较", style="dim"))
    shown = res.filtered(level)
    if not shown:
        console.print(Text("未发现问题" if not res.findings else "没有达到所选级别的问题", style="green"))
        return
    for sev in Severity:
        group = [f for f in shown if f.severity is sev]
        if not group:
            continue
        console.print(Text(f"{sev.label}（{len(group)}）", style=_STYLE[sev]))
        for f in group:
            console.print(Text("  ● ", style=_STYLE[sev]) + Text(f"[{f.code}] ", style="bold") + Text(f.message))
            for e in f.evidence[:6]:
                where = f"（{e.loc.describe()}）" if e.loc else ""
                quote = e.quote if len(e.quote) <= 70 else e.quote[:69] + "…"
                console.print(Text(f"      “{quote}”{where}", style="dim"))
            if len(f.evidence) > 6:
                console.print(Text(f"      …另有 {len(f.evidence) - 6} 处", style="dim"))


def _print_summary(console: Console, rows: list[tuple[str, str, str, dict[str, int]]]) -> None:
    table = Table(title="汇总", box=box.SIMPLE_HEAD, title_justify="left")
    for col, right in (("文件", False), ("机关", False), ("年度", True), ("错误", True), ("警告", True),
                       ("提示", True)):
        table.add_column(col, justify="right" if right else "left")
    for name, body, year, c in rows:
        table.add_row(name, body, year, Text(str(c["error"]), style="bold red" if c["error"] else ""),
                      str(c["warning"]), str(c["info"]))
    console.print(table)


@app.command("checks")
def checks_command(
    markdown: bool = typer.Option(False, "--markdown", help="输出 Markdown 格式的完整检查目录（即 docs/checks.md）。"),
) -> None:
    """列出全部检查项目（代码、级别、名称）。

    示例：

      gongkai checks

      gongkai checks --markdown > docs/checks.md
    """
    if markdown:
        sys.stdout.write(catalogue_markdown())
        return
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("代码")
    table.add_column("级别")
    table.add_column("名称")
    for code, cls in registry().items():
        table.add_row(code, Text(cls.severity.label, style=_STYLE[cls.severity]), cls.title)
    Console().print(table)
