"""Layout variants of one synthetic report parse to identical cells.

The base report is built in code in the layout of seed 001 (tab-separated table rows) but with
distinctive non-zero numbers that satisfy every 表三 identity, so a value put into the wrong row or
column is detected. Each variant re-renders the same report the way real sources mangle it (one
cell per line, wrapped labels, full-width forms, Markdown tables, reordered rows, a spurious
header row, lost labels, digits run together) and must give exactly the same ``report.values()``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import cycle

import pytest
from tests.conftest import seed

import gongkai
from gongkai.model.keys import (
    T2_ROWS,
    T3_APPLICANT_KEYS,
    T3_COLUMN_KEYS,
    T3_ROWS,
    T4_KEYS,
    ReportFormat,
    T3Layout,
    cell_keys,
)
from gongkai.model.report import AnnualReport, Method

ROWS = T3_ROWS[T3Layout.SPLIT]
ROW_KEYS = [r.key for r in ROWS]
TITLE = "某某镇人民政府2024年政府信息公开工作年度报告"
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# ---------------------------------------------------------------------------------------------
# values


def make_values(rng_seed: int = 2024) -> dict[str, int | Decimal]:
    """Every cell of a 2021-format report with distinct non-zero numbers that satisfy the identities:
    each 表三 row's 总计 = the six applicant columns, the outcome rows add up to （七）总计 per column,
    and 一 + 二 = （七） + 四 per column. 表四 group totals hold too."""
    rng = random.Random(rng_seed)
    grid: dict[str, list[int]] = {}
    seen: set[tuple[int, ...]] = set()
    for row in ROWS:
        if not row.is_outcome:
            continue
        while True:
            vals = tuple(rng.randint(1, 9) for _ in T3_APPLICANT_KEYS)
            if vals not in seen:
                seen.add(vals)
                break
        grid[row.key] = list(vals)
    outcome = [r.key for r in ROWS if r.is_outcome]
    processed = [sum(grid[k][c] for k in outcome) for c in range(len(T3_APPLICANT_KEYS))]
    carried_over = [rng.randint(1, 9) for _ in T3_APPLICANT_KEYS]
    carry_forward = [rng.randint(1, 9) for _ in T3_APPLICANT_KEYS]
    grid["processed_total"] = processed
    grid["carried_over"] = carried_over
    grid["carry_forward"] = carry_forward
    grid["new"] = [p + f - o for p, f, o in zip(processed, carry_forward, carried_over, strict=True)]
    values: dict[str, int | Decimal] = {}
    for row in ROWS:
        vals = [*grid[row.key], sum(grid[row.key])]
        for col, v in zip(T3_COLUMN_KEYS, vals, strict=True):
            values[f"t3.{row.key}.{col}"] = v
    t2 = {
        "regulation": (2, 1, 14),
        "normative_doc": (5, 3, 41),
        "licensing": (126,),
        "penalty": (37,),
        "coercion": (8,),
        "fee": (Decimal("12.5"),),
    }
    for row in T2_ROWS[ReportFormat.F2021]:
        for key, v in zip(row.cell_keys(), t2[row.key], strict=True):
            values[key] = v
    for key, v in zip(T4_KEYS, (2, 1, 3, 1, 7, 1, 2, 1, 1, 5, 4, 1, 2, 1, 8), strict=True):
        values[key] = v
    return values


def zero_values() -> dict[str, int | Decimal]:
    return dict.fromkeys(cell_keys(ReportFormat.F2021, T3Layout.SPLIT), 0)


def _fmt(v: object) -> str:
    return str(v)


# ---------------------------------------------------------------------------------------------
# the report as structured lines, then rendered


@dataclass(frozen=True)
class Line:
    """One line of the report: a text line (one cell) or a table row.

    ``key`` names a data row (表三 row key, 表二 row key, "t4"); ``label_at`` is the index of the
    row label cell in ``cells`` and ``values_at`` the index of the first value cell."""

    cells: tuple[str, ...]
    table: str | None = None
    key: str | None = None
    label_at: int | None = None
    values_at: int | None = None
    heading: bool = False  # a title or section heading (Markdown renders it with #)

    @property
    def is_row(self) -> bool:
        return self.table is not None

    def with_cells(self, cells: Sequence[str]) -> Line:
        return replace(self, cells=tuple(cells))


PROSE = {
    1: "2024年，本镇深入贯彻落实《中华人民共和国政府信息公开条例》，全年通过政府网站发布信息11条，"
       "政务公开栏更新4次，进一步规范了公开流程。",
    5: "本镇政府信息公开工作还存在公开内容不够丰富、解读形式较为单一等问题。下一步将加强培训，提升质量。",
    6: "本年度未收取信息处理费。",
}


def t3_label_prefix(row_key: str) -> tuple[str, ...]:
    """The cells before the label on a 表三 row, as in seed 001."""
    i = ROW_KEYS.index(row_key)
    row = ROWS[i]
    if row_key in ("new", "carried_over", "processed_total", "carry_forward"):
        return ()
    if row_key == "granted":
        return ("三、本年度办理结果",)
    if row.group is None:
        return ("",)
    first_of_group = ROWS[i - 1].group != row.group
    return ("", row.group) if first_of_group else ("", "")


def build_report(values: dict[str, int | Decimal]) -> list[Line]:
    v = {k: _fmt(x) for k, x in values.items()}
    out: list[Line] = [Line((TITLE,), heading=True), Line(("",))]
    out += [Line(("一、总体情况",), heading=True), Line((PROSE[1],)), Line(("",))]
    out += [Line(("二、主动公开政府信息情况",), heading=True), Line(("",))]
    # 表二 (2021 layout, as in seeds 000/001)
    blocks = [
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("regulation", "normative_doc")),
        ("第二十条第（五）项", ("本年处理决定数量",), ("licensing",)),
        ("第二十条第（六）项", ("本年处理决定数量",), ("penalty", "coercion")),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("fee",)),
    ]
    t2_rows = {r.key: r for r in T2_ROWS[ReportFormat.F2021]}
    for caption, columns, row_keys in blocks:
        out.append(Line((caption, *[""] * len(columns)), table="t2"))
        out.append(Line(("信息内容", *columns), table="t2"))
        for rk in row_keys:
            row = t2_rows[rk]
            out.append(Line((row.label, *(v[k] for k in row.cell_keys())), table="t2", key=rk,
                            label_at=0, values_at=1))
    out.append(Line(("",)))
    out += [Line(("三、收到和处理政府信息公开申请情况",), heading=True), Line(("",))]
    # 表三: corner note and three header rows, then 25 data rows
    out.append(Line((T3_CORNER, "", "申请人情况", "", "", "", "", "", "总计", ""), table="t3"))
    out.append(Line(("", "", "自然人", "法人或其他组织", "", "", "", "", ""), table="t3"))
    out.append(Line(("", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "", ""),
                    table="t3"))
    for row in ROWS:
        prefix = t3_label_prefix(row.key)
        vals = [v[f"t3.{row.key}.{c}"] for c in T3_COLUMN_KEYS]
        cells = (*prefix, row.label, *([""] if not prefix else []), *vals)
        out.append(Line(cells, table="t3", key=row.key, label_at=len(prefix),
                        values_at=len(cells) - len(vals)))
    out.append(Line(("",)))
    out += [Line(("四、政府信息公开行政复议、行政诉讼情况",), heading=True), Line(("",))]
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    out.append(Line(("行政复议", "", "", "", "", "行政诉讼", *[""] * 9), table="t4"))
    out.append(Line((*results, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""), table="t4"))
    out.append(Line(("", "", "", "", "", *results, *results), table="t4"))
    out.append(Line(tuple(v[k] for k in T4_KEYS), table="t4", key="t4", values_at=0))
    out.append(Line(("",)))
    out += [Line(("五、存在的主要问题及改进情况",), heading=True), Line((PROSE[5],)), Line(("",))]
    out += [Line(("六、其他需要报告的事项",), heading=True), Line((PROSE[6],))]
    return out


def t3_span(lines: Sequence[Line]) -> tuple[int, int]:
    """Indices [first, last] of the 表三 data rows."""
    idx = [i for i, ln in enumerate(lines) if ln.table == "t3" and ln.key is not None]
    return idx[0], idx[-1]


def render_tabs(lines: Sequence[Line]) -> str:
    return "\n".join("\t".join(ln.cells) for ln in lines) + "\n"


_NUMERIC = re.compile(r"-?\d+(?:\.\d+)?")


def render_one_cell_per_line(lines: Sequence[Line]) -> str:
    """Seed 003's layout: each cell of a table row on its own line (indented with a tab or
    full-width spaces, numbers with stray no-break spaces), a blank line after each row."""
    pads = cycle(["\t", "\t\u3000\u3000", "\t", "\u3000"])
    nbsp = cycle(["\t\xa0{}", "\t{}\xa0", "\t{}", "\u3000{}\xa0"])
    out: list[str] = []
    for ln in lines:
        if not ln.is_row:
            out.append(ln.cells[0])
            continue
        for cell in ln.cells:
            if _NUMERIC.fullmatch(cell):
                out.append(next(nbsp).format(cell))
            elif cell:
                out.append(next(pads) + cell)
            else:
                out.append("\t")
        out.append("")
    return "\n".join(out) + "\n"


def _wrap_point(label: str) -> int:
    """Middle of the label text, after its item marker ("1." / "（一）" / "一、")."""
    m = re.match(r"^(?:\d+\.|（[一二三四五六七]）|[一二三四]、)", label)
    head = m.end() if m else 0
    text_len = len(label) - head
    return head + max(1, text_len // 2)


def wrap_labels(lines: Sequence[Line], tables: tuple[str, ...] = ("t2", "t3")) -> list[Line]:
    """Each data row label broken in the middle: the first half ends its line, the second half
    starts the next line and the values follow it."""
    out: list[Line] = []
    for ln in lines:
        if ln.table in tables and ln.key is not None and ln.label_at is not None:
            label = ln.cells[ln.label_at]
            k = _wrap_point(label)
            first = (*ln.cells[: ln.label_at], label[:k])
            second = (label[k:], *ln.cells[ln.label_at + 1 :])
            out.append(Line(first, table=ln.table))
            out.append(replace(ln, cells=second, label_at=0, values_at=(ln.values_at or 0) - ln.label_at))
        else:
            out.append(ln)
    return out


def wrap_labels_around_values(lines: Sequence[Line]) -> list[Line]:
    """PDF text order (淮安 2024): the first half of a wrapped 表三 label, then the value line,
    then the second half of the label."""
    out: list[Line] = []
    for ln in lines:
        if ln.table == "t3" and ln.key is not None and ln.label_at is not None:
            label = ln.cells[ln.label_at]
            k = _wrap_point(label)
            out.append(Line((*ln.cells[: ln.label_at], label[:k]), table="t3"))
            out.append(replace(ln, cells=ln.cells[ln.values_at :], label_at=None, values_at=0))
            out.append(Line((label[k:],), table="t3"))
        else:
            out.append(ln)
    return out


_FULL = str.maketrans({**{str(d): chr(0xFF10 + d) for d in range(10)},
                       "(": "（", ")": "）", ".": "．", ",": "，", ":": "：", ";": "；", "/": "／",
                       "-": "－", "%": "％", " ": "\u3000"})


def to_full_width(text: str) -> str:
    return text.translate(_FULL)


def render_markdown(lines: Sequence[Line]) -> str:
    """Pipe tables (a separator row after each table's first row, rows padded to the same width),
    headings as Markdown headings."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        ln = lines[k]
        if not ln.is_row:
            text = ln.cells[0]
            out.append(("# " if text == TITLE else "## ") + text if ln.heading else text)
            k += 1
            continue
        block = []
        while k < len(lines) and lines[k].table == ln.table:
            block.append(lines[k])
            k += 1
        width = max(len(b.cells) for b in block)
        for i, b in enumerate(block):
            cells = [*b.cells, *[""] * (width - len(b.cells))]
            out.append("| " + " | ".join(cells) + " |")
            if i == 0:
                out.append("|" + "---|" * width)
    return "\n".join(out) + "\n"


def parse_text(text: str, name: str = "v.txt") -> AnnualReport:
    return gongkai.parse_bytes(text.encode("utf-8"), name=name)


def notice_keys(report: AnnualReport, code: str) -> set[str]:
    return {k for n in report.notices if n.code == code for k in n.keys}


def row_keys(*rows: str) -> set[str]:
    return {f"t3.{r}.{c}" for r in rows for c in T3_COLUMN_KEYS}


VALUES = make_values()
BASE_LINES = build_report(VALUES)
BASE_TEXT = render_tabs(BASE_LINES)


@pytest.fixture(scope="module")
def base() -> AnnualReport:
    return parse_text(BASE_TEXT)


# ---------------------------------------------------------------------------------------------
# the generator and the base rendering


def test_generated_values_satisfy_the_identities():
    outcome = [r.key for r in ROWS if r.is_outcome]
    for row in ROWS:
        vals = [VALUES[f"t3.{row.key}.{c}"] for c in T3_COLUMN_KEYS]
        assert sum(vals[:-1]) == vals[-1], row.key
    for col in T3_COLUMN_KEYS:
        g = {r.key: VALUES[f"t3.{r.key}.{col}"] for r in ROWS}
        assert g["new"] + g["carried_over"] == g["processed_total"] + g["carry_forward"], col
        assert sum(g[k] for k in outcome) == g["processed_total"], col
        assert all(g[k] > 0 for k in g), col
    # every row is distinct, so a row in the wrong place changes the cells
    rows = {tuple(VALUES[f"t3.{r.key}.{c}"] for c in T3_COLUMN_KEYS) for r in ROWS}
    assert len(rows) == len(ROWS)
    assert set(VALUES) == set(cell_keys(ReportFormat.F2021, T3Layout.SPLIT))


def test_rendering_with_zeros_reads_like_seed_001():
    """The base rendering is seed 001's layout: with seed 001's numbers (all 0) both give the same cells."""
    seed_report = gongkai.parse(seed("001"))
    ours = parse_text(render_tabs(build_report(zero_values())))
    assert seed_report.values() == ours.values() == zero_values()
    assert ours.format is seed_report.format is ReportFormat.F2021
    assert ours.t3_layout is seed_report.t3_layout is T3Layout.SPLIT


def test_base_rendering_parses_to_the_generated_values(base: AnnualReport):
    assert base.values() == VALUES
    assert base.format is ReportFormat.F2021
    assert base.t3_layout is T3Layout.SPLIT
    assert base.year == 2024
    assert base.body == "某某镇人民政府"
    assert base.tables_found == ("t2", "t3", "t4")
    assert [s.number for s in base.sections] == [1, 2, 3, 4, 5, 6]
    assert base.notices == ()
    assert all(c.provenance is not None and c.provenance.method is Method.LABEL for c in base.cells.values())


# ---------------------------------------------------------------------------------------------
# variants that must read exactly like the base


def _md(lines: Sequence[Line]) -> str:
    return render_markdown(lines)


VARIANTS: dict[str, tuple[Callable[[Sequence[Line]], str], str]] = {
    "one-cell-per-line": (render_one_cell_per_line, "v.txt"),
    "wrapped-labels": (lambda ls: render_tabs(wrap_labels(ls)), "v.txt"),
    "wrapped-labels-one-cell-per-line": (lambda ls: render_one_cell_per_line(wrap_labels(ls)), "v.txt"),
    "full-width": (lambda ls: to_full_width(render_tabs(ls)), "v.txt"),
    "full-width-one-cell-per-line": (lambda ls: to_full_width(render_one_cell_per_line(ls)), "v.txt"),
    "markdown": (_md, "v.md"),
    "markdown-as-txt": (_md, "v.txt"),
    "markdown-wrapped-labels": (lambda ls: render_markdown(wrap_labels(ls)), "v.md"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_variant_reads_like_the_base(variant: str, base: AnnualReport):
    render, name = VARIANTS[variant]
    text = render(BASE_LINES)
    assert text != BASE_TEXT
    report = parse_text(text, name)
    got = report.values()
    wrong = {k: (VALUES[k], got.get(k)) for k in VALUES if got.get(k) != VALUES[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"
    assert got == base.values()
    assert report.format is ReportFormat.F2021 and report.t3_layout is T3Layout.SPLIT
    codes = {n.code for n in report.notices}
    assert not codes & {"labels-recovered", "rows-not-found", "ambiguous-digits", "table-not-found"}, codes


def test_labels_wrapped_around_their_value_line(base: AnnualReport):
    """淮安 2024's PDF text order for every 表三 row: label head, value line, label tail."""
    report = parse_text(render_tabs(wrap_labels_around_values(BASE_LINES)))
    got = report.values()
    wrong = {k: (VALUES[k], got.get(k)) for k in VALUES if got.get(k) != VALUES[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"
    assert got == base.values()
    assert not {n.code for n in report.notices} & {"rows-not-found", "ambiguous-digits", "table-not-found"}


def test_labels_wrapped_around_their_value_line_are_read_as_labels():
    report = parse_text(render_tabs(wrap_labels_around_values(BASE_LINES)))
    assert report.values() == VALUES
    assert notice_keys(report, "labels-recovered") == set()


def test_one_cell_per_line_really_has_one_cell_per_line():
    text = render_one_cell_per_line(BASE_LINES)
    table_part = text[text.index("第二十条第（一）项") : text.index("五、存在的主要问题")]
    assert all("\t" not in ln.strip("\t") for ln in table_part.splitlines())
    assert "\xa0" in table_part and "\u3000" in table_part


def test_full_width_variant_has_no_ascii_digits():
    text = to_full_width(BASE_TEXT)
    assert not re.search(r"[0-9().]", text)
    report = parse_text(text)
    assert report.values() == VALUES
    assert report.year == 2024


# ---------------------------------------------------------------------------------------------
# rows in another order, labels intact: placement by label must follow the labels


def reorder_t3(lines: Sequence[Line], order: Sequence[str]) -> list[Line]:
    first, last = t3_span(lines)
    by_key = {ln.key: ln for ln in lines[first : last + 1]}
    assert sorted(order) == sorted(by_key) and order[0] == "new"
    return [*lines[:first], *(by_key[k] for k in order), *lines[last + 1 :]]


def _swap(order: list[str], a: str, b: str) -> list[str]:
    i, j = order.index(a), order.index(b)
    order[i], order[j] = order[j], order[i]
    return order


_SHUFFLED = ["new", *random.Random(7).sample(ROW_KEYS[1:], len(ROW_KEYS) - 1)]

REORDERS = {
    "swap-granted-partial": _swap(list(ROW_KEYS), "granted", "partial"),
    "swap-two-denied-rows": _swap(list(ROW_KEYS), "denied.third_party_rights", "denied.process_info"),
    "carried-over-last": [k for k in ROW_KEYS if k != "carried_over"] + ["carried_over"],
    "reversed-after-new": ["new", *reversed(ROW_KEYS[1:])],
    "shuffled": _SHUFFLED,
}


@pytest.mark.parametrize("name", list(REORDERS))
def test_reordered_rows_are_placed_by_their_labels(name: str, base: AnnualReport):
    lines = reorder_t3(BASE_LINES, REORDERS[name])
    report = parse_text(render_tabs(lines))
    got = report.values()
    wrong = {k: (VALUES[k], got.get(k)) for k in VALUES if got.get(k) != VALUES[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"
    assert got == base.values()


def test_reordered_rows_never_pass_silently():
    """Whatever the parser does with rows out of order, it must not present misplaced values as
    read by label without saying so."""
    for name, order in REORDERS.items():
        report = parse_text(render_tabs(reorder_t3(BASE_LINES, order)))
        got = report.values()
        wrong = {k for k in VALUES if got.get(k) != VALUES[k]}
        if not wrong:
            continue
        flagged = set()
        for n in report.notices:
            flagged |= set(n.keys)
        by_label = {k for k in wrong if report.cells[k].provenance is not None
                    and report.cells[k].provenance.method is Method.LABEL}
        assert not (by_label - flagged), (name, sorted(by_label - flagged)[:7])


# ---------------------------------------------------------------------------------------------
# a spurious header row inside 表三 (沭阳县 2025: a row of column words with no numbers)

SHUYANG_HEADER = ("项目", "本年新收件数", "上年结转件数", "予以公开", "部分公开", "不予公开", "结转下年度", "总计")
COLUMN_HEADER = ("", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


@pytest.mark.parametrize(("header", "before"), [
    (SHUYANG_HEADER, "other.fee_unpaid"),
    (SHUYANG_HEADER, "denied.state_secret"),
    (SHUYANG_HEADER, "carry_forward"),
    (COLUMN_HEADER, "unavailable.not_held"),
    (COLUMN_HEADER, "processed_total"),
], ids=["shuyang-before-fee_unpaid", "shuyang-before-state_secret", "shuyang-before-carry_forward",
        "columns-before-not_held", "columns-before-processed_total"])
@pytest.mark.parametrize("layout", ["tabs", "markdown"])
def test_spurious_header_row_inside_t3(header: tuple[str, ...], before: str, layout: str, base: AnnualReport):
    lines = list(BASE_LINES)
    at = next(i for i, ln in enumerate(lines) if ln.table == "t3" and ln.key == before)
    lines.insert(at, Line(header, table="t3"))
    text = render_tabs(lines) if layout == "tabs" else render_markdown(lines)
    report = parse_text(text, "v.md" if layout == "markdown" else "v.txt")
    got = report.values()
    wrong = {k: (VALUES[k], got.get(k)) for k in VALUES if got.get(k) != VALUES[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"
    assert got == base.values()


# ---------------------------------------------------------------------------------------------
# labels lost, 25 data lines left: placed by position, with a notice naming the rows


def drop_labels(lines: Sequence[Line], keys: Sequence[str]) -> list[Line]:
    out = []
    for ln in lines:
        if ln.table == "t3" and ln.key in keys:
            cells = list(ln.cells)
            cells[ln.label_at] = ""
            ln = ln.with_cells(cells)
        out.append(ln)
    return out


@pytest.mark.parametrize("lost", [
    ("denied.internal_affairs",),
    ("unavailable.needs_creation", "unavailable.still_unclear"),
    ("denied.three_safeties_one_stability", "denied.third_party_rights", "denied.internal_affairs",
     "denied.process_info", "denied.enforcement_file", "denied.admin_query"),
    ("other.fee_unpaid", "other.other"),
    ("carry_forward",),
    ("new",),
    ("granted", "not_processed.repeat", "processed_total"),
], ids=lambda t: "+".join(t))
def test_lost_labels_are_placed_by_position_with_a_notice(lost: tuple[str, ...], base: AnnualReport):
    lines = drop_labels(BASE_LINES, lost)
    text = render_tabs(lines)
    for key in lost:  # the label text is really gone
        label = ROWS[ROW_KEYS.index(key)].label
        assert label not in text
    report = parse_text(text)
    got = report.values()
    wrong = {k: (VALUES[k], got.get(k)) for k in VALUES if got.get(k) != VALUES[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"
    assert got == base.values()
    assert notice_keys(report, "labels-recovered") == row_keys(*lost)
    for key in row_keys(*lost):
        assert report.cells[key].provenance.method is Method.POSITION
    for key in row_keys(*(k for k in ROW_KEYS if k not in lost)):
        assert report.cells[key].provenance.method is Method.LABEL, key


# ---------------------------------------------------------------------------------------------
# digits run together, the split forced by the row's own 总计


def all_row_sum_splits(digits: str, parts: int = 7) -> list[tuple[int, ...]]:
    """Independent oracle: every cut of ``digits`` into ``parts`` numbers without leading zeros
    whose first parts-1 add up to the last."""
    out = []

    def rec(start: int, acc: list[int], left: int) -> None:
        if left == 1:
            piece = digits[start:]
            if piece and (piece == "0" or piece[0] != "0"):
                vals = (*acc, int(piece))
                if sum(vals[:-1]) == vals[-1]:
                    out.append(vals)
            return
        for end in range(start + 1, len(digits) - left + 2):
            piece = digits[start:end]
            if piece != "0" and piece[0] == "0":
                break
            rec(end, [*acc, int(piece)], left - 1)

    rec(0, [], parts)
    return out


def run_together(lines: Sequence[Line], keys: Sequence[str]) -> list[Line]:
    out = []
    for ln in lines:
        if ln.table == "t3" and ln.key in keys:
            joined = "".join(ln.cells[ln.values_at :])
            ln = ln.with_cells([*ln.cells[: ln.values_at], joined])
        out.append(ln)
    return out


RUN_ROWS = [k for k in ("granted", "denied.state_secret", "new", "other.other")
            if len(all_row_sum_splits("".join(str(VALUES[f"t3.{k}.{c}"]) for c in T3_COLUMN_KEYS))) == 1]


def test_some_rows_have_a_single_row_sum_split():
    # the precondition of the next test: several rows whose run of digits only the row total decides
    assert len(RUN_ROWS) >= 3, RUN_ROWS


@pytest.mark.parametrize("rows", [(RUN_ROWS[0],), tuple(RUN_ROWS[:3])], ids=lambda t: "+".join(t))
def test_run_together_digits_split_by_the_row_total(rows: tuple[str, ...], base: AnnualReport):
    lines = run_together(BASE_LINES, rows)
    text = render_tabs(lines)
    for key in rows:
        digits = "".join(str(VALUES[f"t3.{key}.{c}"]) for c in T3_COLUMN_KEYS)
        assert "\t" + digits + "\n" in text
    report = parse_text(text)
    got = report.values()
    wrong = {k: (VALUES[k], got.get(k)) for k in VALUES if got.get(k) != VALUES[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"
    assert got == base.values()
    assert notice_keys(report, "digits-split") == row_keys(*rows)
    for key in row_keys(*rows):
        assert report.cells[key].provenance.method is Method.ROW_SUM


def test_readme_example_row_21710000218():
    """The corpus README's example as the 一、本年新收 row of an otherwise regular report."""
    values = zero_values()
    for col, v in zip(T3_COLUMN_KEYS, (217, 1, 0, 0, 0, 0, 218), strict=True):
        values[f"t3.new.{col}"] = v
        values[f"t3.processed_total.{col}"] = v
        values[f"t3.granted.{col}"] = v
    lines = run_together(build_report(values), ("new",))
    report = parse_text(render_tabs(lines))
    assert [report.value(f"t3.new.{c}") for c in T3_COLUMN_KEYS] == [217, 1, 0, 0, 0, 0, 218]
    assert report.values() == values
    assert notice_keys(report, "digits-split") == row_keys("new")


# ---------------------------------------------------------------------------------------------
# "/", "-", "无" and blank cells are None, never 0


def with_markers(lines: Sequence[Line]) -> tuple[list[Line], dict[str, str]]:
    """Replace a few cells of each table by blank markers; return the lines and key → printed text."""
    marks = {
        "t3.denied.state_secret.natural_person": "/",
        "t3.denied.state_secret.commercial_enterprise": "-",
        "t3.denied.state_secret.research_institution": "无",
        "t3.denied.state_secret.public_welfare_org": "",
        "t3.not_processed.repeat.total": "/",
        "t2.art20_5.licensing.decisions": "无",
        "t2.art20_8.fee.amount": "/",
        "t2.art20_1.normative_doc.repealed": "-",
        "t4.litigation_direct.pending": "-",
        "t4.review.other": "无",
    }
    out = []
    t2_rows = {r.key: r for r in T2_ROWS[ReportFormat.F2021]}
    for ln in lines:
        if ln.key is not None and ln.values_at is not None:
            if ln.table == "t3":
                keys = [f"t3.{ln.key}.{c}" for c in T3_COLUMN_KEYS]
            elif ln.table == "t2":
                keys = list(t2_rows[ln.key].cell_keys())
            else:
                keys = list(T4_KEYS)
            cells = list(ln.cells)
            for i, key in enumerate(keys):
                if key in marks:
                    cells[ln.values_at + i] = marks[key]
            ln = ln.with_cells(cells)
        out.append(ln)
    return out, marks


@pytest.mark.parametrize("layout", ["tabs", "markdown"])
def test_blank_markers_are_none_never_zero(layout: str):
    lines, marks = with_markers(BASE_LINES)
    text = render_tabs(lines) if layout == "tabs" else render_markdown(lines)
    report = parse_text(text, "v.md" if layout == "markdown" else "v.txt")
    for key, printed in marks.items():
        cell = report.cells[key]
        assert cell.value is None, (key, cell)
        assert cell.raw == printed, (key, cell.raw)
        assert cell.provenance is not None, key  # found in the source, not missing
    expected = {k: (None if k in marks else v) for k, v in VALUES.items()}
    got = report.values()
    wrong = {k: (expected[k], got.get(k)) for k in expected if got.get(k) != expected[k]}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"


def test_a_single_blank_cell_forced_by_two_identities_is_inferred_not_zeroed():
    """The one exception to "blank is None": an empty cell (not "/" or "-") that both its row and its
    column determine is restored with method "inferred" and raw "" (上海科委 2024)."""
    lines = list(BASE_LINES)
    key = "t3.carry_forward.total"
    i = next(i for i, ln in enumerate(lines) if ln.key == "carry_forward")
    cells = list(lines[i].cells)
    cells[lines[i].values_at + 6] = ""
    lines[i] = lines[i].with_cells(cells)
    report = parse_text(render_tabs(lines))
    cell = report.cells[key]
    assert cell.value == VALUES[key]
    assert cell.raw == ""
    assert cell.provenance.method is Method.INFERRED
    assert key in notice_keys(report, "values-inferred")
    # printed "/" instead: a deliberate blank, never inferred
    cells[lines[i].values_at + 6] = "/"
    lines[i] = lines[i].with_cells(cells)
    report = parse_text(render_tabs(lines))
    assert report.cells[key].value is None
    assert report.cells[key].raw == "/"
