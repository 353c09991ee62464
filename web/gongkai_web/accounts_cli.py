"""``gongkai web user add`` and ``gongkai web token``: accounts and API tokens for scripted set-up (a
command plugin, entry point ``web``). Django is set up inside the commands, as in :mod:`gongkai_web.cli`.

Exit codes: 0 done; 1 refused (the user exists or does not, a weak password, an unknown body); 2 usage or
database problems."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

import typer

from gongkai.cli.conventions import EXIT_ERRORS as EXIT_INVALID
from gongkai_web.cli import _command, _err
from gongkai_web.roles import ROLES


@contextmanager
def _refused() -> Iterator[None]:
    """An :class:`~gongkai_web.accounts.AccountError` → its message and exit code 1."""
    from gongkai_web.accounts import AccountError

    try:
        yield
    except AccountError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_INVALID) from None


#: The roles offered on the command line: the rows of the role table.
RoleName = StrEnum("RoleName", {name: name for name in ROLES})  # type: ignore[misc]
_ROLE_HELP = "角色：" + "；".join(f"{name}（{r.label}：{r.help}）" for name, r in ROLES.items()) + "。"


def user_add_command(
    name: str = typer.Argument(..., metavar="NAME", show_default=False, help="用户名（登录名）。"),
    role: RoleName = typer.Option(..., "--role", show_default=False,
                                  help=_ROLE_HELP),
    body: list[str] = typer.Option([], "--body", metavar="NAME", show_default=False,
                                   help="该用户办理的机关名称；可重复，如 --body 甲 --body 乙。"),
    email: str = typer.Option("", "--email", metavar="ADDRESS", show_default=False,
                              help="电子邮箱（每日到期提醒发到这里）。"),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="从标准输入读取密码（第一行）；不用此选项时生成一个密码并只显示一次。"),
) -> None:
    """新建用户：加入角色对应的用户组，并成为所给机关的办理人员。

    示例：

      gongkai web user add wangli --role clerk --body 某某县人民政府办公室

      echo '足够长的密码' | gongkai web user add zhaoming --role approver --body 某某镇人民政府 --password-stdin

    退出码：0 已创建；1 用户已存在、机关不存在或密码不符合要求；2 用法或数据库问题。
    """
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            _err("错误：标准输入中没有密码")
            raise typer.Exit(EXIT_INVALID)
    with _command(), _refused():
        from gongkai_web.accounts import user_add
        from gongkai_web.ledger.permissions import bodies_for

        user, generated = user_add(username=name, role=role.value, bodies=body, password=password, email=email)
        the_role = ROLES[role.value]
        scope = ("全部机关" if the_role.scope == "all" else
                 "、".join(b.name for b in bodies_for(user)) or "（尚未加入任何机关：请用 --body 指定）")
        _err(f"已创建用户 {user.username}（{the_role.label}），机关：{scope}")
        if generated:
            _err("初始密码（只显示这一次，请转交用户并提醒其登录后修改）：")
            typer.echo(generated)


def token_command(
    name: str = typer.Argument(..., metavar="NAME", show_default=False, help="用户名。"),
    label: str = typer.Option("", "--name", metavar="TEXT", show_default=False,
                              help="令牌的用途说明，如“统计脚本”。"),
    revoke: bool = typer.Option(False, "--revoke", help="吊销该用户的全部令牌（不生成新令牌）。"),
) -> None:
    """为用户生成一个接口令牌（只显示这一次；数据库中只保存其摘要），或用 --revoke 吊销其全部令牌。

    调用接口时在请求头中加入 Authorization: Bearer <令牌>；接口文档见网站的 /api/v1/docs。

    示例：

      gongkai web token wangli --name 统计脚本

      gongkai web token wangli --revoke

    退出码：0 完成；1 没有该用户；2 用法或数据库问题。
    """
    with _command(), _refused():
        from gongkai_web.accounts import AccountError, user_get
        from gongkai_web.api import tokens

        user = user_get(name)
        if revoke:
            n = tokens.tokens_revoke(user=user)
            _err(f"已吊销用户 {user.username} 的 {n} 个令牌")
            return
        if not user.is_active:
            raise AccountError(f"用户“{name}”已停用，不能生成令牌")
        _, plain = tokens.token_create(user=user, name=label)
        _err(f"用户 {user.username} 的新令牌（只显示这一次，请妥善保存）：")
        typer.echo(plain)


_WEB_HELP = "网站的用户和接口令牌（脚本化设置）。"


def register(app: typer.Typer) -> None:
    """Add ``gongkai web user add`` and ``gongkai web token`` to the ``gongkai`` app."""
    web = typer.Typer(name="web", help=_WEB_HELP, no_args_is_help=True, rich_markup_mode="rich")
    user = typer.Typer(name="user", help="网站用户。", no_args_is_help=True, rich_markup_mode="rich")
    user.command("add")(user_add_command)
    web.add_typer(user, name="user")
    web.command("token")(token_command)
    app.add_typer(web, name="web")
