"""Where tables stand on a page, from the rules printed around them.

Two kinds of ruled table: a full grid (every cell boxed), found with pdfplumber's table
finder (its edge merging, intersections, cells and tables) run on the rules and boxes
PDFium read; and the three-line table of Chinese journals (a rule above, one under the
column headings, one at the end, no verticals), which has no intersections for that
finder: rules of the same extent stacked with no prose line between them.

Each region is a box; `mark` gives every line inside one the box (`Line.table_box`), so
the structure stage (`pipeline/tables.py`) can take the table's cells out of the body.
Unruled tables have no region: they are found there from cell geometry alone.
"""

from __future__ import annotations

from typing import Any

from ...cells import wide_gaps
from ...lines import Box, Line
from .glyphs import Rule
from .records import PageLayout, Seg

# an edge in pdfplumber's object format (x0, x1, top, bottom, width, height, orientation)
Edge = dict[str, Any]

# thicker than this (pt) a drawn box is an area, not an edge
EDGE_THICKNESS = 2.5
# rules of one three-line table share their ends within this (pt)
SAME_EXTENT = 6.0
# a three-line table's rules are at least this wide (pt): shorter ones underline a spanning heading
MIN_RULE_WIDTH = 60.0
# a line between two rules with this many characters, no cell gap and a clause mark is prose: no table
PROSE_CHARS = 12
PROSE_MARKS = "，。；,;"
# ... and no gap this wide (sizes): justified prose may space its words wider than table cells
PROSE_GAP_EM = 1.2
# pdfplumber's tolerances (pt) for snapping and joining edges
SNAP = 3.0


def _edges(page: PageLayout, rects: list[Rule]) -> list[Edge]:
    out: list[Edge] = []

    def h(x0: float, x1: float, y: float) -> None:
        out.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"})

    def v(x: float, top: float, bottom: float) -> None:
        out.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top})
        out[-1]["orientation"] = "v"

    for r in page.rules:
        h(r.x0, r.x1, (r.top + r.bottom) / 2)
    for r in rects:
        w, ht = r.x1 - r.x0, r.bottom - r.top
        if ht <= EDGE_THICKNESS and w > EDGE_THICKNESS:
            h(r.x0, r.x1, (r.top + r.bottom) / 2)
        elif w <= EDGE_THICKNESS and ht > EDGE_THICKNESS:
            v((r.x0 + r.x1) / 2, r.top, r.bottom)
        elif w > EDGE_THICKNESS and ht > EDGE_THICKNESS:
            h(r.x0, r.x1, r.top)
            h(r.x0, r.x1, r.bottom)
            v(r.x0, r.top, r.bottom)
            v(r.x1, r.top, r.bottom)
    return out


def _grid_tables(edges: list[Edge]) -> list[Box]:
    """Full grids: pdfplumber's lattice steps; a table needs two rows and two columns of cells."""
    from pdfplumber import table as pt

    if not any(e["orientation"] == "v" for e in edges):
        return []
    merged = pt.merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    cells = pt.intersections_to_cells(pt.edges_to_intersections(merged, SNAP, SNAP))
    out = []
    for group in pt.cells_to_tables(cells):
        if len({round(c[1]) for c in group}) >= 2 and len({round(c[0]) for c in group}) >= 2:
            out.append(
                (min(c[0] for c in group), min(c[1] for c in group), max(c[2] for c in group), max(c[3] for c in group))
            )
    return out


def _prose_between(segs: list[Seg], x0: float, x1: float, top: float, bottom: float) -> bool:
    """A body sentence between two rules: they are a page's furniture or two tables, not one table."""
    for s in segs:
        if top < (s.top + s.bottom) / 2 < bottom and s.x0 >= x0 - 2 and s.x1 <= x1 + 2:
            text = s.text.strip()
            gaps = wide_gaps(s.boxes, s.size, s.text, PROSE_GAP_EM)
            if len(text) >= PROSE_CHARS and any(c in text for c in PROSE_MARKS) and not gaps:
                return True
    return False


def _three_line_tables(page: PageLayout, edges: list[Edge]) -> list[Box]:
    """Stacks of at least two rules of one extent with only table rows between them."""
    from pdfplumber import table as pt

    hs = [e for e in pt.merge_edges([e for e in edges if e["orientation"] == "h"], SNAP, SNAP, SNAP, SNAP)]
    hs = sorted((e for e in hs if e["x1"] - e["x0"] >= MIN_RULE_WIDTH), key=lambda e: e["top"])
    used: set[int] = set()
    out = []
    for i, first in enumerate(hs):
        if i in used:
            continue
        stack = [first]
        for j in range(i + 1, len(hs)):
            e = hs[j]
            if j in used or abs(e["x0"] - first["x0"]) > SAME_EXTENT or abs(e["x1"] - first["x1"]) > SAME_EXTENT:
                continue
            if _prose_between(page.segs, first["x0"], first["x1"], stack[-1]["top"], e["top"]):
                break
            stack.append(e)
            used.add(j)
        if len(stack) >= 2:
            out.append((first["x0"], first["top"], first["x1"], stack[-1]["top"]))
    return out


def regions(page: PageLayout, rects: list[Rule]) -> list[tuple[Box, tuple[tuple[float, float, float], ...]]]:
    """Ruled table regions of one page (full grids first, then three-line tables outside them),
    each with its inner horizontal rules (x0, x1, y): the one under the headings, the short ones
    under a heading that spans columns."""
    edges = _edges(page, rects)
    grids = _grid_tables(edges)
    out = list(grids)
    for b in _three_line_tables(page, edges):
        if not any(_overlaps(b, g) for g in grids):
            out.append(b)
    # a region with no text inside is a rule pair (a boxed note's frame, a header band), no table
    out = [b for b in out if sum(1 for s in page.segs if _inside(s.x0, s.x1, s.top, s.bottom, b)) >= 2]
    from pdfplumber import table as pt

    hs = pt.merge_edges([e for e in edges if e["orientation"] == "h"], SNAP, SNAP, SNAP, SNAP)
    return [
        (
            b,
            tuple(
                sorted(
                    (round(e["x0"], 2), round(e["x1"], 2), round(e["top"], 2))
                    for e in hs
                    if b[1] + 1 < e["top"] < b[3] - 1 and e["x0"] >= b[0] - 2 and e["x1"] <= b[2] + 2
                )
            ),
        )
        for b in out
    ]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(x0: float, x1: float, top: float, bottom: float, b: Box) -> bool:
    mid = (top + bottom) / 2
    return b[0] - 2 <= x0 and x1 <= b[2] + 2 and b[1] - 1 <= mid <= b[3] + 1


def in_region(x0: float, x1: float, top: float, bottom: float, regions: list[Box]) -> bool:
    return any(_inside(x0, x1, top, bottom, b) for b in regions)


def mark(lines: list[Line], laid: list[PageLayout]) -> None:
    """Give each line inside a ruled table region that region's box and inner rules."""
    by_page = {p.number: list(zip(p.tables, p.table_rules)) for p in laid}
    for ln in lines:
        found = by_page.get(ln.page or 0)
        if not found or ln.x0 is None or ln.x1 is None or ln.top is None or ln.bottom is None:
            continue
        for b, rules in found:
            if _inside(ln.x0, ln.x1, ln.top, ln.bottom, b):
                ln.table_box = tuple(round(v, 2) for v in b)  # type: ignore[assignment]
                ln.table_rules = rules
                break
