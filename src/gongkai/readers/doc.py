"""Legacy Word .doc: converted to .docx by LibreOffice (headless), then read as .docx.

Every conversion runs in its own temporary directory with its own LibreOffice profile and
``HOME``, so concurrent conversions do not clash. Files named .doc that are really .docx, RTF or
HTML (common on government websites) are recognised by their first bytes.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from gongkai import defaults
from gongkai.exceptions import ReadError
from gongkai.readers.base import RawDocument, SourceFormat

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Name of the main stream of a Word 97-2003 document, as stored in the OLE directory.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_INSTALL_HINT = (
    "读取 .doc 文件需要 LibreOffice，但未找到 soffice 命令；"
    "请安装 LibreOffice（如 apt install libreoffice-writer-nogui）或先将文件另存为 .docx"
)


def read_doc(data: bytes, source: str) -> RawDocument:
    """Read a legacy Word document; raises :class:`ReadError` if it cannot be converted."""
    head = data[:4096].lstrip().lower()
    if data.startswith(b"PK\x03\x04"):
        from gongkai.readers.docx import read_docx

        return read_docx(data, source, SourceFormat.DOC)
    if data.startswith(_OLE_MAGIC):
        if _WORD_STREAM not in data:
            raise ReadError("这是 Office 97-2003 文件，但不是 Word 文档", source=source)
        suffix, in_filter = ".doc", "MS Word 97"
    elif head.startswith(b"{\\rtf"):
        suffix, in_filter = ".rtf", "Rich Text Format"
    elif head.startswith(b"<?xml") and b"worddocument" in head:
        suffix, in_filter = ".xml", "MS Word 2003 XML"
    elif head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        from gongkai.readers.html import read_html

        return read_html(data, source)
    else:
        raise ReadError("不是有效的 Word 97-2003 (.doc) 文件，文件可能已损坏", source=source)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(_INSTALL_HINT, source=source)
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        converted = _convert(Path(tmp), soffice, data, suffix, in_filter, source)
        from gongkai.readers.docx import read_docx

        return read_docx(converted, source, SourceFormat.DOC)


def _convert(tmp: Path, soffice: str, data: bytes, suffix: str, in_filter: str, source: str) -> bytes:
    """Run LibreOffice on ``data`` inside ``tmp`` and return the bytes of the .docx it wrote."""
    src = tmp / f"input{suffix}"
    src.write_bytes(data)
    outdir = tmp / "out"
    home = tmp / "home"
    outdir.mkdir()
    home.mkdir()
    cmd = [
        soffice,
        f"-env:UserInstallation={(tmp / 'lo_profile').as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"--infilter={in_filter}",  # never fall back to importing a damaged file as plain text
        "--convert-to",
        "docx",
        "--outdir",
        str(outdir),
        str(src),
    ]
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp)}
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, cwd=tmp, start_new_session=True, preexec_fn=_lift_memory_limit(),
        )  # fmt: skip
    except OSError as exc:
        raise ReadError(_INSTALL_HINT, source=source) from exc
    try:
        proc.communicate(timeout=defaults.DOC_CONVERT_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise ReadError(
            f"LibreOffice 转换 .doc 文件超时（超过 {defaults.DOC_CONVERT_TIMEOUT_S} 秒），文件可能已损坏",
            source=source,
        ) from exc
    finally:
        if proc.poll() is None:
            _kill_group(proc)
    result = outdir / "input.docx"
    if not result.is_file() or result.stat().st_size == 0:
        raise ReadError("LibreOffice 无法转换该 .doc 文件，文件可能已损坏或已加密", source=source)
    return result.read_bytes()


def _lift_memory_limit() -> Callable[[], None] | None:
    """In a batch worker (whose address space is capped, see ``gongkai.batch``) LibreOffice must not
    inherit the cap: it maps far more than it uses. Its run stays bounded by the conversion timeout."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == hard:
        return None  # nothing to lift (and no pre-exec hook for ordinary, possibly threaded, callers)

    def lift() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))

    return lift


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the conversion process and the LibreOffice processes it started (its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
