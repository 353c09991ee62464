"""``gongkai due`` and ``gongkai fee``: the ledger's deadline and fee calculators."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from gongkai.cli import app
from gongkai.cli.conventions import EXIT_USAGE
from gongkai.exceptions import GongkaiError
from gongkai.ledger import (
    CalendarError,
    Fee,
    LedgerError,
    Pause,
    PauseReason,
    WorkCalendar,
    due_date,
    fee_by_items,
    fee_by_pages,
    load_overrides,
)
from gongkai.ledger.calendar import fmt_day
from gongkai.ledger.dates import parse_date
from gongkai.ledger.deadlines import pause_between
from gongkai.readers.calendar import read_calendar_json


def _date(text: str, what: str) -> dt.date:
    return parse_date(text, what)  # the library's one parser: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日


def _pause(text: str) -> Pause:
    start, sep, end = text.partition("..")
    first = _date(start, "--pause 的开始日")
    return Pause(first, _date(end, "--pause 的结束日") if sep else first)


def _consultation(text: str, reason: PauseReason, option: str) -> Pause | None:
    """``SENT..ENDED`` → the days not counted, by the ledger's own rule (``pause_between``)."""
    sent, sep, ended = text.partition("..")
    if not sep:
        raise LedgerError(f"{option} 应写成 发出日..结束日，如 2024-10-08..2024-10-15，给出的是“{text[:40]}”")
    return pause_between(_date(sent, f"{option} 的发出日"), _date(ended, f"{option} 的结束日"), reason)


def _calendar(path: Path | None) -> WorkCalendar:
    if path is None:
        return WorkCalendar()
    data = read_calendar_json(path)
    if not isinstance(data, dict):
        raise CalendarError(f"补充日历 {path} 的内容应为 JSON 对象")
    return WorkCalendar(load_overrides(data))


def _fail(error: GongkaiError, as_json: bool) -> typer.Exit:
    if as_json:
        out: dict[str, object] = {"error": error.message, "error_type": type(error).__name__}
        if isinstance(error, CalendarError) and error.year is not None:
            out["year"] = error.year
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    Console(stderr=True, soft_wrap=True).print(Text("错误：", style="red") + Text(str(error)))
    return typer.Exit(EXIT_USAGE)


@app.command("due")
def due_command(
    received: str = typer.Argument(
        ..., metavar="RECEIVED_DATE", show_default=False,
        help="收到申请的日期，如 2024-03-01、2024/3/1、2024.3.1 或 2024年3月1日（按条例第三十一条确定："
             "当面提交之日、签收之日、双方确认之日）。"),
    extend: int = typer.Option(
        0, "--extend", metavar="N",
        help="经政府信息公开工作机构负责人同意延长的工作日数（只能延长一次；最多 20 个，"
             "2019-05-15 前收到的申请按 2007 年条例最多 15 个）。"),
    supplemented: str | None = typer.Option(None, "--supplemented", metavar="DATE", show_default=False,
                                            help="要求补正后，收到补正申请的日期：答复期限自其次日起重新计算。"),
    pause: list[str] = typer.Option([], "--pause", metavar="START..END", show_default=False,
                                    help="不计入期限的期间（征求第三方或其他机关意见等），含首尾两天；可重复给出。"),
    consultation: list[str] = typer.Option(
        [], "--consultation", metavar="SENT..ENDED", show_default=False,
        help="征求第三方意见：发出征求意见之日..收到意见（或期满）之日。与台账相同，发出当日照常计算，"
             "自次日起至结束日（含）不计入；可重复给出。"),
    agency: list[str] = typer.Option(
        [], "--agency-consultation", metavar="SENT..ENDED", show_default=False,
        help="征求其他机关意见，日子的算法同 --consultation（2007 年条例不扣除这段时间）。"),
    calendar_file: Path | None = typer.Option(None, "--calendar", metavar="FILE", show_default=False,
                                              help="补充日历（JSON），用于 2027 年及以后的节假日和调休安排。"),
    strict: bool = typer.Option(False, "--strict",
                                help="期限计算到尚未录入节假日的年份时报错退出（退出码 2），而不是给出暂定期限。"),
    as_json: bool = typer.Option(
        False, "--json", help="输出 JSON（due 答复期限、explanation 计算说明、provisional 是否暂定等字段）。"),
) -> None:
    """计算政府信息公开申请的答复期限，并逐条说明计算过程。

    收到申请当日不计入，自次日起计算 20 个工作日（条例第三十三条）；跳过周末和法定节假日，
    调休上班的周六、周日按工作日计算；补正后自收到补正申请的次日起重新计算（第三十条）；
    征求意见的时间不计入（第三十三条第三款）；延期最多 20 个工作日。

    2019-05-15 前收到的申请适用 2007 年条例（国务院令第492号）第二十四条：15 个工作日，延期最多
    15 个工作日，只有征求第三方意见的时间不计入。

    期限计算到尚未录入节假日安排的年份（如 2027 年）时，该年暂按只有周末休息计算，期限标为“暂定”，
    并在标准错误输出中提示；加 --strict 则报错退出。

    示例：

      gongkai due 2024-09-27

      gongkai due 2024-09-27 --extend 20 --pause 2024-10-08..2024-10-15

      gongkai due 2024/9/27 --consultation 2024-10-08..2024-10-15

      gongkai due 2024-09-27 --supplemented 2024-10-10 --json

      gongkai due 2026-12-20 --calendar 补充日历.json

    退出码：0 成功（暂定期限也是 0）；2 日期无效，或加 --strict 时超出已录入的工作日历。
    """
    try:
        consulted = [c for c in (*(_consultation(t, PauseReason.THIRD_PARTY, "--consultation") for t in consultation),
                                 *(_consultation(t, PauseReason.INTER_AGENCY, "--agency-consultation") for t in agency))
                     if c is not None]
        deadline = due_date(_date(received, "收到申请的日期"), calendar=_calendar(calendar_file),
                            supplemented=_date(supplemented, "--supplemented") if supplemented else None,
                            pauses=[*(_pause(p) for p in pause), *consulted], extension_days=extend, strict=strict)
    except GongkaiError as exc:
        raise _fail(exc, as_json) from None
    if deadline.assumed_years:
        years = "、".join(str(y) for y in deadline.assumed_years)
        Console(stderr=True, soft_wrap=True).print(
            Text("警告：", style="yellow")
            + Text(f"{years} 年的节假日安排尚未录入，答复期限 {deadline.due.isoformat()} 是暂按只有周末休息计算的"
                   "暂定期限；用 --calendar 给出补充日历可得确定的期限，加 --strict 则拒绝计算。"))
    if as_json:
        sys.stdout.write(json.dumps(deadline.to_dict(), ensure_ascii=False) + "\n")
        return
    out = Console(soft_wrap=True, highlight=False)
    out.print(Text("答复期限：", style="bold") + Text(fmt_day(deadline.due), style="bold green")
              + Text("（暂定）" if deadline.assumed_years else ""))
    for line in deadline.explanation:
        out.print(Text("  · ") + Text(line))


def _print_fee(fee: Fee) -> None:
    out = Console(soft_wrap=True, highlight=False)
    out.print(Text("信息处理费：", style="bold") + Text(f"{fee.amount} 元", style="bold green")
              + Text(f"（{fee.method.label}，{fee.quantity} {fee.method.unit}）"))
    for line in fee.explanation:
        out.print(Text("  · ") + Text(line))


@app.command("fee")
def fee_command(
    items: int | None = typer.Option(None, "--items", metavar="N", show_default=False,
                                     help="按件计收：同一申请人一个自然月内的申请件数。"),
    pages: int | None = typer.Option(None, "--pages", metavar="N", show_default=False,
                                     help="按量计收：提供信息的页数。"),
    already: int = typer.Option(0, "--already", metavar="N",
                                help="按件计收时，本月此前已计的件数（从第 N+1 件起累进）。"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON：金额、各档明细和说明。"),
) -> None:
    """计算信息处理费（国办函〔2020〕109号，超额累进），列出各档的件数或页数、单价和金额。

    按件计收：每月 1—10 件免费，11—30 件每件 100 元，31—40 件每件 200 元，此后每 10 件一档、每档加 100 元。
    按量计收：30 页以内免费，31—100 页每页 10 元，101—200 页每页 20 元，201 页以上每页 40 元。两种方式只能选一种。

    示例：

      gongkai fee --items 35

      gongkai fee --pages 250 --json

    退出码：0 成功；2 参数无效（--items 与 --pages 须且只能给一个，且为正整数）。
    """
    try:
        if (items is None) == (pages is None):
            raise LedgerError("请给出 --items 或 --pages 中的一个（两种计费方式只能选一种）")
        if pages is not None and already:
            raise LedgerError("--already 只用于按件计收（--items）")
        if items is not None:
            fee = fee_by_items(items, already=already)
        else:
            assert pages is not None  # exactly one of the two was checked above
            fee = fee_by_pages(pages)
    except GongkaiError as exc:
        raise _fail(exc, as_json) from None
    if as_json:
        sys.stdout.write(json.dumps(fee.to_dict(), ensure_ascii=False) + "\n")
    else:
        _print_fee(fee)
