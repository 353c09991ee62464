"""examples/ — the reports the README's first command parses — read back to the cells they were made from."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from gongkai import parse
from gongkai.checks import check_report

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
_spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
assert _spec and _spec.loader
make_examples = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("make_examples", make_examples)
_spec.loader.exec_module(make_examples)

FILES = [(ex, form) for ex in make_examples.EXAMPLES for form in ex.forms]


@pytest.mark.parametrize(("example", "form"), FILES, ids=[f"{e.stem}.{f}" for e, f in FILES])
def test_example_reads_back_to_its_data(example, form):
    path = EXAMPLES / f"{example.stem}.{form}"
    assert path.is_file(), f"run: .venv/bin/python examples/make_examples.py ({path.name} is missing)"
    parsed = parse(path)
    source = make_examples.report_of(example)
    assert parsed.format is example.fmt and parsed.year == example.year and parsed.body == example.body
    assert {k: c.value for k, c in parsed.cells.items()} == {k: c.value for k, c in source.cells.items()}
    assert not check_report(parsed).has_errors


def test_example_data_files_are_up_to_date():
    for example in make_examples.EXAMPLES:
        assert (EXAMPLES / f"{example.stem}.yaml").read_text(encoding="utf-8") == make_examples.example_yaml(example)


def test_the_readme_quick_start_parses_the_examples_without_the_shared_corpus():
    from typer.testing import CliRunner

    from gongkai.cli import app

    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/install.sh && .venv/bin/gongkai parse examples/" in readme
    result = CliRunner().invoke(app, ["parse", str(EXAMPLES)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert result.stdout.count("表三 收到和处理政府信息公开申请情况") == len(FILES) == 5
    assert "../shared" not in (EXAMPLES / "make_examples.py").read_text(encoding="utf-8")
