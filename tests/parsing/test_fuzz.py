"""Garbled input never crashes the parser: it returns an AnnualReport or raises a GongkaiError.

Property tests over random text, truncated and shuffled seed reports, and random bytes. Every
parse must also finish quickly (a bound per example, not a benchmark).
"""

from __future__ import annotations

import time
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import SEEDS

import gongkai
from gongkai.exceptions import GongkaiError
from gongkai.model.keys import cell_keys
from gongkai.model.report import AnnualReport

MAX_SECONDS = 5.0
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large])

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}

# Words the parser keys on, so random text reaches the table code and not only the "no report" exit.
FRAGMENTS = [
    "某某镇人民政府2023年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项", "第二十条第（一）项", "第二十条第(九)项", "信息内容", "本年制发件数", "规章",
    "行政规范性文件", "本年新制作数量", "政府集中采购", "本年增/减", "勾稽关系", "申请人情况", "本年新收",
    "上年结转", "予以公开", "部分公开", "国家秘密", "其他处理", "逾期不补正", "收费通知", "3.其他", "（七）总计",
    "总计", "结转下年度", "复议", "申请总数", "同意公开答复", "|", "|---|---|", "/", "-", "无", "\u3000", "\xa0",
    "21710000218", "0 0 00 00 0", "-15", "12.5", "2013年", "\t", "\n",
]
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.sampled_from("0123456789０１２３４５６７８９.,、，。（）()：:|/-—\t\n \u3000\xa0"),
)
garbled_text = st.lists(st.one_of(st.text(ALPHABET, max_size=30), st.sampled_from(FRAGMENTS)),
                        max_size=80).map("".join)


def check(data: bytes, name: str) -> AnnualReport | None:
    """Parse; only an AnnualReport or a GongkaiError may come out, within the time bound."""
    start = time.perf_counter()
    try:
        report = gongkai.parse_bytes(data, name=name)
    except GongkaiError as exc:
        report = None
        assert str(exc), "errors carry a message"
    elapsed = time.perf_counter() - start
    assert elapsed < MAX_SECONDS, f"parse took {elapsed:.1f} s"
    if report is not None:
        assert isinstance(report, AnnualReport)
        if report.format is not None:
            assert set(report.cells) == set(cell_keys(report.format, report.t3_layout))
        for key, cell in report.cells.items():
            assert cell.key == key
            assert cell.value is None or isinstance(cell.value, int | Decimal), (key, cell.value)
        assert set(report.tables_found) <= {"t2", "t3", "t4"}
    return report


@FUZZ
@given(garbled_text)
def test_random_text(text: str):
    check(text.encode("utf-8"), "x.txt")


@FUZZ
@given(st.sampled_from(sorted(SEED_TEXTS)), st.floats(0, 1))
def test_truncated_seed(name: str, fraction: float):
    text = SEED_TEXTS[name]
    check(text[: int(len(text) * fraction)].encode("utf-8"), "x.txt")


def _t3_region(lines: list[str]) -> tuple[int, int]:
    start = next(i for i, ln in enumerate(lines) if "收到和处理政府信息公开申请情况" in ln)
    end = next(i for i, ln in enumerate(lines) if i > start and "行政复议" in ln)
    return start + 1, end


edits = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "swap"]), st.floats(0, 1), st.floats(0, 1)),
                 min_size=1, max_size=12)


@FUZZ
@given(st.sampled_from(sorted(SEED_TEXTS)), edits, st.booleans())
def test_seed_with_t3_lines_deleted_duplicated_or_shuffled(name: str, ops, shuffle_all: bool):
    lines = SEED_TEXTS[name].split("\n")
    lo, hi = _t3_region(lines)
    region = lines[lo:hi]
    for op, a, b in ops:
        if not region:
            break
        i, j = int(a * (len(region) - 1)), int(b * (len(region) - 1))
        if op == "delete":
            del region[i]
        elif op == "duplicate":
            region.insert(j, region[i])
        else:
            region[i], region[j] = region[j], region[i]
    if shuffle_all:
        region = sorted(region, key=lambda ln: hash((ln, len(ops))))
    report = check("\n".join([*lines[:lo], *region, *lines[hi:]]).encode("utf-8"), "x.txt")
    # the rest of the report is untouched: it is still recognised as an annual report
    assert report is not None
    assert report.year is not None


MAGIC = [b"", b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"<html><body><table>"]


@FUZZ
@given(st.sampled_from(MAGIC), st.binary(max_size=2000), st.sampled_from(["x.txt", "x.md"]))
def test_random_bytes(prefix: bytes, data: bytes, name: str):
    check(prefix + data, name)


@FUZZ
@given(st.sampled_from(sorted(SEED_TEXTS)), st.binary(min_size=1, max_size=200), st.floats(0, 1),
       st.sampled_from(["x.txt", "x.md"]))
def test_seed_with_random_bytes_spliced_in(name: str, junk: bytes, where: float, fname: str):
    data = SEED_TEXTS[name].encode("utf-8")
    at = int(len(data) * where)
    check(data[:at] + junk + data[at:], fname)
