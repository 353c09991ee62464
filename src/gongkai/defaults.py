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

#: Largest uncompressed XML part of a .docx package (``word/document.xml`` of a long report is ~2 MB;
#: python-docx needs ~30 times a part's size in memory to parse it). Checked while decompressing.
MAX_DOCX_XML_PART_BYTES = 32 * 1024 * 1024

#: Largest compression ratio of any single member of a .docx package (zip-bomb guard).
MAX_DOCX_COMPRESSION_RATIO = 200

#: Most pages read from a PDF; annual reports have 3-30.
MAX_PDF_PAGES = 300

#: Most text-layer characters read from one PDF, all pages together (the corpus PDFs have ~600 a page;
#: a dense 100-page report would have 300,000): pages × characters is bounded, and a page is counted
#: (cheaply) before its per-character work.
MAX_PDF_TOTAL_CHARS = 300_000

#: Largest inflated size of one Flate-compressed PDF stream that is not an image (content streams,
#: fonts, object streams), counted while inflating before pdfium sees the file (flate-bomb guard).
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024

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

#: Batch engine (``gongkai.batch``): wall-time limit for one file, in seconds.
BATCH_TIMEOUT_S = 30.0

#: Batch engine: memory (address-space) limit of the worker process handling one file, in bytes.
BATCH_MEMORY_BYTES = 1024 * 1024 * 1024

#: Batch engine: smallest memory limit accepted (a worker needs ~100 MB of address space to start).
BATCH_MIN_MEMORY_BYTES = 256 * 1024 * 1024

#: Batch engine: a worker process is replaced after this many files (bounds heap fragmentation).
BATCH_TASKS_PER_WORKER = 200
