"""Generators of hostile inputs (issue 8): every file is built small and fast in a temporary folder.

Each function writes one file and returns its path. Sizes are parameters so the tests stay within
their time budget while the benchmark or a manual run can use the issue's full sizes.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pikepdf

#: The read-only report corpus beside the project (never copied into the repository).
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEED = CORPUS / "seeds" / "000_20b3ae12a058c55f.txt"
T = TypeVar("T")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def good_txt(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.write_text(seed_text(), encoding="utf-8")
    return path


def charset_html(folder: Path, codec: str) -> Path:
    """A real report as an HTML page whose ``<meta charset>`` names ``codec`` (e.g. ``hex``)."""
    rows = "".join(f"<p>{line}</p>\n" for line in seed_text().splitlines())
    page = f'<html><head><meta charset="{codec}"><title>报告</title></head><body>{rows}</body></html>'
    path = folder / f"charset-{codec}.html"
    path.write_bytes(page.encode("utf-8"))
    return path


def dense_pdf(folder: Path, pages: int = 300, lines: int = 60, per_line: int = 90) -> Path:
    """``pages`` pages sharing one dense content stream (the issue's 52 KB, 300-page PDF)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    ops = [b"BT /F1 7 Tf 9 TL 20 820 Td"]
    text = (b"0123456789 " * (per_line // 11 + 1))[:per_line]
    ops += [b"(" + text + b") '" for _ in range(lines)]
    ops.append(b"ET")
    content = pdf.make_stream(b"\n".join(ops))
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.Resources = resources
        page.Contents = content
    path = folder / "dense.pdf"
    pdf.save(path, compress_streams=True)
    return path


def flate_bomb_pdf(folder: Path, megabytes: int = 2048, layers: int = 1) -> Path:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB of blanks (built streaming),
    compressed ``layers`` times (``/Filter [/FlateDecode /FlateDecode]`` for two)."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(megabytes)]
    parts.append(comp.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    stream = pikepdf.Stream(pdf, data)
    stream.Filter = pikepdf.Array([pikepdf.Name.FlateDecode] * layers)
    pdf.pages[0].Contents = pdf.make_indirect(stream)
    path = folder / f"flate-bomb-{layers}.pdf"
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return path


def big_xml_docx(folder: Path, megabytes: int = 190) -> Path:
    """A .docx whose ``word/document.xml`` is ``megabytes`` MB of text made of two letters (deflate
    ratio about 6:1, under every ratio guard): the issue's 34 MB DOCX holding a 190 MB part."""
    path = folder / "big-xml.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                     b'wordprocessingml/2006/main"><w:body>')
            for _ in range(megabytes):
                text = os.urandom(1 << 20).translate(_TWO_LETTERS)
                fh.write(b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>")
            fh.write(b"</w:body></w:document>")
    return path


_TWO_LETTERS = bytes(0x61 + (i & 1) for i in range(256))


def zip_bomb_docx(folder: Path, megabytes: int = 300) -> Path:
    path = folder / "zip-bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(b"\x00" * (1 << 20))
    return path


def lying_zip_docx(folder: Path, megabytes: int = 64) -> Path:
    """A .docx whose directory claims a tiny ``document.xml`` that really inflates to ``megabytes`` MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<a>" + b" " * (megabytes << 20) + b"</a>")
    data = bytearray(buffer.getvalue())
    # patch the uncompressed size (local header and central directory) of document.xml to 1000 bytes
    name = b"word/document.xml"
    for sig, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            if data[i + name_at: i + name_at + len(name)] == name:
                data[i + size_at: i + size_at + 4] = (1000).to_bytes(4, "little")
            start = i + 4
    path = folder / "lying.docx"
    path.write_bytes(bytes(data))
    return path


def encrypted_pdf(folder: Path, source: Path) -> Path:
    path = folder / "secret.pdf"
    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="u"))
    return path


def lying_pdf(folder: Path, source: Path) -> Path:
    """A PDF whose xref offsets and /Count lie (pages claimed: 100000)."""
    data = source.read_bytes().replace(b"/Count ", b"/Count 100000 ", 1)
    path = folder / "lying.pdf"
    path.write_bytes(data[:-200] + b"\nstartxref\n999999999\n%%EOF\n")
    return path


def fifo(folder: Path, name: str = "x.txt") -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def zero_link(folder: Path, name: str = "zero.txt") -> Path:
    path = folder / name
    path.symlink_to("/dev/zero")
    return path


def truncated(folder: Path, source: Path, share: float = 0.5) -> Path:
    data = source.read_bytes()
    path = folder / f"cut-{source.name}"
    path.write_bytes(data[: int(len(data) * share)])
    return path


def byte_flips(folder: Path, source: Path, flips: int = 64, seed: int = 1) -> Path:
    import random

    rng = random.Random(seed)
    data = bytearray(source.read_bytes())
    for _ in range(flips):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    path = folder / f"flipped-{source.name}"
    path.write_bytes(bytes(data))
    return path


def huge_line(folder: Path, megabytes: int = 4) -> Path:
    path = folder / "huge-line.txt"
    path.write_bytes(("一、总体情况" + "本年新收" * (megabytes * (1 << 20) // 12)).encode("utf-8"))
    return path


def deep_html(folder: Path, depth: int = 100_000) -> Path:
    path = folder / "deep.html"
    path.write_bytes(b"<html><body>" + b"<div>" * depth + "报告".encode() + b"</div>" * depth + b"</body></html>")
    return path


def deep_docx(folder: Path, depth: int = 5_000) -> Path:
    """Tables nested ``depth`` deep inside one another."""
    w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    inner = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    body = b"<w:tbl><w:tr><w:tc>" * depth + inner + b"</w:tc></w:tr></w:tbl>" * depth
    path = folder / "deep.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", b"<w:document " + w + b"><w:body>" + body + b"</w:body></w:document>")
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
    'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
    'main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def as_unprivileged(fn: Callable[[], T]) -> T:
    """Run ``fn`` as an unprivileged user and return its (picklable) result.

    Root ignores file permissions, so under root the call runs in a forked child that switched to
    ``nobody`` (real setuid: no mock); the batch engine there forks its workers directly, because the
    fork server the tests may already have started runs as root. Under any other user ``fn`` runs as is."""
    if os.geteuid() != 0:
        return fn()
    import multiprocessing
    import pickle
    import pwd

    import gongkai.batch.pool as pool

    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)  # (modules are imported before: the interpreter may sit in /root)
            pool._CONTEXT = multiprocessing.get_context("fork")
            payload = pickle.dumps((True, fn()))
        except BaseException as exc:
            payload = pickle.dumps((False, repr(exc)))
            code = 1
        with os.fdopen(write_end, "wb") as fh:
            fh.write(payload)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        ok, value = pickle.loads(fh.read())
    os.waitpid(pid, 0)
    if not ok:
        raise AssertionError(f"the unprivileged child failed: {value}")
    return value


def locked_tree(folder: Path) -> Path:
    """``folder/batch`` holding a good report, an unreadable report and an unreadable subfolder.

    Everything is made world-traversable so that ``nobody`` reaches it."""
    batch = folder / "batch"
    (batch / "locked").mkdir(parents=True)
    good_txt(batch, "a-good.txt")
    good_txt(batch / "locked", "hidden.txt")
    secret = good_txt(batch, "b-secret.txt")
    secret.chmod(0o000)
    (batch / "locked").chmod(0o000)
    for p in (folder, batch):
        p.chmod(0o755)
    return batch


@contextlib.contextmanager
def open_tmp() -> Iterator[Path]:
    """A temporary folder that ``nobody`` can reach (pytest's own tmp_path sits in a 0700 folder)."""
    folder = Path(tempfile.mkdtemp(prefix="gongkai-hostile-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for root, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = Path(root) / name
                if not path.is_symlink():
                    path.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)
