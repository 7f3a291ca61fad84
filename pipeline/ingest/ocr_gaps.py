"""Characters the line recogniser dropped, read again from the ink between its character boxes.

A recogniser drops a character it cannot place in its context: a rare Chinese character
("缬" in a Kai face), an enumeration comma "、" between two words, a range sign "~" between
two digits ("2~4周" read "24周"). Its character boxes then leave a gap with ink in it. A
flat, wide stroke alone between two digits is a range sign (`flat_stroke`); otherwise the
gap is read again in a few crops, with one to three characters on either side; a reading
that is those characters with one more between them is an insertion. What the recogniser
makes of the signs there (resources/ocr.json `gap_comma_reads`, `gap_range_reads`) is the
sign; a Chinese character needs a character's worth of ink and the same reading in
`gap_min_votes` crops. Anything else read into a gap (a digit, a bracket, a space) is left out.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ..resources import ocr_rules
from ..text_utils import is_cjk

# height of the glyph band of CJK text, in ems (font sizes); ocr.py measures sizes by it too
INK_TO_EM = 0.86
# a gap between a Chinese character (or full-width sign) and its neighbour this many ems wide,
# between two digits this many, is read again when ink covers GAP_INK_EM of it
GAP_EM = 0.8
RANGE_GAP_EM = 0.45
GAP_INK_EM = 0.15
# a Chinese character read into a gap needs this much ink there (a comma or a tilde needs less)
GAP_CHAR_INK_EM = 0.6
# a range sign the recogniser did not read: ink between two digits, apart from theirs, at least
# RANGE_MIN_WIDTH ems wide, at most RANGE_MAX_HEIGHT ems high and RANGE_FLAT times wider than high
RANGE_MIN_WIDTH = 0.2
RANGE_MAX_HEIGHT = 0.25
RANGE_FLAT = 2.0
# crops (characters of context each side, vertical padding in ems), in the order tried
CROPS_CJK = ((2, 0.4), (3, 0.4), (1, 0.4), (3, 0.2))
CROPS_DIGITS = ((1, 0.4), (2, 0.4), (3, 0.4))

Reader = Callable[[Any], tuple[str, float]]


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("F", "W")


def _word(ch: str) -> bool:
    """A letter, digit or Chinese character: what an enumeration comma stands between."""
    return ch.isalnum()


def insertion(left: str, right: str, reading: str) -> str | None:
    """The one character `reading` has between `left` and `right`, or None."""
    if len(reading) != len(left) + len(right) + 1 or not (reading.startswith(left) and reading.endswith(right)):
        return None
    return reading[len(left)]


def classify(before: str, after: str, ch: str, ink_em: float) -> str | None:
    """What a character read into the gap between `before` and `after` stands for, or None."""
    rules = ocr_rules()
    if before.isdigit() and after.isdigit():
        # a range, or a list of numbers ("第1、15天")
        return "~" if ch in rules.gap_range_reads else "、" if ch in rules.gap_comma_reads else None
    if ch in rules.gap_comma_reads:
        # between two words, or after a closing bracket ("(268例)、阿达木")
        ok = (_word(before) or unicodedata.category(before) == "Pe") and _word(after)
        return "、" if ok else None
    if (
        is_cjk(ch)
        and ink_em >= GAP_CHAR_INK_EM
        and (is_cjk(before) or _wide(before))
        and (is_cjk(after) or _wide(after))
    ):
        return ch
    return None


def gap_reading(
    text: str,
    char_x: Sequence[tuple[float, float]],
    i: int,
    band: tuple[float, float],
    grey: Any,
    ink_em: float,
    read: Reader,
) -> str | None:
    """The character dropped between characters `i` and `i + 1`, read again in crops of the line."""
    top, bottom = band
    em = (bottom - top) / INK_TO_EM
    digits = text[i].isdigit() and text[i + 1].isdigit()
    crops = CROPS_DIGITS if digits else CROPS_CJK
    need = 1 if digits else ocr_rules().gap_min_votes
    votes: Counter[str] = Counter()
    for n, (k, pad) in enumerate(crops):
        lo, hi = max(0, i - k + 1), min(len(text) - 1, i + k)
        x0, x1 = char_x[lo][0], char_x[hi][1]
        crop = grey[max(0, int(top - pad * em)) : int(bottom + pad * em), max(0, int(x0)) : int(math.ceil(x1))]
        if crop.size == 0:
            continue
        ch = insertion(text[lo : i + 1], text[i + 1 : hi + 1], read(crop)[0])
        sign = classify(text[i], text[i + 1], ch, ink_em) if ch else None
        if sign:
            votes[sign] += 1
            best, count = votes.most_common(1)[0]
            if count >= need:
                return best
        if n == 1 and not votes:
            return None  # two crops saw nothing between the characters
    return None


def flat_stroke(
    ink: Any, band: tuple[float, float], left: tuple[float, float], right: tuple[float, float]
) -> tuple[float, float] | None:
    """The columns of a flat, wide stroke between two digits' ink, their boxes `left` and
    `right` (which may reach over it): a range sign ("1~2周"; a dot or comma there is narrow,
    or taller than wide). The ink under both boxes falls in three runs of columns: a digit,
    the stroke, a digit."""
    import numpy as np

    top, bottom = band
    em = (bottom - top) / INK_TO_EM
    y0 = max(0, int(top - 0.2 * em))
    x0 = max(0, int(left[0]))
    win = ink[y0 : int(math.ceil(bottom + 0.2 * em)), x0 : int(math.ceil(right[1]))]
    runs = _runs(win.any(axis=0).tolist())
    if len(runs) != 3:
        return None
    a, b = runs[1]
    rows = np.nonzero(win[:, a:b].any(axis=1))[0]
    digit_rows = np.nonzero(win[:, runs[0][0] : runs[0][1]].any(axis=1))[0]
    w, h = b - a, rows[-1] - rows[0] + 1
    mid = (rows[0] + rows[-1]) / 2
    if w < RANGE_MIN_WIDTH * em or h > RANGE_MAX_HEIGHT * em or w < RANGE_FLAT * h:
        return None
    # beside the digits, not under them (a rule or an underscore)
    if not digit_rows[0] <= mid <= digit_rows[-1] - 0.2 * (digit_rows[-1] - digit_rows[0]):
        return None
    return float(x0 + a), float(x0 + b)


def _runs(cols: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each run of inked columns."""
    runs: list[tuple[int, int]] = []
    for j, v in enumerate(cols):
        if v and runs and runs[-1][1] == j:
            runs[-1] = (runs[-1][0], j + 1)
        elif v:
            runs.append((j, j + 1))
    return runs


def _apart(cols: list[bool]) -> list[int]:
    """The inked columns of a gap in runs that touch neither end: ink of its own, not the
    neighbours' reaching past their boxes."""
    return [j for a, b in _runs(cols) if a > 0 and b < len(cols) for j in range(a, b)]


def fill_line(
    text: str, char_x: list[tuple[float, float]], band: tuple[float, float], ink: Any, grey: Any, read: Reader
) -> tuple[str, list[tuple[float, float]], list[int]] | None:
    """The line with dropped characters put back: its text, character spans and the indices of
    the new characters; None when nothing was dropped."""
    top, bottom = band
    if bottom <= top or len(char_x) != len(text):
        return None
    em = (bottom - top) / INK_TO_EM
    rows = ink[max(0, int(top)) : int(math.ceil(bottom))]
    found: list[tuple[int, str, tuple[float, float]]] = []
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a.isspace() or b.isspace():
            continue
        if a.isdigit() and b.isdigit():
            stroke = flat_stroke(ink, band, char_x[i], char_x[i + 1])
            if stroke is not None:
                found.append((i, "~", stroke))
                continue
        x0, x1 = char_x[i][1], char_x[i + 1][0]
        wide_enough = RANGE_GAP_EM if a.isdigit() and b.isdigit() else GAP_EM if _wide(a) or _wide(b) else None
        if wide_enough is None or x1 - x0 < wide_enough * em:
            continue
        cols = rows[:, max(0, int(x0)) : int(math.ceil(x1))].any(axis=0)
        inked = _apart(cols.tolist())
        if len(inked) < GAP_INK_EM * em:
            continue
        sign = gap_reading(text, char_x, i, band, grey, len(inked) / em, read)
        if sign:
            start = max(0, int(x0))
            found.append((i, sign, (float(start + inked[0]), float(start + inked[-1] + 1))))
    if not found:
        return None
    out_t: list[str] = []
    out_x: list[tuple[float, float]] = []
    new: list[int] = []
    k = 0
    for i, (ch, span) in enumerate(zip(text, char_x)):
        out_t.append(ch)
        out_x.append(span)
        if k < len(found) and found[k][0] == i:
            # the boxes either side reach no further than the inserted character's ink
            out_x[-1] = (out_x[-1][0], max(out_x[-1][0] + 0.1, min(out_x[-1][1], found[k][2][0])))
            new.append(len(out_t))
            out_t.append(found[k][1])
            out_x.append(found[k][2])
            k += 1
    for n in new:
        if n + 1 < len(out_x):
            lo, hi = out_x[n + 1]
            out_x[n + 1] = (min(max(lo, out_x[n][1]), hi - 0.1), hi)
    return "".join(out_t), out_x, new
