"""``{% next_year_notice %}``: the desk home's warning while next year's holidays are missing (from 1 October)."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai_web.desk import calendar_upkeep, selectors

register = template.Library()


@register.inclusion_tag("desk/_next_year_notice.html", takes_context=True)
def next_year_notice(context: dict[str, Any]) -> dict[str, Any]:
    year = calendar_upkeep.next_year_missing(on=selectors.today())
    user = context.get("user")
    return {"year": year, "text": calendar_upkeep.NEXT_YEAR_MISSING.format(year=year) if year else "",
            "may_edit": bool(user and user.has_perm("ledger.change_calendaryear"))}
