"""Small pure helpers on strings shared by the structure stages."""

from __future__ import annotations

import unicodedata


def width(s: str) -> float:
    return float(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def cjk_share(s: str) -> float:
    chars = [c for c in s if not c.isspace()]
    return sum(1 for c in chars if is_cjk(c)) / len(chars) if chars else 0.0


def latin_share(s: str) -> float:
    chars = [c for c in s if c.isalpha()]
    return sum(1 for c in chars if c.isascii()) / len(chars) if chars else 0.0
