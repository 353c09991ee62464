"""Precision and recall of error-level findings against the truth files' ``expected_errors``.

A measurement, not a test: for every ``*.truth.json`` that sets ``expected_errors`` (under
``../shared/corpus`` and the project's ``tests/corpus``, searched recursively so that new reports are
picked up when present), the source file is parsed and checked alone, and the bench prints per report
the error-level codes that fire but are not expected (false errors) and the expected codes that do not
fire (missed), then the totals. Target: 0 false and 0 missed. Exit code 0 always (1 only when
``--strict`` and something is false or missed).

    .venv/bin/python bench/bench_findings.py [--corpus DIR ...] [--json] [--strict] [--diff-only]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from gongkai import parse
from gongkai.checks import Severity, check_report
from gongkai.checks.catalogue.crossyear import RepeatedText
from gongkai.checks.check import CheckConfig, Context
from gongkai.exceptions import GongkaiError
from gongkai.model.report import Section

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = (REPO.parent / "shared" / "corpus", REPO / "tests" / "corpus")


@dataclass
class Row:
    report: str
    expected: list[str]
    fired: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    error: str | None = None  # the file could not be parsed (GongkaiError message)
    seconds: float = 0.0


def truth_files(corpora: list[Path]) -> list[tuple[Path, Path, list[str]]]:
    """(truth file, source file, expected codes) for every truth file that sets ``expected_errors``
    and whose source is present beside it."""
    out = []
    for corpus in corpora:
        if not corpus.is_dir():
            continue
        for path in sorted(corpus.rglob("*.truth.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            expected = data.get("expected_errors")
            source = path.parent / str(data.get("corpus_file", ""))
            if expected is None or not source.is_file() or source.suffix == ".json":
                continue
            out.append((path, source, sorted(set(expected))))
    return out


def measure(path: Path, source: Path, expected: list[str]) -> Row:
    row = Row(str(source.relative_to(path.parents[1])), expected)
    start = time.perf_counter()
    try:
        result = check_report(parse(source))
    except GongkaiError as exc:
        row.error = str(exc)
        row.missed = list(expected)
        return row
    finally:
        row.seconds = time.perf_counter() - start
    row.fired = sorted({f.code for f in result.findings if f.severity is Severity.ERROR})
    row.false = [c for c in row.fired if c not in expected]
    row.missed = [c for c in expected if c not in row.fired]
    return row


def repeated_text_seconds(corpora: list[Path], chars: int = 100_000) -> tuple[float, int]:
    """Time ``repeated-text`` on two reports whose sections 一 and 五 are ``chars`` characters of real
    report prose (the corpus texts repeated): section 一 copied with small edits, section 五 different."""
    sources = [p for c in corpora if c.is_dir() for p in sorted(c.rglob("*.txt"))]
    prose = "".join(p.read_text(encoding="utf-8", errors="replace") for p in sources) or "政府信息公开"
    text = (prose * (chars // len(prose) + 1))[:chars]
    edited = text.replace("政府", "政务", 200)
    other = text[::-1]
    template = parse(sources[0]) if sources else None
    if template is None:
        return 0.0, 0
    prev = replace(template, year=2022, sections=(Section(1, "一、总体情况", text),
                                                  Section(5, "五、存在的主要问题及改进情况", text)))
    now = replace(template, year=2023, sections=(Section(1, "一、总体情况", edited),
                                                 Section(5, "五、存在的主要问题及改进情况", other)))
    start = time.perf_counter()
    found = list(RepeatedText().run(now, Context(CheckConfig(), prev)))
    return time.perf_counter() - start, len(found)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, action="append", help="a corpus folder (repeatable); default: "
                    "../shared/corpus and tests/corpus")
    ap.add_argument("--json", action="store_true", help="one JSON object with every row and the totals")
    ap.add_argument("--diff-only", action="store_true", help="list only the reports with a false or missed code")
    ap.add_argument("--strict", action="store_true", help="exit 1 when any code is false or missed")
    args = ap.parse_args(argv)
    corpora = args.corpus or list(DEFAULT_CORPORA)
    rows = [measure(*t) for t in truth_files(corpora)]
    expected_total = sum(len(r.expected) for r in rows)
    fired_total = sum(len(r.fired) for r in rows)
    false_total = sum(len(r.false) for r in rows)
    missed_total = sum(len(r.missed) for r in rows)
    hit = fired_total - false_total
    precision = hit / fired_total if fired_total else 1.0
    recall = hit / expected_total if expected_total else 1.0
    totals = {"reports": len(rows), "expected_codes": expected_total, "fired_codes": fired_total,
              "false_error_codes": false_total, "missed_expected_codes": missed_total,
              "precision": round(precision, 4), "recall": round(recall, 4),
              "clean_reports": sum(not r.false and not r.missed for r in rows)}
    if args.json:
        print(json.dumps({"rows": [asdict(r) for r in rows], "totals": totals}, ensure_ascii=False, indent=1))
    else:
        print(f"{'report':58} {'expected':28} {'false errors':28} missed")
        for r in rows:
            if args.diff_only and not (r.false or r.missed or r.error):
                continue
            note = f"  [unreadable: {r.error}]" if r.error else ""
            print(f"{r.report:58} {','.join(r.expected) or '-':28} {','.join(r.false) or '-':28} "
                  f"{','.join(r.missed) or '-'}{note}")
        print(f"\nreports {totals['reports']}  (clean {totals['clean_reports']})  expected codes {expected_total}  "
              f"error codes fired {fired_total}")
        print(f"false error codes {false_total}  missed expected codes {missed_total}  "
              f"precision {precision:.3f}  recall {recall:.3f}")
        print("corpora: " + ", ".join(str(c) for c in corpora if c.is_dir()))
        seconds, fired = repeated_text_seconds(corpora)
        print(f"repeated-text: a pair of 100,000-character reports checked in {seconds:.3f} s "
              f"({fired} of 2 sections reported as copied; target < 1 s)")
    return 1 if args.strict and (false_total or missed_total) else 0


if __name__ == "__main__":
    sys.exit(main())
