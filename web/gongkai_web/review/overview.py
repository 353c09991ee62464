"""The review desk's overview (总览): bodies × years, filters, 未发布, the score, the ranking, totals by code and
the chart data. Every figure comes from aggregate queries over the current reports in the user's scope.

**Score** (documented in docs/review.md and on the page): for one report,
``score = max(0, 100 - 10 × errors - 3 × warnings)``, where errors and warnings are the report's findings that
are *not dismissed* — confirmed ones and those not yet reviewed both count; dismissed ones (解析误差, 原文如此但合理,
其他) do not; 提示 (info) never counts. A body's score for a year is the score of its current report for that
year; bodies that published nothing (未发布) have no score and are not ranked. The ranking orders by score
(highest first); equal scores share a rank (1, 1, 3 …).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from gongkai.model.keys import label_of
from gongkai_web.corpus import selectors as corpus_selectors
from gongkai_web.corpus.models import CorpusBody, CorpusCell, CorpusFinding, CorpusReport
from gongkai_web.corpus.services import CorpusError
from gongkai_web.review.models import FindingReview, ReportVerdict
from gongkai_web.review.selectors import SEVERITY_LABELS, code_title
from gongkai_web.review.selectors import SEVERITY_ORDER as SEVERITY_RANK

ERROR_WEIGHT = 10
WARNING_WEIGHT = 3
FULL_SCORE = 100
ROWS_PER_PAGE = 50
RANKS_PER_PAGE = 20
MISSING = "missing"
STATUS_LABELS = {"none": "无发现", "todo": "未审查", "doing": "审查中", "pass": "合格", "rectify": "需整改",
                 MISSING: "未发布"}
SCORE_TEXT = (f"得分 = {FULL_SCORE} − {ERROR_WEIGHT} × 错误数 − {WARNING_WEIGHT} × 警告数（最低为 0）。"
              "错误和警告只计未被排除的检查发现：已确认的和尚未审查的都计入，已排除的（解析误差、原文如此但合理、其他）"
              "不计入，提示不计入。机关某年度的得分即其该年度现行报告的得分；未发布报告的机关没有得分，不参加排名。"
              "得分相同的名次相同。")
#: The figures drawn for one body across years (the first is also the region's 新收 chart).
BODY_FIGURES = {"t3.new.total": "本年新收申请", "t3.processed_total.total": "办理结果总计",
                "t2.art20_5.licensing.decisions": "行政许可决定", "t2.art20_6.penalty.decisions": "行政处罚决定",
                "t4.review.total": "行政复议总计"}
NEW_KEY = "t3.new.total"


class OverviewError(Exception):
    """A filter that cannot be applied (the message is Chinese and shown on the page)."""


def score(errors: int, warnings: int) -> int:
    return max(0, FULL_SCORE - ERROR_WEIGHT * errors - WARNING_WEIGHT * warnings)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@dataclass
class OverviewFilters:
    """The overview's filters, read from and written back to GET parameters (an export link reuses
    :meth:`query`)."""

    region: str = ""
    level: str = ""
    year: int | None = None
    code: str = ""
    severity: str = ""
    status: str = ""
    body: int | None = None
    page: int = 1
    rank_page: int = 1

    @classmethod
    def from_query(cls, q: Mapping[str, str]) -> OverviewFilters:
        status = q.get("status", "")
        severity = q.get("severity", "")
        return cls(region=q.get("region", "").strip()[:100], level=q.get("level", "").strip()[:8],
                   year=_int(q.get("year")), code=q.get("code", "").strip()[:64],
                   severity=severity if severity in SEVERITY_LABELS else "",
                   status=status if status in STATUS_LABELS else "", body=_int(q.get("body")),
                   page=max(_int(q.get("page")) or 1, 1), rank_page=max(_int(q.get("rank_page")) or 1, 1))

    def query(self, **override: Any) -> str:
        """The filters as a query string (without the page numbers unless overridden)."""
        values: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(page=None, rank_page=None)
        values.update(override)
        return urlencode({k: v for k, v in values.items()
                          if v not in (None, "") and not (k in ("page", "rank_page") and v == 1)})

    @property
    def narrows_findings(self) -> bool:
        return bool(self.code or self.severity or (self.status and self.status != MISSING))


@dataclass
class Cell:
    """One body × year cell: a report (with its effective counts) or 未发布."""

    status: str
    report_id: int | None = None
    errors: int = 0
    warnings: int = 0
    score: int | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Row:
    key: str
    body: str
    body_id: int | None
    level: str
    order: tuple[str, int, str]  # division code prefix, divisions before departments, name
    cells: list[Cell | None] = field(default_factory=list)


@dataclass
class Ranked:
    rank: int
    body: str
    body_id: int | None
    report_id: int
    score: int
    errors: int
    warnings: int
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def resolve_region(ref: str, scope: str | None) -> CorpusBody | None:
    """The region filter as a registry body (a name, a division code or code prefix, or ``#id``); it must
    lie within ``scope`` (the supervisor's region prefix; None = every region)."""
    if not ref:
        return None
    try:
        area = corpus_selectors.region(ref)
    except CorpusError as exc:
        raise OverviewError(f"地区：{exc}") from None
    if area is None:
        return None
    if scope is not None and not (scope and area.code and area.prefix.startswith(scope)):
        raise OverviewError(f"地区“{area.full_name}”不在当前用户负责的地区内")
    return area


def _reviewed() -> Exists:
    return Exists(FindingReview.objects.filter(report=OuterRef("pk")).filter(~Q(decision="") | ~Q(comment="")))


def _dismissed() -> Exists:
    return Exists(FindingReview.objects.filter(report=OuterRef("report_id"), code=OuterRef("code"),
                                               keys=OuterRef("keys"), decision=FindingReview.DISMISSED))


def status_q(status: str) -> Q:
    """The review status (as in :func:`gongkai_web.review.selectors.review_status`) as a condition on a
    report queryset annotated with ``reviewed``."""
    if status in (ReportVerdict.PASS, ReportVerdict.RECTIFY):
        return Q(verdict__verdict=status)
    open_ = Q(verdict__isnull=True)
    if status == "doing":
        return open_ & Q(reviewed=True)
    any_findings = Q(n_errors__gt=0) | Q(n_warnings__gt=0) | Q(n_infos__gt=0)
    if status == "todo":
        return open_ & Q(reviewed=False) & any_findings
    if status == "none":
        return open_ & Q(reviewed=False) & ~any_findings
    return Q()


def scoped(reports: QuerySet[CorpusReport], f: OverviewFilters, area: CorpusBody | None, *,
           with_year: bool = True) -> QuerySet[CorpusReport]:
    """The current, parsed reports within ``reports`` (the user's scope) matching the region and level (and
    the year unless ``with_year`` is false). The finding and status filters are applied by :func:`filtered`."""
    qs = reports.filter(status=CorpusReport.OK, is_current=True)
    if area is not None:
        qs = qs.filter(body__in=corpus_selectors.bodies_under(area))
    if f.level:
        qs = qs.filter(body__level=f.level)
    if with_year and f.year:
        qs = qs.filter(year=f.year)
    return qs


def filtered(qs: QuerySet[CorpusReport], f: OverviewFilters) -> QuerySet[CorpusReport]:
    qs = qs.annotate(reviewed=_reviewed())
    if f.code or f.severity:
        findings = CorpusFinding.objects.filter(report=OuterRef("pk"))
        if f.code:
            findings = findings.filter(code=f.code)
        if f.severity:
            findings = findings.filter(severity=f.severity)
        qs = qs.filter(Exists(findings.exclude(_dismissed())))
    if f.status and f.status != MISSING:
        qs = qs.filter(status_q(f.status))
    return qs


@dataclass
class ReportFacts:
    pk: int
    body_id: int | None
    body: str
    level: str
    year: int | None
    errors: int
    warnings: int
    status: str
    order: tuple[str, int, str] = ("", 0, "")

    @property
    def score(self) -> int:
        return score(self.errors, self.warnings)


def dismissed_findings(qs: QuerySet[CorpusReport]) -> list[tuple[int, str, str]]:
    """``(report id, code, severity)`` of the dismissed findings of the reports of ``qs``: the dismissals
    (few) first, then the findings of only those reports, matched by code and cells — cheaper than an
    ``EXISTS`` per finding."""
    decided = FindingReview.objects.filter(decision=FindingReview.DISMISSED, report__in=qs.values("pk"))
    keys = set(decided.values_list("report_id", "code", "keys"))
    if not keys:
        return []
    findings = CorpusFinding.objects.filter(report__in=decided.values("report_id"))
    return [(rid, code, sev) for rid, code, k, sev in findings.values_list("report_id", "code", "keys", "severity")
            if (rid, code, k) in keys]


def facts(qs: QuerySet[CorpusReport], gone: Sequence[tuple[int, str, str]] | None = None) -> list[ReportFacts]:
    """Each report of ``qs`` (annotated by :func:`filtered`) with its effective error and warning counts
    (``gone``, the dismissed findings of :func:`dismissed_findings`, subtracted) and its review status."""
    rows = list(qs.values_list("pk", "body_id", "body__full_name", "body_printed", "body__level", "year", "n_errors",
                               "n_warnings", "n_infos", "verdict__verdict", "body__prefix", "body__code",
                               "reviewed"))  # type: ignore[misc]  # annotated by filtered()
    if gone is None:
        gone = dismissed_findings(qs)
    dismissed = Counter((rid, sev) for rid, _, sev in gone)
    out = []
    for pk, body_id, full, printed, level, year, ne, nw, ni, verdict, prefix, code, reviewed in rows:
        if verdict:
            status = verdict
        elif reviewed:
            status = "doing"
        else:
            status = "todo" if ne or nw or ni else "none"
        name = full or printed or "（未识别机关）"
        out.append(ReportFacts(pk, body_id, name, level or "", year, ne - dismissed.get((pk, "error"), 0),
                               nw - dismissed.get((pk, "warning"), 0), status,
                               (prefix or "~", 0 if code else 1, name)))
    return out


def rank(items: Sequence[ReportFacts]) -> list[Ranked]:
    """Highest score first; equal scores share a rank (competition ranking), then by name."""
    ordered = sorted(items, key=lambda r: (-r.score, r.body, r.pk))
    out: list[Ranked] = []
    for i, r in enumerate(ordered, start=1):
        place = out[-1].rank if out and out[-1].score == r.score else i
        out.append(Ranked(place, r.body, r.body_id, r.pk, r.score, r.errors, r.warnings, r.status))
    return out


def totals_by_code(qs: QuerySet[CorpusReport], f: OverviewFilters,
                   dismissed_rows: Sequence[tuple[int, str, str]] | None = None,
                   keep: set[int] | None = None) -> list[dict[str, Any]]:
    """Findings by code (not dismissed, and dismissed) of the reports of ``qs`` — only those in ``keep`` when
    given (``qs`` is then a superset without the finding filters, whose nested ``EXISTS`` would be evaluated
    again in every subquery)."""
    findings = CorpusFinding.objects.filter(report__in=qs.values("pk"))
    if f.severity:
        findings = findings.filter(severity=f.severity)
    all_: Any
    if keep is None:
        all_ = findings.values_list("code", "severity").annotate(n=Count("pk")).values_list("code", "severity", "n")
    else:
        summed: Counter[tuple[str, str]] = Counter()
        for rid, c, s, n in findings.values_list("report_id", "code", "severity").annotate(n=Count("pk")) \
                .values_list("report_id", "code", "severity", "n"):
            if rid in keep:
                summed[(c, s)] += n
        all_ = [(c, s, n) for (c, s), n in summed.items()]
    if dismissed_rows is None:
        dismissed_rows = dismissed_findings(qs)
    gone = Counter((c, s) for _, c, s in dismissed_rows if not f.severity or s == f.severity)
    totals: Counter[str] = Counter()
    dismissed: Counter[str] = Counter()
    severity_of: dict[str, str] = {}
    for c, s, n in all_:
        if c not in severity_of or SEVERITY_RANK.get(s, 9) < SEVERITY_RANK.get(severity_of[c], 9):
            severity_of[c] = s
        totals[c] += n - gone.get((c, s), 0)
        dismissed[c] += gone.get((c, s), 0)
    return [{"code": c, "title": code_title(c), "severity": severity_of[c],
             "severity_label": SEVERITY_LABELS.get(severity_of[c], ""), "n": totals[c], "dismissed": dismissed[c]}
            for c in sorted(severity_of, key=lambda c: (-totals[c], c))]


def histogram(scores: Sequence[int]) -> dict[str, list[Any]]:
    """Scores in bands of ten (0–9 … 90–99) and a band of its own for 100."""
    labels = [f"{lo}–{lo + 9}" for lo in range(0, 100, 10)] + ["100"]
    counts = [0] * 11
    for s in scores:
        counts[min(s // 10, 10)] += 1
    return {"labels": labels, "counts": counts}


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def region_new(qs: QuerySet[CorpusReport]) -> dict[str, list[Any]]:
    """Σ 本年新收 (``t3.new.total``) of the current reports by year, with the number of reports summed."""
    rows = list(CorpusCell.objects.filter(report__in=qs.values("pk"), key=NEW_KEY, value__isnull=False)
                .values_list("report__year").annotate(total=Sum("value"), n=Count("pk"))
                .order_by("report__year").values_list("report__year", "total", "n"))
    rows = [r for r in rows if r[0] is not None]
    return {"years": [y for y, _, _ in rows], "totals": [_num(t) for _, t, _ in rows], "reports": [n for *_, n in rows]}


def body_series(reports: QuerySet[CorpusReport], body_id: int) -> dict[str, Any] | None:
    """One body's figures (:data:`BODY_FIGURES`) across the years of its current reports."""
    body = CorpusBody.objects.filter(pk=body_id).first()
    qs = reports.filter(status=CorpusReport.OK, is_current=True, body_id=body_id, year__isnull=False)
    years = sorted({y for y in qs.values_list("year", flat=True) if y is not None})
    if body is None or not years:
        return None
    values: dict[str, dict[int, float | int | None]] = defaultdict(dict)
    cells = CorpusCell.objects.filter(report__in=qs.values("pk"), key__in=list(BODY_FIGURES))
    for year, key, value in cells.values_list("report__year", "key", "value"):
        if year is not None:
            values[key][year] = _num(value)
    series = [{"key": k, "label": short, "title": label_of(k), "values": [values[k].get(y) for y in years]}
              for k, short in BODY_FIGURES.items()]
    return {"body": body.full_name, "body_id": body.pk, "years": years, "series": series}


def overview(reports: QuerySet[CorpusReport], f: OverviewFilters, scope: str | None) -> dict[str, Any]:
    """Everything the overview page shows, for the reports ``reports`` (the user's scope, ``scope`` its
    region prefix or None for every region)."""
    error = ""
    try:
        area = resolve_region(f.region, scope)
    except OverviewError as exc:
        area, error = None, str(exc)
        f.region = ""
    base = scoped(reports, f, area, with_year=False)
    all_years = sorted({y for y in base.values_list("year", flat=True).distinct() if y is not None}, reverse=True)
    levels = sorted({lv for lv in reports.filter(status=CorpusReport.OK, is_current=True)
                     .values_list("body__level", flat=True).distinct() if lv})
    qs = filtered(scoped(reports, f, area), f)
    # with a finding filter, the aggregates read a superset without it and keep the matching reports' rows
    plain = filtered(scoped(reports, f, area), replace(f, code="", severity="")) if f.code or f.severity else qs
    gone = [] if f.status == MISSING else dismissed_findings(plain)
    items = [] if f.status == MISSING else facts(qs, gone)
    keep = {it.pk for it in items} if plain is not qs else None
    if keep is not None:
        gone = [g for g in gone if g[0] in keep]
    years = [f.year] if f.year else all_years
    # rows: the bodies with a matching report, and (a region chosen) the registry's bodies that published nothing
    by_row: dict[str, dict[int, Cell]] = defaultdict(dict)
    rows: dict[str, Row] = {}
    for it in items:
        key = str(it.body_id) if it.body_id else "p:" + it.body
        rows.setdefault(key, Row(key, it.body, it.body_id, it.level, it.order))
        by_row[key][it.year or 0] = Cell(it.status, it.pk, it.errors, it.warnings, it.score)
    missing_count = 0
    show_missing = area is not None and not f.narrows_findings and bool(years)
    if show_missing:
        for y in years:
            for pk, full, level, prefix, code in corpus_selectors.missing(
                    y, area, [f.level] if f.level else ()).values_list("pk", "full_name", "level", "prefix", "code"):
                key = str(pk)
                rows.setdefault(key, Row(key, full, pk, level, (prefix, 0 if code else 1, full)))
                if y not in by_row[key]:
                    by_row[key][y] = Cell(MISSING)
                    missing_count += 1
    if f.status == MISSING:
        rows = {k: r for k, r in rows.items() if any(c.status == MISSING for c in by_row[k].values())}
    ordered = sorted(rows.values(), key=lambda r: (r.order, r.key))  # by division code: a region's tree
    paginator = Paginator(ordered, ROWS_PER_PAGE)
    page: Page[Row] = paginator.get_page(f.page)
    for row in page.object_list:
        row.cells = [by_row[row.key].get(y) for y in years]
    # ranking: one year (the chosen one, else the latest with reports)
    rank_year = f.year or next((y for y in sorted({it.year for it in items if it.year}, reverse=True)), None)
    ranked = rank([it for it in items if it.year == rank_year]) if rank_year else []
    rank_page: Page[Ranked] = Paginator(ranked, RANKS_PER_PAGE).get_page(f.rank_page)
    by_code = totals_by_code(plain, f, gone, keep) if items else []
    status_counts = Counter(it.status for it in items)
    if missing_count:
        status_counts[MISSING] = missing_count
    series = body_series(reports, f.body) if f.body else None
    charts = {
        "codes": {"codes": [r["code"] for r in by_code], "titles": [r["title"] for r in by_code],
                  "counts": [r["n"] for r in by_code], "severities": [r["severity"] for r in by_code]},
        "scores": {**histogram([r.score for r in ranked]), "year": rank_year},
        "new": {**region_new(base), "region": area.full_name if area is not None else "全部地区"},
        "body": series,
    }
    return {
        "error": error, "area": area, "years": years, "all_years": all_years, "levels": levels,
        "page": page, "paginator": paginator, "ranked": rank_page, "rank_year": rank_year, "by_code": by_code,
        "status_counts": [(k, STATUS_LABELS[k], status_counts[k]) for k in STATUS_LABELS if status_counts[k]],
        "n_reports": len(items), "errors": sum(it.errors for it in items),
        "warnings": sum(it.warnings for it in items), "missing_count": missing_count,
        "show_missing": show_missing, "charts": charts, "series": series,
        "codes": [(c, code_title(c)) for c in sorted(set(CorpusFinding.objects.filter(
            report__in=base.values("pk")).values_list("code", flat=True).distinct()))],
        "score_text": SCORE_TEXT,
    }


def region_choices(reports: QuerySet[CorpusReport]) -> list[tuple[str, str]]:
    """The provinces, cities and counties above the bodies with reports (for the region field's list):
    ``(division code prefix, full name)``."""
    prefixes = {p for p in reports.filter(status=CorpusReport.OK, body__isnull=False)
                .values_list("body__prefix", flat=True).distinct() if p}
    wanted = {p[:n] for p in prefixes for n in (2, 4, 6) if len(p) >= n}
    codes = [p.ljust(12, "0") for p in wanted]
    bodies = CorpusBody.objects.filter(code__in=codes).only("prefix", "full_name")
    return sorted((b.prefix, b.full_name) for b in bodies)
