"""The explicit registry of checks. A duplicate code is an error at import time."""

from __future__ import annotations

from gongkai.checks.check import Check

_REGISTRY: dict[str, type[Check]] = {}


def register(cls: type[Check]) -> type[Check]:
    code = cls.code
    if code in _REGISTRY:
        raise RuntimeError(f"duplicate check code {code!r}: {_REGISTRY[code].__name__} and {cls.__name__}")
    if code != code.lower() or " " in code or "_" in code:
        raise RuntimeError(f"check code {code!r} must be kebab-case")
    _REGISTRY[code] = cls
    return cls


def registry() -> dict[str, type[Check]]:
    """All registered checks by code, in registration (catalogue) order."""
    import gongkai.checks.catalogue  # noqa: F401  (registers the built-in checks)

    return dict(_REGISTRY)


def all_checks() -> list[Check]:
    return [cls() for cls in registry().values()]
