"""Check every truth file in this folder on its own, without the parser.

For each ``*.truth.json``: the cell keys are exactly those of the report's format (2021, 2021 with the single
（六）其他处理 row, or 2019); the source file exists; ambiguous keys are cells; and the table identities of
format-spec §2 hold — except where the truth says the published report breaks them, in which case the matching
finding code must be in ``expected_errors`` (and an identity code in ``expected_errors`` must really fail).

Run: ``python tests/corpus/verify_truth.py`` (prints one line per report, exit code 1 on any problem).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

COLUMNS = ("natural_person", "commercial_enterprise", "research_institution", "public_welfare_org",
           "legal_service_org", "other_org", "total")
OUTCOMES_2021 = (
    "granted", "partial",
    "denied.state_secret", "denied.law_prohibited", "denied.three_safeties_one_stability",
    "denied.third_party_rights", "denied.internal_affairs", "denied.process_info", "denied.enforcement_file",
    "denied.admin_query",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.still_unclear",
    "not_processed.petition_complaint", "not_processed.repeat", "not_processed.publication",
    "not_processed.mass_repeat", "not_processed.confirm_or_reissue",
    "other.no_correction", "other.fee_unpaid", "other.other",
)
OUTCOMES_SINGLE_OTHER = (*OUTCOMES_2021[:-3], "other")
T2_2021 = (
    "t2.art20_1.regulation.made", "t2.art20_1.regulation.repealed", "t2.art20_1.regulation.in_force",
    "t2.art20_1.normative_doc.made", "t2.art20_1.normative_doc.repealed", "t2.art20_1.normative_doc.in_force",
    "t2.art20_5.licensing.decisions", "t2.art20_6.penalty.decisions", "t2.art20_6.coercion.decisions",
    "t2.art20_8.fee.amount",
)
T2_2019 = tuple(
    f"t2.{block}.{row}.{col}"
    for block, row, cols in (
        ("art20_1", "regulation", ("new_made", "new_published", "published_total")),
        ("art20_1", "normative_doc", ("new_made", "new_published", "published_total")),
        ("art20_5", "licensing", ("prev_items", "change", "decisions")),
        ("art20_5", "other_services", ("prev_items", "change", "decisions")),
        ("art20_6", "penalty", ("prev_items", "change", "decisions")),
        ("art20_6", "coercion", ("prev_items", "change", "decisions")),
        ("art20_8", "fee", ("prev_items", "change")),
        ("art20_9", "procurement", ("items", "amount")),
    )
    for col in cols
)
GROUPS = ("review", "litigation_direct", "litigation_after_review")
PARTS = ("upheld", "corrected", "other", "pending")
T4 = tuple(f"t4.{g}.{c}" for g in GROUPS for c in (*PARTS, "total"))
IDENTITY_CODES = {"t3-row-total", "t3-column-balance", "t3-outcome-sum", "t3-carry-forward-bound", "t4-group-total"}


def expected_keys(data: dict) -> tuple[set[str], tuple[str, ...]]:
    """The cell keys of the report's format and its outcome rows."""
    report = data["report"]
    single_other = report["format"] == "2019" or "format_variant" in report
    outcomes = OUTCOMES_SINGLE_OTHER if single_other else OUTCOMES_2021
    rows = ("new", "carried_over", *outcomes, "processed_total", "carry_forward")
    t2 = T2_2019 if report["format"] == "2019" else T2_2021
    keys = set(t2) | {f"t3.{r}.{c}" for r in rows for c in COLUMNS} | set(T4)
    return keys, outcomes


def identity_failures(cells: dict[str, object], outcomes: tuple[str, ...]) -> dict[str, list[str]]:
    """Finding code → the identities of format-spec §2 that the cells break (blank cells are not compared)."""
    def v(key: str) -> int | None:
        x = cells.get(key)
        return x if isinstance(x, int) else None

    rows = ("new", "carried_over", *outcomes, "processed_total", "carry_forward")
    out: dict[str, list[str]] = {}
    for r in rows:
        parts = [v(f"t3.{r}.{c}") for c in COLUMNS[:-1]]
        total = v(f"t3.{r}.total")
        if total is not None and None not in parts and sum(p for p in parts if p is not None) != total:
            out.setdefault("t3-row-total", []).append(f"{r}: {parts} vs {total}")
    for c in COLUMNS:
        new, old = v(f"t3.new.{c}"), v(f"t3.carried_over.{c}")
        done, fwd = v(f"t3.processed_total.{c}"), v(f"t3.carry_forward.{c}")
        if None not in (new, old, done, fwd) and new + old != done + fwd:  # type: ignore[operator]
            out.setdefault("t3-column-balance", []).append(f"{c}: {new}+{old} vs {done}+{fwd}")
        if None not in (new, old, fwd) and fwd > new + old:  # type: ignore[operator]
            out.setdefault("t3-carry-forward-bound", []).append(f"{c}: {fwd} > {new}+{old}")
        items = [v(f"t3.{o}.{c}") for o in outcomes]
        if done is not None and None not in items and sum(i for i in items if i is not None) != done:
            out.setdefault("t3-outcome-sum", []).append(f"{c}: outcomes sum to {sum(i or 0 for i in items)} vs {done}")
    for g in GROUPS:
        parts4 = [v(f"t4.{g}.{p}") for p in PARTS]
        total4 = v(f"t4.{g}.total")
        if total4 is not None and None not in parts4 and sum(p for p in parts4 if p is not None) != total4:
            out.setdefault("t4-group-total", []).append(f"{g}: {parts4} vs {total4}")
    return out


def problems(path: Path) -> list[str]:
    """Everything wrong with one truth file (empty when it is consistent)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found: list[str] = []
    source = path.parent / data["corpus_file"]
    if not source.exists():
        found.append(f"source missing: {source}")
    keys, outcomes = expected_keys(data)
    cells = data["cells"]
    if set(cells) != keys:
        found.append(f"cell keys differ from the format: missing {sorted(keys - set(cells))[:5]}, "
                     f"extra {sorted(set(cells) - keys)[:5]}")
    for key, value in cells.items():
        if value is not None and not isinstance(value, (int, float)):
            found.append(f"{key}: not a number: {value!r}")
    ambiguous = set((data.get("ambiguous_in_source") or {}).get("keys", ()))
    if not ambiguous <= set(cells):
        found.append(f"ambiguous keys that are not cells: {sorted(ambiguous - set(cells))}")
    failing = identity_failures(cells, outcomes)
    expected = set(data.get("expected_errors", []))
    for code, detail in failing.items():
        if code not in expected:
            found.append(f"{code} fails but is not expected: {detail}")
    for code in (expected & IDENTITY_CODES) - set(failing):
        found.append(f"{code} is expected but every identity holds")
    return found


def main() -> int:
    bad = 0
    paths = sorted(HERE.glob("*.truth.json"))
    for path in paths:
        found = problems(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        status = "OK " if not found else "BAD"
        print(f"{status} {path.name}: {len(data['cells'])} cells, expected_errors={data.get('expected_errors', [])}")
        for p in found:
            print(f"      {p}")
        bad += bool(found)
    print(f"{len(paths)} truth files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
