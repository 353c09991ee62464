"""The command-line plugin: commands that need the ledger database, added to ``gongkai`` through the entry
point ``gongkai.commands`` (``ledger = "gongkai_web.cli:register"``).

* ``gongkai ledger init`` — create or upgrade the database and the user groups;
* ``gongkai ledger import FILE.xlsx|FILE.csv [--body NAME] [--dry-run] [--user NAME]``;
* ``gongkai ledger export [--body NAME] [--year Y] -o FILE.xlsx|FILE.csv``;
* ``gongkai report --body NAME --year Y [--to docx|pdf|html|md|json] [-o FILE]``.

Importing this module does not import Django: it is set up lazily inside the commands (so ``gongkai
--help`` stays fast and works without the ``web`` extra). The commands only open files, call the
library (``gongkai.readers.tabular`` / ``gongkai.writers.tabular`` for the files, ``gongkai.ledger.tabular``,
``gongkai.rendering.render``, ``gongkai.checks.check_report``) and
the services/selectors, and print. Exit codes: 0 success; 1 invalid rows (nothing imported) or a report
with error-level findings; 2 usage, file or database problems.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from gongkai import GongkaiError, WriteError
from gongkai.cli.conventions import EXIT_ERRORS, EXIT_USAGE, FORCE_HELP, check_writable

if TYPE_CHECKING:
    from gongkai.ledger.ledger import Ledger

WEB_DIR = Path(__file__).resolve().parents[1]
DEFAULT_SETTINGS = "config.django.base"


class SetupError(GongkaiError):
    """Django or the database cannot be used (message in Chinese)."""


# ------------------------------------------------------------------------------------------- Django


def setup_django() -> None:
    """Configure Django once (project settings ``config.django.base`` unless DJANGO_SETTINGS_MODULE says
    otherwise) and create the SQLite file's directory. A no-op when Django is already set up (tests)."""
    try:
        import django
        from django.apps import apps
        from django.conf import settings
    except ImportError:
        raise SetupError("这个命令需要 Django：请安装 gongkai 的 web 附加依赖（pip install -e \".[web]\"）") from None
    if not settings.configured:
        if (WEB_DIR / "config").is_dir() and str(WEB_DIR) not in sys.path:
            sys.path.insert(0, str(WEB_DIR))  # web/config is not installed; it lives beside gongkai_web
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    if not apps.ready:
        try:
            django.setup()
        except ImportError as exc:
            raise SetupError(f"找不到台账网站的配置（{os.environ.get('DJANGO_SETTINGS_MODULE')}）：{exc}；"
                             "请在源码目录中以 pip install -e \".[web]\" 安装") from None
    from config.env import ensure_sqlite_dir

    ensure_sqlite_dir(settings.DATABASES)


def _database_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('USER') or ''}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _require_migrated() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise SetupError(f"台账数据库（{_database_label()}）尚未初始化或需要升级：请先运行 gongkai ledger init")


@contextmanager
def _command(*, migrated: bool = True) -> Iterator[None]:
    """Set Django up and turn the expected failures into one Chinese line and an exit code."""
    try:
        setup_django()
        from django.core.exceptions import PermissionDenied
        from django.db import Error as DatabaseError

        try:
            if migrated:
                _require_migrated()
            yield
        except DatabaseError as exc:
            raise SetupError(f"数据库错误（{_database_label()}）：{str(exc).strip()}") from None
        except PermissionDenied as exc:
            raise SetupError(f"没有权限：{exc}") from None
    except GongkaiError as exc:
        from gongkai.ledger.tabular import TabularError

        if isinstance(exc, TabularError):
            _err(f"错误：文件中有 {len(exc.errors)} 处错误，未导入任何数据：")
            for e in exc.errors:
                _err(f"  {e}")
            raise typer.Exit(EXIT_ERRORS) from None
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_USAGE) from None


def _err(text: str) -> None:
    typer.echo(text, err=True)


# -------------------------------------------------------------------------------------------- files


def _read(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]] | None, bool]:
    """(sheets, headers, is_csv), read by ``gongkai.readers.tabular`` (the only code that opens the file)."""
    from gongkai.ledger.tabular import SHEET_APPLICATIONS
    from gongkai.readers.tabular import read_sheets

    sheets = read_sheets(path, csv_sheet=SHEET_APPLICATIONS)
    return sheets.rows, sheets.headers, sheets.is_csv


def _write(path: Path, ledger: Ledger) -> dict[str, int]:
    """Write ``ledger`` by the suffix of ``path`` with ``gongkai.writers.tabular``; the counts written."""
    from gongkai.ledger.tabular import SHEET_APPLICATIONS, SHEETS, headers_of, ledger_to_sheets
    from gongkai.writers.tabular import write_csv, write_xlsx

    sheets = ledger_to_sheets(ledger)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(path, sheets, {name: headers_of(name) for name in SHEETS})
        return ledger.counts()
    if suffix == ".csv":
        write_csv(path, sheets[SHEET_APPLICATIONS], headers_of(SHEET_APPLICATIONS))
        left_out = sum(n for k, n in ledger.counts().items() if k != SHEET_APPLICATIONS)
        if left_out:
            _err(f"提示：CSV 文件只含申请；另有 {left_out} 条规范性文件、行政决定、收费或复议诉讼记录未导出，"
                 "请导出为 .xlsx")
        return {SHEET_APPLICATIONS: len(ledger.applications)}
    raise WriteError("只能导出为 .xlsx 或 .csv 文件", source=str(path))


def _counts(counts: dict[str, int]) -> str:
    units = {"申请": "件", "规范性文件": "件", "行政决定": "行", "收费": "行", "复议诉讼": "件"}
    return "、".join(f"{name} {n} {units.get(name, '')}".strip() for name, n in counts.items())


# ----------------------------------------------------------------------------------------- commands


def init_command() -> None:
    """初始化或升级台账数据库（建表、迁移），并创建用户组 clerk、approver、admin。

    数据库：默认是数据目录中的 SQLite 文件 ledger.sqlite3（GONGKAI_DATA_DIR，或 XDG_DATA_HOME/gongkai，
    或 ~/.local/share/gongkai）；设置 DATABASE_URL=postgresql://用户:密码@主机:端口/库名 时使用 PostgreSQL。

    示例：

      gongkai ledger init
    """
    with _command(migrated=False):
        from django.core.management import call_command

        from gongkai_web.ledger import services

        call_command("migrate", interactive=False, verbosity=0)
        groups = services.groups_setup()
        typer.echo(f"台账数据库已就绪：{_database_label()}")
        typer.echo("用户组：" + "、".join(f"{n}（{services.GROUPS[n][0].split('：')[0]}）" for n in groups))


def import_command(
    file: Path = typer.Argument(..., metavar="FILE", show_default=False,
                                help="台账文件：.xlsx（每种记录一个工作表）或 .csv（只含申请，UTF-8 或 GBK）。"),
    body: str | None = typer.Option(None, "--body", metavar="NAME", show_default=False,
                                    help="机关名称；台账中没有时新建。台账中只有一个机关时可省略。"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只检查，不写入数据库。"),
    user: str | None = typer.Option(None, "--user", metavar="USERNAME", show_default=False,
                                    help="以该用户的名义导入（检查其权限，写入操作记录）；默认记为“命令行”。"),
    update: bool = typer.Option(False, "--update",
                                help="更新模式：按申请编号对照台账，未变的行跳过，已有申请新增的办理事件追加登记，"
                                     "新的申请新增；改写已登记内容的行逐行说明原因，不导入任何数据。"),
) -> None:
    """导入台账：先逐行检查全部数据，任何一行有错误就不导入任何数据，并逐行说明全部错误。

    列的含义见 docs/ledger-import.md。每件申请的办理过程按《政府信息公开条例》的规则和工作日历检查
    （补正期限、延期、收费等）。未知的列提示后忽略。日期可写成 2024-03-01、2024/3/1、2024.3.1 或
    2024年3月1日。

    默认只导入新的申请（编号已在台账中的行报错）。加 --update 导入修改过的台账（如导出后编辑的文件）：
    只写入变化的部分——新的申请、已有申请新增的办理事件和申请内容，并列出新增、更新、未变的件数；
    导入不修改或删除已登记的申请信息和办理事件。

    示例：

      gongkai ledger import 2024年台账.xlsx --body 某某县人民政府办公室

      gongkai ledger import 申请登记.csv --dry-run

      gongkai ledger import 台账备份.xlsx --update

    退出码：0 成功；1 有错误的行（未导入任何数据）；2 文件或数据库问题。
    """
    with _command():
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from gongkai.ledger import tabular
        from gongkai_web.ledger import domain, models, selectors, services

        sheets, headers, is_csv = _read(file)
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise SetupError(f"没有用户“{user}”")
        calendar = selectors.calendar_get()
        with transaction.atomic():
            existing = models.Body.objects.filter(name=body.strip()).first() if body else selectors.body_get()
            target = existing or services.body_create(user=actor, name=body or "")
            policy = domain.policy_of(target)
            sheet = None if is_csv else tabular.SHEET_APPLICATIONS
            try:
                if is_csv:
                    ledger = tabular.rows_to_ledger(sheets["申请"], calendar=calendar, policy=policy,
                                                    headers=(headers or {}).get("申请"))
                else:
                    ledger = tabular.sheets_to_ledger(sheets, calendar=calendar, policy=policy, headers=headers)
            except tabular.TabularError as exc:  # every row error at once: add the numbers already taken
                taken = [] if update or existing is None else _taken(sheets.get(tabular.SHEET_APPLICATIONS, []),
                                                                      target, sheet)
                raise tabular.TabularError([*exc.errors, *taken]) from None
            for warning in ledger.warnings:
                _err(f"警告：{warning}")
            if update:
                summary = _import_update(actor, target, ledger, calendar, policy, sheet)
            else:
                counts = services.ledger_import(user=actor, body=target, ledger=ledger, calendar=calendar,
                                                sheet=sheet)
            if dry_run:
                transaction.set_rollback(True)
        if update:
            text = (f"新增申请 {summary['新增申请']} 件，更新申请 {summary['更新申请']} 件（新增办理事件 "
                    f"{summary['新增办理事件']} 个），未变申请 {summary['未变申请']} 件；"
                    f"新增记录 {summary['新增记录']} 条，未变记录 {summary['未变记录']} 条")
            head = "检查通过（试运行，未写入数据库）" if dry_run else "已更新"
            typer.echo(f"{head}{'：' if dry_run else ''}{target.name}：{text}")
            return
        shown = {k: v for k, v in counts.items() if v or k == "申请"}
        if dry_run:
            typer.echo(f"检查通过（试运行，未写入数据库）：{target.name}，{_counts(shown)}")
        else:
            note = "（新建机关）" if existing is None else ""
            typer.echo(f"已导入{target.name}{note}：{_counts(shown)}")


def _taken(rows: list[dict[str, Any]], target: Any, sheet: str | None) -> list[Any]:
    """Row errors for the 申请编号 of ``rows`` already in ``target``'s ledger (listed with the file's own
    errors, so that one run shows every problem)."""
    from gongkai.ledger.tabular import RowError
    from gongkai_web.ledger import models, services

    numbers = {n: str(r.get("编号") or r.get("申请编号") or "").strip() for n, r in enumerate(rows, start=2)}
    taken = set(models.Application.objects.filter(body=target, number__in=[v for v in numbers.values() if v])
                .values_list("number", flat=True))
    return [RowError(sheet, n, services.APPLICATION_NUMBER_TAKEN.format(number=v, body=target.name))
            for n, v in numbers.items() if v in taken]


def _import_update(actor: Any, target: Any, ledger: Any, calendar: Any, policy: Any,
                   sheet: str | None) -> dict[str, int]:
    """Write what an update-mode import changes (inside the caller's transaction): the library plans it
    (``gongkai.ledger.update.plan_update``: refused rows raise ``TabularError``), the services write the
    new applications and records, each new event and each changed 申请内容, with their audit rows."""
    from gongkai.ledger.tabular import RowError, TabularError
    from gongkai.ledger.update import plan_update
    from gongkai_web.ledger import models, selectors, services

    plan = plan_update(selectors.ledger_for(body=target), ledger, calendar=calendar, policy=policy, sheet=sheet)
    if any(plan.created.counts().values()):
        services.ledger_import(user=actor, body=target, ledger=plan.created, calendar=calendar, sheet=sheet)
    stored = {a.number: a for a in models.Application.objects.filter(
        body=target, number__in=[u.id for u in plan.updated])}
    for change in plan.updated:
        application = stored[change.id]
        try:
            if change.description is not None:
                services.application_update(user=actor, application=application, description=change.description)
            for event in change.events:
                services.application_add_event(user=actor, application=application, event=event, calendar=calendar)
        except GongkaiError as exc:  # the plan checked the rules already; a row error all the same, never a traceback
            raise TabularError([RowError(sheet, change.row, exc.message)]) from None
    return plan.summary()


def export_command(
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE", show_default=False,
                                help="输出文件：.xlsx（全部工作表）或 .csv（只含申请）。"),
    body: str | None = typer.Option(None, "--body", metavar="NAME", show_default=False,
                                    help="机关名称；台账中只有一个机关时可省略。"),
    year: int | None = typer.Option(None, "--year", metavar="YEAR", show_default=False,
                                    help="只导出该年度报告所依据的数据（该年收到或结转的申请、该年的记录）。"),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """导出台账，列与导入相同（导出后再导入到空数据库，得到相同的台账）。

    示例：

      gongkai ledger export -o 台账备份.xlsx

      gongkai ledger export --body 某某县人民政府办公室 --year 2024 -o 2024年申请.csv
    """
    with _command():
        from gongkai_web.ledger import selectors

        check_writable(output, force=force)
        target = selectors.body_get(name=body)
        ledger = selectors.ledger_for(body=target, year=year)
        counts = _write(output, ledger)
        typer.echo(f"已导出{target.name}{f' {year} 年度' if year else ''}：{_counts(counts)} → {output}")


class ReportOutput(StrEnum):
    """What ``gongkai report --to`` writes: a rendering format, or the report's JSON data."""

    docx = "docx"
    pdf = "pdf"
    html = "html"
    md = "md"
    json = "json"


def report_command(
    body: str = typer.Option(..., "--body", metavar="NAME", show_default=False, help="机关名称。"),
    year: int = typer.Option(..., "--year", metavar="YEAR", show_default=False, help="报告年度，如 2024。"),
    to: ReportOutput = typer.Option(ReportOutput.docx, "--to", help="输出格式：docx、pdf、html、md 或 json。"),
    output: Path | None = typer.Option(None, "-o", "--output", metavar="FILE", show_default=False,
                                       help="输出文件（默认为报告标题加格式扩展名，如“XX镇人民政府2024年政府信息公开工作年度报告.docx”；"
                                            "- 表示标准输出）。"),
    force: bool = typer.Option(False, "--force",
                               help="即使检查发现错误级问题也照常生成；输出文件已存在时覆盖它。"),
) -> None:
    """根据台账生成政府信息公开工作年度报告（2021 年格式），并检查报告。

    表二、表三、表四由台账统计得出；正文中标有【待填写】的内容需经办人补充。json 为报告的数据
    （与 gongkai parse --json 的报告数据结构相同）。

    示例：

      gongkai report --body 某某县人民政府办公室 --year 2024

      gongkai report --body 某某县人民政府办公室 --year 2024 --to pdf -o 2024年报.pdf

      gongkai report --body 某某县人民政府办公室 --year 2024 --to json -o -

    生成前先检查报告：有错误级问题时不写文件并列出问题（加 --force 照常生成）；输出文件已存在时不覆盖
    （加 --force 覆盖）。报告的提示和检查发现的警告、提示总是列在标准错误输出中；报告年度尚未结束时
    另有警告。

    退出码：0 已生成；1 有错误级问题，未生成；2 台账、数据库或输出问题（含输出文件已存在）。
    """
    with _command():
        from gongkai import report_to_dict
        from gongkai.checks import Severity, check_report
        from gongkai.cli.conventions import write_file
        from gongkai.model.format import report_title
        from gongkai.rendering import render
        from gongkai_web.ledger import selectors

        to_stdout = output is not None and str(output) == "-"
        path = output or Path(f"{report_title(body, year)}.{to.value}")
        if not to_stdout:
            check_writable(path, force=force)
        report = selectors.ledger_report(body=selectors.body_get(name=body), year=year)
        result = check_report(report)
        counts = result.counts()
        _report_warnings(report, result, year)
        # a report from the ledger is a draft: its 【待填写】 placeholders are listed, they do not block it
        blocking = [f for f in result.findings if f.severity is Severity.ERROR and f.code != "placeholder-text"]
        if blocking and not force:
            _err(f"检查发现 {counts['error']} 个错误级问题，未生成报告（加 --force 照常生成）：")
            for f in result.filtered(Severity.ERROR):
                _err(f"  [{f.severity.label}] {f.code}：{f.message}")
            raise typer.Exit(EXIT_ERRORS)
        if to is ReportOutput.json:
            data = (json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        else:
            data = render(report, to.value)
        if to_stdout:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            target = "标准输出"
        else:
            write_file(path, data, force=force)
            target = str(path)
        _err(f"已生成{body} {year} 年度报告 → {target}")
        _err(f"检查：错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项")
        for f in result.filtered(Severity.ERROR):  # written with --force: the errors too
            _err(f"  [{f.severity.label}] {f.code}：{f.message}")
    if blocking:  # generated with --force
        raise typer.Exit(EXIT_ERRORS)


def _report_warnings(report: Any, result: Any, year: int) -> None:
    """What ``gongkai report`` always prints on stderr, before writing or refusing: a warning when the
    year is not over (today in the project's time zone), the report's notices and the checks' warnings
    and hints (errors are listed where the command refuses or, with --force, after writing)."""
    from django.utils import timezone

    from gongkai.checks import Severity

    today = timezone.localdate()
    if year >= today.year:
        _err(f"警告：{year} 年尚未结束（今天是 {today.isoformat()}），报告只统计截至今天登记的数据；"
             f"年度结束、全部办理情况登记后请重新生成。")
    for notice in report.notices:
        _err(f"  [提示] {notice.code}：{notice.message}")
    for f in result.findings:
        if f.severity is not Severity.ERROR:
            _err(f"  [{f.severity.label}] {f.code}：{f.message}")


# ------------------------------------------------------------------------------------------ register

_LEDGER_HELP = "政府信息公开台账（数据库）：初始化、导入、导出。数据库设置见 docs/ledger.md。"


def register(app: typer.Typer) -> None:
    """Add ``gongkai ledger init|import|export`` and ``gongkai report`` to the ``gongkai`` app."""
    ledger = typer.Typer(name="ledger", help=_LEDGER_HELP, no_args_is_help=True, rich_markup_mode="rich")
    commands: dict[str, Callable[..., None]] = {"init": init_command, "import": import_command,
                                                "export": export_command}
    for name, fn in commands.items():
        ledger.command(name)(fn)
    app.add_typer(ledger, name="ledger")
    app.command("report")(report_command)
