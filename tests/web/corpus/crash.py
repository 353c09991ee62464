"""Task functions that kill the worker process running them (imported by pool and Dask workers in tests).

``crash_once`` kills its process the first time it sees a chunk (a marker file per chunk in the directory
named by ``GONGKAI_TEST_CRASH_DIR``), then does the real work; ``crash_always`` always kills it.
"""

from __future__ import annotations

import os
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
