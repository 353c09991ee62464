"""The API's error shape and the exception that carries a form's field errors."""

from __future__ import annotations

from typing import Any

from gongkai import GongkaiError


def error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


class FieldErrors(GongkaiError):
    """Data refused field by field (a Django form's errors): answered 400 with each field named."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = [{"field": "" if f == "__all__" else f, "message": m} for f, ms in errors.items() for m in ms]
        super().__init__("；".join(f"{e['field']}：{e['message']}" if e["field"] else e["message"]
                                  for e in self.errors))
