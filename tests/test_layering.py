"""The architecture stays visible: which package may import which (README.md, "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"

# package -> gongkai packages it may import (besides itself)
ALLOWED = {
    "model": {"exceptions"},  # exceptions.py imports nothing: model/serialize raises ReportDataError
    "readers": {"model", "exceptions", "defaults", "workload"},  # workload.py imports nothing of gongkai
    "writers": {"model", "exceptions", "defaults", "readers"},
    "parsing": {"model", "readers", "exceptions", "defaults"},
    "batch": {"api", "checks", "defaults", "exceptions", "model", "readers", "workload"},
    "checks": {"model", "parsing", "exceptions"},
    "rendering": {"model", "checks", "exceptions", "defaults"},
    "ledger": {"model", "exceptions", "defaults"},
    "cli": None,  # the top layer may import anything public
}
FORBIDDEN_EVERYWHERE = {"django"}
CLI_ONLY = {"typer", "rich"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "gongkai":
                out.update(f"gongkai.{a.name}" for a in node.names)
            else:
                out.add(node.module)
    return out


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_respect_the_layers(package: str):
    files = list((SRC / package).rglob("*.py"))
    assert files, f"package {package} has no modules"
    for f in files:
        for mod in imports_of(f):
            top = mod.split(".")[0]
            assert top not in FORBIDDEN_EVERYWHERE, f"{f} imports {mod}"
            if package != "cli":
                assert top not in CLI_ONLY, f"{f} imports {mod}: only gongkai.cli may use {top}"
            if top == "gongkai" and ALLOWED[package] is not None:
                sub = mod.split(".")[1] if "." in mod else ""
                assert sub == package or sub in ALLOWED[package], f"{f} imports {mod}"


def test_nothing_imports_the_cli():
    for f in SRC.rglob("*.py"):
        if "cli" in f.relative_to(SRC).parts:
            continue
        assert not any(m.startswith("gongkai.cli") for m in imports_of(f)), f
