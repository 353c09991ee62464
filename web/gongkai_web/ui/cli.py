"""``gongkai serve``: start the web desks on this machine (a command plugin, entry point ``serve``).

The first run creates (or upgrades) the database and a secret key kept in the data directory; then the
WSGI server (gunicorn) serves the site on 127.0.0.1 until Ctrl+C. Nothing else to set up: the embedded
SQLite database is the default, ``DATABASE_URL`` selects PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import typer

from gongkai.cli.conventions import EXIT_USAGE


def _err(text: str) -> None:
    typer.echo(text, err=True)


def ensure_secret_key(data_dir: Path) -> None:
    """Unless ``$GONGKAI_SECRET_KEY`` is set, make sure the data directory holds a generated secret key (mode
    0600; read by the settings through ``config.env.stored_secret_key``), so sessions survive a restart and
    ``manage.py`` commands work with the same key."""
    if os.environ.get("GONGKAI_SECRET_KEY", "").strip():
        return
    from config.env import SECRET_KEY_FILE

    path = data_dir / SECRET_KEY_FILE
    if path.is_file() and path.read_text(encoding="ascii", errors="replace").strip():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(50) + "\n")


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _wait_listening(host: str, port: int, proc: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a child process: SIGTERM, then SIGKILL after 10 s. A no-op once it has exited."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def serve_command(
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, metavar="PORT", help="监听端口。"),
    host: str = typer.Option("127.0.0.1", "--host", metavar="HOST",
                             help="监听地址；默认只接受本机访问。局域网使用时设为本机的内网地址，并设置 "
                                  "GONGKAI_ALLOWED_HOSTS。"),
    workers: int = typer.Option(2, "--workers", min=1, max=64, metavar="N", help="网站进程数。"),
) -> None:
    """启动网站（审查台、办理台与台账管理），默认地址 http://127.0.0.1:8000/ 。

    第一次运行时自动创建数据库（默认是数据目录中的 SQLite 文件；设置 DATABASE_URL 时使用 PostgreSQL）
    和网站密钥，并提示如何创建第一个用户。按 Ctrl+C 停止。

    示例：

      gongkai serve

      gongkai serve --port 8080
    """
    from gongkai_web.cli import SetupError, _database_label, setup_django

    try:
        setup_django()
    except SetupError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_USAGE) from None
    from config import env as web_env  # web/config is put on sys.path by setup_django()

    ensure_secret_key(web_env.data_dir())
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        _err("错误：找不到 gunicorn：请安装 gongkai 的 web 附加依赖（pip install -e \".[web]\"）")
        raise typer.Exit(EXIT_USAGE)
    if not port_free(host, port):
        _err(f"错误：端口 {host}:{port} 已被占用：请用 --port 换一个端口，或先停止占用它的程序")
        raise typer.Exit(EXIT_USAGE)

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import Error as DatabaseError

    from gongkai_web.ledger import services

    try:
        call_command("migrate", interactive=False, verbosity=0)
        services.groups_setup()
        from gongkai_web.review.permissions import groups_setup as review_groups_setup

        review_groups_setup()
        call_command("collectstatic", interactive=False, verbosity=0)
        has_users = get_user_model().objects.exists()
    except DatabaseError as exc:
        _err(f"错误：数据库（{_database_label()}）不可用：{str(exc).strip()}")
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"数据库：{_database_label()}")

    web_dir = Path(__file__).resolve().parents[2]
    args = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "--chdir", str(web_dir),
            "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", "4",
            "--access-logfile", "-", "--error-logfile", "-", "--log-level", "warning"]
    child_env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                                        "config.django.base")}
    proc = subprocess.Popen(args, env=child_env)
    # The background worker of the review desk's batches (django-tasks' database queue), stopped with the site.
    worker = subprocess.Popen([sys.executable, str(web_dir / "manage.py"), "db_worker", "--no-reload",
                               "--interval", "1"], env=child_env, cwd=str(web_dir))
    try:
        if not _wait_listening(host, port, proc, 30):
            _err("错误：网站未能启动（见上方 gunicorn 的输出）")
            _stop(proc)
            _stop(worker)
            raise typer.Exit(EXIT_USAGE)
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
        if not has_users:
            typer.echo("还没有任何用户。创建第一个管理员账号：\n"
                       f"  {sys.executable} {web_dir / 'manage.py'} createsuperuser")
        typer.echo(f"网站已启动：http://{shown}:{port}/  （按 Ctrl+C 停止）；后台处理进程已启动")
        code = proc.wait()
    except KeyboardInterrupt:
        _stop(proc)
        _stop(worker)
        typer.echo("网站已停止")
        return
    finally:
        _stop(worker)
    if code != 0:
        _err(f"错误：网站进程异常退出（退出码 {code}）")
        raise typer.Exit(EXIT_USAGE)


def register(app: typer.Typer) -> None:
    """Entry point of the ``gongkai.commands`` group: add ``gongkai serve``."""
    app.command("serve")(serve_command)
