"""Task functions that kill the worker process running them (imported by pool and Dask workers in tests).

``crash_once`` kills its process the first time it sees a chunk (a marker file per chunk in the directory
named by ``GONGKAI_TEST_CRASH_DIR``), then does the real work; ``crash_always`` always kills it;
``hang_on_second`` never returns for one file (the per-file time limit).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gongkai_web.corpus.tasks import Item, process_chunk


def crash_once(items: Sequence[Item]) -> list[dict[str, Any]]:
    marker = Path(os.environ["GONGKAI_TEST_CRASH_DIR"]) / f"seen-{items[0].report_id}"
    if not marker.exists():
        marker.write_text("x")
        os._exit(17)
    return process_chunk(items)


def crash_always(items: Sequence[Item]) -> list[dict[str, Any]]:
    os._exit(17)


def hang_on_second(items: Sequence[Item]) -> list[dict[str, Any]]:
    """Hangs on the file named like the second seed (``001_…``); the others are processed."""
    if items[0].name.startswith("001_"):
        time.sleep(600)
    return process_chunk(items)
