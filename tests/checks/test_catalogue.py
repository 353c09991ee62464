"""The catalogue itself: documented, tested, well-formed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from gongkai.checks import registry
from gongkai.checks.check import Check
from gongkai.checks.docs import catalogue_markdown
from gongkai.checks.registry import register

REPO = Path(__file__).resolve().parents[2]
ISSUE_CODES = {
    "t3-column-balance", "t3-row-total", "t3-outcome-sum", "t3-carry-forward-bound", "t4-group-total",
    "non-negative-integer", "missing-cells", "table-missing", "section-missing", "section-title", "outdated-format",
    "stale-basis-citation", "labels-recovered", "values-inferred", "narrative-table-mismatch", "narrative-parts-sum",
    "wrong-year", "body-type-mismatch", "late-publication", "carry-over-mismatch", "in-force-chain", "repeated-text",
    "identical-tables",
}


def test_every_code_the_issue_asks_for_is_registered():
    assert set(registry()) >= ISSUE_CODES


def test_docs_checks_md_is_generated_from_the_registry():
    path = REPO / "docs" / "checks.md"
    assert path.read_text(encoding="utf-8") == catalogue_markdown(), \
        "docs/checks.md is stale: run `gongkai checks --markdown > docs/checks.md`"
    for code in registry():
        assert f"`{code}`" in catalogue_markdown()


@pytest.mark.parametrize("code", list(registry()))
def test_every_check_is_documented(code: str):
    cls = registry()[code]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
    for attr in ("title", "template", "description"):
        assert getattr(cls, attr).strip(), f"{code} has no {attr}"
    assert re.search(r"[\u4e00-\u9fff]", cls.template), f"{code}: messages are for users, in Chinese"


def _test_names() -> set[str]:
    names = set()
    for f in (REPO / "tests" / "checks").glob("test_*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}
    return names


@pytest.mark.parametrize("code", list(registry()))
def test_every_check_has_a_failing_and_a_passing_example(code: str):
    snake = code.replace("-", "_")
    names = _test_names()
    assert any(snake in n and "fires" in n for n in names), f"no test_…{snake}…fires… (an example that fails)"
    assert any(snake in n and "quiet" in n for n in names), f"no test_…{snake}…quiet… (an example that passes)"


def test_duplicate_codes_are_refused():
    class Again(Check):
        code = next(iter(registry()))

    with pytest.raises(RuntimeError, match="duplicate"):
        register(Again)
