"""PDF: the text drawn inside a figure (axis ticks, panel letters, flow-chart boxes) or set in a
table's cells is no body paragraph.

A figure region opens at a caption-label line ("FIGURE 1 ...", "图2 ...") set outside the body
size and runs over the lines that follow it until the body face resumes; every line inside is set
in another size than the body (the label plus the size: two signals, never the font alone).
A heading (set larger than the body in a heading face, longer than a panel letter) ends the
region too: a caption printed under its figure is often followed by the next section's heading.
"""

from __future__ import annotations

import re
from functools import cache

from .lines import Line
from .resources import structure_cues

# a line within this many points of the body size is body text, ending the region
BODY_SIZE_TOLERANCE = 0.3
# panel letters ("A", "(B)") are set large in a heading face inside figures; a heading is longer
PANEL_LABEL_MAX_CHARS = 3


@cache
def _label() -> re.Pattern[str]:
    labels = sorted(structure_cues().caption_labels, key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in labels)
    return re.compile(rf"^\s*(?:{alt})\s*[A-Z]?\d+(?![\d.])", re.IGNORECASE)


def is_table_label(text: str) -> bool:
    t = text.strip().casefold()
    return any(t.startswith(x.casefold()) for x in structure_cues().table_caption_labels)


def _off_body(line: Line, body: float) -> bool:
    return line.size is not None and abs(line.size - body) > BODY_SIZE_TOLERANCE


def _heading(line: Line, body: float) -> bool:
    return (
        line.heading_face
        and line.size is not None
        and line.size > body + BODY_SIZE_TOLERANCE
        and len(line.text.strip()) > PANEL_LABEL_MAX_CHARS
    )


def figure_regions(lines: list[Line], body: float | None) -> list[tuple[int, int]]:
    """(start, end) of each figure region in `lines`: the caption-label line and the figure's text."""
    if body is None:
        return []
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not (_label().match(line.text) and _off_body(line, body)):
            i += 1
            continue
        j = i + 1
        while (
            j < len(lines) and _off_body(lines[j], body) and not _heading(lines[j], body) and lines[j].page == line.page
        ):
            j += 1
        if j - i > 1:
            out.append((i, j))
        i = j
    return out
