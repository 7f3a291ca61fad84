"""Unit tests of the structure stage's heading and block rules (pipeline/sections.py) on small inputs."""

from __future__ import annotations

import pytest

from pipeline.lines import Line
from pipeline.resources import heading_grammar
from pipeline.sections import assign_levels, blocks, match_heading


def _hit(text: str, **kw):  # type: ignore[no-untyped-def]
    return match_heading(Line(text, **kw), heading_grammar(), (None, None))


@pytest.mark.parametrize(
    "text, number, title",
    [
        ("0 引言", "0", "引言"),  # GB/T 7713 numbering starts at 0
        ("1.2 治疗", "1.2", "治疗"),
        ("（二）厄洛替尼", "二", "厄洛替尼"),
    ],
)
def test_numbered_headings(text, number, title):
    hit = _hit(text)
    assert hit is not None and (hit.number, hit.title) == (number, title)


@pytest.mark.parametrize(
    "text",
    [
        "0.65~0.86，P<0.001）；恩格列净组",  # a value running on from the line before
        "3~5 次/d 口服",  # a range with its unit
        "12 周时两组差异",  # a number with its unit
        "60.7 ±8.6",  # numbers of a table row
    ],
)
def test_numbers_that_are_no_heading_numbers(text):
    assert _hit(text) is None


def _pdf_line(text: str, page: int, column: int, face: bool = False, top: float = 100.0) -> Line:
    return Line(
        text,
        page=page,
        font="Hei" if face else "Song",
        size=10.5 if face else 9.0,
        heading_face=face,
        column=column,
        top=top,
        bottom=top + 9,
        short=face,
    )


def test_a_heading_face_line_after_a_page_change_starts_a_block():
    # the page before ends in table rows read as text (no sentence end); the next page opens
    # with a heading in the heading face: it is not the rows' continuation
    lines = [
        _pdf_line("降尿酸治疗的指征与目标包括以下几个方面。", 1, 1, top=600),
        _pdf_line("1467 d FAST", 1, 1, top=700),
        _pdf_line("3 促尿酸排泄药", 2, 0, face=True, top=60),
        _pdf_line("约 90% 的原发性高尿酸血症由尿酸排泄减少所致。", 2, 0, top=80),
    ]
    out = blocks(lines)
    heads = [b for b in out if b.kind == "heading"]
    assert [(b.number, b.title) for b in heads] == [("3", "促尿酸排泄药")]
    # within one column a heading-face line after unfinished text is still read on
    same = [lines[0], lines[1], _pdf_line("3 促尿酸排泄药", 1, 1, face=True, top=712)]
    assert not any(b.kind == "heading" for b in blocks(same))


def test_levels_follow_the_order_families_first_appear():
    lines = [
        Line("1 概述"),
        Line("1.1 定义"),
        Line("正文一句。"),
        Line("2 治疗"),
        Line("2.1 药物"),
        Line("正文一句。"),
    ]
    out = blocks(lines)
    assign_levels(out)
    assert [(b.number, b.level) for b in out if b.kind == "heading"] == [("1", 1), ("1.1", 2), ("2", 1), ("2.1", 2)]
