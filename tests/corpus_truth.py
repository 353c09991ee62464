"""Reading the corpus ground truth (``*.truth.json``) for the accuracy tests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tests.conftest import CORPUS

# Cells that a truth file records as certain although its own source text cannot decide them.
# 采购项目数量 and 采购总金额 are printed run together ("13575394432.52元") and 表二 has no identity:
# 1|3575394432.52, 13|575394432.52, 135|75394432.52 … are all valid readings. The truth values were
# taken from the original HTML (not in the corpus); the README's rule for 表二 is to leave such
# cells empty with a warning, which the parser does. Reported to the team in the closing note.
TRUTH_ERRATA: dict[str, tuple[str, ...]] = {
    "pingtan__pingtan-zone-2019.txt": ("t2.art20_9.procurement.items", "t2.art20_9.procurement.amount"),
    "pingtan__pingtan-zone-2020.txt": ("t2.art20_9.procurement.items", "t2.art20_9.procurement.amount"),
}

# Cells that a truth file lists as ambiguous although every valid split of their run gives the same value, so the
# source does decide them (issue 10: a cell with the same value in every split is certain). In the 2019 format
# only 本年增/减 may be negative: '2648-18538' is 2648 | -1 | 8538, 2648 | -18 | 538 … (上一年项目数量 2648 in
# every split). The parser reads them; they are compared with the truth value like any other cell.
TRUTH_DETERMINED: dict[str, tuple[str, ...]] = {
    "pingtan__pingtan-zone-2020.txt": ("t2.art20_6.penalty.prev_items",),
}


@dataclass(frozen=True)
class Truth:
    path: Path
    source: Path
    data: dict

    @property
    def name(self) -> str:
        return self.source.name

    def expected_cells(self) -> dict[str, object]:
        """Cells as a parser must read them from this source: values as numbers, and None for the
        cells the truth marks ambiguous in this source (plus the documented errata)."""
        ambiguous = set((self.data.get("ambiguous_in_source") or {}).get("keys", ()))
        ambiguous |= set(TRUTH_ERRATA.get(self.name, ()))
        ambiguous -= set(TRUTH_DETERMINED.get(self.name, ()))
        return {k: None if k in ambiguous else _num(v) for k, v in self.data["cells"].items()}

    def ambiguous_keys(self) -> set[str]:
        keys = set((self.data.get("ambiguous_in_source") or {}).get("keys", ()))
        return keys - set(TRUTH_DETERMINED.get(self.name, ()))

    def expected_bodies(self) -> set[str]:
        """The body as the source prints it: ``issuing_body`` without its bracketed annotation; where
        the annotation records an OCR misspelling of the source ("text OCR'd as 沐阳县"), that spelling."""
        body = self.data["report"]["issuing_body"]
        plain = re.sub(r"[（(].*?[）)]", "", body).strip()
        out = {plain}
        if m := re.search(r"OCR'd as (\S+?)[）)]", body):
            core = self.data["report"]["body_core"]
            out.add(plain.replace(core, m.group(1)))
        return out

    @property
    def year(self) -> int:
        return self.data["report"]["year"]

    @property
    def format(self) -> str:
        return self.data["report"]["format"]


def _num(v: object) -> object:
    if isinstance(v, float):
        return Decimal(repr(v))
    return v


def parseable_truths(root: Path = CORPUS, pattern: str = "*/*.truth.json") -> list[Truth]:
    """Every truth file under ``root`` (the shared corpus by default; ``tests/corpus`` for the project's own
    reports, pattern ``*.truth.json``) whose source exists and has tables. ``corpus_file`` is relative to the
    truth file."""
    out = []
    for path in sorted(root.glob(pattern)):
        data = json.loads(path.read_text(encoding="utf-8"))
        source = (path.parent / data["corpus_file"]).resolve()
        if data.get("tables_in_source") is False or not source.exists() or source.suffix == ".json":
            continue
        out.append(Truth(path, source, data))
    return out
