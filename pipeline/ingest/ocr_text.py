"""Glyph confusions of a line recogniser in digit and unit context, undone on the line's text.

A recogniser that reads a whole line often takes "l" for "1" and "O" for "0" (and back)
where the shapes are alike in the face. The context decides: a token made only of digits
and such letters is a number ("1O" -> "10", "l5" -> "15"); the part of a unit written after
a number that is a known unit once its "1"s are "l"s is that unit ("μmo1/L" -> "μmol/L",
"mg/d1" -> "mg/dl", "20m1/min" -> "20ml/min"); a citation marker's closing bracket read as
a letter is a bracket ("[17l" -> "[17]"), and so are both when they hold numbers ("I7l" -> "[7]");
a sign the recogniser does not know, read as another between two digits, is put back
(resources/ocr.json `between_digits`: "1：1" -> "1∶1"), and a colon read for the decimal
point of a dose is a point ("0:5mg" -> "0.5mg"); a raised affiliation mark read as "！" before
a separator is "1", a comma read as "’" between a mark and a name is a comma, a radical prose
never prints is the sign it looks like ("丶" -> "、"), and so is a degree sign where no number
stands before it ("[17]°" -> "[17]。"); a dash before a number whose ink is as wide as a
minus sign's is one ("-1.83" -> "−1.83", `minus_signs`), and a colon with no ink under it
was never printed (`inkless_marks`). These fixes keep the text's length,
so the characters keep their boxes; specks read as dots are found here (`speck_indices`)
and taken out, with their boxes, by the caller.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ..resources import ocr_rules, unit_words

# an opening bracket and numbers whose closing bracket was read as a letter ("[17l" for "[17]")
_OPEN_MARKER = re.compile(r"(\[\d{1,3}(?:[,，、\-–~]\d{1,3})*)[lI|1](?![\dA-Za-z\]])")
# inside a marker a dot between numbers is a comma: markers hold no decimals ("[13.17]")
_MARKER_DOT = re.compile(r"(?<=\[)(\d{1,3}(?:[,，、\-–~]\d{1,3})*)\.(\d{1,3})(?=[,，、\-–~\d]*\])")
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
    # ratios are of small numbers; "2009：210" (year: pages) is not one
    return re.compile(f"(?<![\\d.])(\\d{{1,3}})[{re.escape(signs)}](?=\\d{{1,3}}(?!\\d))") if signs else None


def undo_confusions(text: str) -> str:
    """`text` with digit/letter confusions in numbers and units undone (same length)."""
    out = _OPEN_MARKER.sub(lambda m: m.group(1) + "]", text)
    out = _MARKER_DOT.sub(lambda m: m.group(1) + "," + m.group(2), out)
    out = _LETTER_MARKER.sub(lambda m: "[" + m.group(1) + "]", out)
    out = _NUMBERISH.sub(_number, out)
    out = _colon_decimal().sub(lambda m: m.group(1) + "." + m.group(2), out)
    between = _between_digits()
    if between is not None:
        out = between.sub(lambda m: m.group(1) + ocr_rules().between_digits[m.group(0)[-1]], out)
    for pattern, table in _in_context():
        out = _replace(pattern, table, out)
    out = out.translate(_never_printed())
    out = _after_numbers_only().sub(lambda m: ocr_rules().after_numbers_only[m.group(0)], out)
    return _UNIT_AFTER_NUMBER.sub(_unit, out)


def _replace(pattern: re.Pattern[str], table: dict[str, str], text: str) -> str:
    return pattern.sub(lambda m: table[m.group(0)], text)


@cache
def _in_context() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    """Single characters read for another where their neighbours tell (resources/ocr.json):
    a raised mark between a Chinese character and a separator, a comma between a number and a
    Chinese character."""
    rules = ocr_rules()
    out = []
    for table, before, after in (
        (rules.after_hanzi_before_separator, f"(?<=[{_CJK}])", "(?=[，、,])"),
        (rules.between_digit_and_hanzi, "(?<=\\d)", f"(?=[{_CJK}])"),
    ):
        if table:
            out.append((re.compile(before + "[" + re.escape("".join(table)) + "]" + after), table))
    return tuple(out)


@cache
def _never_printed() -> dict[int, str]:
    """Characters prose does not print, read for the sign they look like (resources/ocr.json)."""
    return str.maketrans(ocr_rules().never_printed)


@cache
def _after_numbers_only() -> re.Pattern[str]:
    """Signs printed after a number only (a degree sign), read where no number stands before
    them: the sign they look like there ("[17]°兼有" is "[17]。兼有")."""
    signs = "".join(ocr_rules().after_numbers_only) or "\x00"
    return re.compile(f"(?<![\\d\\s])(?<!\\d\\s)[{re.escape(signs)}]")


@cache
def _colon_decimal() -> re.Pattern[str]:
    """A colon between digits right before a dose unit or a percent sign is a decimal point
    ("0:5mg", "13:0%"): a ratio or a time is not followed by a mass, an amount or a percentage."""
    units = "|".join(sorted((re.escape(w) for w in unit_words("mass", "amount")), key=len, reverse=True))
    return re.compile(f"(?<![\\d.:：])(\\d{{1,3}})[:：](\\d{{1,3}})(?=\\s?(?:(?:{units})(?![A-Za-z])|[%％‰]))")


_CJK = "\u4e00-\u9fff"


@cache
def _speck_res() -> tuple[re.Pattern[str], ...]:
    dots = re.escape(ocr_rules().specks)
    units = "|".join(sorted((re.escape(w) for w in unit_words()), key=len, reverse=True))
    return (
        re.compile(f"(?<=\\d)[{dots}](?=[{_CJK}]|\\s?(?:{units})(?![A-Za-z]))"),  # "800·mg", "212.例"
        re.compile(f"(?<=[{_CJK}])[{dots}](?=[A-Za-z0-9])"),  # "招募了.25例", "的.ALS"
        re.compile(f"(?<=[A-Za-z0-9])[{dots}](?=[{_CJK}])"),  # "SOD1·突变"
        re.compile(f"(?<=[，。、；：！？])[{dots}]"),  # "，.需将": no dot follows Chinese punctuation
        re.compile(f"(?<=[A-Za-z])[{dots}](?=\\s?\u2212\\d)"),  # "95%CI.−3.92": a minus sign opens a number
    )


# a number that opens the line, with its dots, is an enumeration ("1.浙江", "1.3.糖皮质激素")
_ENUMERATION = re.compile(r"\s*[(（]?\d+(?:\.\d+)*")


def opening_dot(text: str) -> int | None:
    """Index of the dot right after the line's opening enumeration ("5．其他", "1.浙江"), if any:
    printed there, or a speck in the gap after a heading's number (the caller asks the ink)."""
    m = _ENUMERATION.match(text)
    k = m.end() if m else -1
    return k if 0 < k < len(text) - 1 and text[k] in ocr_rules().enumeration_dots else None


def speck_indices(text: str) -> list[int]:
    """Where specks were read as a dot that Chinese typesetting does not print: between a
    number and its unit or a Chinese character, and between a Chinese character and a Latin
    word or number (resources/ocr.json `specks`); a line's opening enumeration keeps its dots."""
    m = _ENUMERATION.match(text)
    opening = m.end() if m else 0
    return sorted({k.start() for r in _speck_res() for k in r.finditer(text) if k.start() != opening})


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


# a minus sign is as wide as a digit or wider (0.47 em in Times, 0.62 in DejaVu Serif), a hyphen
# far less (0.2-0.44 em measured on scans): a dash read before a digit is a minus when its ink is this many ems wide
MINUS_MIN_EM = 0.48
# and flat: at most this many ems high
MINUS_MAX_HEIGHT = 0.2
DASHES = frozenset("-‐‑–—")


def minus_signs(
    text: str, char_x: Sequence[tuple[float, float]], ink: Any, band: tuple[float, float], em: float
) -> str:
    """`text` with each dash that stands before a digit (not between two: a range) and whose
    ink is a minus sign's width read as "−" (U+2212); `em`: the line's font size in pixels."""
    if not any(ch in DASHES for ch in text):
        return text
    out = list(text)
    for i, ch in enumerate(text):
        if ch not in DASHES or i >= len(char_x) or i + 1 >= len(text) or not text[i + 1].isdigit():
            continue
        if i and text[i - 1].isdigit():
            continue
        w = _flat_width(char_x[i], ink, band, em)
        if w is not None and w >= MINUS_MIN_EM:
            out[i] = "\u2212"
    return "".join(out)


def _flat_width(span: tuple[float, float], ink: Any, band: tuple[float, float], em: float) -> float | None:
    """Width (ems) of the flat stroke under the middle of a character's box: the widest
    connected ink there no more than `MINUS_MAX_HEIGHT` high (the engine's box may be narrower
    than the stroke, or reach over a neighbour)."""
    import cv2
    import numpy as np

    top, bottom = band
    a, b = span
    x0 = max(0, int(a - 0.4 * em))
    crop = np.ascontiguousarray(ink[max(0, int(top)) : int(math.ceil(bottom)), x0 : int(math.ceil(b + 0.4 * em))])
    if em <= 0 or crop.size == 0:
        return None
    count, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    mid = (a + b) / 2 - x0
    widths = [
        int(stats[k][2])
        for k in range(1, count)
        if stats[k][0] <= mid + 0.15 * em
        and stats[k][0] + stats[k][2] >= mid - 0.15 * em
        and stats[k][3] <= MINUS_MAX_HEIGHT * em
    ]
    return max(widths) / em if widths else None


def inkless_marks(text: str, char_x: Sequence[tuple[float, float]], ink: Any, band: tuple[float, float]) -> list[int]:
    """Indices of the marks (resources/ocr.json `inked_marks`) read where no ink lies under
    their box over the glyph band: never printed, as in "疗程：12个月" read over the blank
    before a number. Kept between two Latin letters ("Email：liu"), where the engine's boxes
    of a Latin run are least exact."""
    marks = ocr_rules().inked_marks
    out = []
    for i, ch in enumerate(text[: len(char_x)]):
        if ch not in marks:
            continue
        beside = text[i - 1 : i + 2 : 2] if 0 < i < len(text) - 1 else ""
        if not (beside.isascii() and beside.isalpha()) and blank_under(ink, band, char_x[i]):
            out.append(i)
    return out


def blank_under(ink: Any, rows: tuple[float, float], span: tuple[float, float], inset: float = 0.0) -> bool:
    """No ink in a character's box over `rows` (its outer `inset` share each side left out:
    the engine's boxes are rough): nothing is printed there."""
    a, b = span
    m = inset * (b - a)
    cell = ink[max(0, int(rows[0])) : int(math.ceil(rows[1])), max(0, int(math.ceil(a + m))) : int(b - m)]
    return cell.size > 0 and not cell.any()
