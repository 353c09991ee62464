"""The statutory format has one home: ``gongkai.model.format`` (with ``gongkai.model.keys`` for the tables'
rows and columns). No other module under ``src/`` may spell one of the format's official strings itself —
it imports the name instead, so that a change of the format is a change of one file."""

from __future__ import annotations

import ast
from pathlib import Path

from gongkai.model import format as fmt

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"
#: The format's home (model/citations.py: the dated table of cited documents, kept beside it).
HOME = {SRC / "model" / "format.py", SRC / "model" / "keys.py", SRC / "model" / "citations.py"}

#: The strings that identify the format: section titles, the notices' 文号, the tables' subjects, the report
#: title and table 三's corner note. (Row and column labels live in model/keys.py; messages quote them through
#: ``label_of`` or by name, and parsing's recognition cores are fragments of them, so they are not scanned.)
OFFICIAL = (
    *fmt.SECTION_TITLES.values(),
    "〔2021〕30号", "〔2019〕60号",
    *fmt.TABLE_TITLES.values(),
    "年" + fmt.TITLE_SUFFIX,
    fmt.T3_NOTE,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants (documentation may name the format)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip]


def test_official_strings_are_what_the_model_says() -> None:
    assert len(fmt.SECTION_TITLES) == 6 and fmt.SECTION_TITLES[3] == "三、收到和处理政府信息公开申请情况"
    assert fmt.BASIS[fmt.ReportFormat.F2021][0] == "国办公开办函〔2021〕30号"
    assert fmt.report_title("XX镇人民政府", 2024) == "XX镇人民政府2024年政府信息公开工作年度报告"
    assert fmt.TABLE_CAPTIONS["t4"] == "表四\u3000政府信息公开行政复议、行政诉讼情况"
    assert fmt.APPLICANT_PHRASES["other_org"] == "其他法人或其他组织"
    assert set(fmt.APPLICANT_PHRASES) == set(fmt.T3_APPLICANT_KEYS)


def test_the_scan_finds_a_literal() -> None:
    """The scanner itself works: this very file spells the titles (outside docstrings)."""
    hits = [s for _, s in _literals(Path(__file__)) if "三、收到和处理政府信息公开申请情况" in s]
    assert hits


def test_no_literal_of_the_format_outside_its_home() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path in HOME:
            continue
        for line, text in _literals(path):
            for official in OFFICIAL:
                if official in text:
                    offenders.append(f"{path.relative_to(SRC)}:{line}: “{official}”")
    assert not offenders, "literals of the statutory format outside gongkai.model.format:\n" + "\n".join(offenders)
