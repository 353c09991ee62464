"""``gongkai parse`` on scans, as a user runs it: the console script, the batch engine, its default
limits (issue 14's done-when). OCR is slow, so two representative reports are scanned here; the whole
corpus in every degradation is ``bench/bench_ocr.py``.

* ``gongkai parse DIR`` over a folder with two image-only scans — a corpus PDF at 150 dpi with noise
  (2021 format, the county's own layout) and the official-format rendering of a 2019-format text
  report at 200 dpi turned 2° with noise and JPEG — gives every truth cell of both (uncertain cells
  empty with ``ocr-uncertain``, at most 0.5 %, never a wrong value), each OCR'd cell with its page
  and box in the JSON provenance;
* ``gongkai parse scan.pdf`` on a 2-page tilted, noisy scan parses under the default limits;
* a 1,000-page image PDF is refused in seconds with a Chinese message, and the batch goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REAL
from tests.corpus_truth import parseable_truths
from tests.ocr.scans import official_pdf, scan_pdf
from tests.readers.test_ocr_units import _image_pdf

pytest.importorskip("rapidocr")

GONGKAI = Path(sys.executable).with_name("gongkai")
HONGZE = REAL / "kiro__hongze-2023.pdf"
TRUTHS = {t.name: t for t in parseable_truths()}
#: a text report of the 2019 format (4 pages when rendered in the official format)
TEXT_2019 = "004_64de70db4186616a.txt"


def gongkai(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(GONGKAI), *args], capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("scans")
    scans = tmp / "扫描件"
    scans.mkdir()
    scan_pdf(HONGZE, scans / "hongze.pdf", dpi=150, noise=10.0)
    official = official_pdf(TRUTHS[TEXT_2019].source, tmp / "official.pdf")
    scan_pdf(official, scans / "text2019.pdf", dpi=200, angle=2.0, noise=8.0, jpeg=75)
    return scans


@pytest.fixture(scope="module")
def parsed(folder: Path) -> dict[str, dict[str, Any]]:
    proc = gongkai("parse", str(folder), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {Path(obj["file"]).name: obj for obj in map(json.loads, proc.stdout.splitlines())}


def _same(got: object, truth: object) -> bool:
    """A JSON number equals the truth's number (amounts come back as floats, the truth has Decimals)."""
    if got is None or truth is None:
        return got is truth
    return Decimal(str(got)) == Decimal(str(truth))


@pytest.mark.parametrize(("scan", "truth"), [("hongze.pdf", HONGZE.name), ("text2019.pdf", TEXT_2019)])
def test_parse_dir_of_image_only_scans_gives_the_truth_cells(parsed: dict[str, dict[str, Any]], scan: str,
                                                             truth: str) -> None:
    got = parsed[scan]
    assert got["source_format"] == "pdf"
    expected = TRUTHS[truth].expected_cells()
    warned = {k for w in got["warnings"] if w["code"] == "ocr-uncertain" for k in w.get("keys", ())}
    wrong = {k: (got["cells"].get(k), v) for k, v in expected.items()
             if not _same(got["cells"].get(k), v) and not (got["cells"].get(k) is None and k in warned)}
    assert not wrong, f"wrong cells (got, truth): {wrong}"
    flagged = warned & expected.keys()
    assert len(flagged) <= 0.005 * len(expected), f"flagged uncertain: {sorted(flagged)}"


def test_every_ocr_cell_has_its_page_and_box_in_the_provenance(parsed: dict[str, dict[str, Any]]) -> None:
    for got in parsed.values():
        located = [p for k, p in got["provenance"].items() if got["cells"].get(k) is not None]
        assert len(located) > 150
        for prov in located:
            x0, y0, x1, y1 = prov["box"]
            assert prov["page"] >= 1 and 0 <= x0 < x1 <= 600 and 0 <= y0 < y1 <= 850  # A4, PDF points
            assert 0 < prov["conf"] <= 1


def test_parse_a_two_page_tilted_noisy_scan_under_the_default_limits(tmp_path: Path) -> None:
    scan = scan_pdf(HONGZE, tmp_path / "tilted.pdf", dpi=150, pages=[3, 4], angle=3.0, noise=15.0, jpeg=60)
    proc = gongkai("parse", str(scan), "--json")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert {"t3", "t4"} <= set(got["tables_found"])
    assert sum(v is not None for k, v in got["cells"].items() if k.startswith("t3.")) > 130


def test_a_thousand_page_image_pdf_is_refused_in_seconds_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = _image_pdf(tmp_path / "千页扫描件.pdf", 1000)
    start = time.monotonic()
    proc = gongkai("parse", str(big), str(REAL / "govnianbao__huaian-2024.pdf"), timeout=120)
    assert time.monotonic() - start < 30
    assert proc.returncode == 2
    assert "千页扫描件.pdf" in proc.stderr and "PDF 页数过多（1000 页），超过上限 300 页" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "淮安市人民政府" in proc.stdout  # the next file was parsed
