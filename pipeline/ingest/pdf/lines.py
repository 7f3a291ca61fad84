"""Glyphs -> pieces -> printed lines of a column -> segments with text and one box per character.

Glyphs join by their em boxes, which stand on the baseline (see `glyphs.py`), so a digit
in a Latin face on the same baseline as the Chinese around it joins its line whatever its
font's own box says, and a raised citation marker overlaps its own line far more than
the line above.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from typing import TypeVar

from ...lines import Box
from .glyphs import Glyph
from .native_layout import chain
from .records import Piece, Seg

_T = TypeVar("_T")

# glyphs drawn again within this distance (pt) are one glyph printed bold
DUPLICATE_TOLERANCE = 0.8
# a glyph joins a row when it overlaps the row's band by this share of the smaller height
ROW_OVERLAP = 0.4
# a horizontal gap wider than this many font sizes splits a row into segments (tables, insets)
SEGMENT_GAP = 3.0
# glyphs closer than this many font sizes chain into one piece (a column gap is wider)
PIECE_GAP = 1.2
# a gap wider than this share of the font size between two glyphs is a space
SPACE_GAP = 0.22
# between two Latin glyphs a narrower gap is a space too when it stands out from the line's
# letter spacing by this share of the size (tightly set reference lists), never below the floor
LATIN_SPACE_EXCESS = 0.1
LATIN_SPACE_FLOOR = 0.12


def dedupe(chars: list[Glyph]) -> tuple[list[Glyph], set[int]]:
    """Drop glyphs printed twice at almost the same place (faux bold); remember which were.

    A faux-bold run may draw a whole string twice, so a copy is looked for among all glyphs
    already seen, on a grid of cells twice the tolerance wide: a copy within the tolerance
    lies in the glyph's cell or in the neighbour on the side its position leans to.
    """
    out: list[Glyph] = []
    bold: set[int] = set()
    seen: dict[tuple[str, int, int], Glyph] = {}
    tol = DUPLICATE_TOLERANCE
    cell = 2 * tol
    for c in chars:
        t, x, y = c.text, c.x0, c.top
        fx, fy = x / cell, y / cell
        gx, gy = int(fx), int(fy)
        dx = -1 if fx - gx < 0.5 else 1
        dy = -1 if fy - gy < 0.5 else 1
        dup = None
        for key in ((t, gx, gy), (t, gx + dx, gy), (t, gx, gy + dy), (t, gx + dx, gy + dy)):
            prev = seen.get(key)
            if prev is not None and abs(prev.x0 - x) <= tol and abs(prev.top - y) <= tol:
                dup = prev
                break
        if dup is not None:
            bold.add(id(dup))
            continue
        seen[(t, gx, gy)] = c
        out.append(c)
    return out, bold


_TOP_X0 = attrgetter("top", "x0")
_X0 = attrgetter("x0")


def pieces(chars: list[Glyph]) -> list[Piece]:
    """Chain glyphs left to right into pieces; a glyph joins the touching piece it overlaps most.

    A piece only takes glyphs within `PIECE_GAP` font sizes of its ends, so glyphs of the
    other column at the same height never join it.
    """
    chars = sorted(chars, key=_TOP_X0)
    native = chain(chars, PIECE_GAP, ROW_OVERLAP)  # the same loop in C, where it was built
    if native is not None:
        return _join_pieces(native)
    out: list[Piece] = []
    active: list[Piece] = []
    last: Piece | None = None
    for c in chars:
        ct, cb, cx0, cx1, cs = c.top, c.bottom, c.x0, c.x1, c.size
        if active and active[0].bottom < ct or len(active) > 8:
            active = [p for p in active if p.bottom >= ct]
        h = max(cb - ct, 0.1)
        best: Piece | None = None
        best_ov = 0.0
        # fast path: the glyph goes on right after the piece the previous glyph joined
        if last is not None and last.x1 - 1.0 <= cx0 <= last.x1 + PIECE_GAP * (cs if cs > last.size else last.size):
            ov = (cb if cb < last.bottom else last.bottom) - (ct if ct > last.top else last.top)
            if ov >= ROW_OVERLAP * min(h, last.bottom - last.top) and ov > 0:
                best = last
        for p in active if best is None else ():
            lim = PIECE_GAP * (cs if cs > p.size else p.size)
            if cx0 > p.x1 + lim or cx1 < p.x0 - lim:
                continue
            ov = (cb if cb < p.bottom else p.bottom) - (ct if ct > p.top else p.top)
            if ov > best_ov and ov >= ROW_OVERLAP * min(h, p.bottom - p.top):
                best, best_ov = p, ov
        if best is None:
            p = Piece([c], cx0, cx1, ct, cb, cs)
            out.append(p)
            active.append(p)
            last = p
            continue
        last = best
        best.chars.append(c)
        if cx0 < best.x0:
            best.x0 = cx0
        if cx1 > best.x1:
            best.x1 = cx1
        if cs > best.size + 0.05:  # the band follows the largest glyphs (not a raised marker)
            best.top, best.bottom, best.size = ct, cb, cs
    return _join_pieces(out)


def _join_pieces(pieces: list[Piece]) -> list[Piece]:
    """Pieces started apart (a raised marker first, its line after) but touching on one band are one."""
    pieces.sort(key=lambda p: p.top)
    parent = list(range(len(pieces)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for j, q in enumerate(pieces):
        k = j - 1
        while k >= 0 and pieces[k].top > q.top - q.size * 1.5:
            p = pieces[k]
            k -= 1
            lim = PIECE_GAP * max(p.size, q.size)
            if q.x0 > p.x1 + lim or q.x1 < p.x0 - lim:
                continue
            ov = min(p.bottom, q.bottom) - max(p.top, q.top)
            if ov >= ROW_OVERLAP * min(p.bottom - p.top, q.bottom - q.top) and ov > 0:
                a, b = find(k + 1), find(j)
                if a != b:
                    parent[b] = a
    groups: dict[int, list[Piece]] = {}
    for i, p in enumerate(pieces):
        groups.setdefault(find(i), []).append(p)
    out = []
    for g in groups.values():
        if len(g) == 1:
            out.append(g[0])
            continue
        main = max(g, key=lambda p: p.size)
        out.append(
            Piece(
                [c for p in g for c in p.chars],
                min(p.x0 for p in g),
                max(p.x1 for p in g),
                main.top,
                main.bottom,
                main.size,
            )
        )
    return out


def rows(pieces: list[Piece]) -> list[list[Glyph]]:
    """Pieces of one column that share a band are one printed line (a marker, a Latin word, the rest)."""
    pieces = sorted(pieces, key=lambda p: p.top)
    rows: list[list[Piece]] = []
    bands: list[list[float]] = []
    active: list[int] = []
    for p in pieces:
        active = [k for k in active if bands[k][1] >= p.top]
        h = max(p.bottom - p.top, 0.1)
        best, best_ov = -1, 0.0
        for k in active:
            top, bottom, _ = bands[k]
            ov = min(bottom, p.bottom) - max(top, p.top)
            if ov > best_ov and ov >= ROW_OVERLAP * min(h, bottom - top):
                best, best_ov = k, ov
        if best < 0:
            rows.append([p])
            bands.append([p.top, p.bottom, p.size])
            active.append(len(rows) - 1)
            continue
        rows[best].append(p)
        if p.size > bands[best][2] + 0.05:
            bands[best] = [p.top, p.bottom, p.size]
    out = []
    for r in rows:
        chars = [c for p in r for c in p.chars]
        chars.sort(key=_X0)
        out.append(chars)
    return out


def line_face_size(chars: list[Glyph]) -> tuple[str, float]:
    """A line's face and size: those most of its Chinese glyphs use, else most of its letters, else any.

    Digits, Latin and punctuation of a Chinese line come in faces of their own (in converted
    files in a subset per few glyphs), and raised citation markers in a smaller size; they
    decide neither.
    """
    # the first tier with any glyph decides; counts keep first-seen order, so ties go to the first
    tier = [c for c in chars if "\u4e00" <= c.text <= "\u9fff" or "\u3400" <= c.text <= "\u4dbf"]
    if not tier:
        tier = [c for c in chars if c.text.isalpha()]
    if not tier:
        tier = [c for c in chars if not c.text.isspace()]
    if tier:
        # most lines have one face and one size: counted only where they do not
        faces = [c.face for c in tier]
        sizes = [c.size for c in tier]
        face = faces[0] if faces.count(faces[0]) == len(faces) else _most_common(faces)
        size = round(sizes[0], 1) if sizes.count(sizes[0]) == len(sizes) else _most_common([round(x, 1) for x in sizes])
        return face, size
    return (chars[0].face, round(chars[0].size, 1)) if chars else ("", 0.0)


def _most_common(values: list[_T]) -> _T:
    counts = Counter(values)
    return max(counts, key=counts.__getitem__)


def segments(row: list[Glyph], page: int, column: int | None) -> list[Seg]:
    """A printed line, cut where a gap is wide enough to separate table cells or insets."""
    segs: list[list[Glyph]] = [[row[0]]]
    for c in row[1:]:
        p = segs[-1][-1]
        gap = c.x0 - p.x1
        if gap > SEGMENT_GAP * p.size and gap > SEGMENT_GAP * c.size:  # wider than the larger glyph's share
            segs.append([c])
        else:
            segs[-1].append(c)
    out = []
    for s in segs:
        a, b = 0, len(s)
        while a < b and s[b - 1].text.isspace():
            b -= 1
        while a < b and s[a].text.isspace():
            a += 1
        s = s[a:b]
        if not s:
            continue
        face, size = line_face_size(s)
        x1 = max([c.x1 for c in s])
        top = min([c.top for c in s])
        bottom = max([c.bottom for c in s])
        out.append(Seg(s, page, s[0].x0, x1, top, bottom, size, face, column=column))
    return out


def _latin_space_gap(chars: list[Glyph]) -> float:
    """The gap (pt) above which two Latin glyphs of this segment stand a word apart."""
    gaps = sorted(
        max(0.0, b.x0 - a.x1)
        for a, b in zip(chars, chars[1:])
        if a.text.isascii() and b.text.isascii() and a.text != " " and b.text != " " and b.x0 - a.x1 < 0.5 * a.size
    )
    if len(gaps) < 8:
        return float("inf")
    size = chars[0].size
    return max(LATIN_SPACE_FLOOR * size, gaps[len(gaps) // 2] + LATIN_SPACE_EXCESS * size)


# between two full-width characters a gap narrower than this (in sizes) is justification, not a space
# (names in an author line stand a full em or more apart)
WIDE_SPREAD = 0.6


def _wide(ch: str) -> bool:
    """A full-width character: between two of them Chinese typesetting spreads lines, it seldom spaces."""
    return (
        "\u2e80" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\uff00" <= ch <= "\uff60"
        or "\u3400" <= ch <= "\u4dbf"
    )


# glyphs measured by their ink stand apart by their side bearings: before closing punctuation
# and a hyphen, or after opening punctuation and a hyphen, such a gap up to this (in sizes) is none
INK_GAP = 0.5
NO_SPACE_BEFORE = frozenset(".,;:!?%)]}-，。、；：）］》")
NO_SPACE_AFTER = frozenset("([{-（［《")


def _ink_gap(prev: Glyph, c: Glyph) -> bool:
    return (
        (prev.ink or c.ink)
        and (c.text in NO_SPACE_BEFORE or prev.text in NO_SPACE_AFTER)
        and c.x0 - prev.x1 <= INK_GAP * c.size
    )


# a gap this wide (in sizes) within the first characters of a line sets off a run-in lead,
# beyond the letter spacing of a justified line (which widens every gap, a word space too)
LEAD_GAP = 0.9
LEAD_GAP_WITHIN = 24


def _letter_spacing(chars: list[Glyph]) -> float:
    """The gap (pt) a line keeps between most neighbouring glyphs: 0 unless it is letter-spaced."""
    gaps = sorted(
        b.x0 - a.x1 for a, b in zip(chars, chars[1:]) if a.text != " " != b.text and 0 <= b.x0 - a.x1 < 0.5 * a.size
    )
    return gaps[len(gaps) // 2] if gaps else 0.0


# a decimal point set with a little air after it ("33. 5") is still one number up to this gap (in sizes)
DECIMAL_GAP = 0.4


def _decimal_gap(text: list[str], prev: Glyph, c: Glyph) -> bool:
    """The gap after a digit's decimal point, before its next digit: no space (Founder digit fonts)."""
    return (
        prev.text == "."
        and c.text.isdigit()
        and len(text) >= 2
        and text[-2].isdigit()
        and c.x0 - prev.x1 <= DECIMAL_GAP * c.size
    )


def _keeps_space(text: list[str], prev: Glyph, c: Glyph) -> bool:
    """A gap wide enough for a space between `prev` and `c` is one (`text`: the pieces so far)."""
    return (
        not _decimal_gap(text, prev, c)
        and not _ink_gap(prev, c)
        and not (_wide(prev.text) and _wide(c.text) and c.x0 - prev.x1 < WIDE_SPREAD * c.size)
    )


def text_of(seg: Seg, bold_ids: set[int]) -> None:
    """The segment's text with one box per character; a gap wider than a space's share is a space."""
    chars = seg.chars
    text: list[str] = []
    boxes: list[Box] = []
    bold: list[bool] = []
    faces: list[str | None] = []
    put_text, put_box, put_bold, put_face = text.append, boxes.append, bold.append, faces.append
    prev: Glyph | None = None
    ink: Glyph | None = None  # the last glyph that is no space, and the text's length after it
    ink_end = 0
    # the Latin word-space gap is measured only when a gap between two Latin glyphs could pass it:
    # it is never below this floor (see `_latin_space_gap`)
    latin_floor = LATIN_SPACE_FLOOR * chars[0].size if chars else 0.0
    latin_gap = -1.0  # not measured yet
    spacing: float | None = None  # measured at the first candidate lead gap
    for c in chars:
        t = c.text
        if t == " ":
            if text and text[-1] != " ":
                put_text(" ")
                put_box((c.x0, c.top, c.x1, c.bottom))
                put_bold(False)
                put_face(None)
            prev = c
            continue
        x0, size = c.x0, c.size
        if prev is not None and prev.text != " ":
            gap = x0 - prev.x1
            if gap > SPACE_GAP * size:
                wide = True
            elif gap > latin_floor and t.isascii() and prev.text.isascii():
                if latin_gap < 0:
                    latin_gap = _latin_space_gap(chars)
                wide = gap > latin_gap
            else:
                wide = False
            if wide and _keeps_space(text, prev, c):
                put_text(" ")
                put_box((prev.x1, min(prev.top, c.top), x0, max(prev.bottom, c.bottom)))
                put_bold(False)
                put_face(None)
        if 0 < ink_end <= LEAD_GAP_WITHIN and x0 - ink.x1 >= LEAD_GAP * size:  # type: ignore[union-attr]
            spacing = _letter_spacing(chars) if spacing is None else spacing
            if x0 - ink.x1 - spacing >= LEAD_GAP * size:  # type: ignore[union-attr]
                seg.lead_gaps += (ink_end,)
        put_text(t)
        put_box((x0, c.top, c.x1, c.bottom))
        put_bold(c.bold or (id(c) in bold_ids if bold_ids else False))
        put_face(c.face)
        ink, ink_end = c, len(text)
        prev = c
    seg.text = "".join(text)
    seg.boxes = boxes
    seg.bold = bold
    seg.faces = faces
