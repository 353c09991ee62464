"""Views of the site frame: the home page (the desks a user may open)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai_web.ui import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/home.html", {"desks": selectors.desks_for(request.user)})
