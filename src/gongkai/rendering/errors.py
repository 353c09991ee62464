"""Errors of the rendering package. Messages are Chinese and meant for the end user."""

from __future__ import annotations

from gongkai.exceptions import GongkaiError


class RenderError(GongkaiError):
    """A report cannot be written in the official format (no body, no year, unknown table format …)."""


class ReportDataError(RenderError):
    """A JSON or YAML report data file is malformed; the message names the offending key or row."""
