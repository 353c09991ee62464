"""Every truth file with ``expected_errors`` (the shared corpus and the project's ``tests/corpus``):
``gongkai check`` reports exactly those codes at error level, no more and no fewer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai import parse
from gongkai.checks import Severity, check_report
from tests.conftest import CORPUS, REPO

CORPORA = (CORPUS, REPO / "tests" / "corpus")


def _cases() -> list[tuple[Path, list[str]]]:
    out = []
    for corpus in CORPORA:
        if not corpus.is_dir():
            continue
        for path in sorted(corpus.rglob("*.truth.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            source = path.parent / str(data.get("corpus_file", ""))
            if data.get("expected_errors") is None or not source.is_file() or source.suffix == ".json":
                continue
            out.append((source, sorted(set(data["expected_errors"]))))
    return out


CASES = _cases()

# Reports where check is known to be wrong, as measured at this commit (file name -> what fires that should not,
# or what is missed). Marked xfail(strict=True) so the failure stays visible and a fix turns it into a passing test.
KNOWN_WRONG: dict[str, str] = {
}


def _params() -> list[object]:
    out: list[object] = []
    for source, expected in CASES:
        reason = KNOWN_WRONG.get(source.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(source, expected, id=source.name, marks=marks))
    return out


def test_the_shared_corpus_has_truth_files_with_expected_errors():
    assert sum(1 for source, _ in CASES if CORPUS in source.parents) >= 10
    assert any(expected for _, expected in CASES)  # some reports do have defects to find


@pytest.mark.parametrize(("source", "expected"), _params())
def test_error_level_codes_are_exactly_the_expected_errors(source: Path, expected: list[str]):
    result = check_report(parse(source))
    fired = sorted({f.code for f in result.findings if f.severity is Severity.ERROR})
    assert fired == expected, [f.message for f in result.findings if f.severity is Severity.ERROR]
