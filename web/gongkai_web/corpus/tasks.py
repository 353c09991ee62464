"""The work a process-pool or Dask worker does: parse and check a chunk of files given as bytes.

Django-free and picklable (a worker imports only this module and the library). A task's argument is a
list of :class:`Item` (report id, file name, bytes) so that it works on a cluster without a shared file
system; its result is a list of plain dicts (:func:`process_one`), one per item, in order. A file that is
not a readable report gives ``{"status": "failed", …}``, never an exception: only a crash of the worker
itself (killed, out of memory) fails the task, and the engine retries it.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple


class Item(NamedTuple):
    report_id: int
    name: str  # the file name (its suffix selects the reader)
    data: bytes


class PairItem(NamedTuple):
    """A report and the same body's current report of the year before (for the cross-year checks)."""

    report: Item
    previous: Item


@cache
def catalogue_version() -> str:
    """A hash of the check catalogue: every registered code, its severity and its class's source. It
    changes whenever a check is added, removed or edited, which makes the stored findings stale."""
    from gongkai.checks import registry

    h = hashlib.sha256()
    for code, cls in registry().items():
        try:
            source = inspect.getsource(cls)
        except (OSError, TypeError):  # no source available (frozen install): fall back to the name
            source = cls.__qualname__
        h.update(f"{code}\0{cls.severity.value}\0{source}\0".encode())
    return h.hexdigest()[:16]


def gongkai_version() -> str:
    import gongkai

    return gongkai.__version__


def process_one(item: Item) -> dict[str, Any]:
    """Parse and check one file; the result is plain data (picklable, no model objects)."""
    from gongkai import GongkaiError, parse_bytes
    from gongkai.checks import check_report

    base: dict[str, Any] = {"report_id": item.report_id, "gongkai_version": gongkai_version(),
                            "catalogue_version": catalogue_version()}
    try:
        report = parse_bytes(item.data, name=item.name)
    except GongkaiError as exc:
        return {**base, "status": "failed", "error": str(exc), "error_type": type(exc).__name__}
    result = check_report(report)
    cells = []
    for key, cell in report.cells.items():
        prov = cell.provenance
        cells.append((key, _decimal(cell.value), cell.raw[:200],
                      prov.method.value if prov is not None else "",
                      prov.loc.page if prov is not None else None))
    findings = [(f.code, f.severity.value, f.message,
                 ",".join(e.key for e in f.evidence if e.key)[:500]) for f in result.findings]
    return {
        **base, "status": "ok", "body": report.body or report.body_as_printed or "", "year": report.year,
        "format": report.format.value if report.format else "", "format_variant": report.format_variant or "",
        "source_format": report.source_format or "", "title": (report.title or "")[:500],
        "published": report.published, "cells": cells, "findings": findings,
    }


def _decimal(value: int | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def process_chunk(items: Sequence[Item]) -> list[dict[str, Any]]:
    """The task function: :func:`process_one` over a chunk, in order."""
    return [process_one(item) for item in items]


def process_pair(pair: PairItem) -> dict[str, Any]:
    """Run only the cross-year checks (carry-over chain, in-force chain, copied text …) on a report and
    its previous year's report."""
    from gongkai import GongkaiError, parse_bytes
    from gongkai.checks import all_checks, check_report

    base = {"report_id": pair.report.report_id, "previous_id": pair.previous.report_id}
    try:
        report = parse_bytes(pair.report.data, name=pair.report.name)
        previous = parse_bytes(pair.previous.data, name=pair.previous.name)
    except GongkaiError as exc:
        return {**base, "status": "failed", "error": str(exc), "findings": []}
    checks = [c for c in all_checks() if c.cross_year]
    result = check_report(report, previous=previous, checks=checks)
    findings = [(f.code, f.severity.value, f.message,
                 ",".join(e.key for e in f.evidence if e.key)[:500]) for f in result.findings]
    return {**base, "status": "ok", "findings": findings}


def process_pairs(pairs: Sequence[PairItem]) -> list[dict[str, Any]]:
    """The task function of the cross-year pass."""
    return [process_pair(p) for p in pairs]
