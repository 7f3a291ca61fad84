"""Typed records the page layout passes along: pieces of glyphs and printed line segments."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ...lines import Box
from .glyphs import Glyph, Rule


@dataclass(slots=True)
class Piece:
    """Glyphs that touch horizontally on one band: a word run, never across a column gap."""

    chars: list[Glyph]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    column: int | None = None


@dataclass(slots=True)
class Seg:
    """A printed line of one column (or full width), cut at wide gaps, with its text and boxes."""

    chars: list[Glyph]
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    column: int | None = None
    boxed: bool = False
    text: str = ""
    boxes: list[Box] = field(default_factory=list)
    # per character of `text`: bold (a bold face or drawn twice) and face (None for inserted spaces)
    bold: list[bool] = field(default_factory=list)
    faces: list[str | None] = field(default_factory=list)
    lead_gaps: tuple[int, ...] = ()  # positions of wide gaps early in the line (see lines.text_of)


@dataclass
class PageLayout:
    """One page after layout: its segments in reading order and the rules drawn on it."""

    number: int
    width: float
    height: float
    segs: list[Seg]
    rules: list[Rule]
    # ruled table regions (x0, top, x1, bottom), see tablegrid.py
    tables: list[Box] = field(default_factory=list)
    table_rules: list[tuple[tuple[float, float, float], ...]] = field(default_factory=list)  # inner (x0, x1, y)

    @cached_property
    def text_top(self) -> float:
        return min((s.top for s in self.segs), default=0.0)

    @cached_property
    def text_bottom(self) -> float:
        return max((s.bottom for s in self.segs), default=self.height)
