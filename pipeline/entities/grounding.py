"""Mentions: character offsets into a text unit, and for PDFs the page and one box per line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Mention

if TYPE_CHECKING:
    from ..structure import Structured


def mention(st: Structured, unit: str, text: str, start: int, end: int) -> Mention:
    u = st.units.get(unit)
    page = None
    boxes: list[tuple[float, float, float, float]] = []
    if u is not None and u.text == text:
        per_line: dict[int, list[float]] = {}
        order: list[int] = []
        for src in u.src[start:end]:
            if src is None:
                continue
            li, ci = src
            line = st.lines[li]
            if line.boxes is None or ci >= len(line.boxes):
                continue
            if page is None:
                page = line.page
            x0, top, x1, bottom = line.boxes[ci]
            if li not in per_line:
                per_line[li] = [x0, top, x1, bottom]
                order.append(li)
            else:
                b = per_line[li]
                b[0], b[1], b[2], b[3] = min(b[0], x0), min(b[1], top), max(b[2], x1), max(b[3], bottom)
        boxes = [
            (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2)) for b in map(per_line.__getitem__, order)
        ]
    return Mention(unit=unit, start=start, end=end, text=text[start:end], page=page, boxes=boxes)
