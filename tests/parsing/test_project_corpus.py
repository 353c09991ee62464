"""The project's own real reports (tests/corpus/): each parses to exactly its hand-verified truth.

These reports were gathered after the parser was written (issue 10); none of them is in ../shared/corpus. Reports
the current parser gets wrong are marked ``xfail(strict=True)`` with the exact cells, so the suite stays green, the
failures stay visible, and a fix turns them into passing regression tests.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from tests.conftest import REPO
from tests.corpus_truth import Truth, parseable_truths

from gongkai import parse

PROJECT_CORPUS = REPO / "tests" / "corpus"
TRUTHS = parseable_truths(PROJECT_CORPUS, "*.truth.json")

_spec = importlib.util.spec_from_file_location("verify_truth", PROJECT_CORPUS / "verify_truth.py")
assert _spec is not None and _spec.loader is not None
verify_truth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(verify_truth)

# Known parser failures, measured with the parser as of this commit: report name → (what is wrong).
# Each entry is the exact list of cells (expected, got) or metadata the parser gets wrong on that report.
CELL_FAILURES: dict[str, str] = {
}
AMBIGUITY_FAILURES: dict[str, str] = {
}
METADATA_FAILURES: dict[str, str] = {
}


def _mark(failures: dict[str, str]) -> list[object]:
    out: list[object] = []
    for t in TRUTHS:
        reason = failures.get(t.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(t, id=t.name, marks=marks))
    return out


def test_the_project_corpus_is_varied() -> None:
    # a silently shrunken corpus must not turn these tests into a no-op
    assert len(TRUTHS) >= 63
    assert {t.source.suffix for t in TRUTHS} >= {".txt", ".html", ".md"}
    assert {t.format for t in TRUTHS} == {"2019", "2021"}
    levels = Counter(t.data["report"]["level"] for t in TRUTHS)
    assert len(levels) >= 3, levels
    provinces = Counter(t.data["report"]["province"] for t in TRUTHS)
    assert len(provinces) >= 2, provinces


@pytest.mark.parametrize("path", sorted(PROJECT_CORPUS.glob("*.truth.json")), ids=lambda p: p.name)
def test_truth_is_consistent_with_itself(path: Path) -> None:
    """Independent of the parser: format keys, existing source, identities vs expected_errors."""
    assert verify_truth.problems(path) == []


@pytest.mark.parametrize("truth", _mark(CELL_FAILURES))
def test_cells_exact(truth: Truth) -> None:
    report = parse(truth.source)
    expected = truth.expected_cells()
    got = report.values()
    assert set(got) == set(expected), "the report has exactly the cell keys of its format"
    wrong = {k: (expected[k], got[k]) for k in expected if got[k] != expected[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"


@pytest.mark.parametrize("truth", _mark(METADATA_FAILURES))
def test_metadata(truth: Truth) -> None:
    report = parse(truth.source)
    problems = []
    if report.year != truth.year:
        problems.append(f"year {report.year} != {truth.year}")
    if report.body not in truth.expected_bodies():
        problems.append(f"body {report.body!r} not in {truth.expected_bodies()}")
    if report.format is None or report.format.value != truth.format:
        problems.append(f"format {report.format} != {truth.format}")
    want_variant = "t3-other-single-row" if "format_variant" in truth.data["report"] else None
    if report.format_variant != want_variant:
        problems.append(f"format_variant {report.format_variant!r} != {want_variant!r}")
    assert not problems, problems


def _ambiguous_params() -> list[object]:
    out: list[object] = []
    for t in TRUTHS:
        if not t.ambiguous_keys():
            continue
        reason = AMBIGUITY_FAILURES.get(t.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(t, id=t.name, marks=marks))
    return out


@pytest.mark.parametrize("truth", _ambiguous_params())
def test_ambiguous_cells_are_left_empty_with_a_warning(truth: Truth) -> None:
    report = parse(truth.source)
    warned = {k for n in report.notices if n.code == "ambiguous-digits" for k in n.keys}
    wrong = {k: report.value(k) for k in truth.ambiguous_keys() if report.value(k) is not None or k not in warned}
    assert not wrong, f"ambiguous cells filled or not warned about: {wrong}"
