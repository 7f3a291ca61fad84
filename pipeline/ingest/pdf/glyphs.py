"""Glyphs, rules and rectangles of one page, read through PDFium.

Each glyph keeps what the layout needs: its text (normalised, see `normalize.py`), its
horizontal extent from PDFium's loose box, its baseline (the glyph origin) and an em box
built from baseline and size. The em box, not the font's own box, is what lines are
grouped by and what mentions ground to: Founder-typeset files draw digits and Latin in
fonts whose descriptor boxes sit several points off the Chinese boxes on the same
baseline, so font boxes cannot say which glyphs share a line; the baseline can.

Font, size, weight, render mode and colour belong to the text object, so they are read
once per object (a page has a few hundred objects and a few thousand glyphs). Calls go
through ctypes prototypes with plain `c_void_p` handles, which halves PDFium's per-call
cost in the binding.
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Callable, cast

import pypdfium2.raw as raw

from ...resources import alt, pdf_text_rules
from .normalize import clean_page

# the em box: share of the size above and below the baseline (CJK faces fill about this)
ASCENT = 0.88
DESCENT = 0.12
# glyphs at or below this size (pt) are invisible: zero-size text is a known way to hide words
MIN_GLYPH_SIZE = 0.1


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float  # em box, from the page top
    bottom: float
    base: float  # baseline, from the page top
    size: float
    face: str  # font family without subset tags
    bold: bool = False
    italic: bool = False
    obj: int = 0  # the text object that drew it
    gray: float = 0.0  # fill colour's lightness, 0 black .. 1 white
    ink: bool = False  # x0/x1 are the glyph's ink, not its advance (a font with em-wide boxes)


@dataclass(slots=True)
class Rule:
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class PageGlyphs:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    rects: list[Rule] = field(default_factory=list)  # boxes (inserts, table cells, shading)
    rules: list[Rule] = field(default_factory=list)  # horizontal rules
    images: int = 0  # image objects on the page (a scan has one per page and no glyphs)
    # small drawings (forms, curves) that may stand for a glyph typeset as a graphic
    marks: list[Rule] = field(default_factory=list)
    # glyphs whose font gives no usable Unicode (private use, replacement character, NUL)
    unmapped: int = 0
    total: int = 0  # glyphs drawn, before cleaning
    # text objects drawn twice at (almost) the same place: faux bold. PDFium's text page keeps
    # one copy of such glyphs, so the copy is found among the page's objects
    doubled: set[int] = field(default_factory=set)
    unreadable: bool = False  # PDFium could not load the page
    ocr: bool = False  # the glyphs were read from the page image
    drawn: int = 0  # glyphs read from drawings (see drawn_glyphs)
    # PDFium's text page already keeps one copy of a glyph drawn twice; pdfminer's does not
    needs_dedupe: bool = False
    # text objects of non-embedded, non-standard fonts that PDFium decoded to nothing
    # (x, baseline from the top, size, face, bold, italic, gray) of each: their text comes from pdfminer
    undecoded: list[tuple[float, float, float, str, bool, bool, float]] = field(default_factory=list)


def _fn(name: str, restype, *argtypes):  # type: ignore[no-untyped-def]
    """A prototype of PDFium function `name` taking plain handles (no binding type checks)."""
    addr = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
    assert addr is not None
    return ctypes.CFUNCTYPE(restype, *argtypes)(addr)


_VP, _I, _D = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_PD, _PF = ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_float)
_load_text = _fn("FPDFText_LoadPage", _VP, _VP)
_close_text = _fn("FPDFText_ClosePage", None, _VP)
_count = _fn("FPDFText_CountChars", _I, _VP)
_unicode = _fn("FPDFText_GetUnicode", ctypes.c_uint, _VP, _I)
_loose = _fn("FPDFText_GetLooseCharBox", _I, _VP, _I, ctypes.c_void_p)
_origin = _fn("FPDFText_GetCharOrigin", _I, _VP, _I, _PD, _PD)
_text_obj = _fn("FPDFText_GetTextObject", _VP, _VP, _I)
_generated = _fn("FPDFText_IsGenerated", _I, _VP, _I)
_map_error = _fn("FPDFText_HasUnicodeMapError", _I, _VP, _I)
_char_box = _fn("FPDFText_GetCharBox", _I, _VP, _I, _PD, _PD, _PD, _PD)
_obj_size = _fn("FPDFTextObj_GetFontSize", _I, _VP, _PF)
_obj_font = _fn("FPDFTextObj_GetFont", _VP, _VP)
_obj_mode = _fn("FPDFTextObj_GetTextRenderMode", _I, _VP)
_obj_matrix = _fn("FPDFPageObj_GetMatrix", _I, _VP, ctypes.c_void_p)
_obj_fill = _fn("FPDFPageObj_GetFillColor", _I, _VP, *([ctypes.POINTER(ctypes.c_uint)] * 4))
_font_name = _fn("FPDFFont_GetBaseFontName", ctypes.c_size_t, _VP, ctypes.c_char_p, ctypes.c_size_t)
_font_weight = _fn("FPDFFont_GetWeight", _I, _VP)
_font_flags = _fn("FPDFFont_GetFlags", _I, _VP)
_font_italic = _fn("FPDFFont_GetItalicAngle", _I, _VP, ctypes.POINTER(ctypes.c_int))
_page_count = _fn("FPDFPage_CountObjects", _I, _VP)
_page_obj = _fn("FPDFPage_GetObject", _VP, _VP, _I)
_form_count = _fn("FPDFFormObj_CountObjects", _I, _VP)
_form_obj = _fn("FPDFFormObj_GetObject", _VP, _VP, ctypes.c_ulong)
_obj_type = _fn("FPDFPageObj_GetType", _I, _VP)
_obj_bounds = _fn("FPDFPageObj_GetBounds", _I, _VP, _PF, _PF, _PF, _PF)
_path_segments = _fn("FPDFPath_CountSegments", _I, _VP)

_SUBSET = re.compile(r"^[A-Za-z0-9]{1,8}\+")
_SUBSET_INDEX = re.compile(r"-\d+$")
# PDF font flags
_FLAG_ITALIC = 1 << 6
_FLAG_FORCE_BOLD = 1 << 18
# render modes that stroke the outline as well as fill it: synthetic bold
_STROKED_FILL = {2, 6}
# paths with more segments than this are drawings, not rules or boxes
MAX_BOX_SEGMENTS = 6
# a path thinner than this (pt) is a rule
RULE_THICKNESS = 1.5


@cache
def bold_name() -> re.Pattern[str]:
    """A font name that says bold (pdf_text.json), or ends ".B" / ",B"."""
    return re.compile(rf"{alt(pdf_text_rules().bold_font_names)}|\.B$|,B$", re.I)


@cache
def _italic_name() -> re.Pattern[str]:
    return re.compile(alt(pdf_text_rules().italic_font_names), re.I)


@lru_cache(maxsize=4096)
def face_of(name: str) -> str:
    """The family a font belongs to: "DY247+ZHXEXo-249" -> "ZHXEXo", "KTJ+FZSSK--GBK1-0" -> "FZSSK--GBK1".

    CAJ->PDF conversions give every few glyphs a subset of their own, tagged before the
    "+" and numbered after the last "-"; neither tells a change of face.
    """
    return _SUBSET_INDEX.sub("", _SUBSET.sub("", name)) or name


def _decode_name(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("gb18030", "replace")  # Chinese font names are often GBK bytes


class _Fonts:
    """Per-font facts, cached by handle for the life of one page."""

    def __init__(self) -> None:
        self.cache: dict[int, tuple[str, bool, bool]] = {}
        self.buf = ctypes.create_string_buffer(256)

    def get(self, font: int | None) -> tuple[str, bool, bool]:
        if not font:
            return "", False, False
        hit = self.cache.get(font)
        if hit is None:
            n = _font_name(font, self.buf, 256)
            name = _decode_name(self.buf.raw[: max(n - 1, 0)])
            flags = _font_flags(font)
            angle = ctypes.c_int(0)
            _font_italic(font, ctypes.byref(angle))
            bold = _font_weight(font) >= 600 or bool(flags & _FLAG_FORCE_BOLD) or bool(bold_name().search(name))
            italic = bool(flags & _FLAG_ITALIC) or angle.value != 0 or bool(_italic_name().search(name))
            hit = (face_of(name), bold, italic)
            self.cache[font] = hit
        return hit


class _Objects:
    """Per-text-object facts: size (nominal size times the matrix scale), face, weight, upright, colour."""

    def __init__(self) -> None:
        self.cache: dict[int, tuple[float, str, bool, bool, bool, float] | None] = {}
        self.fonts = _Fonts()
        self.fs = ctypes.c_float()
        self.m = raw.FS_MATRIX()
        self.rgba = [ctypes.c_uint() for _ in range(4)]

    def get(self, obj: int) -> tuple[float, str, bool, bool, bool, float] | None:
        hit = self.cache.get(obj, False)
        if hit is not False:
            return hit  # type: ignore[return-value]
        _obj_size(obj, ctypes.byref(self.fs))
        m = self.m
        _obj_matrix(obj, ctypes.byref(m))
        scale = math.hypot(m.c, m.d)
        size = self.fs.value * scale
        upright = abs(m.b) < 1e-3 * max(abs(m.a), 1e-6) and m.a > 0 and m.d > 0
        mode = _obj_mode(obj)
        face, bold, italic = self.fonts.get(_obj_font(obj))
        r, g, b, a = self.rgba
        gray = 0.0
        if _obj_fill(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
            gray = (r.value + g.value + b.value) / 765.0
        # invisible text (mode 3) is kept: it is the text layer of an OCR'd scan
        hit = (size, face, bold or mode in _STROKED_FILL, italic, upright, gray)
        self.cache[obj] = hit
        return hit


def read_page(page, number: int) -> PageGlyphs:  # type: ignore[no-untyped-def]
    """Every visible glyph of `page` (a pypdfium2 PdfPage) in content order, with rules and boxes."""
    x0m, y0m, x1m, y1m = page.get_mediabox()
    out = PageGlyphs(number=number, width=x1m - x0m, height=y1m - y0m)
    handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    assert handle is not None
    _shapes(handle, out, x0m, y1m)
    tp = _load_text(handle)
    if not tp:
        return out
    try:
        _glyphs(tp, out, x0m, y1m)
    finally:
        _close_text(tp)
    clean_page(out)
    drawn_glyphs(out)
    return out


# a drawing reads as a range mark between two digits when it is this narrow and flat (in sizes)
DRAWN_MAX_WIDTH = 0.9
DRAWN_MAX_HEIGHT = 0.35
# ... and a wavy one (height over width above this) is a tilde, a flat one a dash
TILDE_ASPECT = 0.18


def drawn_glyphs(out: PageGlyphs) -> None:
    """Glyphs typeset as little drawings (some converters draw `~` as a form XObject).

    A drawing narrower than a glyph and flat, alone in the gap between two digits on one
    baseline at the height of a dash, is a range mark: `~` when wavy, `-` when flat.
    """
    if not out.marks or not out.glyphs:
        return
    by_line: dict[int, list[Glyph]] = {}
    for g in out.glyphs:
        by_line.setdefault(round(g.base), []).append(g)
    added: list[Glyph] = []
    for m in out.marks:
        w, h = m.x1 - m.x0, m.bottom - m.top
        mid = (m.top + m.bottom) / 2
        for key in (round(mid), round(mid) + 1, round(mid) + 2, round(mid) + 3, round(mid) + 4, round(mid) + 5):
            row = by_line.get(key)
            if not row:
                continue
            size = row[0].size
            if not (w <= DRAWN_MAX_WIDTH * size and h <= DRAWN_MAX_HEIGHT * size):
                continue
            if not (row[0].base - 0.6 * size <= mid <= row[0].base - 0.1 * size):
                continue
            left = max((g for g in row if g.x1 <= m.x0 + 0.5), key=lambda g: g.x1, default=None)
            right = min((g for g in row if g.x0 >= m.x1 - 0.5), key=lambda g: g.x0, default=None)
            if left is None or right is None or not (left.text.isdigit() and right.text.isdigit()):
                continue
            if right.x0 - left.x1 > 2 * size:
                continue
            text = "~" if h / max(w, 0.1) > TILDE_ASPECT else "-"
            added.append(
                Glyph(
                    text,
                    m.x0,
                    m.x1,
                    left.top,
                    left.bottom,
                    left.base,
                    left.size,
                    left.face,
                    left.bold,
                    left.italic,
                    0,
                    left.gray,
                )
            )
            out.drawn += 1
            break
    if added:
        out.glyphs.extend(added)


def _glyphs(tp: int, out: PageGlyphs, x0m: float, y1m: float) -> None:
    if _native is not None:
        _glyphs_native(tp, out, x0m, y1m)
    else:
        _glyphs_python(tp, out, x0m, y1m)


# the loaded C loop and the PDFium function tables it calls through
Native = tuple[ctypes.CDLL, "ctypes.Array[ctypes.c_void_p]", "ctypes.Array[ctypes.c_void_p]"]


def _load_native() -> Native | None:
    """The C glyph loop built with the package (`_glyphloop.c`), or None where it was not built."""
    import importlib.machinery
    from pathlib import Path

    here = Path(__file__).parent
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        lib = here / f"_glyphloop{suffix}"
        if lib.exists():
            try:
                dll = ctypes.CDLL(str(lib))
            except OSError:
                return None
            dll.rvx_glyphs.restype = ctypes.c_int
            dll.rvx_glyphs.argtypes = [_VP, ctypes.c_void_p, ctypes.c_void_p, _I, _D, ctypes.POINTER(_I)]
            dll.rvx_count.restype = ctypes.c_int
            dll.rvx_count.argtypes = [_VP, ctypes.c_void_p]
            names = [
                "FPDFText_CountChars",
                "FPDFText_GetUnicode",
                "FPDFText_GetLooseCharBox",
                "FPDFText_GetCharOrigin",
                "FPDFText_GetTextObject",
                "FPDFText_IsGenerated",
                "FPDFTextObj_GetFontSize",
                "FPDFTextObj_GetFont",
                "FPDFTextObj_GetTextRenderMode",
                "FPDFPageObj_GetMatrix",
                "FPDFText_HasUnicodeMapError",
                "FPDFPageObj_GetFillColor",
                "FPDFText_GetCharBox",
            ]
            fns = (ctypes.c_void_p * len(names))(*[ctypes.cast(getattr(raw, n), ctypes.c_void_p).value for n in names])
            dll.rvx_objects.restype = ctypes.c_int
            dll.rvx_objects.argtypes = [_VP, ctypes.c_void_p, ctypes.c_void_p, _I]
            onames = [
                "FPDFPage_CountObjects",
                "FPDFPage_GetObject",
                "FPDFFormObj_CountObjects",
                "FPDFFormObj_GetObject",
                "FPDFPageObj_GetType",
                "FPDFPageObj_GetBounds",
                "FPDFPath_CountSegments",
            ]
            ofns = (ctypes.c_void_p * len(onames))(
                *[ctypes.cast(getattr(raw, n), ctypes.c_void_p).value for n in onames]
            )
            return dll, fns, ofns
    return None


_native = _load_native()
_ROW = 13


def _load_builder() -> Callable[..., int] | None:
    """`rvx_build` of the same library (Glyph records made in C), or None: a library built
    before it existed, or none at all, leaves the records to `_rows_to_glyphs`."""
    if _native is None or not hasattr(_native[0], "rvx_build"):
        return None
    fn = ctypes.PyDLL(_native[0]._name).rvx_build  # the GIL stays held: it builds Python objects
    fn.restype = ctypes.py_object
    fn.argtypes = [ctypes.py_object, ctypes.c_void_p, _I, _D, _D, _D, _D, *([ctypes.py_object] * 5)]
    return cast(Callable[..., int], fn)


_build = _load_builder()


# a font whose loose boxes make narrow Latin letters this wide (in sizes) reports its font box,
# not its advances (per-glyph Type 1 subsets of CAJ conversions): its glyphs' ink says where they end
EM_WIDE_LATIN = 0.8


def _full_width(u: int) -> bool:
    return (
        0x4E00 <= u <= 0x9FFF
        or 0x3000 <= u <= 0x303F
        or 0xFF01 <= u <= 0xFF60
        or 0x3400 <= u <= 0x4DBF
        or 0xF900 <= u <= 0xFAFF
    )


def _em_wide_faces(cols: list[list[float]]) -> set[float]:
    """Font handles whose Latin glyphs all come back about an em wide."""
    widths: dict[float, list[float]] = {}
    for u, left, right, size, font in zip(cols[0], cols[1], cols[2], cols[5], cols[7]):
        # half-width Latin only (the first test turns away the Chinese glyphs at once)
        if u <= 0x7A and (0x61 <= u or 0x2C <= u <= 0x2E or 0x30 <= u <= 0x39):
            widths.setdefault(font, []).append((right - left) / max(size, 0.1))
    return {f for f, ws in widths.items() if len(ws) >= 3 and sorted(ws)[len(ws) // 2] > EM_WIDE_LATIN}


def _glyphs_native(tp: int, out: PageGlyphs, x0m: float, y1m: float) -> None:
    assert _native is not None  # callers check; the Python loop runs without it
    dll, fns, _ofns = _native
    cap = dll.rvx_count(tp, fns) + 1
    buf = (ctypes.c_double * (cap * _ROW))()
    skipped = ctypes.c_int(0)
    rows = dll.rvx_glyphs(tp, fns, buf, cap, MIN_GLYPH_SIZE, ctypes.byref(skipped))
    if _build is None:
        vals = cast(list[float], memoryview(buf).cast("B").cast("d")[: max(rows, 0) * _ROW].tolist())
        _rows_to_glyphs([vals[j::_ROW] for j in range(_ROW)], out, x0m, y1m)
    else:
        _built_in_c(buf, max(rows, 0), out, x0m, y1m)
    out.total += max(rows, 0) + skipped.value


def _em_wide_in_c(buf: ctypes.Array[ctypes.c_double], n: int) -> set[float] | None:
    """`_em_wide_faces` by `rvx_em_wide`; None where the library lacks it or leaves it to Python."""
    assert _native is not None
    fn = getattr(_native[0], "rvx_em_wide", None)
    if fn is None:
        return None
    fn.restype = _I
    fn.argtypes = [ctypes.c_void_p, _I, _D, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    out, width, font = ((ctypes.c_double * max(n, 1))() for _ in range(3))
    scratch = (ctypes.c_int * max(2 * n, 1))()
    count = fn(buf, n, EM_WIDE_LATIN, out, width, font, scratch)
    return None if count < 0 else set(out[:count])


def _built_in_c(buf: ctypes.Array[ctypes.c_double], n: int, out: PageGlyphs, x0m: float, y1m: float) -> None:
    """`_rows_to_glyphs` done by `rvx_build`; only the per-font facts are gathered here."""
    assert _build is not None
    view = memoryview(buf).cast("B").cast("d")[: n * _ROW]
    fonts = _Fonts()
    facts = {f: fonts.get(int(f)) for f in dict.fromkeys(cast(list[float], view[7::_ROW].tolist()))}
    wide = _em_wide_in_c(buf, n)
    if wide is None:  # the columns `_em_wide_faces` reads (unicode, left, right, size, font)
        cols = {j: cast(list[float], view[j::_ROW].tolist()) for j in (0, 1, 2, 5, 7)}
        wide = _em_wide_faces([cols.get(j, []) for j in range(_ROW)])
    flagged: set[str] = set()
    unmapped = _build(Glyph, buf, n, x0m, y1m, ASCENT, DESCENT, facts, out.doubled, wide, flagged, out.glyphs)
    out.unmapped += unmapped + _in_faces(out.glyphs, flagged)


def _glyphs_python(tp: int, out: PageGlyphs, x0m: float, y1m: float) -> None:
    """The C loop's rows, made with one ctypes call per PDFium function (where the C loop was not built)."""
    n = _count(tp)
    rect = raw.FS_RECTF()
    prect = ctypes.byref(rect)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    tl, tr, tb, tt = (ctypes.c_double() for _ in range(4))
    fs = ctypes.c_float()
    m = raw.FS_MATRIX()
    rgba = [ctypes.c_uint() for _ in range(4)]
    rows: list[tuple[float, ...]] = []
    last = None
    size = gray = 0.0
    upright = False
    font = mode = err = 0
    skipped = 0
    for i in range(n):
        u = _unicode(tp, i)
        if u == 10 or u == 13 or u == 32 and _generated(tp, i):
            continue  # line ends and spaces of PDFium's own analysis: spaces are decided from gaps
        obj = _text_obj(tp, i)
        if not obj:
            continue
        if obj != last:
            last = obj
            _obj_size(obj, ctypes.byref(fs))
            _obj_matrix(obj, ctypes.byref(m))
            size = fs.value * math.hypot(m.c, m.d)
            upright = abs(m.b) < 1e-3 * max(abs(m.a), 1e-6) and m.a > 0 and m.d > 0
            font, mode, err = _obj_font(obj) or 0, _obj_mode(obj), _map_error(tp, i)
            r, g, b, a = rgba
            filled = _obj_fill(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))
            gray = (r.value + g.value + b.value) / 765.0 if filled else 0.0
        if 0xD800 <= u <= 0xDBFF and i + 1 < n:
            lo = _unicode(tp, i + 1)
            if 0xDC00 <= lo <= 0xDFFF:
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
        elif 0xDC00 <= u <= 0xDFFF:
            continue
        if size <= MIN_GLYPH_SIZE or not upright:
            skipped += 1
            continue
        _loose(tp, i, prect)
        _origin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
        if not _char_box(tp, i, ctypes.byref(tl), ctypes.byref(tr), ctypes.byref(tb), ctypes.byref(tt)):
            tl.value, tr.value = rect.left, rect.right
        rows.append(
            (u, rect.left, rect.right, ox.value, oy.value, size, obj, font, mode, err, gray, tl.value, tr.value)
        )
    _rows_to_glyphs([list(c) for c in zip(*rows)] if rows else [[] for _ in range(_ROW)], out, x0m, y1m)
    out.total += len(rows) + skipped


def _rows_to_glyphs(cols: list[list[float]], out: PageGlyphs, x0m: float, y1m: float) -> None:
    """Glyph records from the loop's columns (see `_glyphloop.c` for their order)."""
    flagged: set[str] = set()
    unmapped = _append_glyphs(cols, out, x0m, y1m, _em_wide_faces(cols), flagged)
    out.unmapped += unmapped + _in_faces(out.glyphs, flagged)


def _in_faces(glyphs: list[Glyph], faces: set[str]) -> int:
    """Glyphs drawn in `faces`: a font without a way back to Unicode shows in some of its glyphs;
    its others are guesses too (PDFium reads them through the font's own cmap)."""
    return sum(1 for g in glyphs if g.face in faces) if faces else 0


def _append_glyphs(
    cols: list[list[float]], out: PageGlyphs, x0m: float, y1m: float, wide: set[float], flagged: set[str]
) -> int:
    """Append the rows' glyphs to `out.glyphs`, adding to `flagged` the faces with a Unicode map
    error; returns the glyphs left out as unmapped. One loop, no call per glyph: the hot path."""
    fonts = _Fonts()
    doubled = out.doubled
    append = out.glyphs.append
    unmapped = 0
    last_font = -1.0
    facts: tuple[str, bool, bool] = ("", False, False)
    # per object (runs of glyphs): its face and its weight, with faux bold and stroked outlines
    last_obj = -1.0
    o = 0
    heavy = False
    up = down = 0.0
    for u, left, right, ox, oy, size, obj, font, mode, err, gray, tleft, tright in zip(*cols):
        if font != last_font:
            last_font = font
            facts = fonts.get(int(font))
            last_obj = -1.0
        face, bold, italic = facts
        if err:
            flagged.add(face)
        iu = int(u)
        if iu == 0 or iu == 0xFFFD or 0xE000 <= iu <= 0xF8FF or iu >= 0xF0000:
            unmapped += 1
            continue
        if obj != last_obj:
            last_obj = obj
            o = int(obj)
            heavy = bold or mode in _STROKED_FILL or o in doubled
            up, down = ASCENT * size, DESCENT * size  # the object's size (the C loop reads it per object)
        base = y1m - oy
        ink = tright > tleft and font in wide if wide else False
        if ink:
            left, right = min(left, tleft), tright
        elif right - left < size and (
            0x4E00 <= iu <= 0x9FFF
            or 0x3000 <= iu <= 0x303F
            or 0xFF01 <= iu <= 0xFF60
            or 0x3400 <= iu <= 0x4DBF
            or 0xF900 <= iu <= 0xFAFF
        ):  # `_full_width`, inline
            # a full-width glyph advances one em whatever its outline (CJK TrueType faces report
            # the outline: a "，" 0.3 em wide would leave a gap that reads as a space)
            left, right = ox, max(right, ox + size)
        append(
            Glyph(
                chr(iu), left - x0m, right - x0m, base - up, base + down, base, size, face, heavy, italic, o, gray, ink
            )
        )
    return unmapped


def _shapes(handle: int, out: PageGlyphs, x0m: float, y1m: float) -> None:
    if _native is None:
        _shapes_python(handle, out, x0m, y1m)
        return
    dll, _fns, ofns = _native
    cap = SHAPE_BUDGET
    buf = _object_rows()
    rows = dll.rvx_objects(handle, ofns, buf, cap)
    vals = memoryview(buf).cast("B").cast("d")[: rows * 7].tolist()
    texts = []
    fonts: dict[int, bool] = {}
    objects = _Objects()
    for kind, left, bottom, right, top, segs, obj in zip(*(vals[j::7] for j in range(7))):
        if kind == 1:
            texts.append((left, bottom, right, top, int(obj)))
            if right - left < 0.01 and _undecodable_font(_obj_font(int(obj)), fonts):
                _note_undecoded(out, int(obj), left - x0m, y1m - bottom, objects)
        elif kind == 3:
            out.images += 1
        elif kind == 5:
            out.marks.append(Rule(left - x0m, right - x0m, y1m - top, y1m - bottom))
        elif segs <= MAX_BOX_SEGMENTS:
            _add_shape(out, Rule(left - x0m, right - x0m, y1m - top, y1m - bottom))
        else:
            out.marks.append(Rule(left - x0m, right - x0m, y1m - top, y1m - bottom))
    out.doubled = _doubled(texts)


@lru_cache(maxsize=1)
def _object_rows() -> ctypes.Array[ctypes.c_double]:
    """The rows buffer of `rvx_objects` (1 MB), made once: pages are read one at a time (opening.LOCK)."""
    return (ctypes.c_double * (SHAPE_BUDGET * 7))()


def _add_shape(out: PageGlyphs, box: Rule) -> None:
    if box.bottom - box.top < RULE_THICKNESS:
        if box.x1 - box.x0 > RULE_THICKNESS:
            out.rules.append(box)
    elif box.x1 - box.x0 > RULE_THICKNESS or box.bottom - box.top > 2 * RULE_THICKNESS:
        # a box, or a vertical rule (a table grid's column line: ingest/pdf/tablegrid.py)
        out.rects.append(box)


# a page with more objects than this is a drawing: its first objects hold the rules a reader uses
SHAPE_BUDGET = 20000


def _shapes_python(handle: int, out: PageGlyphs, x0m: float, y1m: float) -> None:
    """Rules and rectangles among the page's path objects (inside form XObjects too); images counted."""
    lf, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    pl, pb, pr, pt = (ctypes.byref(v) for v in (lf, b, r, t))
    stack = [(handle, True)]
    texts: list[tuple[float, float, float, float, int]] = []
    fonts: dict[int, bool] = {}
    objects = _Objects()
    budget = SHAPE_BUDGET
    while stack and budget > 0:
        parent, is_page = stack.pop()
        count = _page_count(parent) if is_page else _form_count(parent)
        for k in range(count):
            budget -= 1
            obj = _page_obj(parent, k) if is_page else _form_obj(parent, k)
            if not obj:
                continue
            kind = _obj_type(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                if is_page and _obj_bounds(obj, pl, pb, pr, pt):
                    out.marks.append(Rule(lf.value - x0m, r.value - x0m, y1m - t.value, y1m - b.value))
                stack.append((obj, False))
            elif kind == raw.FPDF_PAGEOBJ_TEXT:
                if _obj_bounds(obj, pl, pb, pr, pt):
                    texts.append((lf.value, b.value, r.value, t.value, obj))
                    if r.value - lf.value < 0.01 and _undecodable_font(_obj_font(obj), fonts):
                        _note_undecoded(out, obj, lf.value - x0m, y1m - b.value, objects)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                out.images += 1
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                if not _obj_bounds(obj, pl, pb, pr, pt):
                    continue
                box = Rule(lf.value - x0m, r.value - x0m, y1m - t.value, y1m - b.value)
                if _path_segments(obj) <= MAX_BOX_SEGMENTS:
                    _add_shape(out, box)
                else:
                    out.marks.append(box)
    out.doubled = _doubled(texts)


def _note_undecoded(out: PageGlyphs, obj: int, x: float, base: float, objects: _Objects) -> None:
    """Keep what PDFium knows of a text object it could not decode: where, in which face and size."""
    facts = objects.get(obj)
    if facts is not None and facts[4] and facts[0] > MIN_GLYPH_SIZE:
        size, face, bold, italic, _upright, gray = facts
        out.undecoded.append((x, base, size, face, bold, italic, gray))


@cache
def _standard_14() -> re.Pattern[str]:
    return re.compile(rf"^({alt(pdf_text_rules().standard_font_families)})", re.I)


_font_embedded = _fn("FPDFFont_GetIsEmbedded", _I, _VP)


def _undecodable_font(font: int | None, cache: dict[int, bool]) -> bool:
    """A font PDFium draws from a substitute: not embedded and not one of the standard faces."""
    if not font:
        return False
    hit = cache.get(font)
    if hit is None:
        buf = ctypes.create_string_buffer(256)
        n = _font_name(font, buf, 256)
        name = face_of(_decode_name(buf.raw[: max(n - 1, 0)]))
        hit = not _font_embedded(font) and not _standard_14().match(name)
        cache[font] = hit
    return hit


# text objects whose bounds agree within this distance (pt) are one text printed twice
DOUBLE_TOLERANCE = 0.8


def _doubled(texts: list[tuple[float, float, float, float, int]]) -> set[int]:
    """Text objects with a twin of (almost) the same bounds and width: a faux-bold pair."""
    if _native is not None and hasattr(_native[0], "rvx_doubled") and texts:
        found = _doubled_in_c(texts)
        if found is not None:
            return found
    out: set[int] = set()
    cell = 2 * DOUBLE_TOLERANCE
    seen: dict[tuple[int, int], list[tuple[float, float, float, float, int]]] = {}
    tol = DOUBLE_TOLERANCE
    for t in texts:
        x0, y0, x1, y1, obj = t
        fx, fy = x0 / cell, y0 / cell
        gx, gy = int(fx), int(fy)
        dx = -1 if fx - gx < 0.5 else 1
        dy = -1 if fy - gy < 0.5 else 1
        # a twin within the tolerance lies in this cell or the neighbours the position leans to
        for key in ((gx, gy), (gx + dx, gy), (gx, gy + dy), (gx + dx, gy + dy)):
            for u in seen.get(key, ()):
                if abs(x0 - u[0]) <= tol and abs(y0 - u[1]) <= tol and abs(x1 - u[2]) <= tol and abs(y1 - u[3]) <= tol:
                    out.add(obj)
                    out.add(u[4])
        seen.setdefault((gx, gy), []).append(t)
    return out


def _doubled_in_c(texts: list[tuple[float, float, float, float, int]]) -> set[int] | None:
    """`_doubled` by `rvx_doubled` (the same grid); None for coordinates it leaves to Python."""
    assert _native is not None
    from array import array

    n = len(texts)
    flat = [v for t in texts for v in t]
    del flat[4::5]  # the handles: rows of x0, y0, x1, y1
    rows = array("d", flat)
    flags = array("i", bytes(4 * n))
    scratch = array("i", bytes(8 * n))
    fn = _native[0].rvx_doubled
    fn.restype = ctypes.c_int
    fn.argtypes = [ctypes.c_void_p, _I, _D, ctypes.c_void_p, ctypes.c_void_p]
    if fn(rows.buffer_info()[0], n, DOUBLE_TOLERANCE, flags.buffer_info()[0], scratch.buffer_info()[0]) < 0:
        return None
    return {t[4] for t, f in zip(texts, flags) if f}
