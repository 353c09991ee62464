"""The calendar upkeep page (日历维护, administrators): next year's holidays and make-up working days as one
pasted list or an uploaded file, checked against the weekdays, saved through the ledger's services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai import GongkaiError
from gongkai.ledger.calendar import LIBRARY_YEARS
from gongkai_web.desk import calendar_upkeep, selectors

PERM = "ledger.change_calendaryear"
MAX_FILE_BYTES = 256 * 1024


class CalendarForm(forms.Form):
    holidays = forms.CharField(
        label="放假日期（休）", required=False, widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text="每行一个日期或一段连续日期，后面可空一格写节日名称，如：2027-01-01 元旦；"
                  "2027-02-06~2027-02-13 春节。也可用逗号分隔。")
    workdays = forms.CharField(
        label="调休上班日期（班）", required=False, widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text="周六、周日上班的日期，如：2027-02-14 春节。")
    source = forms.CharField(label="来源", max_length=300, required=False,
                             help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）")
    complete = forms.BooleanField(label="全年安排已完整录入（用于计算期限）", required=False, initial=True)
    confirm = forms.BooleanField(label="已核对上面的可疑日期，确认无误", required=False)
    file = forms.FileField(label="CSV 文件（每行：日期,类型(休/班),名称），或台账日历的 JSON 文件", required=False)


def _year(request: HttpRequest) -> int:
    today = selectors.today()
    raw = request.POST.get("year") or request.GET.get("year") or ""
    year = int(raw) if raw.isdigit() else today.year + 1
    return min(max(year, LIBRARY_YEARS[0]), today.year + 2)


def _initial(year: int) -> dict[str, Any]:
    found = calendar_upkeep.stored(year)
    if found is None:
        return {"complete": True}
    days, source, complete = found
    return {"holidays": calendar_upkeep.as_text(days, workday=False),
            "workdays": calendar_upkeep.as_text(days, workday=True), "source": source, "complete": complete}


@login_required
@permission_required(PERM, raise_exception=True)
def calendar(request: HttpRequest) -> HttpResponse:
    today = selectors.today()
    year = _year(request)
    checked = None
    if request.method == "POST":
        form = CalendarForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("action") == "load":
                upload = data.get("file")
                if upload is None:
                    form.add_error("file", "请选择要载入的文件")
                elif upload.size > MAX_FILE_BYTES:
                    form.add_error("file", f"文件太大（上限 {MAX_FILE_BYTES // 1024} KB）")
                else:
                    try:
                        days, source = calendar_upkeep.from_file(upload.read(), upload.name, year=year)
                    except GongkaiError as exc:
                        form.add_error("file", exc.message)
                    else:
                        form = CalendarForm(initial={
                            "holidays": calendar_upkeep.as_text(days, workday=False),
                            "workdays": calendar_upkeep.as_text(days, workday=True),
                            "source": source or data["source"], "complete": True})
                        checked = calendar_upkeep.check(year=year, holidays=form.initial["holidays"],
                                                        workdays=form.initial["workdays"])
                        messages.info(request, f"已从 {upload.name} 载入 {len(days)} 个日期：请核对后保存")
            else:
                checked = calendar_upkeep.check(year=year, holidays=data["holidays"], workdays=data["workdays"])
                if request.POST.get("action") == "save" and not checked.errors:
                    if checked.warnings and not data["confirm"]:
                        form.add_error("confirm", "有可疑日期：请核对后勾选确认，再保存")
                    else:
                        try:
                            calendar_upkeep.year_save(user=request.user, year=year, days=checked.days,
                                                      source=data["source"], complete=data["complete"])
                        except GongkaiError as exc:
                            form.add_error(None, exc.message)
                        except PermissionDenied as exc:
                            form.add_error(None, str(exc))
                        else:
                            off = sum(1 for d in checked.days if not d.workday)
                            messages.success(request, f"已保存 {year} 年的安排：放假 {off} 天，调休上班 "
                                                      f"{len(checked.days) - off} 天。答复期限已按新的日历计算。")
                            return redirect(reverse("desk:calendar") + f"?year={year}")
    else:
        form = CalendarForm(initial=_initial(year))
    return render(request, "desk/calendar.html", {
        "form": form, "year": year, "checked": checked, "today": today,
        "years": range(today.year + 2, LIBRARY_YEARS[0] - 1, -1),
        "missing": calendar_upkeep.next_year_missing(on=today), "overview": calendar_upkeep.years_overview(),
    })
