"""The layout steps in C (`_glyphloop.c`: glyph records, pieces, faux-bold twins) give what their
Python steps give, on random pages as well as on the corpus (test_pdf_text_layer.py)."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import pdf as pdf_ingest
from pipeline.ingest.pdf import glyphs as glyph_mod
from pipeline.ingest.pdf import lines as lines_mod
from pipeline.ingest.pdf.glyphs import Glyph

needs_c = pytest.mark.skipif(
    glyph_mod._native is None or not hasattr(glyph_mod._native[0], "rvx_pieces"),
    reason="the C layout steps were not built",
)

# coarse coordinates, so that glyphs touch, overlap, repeat and sit on cell edges
_coord = st.integers(-40, 400).map(lambda k: k * 0.4)
_size = st.sampled_from([4.5, 7.0, 9.0, 9.04, 9.3, 10.5, 14.0])


@st.composite
def _glyph(draw: st.DrawFn) -> Glyph:
    size = draw(_size)
    x0 = draw(_coord)
    base = draw(st.integers(0, 60).map(lambda k: k * 1.7))
    raised = draw(st.sampled_from([0.0, 0.0, 0.0, -3.0, 2.5]))
    width = draw(st.sampled_from([0.0, 0.3, 0.5, 1.0])) * size
    top = base + raised - 0.88 * size
    return Glyph("x", x0, x0 + width, top, top + size, base, size, "F")


def _shape(pieces):  # type: ignore[no-untyped-def]
    return [([id(c) for c in p.chars], p.x0, p.x1, p.top, p.bottom, p.size) for p in pieces]


@needs_c
@settings(max_examples=600, deadline=None)
@given(st.lists(_glyph(), max_size=60))
def test_pieces_in_c_are_the_python_pieces(chars: list[Glyph]) -> None:
    native = lines_mod.pieces(chars)
    saved = glyph_mod._native
    glyph_mod._native = None
    try:
        python = lines_mod.pieces(chars)
    finally:
        glyph_mod._native = saved
    assert _shape(native) == _shape(python)


# offsets of a near copy: inside the tolerance (0.8 pt), on it, just past it
_nudge = st.sampled_from([-0.81, -0.8, -0.5, -0.1, 0.0, 0.3, 0.79, 0.8, 0.81, 1.7])
_box = st.tuples(_coord, _coord, st.sampled_from([0.0, 0.5, 0.9, 5.0]), st.sampled_from([0.0, 0.5, 0.9, 8.0]))


@needs_c
@settings(max_examples=600, deadline=None)
@given(st.lists(_box, max_size=40), st.lists(st.tuples(st.integers(0, 39), _nudge, _nudge), max_size=10))
def test_faux_bold_twins_in_c_are_the_python_twins(
    boxes: list[tuple[float, float, float, float]], nudges: list[tuple[int, float, float]]
) -> None:
    texts = [(x, y, x + w, y + h, 1000 + k) for k, (x, y, w, h) in enumerate(boxes)]
    for k, dx, dy in nudges:  # near copies, some within the tolerance, some on the other side of a cell edge
        if k < len(texts):
            x0, y0, x1, y1, _ = texts[k]
            texts.append((x0 + dx, y0 + dy, x1 + dx, y1 + dy, 5000 + len(texts)))
    native = glyph_mod._doubled(texts)
    saved = glyph_mod._native
    glyph_mod._native = None
    try:
        python = glyph_mod._doubled(texts)
    finally:
        glyph_mod._native = saved
    assert native == python


@needs_c
def test_twins_in_c_leave_coordinates_off_the_grid_to_python() -> None:
    texts = [(float("inf"), 0.0, 1.0, 1.0, 1), (0.0, 0.0, 1.0, 1.0, 2)]
    assert glyph_mod._doubled_in_c(texts) is None
    assert glyph_mod._doubled_in_c([(0.0, 0.0, 1.0, 1.0, 1), (0.3, -0.2, 1.3, 0.8, 2)]) == {1, 2}


_latin_row = st.tuples(
    st.sampled_from([0x2C, 0x2E, 0x30, 0x39, 0x41, 0x61, 0x69, 0x7A, 0x7B, 0x4E2D]),  # a few outside the test
    st.sampled_from([0.0, 1.0]),
    st.sampled_from([0.5, 2.0, 7.9, 8.0, 8.1, 10.0]),
    st.sampled_from([0.05, 10.0]),
    st.sampled_from([1.0, 2.0, 3.0]),
)


@needs_c
@settings(max_examples=400, deadline=None)
@given(st.lists(_latin_row, max_size=30))
def test_em_wide_fonts_in_c_are_the_python_ones(rows: list[tuple[int, float, float, float, float]]) -> None:
    import ctypes

    flat = [0.0] * (13 * len(rows))
    for k, (u, left, right, size, font) in enumerate(rows):
        flat[13 * k : 13 * k + 8] = [float(u), left, right, 0.0, 0.0, size, 0.0, font]
    buf = (ctypes.c_double * max(len(flat), 1))(*flat)
    cols = [flat[j::13] for j in range(13)]
    assert glyph_mod._em_wide_in_c(buf, len(rows)) == glyph_mod._em_wide_faces(cols)


_ROOT = Path(__file__).resolve().parents[1]
_PDFS = sorted((_ROOT / "raw").glob("*_print.pdf"))[:3] + sorted((_ROOT.parent / "shared" / "real-pdfs").glob("*.pdf"))


def _records(path: Path) -> list[tuple[object, ...]]:
    pages = pdf_ingest.read_glyphs(path.read_bytes(), str(path))
    # object handles are addresses, new on every read: compared by the glyphs they group
    return [
        (
            p.number,
            p.unmapped,
            p.total,
            [(*astuple(g)[:10], *astuple(g)[11:], type(g.bold), type(g.obj)) for g in p.glyphs],
        )
        for p in pages
    ]


@pytest.mark.skipif(glyph_mod._build is None, reason="rvx_build was not built")
@pytest.mark.parametrize("path", _PDFS, ids=lambda p: p.stem)
def test_glyph_records_built_in_c_are_the_python_records(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    native = _records(path)
    monkeypatch.setattr(glyph_mod, "_build", None)
    assert native == _records(path)
