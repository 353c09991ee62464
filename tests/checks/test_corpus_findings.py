"""The corpus reports produce the defects their truth files list, and no other error."""

from __future__ import annotations

import pytest

from gongkai import parse
from gongkai.checks import Severity, check_report, check_reports
from tests.conftest import REAL, seed
from tests.corpus_truth import Truth, parseable_truths

# Error-level defects each corpus report really has (from its truth file's known_issues); every
# other corpus report must produce no error-level finding at all.
KNOWN_ERRORS: dict[str, dict[str, int]] = {
    "kiro__hongze-2023.pdf": {"t4-group-total": 2},  # 行政复议 10+1+0+0 ≠ 0, 复议后起诉 5+0+0+0 ≠ 0
    "pingtan__pingtan-zone-2020.txt": {"t3-outcome-sum": 2},  # outcomes 26 / 27 ≠ （七）总计 20 / 21
    "004_64de70db4186616a.txt": {"outdated-format": 1},  # 2023 report in the 2019 tables
}
TRUTHS = parseable_truths()


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.name)
def test_corpus_report_errors_are_exactly_the_known_defects(truth: Truth):
    result = check_report(parse(truth.source))
    errors: dict[str, int] = {}
    for f in result.findings:
        if f.severity is Severity.ERROR:
            errors[f.code] = errors.get(f.code, 0) + 1
    assert errors == KNOWN_ERRORS.get(truth.name, {}), [f.message for f in result.findings]


def test_seeds_as_the_issue_describes_them():
    by_seed = {p: {f.code for f in check_report(parse(seed(p))).findings} for p in ("000", "001", "002", "003", "004")}
    assert {"outdated-format", "body-type-mismatch"} <= by_seed["004"]
    assert "labels-recovered" in by_seed["002"]
    for p in ("000", "001", "003"):
        assert not check_report(parse(seed(p))).has_errors


def test_hongze_2023_table_4_errors_name_the_groups():
    result = check_report(parse(REAL / "kiro__hongze-2023.pdf"))
    messages = [f.message for f in result.findings if f.code == "t4-group-total"]
    assert any("行政复议" in m and "= 11" in m for m in messages)
    assert any("复议后起诉" in m and "= 5" in m for m in messages)


def test_pingtan_reports_of_several_years_are_compared_across_years():
    reports = [parse(p) for p in sorted(REAL.glob("pingtan__pingtan-zone-20*.txt")) if "2013" not in p.name]
    results = {r.report.year: r for r in check_reports(reports)}
    assert set(results) == {2019, 2020, 2022, 2024}
    assert results[2020].previous is results[2019].report  # consecutive years of one body are compared
    assert results[2019].previous is None and results[2022].previous is None  # no 2018 or 2021 report given
    # 2019 → 2020: the carry-over chain holds (0 → 0), so the cross-year checks ran and found it consistent
    assert not [f for f in results[2020].findings if f.code == "carry-over-mismatch"]
    assert results[2020].to_dict()["compared_with"].endswith("pingtan__pingtan-zone-2019.txt")
