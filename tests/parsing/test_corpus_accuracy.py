"""Every corpus report with ground truth parses to exactly its cells, body, year and format."""

from __future__ import annotations

import pytest
from tests.corpus_truth import TRUTH_ERRATA, Truth, parseable_truths

from gongkai import parse
from gongkai.model.report import Method

TRUTHS = parseable_truths()


def test_the_corpus_has_reports_to_check():
    # a silently empty corpus must not turn the accuracy test into a no-op
    assert len(TRUTHS) >= 12
    assert {t.source.suffix for t in TRUTHS} >= {".txt", ".md", ".pdf"}


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_cells_exact(truth: Truth):
    report = parse(truth.source)
    expected = truth.expected_cells()
    got = report.values()
    assert set(got) == set(expected), "the report has exactly the cell keys of its format"
    wrong = {k: (expected[k], got[k]) for k in expected if got[k] != expected[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_metadata(truth: Truth):
    report = parse(truth.source)
    assert report.year == truth.year
    assert report.body in truth.expected_bodies()
    assert report.format is not None and report.format.value == truth.format
    if "format_variant" in truth.data["report"]:
        assert report.format_variant == "t3-other-single-row"
    else:
        assert report.format_variant is None


@pytest.mark.parametrize("truth", [t for t in TRUTHS if t.ambiguous_keys() or t.name in TRUTH_ERRATA],
                         ids=lambda t: t.name)
def test_ambiguous_cells_are_left_empty_with_a_warning(truth: Truth):
    report = parse(truth.source)
    warned = {k for n in report.notices if n.code == "ambiguous-digits" for k in n.keys}
    for key in truth.ambiguous_keys() | set(TRUTH_ERRATA.get(truth.name, ())):
        assert report.value(key) is None
        assert key in warned


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_every_found_cell_has_provenance(truth: Truth):
    report = parse(truth.source)
    for key, cell in report.cells.items():
        if cell.value is not None:
            assert cell.provenance is not None, key
            assert cell.provenance.method in Method
            assert cell.provenance.loc.to_dict(), f"{key} has no location"
