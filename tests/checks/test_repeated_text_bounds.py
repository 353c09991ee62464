"""``repeated-text`` stays fast on long reports: cheap bounds first, shingles above a length cap."""

from __future__ import annotations

import random
import time

from gongkai.checks import check_reports
from gongkai.checks.catalogue.crossyear import MAX_EXACT_CHARS, RepeatedText, shingle_similarity, similarity
from gongkai.checks.check import CheckConfig, Context
from tests.checks.factories import make_report

_WORDS = ("乡村振兴", "农田水利", "土地流转", "社会救助", "政策解读", "便民服务", "公开目录", "意见建议",
          "整改台账", "培训", "网站", "专栏", "村务公开栏", "满意度调查", "财政预决算", "重大项目", "征地补偿")


def _prose(n: int, seed: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    while sum(map(len, out)) < n:
        out.append("本镇" + "、".join(rng.sample(_WORDS, 3)) + "工作稳步开展，" + rng.choice(_WORDS) + "不断完善。")
    return "".join(out)[:n]


def test_similarity_bounds_refuse_cheaply_and_agree_with_the_exact_ratio():
    short, long_ = "甲乙丙丁" * 30, "甲乙丙丁" * 300
    assert similarity(short, long_, 0.8) is None  # length ratio bound: 240 vs 1200 characters
    assert similarity("甲乙丙丁" * 50, "戊己庚辛" * 50, 0.8) is None  # no character in common
    assert similarity(short, short, 0.8) == 1.0
    a = _prose(3000, 1)
    assert similarity(a, a[:2900] + "戊" * 100, 0.8) > 0.9


def test_shingle_similarity_separates_a_copy_from_a_rewrite():
    a = _prose(50_000, 1)
    copy = a.replace("本镇", "我镇", 50)
    assert shingle_similarity(a, copy) > 0.9
    assert shingle_similarity(a, "".join(reversed(_prose(50_000, 2)))) < 0.3


def test_repeated_text_fires_on_a_pair_of_100k_character_reports_within_a_second():
    text = _prose(100_000, 3)
    assert len(text) > MAX_EXACT_CHARS
    prev = make_report(year=2022, sections={1: ("一、总体情况", text), 5: ("五、存在的主要问题及改进情况", text)},
                       source="2022.txt")
    now = make_report(year=2023, sections={1: ("一、总体情况", text.replace("本镇", "全镇", 100)),
                                           5: ("五、存在的主要问题及改进情况", _prose(100_000, 4)[::-1])},
                      source="2023.txt")
    start = time.perf_counter()
    timed = list(RepeatedText().run(now, Context(CheckConfig(), prev)))
    elapsed = time.perf_counter() - start
    found = [f for f in check_reports([prev, now])[1].findings if f.code == "repeated-text"]
    assert [f.message[:3] for f in found] == [f.message[:3] for f in timed] == ["第1部"]  # 一 copied, 五 rewritten
    assert elapsed < 1.0, f"repeated-text took {elapsed:.2f} s"
