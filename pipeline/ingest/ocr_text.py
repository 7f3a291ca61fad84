"""Glyph confusions of a line recogniser in digit and unit context, undone on the line's text.

A recogniser that reads a whole line often takes "l" for "1" and "O" for "0" (and back)
where the shapes are alike in the face. The context decides: a token made only of digits
and such letters is a number ("1O" -> "10", "l5" -> "15"); the part of a unit written after
a number that is a known unit once its "1"s are "l"s is that unit ("μmo1/L" -> "μmol/L",
"mg/d1" -> "mg/dl", "20m1/min" -> "20ml/min"); a citation marker's closing bracket read as
a letter is a bracket ("[17l" -> "[17]"), and so are both when they hold numbers ("I7l" -> "[7]");
a sign the recogniser does not know, read as another between two digits, is put back
(resources/ocr.json `between_digits`: "1：1" -> "1∶1"). Every fix keeps the text's length, so the
characters keep their boxes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ..resources import ocr_rules, unit_words

# an opening bracket and numbers whose closing bracket was read as a letter ("[17l" for "[17]")
_OPEN_MARKER = re.compile(r"(\[\d{1,3}(?:[,，、\-–~]\d{1,3})*)[lI|](?![\dA-Za-z\]])")
# numbers between two bracket-like letters: a marker with both brackets misread ("I7l" for "[7]")
_LETTER_MARKER = re.compile(r"(?<![A-Za-z0-9])[lI|](\d{1,3}(?:[,，、\-–~]\d{1,3})*)[lI|](?![A-Za-z0-9])")
_NUMBERISH = re.compile(r"(?<![A-Za-z0-9\[])[0-9OoIl]*[0-9][0-9OoIl.]*(?![A-Za-z0-9])")
_DIGIT_OF = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
# a unit written after a number: parts of letters and digits joined by "/"
_UNIT_AFTER_NUMBER = re.compile(r"(?<=\d)(\s?)([A-Za-zμµ][A-Za-zμµ1]*(?:/[A-Za-zμµ1]+)*)")


def _number(m: re.Match[str]) -> str:
    t = m.group(0)
    # a version or list of dots is left alone; a lone letter-free number needs no fix
    return t.translate(_DIGIT_OF) if not t.strip(".").isdigit() else t


def _unit(m: re.Match[str]) -> str:
    words = unit_words()
    parts = []
    for p in m.group(2).split("/"):
        fixed = p.replace("1", "l")
        parts.append(fixed if "1" in p and p not in words and fixed in words else p)
    return m.group(1) + "/".join(parts)


@cache
def _between_digits() -> re.Pattern[str] | None:
    signs = "".join(ocr_rules().between_digits)
    return re.compile(f"(?<=\\d)[{re.escape(signs)}](?=\\d)") if signs else None


def undo_confusions(text: str) -> str:
    """`text` with digit/letter confusions in numbers and units undone (same length)."""
    out = _OPEN_MARKER.sub(lambda m: m.group(1) + "]", text)
    out = _LETTER_MARKER.sub(lambda m: "[" + m.group(1) + "]", out)
    out = _NUMBERISH.sub(_number, out)
    between = _between_digits()
    if between is not None:
        out = between.sub(lambda m: ocr_rules().between_digits[m.group(0)], out)
    return _UNIT_AFTER_NUMBER.sub(_unit, out)


# "±" read as "+": a bar this wide (share of the character's box) lies in the lowest part of
# the glyph band (below this share of it), apart from the ink above it
PLUS_MINUS_BAR = 0.5
PLUS_MINUS_LOW = 0.7


def plus_minus(text: str, char_x: Sequence[tuple[float, float]], ink: Any, band: tuple[float, float]) -> str:
    """`text` with each "+" whose ink has a bar on the baseline, below the cross, read as "±"."""
    if "+" not in text:
        return text
    top, bottom = band
    h = bottom - top
    out = list(text)
    for i, ch in enumerate(text):
        if ch != "+" or i >= len(char_x):
            continue
        a, b = char_x[i]
        cell = ink[max(0, int(top)) : int(math.ceil(bottom + 0.15 * h)), max(0, int(a)) : int(math.ceil(b))]
        if cell.size == 0:
            continue
        rows = cell.sum(axis=1)
        low = int(PLUS_MINUS_LOW * h)
        bar = [r for r in range(low, len(rows)) if rows[r] >= PLUS_MINUS_BAR * cell.shape[1]]
        above = [r for r in range(0, bar[0]) if rows[r] > 0] if bar else []
        if bar and above and above[-1] < bar[0] - 1:
            out[i] = "±"
    return "".join(out)
