"""gongkai (公开): read, check and write China's government information disclosure annual reports.

>>> import gongkai
>>> report = gongkai.parse("report.pdf")  # doctest: +SKIP
>>> report.cells["t3.new.total"].value  # doctest: +SKIP
"""

from gongkai.api import parse, parse_bytes
from gongkai.exceptions import GongkaiError, ReadError, UnsupportedDocumentError, WriteError
from gongkai.model import AnnualReport, Cell, Notice, ReportFormat
from gongkai.model.serialize import report_to_dict

__version__ = "0.1.0"

__all__ = [
    "AnnualReport", "Cell", "GongkaiError", "Notice", "ReadError", "ReportFormat",
    "UnsupportedDocumentError", "WriteError", "__version__", "parse", "parse_bytes", "report_to_dict",
]
