"""gongkai.writers.files.atomic_write: whole files only, folders created, Chinese errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import WriteError
from gongkai.writers.files import atomic_write


def test_a_file_is_written_whole_into_a_new_folder_and_replaced(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "x.bin"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["x.bin"]  # no temporary file left behind


def test_a_target_that_cannot_be_written_is_a_chinese_write_error(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(WriteError, match="无法写入文件"):
        atomic_write(tmp_path / "dir", b"x")  # a folder cannot be replaced by a file
    assert (tmp_path / "dir").is_dir() and [p.name for p in tmp_path.iterdir()] == ["dir"]
