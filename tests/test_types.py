"""`mypy --strict` runs in the test suite: on the library (src/gongkai) and on the Django project (web/, with
django-stubs). The configuration is pyproject.toml's [tool.mypy]: no module is exempt (no type debt), and
every `# type: ignore` names the error code it silences."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "web"), str(ROOT / "src")])}
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False, env=env)


def test_configuration_is_strict_with_the_django_plugin() -> None:
    assert CONFIG["strict"] is True
    assert "mypy_django_plugin.main" in CONFIG["plugins"]
    assert "ignore-without-code" in CONFIG["enable_error_code"]


def test_no_module_is_exempt() -> None:
    """Overrides may only say that a third-party library has no type information, never silence our code."""
    for override in CONFIG.get("overrides", []):
        assert set(override) == {"module", "ignore_missing_imports"}, override
        assert not any(m.split(".")[0] in ("gongkai", "gongkai_web", "config") for m in override["module"]), override


@pytest.mark.parametrize("targets", [("src/gongkai",), ("web/gongkai_web", "web/config", "web/manage.py")],
                         ids=["library", "web"])
def test_mypy_strict_passes(targets: tuple[str, ...]) -> None:
    result = mypy("--strict", *targets)
    assert result.returncode == 0, result.stdout + result.stderr
