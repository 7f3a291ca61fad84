"""Citation markers ("[3-5]", "[9，11]") read into integers; the text is never changed."""

from __future__ import annotations

import re

# a bracketed list of numbers and ranges; superscript-free text dumps print them inline
CITATION_RE = re.compile(r"\[\s*(\d{1,3}(?:\s*[-–—~～,，、]\s*\d{1,3})*)\s*\]")
_PART_RE = re.compile(r"(\d{1,3})(?:\s*[-–—~～]\s*(\d{1,3}))?")
# ranges wider than this are not citation ranges ("[1-200]" is a misread, keep the ends)
MAX_RANGE = 50


def parse_marker(body: str) -> list[int]:
    out: list[int] = []
    for m in _PART_RE.finditer(body):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if b >= a and b - a <= MAX_RANGE:
            out.extend(range(a, b + 1))
        else:
            out.extend([a, b] if m.group(2) else [a])
    return out


def citations_in(text: str) -> list[int]:
    """Every cited number in order of first appearance, without repeats."""
    seen: dict[int, None] = {}
    for m in CITATION_RE.finditer(text):
        for n in parse_marker(m.group(1)):
            seen.setdefault(n, None)
    return list(seen)


def marker_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in CITATION_RE.finditer(text)]
