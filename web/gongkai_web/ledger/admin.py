"""The Django admin, in Chinese, as the ledger's data-entry interface.

Every save and delete goes through :mod:`gongkai_web.ledger.services` (validation by the library, audit
row); forms ask the services' validators first so a broken rule is shown on the form. Events are added on
their own page (登记办理事件), which calls ``services.application_add_event``; the event list on an
application is read-only (corrections: the action 撤销最后一个办理事件). Audit entries are read-only for
everyone, superusers included.

Scope (:mod:`gongkai_web.ledger.permissions`): users without ``ledger.all_bodies`` see only the bodies they
are members of — in lists, filters, pages (another body's object answers 404), the body choices of forms
(an application cannot be moved to another body) and the autocomplete lookups. User and group pages
never let a non-superuser grant what they do not hold, make a superuser or edit one.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html

from gongkai import GongkaiError
from gongkai.ledger import LIBRARY_YEARS, Status, due, outcome_label
from gongkai_web.ledger import domain, forms, models, permissions, selectors, services

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldOpts, _FieldsetSpec

_M = TypeVar("_M", bound=Model)

admin.site.site_header = "政府信息公开台账"
admin.site.site_title = "政府信息公开台账"
admin.site.index_title = "台账管理"


def _today() -> dt.date:
    return timezone.localdate()


def _failed(request: HttpRequest, admin_obj: admin.ModelAdmin[Any], exc: Exception) -> None:
    message = exc.message if isinstance(exc, GongkaiError) else (str(exc) or "没有权限")
    admin_obj.message_user(request, message, messages.ERROR)


# ------------------------------------------------------------------------------------------------ scope

NOT_FOUND = "没有找到该记录，或当前用户不能查看它"
BODY_FILTER = ("body", admin.RelatedOnlyFieldListFilter)  # lists only the bodies of the rows the user sees


class BodyScopedAdmin(admin.ModelAdmin[_M]):
    """Rows of the bodies the user may work on, everywhere this admin reads them."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[_M]:
        return permissions.scope(super().get_queryset(request), request.user)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> _M:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # absent, or another body's: the same answer
            raise Http404(NOT_FOUND)
        return obj

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is models.Body:
            kwargs["queryset"] = permissions.bodies_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# ----------------------------------------------------------------------------------------------- bodies


@admin.register(models.Body)
class BodyAdmin(BodyScopedAdmin[models.Body]):
    form = forms.BodyForm
    list_display = ("name", "area", "fee_wait_pauses_clock", "withdrawal_row")
    search_fields = ("name", "area")
    filter_horizontal = ("members",)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "members":
            kwargs["queryset"] = User.objects.filter(is_active=True).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: models.Body, form: Any, change: bool) -> None:
        services.body_save(user=request.user, body=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        obj = form.instance
        before = sorted(str(u) for u in obj.members.all())  # body_save (save_model) leaves the members alone
        super().save_related(request, form, formsets, change)
        after = sorted(str(u) for u in obj.members.all())
        if before != after:  # body_save audited the fields; the members are saved after it
            services.audit_write(user=request.user, action=services.AuditAction.UPDATE, instance=obj,
                                 before={"members": before}, after={"members": after})

    def delete_model(self, request: HttpRequest, obj: models.Body) -> None:
        services.body_delete(user=request.user, body=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.Body]) -> None:
        for obj in queryset:
            services.body_delete(user=request.user, body=obj)


# ----------------------------------------------------------------------------------------- applications


class EventInline(admin.TabularInline[models.ApplicationEvent, models.Application]):
    """The events in order, read-only: new events go through 登记办理事件 (the library validates them)."""

    model = models.ApplicationEvent
    fields = ("seq", "code", "date", "kind", "days", "approver", "amount", "delivered", "outcome", "legal_basis")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("seq",)

    def has_add_permission(self, request: HttpRequest, obj: models.Application | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Application | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Application | None = None) -> bool:
        return False


class StatusFilter(admin.SimpleListFilter):
    """办理状态 as of today (derived, so filtered in Python)."""

    title = "办理状态（今日）"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        return [(s.value, s.label) for s in Status]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        try:
            wanted = Status(value)
        except ValueError:
            return queryset.none()
        calendar = selectors.calendar_get()
        candidates = models.Application.objects.filter(pk__in=queryset.values("pk"))
        ids = [a.pk for a in selectors.applications_with_events(candidates)
               if selectors.application_state(application=a, on=_today(), calendar=calendar).status is wanted]
        return queryset.filter(pk__in=ids)


class ApplicationChangeList(ChangeList):
    """Computes each listed application's state once per page (one calendar for the page)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        calendar, today = selectors.calendar_get(), _today()
        for obj in self.result_list:
            setattr(obj, _STATE, selectors.application_state(application=obj, on=today, calendar=calendar))


#: The attribute caching an application's state on the row, for the page being built.
_STATE = "ledger_state"


def _state(obj: models.Application) -> selectors.ApplicationState:
    state: selectors.ApplicationState | None = getattr(obj, _STATE, None)
    if state is None:
        state = selectors.application_state(application=obj, on=_today(), calendar=selectors.calendar_get())
        setattr(obj, _STATE, state)
    return state


@admin.register(models.Application)
class ApplicationAdmin(BodyScopedAdmin[models.Application]):
    form = forms.ApplicationForm
    list_display = ("number", "body", "applicant", "received", "channel", "status_label", "due_date",
                    "days_left_label", "outcome_label")
    list_display_links = ("number",)
    list_filter = (StatusFilter, BODY_FILTER, "applicant", "channel", "received")
    date_hierarchy = "received"
    search_fields = ("number", "description")
    inlines = (EventInline,)
    readonly_fields = ("status_label", "due_date", "days_left_label", "due_explanation")
    actions = ("undo_last_event",)
    list_per_page = 50

    def get_fieldsets(self, request: HttpRequest, obj: models.Application | None = None) -> _FieldsetSpec:
        intake: tuple[str | None, _FieldOpts] = (
            None, {"fields": ("body", "number", "applicant", "received", "channel", "description")})
        if obj is None:
            return (intake,)
        state: tuple[str | None, _FieldOpts] = (
            "办理情况（今日，根据办理事件计算）",
            {"fields": ("status_label", "due_date", "days_left_label", "due_explanation")})
        return (intake, state)

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.Application]:
        return selectors.applications_with_events(super().get_queryset(request))

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return ApplicationChangeList

    @admin.display(description="办理状态")
    def status_label(self, obj: models.Application) -> str:
        return _state(obj).status.label

    @admin.display(description="答复期限")
    def due_date(self, obj: models.Application) -> str:
        state = _state(obj)
        if state.problem:
            return format_html('<span title="{}">无法计算</span>', state.problem)
        if state.due is None:
            return "—"
        return f"{state.due.isoformat()}{'（暂定）' if state.provisional else ''}"

    @admin.display(description="剩余工作日")
    def days_left_label(self, obj: models.Application) -> str:
        left = _state(obj).days_left
        if left is None:
            return "—"
        return f"逾期 {-left} 个工作日" if left < 0 else str(left)

    @admin.display(description="办理结果")
    def outcome_label(self, obj: models.Application) -> str:
        row = _state(obj).outcome
        return outcome_label(row) if row else "—"

    @admin.display(description="期限计算说明")
    def due_explanation(self, obj: models.Application) -> str:
        state = _state(obj)
        if state.problem:
            return state.problem
        if state.due is None:
            return "—"
        app = selectors.application_domain(obj)
        try:
            deadline = due(app, selectors.calendar_get(), on=max(_today(), app.received),
                           policy=domain.policy_of(obj.body))
        except GongkaiError as exc:
            return exc.message
        return format_html("<br>".join(["{}"] * len(deadline.explanation)), *deadline.explanation) if deadline else "—"

    # writes ---------------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: models.Application, form: Any, change: bool) -> None:
        if not change:
            created = services.application_create(user=request.user, body=obj.body, number=obj.number,
                                                  applicant=obj.applicant, received=obj.received,
                                                  channel=obj.channel, description=obj.description)
            obj.pk, obj._state.adding, obj._state.db = created.pk, False, created._state.db
            return
        changes = {name: getattr(obj, name) for name in form.changed_data}
        if changes:
            services.application_update(user=request.user, application=obj, **changes)

    def delete_model(self, request: HttpRequest, obj: models.Application) -> None:
        services.application_delete(user=request.user, application=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.Application]) -> None:
        for obj in queryset:
            services.application_delete(user=request.user, application=obj)

    @admin.action(description="撤销所选申请的最后一个办理事件", permissions=("change",))
    def undo_last_event(self, request: HttpRequest, queryset: QuerySet[models.Application]) -> None:
        done = 0
        for obj in queryset:
            try:
                services.application_undo_last_event(user=request.user, application=obj)
                done += 1
            except (GongkaiError, PermissionDenied) as exc:
                _failed(request, self, exc)
        if done:
            self.message_user(request, f"已撤销 {done} 件申请的最后一个办理事件", messages.SUCCESS)

    # 登记办理事件 -----------------------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/event/add/", self.admin_site.admin_view(self.add_event_view),
                 name="{}_{}_add_event".format(*info)),
            *super().get_urls(),
        ]

    def add_event_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))  # 404 when absent or of another body
        if not request.user.has_perm("ledger.add_applicationevent"):
            raise PermissionDenied
        form = forms.EventForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            event = form.cleaned_data["event"]
            try:
                services.application_add_event(user=request.user, application=obj, event=event)
            except GongkaiError as exc:
                form.add_error(None, exc.message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or services.EXTENSION_NEEDS_APPROVER)
            else:
                self.message_user(request, f"已为申请 {obj.number} 登记“{event.label}”（{event.date.isoformat()}）",
                                  messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:ledger_application_change", args=(obj.pk,)))
        obj = self.get_queryset(request).get(pk=obj.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"登记办理事件：申请 {obj.number}",
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "form": form,
            "events": list(obj.events.all()),
            "state": _state(obj),
            "can_approve": request.user.has_perm(services.APPROVE_EXTENSION),
        }
        return TemplateResponse(request, "admin/ledger/application/add_event.html", context)


# -------------------------------------------------------------------------------------------- records


_R = TypeVar("_R", bound=services.Record)


class RecordAdmin(BodyScopedAdmin[_R]):
    form = forms.RecordForm
    list_filter: ClassVar[tuple[Any, ...]] = (BODY_FILTER,)

    def save_model(self, request: HttpRequest, obj: _R, form: Any, change: bool) -> None:
        services.record_save(user=request.user, instance=obj)

    def delete_model(self, request: HttpRequest, obj: _R) -> None:
        services.record_delete(user=request.user, instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[_R]) -> None:
        for obj in queryset:
            services.record_delete(user=request.user, instance=obj)


@admin.register(models.NormativeDocument)
class NormativeDocumentAdmin(RecordAdmin[models.NormativeDocument]):
    list_display = ("title", "number", "kind", "made", "repealed", "body")
    list_filter = (BODY_FILTER, "kind", "made")
    search_fields = ("title", "number")
    date_hierarchy = "made"


@admin.register(models.DecisionCount)
class DecisionCountAdmin(RecordAdmin[models.DecisionCount]):
    list_display = ("year", "kind", "count", "body")
    list_filter = (BODY_FILTER, "year", "kind")


@admin.register(models.FeeIncome)
class FeeIncomeAdmin(RecordAdmin[models.FeeIncome]):
    list_display = ("year", "amount_yuan", "body")
    list_filter = (BODY_FILTER, "year")


@admin.register(models.ReviewCase)
class ReviewCaseAdmin(RecordAdmin[models.ReviewCase]):
    list_display = ("kind", "filed", "result", "decided", "application_number", "body")
    list_filter = (BODY_FILTER, "kind", "result")
    search_fields = ("application_number",)


# ------------------------------------------------------------------------------------------- calendar


class CalendarDayInline(admin.TabularInline[models.CalendarDay, models.CalendarYear]):
    model = models.CalendarDay
    formset = forms.CalendarDayFormSet
    fields = ("date", "workday", "name")
    extra = 3
    ordering = ("date",)


@admin.register(models.CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[models.CalendarYear]):
    list_display = ("year", "complete", "source", "day_count")
    inlines = (CalendarDayInline,)
    actions = ("seed_from_library",)

    @admin.display(description="录入的日期数")
    def day_count(self, obj: models.CalendarYear) -> int:
        return obj.days.count()

    def save_model(self, request: HttpRequest, obj: models.CalendarYear, form: Any, change: bool) -> None:
        services.calendar_year_save(user=request.user, calendar_year=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # What formset.save() would do, through the services; the lists feed the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for sub in formset.deleted_forms:
            if sub.instance.pk:
                formset.deleted_objects.append(sub.instance)
                services.calendar_day_delete(user=request.user, day=sub.instance)
        for sub in formset.forms:
            if sub in formset.deleted_forms or not sub.has_changed() or not sub.cleaned_data.get("date"):
                continue
            adding = sub.instance._state.adding
            day = sub.save(commit=False)
            day.calendar_year = form.instance
            services.calendar_day_save(user=request.user, day=day)
            if adding:
                formset.new_objects.append(day)
            else:
                formset.changed_objects.append((day, sub.changed_data))

    def delete_model(self, request: HttpRequest, obj: models.CalendarYear) -> None:
        services.calendar_year_delete(user=request.user, calendar_year=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.CalendarYear]) -> None:
        for obj in queryset:
            services.calendar_year_delete(user=request.user, calendar_year=obj)

    @admin.action(description=f"用 chinese-calendar 数据重新填入所选年度"
                              f"（仅 {LIBRARY_YEARS[0]}—{LIBRARY_YEARS[-1]} 年）", permissions=("change",))
    def seed_from_library(self, request: HttpRequest, queryset: QuerySet[models.CalendarYear]) -> None:
        for obj in queryset:
            try:
                services.calendar_year_seed(user=request.user, year=obj.year)
            except GongkaiError as exc:
                _failed(request, self, exc)
            else:
                self.message_user(request, f"{obj.year} 年已按 chinese-calendar 填入", messages.SUCCESS)


# ---------------------------------------------------------------------------------------------- audit


@admin.register(models.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[models.AuditEntry]):
    """Read-only for everyone (there is no add, change or delete, whatever the permissions)."""

    list_display = ("at", "actor", "action", "model", "object_id", "object_repr")
    list_filter = ("action", "model", "at")
    search_fields = ("actor", "object_repr", "object_id")
    date_hierarchy = "at"
    fields = ("at", "actor", "action", "model", "object_id", "object_repr", "before_json", "after_json")
    readonly_fields = fields

    @admin.display(description="修改前")
    def before_json(self, obj: models.AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.before, ensure_ascii=False, indent=2)) \
            if obj.before is not None else "—"

    @admin.display(description="修改后")
    def after_json(self, obj: models.AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.after, ensure_ascii=False, indent=2)) \
            if obj.after is not None else "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.AuditEntry | None = None) -> bool:
        return False


# ------------------------------------------------------------------------------------- login lock-outs


@admin.register(models.LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin[models.LoginLockout]):
    """django-axes' failed-login counts. Deleting a row unlocks that user name and address (audited)."""

    list_display = ("username_label", "ip_label", "failures_label", "last_label")
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time",)
    fields = ("username_label", "ip_label", "failures_label", "last_label", "user_agent_label")
    readonly_fields = fields
    actions = ("unlock",)

    @admin.display(description="用户名")
    def username_label(self, obj: models.LoginLockout) -> str:
        return obj.username or "—"

    @admin.display(description="IP 地址")
    def ip_label(self, obj: models.LoginLockout) -> str:
        return obj.ip_address or "—"

    @admin.display(description="连续失败次数")
    def failures_label(self, obj: models.LoginLockout) -> int:
        return obj.failures_since_start

    @admin.display(description="最近一次失败")
    def last_label(self, obj: models.LoginLockout) -> str:
        return timezone.localtime(obj.attempt_time).strftime("%Y-%m-%d %H:%M:%S")

    @admin.display(description="浏览器")
    def user_agent_label(self, obj: models.LoginLockout) -> str:
        return obj.user_agent

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: models.LoginLockout) -> None:
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            text = f"{obj.username or '—'}@{obj.ip_address or '—'}"
            services.audit_write(user=request.user, action=services.AuditAction.UNLOCK, model="axes.AccessAttempt",
                                 object_id=str(obj.pk), object_repr=text,
                                 before={"username": obj.username, "ip_address": obj.ip_address,
                                         "failures": obj.failures_since_start})
            obj.delete()

    @admin.action(description="解除所选的登录锁定", permissions=("delete",))
    def unlock(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        n = queryset.count()
        self.delete_queryset(request, queryset)
        self.message_user(request, f"已解除 {n} 项登录锁定", messages.SUCCESS)


# -------------------------------------------------------------------------- users and groups (audited)


class _AuditedAuthAdmin(admin.ModelAdmin[Any]):
    """Writes an audit row for every change of a user or a group made in the admin (after the many-to-many
    fields — groups, permissions — are saved). Password changes are audited wherever they happen
    (:mod:`gongkai_web.ledger.auth_audit`). Mixed in before UserAdmin and GroupAdmin, whose methods its
    ``super()`` calls reach."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj._audit_before = services.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        services.audit_write(user=request.user, action="update" if change else "create", instance=obj,
                             before=getattr(obj, "_audit_before", None), after=services.snapshot(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before, pk, text, label = services.snapshot(obj), obj.pk, str(obj), obj._meta.label
        super().delete_model(request, obj)
        services.audit_write(user=request.user, action="delete", model=label, object_id=str(pk), object_repr=text,
                             before=before)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied
            self.delete_model(request, obj)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest | None = None, **kwargs: Any) -> Any:
        """Only what the user may grant (no escalation), with Chinese labels for the permissions."""
        if request is None:  # the admin always passes the request (GroupAdmin's signature allows none)
            raise PermissionDenied
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["queryset"] = permissions.grantable_permissions(request.user).filter(
                content_type__app_label__in=forms.GRANTABLE_APPS)
            kwargs["form_class"] = forms.PermissionChoiceField
        elif db_field.name == "groups":
            kwargs["queryset"] = permissions.grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AuditedUserAdmin(_AuditedAuthAdmin, UserAdmin[User]):
    """Users. A non-superuser cannot see the 超级用户状态 box, cannot change or delete a superuser (or an
    account with permissions they do not hold), and can give only the groups and permissions they hold."""

    change_password_form = forms.ChinesePasswordChangeForm

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "is_superuser")})
                for name, opts in fieldsets]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit_account(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit_account(request.user, obj))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.is_superuser:  # whatever was posted: the form has no such field for them
            stored = User.objects.filter(pk=obj.pk).values_list("is_superuser", flat=True).first() if change else False
            if obj.is_superuser or stored:
                raise PermissionDenied("只有超级用户才能设置或修改超级用户")
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not permissions.may_edit_account(request.user, form.instance):
            raise PermissionDenied("不能授予自己没有的权限")  # the form's choices already prevent it


class AuditedGroupAdmin(_AuditedAuthAdmin, GroupAdmin):
    """Groups. A non-superuser can change or delete only groups whose permissions they all hold, and can
    put in them only the permissions they hold."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.holds_all(request.user, obj.permissions.all()))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.holds_all(request.user, obj.permissions.all()))


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, AuditedUserAdmin)
admin.site.register(Group, AuditedGroupAdmin)
