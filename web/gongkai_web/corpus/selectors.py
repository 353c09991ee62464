"""Reads of the report store: regions, missing reports, comparisons, statistics, export rows, snapshots."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet

from gongkai_web.corpus import registry
from gongkai_web.corpus.models import (
    BodyAlias,
    CorpusBody,
    CorpusCell,
    CorpusFinding,
    CorpusReport,
    RegistryState,
    StoredFile,
)
from gongkai_web.corpus.services import CorpusError, find_body


def region(ref: str | None) -> CorpusBody | None:
    """``--under``: a region by name (``遂平县``, ``河南省驻马店市``), division code or ``#id``."""
    if not ref:
        return None
    try:
        return find_body(ref)
    except CorpusError:
        match = registry.match_body(ref, registry.divisions())
        if match.method == "unmatched" and match.candidates:
            known = registry.divisions()
            names = "、".join(f"{known.full_name(c)}（{c.ljust(12, '0')}）" for c in match.candidates[:6])
            raise CorpusError(f"地区“{ref}”有多个：{names}；请用区划代码指定") from None
        raise


def bodies_under(area: CorpusBody | None) -> QuerySet[CorpusBody]:
    qs = CorpusBody.objects.filter(merged_into__isnull=True)
    if area is None:
        return qs
    if area.code:
        return qs.filter(prefix__startswith=area.prefix)
    return qs.filter(Q(pk=area.pk) | Q(parent=area))


def current_reports(year: int, area: CorpusBody | None = None) -> QuerySet[CorpusReport]:
    qs = CorpusReport.objects.filter(status=CorpusReport.OK, year=year, is_current=True, body__isnull=False)
    if area is not None:
        qs = qs.filter(body__in=bodies_under(area))
    return qs


def missing(year: int, area: CorpusBody | None = None, levels: Sequence[str] = ()) -> QuerySet[CorpusBody]:
    """Bodies of the registry (under ``area``, of ``levels``) with no report for ``year``."""
    have = CorpusReport.objects.filter(status=CorpusReport.OK, year=year, body__isnull=False).values("body_id")
    qs = bodies_under(area).exclude(pk__in=have)
    if levels:
        qs = qs.filter(level__in=list(levels))
    return qs.order_by("prefix", "code", "name")


@dataclass(frozen=True)
class CompareRow:
    body: str
    code: str
    level: str
    values: dict[str, Decimal | None]
    ranks: dict[str, int | None]


DEFAULT_COMPARE_KEYS = ("t3.new.total", "t3.processed_total.total", "t4.review.total", "t4.litigation_direct.total")


def compare(year: int, area: CorpusBody | None, keys: Sequence[str]) -> list[CompareRow]:
    """Bodies × figures for ``year`` (current reports), each figure ranked (1 = largest; ties share a rank;
    blank cells are not ranked)."""
    reports = {pk: (full, code or "", level) for pk, full, code, level in
               current_reports(year, area).values_list("pk", "body__full_name", "body__code", "body__level")}
    values: dict[int, dict[str, Decimal | None]] = {pk: dict.fromkeys(keys) for pk in reports}
    cells = CorpusCell.objects.filter(report__in=current_reports(year, area), key__in=list(keys))
    for rid, key, value in cells.values_list("report_id", "key", "value").iterator(chunk_size=5000):
        values[rid][key] = value
    ranks: dict[int, dict[str, int | None]] = {pk: {} for pk in reports}
    for key in keys:
        ordered = sorted((d for v in values.values() if (d := v[key]) is not None), reverse=True)
        first: dict[Decimal, int] = {}
        for i, number in enumerate(ordered, start=1):
            first.setdefault(number, i)
        for pk, row in values.items():
            number_or_none = row[key]
            ranks[pk][key] = first[number_or_none] if number_or_none is not None else None
    rows = [CompareRow(reports[pk][0], reports[pk][1], reports[pk][2], values[pk], ranks[pk]) for pk in reports]
    first_key = keys[0] if keys else None
    return sorted(rows, key=lambda r: ((r.ranks.get(first_key) or 10**9) if first_key else 0, r.body))


def stats() -> dict[str, Any]:
    reports = CorpusReport.objects
    by_status = dict(reports.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_year = dict(reports.filter(status=CorpusReport.OK).values_list("year").annotate(n=Count("pk"))
                   .order_by("year").values_list("year", "n"))
    by_method = dict(reports.filter(status=CorpusReport.OK).values_list("match_method").annotate(n=Count("pk"))
                     .values_list("match_method", "n"))
    by_severity = dict(CorpusFinding.objects.values_list("severity").annotate(n=Count("pk"))
                       .values_list("severity", "n"))
    top_codes = list(CorpusFinding.objects.values_list("code").annotate(n=Count("pk")).order_by("-n", "code")
                     .values_list("code", "n")[:10])
    return {
        "files": StoredFile.objects.count(),
        "bytes": sum(StoredFile.objects.values_list("size", flat=True)),
        "reports": by_status,
        "years": by_year,
        "match": by_method,
        "versions": reports.filter(status=CorpusReport.OK, version__gt=1).count(),
        "cells": CorpusCell.objects.count(),
        "findings": by_severity,
        "top_codes": top_codes,
        "bodies_registry": CorpusBody.objects.filter(code__isnull=False).count(),
        "bodies_other": CorpusBody.objects.filter(code__isnull=True, merged_into__isnull=True).count(),
        "unmatched": reports.filter(status=CorpusReport.OK, body__isnull=True).count(),
        "review": reports.filter(status=CorpusReport.OK, match_method="fuzzy").count(),
    }


# ------------------------------------------------------------------------------------------- export

#: Column names and DuckDB/Parquet types of each export (documented in docs/corpus.md).
CELL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("body", "VARCHAR"), ("body_code", "VARCHAR"), ("body_level", "VARCHAR"), ("region_code", "VARCHAR"),
    ("year", "INTEGER"), ("format", "VARCHAR"), ("key", "VARCHAR"), ("value", "DOUBLE"), ("raw", "VARCHAR"),
    ("method", "VARCHAR"), ("page", "INTEGER"), ("file_sha256", "VARCHAR"), ("report_id", "BIGINT"),
    ("version", "INTEGER"), ("is_current", "BOOLEAN"), ("body_printed", "VARCHAR"), ("match_method", "VARCHAR"),
)
REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("report_id", "BIGINT"), ("status", "VARCHAR"), ("body", "VARCHAR"), ("body_code", "VARCHAR"),
    ("body_level", "VARCHAR"), ("region_code", "VARCHAR"), ("body_printed", "VARCHAR"),
    ("match_method", "VARCHAR"), ("match_confidence", "DOUBLE"), ("year", "INTEGER"), ("format", "VARCHAR"),
    ("format_variant", "VARCHAR"), ("source_format", "VARCHAR"), ("title", "VARCHAR"), ("published", "DATE"),
    ("version", "INTEGER"), ("is_current", "BOOLEAN"), ("n_cells", "INTEGER"), ("n_errors", "INTEGER"),
    ("n_warnings", "INTEGER"), ("n_infos", "INTEGER"), ("error", "VARCHAR"), ("file_sha256", "VARCHAR"),
    ("file_name", "VARCHAR"), ("gongkai_version", "VARCHAR"), ("catalogue_version", "VARCHAR"),
)
FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("body", "VARCHAR"), ("body_code", "VARCHAR"), ("year", "INTEGER"), ("code", "VARCHAR"),
    ("severity", "VARCHAR"), ("message", "VARCHAR"), ("keys", "VARCHAR"), ("cross_year", "BOOLEAN"),
    ("file_sha256", "VARCHAR"), ("report_id", "BIGINT"), ("version", "INTEGER"), ("is_current", "BOOLEAN"),
)


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def cell_rows(*, current_only: bool = False) -> Iterator[tuple[Any, ...]]:
    qs = CorpusCell.objects.filter(report__status=CorpusReport.OK)
    if current_only:
        qs = qs.filter(report__is_current=True)
    fields = ("report__body__full_name", "report__body__code", "report__body__level", "report__body__prefix",
              "report__year", "report__format", "key", "value", "raw", "method", "page", "report__file__sha256",
              "report_id", "report__version", "report__is_current", "report__body_printed",
              "report__match_method")
    for row in qs.order_by("report_id", "pk").values_list(*fields).iterator(chunk_size=10000):
        yield (*row[:7], _num(row[7]), *row[8:])


def report_rows() -> Iterator[tuple[Any, ...]]:
    fields = ("pk", "status", "body__full_name", "body__code", "body__level", "body__prefix", "body_printed",
              "match_method", "match_confidence", "year", "format", "format_variant", "source_format", "title",
              "published", "version", "is_current", "n_cells", "n_errors", "n_warnings", "n_infos", "error",
              "file__sha256", "file__name", "gongkai_version", "catalogue_version")
    yield from CorpusReport.objects.order_by("pk").values_list(*fields).iterator(chunk_size=5000)


def finding_rows() -> Iterator[tuple[Any, ...]]:
    fields = ("report__body__full_name", "report__body__code", "report__year", "code", "severity", "message", "keys",
              "cross_year", "report__file__sha256", "report_id", "report__version", "report__is_current")
    yield from CorpusFinding.objects.order_by("report_id", "pk").values_list(*fields).iterator(chunk_size=5000)


def wide_rows(keys: Sequence[str], *, current_only: bool = False) -> Iterator[tuple[Any, ...]]:
    """One row per report: the report's columns, then one column per cell key."""
    qs = CorpusReport.objects.filter(status=CorpusReport.OK)
    if current_only:
        qs = qs.filter(is_current=True)
    head = ("pk", "body__full_name", "body__code", "year", "format", "version", "is_current", "file__sha256")
    for chunk_start in range(0, qs.count(), 2000):
        reports = list(qs.order_by("pk").values_list(*head)[chunk_start:chunk_start + 2000])
        values: dict[int, dict[str, Any]] = {r[0]: {} for r in reports}
        for rid, key, value in CorpusCell.objects.filter(report_id__in=list(values)).values_list(
                "report_id", "key", "value"):
            values[rid][key] = _num(value)
        for r in reports:
            yield (*r[1:], *(values[r[0]].get(k) for k in keys))


def cell_keys_in_store() -> list[str]:
    from gongkai.model import ReportFormat
    from gongkai.model.keys import cell_keys

    ordered = list(dict.fromkeys([*cell_keys(ReportFormat.F2021), *cell_keys(ReportFormat.F2019)]))
    present = set(CorpusCell.objects.values_list("key", flat=True).distinct())
    return [k for k in ordered if k in present] + sorted(present - set(ordered))


# ------------------------------------------------------------------------------------------ snapshot


#: Columns left out of :func:`snapshot`: ids, times and the run that wrote a row differ between two runs.
_NOT_CONTENT = frozenset({"id", "added_at", "processed_at", "run", "started_at", "finished_at"})


def snapshot() -> dict[str, list[tuple[str, ...]]]:
    """Every table of the store but the runs, row by row and column by column, without ids and times (for
    comparing two ingests of the same files, and a store before and after a repeated ``add``). A foreign
    key is written as its target's natural key: a body's code (or full name and level), a file's or a
    report's sha256. Values are compared as text, rows sorted."""
    natural: dict[type[models.Model], dict[Any, str]] = {
        CorpusBody: {pk: code or f"{full}|{level}" for pk, code, full, level in
                     CorpusBody.objects.values_list("pk", "code", "full_name", "level")},
        StoredFile: dict(StoredFile.objects.values_list("pk", "sha256")),
        CorpusReport: dict(CorpusReport.objects.values_list("pk", "file__sha256")),
    }
    tables: dict[str, list[tuple[str, ...]]] = {}
    for model in (CorpusBody, BodyAlias, StoredFile, CorpusReport, CorpusCell, CorpusFinding, RegistryState):
        fields = [f for f in model._meta.concrete_fields if f.name not in _NOT_CONTENT]
        rows = []
        for values in model._default_manager.values_list(*[f.attname for f in fields]).iterator(chunk_size=10000):
            row = []
            for f, value in zip(fields, values, strict=True):
                if f.is_relation and value is not None and f.related_model is not None:
                    value = natural[f.related_model][value]
                row.append("" if value is None else str(value))
            rows.append(tuple(row))
        tables[model._meta.db_table] = sorted(rows)
    return tables
