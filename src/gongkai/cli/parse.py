"""``gongkai parse``: read reports and print their tables."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from gongkai.batch import discover, parse_many
from gongkai.cli import app, output
from gongkai.cli.conventions import EXIT_OK, EXIT_USAGE
from gongkai.cli.display import print_report
from gongkai.cli.limits import limits, memory_option, timeout_option
from gongkai.model.serialize import report_to_dict


@app.command("parse")
def parse_command(
    paths: list[Path] = typer.Argument(
        ..., help="年度报告文件或目录（txt、md、html、docx、doc、pdf）。目录会递归查找。", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON（单元格数值、来源位置、警告）。"),
    sections: bool = typer.Option(
        False, "--sections", help="同时输出六个部分：表格显示时列出各部分标题，JSON 中加入 sections（标题与正文）。"),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="并行处理的进程数；0 表示使用全部 CPU 核。"),
    timeout: float = timeout_option(),
    memory: int = memory_option(),
) -> None:
    """解析年度报告，读出表二、表三、表四的每个单元格。

    示例：

      gongkai parse ../shared/corpus/seeds

      gongkai parse 报告.pdf --json > 结果.jsonl

    退出码：0 全部解析成功；2 有文件无法读取或不是支持的年度报告（其余文件照常处理）。
    在目录中找到的非年度报告文件（如 README.md）列为“跳过”，不影响退出码。
    """
    files = discover(paths)
    if not files:
        output.error("没有找到可解析的文件（支持 txt、md、html、docx、doc、pdf）")
        raise typer.Exit(EXIT_USAGE)
    failures = skipped = 0
    with output.progress(len(files), "解析中") as advance:
        for result in parse_many(files, jobs=jobs or None, limits=limits(timeout, memory)):
            advance(result.path.name)
            if result.skipped:
                skipped += 1
                assert result.error is not None
                if as_json:
                    sys.stdout.write(json.dumps({"file": str(result.path), "skipped": result.error.message},
                                                ensure_ascii=False) + "\n")
                output.skipped(str(result.error))
                continue
            if result.error is not None:
                failures += 1
                message = str(result.error)
                if as_json:
                    sys.stdout.write(json.dumps({"file": str(result.path), "error": result.error.message,
                                                 "error_type": type(result.error).__name__},
                                                ensure_ascii=False) + "\n")
                output.error(message)
                continue
            assert result.report is not None
            if as_json:
                sys.stdout.write(json.dumps(report_to_dict(result.report, sections=sections),
                                            ensure_ascii=False) + "\n")
                sys.stdout.flush()
                for notice in result.report.notices:  # warnings are always printed (stderr keeps stdout JSON)
                    output.warning(f"{result.path.name}：[{notice.code}] {notice.message}")
            else:
                print_report(sys.stdout, result.report, sections=sections)
    if len(files) > 1 and not as_json:
        done = len(files) - failures - skipped
        extra = f"，跳过 {skipped} 个" if skipped else ""
        output.note(f"共 {len(files)} 个文件：成功 {done} 个，失败 {failures} 个{extra}")
    raise typer.Exit(EXIT_USAGE if failures else EXIT_OK)
