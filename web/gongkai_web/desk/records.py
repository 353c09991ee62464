"""The ledger's records in the desk (表二 and 表四 come from them): normative documents, decision counts,
fee income and review/litigation cases — listed by body and year, added, changed and deleted through the
ledger's record services (permissions, per-body scope, validation by the library, audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models as dj_models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai import GongkaiError
from gongkai_web.desk import selectors
from gongkai_web.desk.forms import DateInput, LedgerDateField
from gongkai_web.ledger import models, permissions
from gongkai_web.ledger import services as ledger_services


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[dj_models.Model]
    title: str
    table: str  # which table of the report it feeds
    fields: tuple[str, ...]
    year_field: str  # a year column, or a date column whose year is used

    @property
    def perm(self) -> str:
        return f"ledger.view_{self.model._meta.model_name}"


KINDS: dict[str, Kind] = {k.slug: k for k in (
    Kind("documents", models.NormativeDocument, "规章和行政规范性文件", "表二第二十条第（一）项",
         ("kind", "title", "number", "made", "repealed"), "made"),
    Kind("decisions", models.DecisionCount, "行政许可、处罚、强制决定数", "表二第二十条第（五）（六）项",
         ("year", "kind", "count"), "year"),
    Kind("fees", models.FeeIncome, "行政事业性收费", "表二第二十条第（八）项", ("year", "amount_yuan"), "year"),
    Kind("cases", models.ReviewCase, "行政复议和行政诉讼", "表四",
         ("kind", "filed", "result", "decided", "application_number"), "filed"),
)}


def _kind(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("没有这类记录")
    return kind


def record_form(kind: Kind, bodies: Any, *args: Any, **kwargs: Any) -> forms.ModelForm:
    """A form with the body (limited to the user's bodies) and the kind's own fields; dates typed as text."""
    date_fields = [f.name for f in kind.model._meta.fields if isinstance(f, dj_models.DateField)]
    form_class = forms.modelform_factory(
        kind.model, fields=("body", *kind.fields),
        widgets={name: DateInput() for name in date_fields},
        field_classes={name: LedgerDateField for name in date_fields})
    form = form_class(*args, **kwargs)
    form.fields["body"].queryset = bodies  # type: ignore[attr-defined]
    form.fields["body"].empty_label = None  # type: ignore[attr-defined]
    for name in date_fields:
        form.fields[name].error_messages["invalid"] = ("日期格式不对：请写成 2024-10-30、2024/10/30、2024.10.30 "
                                                       "或 2024年10月30日")
    return form


def _rows(kind: Kind, user: Any, body: Any, year: int | None) -> Any:
    qs = permissions.scope(kind.model.objects.select_related("body"), user)
    if body is not None:
        qs = qs.filter(body=body)
    if year is not None:
        field = kind.year_field
        qs = qs.filter(**({field: year} if field == "year" else {f"{field}__year": year}))
    return qs


def _display(row: dj_models.Model, kind: Kind) -> list[str]:
    out = []
    for name in kind.fields:
        getter = getattr(row, f"get_{name}_display", None)
        value = getter() if callable(getter) else getattr(row, name)
        out.append("" if value in (None, "") else (value.isoformat() if hasattr(value, "isoformat") else str(value)))
    return out


@login_required
def records(request: HttpRequest, slug: str = "documents") -> HttpResponse:
    kind = _kind(slug)
    if not request.user.has_perm(kind.perm):
        raise PermissionDenied
    bodies = selectors.bodies(request.user)
    body = bodies.filter(pk=request.GET.get("body")).first() if request.GET.get("body", "").isdigit() else None
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    rows = [(r, _display(r, kind)) for r in _rows(kind, request.user, body, year)]
    headers = [str(kind.model._meta.get_field(n).verbose_name) for n in kind.fields]
    may_add = request.user.has_perm(f"ledger.add_{kind.model._meta.model_name}")
    form = record_form(kind, bodies, initial={"body": body or bodies.first()}) if may_add else None
    return render(request, "desk/records.html", {
        "kind": kind, "kinds": KINDS.values(), "rows": rows, "headers": headers, "bodies": bodies, "body": body,
        "year": year, "form": form, "may_change": request.user.has_perm(f"ledger.change_{kind.model._meta.model_name}"),
        "may_delete": request.user.has_perm(f"ledger.delete_{kind.model._meta.model_name}")})


def _save(request: HttpRequest, kind: Kind, form: forms.ModelForm) -> bool:
    if not form.is_valid():
        return False
    try:
        ledger_services.record_save(user=request.user, instance=form.instance)
    except GongkaiError as exc:
        form.add_error(None, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or "没有权限")
    else:
        return True
    return False


@login_required
def record_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Add (pk None) or change one record."""
    kind = _kind(slug)
    action = "change" if pk else "add"
    if not request.user.has_perm(f"ledger.{action}_{kind.model._meta.model_name}"):
        raise PermissionDenied
    bodies = selectors.bodies(request.user)
    instance = None
    if pk is not None:
        instance = permissions.scope(kind.model.objects.all(), request.user).filter(pk=pk).first()
        if instance is None:
            raise Http404("没有这条记录，或您无权查看")
    form = record_form(kind, bodies, request.POST or None, instance=instance)
    if request.method == "POST" and _save(request, kind, form):
        messages.success(request, f"已保存：{form.instance}")
        return redirect(reverse("desk:records", args=[kind.slug]) + f"?body={form.instance.body_id}")
    return render(request, "desk/record_form.html", {"kind": kind, "form": form, "instance": instance})


@login_required
@require_POST
def record_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(slug)
    instance = permissions.scope(kind.model.objects.all(), request.user).filter(pk=pk).first()
    if instance is None:
        raise Http404("没有这条记录，或您无权查看")
    try:
        ledger_services.record_delete(user=request.user, instance=instance)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "没有删除的权限")
    else:
        messages.success(request, f"已删除：{instance}")
    return redirect("desk:records", kind.slug)
