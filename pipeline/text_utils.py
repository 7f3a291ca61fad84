"""Small pure helpers on strings shared by the structure stages."""

from __future__ import annotations

import re
import unicodedata

_TRAIL = re.compile(r"(?:\s*\[\s*\d{1,3}(?:\s*[-–—~～,，、]\s*\d{1,3})*\s*\])+\s*$")
SENTENCE_END = "。！？!?；;"
CLOSERS = "”’」』）)】"


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


def ends_sentence(s: str) -> bool:
    """Ends with sentence-final punctuation, allowing trailing citation markers and closers."""
    t = _TRAIL.sub("", s.rstrip()).rstrip(CLOSERS + " ")
    if not t:
        return False
    if t[-1] in SENTENCE_END:
        return True
    # an English sentence: a full stop after a word, not an abbreviation such as "et al."
    return (
        t[-1] == "."
        and len(t) > 1
        and not t.endswith(("al.", "e.g.", "i.e.", "vs.", "etc."))
        and (t[-2].isalpha() or t[-2].isdigit() or t[-2] in ")]")
    )
