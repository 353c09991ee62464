"""Named limits and tolerances. Change them here, not in the code that uses them."""

from __future__ import annotations

#: Largest file any reader accepts, in bytes, per source format.
MAX_FILE_BYTES = {
    "txt": 5 * 1024 * 1024,
    "md": 5 * 1024 * 1024,
    "html": 10 * 1024 * 1024,
    "docx": 50 * 1024 * 1024,
    "doc": 50 * 1024 * 1024,
    "pdf": 100 * 1024 * 1024,
    "image": 60 * 1024 * 1024,
}

#: Largest total uncompressed size of a .docx package (zip-bomb guard).
MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024

#: Largest compression ratio of any single member of a .docx package (zip-bomb guard).
MAX_DOCX_COMPRESSION_RATIO = 200

#: Most pages read from a PDF; annual reports have 3-30.
MAX_PDF_PAGES = 300

#: A PDF page with fewer non-blank characters than this has no usable text layer.
MIN_PDF_PAGE_CHARS = 20

#: Seconds LibreOffice may take to convert one .doc file.
DOC_CONVERT_TIMEOUT_S = 120

#: Upper bound on candidate splits examined for one run of digits (see parsing.numbers).
MAX_SPLIT_CANDIDATES = 200_000

#: Most characters a single table region may span; real tables are a few thousand characters.
MAX_TABLE_REGION_CHARS = 60_000

#: Most label matches considered in one table region (the in-order chain is quadratic in this).
MAX_LABEL_MATCHES = 1_500
