"""docs/examples holds one example of each output, made from a synthetic report by make_examples.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import gongkai
from gongkai.checks import check_report
from gongkai.rendering import report_from_yaml
from tests.conftest import REPO

EXAMPLES = REPO / "docs" / "examples"


def _make_examples():
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic():
    return _make_examples().synthetic_report()


def test_the_synthetic_report_is_valid_and_not_a_corpus_report(synthetic):
    assert not check_report(synthetic).findings
    assert synthetic.body == "示例县示例镇人民政府"


@pytest.mark.parametrize("suffix", ["docx", "pdf", "html", "md"])
def test_each_example_exists_and_parses_back_to_the_synthetic_cells(suffix: str, synthetic):
    path = EXAMPLES / f"example.{suffix}"
    assert path.is_file(), f"run: .venv/bin/python docs/examples/make_examples.py ({path.name} is missing)"
    back = gongkai.parse(path)
    assert back.values() == synthetic.values()
    assert (back.body, back.year, back.format, back.t3_layout) == \
        (synthetic.body, synthetic.year, synthetic.format, synthetic.t3_layout)


def test_the_example_yaml_is_the_synthetic_report(synthetic):
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    assert text == _make_examples().example_yaml()
    assert report_from_yaml(text).values() == synthetic.values()


def test_make_examples_writes_every_file(tmp_path: Path):
    written = _make_examples().main(tmp_path)
    assert sorted(p.name for p in written) == ["example.docx", "example.html", "example.md", "example.pdf",
                                               "example.yaml"]
    assert all(p.stat().st_size > 1000 for p in written)
