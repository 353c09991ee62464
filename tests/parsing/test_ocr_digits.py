"""parsing.ocr: uncertain OCR digits are confirmed or fixed by the table identities, otherwise left empty."""

from __future__ import annotations

from gongkai.model import Cell, Location, Method, Provenance, T3Layout
from gongkai.model.keys import T3_APPLICANT_KEYS, T3_COLUMN_KEYS, T3_ROWS, ReportFormat, cell_keys
from gongkai.parsing.ocr import CERTAIN, identities, resolve_ocr_cells

LAYOUT = T3Layout.SPLIT


def grid(values: dict[str, int] | None = None, conf: dict[str, float] | None = None,
         raws: dict[str, str] | None = None) -> dict[str, Cell]:
    """A consistent 2021 table (all rows zero except one column) read by OCR with confidence 0.99."""
    base = {k: 0 for k in cell_keys(ReportFormat.F2021, LAYOUT)}
    # 表三: 5 new applications from natural persons, all answered 予以公开
    for key in ("t3.new", "t3.processed_total", "t3.granted"):
        base[f"{key}.natural_person"] = 5
        base[f"{key}.total"] = 5
    base["t4.admin_review.upheld"] = 2
    base["t4.admin_review.total"] = 2
    base.update(values or {})
    out = {}
    for i, (k, v) in enumerate(base.items()):
        raw = (raws or {}).get(k, str(v))
        loc = Location(page=1, line=i + 1, box=(0, 0, 10, 10), conf=(conf or {}).get(k, 0.99))
        out[k] = Cell(k, v, raw, Provenance(loc, raw, Method.LABEL))
    return out


def notice(notices, code):
    return next((n for n in notices if n.code == code), None)


def test_the_identities_are_consistent_with_a_balanced_table():
    cells = grid()
    for plus, minus in identities(LAYOUT):
        assert sum(cells[k].value for k in plus) == sum(cells[k].value for k in minus), (plus, minus)
    assert len(identities(LAYOUT)) == len(T3_ROWS[LAYOUT]) + 2 * len(T3_COLUMN_KEYS) + 3
    assert len(identities(None)) == 3


def test_certain_cells_are_left_alone():
    cells = grid()
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    assert out == cells and notices == []


def test_an_uncertain_reading_confirmed_by_an_identity_is_kept():
    cells = grid(conf={"t3.new.natural_person": 0.5})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    assert out["t3.new.natural_person"].value == 5
    assert out["t3.new.natural_person"].provenance.method is Method.LABEL
    assert notices == []


def test_a_misread_digit_is_fixed_only_when_two_identities_agree():
    # printed 5, read as 6 with low confidence: the row (sum of applicants = 5) and the column
    # (processed + carry forward - carried over = 5) both give 5
    cells = grid(values={"t3.new.natural_person": 6}, conf={"t3.new.natural_person": 0.6})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    cell = out["t3.new.natural_person"]
    assert cell.value == 5 and cell.raw == "6" and cell.provenance.method is Method.INFERRED
    assert notice(notices, "values-inferred").keys == ("t3.new.natural_person",)
    assert notice(notices, "ocr-uncertain") is None


def test_a_misread_with_only_one_identity_is_left_empty_with_a_warning():
    # 表四 has one identity per group: 7 read for 2 cannot be corrected, only flagged
    cells = grid(values={"t4.admin_review.upheld": 7}, conf={"t4.admin_review.upheld": 0.4})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    assert out["t4.admin_review.upheld"].value is None
    assert out["t4.admin_review.upheld"].raw == "7"
    warning = notice(notices, "ocr-uncertain")
    assert warning.keys == ("t4.admin_review.upheld",)
    assert "0.40" in warning.message


def test_a_fix_needs_as_many_digits_as_were_read():
    cells = grid(values={"t3.new.natural_person": 15}, conf={"t3.new.natural_person": 0.6})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    assert out["t3.new.natural_person"].value is None
    assert notice(notices, "ocr-uncertain").keys == ("t3.new.natural_person",)


def test_table_two_has_no_identity_so_uncertain_cells_are_empty():
    key = "t2.art20_1.regulation.made"
    cells = grid(values={key: 3}, conf={key: CERTAIN - 0.01})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    assert out[key].value is None
    assert key in notice(notices, "ocr-uncertain").keys


def test_two_uncertain_cells_of_one_identity_settle_in_a_chain():
    # natural_person and total of 本年新收 both uncertain: the column identities settle each one,
    # then the row identity confirms
    cells = grid(conf={"t3.new.natural_person": 0.5, "t3.new.total": 0.5})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    assert out["t3.new.natural_person"].value == 5 and out["t3.new.total"].value == 5
    assert notices == []


def test_identities_that_disagree_decide_nothing():
    # the report's own arithmetic is broken around the uncertain cell: leave it empty
    cells = grid(values={"t3.new.natural_person": 6, "t3.new.total": 7},
                 conf={"t3.new.natural_person": 0.5})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    assert out["t3.new.natural_person"].value is None
    assert notice(notices, "ocr-uncertain") is not None


def test_cells_without_ocr_confidence_are_never_touched():
    cells = grid()
    key = f"t3.new.{T3_APPLICANT_KEYS[0]}"
    plain = Cell(key, 6, "6", Provenance(Location(line=3), "6", Method.LABEL))
    out, notices = resolve_ocr_cells({**cells, key: plain}, LAYOUT)
    assert out[key] is plain and notices == []


def test_uncertain_zeros_that_must_add_up_to_zero_are_confirmed():
    # three uncertain zeros in one row: the row total (5) is already reached by the certain cells,
    # so each of them is 0 (counts are never negative); the 5 itself stays certain
    keys = [f"t3.new.{c}" for c in T3_APPLICANT_KEYS[1:4]]
    cells = grid(conf={k: 0.6 for k in keys})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    assert [out[k].value for k in keys] == [0, 0, 0]
    assert notices == []


def test_a_misread_zero_is_fixed_when_the_row_and_the_column_agree():
    keys = [f"t3.new.{c}" for c in T3_APPLICANT_KEYS[1:3]]
    cells = grid(values={keys[0]: 1}, conf={k: 0.6 for k in keys})
    out, notices = resolve_ocr_cells(cells, LAYOUT)
    # the row says both unsettled cells are 0 and the column balance says the first is 0: the 1 was
    # misread (one digit for one digit, two identities agree), so it is taken as 0 and reported
    assert out[keys[0]].value == 0 and out[keys[0]].provenance.method is Method.INFERRED
    assert out[keys[1]].value == 0
    assert notice(notices, "values-inferred").keys == (keys[0],)
