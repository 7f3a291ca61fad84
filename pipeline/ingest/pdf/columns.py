"""Columns of a page: the gutter, which pieces are full width, and the reading order of segments.

The gutter is the gap few column-width pieces cross while many end just left of it and
start just right of it; a page without one keeps the document's when it fits. Full-width
segments and page-wide rules cut the page into bands, each read left column, then right.
"""

from __future__ import annotations

import statistics

from .lines import SEGMENT_GAP
from .records import Piece, Seg

# the gutter is looked for in this share of the page width
GUTTER_LO = 0.3
GUTTER_HI = 0.7
# a gap this wide (pt) that few pieces cross separates the two columns
MIN_GUTTER_GAP = 4.0
# a piece wider than this share of the text block is a full-width line
WIDE_PIECE_SHARE = 0.6
# positions crossed by at most this share more pieces than the least crossed one belong to the gutter
GUTTER_SLACK = 0.1
# column lines end (start) within this many font sizes left (right) of the gutter
COLUMN_EDGE_BAND = 4.0
# so many line pieces on each side of a gutter make two columns
MIN_COLUMN_LINES = 5
# the last line of a full-width paragraph lies at most this many font sizes below the line above
TAIL_REACH = 1.2
# a page without a gutter of its own takes the document's when at most this share of its pieces cross it
FALLBACK_CROSS_SHARE = 0.1
# a piece shares a band when it overlaps the band's first piece by this share of the smaller height
BAND_OVERLAP = 0.4


def gutter(pieces: list[Piece], width: float) -> float | None:
    """The x of the gap between two columns: few pieces cross it, many end just left and start just right."""
    if not pieces:
        return None
    lo, hi = int(width * GUTTER_LO), int(width * GUTTER_HI)
    # lines wider than a column say nothing about the gutter (a full-width front matter block)
    span = max(p.x1 for p in pieces) - min(p.x0 for p in pieces)
    pieces = [p for p in pieces if p.x1 - p.x0 <= WIDE_PIECE_SHARE * span]
    if not pieces or hi <= lo:
        return None
    diff = [0] * (hi - lo + 2)
    for p in pieces:
        a, b = max(int(p.x0), lo), min(int(p.x1) + 1, hi)
        if a <= b:
            diff[a - lo] += 1
            diff[b - lo + 1] -= 1
    cover = []
    run = 0
    for d in diff[:-1]:
        run += d
        cover.append(run)
    least = min(cover)
    # runs of (nearly) least cover: a full-width line may end inside the gutter
    limit = least + max(1, int(GUTTER_SLACK * least))
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(cover):
        if cover[i] <= limit:
            j = i
            while j + 1 < len(cover) and cover[j + 1] <= limit:
                j += 1
            if j - i + 1 >= MIN_GUTTER_GAP:
                runs.append((i + lo, j + lo))
            i = j + 1
        else:
            i += 1
    if not runs:
        return None
    centre = width / 2
    a, b = min(runs, key=lambda r: abs((r[0] + r[1]) / 2 - centre))
    g = (a + b) / 2
    band = COLUMN_EDGE_BAND * statistics.median(p.size for p in pieces)
    left = sum(1 for p in pieces if a - band <= p.x1 <= g)
    right = sum(1 for p in pieces if g <= p.x0 <= b + band)
    # on a page that opens with a full-width block, column lines must still outnumber crossing ones
    if min(left, right) < MIN_COLUMN_LINES or least >= left + right:
        return None
    return g


def assign_columns(pieces: list[Piece], page_gutter: float | None, doc_gutter: float | None) -> None:
    """Each piece's column (0, 1, or None for full width) by the page's gutter or the document's."""
    g = page_gutter
    if g is None and doc_gutter is not None and pieces:
        # a page with one column filled (the last page) keeps the document's gutter
        crossing = sum(1 for p in pieces if p.x0 < doc_gutter < p.x1)
        if crossing <= FALLBACK_CROSS_SHARE * len(pieces):
            g = doc_gutter
    for p in pieces:
        p.column = None if g is None else 0 if p.x1 <= g else 1 if p.x0 >= g else None
    if g is not None:
        _join_split_lines(pieces, g)
        _full_width_tails(pieces)


def _bands(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces that share the band of the band's first piece, each band left to right."""
    out: list[list[Piece]] = []
    top = bottom = 0.0
    for p in sorted(pieces, key=lambda p: p.top):
        ov = min(bottom, p.bottom) - max(top, p.top)
        if out and ov > 0 and ov >= BAND_OVERLAP * min(bottom - top, p.bottom - p.top):
            out[-1].append(p)
        else:
            out.append([p])
            top, bottom = p.top, p.bottom
    for band in out:
        band.sort(key=lambda p: p.x0)
    return out


def _join_split_lines(pieces: list[Piece], g: float) -> None:
    """A printed line split at wide word gaps, one of its pieces across the gutter, is full width.

    The gutter is a white stripe down many lines (`gutter`); a band where a piece crosses it
    has no stripe there, so the pieces chained to that piece at gaps a line keeps (under
    `lines.SEGMENT_GAP` sizes) are words of one line, not of two columns. A justified line in
    full-width letters (1 em each) has word gaps wider than `lines.PIECE_GAP`.
    """
    for band in _bands(pieces):
        if len(band) < 2 or all(p.column is not None for p in band):
            continue
        runs = [[band[0]]]
        for q in band[1:]:
            p = max(runs[-1], key=lambda r: r.x1)
            if q.x0 - p.x1 <= SEGMENT_GAP * max(p.size, q.size):
                runs[-1].append(q)
            else:
                runs.append([q])
        for run in runs:
            if any(r.column is None for r in run):
                for r in run:
                    r.column = None


def _full_width_tails(pieces: list[Piece]) -> None:
    """The short last line of a full-width paragraph sits on one side of the gutter; it is full width.

    Such a line starts where the full-width line just above starts, in the same size, and
    nothing of the other column stands beside it.
    """
    pieces.sort(key=lambda p: p.top)
    for k, p in enumerate(pieces):
        if p.column is None:
            continue
        above = None
        for j in range(k - 1, -1, -1):
            q = pieces[j]
            if q.bottom <= p.top - TAIL_REACH * p.size:
                break
            if q.bottom <= p.top + 0.5 and q.x0 < p.x1 and q.x1 > p.x0:
                above = q if above is None or q.bottom > above.bottom else above
        if above is None or above.column is not None or abs(above.x0 - p.x0) > 1.0 or abs(above.size - p.size) > 0.3:
            continue
        other = 1 - p.column
        beside = any(
            q.column == other and min(q.bottom, p.bottom) - max(q.top, p.top) > 0 for q in pieces[max(0, k - 6) : k + 6]
        )
        if not beside:
            p.column = None


def reading_order(segs: list[Seg], cuts: list[float]) -> list[Seg]:
    """Full-width segments and page-wide rules cut the page into bands; each band reads left column, then right."""
    segs = sorted(segs, key=lambda s: s.top)
    cuts = sorted(cuts)
    out: list[Seg] = []
    band: list[Seg] = []

    def flush() -> None:
        out.extend(sorted((s for s in band if s.column == 0), key=lambda s: s.top))
        out.extend(sorted((s for s in band if s.column == 1), key=lambda s: s.top))
        band.clear()

    k = 0
    for s in segs:
        while k < len(cuts) and cuts[k] <= s.top:
            flush()
            k += 1
        if s.column is None:
            flush()
            out.append(s)
        else:
            band.append(s)
    flush()
    return out
