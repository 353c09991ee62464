"""Who is calling: a bearer token (scripts) or the browser's session (same log-in as the desk pages).

A session request that changes something must carry the CSRF token (header ``X-CSRFToken``), exactly as
the desk's forms do; a bearer-token request needs none (no cookie is involved)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from gongkai_web.api import tokens


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token made by ``gongkai web token NAME``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.user_of(token.strip())
        if user is not None:
            request.user = user
        return user


class Session(APIKeyCookie):
    """The logged-in browser session. CSRF is checked only once a session user is found, so an anonymous
    call is answered 401 (not a CSRF 403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user


AUTH = [BearerToken(), Session()]
