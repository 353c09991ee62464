"""gongkai (公开): read, check and write China's government information disclosure annual reports.

>>> import gongkai
>>> report = gongkai.parse("report.pdf")  # doctest: +SKIP
>>> report.cells["t3.new.total"].value  # doctest: +SKIP
>>> same = gongkai.load("report.json")  # any document, or report data (JSON/JSONL/YAML)  # doctest: +SKIP
"""

from gongkai.api import load, load_all, parse, parse_bytes
from gongkai.exceptions import GongkaiError, ReadError, UnsupportedDocumentError, WriteError
from gongkai.model import AnnualReport, Cell, Notice, ReportFormat
from gongkai.model.serialize import ReportDataError, report_from_dict, report_to_dict

__version__ = "0.1.0"

__all__ = [
    "AnnualReport", "Cell", "GongkaiError", "Notice", "ReadError", "ReportDataError", "ReportFormat",
    "UnsupportedDocumentError", "WriteError", "__version__", "load", "load_all", "parse", "parse_bytes",
    "report_from_dict", "report_to_dict",
]
