"""The supplementary working-day calendar file (JSON, the format of ``gongkai.ledger.dump_overrides``):
opened and decoded here, turned into calendar years by :func:`gongkai.ledger.load_overrides`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai.exceptions import ReadError
from gongkai.readers.files import decode_text, read_capped

#: Largest calendar file read (a century of holidays is a few hundred KB).
MAX_CALENDAR_BYTES = 4 * 1024 * 1024


def read_calendar_json(path: str | Path) -> Any:
    """The JSON data of a calendar file; :class:`ReadError` with a Chinese message when it cannot be read."""
    text = decode_text(read_capped(path, MAX_CALENDAR_BYTES, what="补充日历"), source=str(path), what="补充日历")
    try:
        return json.loads(text)
    except RecursionError:
        raise ReadError("补充日历的 JSON 嵌套过深", source=str(path)) from None
    except ValueError as exc:
        raise ReadError(f"补充日历不是有效的 JSON：{exc}", source=str(path)) from None
