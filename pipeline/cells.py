"""Table cells from line geometry: a line cut at wide gaps, pieces banded into rows, rows into columns.

A PDF line of a table may hold several cells (the layout cuts segments only at column-wide
gaps), so each line is cut where two glyphs stand more than CELL_GAP_EM apart; a text line
is cut where the dump had a tab or a run of spaces (`Line.cell_gaps`). Pieces whose middles
lie within half a size of each other are one band; columns are the union of the x-extents
of the body bands' pieces. Column headings printed over two lines ("术中出" / "血量(mL)")
are joined per column; a heading spanning several columns ("VAS 评分") is a row of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lines import Box, Line, UnitText
from .resources import table_cues
from .text_utils import is_cjk

# a gap between two glyphs of a line wider than this share of the size separates table cells
CELL_GAP_EM = 0.6
# pieces whose middles are closer than this share of the size are one band (row)
BAND_EM = 0.5


def wide_gaps(boxes: list[Box], size: float, text: str | None = None, em: float = CELL_GAP_EM) -> list[int]:
    """Positions where a new cell starts: the next glyph (spaces skipped) is over `em` sizes away."""
    out = []
    prev = None
    for k, b in enumerate(boxes):
        if text is not None and k < len(text) and text[k].isspace():
            continue
        if prev is not None and b[0] - boxes[prev][2] > em * size and b[0] > boxes[prev][0]:
            out.append(k)
        prev = k
    return out


@dataclass
class Piece:
    line: Line
    start: int
    end: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    @property
    def text(self) -> str:
        return self.line.text[self.start : self.end]

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


def pieces(line: Line) -> list[Piece]:
    """The cells of one line, stripped of surrounding spaces."""
    text = line.text
    geo = bool(line.boxes) and len(line.boxes or []) == len(text) and bool(line.size)
    cuts = wide_gaps(line.boxes or [], line.size or 0.0, text) if geo else list(line.cell_gaps)
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(text)]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        p = Piece(line, a, b)
        if geo:
            bx = (line.boxes or [])[a:b]
            p.x0, p.x1 = min(x[0] for x in bx), max(x[2] for x in bx)
            p.top, p.bottom = min(x[1] for x in bx), max(x[3] for x in bx)
        out.append(p)
    return out


def is_numeric(text: str) -> bool:
    """A value cell ("60.7±8.6", "<0.001", "14 (57.1)"), not a label or a heading."""
    cues = table_cues()
    chars = [c for c in text if not c.isspace()]
    if not chars or not any(c.isdigit() for c in chars):
        return False
    return sum(1 for c in chars if c in cues.number_chars) >= cues.numeric_share * len(chars)


def bands(ps: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into rows by their vertical middles, each row left to right."""
    out: list[list[Piece]] = []
    for p in sorted(ps, key=lambda p: (p.mid, p.x0)):
        size = p.line.size or 1.0
        if out and abs(p.mid - out[-1][0].mid) <= BAND_EM * size:
            out[-1].append(p)
        else:
            out.append([p])
    return [sorted(b, key=lambda p: p.x0) for b in out]


def _columns(rows: list[list[Piece]]) -> list[tuple[float, float]]:
    spans = sorted((p.x0, p.x1) for r in rows for p in r)
    cols: list[list[float]] = []
    for a, b in spans:
        if cols and a < cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    return [(a, b) for a, b in cols]


def _cols_of(p: Piece, cols: list[tuple[float, float]]) -> list[int]:
    hit = [k for k, (a, b) in enumerate(cols) if p.x0 < b and a < p.x1]
    if hit:
        return hit
    centre = (p.x0 + p.x1) / 2
    return [min(range(len(cols)), key=lambda k: abs((cols[k][0] + cols[k][1]) / 2 - centre))]


def _join(ps: list[Piece]) -> UnitText:
    u = UnitText()
    for p in ps:
        if u.text and not (is_cjk(u.text[-1]) and is_cjk(p.text[0])):
            u.append_inserted(" ")
        u.append(p.line, p.start, p.end)
    return u


def header_count(rows: list[list[str]]) -> int:
    """Leading rows with no value cell after the first column are column headings."""
    for k, r in enumerate(rows):
        if any(is_numeric(t) for t in r[1:]):
            return k
    return 1 if len(rows) > 1 else 0


Rule3 = tuple[float, float, float]  # an inner rule of a ruled table: x0, x1, y
# an inner rule this share of the table's width is the one under the column headings
HEAD_RULE_SHARE = 0.9


def _ruled_heads(band_list: list[list[Piece]], rules: tuple[Rule3, ...], width: float) -> int | None:
    """Bands above the highest full-width inner rule are headings (None: no such rule)."""
    full = [y for x0, x1, y in rules if x1 - x0 >= HEAD_RULE_SHARE * width]
    if not full:
        return None
    y = min(full)
    return sum(1 for b in band_list if b[0].mid < y)


def _spans(p: Piece, cols: list[tuple[float, float]], rules: tuple[Rule3, ...], width: float) -> list[int]:
    """Columns a heading spans: those under the short rule just below it, else those it overlaps."""
    size = p.line.size or 1.0
    for x0, x1, y in rules:
        if x1 - x0 < HEAD_RULE_SHARE * width and 0 <= y - p.bottom <= size and p.x0 < x1 and x0 < p.x1:
            hit = [k for k, (a, b) in enumerate(cols) if x0 - 1 <= (a + b) / 2 <= x1 + 1]
            if hit:
                return hit
    return _cols_of(p, cols)


def grid(
    band_list: list[list[Piece]], rules: tuple[Rule3, ...] = (), width: float = 0.0
) -> tuple[list[list[UnitText]], int]:
    """Rows of cell texts (with their way back to the lines) and how many are headings."""
    ruled = _ruled_heads(band_list, rules, width) if rules else None
    heads = ruled if ruled is not None else header_count([[p.text for p in b] for b in band_list])
    body = band_list[heads:] or band_list
    cols = _columns(body)
    n = len(cols)
    rows: list[list[UnitText]] = []
    head_pieces = [p for b in band_list[:heads] for p in b]
    spanning = [p for p in head_pieces if len(_spans(p, cols, rules, width)) > 1]
    if spanning:
        row = [UnitText() for _ in range(n)]
        for p in spanning:
            row[_spans(p, cols, rules, width)[0]] = _join([p])
        rows.append(row)
    if heads:
        per_col: list[list[Piece]] = [[] for _ in range(n)]
        for p in sorted((p for p in head_pieces if p not in spanning), key=lambda p: p.mid):
            per_col[_cols_of(p, cols)[0]].append(p)
        rows.append([_join(ps) for ps in per_col])
    n_heads = len(rows)
    for b in band_list[heads:]:
        per_col = [[] for _ in range(n)]
        for p in b:
            per_col[_cols_of(p, cols)[0]].append(p)
        rows.append([_join(ps) for ps in per_col])
    return rows, n_heads


def text_grid(lines: list[Line]) -> tuple[list[list[UnitText]], int]:
    """A text dump's table: one row per line, cells in order (no geometry to align them)."""
    rows = [[_join([p]) for p in pieces(ln)] for ln in lines]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [UnitText() for _ in range(width - len(r))] for r in rows]
    return rows, header_count([[c.text for c in r] for r in rows])
