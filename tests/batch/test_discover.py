"""Discovery: nothing found on the way is dropped silently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.batch import discover, discover_files
from gongkai.exceptions import ReadError
from tests.batch import hostile


def test_directories_are_scanned_sorted_recursively_and_files_named_explicitly_are_kept(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b.txt", "a.pdf", "sub/c.docx", "notes.xyz", ".hidden.txt", "~$lock.docx", ".git/x.txt"):
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "notes.xyz"
    sources = discover([tmp_path, explicit])
    names = [s.path.relative_to(tmp_path).as_posix() for s in sources]
    assert names == ["a.pdf", "b.txt", "sub/c.docx", "notes.xyz"]
    assert [s.in_directory for s in sources] == [True, True, True, False]
    assert discover_files([tmp_path]) == [s.path for s in sources[:3]]


def test_non_regular_entries_with_a_report_suffix_are_listed_for_the_reader_to_refuse(tmp_path: Path) -> None:
    hostile.fifo(tmp_path, "x.txt")
    hostile.zero_link(tmp_path, "zero.txt")
    names = [s.path.name for s in discover([tmp_path])]
    assert names == ["x.txt", "zero.txt"]


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    with hostile.open_tmp() as folder:
        yield folder


def test_an_unreadable_subfolder_becomes_an_error_line(open_tmp: Path) -> None:
    batch = hostile.locked_tree(open_tmp)

    def scan() -> list[tuple[str, str | None]]:
        return [(s.path.name, s.error.message if s.error else None) for s in discover([batch])]

    found = hostile.as_unprivileged(scan)
    assert ("a-good.txt", None) in found and ("b-secret.txt", None) in found
    locked = [msg for name, msg in found if name == "locked"]
    assert locked and "无法读取该目录（没有权限）" in (locked[0] or "")
    assert all(name != "hidden.txt" for name, _ in found)


def test_discovery_errors_are_read_errors_naming_the_folder(open_tmp: Path) -> None:
    batch = hostile.locked_tree(open_tmp)
    errors = hostile.as_unprivileged(lambda: [s.error for s in discover([batch]) if s.error])
    assert len(errors) == 1 and isinstance(errors[0], ReadError)
    assert str(errors[0]).startswith(str(batch / "locked"))
