"""Writes to the report store: the registry load, ingest (add, recheck), body decisions (resolve, merge).

Ingest is two phases, so that a run can always be resumed:

1. every new file (by sha256) is copied into the content-addressed file store and recorded as a
   *pending* report, in small transactions; a file already stored is skipped (adding twice changes
   nothing);
2. every pending (or, for ``recheck``, stale) report is parsed and checked on the engine — a local process
   pool or a Dask cluster — in chunks; the results stream back and are written in bulk, one transaction
   per chunk, with the body matched to the registry and the versions of each body and year renumbered.

An interrupted run leaves the unprocessed reports pending; the next ``add`` or ``recheck`` processes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai import GongkaiError
from gongkai_web.corpus import registry
from gongkai_web.corpus.engine import Engine, chunked, run_chunks
from gongkai_web.corpus.files import FileStore, iter_sources, sha256_of
from gongkai_web.corpus.models import (
    BodyAlias,
    CheckRun,
    CorpusBody,
    CorpusCell,
    CorpusFinding,
    CorpusReport,
    RegistryState,
    StoredFile,
)
from gongkai_web.corpus.tasks import Item, PairItem, catalogue_version, gongkai_version, process_chunk, process_pairs

REGISTRY_KEY = "divisions"
WORKER_LOST = "WorkerLost"  # error_type of a file whose worker died on every attempt
NOT_A_REPORT = "NotAReportError"  # error_type of a file that is no annual report (gongkai.NotAReportError)
DEFAULT_CHUNK = 16


class CorpusError(GongkaiError):
    """A corpus command cannot do what was asked (message in Chinese)."""


def file_store() -> FileStore:
    from config.env import data_dir

    return FileStore(data_dir() / "files")


# ------------------------------------------------------------------------------------------ registry


def registry_load(*, force: bool = False) -> int:
    """Load (or update) the division bodies from the vendored data set; a no-op when the recorded data
    version is current. Existing bodies keep their ids (matched by code); names and parents are updated.
    Returns the number of bodies created or updated."""
    state = RegistryState.objects.filter(key=REGISTRY_KEY).first()
    if state is not None and state.value == registry.DATA_VERSION and not force:
        return 0
    data = registry.divisions()
    existing = {code: (pk, name, full, parent_id) for code, pk, name, full, parent_id in
                CorpusBody.objects.filter(code__isnull=False).values_list("code", "pk", "name", "full_name",
                                                                          "parent_id")}
    changed = 0
    with transaction.atomic():
        ids: dict[str, int] = {}
        # Parents first: codes sorted by length (省 2, 市 4, 县 6, 乡镇 9 digits).
        for length in (2, 4, 6, 9):
            level_divisions = [d for d in data.by_code.values() if len(d.code) == length]
            new, updated = [], []
            for d in level_divisions:
                code12 = d.code12
                parent_id = ids.get(d.parent) if d.parent else None
                full = data.full_name(d.code)
                if code12 in existing:
                    pk, name, old_full, old_parent = existing[code12]
                    if (name, old_full, old_parent) != (d.name, full, parent_id):
                        updated.append(CorpusBody(pk=pk, name=d.name, full_name=full, parent_id=parent_id))
                else:
                    new.append(CorpusBody(name=d.name, full_name=full, level=d.level, parent_id=parent_id,
                                          code=code12, prefix=d.code, source="registry"))
            CorpusBody.objects.bulk_create(new, batch_size=2000)
            CorpusBody.objects.bulk_update(updated, ["name", "full_name", "parent_id"], batch_size=2000)
            changed += len(new) + len(updated)
            ids = dict(CorpusBody.objects.filter(code__isnull=False).values_list("prefix", "pk"))
        RegistryState.objects.update_or_create(key=REGISTRY_KEY, defaults={"value": registry.DATA_VERSION})
    return changed


class BodyMatcher:
    """Matches printed names to :class:`CorpusBody` rows (the registry in memory, the aliases and the
    department bodies cached for one run)."""

    def __init__(self) -> None:
        self.divisions = registry.divisions()
        self.by_code = dict(CorpusBody.objects.filter(code__isnull=False).values_list("code", "pk"))
        self.aliases = {a: str(b) for a, b in BodyAlias.objects.values_list("alias", "body_id")}
        self.departments: dict[tuple[int, str], int] = {}
        self._matches: dict[str, registry.Match] = {}

    def body_for(self, printed: str) -> tuple[int | None, registry.Match]:
        match = self._matches.get(printed)
        if match is None:
            match = self._matches[printed] = registry.match_body(printed, self.divisions, self.aliases)
        if match.method == "alias" and match.alias_key is not None:
            return _live_body(int(self.aliases[match.alias_key])), match
        if not match.linked or match.code is None:
            return None, match
        region = self.by_code.get(match.code.ljust(12, "0"))
        if region is None:  # registry not loaded
            return None, match
        if not match.department:
            return region, match
        return self._department(region, match.department, match.code), match

    def _department(self, region: int, name: str, prefix: str) -> int:
        key = (region, name)
        if key not in self.departments:
            body = CorpusBody.objects.filter(parent_id=region, name=name, merged_into__isnull=True).first()
            if body is None:
                parent = CorpusBody.objects.get(pk=region)
                body = CorpusBody.objects.create(
                    name=name, full_name=_department_full_name(parent.full_name, parent.name, name),
                    level=registry.LEVEL_DEPARTMENT, parent_id=region, prefix=prefix, source="ingest")
            self.departments[key] = body.pk
        return self.departments[key]


def _department_full_name(region_full: str, region_name: str, department: str) -> str:
    """``河南省驻马店市遂平县`` + ``遂平县财政局`` → ``河南省驻马店市遂平县财政局``."""
    if department.startswith(region_name):
        return region_full + department[len(region_name):]
    return region_full + department


def _live_body(pk: int) -> int:
    """Follow merges to the body that is still in use."""
    seen = set()
    while pk not in seen:
        seen.add(pk)
        target = CorpusBody.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
        if not target:
            return pk
        pk = target
    return pk


# ------------------------------------------------------------------------------------------- ingest


@dataclass
class RunSummary:
    run_id: int
    files_new: int = 0
    files_known: int = 0
    processed: int = 0
    ok: int = 0
    failed: int = 0
    retried: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): unreadable or unparsable
    #: (file, reason): files that are no annual report at all (a README): kept as failed, not counted as failures
    skipped: list[tuple[str, str]] = field(default_factory=list)


Progress = Callable[[int, int, str], None]  # (done, total, name)


def _start_run(kind: str, scheduler: str) -> CheckRun:
    return CheckRun.objects.create(kind=kind, scheduler=scheduler, gongkai_version=gongkai_version(),
                                   catalogue_version=catalogue_version())


def _finish_run(run: CheckRun, summary: RunSummary, status: str) -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.files_new, run.files_known = summary.files_new, summary.files_known
    run.processed, run.failed, run.retried = summary.processed, summary.failed, summary.retried
    run.save()


def register_files(paths: Iterable[str | Path], summary: RunSummary, store: FileStore,
                   progress: Callable[[str], None] | None = None) -> None:
    """Phase 1: copy new files into the store and record them as pending reports."""
    batch: list[tuple[str, str, str, int]] = []  # sha, name, suffix, size

    def flush() -> None:
        if not batch:
            return
        with transaction.atomic():
            known = set(StoredFile.objects.filter(sha256__in=[b[0] for b in batch]).values_list("sha256", flat=True))
            fresh = [b for b in batch if b[0] not in known]
            files = StoredFile.objects.bulk_create([StoredFile(sha256=sha, name=name[:500], suffix=suffix, size=size)
                                                    for sha, name, suffix, size in fresh])
            if not all(isinstance(f.pk, int) for f in files):  # backends that do not return ids
                files = list(StoredFile.objects.filter(sha256__in=[b[0] for b in fresh]))
            CorpusReport.objects.bulk_create([CorpusReport(file=f) for f in files])
            summary.files_new += len(fresh)
            summary.files_known += len(batch) - len(fresh)
        batch.clear()

    seen: set[str] = set()
    for source in iter_sources(paths):
        if progress is not None:
            progress(source.name)
        if source.error or source.data is None:
            summary.errors.append((source.name, source.error))
            continue
        sha = sha256_of(source.data)
        if sha in seen:
            summary.files_known += 1
            continue
        seen.add(sha)
        store.put(source.data, source.suffix, sha)
        batch.append((sha, source.name, source.suffix, len(source.data)))
        if len(batch) >= 200:
            flush()
    flush()


def add(paths: Sequence[str | Path], engine: Engine, *, chunk_size: int = DEFAULT_CHUNK,
        on_file: Callable[[str], None] | None = None, progress: Progress | None = None,
        fn: Callable[[Sequence[Item]], list[dict[str, Any]]] = process_chunk) -> RunSummary:
    """``gongkai corpus add``: register the files, then process every pending report."""
    registry_load()
    run = _start_run("add", getattr(engine, "address", ""))
    summary = RunSummary(run.pk)
    status = "interrupted"
    try:
        register_files(paths, summary, file_store(), on_file)
        pending = list(CorpusReport.objects.filter(status=CorpusReport.PENDING).order_by("pk")
                       .values_list("pk", flat=True))
        process(pending, engine, run, summary, chunk_size=chunk_size, progress=progress, fn=fn)
        cross_year(engine, run, summary, chunk_size=chunk_size)
        status = "done"
    finally:
        _finish_run(run, summary, status)
    return summary


def stale_reports(*, everything: bool = False) -> list[int]:
    """Reports whose results were made by another gongkai or catalogue version, still pending, or failed
    because their worker died (a file the parser refused stays refused until gongkai changes)."""
    qs = CorpusReport.objects.all()
    if not everything:
        qs = qs.filter(~Q(gongkai_version=gongkai_version()) | ~Q(catalogue_version=catalogue_version())
                       | Q(status=CorpusReport.PENDING) | Q(status=CorpusReport.FAILED, error_type=WORKER_LOST))
    return list(qs.order_by("pk").values_list("pk", flat=True))


def recheck(engine: Engine, *, everything: bool = False, chunk_size: int = DEFAULT_CHUNK,
            progress: Progress | None = None,
            fn: Callable[[Sequence[Item]], list[dict[str, Any]]] = process_chunk) -> RunSummary:
    """``gongkai corpus recheck``: parse and check again only what is stale (or ``everything``)."""
    registry_load()
    run = _start_run("recheck", getattr(engine, "address", ""))
    summary = RunSummary(run.pk)
    status = "interrupted"
    try:
        process(stale_reports(everything=everything), engine, run, summary, chunk_size=chunk_size,
                progress=progress, fn=fn)
        cross_year(engine, run, summary, chunk_size=chunk_size)
        status = "done"
    finally:
        _finish_run(run, summary, status)
    return summary


def process(report_ids: Sequence[int], engine: Engine, run: CheckRun, summary: RunSummary, *,
            chunk_size: int = DEFAULT_CHUNK, progress: Progress | None = None,
            fn: Callable[[Sequence[Item]], list[dict[str, Any]]] = process_chunk) -> None:
    """Phase 2: parse and check ``report_ids`` on ``engine``; write the results in bulk as they arrive."""
    if not report_ids:
        return
    store = file_store()
    matcher = BodyMatcher()
    total = len(report_ids)
    names: dict[int, str] = {}

    def chunks() -> Iterator[list[Item]]:
        for ids in chunked(report_ids, chunk_size):
            files = {pk: (sha, suffix, name) for pk, sha, suffix, name in
                     CorpusReport.objects.filter(pk__in=ids).values_list("pk", "file__sha256", "file__suffix",
                                                                         "file__name")}
            items = []
            for pk in ids:
                if pk not in files:
                    continue
                sha, suffix, name = files[pk]
                names[pk] = name
                try:
                    data = store.get(sha, suffix)
                except GongkaiError as exc:
                    _write_results(matcher, run, [_failure(pk, str(exc), type(exc).__name__)], summary, names)
                    continue
                items.append(Item(pk, Path(name.rpartition("!")[2]).name or f"file{suffix}", data))
            if items:
                yield items

    def report(done_items: Sequence[Item]) -> None:
        if progress is not None:
            for item in done_items:
                progress(summary.processed, total, names.get(item.report_id, ""))

    def on_result(items: Sequence[Item], results: list[dict[str, Any]]) -> None:
        _write_results(matcher, run, results, summary, names)
        report(items)

    def on_failed(item: Item, reason: str) -> None:
        _write_results(matcher, run, [_failure(item.report_id, reason, WORKER_LOST)], summary, names)
        report([item])

    stats = run_chunks(engine, fn, chunks(), on_result=on_result, on_failed=on_failed)
    summary.retried += stats.retried


def _failure(pk: int, error: str, error_type: str) -> dict[str, Any]:
    return {"report_id": pk, "status": "failed", "error": error, "error_type": error_type,
            "gongkai_version": gongkai_version(), "catalogue_version": catalogue_version()}


_REPORT_FIELDS = ["status", "error", "error_type", "attempts", "compared_with", "body", "body_printed", "match_method",
                  "match_confidence", "match_candidates", "year", "format", "format_variant", "source_format",
                  "title", "published", "gongkai_version", "catalogue_version", "processed_at", "run", "n_cells",
                  "n_errors", "n_warnings", "n_infos", "version", "is_current"]


def _write_results(matcher: BodyMatcher, run: CheckRun, results: Sequence[dict[str, Any]],
                   summary: RunSummary, names: dict[int, str]) -> None:
    """Write one chunk's results in one transaction (reports, cells, findings, versions)."""
    if not results:
        return
    now = timezone.now()
    with transaction.atomic():
        ids = [r["report_id"] for r in results]
        reports = {r.pk: r for r in CorpusReport.objects.filter(pk__in=ids)}
        groups: set[tuple[int, int]] = {(r.body_id, r.year) for r in reports.values()
                                        if r.body_id is not None and r.year is not None}
        seen_before = [pk for pk, r in reports.items() if r.attempts]
        if seen_before:  # recheck: replace what an earlier run wrote
            CorpusCell.objects.filter(report_id__in=seen_before).delete()
            CorpusFinding.objects.filter(report_id__in=seen_before).delete()
        cells: list[tuple[Any, ...]] = []
        findings: list[tuple[Any, ...]] = []
        for res in results:
            rep = reports.get(res["report_id"])
            if rep is None:
                continue
            rep.attempts += 1
            rep.run = run
            rep.compared_with = None  # its cross-year findings were deleted with the others
            rep.processed_at = now
            rep.gongkai_version, rep.catalogue_version = res["gongkai_version"], res["catalogue_version"]
            summary.processed += 1
            if res["status"] != "ok":
                if res["error_type"] == NOT_A_REPORT:  # a README in a folder: listed as skipped, not a failure
                    summary.skipped.append((names.get(rep.pk, f"#{rep.pk}"), res["error"]))
                else:
                    summary.failed += 1
                    summary.errors.append((names.get(rep.pk, f"#{rep.pk}"), res["error"]))
                rep.status, rep.error, rep.error_type = CorpusReport.FAILED, res["error"], res["error_type"]
                rep.year, rep.format, rep.format_variant, rep.source_format, rep.title = None, "", "", "", ""
                rep.published, rep.version, rep.is_current = None, None, False
                rep.n_cells = rep.n_errors = rep.n_warnings = rep.n_infos = 0
                if rep.match_method != "manual":
                    rep.body, rep.body_printed, rep.match_method = None, "", ""
                    rep.match_confidence, rep.match_candidates = None, ""
                continue
            summary.ok += 1
            rep.status, rep.error, rep.error_type = CorpusReport.OK, "", ""
            rep.year = res["year"]
            rep.format, rep.format_variant = res["format"], res["format_variant"]
            rep.source_format, rep.title, rep.published = res["source_format"], res["title"], res["published"]
            rep.body_printed = res["body"][:300]
            if rep.match_method != "manual":
                body_id, match = matcher.body_for(res["body"])
                rep.body_id = body_id
                rep.match_method = match.method if body_id is not None else "unmatched"
                rep.match_confidence = match.confidence if body_id is not None else None
                rep.match_candidates = ",".join(match.candidates)[:500]
            rep.n_cells = len(res["cells"])
            severities = [f[1] for f in res["findings"]]
            rep.n_errors, rep.n_warnings = severities.count("error"), severities.count("warning")
            rep.n_infos = severities.count("info")
            cells.extend((rep.pk, k, _db_decimal(_fit(v)), raw, m, page) for k, v, raw, m, page in res["cells"])
            findings.extend((rep.pk, *f, False) for f in res["findings"])
            if rep.body_id is not None and rep.year is not None:
                groups.add((rep.body_id, rep.year))
            else:
                rep.version, rep.is_current = 1, True
        update_rows(CorpusReport, _REPORT_FIELDS, list(reports.values()))
        insert_rows(CorpusCell, ["report", "key", "value", "raw", "method", "page"], cells)
        insert_rows(CorpusFinding, ["report", "code", "severity", "message", "keys", "cross_year"], findings)
        renumber_versions(groups)


def cross_year(engine: Engine, run: CheckRun, summary: RunSummary, *, chunk_size: int = DEFAULT_CHUNK) -> int:
    """The cross-year checks: every current report whose body has a current report of the year before is
    compared with it, unless it already was (same previous report, results of this catalogue). Findings of
    a comparison that no longer holds (the previous report got a new version) are replaced or removed.
    Returns the number of reports compared."""
    store = file_store()
    rows = list(CorpusReport.objects.filter(status=CorpusReport.OK, is_current=True, body__isnull=False,
                                            year__isnull=False)
                .values_list("pk", "body_id", "year", "compared_with_id", "file__sha256", "file__suffix",
                             "file__name"))
    current = {(body, year): (pk, sha, suffix, name) for pk, body, year, _, sha, suffix, name in rows}
    todo: list[tuple[int, int]] = []
    outdated: list[int] = []
    for pk, body, year, compared, *_ in rows:
        prev = current.get((body, year - 1)) if year is not None else None
        if prev is None:
            if compared is not None:
                outdated.append(pk)
        elif compared != prev[0]:
            todo.append((pk, prev[0]))
    if outdated:
        with transaction.atomic():
            CorpusFinding.objects.filter(report_id__in=outdated, cross_year=True).delete()
            CorpusReport.objects.filter(pk__in=outdated).update(compared_with=None)
            _recount(outdated)
    if not todo:
        return 0
    by_pk = {pk: (sha, suffix, name) for pk, _, _, _, sha, suffix, name in rows}

    def item(pk: int) -> Item:
        sha, suffix, name = by_pk[pk]
        return Item(pk, Path(name.rpartition("!")[2]).name or f"file{suffix}", store.get(sha, suffix))

    def chunks() -> Iterator[list[PairItem]]:
        for pairs in chunked(todo, chunk_size):
            yield [PairItem(item(a), item(b)) for a, b in pairs]

    def on_result(pairs: Sequence[PairItem], results: list[dict[str, Any]]) -> None:
        with transaction.atomic():
            ids = [r["report_id"] for r in results]
            CorpusFinding.objects.filter(report_id__in=ids, cross_year=True).delete()
            insert_rows(CorpusFinding, ["report", "code", "severity", "message", "keys", "cross_year"],
                        [(r["report_id"], *f, True) for r in results for f in r["findings"]])
            update_rows(CorpusReport, ["compared_with"],
                        [CorpusReport(pk=r["report_id"], compared_with_id=r["previous_id"]) for r in results])
            _recount(ids)

    def on_failed(pair: PairItem, reason: str) -> None:
        summary.errors.append((by_pk[pair.report.report_id][2], f"跨年度检查失败：{reason}"))

    stats = run_chunks(engine, process_pairs, chunks(), on_result=on_result, on_failed=on_failed)
    summary.retried += stats.retried
    return len(todo)


def _recount(report_ids: Sequence[int]) -> None:
    counts: dict[int, dict[str, int]] = {pk: {} for pk in report_ids}
    for rid, severity, n in (CorpusFinding.objects.filter(report_id__in=list(report_ids))
                             .values_list("report_id", "severity").annotate(n=models.Count("pk"))
                             .values_list("report_id", "severity", "n")):
        counts[rid][severity] = n
    update_rows(CorpusReport, ["n_errors", "n_warnings", "n_infos"],
                [CorpusReport(pk=pk, n_errors=c.get("error", 0), n_warnings=c.get("warning", 0),
                              n_infos=c.get("info", 0)) for pk, c in counts.items()])


def _prepared(model: type[models.Model], names: Sequence[str], obj: models.Model) -> list[Any]:
    fields = [model._meta.get_field(n) for n in names]
    return [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]  # type: ignore[union-attr]


def _db_decimal(value: Decimal | None) -> Any:
    return None if value is None else _VALUE_FIELD.get_db_prep_save(value, connection)


_VALUE_FIELD = CorpusCell._meta.get_field("value")


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """``INSERT`` of ready database values with ``executemany``: the same rows as ``bulk_create``, several
    times faster (no model instances, no per-row SQL compilation), for the cells and findings that make up
    most of the writing. Only str, int, None and values prepared by the field may be passed."""
    if not rows:
        return
    q = connection.ops.quote_name
    columns = ", ".join(q(_column(model, n)) for n in names)
    sql = f"INSERT INTO {q(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
    with connection.cursor() as cur:
        cur.executemany(sql, rows)


def _column(model: type[models.Model], name: str) -> str:
    """The database column of a concrete field (``pk``: the primary key's)."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field.column


def update_rows(model: type[models.Model], names: Sequence[str], objs: Sequence[models.Model]) -> None:
    """``UPDATE … WHERE id = %s`` with ``executemany`` (``bulk_update`` builds one large CASE per field)."""
    if not objs:
        return
    q = connection.ops.quote_name
    assignments = ", ".join(f"{q(_column(model, n))} = %s" for n in names)
    sql = f"UPDATE {q(model._meta.db_table)} SET {assignments} WHERE {q(_column(model, 'pk'))} = %s"
    with connection.cursor() as cur:
        cur.executemany(sql, [[*_prepared(model, names, o), o.pk] for o in objs])


def _fit(value: Decimal | None) -> Decimal | None:
    """Values beyond the column's range (a misread run of digits) are kept out rather than failing."""
    if value is None or abs(value) >= Decimal(10) ** 18:
        return None
    return value.quantize(Decimal("0.000001")) if value.as_tuple().exponent < -6 else value  # type: ignore[operator]


def renumber_versions(groups: Iterable[tuple[int, int]]) -> None:
    """Versions of each (body, year): 1, 2, … in the order the files were added; the last is current."""
    groups = list(groups)
    if not groups:
        return
    q = Q()
    for body_id, year in groups:
        q |= Q(body_id=body_id, year=year)
    rows = list(CorpusReport.objects.filter(q, status=CorpusReport.OK).order_by("body_id", "year", "file_id")
                .only("pk", "body_id", "year", "version", "is_current"))
    by_group: dict[tuple[int, int], list[CorpusReport]] = {}
    for r in rows:
        by_group.setdefault((r.body_id, r.year), []).append(r)  # type: ignore[arg-type]
    changed = []
    for members in by_group.values():
        for i, r in enumerate(members, start=1):
            current = i == len(members)
            if (r.version, r.is_current) != (i, current):
                r.version, r.is_current = i, current
                changed.append(r)
    update_rows(CorpusReport, ["version", "is_current"], changed)


# ------------------------------------------------------------------------------------------- bodies


def find_body(ref: str) -> CorpusBody:
    """A body by 12-digit (or significant-digit) division code, by ``#id``, or by exact (full) name."""
    ref = ref.strip()
    qs = CorpusBody.objects.filter(merged_into__isnull=True)
    body: CorpusBody | None = None
    if ref.startswith("#") and ref[1:].isdigit():
        body = qs.filter(pk=int(ref[1:])).first()
    elif ref.isdigit():
        body = qs.filter(code=ref.ljust(12, "0")).first() if len(ref) <= 12 else None
    else:
        found = list(qs.filter(Q(full_name=ref) | Q(name=ref))[:2])
        if len(found) > 1:
            raise CorpusError(f"名称“{ref}”对应多个机关，请用区划代码或 #编号 指定")
        body = found[0] if found else None
        if body is None:
            match = registry.match_body(ref, registry.divisions())
            if match.linked and match.code and not match.department and match.method == "exact":
                body = qs.filter(code=match.code.ljust(12, "0")).first()
    if body is None:
        raise CorpusError(f"找不到机关“{ref}”（可用 12 位区划代码、#编号或全称）")
    return body


def resolve(printed: str, target: CorpusBody) -> int:
    """A person decides that the printed name ``printed`` is ``target``: store the alias and link every
    report printed with that name (unless linked by hand already). Returns the number of reports linked."""
    key = registry.alias_key(printed)
    with transaction.atomic():
        BodyAlias.objects.update_or_create(alias=key, defaults={"body": target, "kind": "resolved"})
        candidates = (CorpusReport.objects.filter(status=CorpusReport.OK).exclude(match_method="manual")
                      .only("pk", "body_printed", "body_id", "year", "version", "is_current"))
        reports = [r for r in candidates.iterator(chunk_size=5000) if registry.alias_key(r.body_printed) == key]
        # the groups the reports leave (a fuzzy match now overruled) and the group they join
        groups = {(r.body_id, r.year) for r in reports if r.body_id is not None and r.year is not None}
        for r in reports:
            r.body, r.match_method, r.match_confidence, r.match_candidates = target, "alias", 1.0, ""
            if r.year is not None:
                groups.add((target.pk, r.year))
        CorpusReport.objects.bulk_update(reports, ["body", "match_method", "match_confidence",
                                                   "match_candidates"])
        _reset_versions(reports)
        renumber_versions(groups)
    return len(reports)


def _reset_versions(reports: Iterable[CorpusReport]) -> None:
    for r in reports:
        if r.body_id is None or r.year is None:
            r.version, r.is_current = 1, True
    CorpusReport.objects.bulk_update(list(reports), ["version", "is_current"])


def merge(source: CorpusBody, target: CorpusBody) -> int:
    """Merge ``source`` into ``target`` (two records of one body): its reports and aliases move, its name
    becomes an alias of ``target``, and it is kept, marked as merged. Returns the number of reports moved."""
    if source.pk == target.pk:
        raise CorpusError("不能把机关合并到它自己")
    if source.code and target.code:
        raise CorpusError(f"{source.full_name} 与 {target.full_name} 都是登记的行政区划，不能合并")
    with transaction.atomic():
        reports = list(CorpusReport.objects.filter(body=source))
        groups = {(target.pk, r.year) for r in reports if r.year is not None}
        CorpusReport.objects.filter(body=source).update(body=target)
        BodyAlias.objects.filter(body=source).update(body=target)
        BodyAlias.objects.update_or_create(alias=registry.alias_key(source.name),
                                           defaults={"body": target, "kind": "merged"})
        CorpusBody.objects.filter(parent=source).update(parent=target)
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        renumber_versions(groups)
    return len(reports)


# ------------------------------------------------------------------------- single files (review desk)


def register_bytes(name: str, suffix: str, data: bytes) -> tuple[CorpusReport, bool]:
    """Store one file's bytes (content-addressed) and return its report, recorded as pending when the
    content is new; ``(report, created)``. The same content twice is one report (used by the review desk's
    uploads, which arrive as bytes rather than paths)."""
    sha = sha256_of(data)
    file_store().put(data, suffix, sha)
    with transaction.atomic():
        stored, created = StoredFile.objects.get_or_create(
            sha256=sha, defaults={"name": name[:500], "suffix": suffix, "size": len(data)})
        report, report_created = CorpusReport.objects.get_or_create(file=stored)
    return report, created or report_created


def process_reports(report_ids: Sequence[int], engine: Engine, *, kind: str = "recheck",
                    progress: Progress | None = None, on_run: Callable[[CheckRun], None] | None = None,
                    chunk_size: int = 1) -> RunSummary:
    """Parse and check exactly ``report_ids`` (whatever their state) in one recorded run, then the
    cross-year pass — ``recheck`` for a chosen set of reports (a review-desk batch). ``on_run`` receives
    the run before any report is processed (the reports it writes point at it)."""
    registry_load()
    run = _start_run(kind, getattr(engine, "address", ""))
    if on_run is not None:
        on_run(run)
    summary = RunSummary(run.pk)
    status = "interrupted"
    try:
        process(list(report_ids), engine, run, summary, chunk_size=chunk_size, progress=progress)
        cross_year(engine, run, summary, chunk_size=chunk_size)
        status = "done"
    finally:
        _finish_run(run, summary, status)
    return summary
