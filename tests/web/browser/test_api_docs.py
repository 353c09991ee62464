"""The API docs page (/api/v1/docs) renders in a real browser from the site's own files: no request leaves
the server (a government network has no internet)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_docs_render_offline(live_server, page, shot):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector("text=政府信息公开办理台接口")
    page.wait_for_selector("text=申请列表")
    shot("docs")
    outside = [u for u in requested if not u.startswith(live_server.url) and not u.startswith("data:")]
    assert outside == []
    assert any(u.endswith("/static/ninja/swagger-ui-bundle.js") for u in requested)
