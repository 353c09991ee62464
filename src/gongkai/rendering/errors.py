"""Errors of the rendering package. Messages are Chinese and meant for the end user."""

from __future__ import annotations

from gongkai.exceptions import GongkaiError
from gongkai.model.serialize import ReportDataError


class RenderError(GongkaiError):
    """A report cannot be written in the official format (no body, no year, unknown table format …)."""


__all__ = ["RenderError", "ReportDataError"]  # ReportDataError (bad JSON/YAML data) lives in model.serialize
