"""The one ZIP reader: names normalised, ZIP bombs stopped while streaming, one bad member never stops the rest."""

from __future__ import annotations

import io
import zipfile

from gongkai.readers.archive import ArchiveLimits, expand_zip, member_name, normalise_name, read_upload


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    buf.seek(0)
    return buf


def test_names_are_normalised() -> None:
    assert normalise_name("../../etc/passwd.txt") == "etc/passwd.txt"
    assert normalise_name("C:\\Users\\a\\..\\b.pdf") == "Users/a/b.pdf"
    assert normalise_name("/abs/./x.docx") == "abs/x.docx"
    assert normalise_name("..") == ""


def test_a_gbk_name_without_the_utf8_flag_is_decoded() -> None:
    info = zipfile.ZipInfo("年报.txt".encode("gb18030").decode("cp437"))
    assert member_name(info) == "年报.txt"
    flagged = zipfile.ZipInfo("年报.txt")
    flagged.flag_bits |= 0x800
    assert member_name(flagged) == "年报.txt"


def test_members_sorted_hidden_left_out_unsupported_and_oversized_refused() -> None:
    archive = _zip({"b/2.txt": b"two", "a/1.pdf": b"%PDF", "__MACOSX/a/._1.pdf": b"x", ".hidden.txt": b"x",
                    "tools/run.exe": b"MZ", "big.txt": b"9" * 2_000, "../escape.md": b"up"})
    members = list(expand_zip("r.zip", archive, ArchiveLimits(file_bytes=1_000)))
    assert [m.name for m in members] == ["r.zip!escape.md", "r.zip!a/1.pdf", "r.zip!b/2.txt", "r.zip!big.txt",
                                         "r.zip!tools/run.exe"]
    by_name = {m.name: m for m in members}
    assert by_name["r.zip!escape.md"].data == b"up" and by_name["r.zip!b/2.txt"].data == b"two"
    assert "过大" in by_name["r.zip!big.txt"].error and by_name["r.zip!big.txt"].data is None
    assert "不支持的文件类型" in by_name["r.zip!tools/run.exe"].error


def test_bombs_member_counts_and_totals_are_capped_while_streaming() -> None:
    limits = ArchiveLimits(file_bytes=100_000, members=3, unzipped_bytes=250_000)
    bomb = list(expand_zip("bomb.zip", _zip({"a.txt": b"0" * 5_000_000, "b.txt": b"ok"}), limits))
    assert "过大" in bomb[0].error and bomb[1].data == b"ok"
    total = list(expand_zip("t.zip", _zip({f"{i}.txt": b"1" * 90_000 for i in range(3)}), limits))
    assert [m.data is not None for m in total] == [True, True, False] and "总大小超过上限" in total[2].error
    many = list(expand_zip("m.zip", _zip({f"{i}.txt": b"x" for i in range(4)}), limits))
    assert len(many) == 1 and "文件过多" in many[0].error


def test_a_lying_size_header_is_caught_by_the_byte_counter() -> None:
    raw = bytearray(_zip({"a.txt": b"7" * 300_000}).getvalue())
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24: cd + 28] = (10).to_bytes(4, "little")  # the central directory claims 10 bytes
    members = list(expand_zip("liar.zip", io.BytesIO(bytes(raw)), ArchiveLimits(100_000, 10, 10_000_000)))
    assert len(members) == 1 and members[0].data is None and members[0].error


def test_broken_and_encrypted_archives_give_chinese_reasons() -> None:
    broken = list(expand_zip("x.zip", io.BytesIO(b"PK\x03\x04 not really a zip"), ArchiveLimits()))
    assert len(broken) == 1 and "无法打开压缩包" in broken[0].error
    raw = bytearray(_zip({"a.txt": b"secret"}).getvalue())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag bit in both headers
        at = raw.find(header) + (6 if header == b"PK\x03\x04" else 8)
        raw[at] |= 0x1
    encrypted = list(expand_zip("e.zip", io.BytesIO(bytes(raw)), ArchiveLimits()))
    assert len(encrypted) == 1 and "已加密" in encrypted[0].error


def test_an_upload_is_a_zip_or_one_supported_file() -> None:
    limits = ArchiveLimits(file_bytes=10)
    assert [m.data for m in read_upload("a/../r.txt", io.BytesIO(b"short"), 5, limits)] == [b"short"]
    assert "不支持" in next(read_upload("x.exe", io.BytesIO(b""), 0, limits)).error
    assert "过大" in next(read_upload("r.txt", io.BytesIO(b"x" * 20), 20, limits)).error
    assert "过大" in next(read_upload("r.txt", io.BytesIO(b"x" * 20), 1, limits)).error  # size not trusted
    assert [m.name for m in read_upload("s.zip", _zip({"1.txt": b"1"}), 0, limits)] == ["s.zip!1.txt"]
