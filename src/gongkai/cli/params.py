"""Fast conversion of command-line values, without pydantic.

typer 0.29 converts every parameter through a pydantic ``TypeAdapter``; importing pydantic costs about as
much as the rest of ``gongkai parse one.txt`` (bench/bench_startup.py). The parameters of gongkai's commands
are plain: ``str``, ``int`` and ``float`` (with an optional range), ``bool``, ``Path``, enums, optionally
``None`` and lists of these. :func:`install` converts those here, with Chinese messages, and leaves any
other annotation (a plugin's) to typer's own conversion.
"""

from __future__ import annotations

import enum
import math
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor

_SIMPLE = (str, int, float, bool, Path)


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _item_type(annotation: Any) -> tuple[Any, bool] | None:
    """(item type, is a list) when gongkai converts this annotation itself, else None."""
    annotation = _unwrap_optional(annotation)
    is_list = typing.get_origin(annotation) is list
    if is_list:
        (annotation,) = typing.get_args(annotation) or (str,)
    if annotation in _SIMPLE or (isinstance(annotation, type) and issubclass(annotation, enum.Enum)):
        return annotation, is_list
    return None


_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off"}


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Conversion of gongkai's plain parameter types, messages in Chinese."""

    item: Any
    is_list: bool

    def _one(self, value: Any) -> Any:
        kind = self.item
        if isinstance(value, kind) and not (kind in (int, float) and isinstance(value, bool)):
            result = value
        elif kind is str:
            result = str(value)
        elif kind is Path:
            result = Path(value)
        elif kind is bool:
            text = str(value).strip().lower()
            if text not in _TRUE | _FALSE:
                raise BadParameter(f"“{value}”不是布尔值（true 或 false）")
            result = text in _TRUE
        elif kind is int:
            try:
                result = int(str(value).strip())
            except ValueError:
                raise BadParameter(f"“{value}”不是整数") from None
        elif kind is float:
            try:
                result = float(str(value).strip())
            except ValueError:
                raise BadParameter(f"“{value}”不是数值") from None
            if not math.isfinite(result):
                raise BadParameter(f"“{value}”不是有限的数值")
        else:  # an enum
            result = self._choice(value)
        if kind in (int, float):
            low, high = self.parameter_info.min, self.parameter_info.max
            if (low is not None and result < low) or (high is not None and result > high):
                span = f"{low if low is not None else ''}–{high if high is not None else ''}"
                raise BadParameter(f"{result} 不在允许的范围 {span} 内")
        return result

    def _choice(self, value: Any) -> Any:
        members = list(self.item)
        text = str(value.value if isinstance(value, enum.Enum) else value)
        for member in members:
            if str(member.value) == text or (not self.parameter_info.case_sensitive
                                              and str(member.value).lower() == text.lower()):
                return member
        choices = "、".join(str(m.value) for m in members)
        raise BadParameter(f"“{value}”不是可选的值（可选：{choices}）")

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            if self.is_list:
                return [self._one(v) for v in value]
            return self._one(value)
        except BadParameter as exc:
            exc.ctx, exc.param = ctx, param
            raise


def plain_runtime_param(descriptor: TypeDescriptor) -> RuntimeParam | None:
    """gongkai's own conversion for ``descriptor``, or None to let typer convert it."""
    if descriptor.file_annotation is not None:
        return None
    found = _item_type(descriptor.annotation)
    if found is None:
        return None
    item, is_list = found
    info = descriptor.parameter_info
    if item is Path and any(getattr(info, name, False) for name in ("exists", "resolve_path", "allow_dash")):
        return None
    return PlainRuntimeParam(parameter_info=info, annotation=descriptor.annotation, item=item, is_list=is_list)


_installed = False


def install() -> None:
    """Route gongkai's plain parameters around pydantic (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    from typer import core

    original = core._TyperParameter.get_runtime_param

    def get_runtime_param(self: Any) -> RuntimeParam:
        if self._runtime_param is None:
            self._runtime_param = plain_runtime_param(self.type_descriptor)
        return self._runtime_param or original(self)

    core._TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
