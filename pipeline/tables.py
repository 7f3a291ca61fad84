"""Tables and figure captions, taken out of the body before headings and paragraphs are built.

A caption is a line that starts with a label and a number and a separator ("表 2 两组…",
"Tab. 2 Comparison…", "图1 …"; resources/tables.json) where a caption can start: after a
visible break, a sentence end, or in a face smaller than the body. "表1显示……" names a
table in prose and is no caption. An English caption with the same number right after a
Chinese one is its `caption_en`.

A table's cells are the lines of the ruled region right under its caption (PDF, see
`ingest/pdf/tablegrid.py`), else the lines after it that look like rows: several cells
cut at wide gaps, or short labels between such rows (cell geometry; text dumps: tabs or
runs of spaces). A figure's legend is the run of small lines under its caption. Every line
used here is out of the body: no cell or caption becomes a heading or a paragraph. Cells
are text units (`t1.r2.c3`), so their numbers are entities grounded in the table.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .cells import Piece, bands, grid, pieces, text_grid
from .lines import Box, Line, UnitText
from .models import Figure, Table
from .resources import table_caption_regex, table_cues
from .sentences import ends_sentence
from .text_utils import is_cjk

# lines of one caption or legend stand at most this many sizes apart
CAPTION_LEADING = 1.2
# a caption line this full of its column wraps onto the next line
WRAP_FILL = 0.85
# lines looked past for the English caption (a unit note "(x±s)" may stand between)
EN_LOOKAHEAD = 3
# a note between caption and table is at most this long ("(x±s)", "n=28")
SHORT_NOTE = 16
# a ruled table starts at most this many sizes under its caption block
REGION_REACH = 4.0
# a lone short line between rows is a row label, not prose, at most this long
ROW_LABEL_CHARS = 24


@dataclass
class Found:
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # Line.index of every line taken
    units: dict[str, UnitText] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Caption:
    kind: str  # "table" | "figure"
    label: str
    number: str
    text: str
    text_en: str | None = None
    notes: list[str] = field(default_factory=list)
    last: int = 0  # position (in `lines`) of the caption block's last line


def find(lines: list[Line]) -> Found:
    """Tables and figures among `lines` (body lines in reading order)."""
    found = Found()
    sizes = [ln.size for ln in lines if ln.size]
    body = statistics.median(sizes) if sizes else None
    for k, ln in enumerate(lines):
        if ln.index in found.used:
            continue
        m = _caption_match(lines, k, body)
        if m is None:
            continue
        cap = _caption_block(lines, k, m, found)
        if cap.kind == "table":
            _table(lines, k, cap, body, found)
        else:
            _figure(lines, k, cap, body, found)
    return found


def _caption_match(lines: list[Line], k: int, body: float | None) -> re.Match[str] | None:
    ln = lines[k]
    m = table_caption_regex().match(ln.text)
    if m is None:
        return None
    rest = m.group(3).strip()
    cues = table_cues()
    if len(rest) > cues.max_caption_chars or any(c in rest for c in cues.prose_marks):
        return None
    prev = lines[k - 1] if k else None
    if prev is None or ln.gap_before or ends_sentence(prev.text) or prev.page != ln.page:
        return m
    if body is not None and ln.size is not None and ln.size < body - 0.3:
        return m
    # a caption line stands alone; a prose line starting with "表 2" continues the line before it
    return m if (ln.short or ln.heading_face or ln.bold) else None


def _kind(label: str) -> str:
    return "table" if label in table_cues().table_labels else "figure"


def _caption_block(lines: list[Line], k: int, m: re.Match[str], found: Found) -> _Caption:
    lab, num, rest = m.group(1), m.group(2), m.group(3).strip()
    cap = _Caption(_kind(lab), f"{lab} {num}", num, rest, last=k)
    found.used.add(lines[k].index)
    cap.text, cap.last = _wrapped(lines, k, cap.text, found, cap.notes)
    skipped: list[int] = []
    for j in range(cap.last + 1, min(cap.last + 1 + EN_LOOKAHEAD, len(lines))):
        ln = lines[j]
        if ln.page != lines[k].page or ln.table_box != lines[k].table_box:
            break
        en = table_caption_regex().match(ln.text)
        if en and en.group(2) == num and _kind(en.group(1)) == cap.kind and not is_cjk(en.group(1)[0]):
            found.used.add(ln.index)
            cap.text_en, cap.last = _wrapped(lines, j, en.group(3).strip(), found, cap.notes)
            for s in skipped:
                cap.notes.append(lines[s].text.strip())
                found.used.add(lines[s].index)
            break
        if len(ln.text.strip()) > SHORT_NOTE:
            break
        skipped.append(j)
    return cap


def _follows(prev: Line, ln: Line) -> bool:
    """`ln` continues the caption or legend line `prev`: same page and column, same size, close below."""
    if ln.page != prev.page or ln.column != prev.column or ln.table_box != prev.table_box:
        return False
    if prev.size is None or ln.size is None or prev.bottom is None or ln.top is None:
        return False
    return abs(ln.size - prev.size) <= 0.5 and ln.top - prev.bottom <= CAPTION_LEADING * prev.size


def _wraps_to(prev: Line, ln: Line) -> bool:
    """`ln` is the next line of the caption line `prev`: same face size, at most two pieces (a unit
    note may stand apart at its end; a heading row has more cells), not starting left of it."""
    if not _follows(prev, ln) or abs((ln.size or 0) - (prev.size or 0)) > 0.3 or len(pieces(ln)) > 2:
        return False
    if prev.x0 is None or prev.x1 is None or ln.x0 is None or ln.x1 is None:
        return True
    # centred, flush or indented under it; a line starting well left of it is the table's first cell
    return ln.x0 >= prev.x0 - 2 * (prev.size or 10.0)


def _wrapped(lines: list[Line], k: int, text: str, found: Found, notes: list[str]) -> tuple[str, int]:
    """A caption line that fills its column goes on in the next line; a piece set apart at that
    line's end ("[x±s, n(%)]") is a unit note, into `notes`."""
    while k + 1 < len(lines) and lines[k].fill >= WRAP_FILL and _wraps_to(lines[k], lines[k + 1]):
        nxt = lines[k + 1]
        if table_caption_regex().match(nxt.text):
            break
        ps = pieces(nxt)
        more = ps[0].text if ps else nxt.text.strip()
        notes.extend(p.text for p in ps[1:])
        sep = "" if text and is_cjk(text[-1]) and is_cjk(more[:1] or "a") else " "
        text = f"{text}{sep}{more}"
        found.used.add(nxt.index)
        k += 1
    return text, k


def _region_lines(lines: list[Line], cap_line: Line, last: Line, found: Found) -> tuple[Box, list[Line]] | None:
    """The ruled region nearest below the caption on its page, and all its lines."""
    top = cap_line.top if cap_line.top is not None else 0.0
    boxes = {
        ln.table_box
        for ln in lines
        if ln.page == cap_line.page
        and ln.table_box is not None
        and ln.table_box[3] > top
        and ln.index not in found.used
    }
    cx0, cx1 = cap_line.x0 or 0.0, cap_line.x1 or 0.0
    # the table starts right under its caption block (a unit note may stand between)
    below = last.bottom if last.bottom is not None else top
    size = last.size or 10.0
    near = [b for b in boxes if b[0] < cx1 and cx0 < b[2] and b[1] - below <= REGION_REACH * size]
    if not near:
        return None
    box = min(near, key=lambda b: b[1])
    return box, [ln for ln in lines if ln.page == cap_line.page and ln.table_box == box and ln.index not in found.used]


def _table(lines: list[Line], k: int, cap: _Caption, body: float | None, found: Found) -> None:
    tid = f"t{len(found.tables) + 1}"
    cap_line = lines[k]
    region = _region_lines(lines, cap_line, lines[cap.last], found) if cap_line.boxes else None
    box: Box | None = None
    if region is not None:
        box, rows_lines = region
        end = cap.last
    else:
        rows_lines, end = _row_lines(lines, cap.last + 1, body)
    if rows_lines and rows_lines[0].boxes:
        band_list = bands([p for ln in rows_lines for p in pieces(ln)])
        rules = rows_lines[0].table_rules if region is not None else ()
        width = box[2] - box[0] if box else 0.0
        rows, heads = grid(band_list, rules, width) if len(band_list) >= 2 else ([], 0)
        box = box or _extent([p for b in band_list for p in b])
    else:
        rows, heads = text_grid(rows_lines) if len(rows_lines) >= 2 else ([], 0)
    if not rows:
        found.warnings.append(f"{cap.label} (page {cap_line.page}): table caption found but no cells under it")
    found.used.update(ln.index for ln in rows_lines)
    notes = cap.notes + _notes_after(lines, max(end, k), rows_lines, found)
    for i, row in enumerate(rows):
        for j, u in enumerate(row):
            if u.text:
                found.units[f"{tid}.r{i}.c{j}"] = u
    found.tables.append(
        Table(
            id=tid,
            label=cap.label,
            caption=cap.text or None,
            caption_en=cap.text_en,
            page=cap_line.page,
            bbox=tuple(round(v, 2) for v in box) if box else None,  # type: ignore[arg-type]
            ruled=region is not None,
            header_rows=heads,
            rows=[[u.text for u in r] for r in rows],
            notes=" ".join(notes) or None,
        )
    )


def _extent(ps: list[Piece]) -> Box | None:
    if not ps:
        return None
    return (min(p.x0 for p in ps), min(p.top for p in ps), max(p.x1 for p in ps), max(p.bottom for p in ps))


def _label_like(ln: Line) -> bool:
    t = ln.text.strip()
    return len(t) <= ROW_LABEL_CHARS and not any(c in t for c in "，。；,;") and ln.fill < 0.6


def _line_bands(lines: list[Line], start: int) -> list[list[Line]]:
    """Consecutive lines of one page from `start`, grouped where they share a baseline band
    (the layout keeps cells apart as lines of their own)."""
    out: list[list[Line]] = []
    page = lines[start - 1].page if start else None
    for ln in lines[start:]:
        if ln.page != page or ln.table_box is not None:
            break
        prev = out[-1][0] if out else None
        if prev is not None and prev.top is not None and ln.top is not None and ln.size:
            if abs(ln.top - prev.top) <= 0.5 * ln.size:
                out[-1].append(ln)
                continue
        out.append([ln])
    return out


def _row_lines(lines: list[Line], start: int, body: float | None) -> tuple[list[Line], int]:
    """Lines after a caption that are table rows: bands of several cells (cut at wide gaps, or
    lines side by side), and one-cell bands of short labels between such rows."""
    bl = _line_bands(lines, start)
    cells = [sum(len(pieces(ln)) for ln in b) for b in bl]
    out: list[Line] = []
    k = 0
    while k < len(bl):
        label = len(bl[k]) == 1 and _label_like(bl[k][0]) and k + 1 < len(bl) and cells[k + 1] >= 2
        if cells[k] >= 2 or (label and bl[k][0].boxes):
            out.extend(bl[k])
            k += 1
            continue
        break
    return out, start + sum(len(b) for b in bl[:k]) - 1


def _notes_after(lines: list[Line], last: int, rows_lines: list[Line], found: Found) -> list[str]:
    """A note under the table ("注：…", "Note: …") and the lines it wraps over."""
    taken = {id(ln) for ln in rows_lines}
    after = max([last, *[i for i, ln in enumerate(lines) if id(ln) in taken]]) + 1
    starts = tuple(table_cues().note_starts)
    if after >= len(lines) or not lines[after].text.strip().startswith(starts):
        return []
    out = [lines[after].text.strip()]
    found.used.add(lines[after].index)
    k = after
    while k + 1 < len(lines) and not ends_sentence(lines[k].text) and _follows(lines[k], lines[k + 1]):
        k += 1
        out.append(lines[k].text.strip())
        found.used.add(lines[k].index)
    return out


def _figure_region(lines: list[Line], k: int, found: Found) -> None:
    """A ruled region holding the caption, or ending right above it, is the figure (a chart's
    frame and grid lines): its text (axis labels, values) is figure content, not body text."""
    cap = lines[k]
    box = cap.table_box
    if box is None and cap.top is not None and cap.size:
        above = [
            ln.table_box
            for ln in lines
            if ln.page == cap.page
            and ln.table_box is not None
            and 0 <= cap.top - ln.table_box[3] <= REGION_REACH * cap.size
            and ln.table_box[0] < (cap.x1 or 0)
            and (cap.x0 or 0) < ln.table_box[2]
        ]
        box = max(above, key=lambda b: b[3]) if above else None
    if box is not None:
        found.used.update(ln.index for ln in lines if ln.page == cap.page and ln.table_box == box)


def _figure(lines: list[Line], k: int, cap: _Caption, body: float | None, found: Found) -> None:
    _figure_region(lines, k, found)
    legend: list[str] = []
    j = cap.last
    small = body is not None and (lines[k].size or body) < body - 0.3
    while small and j + 1 < len(lines) and _follows(lines[j], lines[j + 1]):
        nxt = lines[j + 1]
        if table_caption_regex().match(nxt.text):
            break
        legend.append(nxt.text.strip())
        found.used.add(nxt.index)
        j += 1
    found.figures.append(
        Figure(
            id=f"f{len(found.figures) + 1}",
            label=cap.label,
            caption=cap.text or None,
            caption_en=cap.text_en,
            page=lines[k].page,
            notes=_joined(legend + cap.notes),
        )
    )


def _joined(parts: list[str]) -> str | None:
    out = ""
    for p in parts:
        sep = "" if out and is_cjk(out[-1]) and is_cjk(p[:1] or "a") else " "
        out = f"{out}{sep}{p}" if out else p
    return out or None
