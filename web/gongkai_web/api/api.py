"""The one ``NinjaAPI`` of the site, mounted at ``/api/v1/`` (OpenAPI at ``/api/v1/openapi.json``, docs at
``/api/v1/docs`` with the Swagger UI files served by the site itself).

Errors are JSON ``{"detail": "中文说明", "errors": [{"field", "message"}]}``: 400 for data that does not
validate (naming the field) or that the ledger refuses, 401 without a valid token or session, 403 without
the permission, 404 for what does not exist or belongs to a body the caller does not work for (never a
hint that it exists)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongkai import GongkaiError
from gongkai_web.api.auth import AUTH
from gongkai_web.api.errors import FieldErrors, error_body

DESCRIPTION = """政府信息公开申请办理台和审查台的数据接口，权限与网页相同：
办理台的每个用户只能查看和办理其所属机关的申请；审查台的监督员只能查看和审查其负责地区的报告。

**认证**：在请求头中加入 `Authorization: Bearer <令牌>`（令牌由管理员用 `gongkai web token 用户名` 生成，
只显示一次）；已在浏览器中登录的用户也可直接调用（修改数据的请求须带 `X-CSRFToken` 请求头）。

**错误**：JSON 格式 `{"detail": "中文说明", "errors": [{"field": "字段", "message": "说明"}]}`；
400 数据有误或被台账规则拒绝，401 未认证，403 无权限（或报告不在您负责的地区内），404 不存在或不属于您的机关。"""

api = NinjaAPI(title="政府信息公开办理台接口", version="1", description=DESCRIPTION, auth=AUTH,
               urls_namespace="api-v1", docs_url="/docs", openapi_url="/openapi.json",
               # validatorUrl None: Swagger UI would otherwise load a badge from an outside validator site.
               docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}))

#: pydantic error types → Chinese.
_MESSAGES = {
    "missing": "必须填写",
    "date_parsing": "日期格式不对：应为 YYYY-MM-DD，如 2024-10-30",
    "date_from_datetime_parsing": "日期格式不对：应为 YYYY-MM-DD，如 2024-10-30",
    "date_from_datetime_inexact": "日期格式不对：应为 YYYY-MM-DD，如 2024-10-30",
    "date_type": "日期格式不对：应为 YYYY-MM-DD，如 2024-10-30",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "string_type": "应为文字",
    "bool_parsing": "应为 true 或 false",
    "enum": "不是允许的值",
    "literal_error": "不是允许的值",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "json_invalid": "不是有效的 JSON",
}
_LOCATIONS = {"body", "query", "path", "payload", "form", "header", "cookie", "data"}


def _field(loc: Any) -> str:
    parts = [str(p) for p in (loc or ()) if str(p) not in _LOCATIONS]
    return ".".join(parts)


def _message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind == "string_too_short":
        return "必须填写" if ctx.get("min_length") == 1 else f"至少 {ctx.get('min_length')} 个字符"
    if kind == "enum" and ctx.get("expected"):
        return f"不是允许的值（应为 {ctx['expected']}）"
    return _MESSAGES.get(kind, f"值不合法（{error.get('msg', kind)}）")


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field(e.get("loc")), "message": _message(e)} for e in exc.errors]
    summary = "；".join(f"{e['field']}：{e['message']}" if e["field"] else e["message"] for e in errors)
    return api.create_response(request, error_body(f"请求数据有误：{summary}", errors), status=400)


@api.exception_handler(FieldErrors)
def _field_errors(request: HttpRequest, exc: FieldErrors) -> HttpResponse:
    return api.create_response(request, error_body(f"请求数据有误：{exc.message}", exc.errors), status=400)


@api.exception_handler(GongkaiError)
def _refused(request: HttpRequest, exc: GongkaiError) -> HttpResponse:
    return api.create_response(request, error_body(exc.message), status=400)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, error_body("未认证：请在请求头中提供 Authorization: Bearer <令牌>，或先登录"), status=401)
    response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or "没有权限"), status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or "没有找到"), status=404)


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return api.create_response(request, error_body("没有找到，或您无权查看"), status=404)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403 and "CSRF" in exc.message:
        detail = "CSRF 校验失败：以登录会话调用修改数据的接口时，须带 X-CSRFToken 请求头"
    else:
        detail = {401: "未认证", 403: "没有权限", 404: "没有找到", 405: "不支持该请求方法",
                  429: "请求过于频繁，请稍后再试"}.get(exc.status_code, exc.message)
    return api.create_response(request, error_body(detail), status=exc.status_code)


from gongkai_web.api import applications, review  # noqa: E402  (the routes register themselves on ``api``)

api.add_router("/applications", applications.router)
api.add_router("/", review.router)
