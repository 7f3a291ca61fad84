"""pipeline/ingest/pdf/columns.py on synthetic pieces: the gutter, full-width pieces, reading order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.pdf import columns
from pipeline.ingest.pdf.records import Piece, Seg

W = 600.0  # page width
SIZE = 10.0
LEFT = (50.0, 290.0)
RIGHT = (310.0, 550.0)


def piece(x0: float, x1: float, top: float, size: float = SIZE) -> Piece:
    return Piece(chars=[], x0=x0, x1=x1, top=top, bottom=top + size, size=size)


def two_columns(n: int = 8, top: float = 100.0) -> list[Piece]:
    out = []
    for k in range(n):
        y = top + 12 * k
        out += [piece(*LEFT, y), piece(*RIGHT, y)]
    return out


def seg(x0: float, x1: float, top: float, column: int | None, text: str) -> Seg:
    return Seg(
        chars=[], page=1, x0=x0, x1=x1, top=top, bottom=top + SIZE, size=SIZE, font="F", column=column, text=text
    )


def test_gutter_lies_in_the_gap_between_two_columns():
    g = columns.gutter(two_columns(), W)
    assert g is not None and LEFT[1] <= g <= RIGHT[0]


def test_one_column_page_has_no_gutter():
    assert columns.gutter([piece(50, 550, 100 + 12 * k) for k in range(10)], W) is None
    assert columns.gutter([], W) is None


def test_too_few_column_lines_make_no_gutter():
    assert columns.gutter(two_columns(columns.MIN_COLUMN_LINES - 1), W) is None
    assert columns.gutter(two_columns(columns.MIN_COLUMN_LINES), W) is not None


def test_full_width_lines_do_not_hide_the_gutter():
    front = [piece(50, 550, 40 + 12 * k) for k in range(4)]  # a full-width front matter block
    g = columns.gutter(front + two_columns(), W)
    assert g is not None and LEFT[1] <= g <= RIGHT[0]


def test_word_runs_crossing_the_centre_on_every_line_make_no_gutter():
    # one column of column-width word runs, staggered so every x near the centre is crossed
    ps = [piece(50 + 37 * (k % 5), 290 + 37 * (k % 5), 100 + 12 * k) for k in range(12)]
    ps += [piece(p.x1 + 8, 560, p.top) for p in list(ps)]
    assert columns.gutter(ps, W) is None


def test_assign_columns_left_right_and_crossing():
    ps = two_columns() + [piece(50, 550, 300)]
    columns.assign_columns(ps, 300.0, None)
    by = {(p.x0, p.top): p.column for p in ps}
    assert by[(LEFT[0], 100.0)] == 0 and by[(RIGHT[0], 100.0)] == 1
    assert by[(50, 300)] is None


def test_no_gutter_means_full_width():
    ps = two_columns()
    columns.assign_columns(ps, None, None)
    assert all(p.column is None for p in ps)


def test_a_page_without_its_own_gutter_takes_the_documents_when_few_pieces_cross():
    last_page = [piece(*LEFT, 100 + 12 * k) for k in range(6)]  # only the left column filled
    columns.assign_columns(last_page, None, 300.0)
    assert all(p.column == 0 for p in last_page)
    # a full-width page: most pieces cross the gutter, so the few short ones are full width too
    wide = [piece(50, 550, 100 + 12 * k) for k in range(6)] + [piece(50, 200, 200), piece(50, 180, 212)]
    columns.assign_columns(wide, None, 300.0)
    assert all(p.column is None for p in wide)


def test_a_full_width_line_split_at_word_gaps_is_one_full_width_line():
    # three word runs of one printed line, the middle one across the gutter, gaps of half an em
    line = [piece(50, 200, 300), piece(205, 320, 300), piece(325, 550, 300)]
    ps = two_columns() + line
    columns.assign_columns(ps, 300.0, None)
    assert [p.column for p in line] == [None, None, None]
    assert {p.column for p in ps if p.top == 100.0} == {0, 1}  # the column lines stay


def test_the_short_last_line_of_a_full_width_paragraph_is_full_width():
    full = piece(50, 550, 80)
    tail = piece(50, 150, 92)  # left of the gutter, starts where the line above starts
    ps = [full, tail] + two_columns(top=120.0)
    columns.assign_columns(ps, 300.0, None)
    assert tail.column is None


def test_a_left_column_line_beside_the_right_column_stays_in_its_column():
    full = piece(50, 550, 80)
    left = piece(50, 150, 92)
    right = piece(*RIGHT, 92)  # the other column stands beside it
    ps = [full, left, right] + two_columns(top=120.0)
    columns.assign_columns(ps, 300.0, None)
    assert left.column == 0 and right.column == 1


def test_reading_order_reads_each_band_left_then_right():
    segs = [
        seg(50, 550, 40, None, "title"),
        seg(*RIGHT, 100, 1, "r1"),
        seg(*LEFT, 100, 0, "l1"),
        seg(*RIGHT, 112, 1, "r2"),
        seg(*LEFT, 112, 0, "l2"),
        seg(50, 550, 200, None, "wide"),
        seg(*RIGHT, 220, 1, "r3"),
        seg(*LEFT, 220, 0, "l3"),
    ]
    assert [s.text for s in columns.reading_order(segs, [])] == ["title", "l1", "l2", "r1", "r2", "wide", "l3", "r3"]


def test_a_page_wide_rule_cuts_a_band():
    segs = [seg(*LEFT, 100, 0, "l1"), seg(*RIGHT, 100, 1, "r1"), seg(*LEFT, 200, 0, "l2"), seg(*RIGHT, 200, 1, "r2")]
    assert [s.text for s in columns.reading_order(segs, [])] == ["l1", "l2", "r1", "r2"]
    assert [s.text for s in columns.reading_order(segs, [150.0])] == ["l1", "r1", "l2", "r2"]


@settings(max_examples=40)
@given(st.floats(min_value=300.0, max_value=360.0), st.integers(min_value=5, max_value=15))
def test_property_gutter_follows_the_gap(mid: float, n: int):
    ps = []
    for k in range(n):
        y = 100 + 12 * k
        ps += [piece(50, mid - 15, y), piece(mid + 15, 560, y)]
    g = columns.gutter(ps, W)
    assert g is not None and mid - 15 <= g <= mid + 15


@settings(max_examples=40)
@given(st.lists(st.tuples(st.sampled_from([0, 1, None]), st.floats(0, 700)), max_size=12))
def test_property_reading_order_keeps_every_segment(specs: list[tuple[int | None, float]]):
    segs = [seg(50, 550 if c is None else 290, top, c, str(k)) for k, (c, top) in enumerate(specs)]
    out = columns.reading_order(segs, [300.0])
    assert sorted(s.text for s in out) == sorted(s.text for s in segs)
