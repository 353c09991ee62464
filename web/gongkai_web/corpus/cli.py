"""``gongkai corpus …``: the national corpus of annual reports (a plugin, like ``gongkai ledger``).

Registered through the entry point ``corpus = "gongkai_web.corpus.cli:register"``. Importing this
module does not import Django; every command sets it up, creates or upgrades the database when needed
(no set-up: SQLite in the data directory, or ``DATABASE_URL``) and loads the body registry on first use.
Exit codes: 0 success; 1 some files could not be parsed (``add``/``recheck``); 2 usage, file or
database problems.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from gongkai import GongkaiError, defaults
from gongkai.cli.conventions import EXIT_ERRORS, EXIT_USAGE
from gongkai.cli.limits import memory_option, timeout_option

SCHEDULER_ENV = "GONGKAI_DASK_SCHEDULER"


def _err(text: str) -> None:
    typer.echo(text, err=True)


@contextmanager
def _command() -> Iterator[None]:
    """Django set up, the database migrated, the registry loaded; expected failures → one Chinese line."""
    from gongkai_web.cli import _database_label, setup_django

    try:
        setup_django()
        from django.db import Error as DatabaseError

        try:
            _migrate()
            from gongkai_web.corpus import services

            services.registry_load()
            yield
        except DatabaseError as exc:
            raise GongkaiError(f"数据库错误（{_database_label()}）：{str(exc).strip()}") from None
    except GongkaiError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_USAGE) from None


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def _engine(scheduler: str | None, workers: int, timeout: float = defaults.BATCH_TIMEOUT_S,
            memory: int = defaults.BATCH_MEMORY_BYTES // 1048576) -> Any:
    """The Dask engine when a scheduler is given (here or in the environment), else the local batch pool
    with the per-file limits (``memory`` in MB)."""
    from gongkai.batch import default_jobs
    from gongkai.cli.limits import limits
    from gongkai_web.corpus.engine import DaskEngine, LocalEngine

    address = scheduler or os.environ.get(SCHEDULER_ENV, "").strip()
    if address:
        try:
            return DaskEngine(address)
        except (OSError, TimeoutError) as exc:
            raise GongkaiError(f"无法连接 Dask 调度器 {address}：{exc}") from None
    return LocalEngine(workers or default_jobs(), limits(timeout, memory))


@contextmanager
def _progress() -> Iterator[tuple[Callable[[str], None], Callable[[int, int, str], None]]]:
    """One live display (rich allows one at a time) with two lines: files stored (phase 1 of ``add``)
    and reports parsed and checked. Shown on a terminal only."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    progress = Progress(TextColumn("[bold]{task.fields[verb]}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), TextColumn("{task.description}"), console=console, transient=True,
                        disable=not console.is_terminal)
    with progress:
        storing = progress.add_task("", total=None, verb="保存文件")
        checking = progress.add_task("", total=None, verb="解析与检查", visible=False)

        def stored(name: str) -> None:
            progress.update(storing, advance=1, description=Path(name).name[-40:])

        def advance(done: int, total: int, name: str) -> None:
            progress.update(checking, completed=done, total=total, visible=True, description=Path(name).name[-40:])

        yield stored, advance


def _print_summary(summary: Any, verb: str, *, files: bool = True) -> None:
    stored = f"新文件 {summary.files_new} 个，已有 {summary.files_known} 个；" if files else ""
    typer.echo(f"{verb}：{stored}处理 {summary.processed} 份，成功 {summary.ok} 份，失败 {summary.failed} 份"
               + (f"，跳过 {len(summary.skipped)} 个非年度报告文件" if summary.skipped else "")
               + (f"，重试 {summary.retried} 次" if summary.retried else ""))
    for name, reason in summary.skipped:
        _err(f"跳过：{name}：{reason}")
    if summary.errors:
        _err(f"以下 {len(summary.errors)} 个文件未能入库或解析：")
        for name, reason in summary.errors:
            _err(f"  {name}：{reason}")


# ----------------------------------------------------------------------------------------- commands

_SCHEDULER_HELP = f"Dask 调度器地址，如 tcp://10.0.0.5:8786（也可用环境变量 {SCHEDULER_ENV}）；默认在本机多进程处理。"


def add_command(
    paths: list[Path] = typer.Argument(..., metavar="FILE|DIR|ZIP...", show_default=False,
                                       help="报告文件、目录（递归查找）或 ZIP 压缩包。"),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="tcp://HOST:PORT", show_default=False,
                                         help=_SCHEDULER_HELP),
    workers: int = typer.Option(0, "--workers", "-j", metavar="N", help="本机进程数（默认为 CPU 核数）。"),
    chunk: int = typer.Option(16, "--chunk", metavar="N", help="每个任务包含的文件数。"),
    timeout: float = timeout_option("本机进程"),
    memory: int = memory_option("本机进程"),
) -> None:
    """把年度报告加入年报库：保存文件（按 sha256 去重），解析、检查，并与机关名录匹配。

    同一文件再次加入不会改变任何内容；同一机关同一年度的新文件作为新版本保存，最新的为现行版本。
    中断后再次运行即可继续处理未完成的文件。

    示例：

      gongkai corpus add 年报目录/ 2024年报.zip

      gongkai corpus add 年报目录/ --scheduler tcp://10.0.0.5:8786

    退出码：0 全部成功；1 有文件无法读取或解析（逐个列出）；2 用法或数据库问题。
    不是年度报告的文件（如 README.md）列为“跳过”，不影响退出码。
    """
    with _command():
        from gongkai_web.corpus import services

        engine = _engine(scheduler, workers, timeout, memory)
        try:
            with _progress() as (stored, advance):
                summary = services.add(paths, engine, chunk_size=max(1, chunk), on_file=stored, progress=advance)
        finally:
            engine.close()
        _print_summary(summary, "入库完成")
    if summary.errors:
        raise typer.Exit(EXIT_ERRORS)


def recheck_command(
    everything: bool = typer.Option(False, "--all", help="全部重新解析和检查（默认只处理过期的）。"),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="tcp://HOST:PORT", show_default=False,
                                         help=_SCHEDULER_HELP),
    workers: int = typer.Option(0, "--workers", "-j", metavar="N", help="本机进程数（默认为 CPU 核数）。"),
    chunk: int = typer.Option(16, "--chunk", metavar="N", help="每个任务包含的文件数。"),
    timeout: float = timeout_option("本机进程"),
    memory: int = memory_option("本机进程"),
) -> None:
    """重新解析和检查：只处理由其他 gongkai 版本或其他检查目录版本得出结果的报告、未完成的报告，以及因工作进程
    退出而失败的文件。

    示例：

      gongkai corpus recheck

      gongkai corpus recheck --all --scheduler tcp://10.0.0.5:8786
    """
    with _command():
        from gongkai_web.corpus import services

        engine = _engine(scheduler, workers, timeout, memory)
        try:
            with _progress() as (_, advance):
                summary = services.recheck(engine, everything=everything, chunk_size=max(1, chunk), progress=advance)
        finally:
            engine.close()
        _print_summary(summary, "重新检查完成", files=False)
    if summary.errors:
        raise typer.Exit(EXIT_ERRORS)


def bodies_list_command(
    unmatched: bool = typer.Option(False, "--unmatched", help="只列出未能匹配机关的报告中的名称（待人工确认）。"),
    review: bool = typer.Option(False, "--review", help="只列出模糊匹配的名称（建议人工复核）。"),
    under: str | None = typer.Option(None, "--under", metavar="REGION", show_default=False,
                                     help="只列出该地区（名称或区划代码）内的机关。"),
    with_reports: bool = typer.Option(False, "--with-reports", help="只列出有报告的机关。"),
    limit: int = typer.Option(200, "--limit", metavar="N", help="最多列出的行数（0 为不限）。"),
) -> None:
    """列出机关名录，或列出需要人工确认的机关名称。

    示例：

      gongkai corpus bodies list --unmatched

      gongkai corpus bodies list --under 遂平县
    """
    with _command():
        from django.db.models import Count

        from gongkai_web.corpus import registry, selectors
        from gongkai_web.corpus.models import CorpusReport

        if unmatched or review:
            qs = CorpusReport.objects.filter(status=CorpusReport.OK)
            qs = qs.filter(body__isnull=True) if unmatched else qs.filter(match_method="fuzzy")
            rows = qs.values_list("body_printed", "match_candidates", "body__full_name", "match_confidence") \
                .annotate(n=Count("pk")).order_by("body_printed")
            divisions = registry.divisions()
            for printed, candidates, matched, confidence, n in rows:
                label = printed or "（报告中未识别出机关名称）"
                if matched:
                    typer.echo(f"{label}\t→ {matched}（置信度 {confidence:.2f}）\t{n} 份")
                    continue
                options = [c for c in candidates.split(",") if c]
                shown = "、".join(f"{divisions.full_name(c)}（{c.ljust(12, '0')}）" for c in options[:6]
                                 if c in divisions.by_code) if options else "无候选"
                typer.echo(f"{label}\t{n} 份\t候选：{shown}")
            return
        bodies = selectors.bodies_under(selectors.region(under)).annotate(n=Count("reports")).order_by("prefix", "name")
        if with_reports:
            bodies = bodies.filter(n__gt=0)
        total = bodies.count()
        for body in (bodies[:limit] if limit else bodies):
            typer.echo(f"{body.code or '#' + str(body.pk)}\t{body.level}\t{body.full_name}\t{body.n} 份报告")
        if limit and total > limit:
            _err(f"（共 {total} 个，只列出前 {limit} 个；用 --limit 0 列出全部）")


def bodies_resolve_command(
    name: str = typer.Argument(..., metavar="NAME", show_default=False, help="报告中印的机关名称。"),
    to: str = typer.Option(..., "--to", metavar="BODY", show_default=False,
                           help="对应的机关：12 位区划代码、#编号或全称。"),
) -> None:
    """人工确认：报告中印的名称 NAME 就是机关 BODY（保存为别名，已有和以后的报告都按此匹配）。

    示例：

      gongkai corpus bodies resolve 平潭综合实验区 --to 350128000000
    """
    with _command():
        from gongkai_web.corpus import services

        target = services.find_body(to)
        n = services.resolve(name, target)
        typer.echo(f"已确认：“{name}”即 {target.full_name}；关联报告 {n} 份")


def bodies_merge_command(
    source: str = typer.Argument(..., metavar="BODY", show_default=False, help="要并入的机关（#编号或全称）。"),
    into: str = typer.Option(..., "--into", metavar="BODY", show_default=False, help="保留的机关。"),
) -> None:
    """合并同一机关的两条记录（如 上海市科委 与 上海市科学技术委员会）：报告与别名移到保留的机关。

    示例：

      gongkai corpus bodies merge "#45012" --into 上海市科学技术委员会
    """
    with _command():
        from gongkai_web.corpus import services

        src, dst = services.find_body(source), services.find_body(into)
        n = services.merge(src, dst)
        typer.echo(f"已合并：{src.full_name} → {dst.full_name}；移动报告 {n} 份")


def missing_command(
    year: int = typer.Option(..., "--year", metavar="YEAR", show_default=False, help="报告年度。"),
    under: str | None = typer.Option(None, "--under", metavar="REGION", show_default=False,
                                     help="地区：名称（如 遂平县、河南省驻马店市）或区划代码。"),
    level: list[str] = typer.Option([], "--level", metavar="LEVEL", show_default=False,
                                    help="只看这些层级（省/市/县/乡镇/街道/部门/其他，可重复）。"),
    limit: int = typer.Option(0, "--limit", metavar="N", help="最多列出的行数（0 为不限）。"),
) -> None:
    """列出名录中该年度没有报告的机关。

    示例：

      gongkai corpus missing --year 2024 --under 遂平县

      gongkai corpus missing --year 2024 --under 河南省 --level 乡镇 --level 街道
    """
    with _command():
        from gongkai_web.corpus import selectors

        area = selectors.region(under)
        qs = selectors.missing(year, area, level)
        total = qs.count()
        for body in (qs[:limit] if limit else qs.iterator(chunk_size=5000)):
            typer.echo(f"{body.code or '#' + str(body.pk)}\t{body.level}\t{body.full_name}")
        where = area.full_name if area else "全国"
        _err(f"{where} {year} 年度没有报告的机关：{total} 个")


def compare_command(
    year: int = typer.Option(..., "--year", metavar="YEAR", show_default=False, help="报告年度。"),
    under: str | None = typer.Option(None, "--under", metavar="REGION", show_default=False,
                                     help="地区：名称或区划代码。"),
    key: list[str] = typer.Option(
        [], "--key", metavar="KEY", show_default=False,
        help="要比较的单元格（如 t3.new.total，可重复）；默认为新收申请、办理、复议、诉讼总数。"),
    as_csv: bool = typer.Option(False, "--csv", help="输出 CSV（便于导入表格软件）。"),
) -> None:
    """比较各机关同一年度的数据（现行版本），每项数据给出排名（1 为最大）。

    示例：

      gongkai corpus compare --year 2024 --under 淮安市 --key t3.new.total --key t3.granted.total
    """
    with _command():
        from gongkai.model import ReportFormat
        from gongkai.model.keys import cell_keys
        from gongkai_web.corpus import selectors

        keys = key or list(selectors.DEFAULT_COMPARE_KEYS)
        known = set(cell_keys(ReportFormat.F2021)) | set(cell_keys(ReportFormat.F2019))
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise GongkaiError(f"未知的单元格：{'、'.join(unknown)}（键名见 docs/corpus.md 与格式说明）")
        rows = selectors.compare(year, selectors.region(under), keys)
        if as_csv:
            import csv

            writer = csv.writer(sys.stdout)
            writer.writerow(["body", "body_code", "level", *[c for k in keys for c in (k, f"{k}.rank")]])
            for r in rows:
                writer.writerow([r.body, r.code, r.level,
                                 *[_plain(x) for k in keys for x in (r.values[k], r.ranks[k])]])
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{year} 年度比较（{len(rows)} 个机关）")
        table.add_column("机关")
        table.add_column("区划代码")
        for k in keys:
            table.add_column(k, justify="right")
        for r in rows:
            table.add_row(r.body, r.code, *[f"{_plain(r.values[k])}（第 {r.ranks[k]} 名）" if r.ranks[k] else "—"
                                            for k in keys])
        Console().print(table)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    return str(value)


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


def export_command(
    to: ExportFormat = typer.Option(..., "--to", show_default=False, help="格式：csv、xlsx 或 parquet。"),
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE", show_default=False, help="输出文件。"),
    cells: bool = typer.Option(False, "--cells", help="单元格（默认）：长表，每个单元格一行。"),
    findings: bool = typer.Option(False, "--findings", help="检查发现：每条发现一行。"),
    reports: bool = typer.Option(False, "--reports", help="报告：每份报告一行。"),
    wide: bool = typer.Option(False, "--wide", help="单元格宽表：每份报告一行，每个单元格一列。"),
    current: bool = typer.Option(False, "--current", help="只导出现行版本。"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件。"),
) -> None:
    """导出年报库：单元格（长表或宽表）、检查发现或报告，格式为 CSV、XLSX 或 Parquet（DuckDB、pandas 可直接读取）。

    各列的含义见 docs/corpus.md。

    示例：

      gongkai corpus export --to parquet -o 年报单元格.parquet

      gongkai corpus export --to xlsx --findings -o 检查发现.xlsx
    """
    with _command():
        from gongkai_web.corpus import export, selectors

        chosen = [n for n, flag in (("cells", cells or wide), ("findings", findings), ("reports", reports)) if flag]
        if len(chosen) > 1:
            raise GongkaiError("--cells/--wide、--findings、--reports 只能选一个")
        what = chosen[0] if chosen else "cells"
        if output.exists() and not force:
            raise GongkaiError(f"输出文件已存在：{output}（用 --force 覆盖）")
        if what == "cells" and wide:
            keys = selectors.cell_keys_in_store()
            columns = [(c, t) for c, t in (("body", "VARCHAR"), ("body_code", "VARCHAR"), ("year", "INTEGER"),
                                          ("format", "VARCHAR"), ("version", "INTEGER"), ("is_current", "BOOLEAN"),
                                          ("file_sha256", "VARCHAR"))] + [(k, "DOUBLE") for k in keys]
            rows = selectors.wide_rows(keys, current_only=current)
        elif what == "cells":
            columns, rows = list(selectors.CELL_COLUMNS), selectors.cell_rows(current_only=current)
        elif what == "findings":
            columns, rows = list(selectors.FINDING_COLUMNS), selectors.finding_rows()
        else:
            columns, rows = list(selectors.REPORT_COLUMNS), selectors.report_rows()
        n = export.write(output, to.value, columns, rows)
        label = {"cells": "单元格", "findings": "检查发现", "reports": "报告"}[what]
        typer.echo(f"已导出{label} {n} 行 → {output}")


def stats_command(
    as_json: bool = typer.Option(False, "--json", help="输出 JSON。"),
) -> None:
    """年报库概况：文件、报告（按状态、年度）、机关匹配、单元格与检查发现。"""
    with _command():
        from gongkai_web.cli import _database_label
        from gongkai_web.corpus import selectors

        s = selectors.stats()
        if as_json:
            typer.echo(json.dumps(s, ensure_ascii=False, default=str, indent=2))
            return
        status = {"ok": "已解析", "failed": "失败", "pending": "待处理"}
        typer.echo(f"数据库：{_database_label()}")
        typer.echo(f"文件：{s['files']} 个，{s['bytes'] / 1024 / 1024:.1f} MB")
        typer.echo("报告：" + ("、".join(f"{status.get(k, k)} {v}" for k, v in s["reports"].items()) or "无"))
        typer.echo("年度：" + ("、".join(f"{k or '未知'} 年 {v} 份" for k, v in s["years"].items()) or "无"))
        typer.echo("机关匹配：" + ("、".join(f"{k or '—'} {v}" for k, v in s["match"].items()) or "无")
                   + f"；未匹配 {s['unmatched']} 份，待复核 {s['review']} 份")
        typer.echo(f"机关名录：行政区划 {s['bodies_registry']} 个，其他机关 {s['bodies_other']} 个")
        typer.echo(f"单元格：{s['cells']} 个；多版本报告：{s['versions']} 份")
        typer.echo("检查发现：" + ("、".join(f"{k} {v}" for k, v in s["findings"].items()) or "无"))
        if s["top_codes"]:
            typer.echo("最常见：" + "、".join(f"{c} {n}" for c, n in s["top_codes"]))


# ------------------------------------------------------------------------------------------ register

_HELP = ("全国年报库：保存、解析、检查和比较大量年度报告（机关名录、缺报、比较、导出，可在 Dask 集群上处理）。"
         "数据库与 gongkai ledger 相同（默认 SQLite，DATABASE_URL 可指定 PostgreSQL）。")


def register(app: typer.Typer) -> None:
    """Add ``gongkai corpus …`` to the ``gongkai`` app."""
    corpus = typer.Typer(name="corpus", help=_HELP, no_args_is_help=True, rich_markup_mode="rich")
    corpus.command("add")(add_command)
    corpus.command("recheck")(recheck_command)
    bodies = typer.Typer(name="bodies", help="机关名录：列出、人工确认名称、合并。", no_args_is_help=True)
    bodies.command("list")(bodies_list_command)
    bodies.command("resolve")(bodies_resolve_command)
    bodies.command("merge")(bodies_merge_command)
    corpus.add_typer(bodies, name="bodies")
    corpus.command("missing")(missing_command)
    corpus.command("compare")(compare_command)
    corpus.command("export")(export_command)
    corpus.command("stats")(stats_command)
    app.add_typer(corpus, name="corpus")
