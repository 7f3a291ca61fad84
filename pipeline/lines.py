"""The stage boundary between ingest and structure: lines with their way back to the source.

Ingest (text or PDF) yields `Line`s in reading order; everything after works on lines
and on `UnitText`s built from them, so a character of any text unit can be traced to
its page and box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat

Box = tuple[float, float, float, float]


@dataclass(slots=True)
class Line:
    text: str
    page: int | None = None
    # one box per character of `text` (PDF input); None for text input
    boxes: list[Box] | None = None
    font: str | None = None
    size: float | None = None
    bold: bool = False
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    bottom: float | None = None
    column: int | None = None  # 0 left, 1 right, None full width
    indent: float = 0.0  # first-line indent in characters (leading spaces or x offset / size)
    # the line ends short of the right margin of its column (a paragraph may end here)
    short: bool = False
    # how much of the column's width the line fills (1.0 = a full line)
    fill: float = 1.0
    # a visible break (blank line in text, extra vertical space in PDF) precedes it
    gap_before: bool = False
    # set by ingest when the line sits inside a boxed insert or beside a rule
    boxed: bool = False
    # PDF: printed in a face or size the body text does not use (a heading, a title)
    heading_face: bool = False
    # font of the first characters when they differ from the rest (run-in headings in PDF)
    lead_font: str | None = None
    lead_len: int = 0
    # PDF: wide gaps (an em or so) early in the line, one of which may end a run-in lead set in the
    # body face ("3.1 非手术治疗  桡骨远端……"): their positions in `text`
    lead_gaps: tuple[int, ...] = ()
    index: int = -1  # position in the document's line list, set by ingest
    # a text dump printed white space at the line's start or end (a real space across the break)
    lead_space: bool = False
    trail_space: bool = False
    # PDF: the ruled table region (x0, top, x1, bottom) the line stands in (ingest/pdf/tablegrid.py)
    table_box: Box | None = None
    table_rules: tuple[tuple[float, float, float], ...] = ()  # its inner rules (x0, x1, y)
    # text input: positions in `text` where a tab or a run of spaces separated two cells
    cell_gaps: tuple[int, ...] = ()


@dataclass(slots=True)
class UnitText:
    """Text of one unit being built, with the (line index, char position) of every char.

    Characters inserted by joining (a space between two Latin lines) map to None.
    """

    text: str = ""
    src: list[tuple[int, int] | None] = field(default_factory=list)

    def append(self, line: Line, start: int = 0, end: int | None = None) -> None:
        end = len(line.text) if end is None else end
        self.text += line.text[start:end]
        self.src.extend(zip(repeat(line.index), range(start, end)))

    def append_inserted(self, s: str) -> None:
        self.text += s
        self.src.extend([None] * len(s))

    def strip(self) -> UnitText:
        t = self.text
        a = len(t) - len(t.lstrip())
        b = len(t.rstrip())
        return UnitText(t[a:b], self.src[a:b])
