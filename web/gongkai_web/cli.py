"""The command-line plugin: commands that need the ledger database, added to ``gongkai`` through the entry
point ``gongkai.commands`` (``ledger = "gongkai_web.cli:register"``).

* ``gongkai ledger init`` — create or upgrade the database and the user groups;
* ``gongkai ledger import FILE.xlsx|FILE.csv [--body NAME] [--dry-run] [--user NAME]``;
* ``gongkai ledger export [--body NAME] [--year Y] -o FILE.xlsx|FILE.csv``;
* ``gongkai report --body NAME --year Y [--to docx|pdf|html|md|json] [-o FILE]``.

Importing this module does not import Django: it is set up lazily inside the commands (so ``gongkai
--help`` stays fast and works without the ``web`` extra). The commands only open files, call the
library (``gongkai.ledger.tabular``, ``gongkai.rendering.render``, ``gongkai.checks.check_report``) and
the services/selectors, and print. Exit codes: 0 success; 1 invalid rows (nothing imported) or a report
with error-level findings; 2 usage, file or database problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from gongkai import GongkaiError, ReadError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
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
            raise typer.Exit(EXIT_INVALID) from None
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_USAGE) from None


def _err(text: str) -> None:
    typer.echo(text, err=True)


# -------------------------------------------------------------------------------------------- files


def _read_xlsx(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zipfile, KeyError, XML errors) for a broken file
        raise ReadError(f"无法读取 Excel 文件 {path}：{type(exc).__name__}: {exc}") from None
    sheets: dict[str, list[dict[str, Any]]] = {}
    headers: dict[str, list[str]] = {}
    try:
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            header, data = _split(rows, f"工作表“{ws.title}”")
            sheets[ws.title.strip()] = data
            headers[ws.title.strip()] = header
    finally:
        wb.close()
    return sheets, headers


def _split(rows: list[tuple[Any, ...]], where: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Header (row 1) and data rows as dicts; trailing blank rows dropped, inner ones kept (for numbering)."""
    if not rows:
        return [], []
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    named = [h for h in header if h]
    dupes = sorted({h for h in named if named.count(h) > 1})
    if dupes:
        raise ReadError(f"{where}第 1 行：列名重复：{'、'.join(dupes)}")
    data = [{h: (row[i] if i < len(row) else None) for i, h in enumerate(header) if h} for row in rows[1:]]
    while data and all(v is None or (isinstance(v, str) and not v.strip()) for v in data[-1].values()):
        data.pop()
    return header, data


def _read_csv(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string that reaches it in practice
        raise ReadError(f"{path} 既不是 UTF-8 也不是 GBK 编码")
    rows = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""))]
    header, data = _split([tuple(c if c != "" else None for c in r) for r in rows], "")
    return data, header


def _read(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]] | None, bool]:
    """(sheets, headers, is_csv)."""
    if not path.is_file():
        raise ReadError(f"文件不存在：{path}")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets, headers = _read_xlsx(path)
        return sheets, headers, False
    if suffix == ".csv":
        rows, header = _read_csv(path)
        return {"申请": rows}, {"申请": header}, True
    if suffix == ".xls":
        raise ReadError(f"{path}：不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx")
    raise ReadError(f"{path}：只支持 .xlsx 和 .csv 文件")


def _cell(value: object) -> object:
    return format(value, "f") if isinstance(value, Decimal) else value


def _write_xlsx(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from gongkai.ledger.tabular import SHEETS, headers_of

    wb = Workbook()
    wb.remove(wb.active)
    for name in SHEETS:
        ws = wb.create_sheet(name)
        names = headers_of(name)
        ws.append(list(names))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheets.get(name, []):
            ws.append([row.get(h) for h in names])
        for col, header in enumerate(names, start=1):
            letter = ws.cell(row=1, column=col).column_letter
            ws.column_dimensions[letter].width = max(10, 2 * len(header) + 4)
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    wb.save(path)


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    from gongkai.ledger.tabular import SHEET_APPLICATIONS, headers_of

    names = headers_of(SHEET_APPLICATIONS)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else
                         (row[h].isoformat() if isinstance(row[h], dt.date) else _cell(row[h])) for h in names])
    path.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")


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
) -> None:
    """导入台账：先逐行检查全部数据，任何一行有错误就不导入任何数据，并逐行说明错误。

    列的含义见 docs/ledger-import.md。每件申请的办理过程按《政府信息公开条例》的规则和工作日历检查
    （补正期限、延期、收费等）。

    示例：

      gongkai ledger import 2024年台账.xlsx --body 某某县人民政府办公室

      gongkai ledger import 申请登记.csv --dry-run

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
            if is_csv:
                ledger = tabular.rows_to_ledger(sheets["申请"], calendar=calendar, policy=policy,
                                                headers=(headers or {}).get("申请"))
            else:
                ledger = tabular.sheets_to_ledger(sheets, calendar=calendar, policy=policy, headers=headers)
            counts = services.ledger_import(user=actor, body=target, ledger=ledger, calendar=calendar,
                                            sheet=None if is_csv else tabular.SHEET_APPLICATIONS)
            if dry_run:
                transaction.set_rollback(True)
        shown = {k: v for k, v in counts.items() if v or k == "申请"}
        if dry_run:
            typer.echo(f"检查通过（试运行，未写入数据库）：{target.name}，{_counts(shown)}")
        else:
            note = "（新建机关）" if existing is None else ""
            typer.echo(f"已导入{target.name}{note}：{_counts(shown)}")


def export_command(
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE", show_default=False,
                                help="输出文件：.xlsx（全部工作表）或 .csv（只含申请）。"),
    body: str | None = typer.Option(None, "--body", metavar="NAME", show_default=False,
                                    help="机关名称；台账中只有一个机关时可省略。"),
    year: int | None = typer.Option(None, "--year", metavar="YEAR", show_default=False,
                                    help="只导出该年度报告所依据的数据（该年收到或结转的申请、该年的记录）。"),
) -> None:
    """导出台账，列与导入相同（导出后再导入到空数据库，得到相同的台账）。

    示例：

      gongkai ledger export -o 台账备份.xlsx

      gongkai ledger export --body 某某县人民政府办公室 --year 2024 -o 2024年申请.csv
    """
    with _command():
        from gongkai.ledger import tabular
        from gongkai_web.ledger import selectors

        target = selectors.body_get(name=body)
        ledger = selectors.ledger_for(body=target, year=year)
        sheets = tabular.ledger_to_sheets(ledger)
        suffix = output.suffix.lower()
        try:
            if suffix == ".xlsx":
                _write_xlsx(output, sheets)
                counts = ledger.counts()
            elif suffix == ".csv":
                _write_csv(output, sheets[tabular.SHEET_APPLICATIONS])
                counts = {tabular.SHEET_APPLICATIONS: len(ledger.applications)}
                left_out = sum(n for k, n in ledger.counts().items() if k != tabular.SHEET_APPLICATIONS)
                if left_out:
                    _err(f"提示：CSV 文件只含申请；另有 {left_out} 条规范性文件、行政决定、收费或复议诉讼记录未导出，"
                         "请导出为 .xlsx")
            else:
                raise ReadError(f"{output}：只能导出为 .xlsx 或 .csv 文件")
        except OSError as exc:
            raise ReadError(f"无法写入 {output}：{exc.strerror or exc}") from None
        typer.echo(f"已导出{target.name}{f' {year} 年度' if year else ''}：{_counts(counts)} → {output}")


class ReportFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    html = "html"
    md = "md"
    json = "json"


def report_command(
    body: str = typer.Option(..., "--body", metavar="NAME", show_default=False, help="机关名称。"),
    year: int = typer.Option(..., "--year", metavar="YEAR", show_default=False, help="报告年度，如 2024。"),
    to: ReportFormat = typer.Option(ReportFormat.docx, "--to", help="输出格式：docx、pdf、html、md 或 json。"),
    output: Path | None = typer.Option(None, "-o", "--output", metavar="FILE", show_default=False,
                                       help="输出文件（默认“机关名称+年度+年政府信息公开工作年度报告.格式”；"
                                            "- 表示标准输出）。"),
) -> None:
    """根据台账生成政府信息公开工作年度报告（2021 年格式），并检查报告。

    表二、表三、表四由台账统计得出；正文中标有【待填写】的内容需经办人补充。json 为报告的数据
    （与 gongkai parse --json 的报告数据结构相同）。

    示例：

      gongkai report --body 某某县人民政府办公室 --year 2024

      gongkai report --body 某某县人民政府办公室 --year 2024 --to pdf -o 2024年报.pdf

      gongkai report --body 某某县人民政府办公室 --year 2024 --to json -o -

    退出码：0 报告没有错误级问题；1 有错误级问题；2 台账、数据库或输出问题。
    """
    with _command():
        from gongkai import report_to_dict
        from gongkai.checks import Severity, check_report
        from gongkai.rendering import render
        from gongkai_web.ledger import selectors

        report = selectors.ledger_report(body=selectors.body_get(name=body), year=year)
        if to is ReportFormat.json:
            data = (json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        else:
            data = render(report, to.value)
        result = check_report(report)
        if output is not None and str(output) == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            target = "标准输出"
        else:
            path = output or Path(f"{body}{year}年政府信息公开工作年度报告.{to.value}")
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise ReadError(f"无法写入 {path}：{exc.strerror or exc}") from None
            target = str(path)
        counts = result.counts()
        _err(f"已生成{body} {year} 年度报告 → {target}")
        _err(f"检查：错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项")
        for f in result.filtered(Severity.WARNING):
            _err(f"  [{f.severity.label}] {f.code}：{f.message}")
    # a report from the ledger is a draft: its 【待填写】 placeholders are listed above, not a failure here
    if any(f.severity is Severity.ERROR and f.code != "placeholder-text" for f in result.findings):
        raise typer.Exit(EXIT_INVALID)


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
