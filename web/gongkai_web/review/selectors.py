"""What the review desk's pages show: the report page (tables, findings with evidence, source text) and the
overview (bodies × years, totals by code)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai import GongkaiError
from gongkai.checks import check_report
from gongkai.checks import registry as check_registry
from gongkai.checks.finding import Evidence
from gongkai.model.location import Location
from gongkai.parsing.report import parse_document
from gongkai.readers.load import read_bytes
from gongkai.rendering.view import Grid, build_view
from gongkai_web.corpus.models import CorpusFinding, CorpusReport
from gongkai_web.corpus.services import file_store
from gongkai_web.review.models import FindingReview, ReportVerdict, ReviewAudit

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
REVIEW_STATUS = {"none": "无发现", "todo": "未审查", "doing": "审查中", "pass": "合格", "rectify": "需整改"}


def code_title(code: str) -> str:
    cls = check_registry().get(code)
    return cls.title if cls is not None else code


# ------------------------------------------------------------------------------------------ report page


@dataclass
class EvidenceRow:
    quote: str
    key: str
    where: str
    line: int | None  # index of the source line to mark (anchor ``L{n}``)
    loc: Location | None = None
    anchor: str = ""  # on a paged source (PDF, image): the cell's mark ``M{finding}-{n}`` or its page ``P{n}``


@dataclass
class FindingRow:
    finding: CorpusFinding
    title: str
    severity_label: str
    keys: list[str]
    review: FindingReview | None
    evidence: list[EvidenceRow] = field(default_factory=list)

    @property
    def decision(self) -> str:
        return self.review.decision if self.review is not None else ""

    @property
    def place(self) -> str:
        """The id of the finding's first place in the source view (a mark, a page or a line), or ""."""
        for ev in self.evidence:
            if ev.anchor:
                return ev.anchor
            if ev.line is not None:
                return f"L{ev.line}"
        return ""


@dataclass
class SourceLine:
    number: int  # position in the document's lines (the anchor)
    label: int  # the line number shown: the source's own line number where it has one
    text: str
    where: str
    marked: bool = False


@dataclass
class ReportPage:
    report: CorpusReport
    findings: list[FindingRow]
    tables: list[dict[str, Any]]
    source: list[SourceLine]
    problem: str  # why the tables or the source cannot be shown (Chinese), or ""
    verdict: ReportVerdict | None
    audits: list[ReviewAudit]


def _line_key(loc: Location) -> Location:
    return loc._replace(col=None)


def report_page(report: CorpusReport) -> ReportPage:
    """The stored findings of ``report`` (authoritative: what the batch run wrote), each with the quoted
    evidence and location from parsing the stored file again; the three tables laid out by the library's
    :func:`~gongkai.rendering.view.build_view`, cells named by a finding marked; the source lines."""
    stored = list(report.findings.order_by("cross_year", "pk"))
    reviews = {(r.code, r.keys): r for r in FindingReview.objects.filter(report=report)}
    rows = [FindingRow(f, code_title(f.code), SEVERITY_LABELS.get(f.severity, f.severity),
                       [k for k in f.keys.split(",") if k], reviews.get((f.code, f.keys))) for f in stored]
    rows.sort(key=lambda r: (SEVERITY_ORDER.get(r.finding.severity, 9), r.finding.pk))
    problem = ""
    tables: list[dict[str, Any]] = []
    source: list[SourceLine] = []
    try:
        data = file_store().get(report.file.sha256, report.file.suffix)
        name = Path(report.file.name.rpartition("!")[2]).name or f"file{report.file.suffix}"
        raw = read_bytes(data, name=name)
        parsed = parse_document(raw)
    except GongkaiError as exc:
        return ReportPage(report, rows, [], [], f"无法读取原文件：{exc}", _verdict(report), _audits(report))
    by_loc: dict[Location, int] = {}
    for i, line in enumerate(raw.lines, start=1):
        source.append(SourceLine(i, line.loc.line or i, line.text, line.loc.describe()))
        by_loc.setdefault(_line_key(line.loc), i)
    live: dict[tuple[str, str], list[tuple[Evidence, ...]]] = defaultdict(list)
    for f in check_report(parsed).findings:
        keys = ",".join(e.key for e in f.evidence if e.key)[:500]
        live[(f.code, keys)].append(f.evidence)
    for row in rows:
        found = live.get((row.finding.code, row.finding.keys))
        if not found:
            continue
        for ev in found.pop(0):
            at = by_loc.get(_line_key(ev.loc)) if ev.loc is not None else None
            if at is not None:
                source[at - 1].marked = True
            row.evidence.append(EvidenceRow(ev.quote, ev.key or "", ev.loc.describe() if ev.loc else "", at,
                                            ev.loc))
    flagged: dict[str, str] = {}
    for row in rows:
        if row.decision == FindingReview.DISMISSED:
            continue
        for key in row.keys:
            if flagged.get(key) != "error":
                flagged[key] = row.finding.severity
    try:
        view = build_view(parsed)
    except GongkaiError as exc:
        problem = f"无法按规定格式排出表格：{exc}"
    else:
        tables = [_table(g, flagged, report) for g in view.grids]
    return ReportPage(report, rows, tables, source, problem, _verdict(report), _audits(report))


def _table(grid: Grid, flagged: dict[str, str], report: CorpusReport) -> dict[str, Any]:
    def cells(row: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [{"text": c.text, "th": c.header, "rowspan": c.rowspan, "colspan": c.colspan, "role": c.role,
                 "key": c.key, "flag": flagged.get(c.key, "") if c.key else ""} for c in row]

    return {"id": grid.id, "caption": grid.caption, "head": [cells(r) for r in grid.head],
            "body": [cells(r) for r in grid.body]}


def _verdict(report: CorpusReport) -> ReportVerdict | None:
    return ReportVerdict.objects.filter(report=report).select_related("decided_by").first()


def _audits(report: CorpusReport) -> list[ReviewAudit]:
    return list(ReviewAudit.objects.filter(report=report).select_related("user")[:50])


# ------------------------------------------------------------------------------------------- overview


def review_status(report: CorpusReport, verdict: str | None, reviewed: bool) -> str:
    if verdict:
        return verdict
    if reviewed:
        return "doing"
    return "todo" if report.n_errors or report.n_warnings or report.n_infos else "none"

