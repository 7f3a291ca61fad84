"""Raised citation markers on OCR'd lines: found in the ink, read again on their own, spliced in.

A line recogniser scales a whole line to one height, so a superscript "[12]" comes out as
"12", "I2l", "1" or nothing, and the digits then read as numbers of the text. In the ink
mask a raised marker is a group of ink blobs none of which reaches down to the line's
baseline. Such a group is cropped, enlarged and read alone; a reading that is a bracketed
list of numbers replaces the characters the engine placed over the group, and the new
characters keep the group's raised box.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..resources import ocr_rules

# a blob is raised when its lowest ink is above this share of the glyph band (from its top)
RAISED_BOTTOM = 0.7
# blobs of one marker stand at most this many band heights apart
MARKER_GAP = 0.35
# a marker group is at least this tall and this wide (band heights): dots, quotes and dashes are not
MIN_MARKER_HEIGHT = 0.35
MIN_MARKER_WIDTH = 0.3
# ink above and below the band that still belongs to the line (band heights)
ABOVE_BAND = 0.35
BELOW_BAND = 0.25
# the crop read alone: margin around the group (band heights) and enlargement
CROP_MARGIN = 0.3
CROP_SCALE = 2.0
# an engine character belongs to the group when its centre lies within it, with this slack (band heights)
SPLICE_SLACK = 0.15

# crop (grey pixels) -> (text, confidence)
Reader = Callable[[Any], tuple[str, float]]


@dataclass(frozen=True, slots=True)
class Raised:
    """A group of raised ink blobs, in deskewed image pixels."""

    x0: float
    x1: float
    top: float
    bottom: float


def _blobs(ink: Any, x0: int, top: int, bottom: int, x1: int) -> list[tuple[int, int, int, int]]:
    """Runs of inked columns (x0, x1, top, bottom) in the window, left to right."""
    import numpy as np

    crop = ink[top:bottom, x0:x1]
    if crop.size == 0:
        return []
    has = crop.any(axis=0)
    low = crop.shape[0] - 1 - np.argmax(crop[::-1], axis=0)
    high = np.argmax(crop, axis=0)
    out = []
    i, n = 0, len(has)
    while i < n:
        if not has[i]:
            i += 1
            continue
        j = i
        while j < n and has[j]:
            j += 1
        out.append((x0 + i, x0 + j, top + int(high[i:j].min()), top + int(low[i:j].max()) + 1))
        i = j
    return out


def raised_groups(ink: Any, x0: float, x1: float, band_top: float, band_bottom: float) -> list[Raised]:
    """Groups of neighbouring ink blobs that all end well above the band's bottom (superscripts)."""
    h = band_bottom - band_top
    if h <= 0:
        return []
    rows, cols = ink.shape
    win_top = max(0, int(band_top - ABOVE_BAND * h))
    win_bottom = min(rows, int(math.ceil(band_bottom + BELOW_BAND * h)))
    blobs = _blobs(ink, max(0, int(x0)), win_top, win_bottom, min(cols, int(math.ceil(x1))))
    groups: list[list[int]] = []
    open_group = False
    for a, b, t, bo in blobs:
        if bo > band_top + RAISED_BOTTOM * h:
            open_group = False
            continue
        g = groups[-1] if open_group else None
        if g is not None and a - g[1] < MARKER_GAP * h:
            g[1], g[2], g[3] = b, min(g[2], t), max(g[3], bo)
        else:
            groups.append([a, b, t, bo])
            open_group = True
    return [
        Raised(float(a), float(b), float(t), float(bo))
        for a, b, t, bo in groups
        if bo - t >= MIN_MARKER_HEIGHT * h and b - a >= MIN_MARKER_WIDTH * h
    ]


@cache
def _marker_re() -> re.Pattern[str]:
    r = ocr_rules()
    num = r"\d{1,3}"
    sep = f"[{re.escape(r.marker_separators)}]"
    return re.compile(f"[{re.escape(r.marker_open)}]{num}(?:{sep}{num})*[{re.escape(r.marker_close)}]")


@cache
def _stray_chars() -> frozenset[str]:
    r = ocr_rules()
    return frozenset(r.marker_open + r.marker_close + r.marker_misreads + "0123456789")


def marker_text(reading: str, conf: float) -> str | None:
    """The reading of a raised group when it is a citation marker ("[12]", "[3-5]"), else None."""
    text = re.sub(r"\s+", "", reading)
    if conf < ocr_rules().marker_min_confidence or not _marker_re().fullmatch(text):
        return None
    return text


def splice(
    text: str, char_x: list[tuple[float, float]], group: Raised, marker: str, slack: float, margin: float = 0.0
) -> tuple[str, list[tuple[float, float]], list[int]] | None:
    """Replace the characters whose centres fall in `group` (give or take `slack`) by `marker`, boxes
    split across the group; brackets, digits and their misreads next to them go too when their
    centres lie within `margin` of it.

    Returns the new text, the new character spans and the indices of the marker's characters;
    None when the characters over the group are not a contiguous run (a misplaced group)."""
    inside = [i for i, (a, b) in enumerate(char_x) if group.x0 - slack <= (a + b) / 2 <= group.x1 + slack]
    if inside and inside != list(range(inside[0], inside[-1] + 1)):
        return None
    if inside:
        i, j = inside[0], inside[-1] + 1
    else:  # the engine read nothing there: the marker goes in at its place
        i = j = sum(1 for a, b in char_x if (a + b) / 2 < group.x0)
    # the engine's own reading of the marker's brackets, boxed a little off it, goes too when
    # it lies in the crop that was read
    strays = _stray_chars()
    while i > 0 and text[i - 1] in strays and sum(char_x[i - 1]) / 2 >= group.x0 - margin:
        i -= 1
    while j < len(text) and text[j] in strays and sum(char_x[j]) / 2 <= group.x1 + margin:
        j += 1
    # a marker never follows an opening bracket nor is followed by a closing one: the engine's
    # own bracket, boxed farther off ("[[8]", "[14]]"), or a closing one read as a letter ("[14]l。")
    r = ocr_rules()
    while i > 0 and text[i - 1] in r.marker_open:
        i -= 1
    while j < len(text) and text[j] in r.marker_close:
        j += 1
    if j < len(text) and text[j] in r.marker_misreads and not text[j].isdigit() and not text[j + 1 : j + 2].isalpha():
        j += 1
    w = (group.x1 - group.x0) / len(marker)
    spans = [(group.x0 + k * w, group.x0 + (k + 1) * w) for k in range(len(marker))]
    return text[:i] + marker + text[j:], char_x[:i] + spans + char_x[j:], list(range(i, i + len(marker)))


def _crop(grey: Any, g: Raised, h: float) -> Any:
    import cv2

    pad = int(CROP_MARGIN * h)
    rows, cols = grey.shape
    cut = grey[
        max(0, int(g.top) - pad) : min(rows, int(g.bottom) + pad), max(0, int(g.x0) - pad) : min(cols, int(g.x1) + pad)
    ]
    return cv2.resize(cut, None, fx=CROP_SCALE, fy=CROP_SCALE, interpolation=cv2.INTER_CUBIC)


@dataclass(slots=True)
class Marked:
    """A line after its raised markers were read: text, spans, and a raised box per character (or None)."""

    text: str
    char_x: list[tuple[float, float]]
    char_band: list[tuple[float, float] | None]


def mark_line(
    text: str,
    char_x: Sequence[tuple[float, float]],
    band: tuple[float, float, float, float],
    ink: Any,
    grey: Any,
    read: Reader,
) -> Marked | None:
    """Read the raised markers of one line (`band`: x0, x1, top, bottom of its glyph band); None if it has none."""
    x0, x1, top, bottom = band
    h = bottom - top
    out = Marked(text, list(char_x), [None] * len(text))
    found = False
    for g in raised_groups(ink, x0, x1, top, bottom):
        reading, conf = read(_crop(grey, g, h))
        marker = marker_text(reading, conf)
        if marker is None:
            continue
        done = splice(out.text, out.char_x, g, marker, SPLICE_SLACK * h, CROP_MARGIN * h)
        if done is None:
            continue
        new_text, new_x, idx = done
        keep = len(out.text) - len(new_text) + len(marker)  # characters replaced
        start = idx[0]
        out.char_band = out.char_band[:start] + [(g.top, g.bottom)] * len(marker) + out.char_band[start + keep :]
        out.text, out.char_x = new_text, new_x
        found = True
    return out if found else None
