"""Layout steps run by the C library of `glyphs.py` (`_glyphloop.c`): chaining glyphs into pieces.

Each function gives exactly what its Python counterpart gives, or None where the library is
missing or was built before the step existed, and the caller runs the Python step.
"""

from __future__ import annotations

import ctypes
from array import array
from typing import Callable, cast

from . import glyphs
from .glyphs import Glyph
from .records import Piece


def _prototype() -> Callable[..., int] | None:
    lib = glyphs._native[0] if glyphs._native is not None else None
    if lib is None or not hasattr(lib, "rvx_pieces"):
        return None
    fn = lib.rvx_pieces
    fn.restype = ctypes.c_int
    vp = ctypes.c_void_p
    fn.argtypes = [vp, ctypes.c_int, ctypes.c_double, ctypes.c_double, vp, vp, vp]
    return cast(Callable[..., int], fn)


_pieces = _prototype()


def chain(chars: list[Glyph], piece_gap: float, row_overlap: float) -> list[Piece] | None:
    """`lines.pieces` before its join step, on glyphs already in top-then-x0 order."""
    if _pieces is None or glyphs._native is None:  # tests turn the library off through glyphs._native
        return None
    n = len(chars)
    rows = array("d", bytes(8 * 5 * n))
    rows[0::5] = array("d", [c.top for c in chars])
    rows[1::5] = array("d", [c.bottom for c in chars])
    rows[2::5] = array("d", [c.x0 for c in chars])
    rows[3::5] = array("d", [c.x1 for c in chars])
    rows[4::5] = array("d", [c.size for c in chars])
    piece = array("i", bytes(4 * n))
    bounds = array("d", bytes(8 * 5 * n))
    active = array("i", bytes(4 * n))
    count = _pieces(
        rows.buffer_info()[0],
        n,
        piece_gap,
        row_overlap,
        piece.buffer_info()[0],
        bounds.buffer_info()[0],
        active.buffer_info()[0],
    )
    b = bounds[: 5 * count].tolist()
    out = [Piece([], b[k], b[k + 1], b[k + 2], b[k + 3], b[k + 4]) for k in range(0, 5 * count, 5)]
    for c, k in zip(chars, piece.tolist()):
        out[k].chars.append(c)
    return out
