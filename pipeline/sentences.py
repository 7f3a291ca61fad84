"""One sentence splitter for every stage: where a sentence ends in Chinese and English text.

The marks, closers and abbreviations are data (resources/sentences.json). `sentence_spans`
splits a text, `sentence_bounds` finds the sentence around one position (the same sentences,
by a local scan), `ends_sentence` says whether a line ends one. A semicolon ends a sentence
unless the caller reads whole statements (`semicolons=False`, the trial finder).
"""

from __future__ import annotations

import re
from functools import cache

from .resources import sentence_rules

# citation markers after the mark: "……降低风险[1-3]。", "… risk.[2, 5]"
_TRAIL = re.compile(r"(?:\s*\[\s*\d{1,3}(?:\s*[-–—~～,，、]\s*\d{1,3})*\s*\])+\s*$")
# an English full stop: "." then space and a capital (or a CJK character), not after "et al", "vs", "Fig"
_EN_STOP = re.compile(r"(?<=[A-Za-z0-9)\]%])\.(?=\s+[A-Z\u4e00-\u9fff])")


@cache
def ends(semicolons: bool = True) -> str:
    """The characters that end a sentence."""
    r = sentence_rules()
    return r.full_stops + (r.semicolons if semicolons else "")


@cache
def _chunks(semicolons: bool) -> re.Pattern[str]:
    marks = re.escape(ends(semicolons))
    return re.compile(f"[^{marks}]*[{marks}]?")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(sentence_rules().abbreviations)


def sentence_spans(text: str, *, semicolons: bool = True) -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end): each ends after its mark, leading space left out,
    blank ones skipped; an English full stop splits too."""
    out = []
    for m in _chunks(semicolons).finditer(text):
        for a, b in _english_sentences(text, m.start(), m.end()):
            piece = text[a:b]
            if piece.strip():
                out.append((a + len(piece) - len(piece.lstrip()), b))
    return out


def _english_sentences(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split [a, b) at English full stops ("… 8 442 patients. The DAPA-HF trial …")."""
    abbr = _abbreviations()
    out, start = [], a
    for m in _EN_STOP.finditer(text, a, b):
        word = re.search(r"([A-Za-z.]+)$", text[max(a, m.start() - 8) : m.start()])
        if word and (word.group(1) in abbr or word.group(1).rsplit(".", 1)[-1] in abbr or len(word.group(1)) == 1):
            continue  # "et al.", "vs.", "e.g.", an initial ("J. Smith")
        out.append((start, m.end()))
        start = m.end()
    out.append((start, b))
    return out


def sentence_bounds(text: str, pos: int, *, semicolons: bool = True) -> tuple[int, int]:
    """(start, end) of the sentence around `pos`, its mark included, by the Chinese marks only:
    an English full stop does not bound it (the drug and dose rules read the whole statement)."""
    pos = min(max(pos, 0), len(text))  # the nearest marks either side, by str.rfind and a regex in C
    end = _marks(semicolons).search(text, pos)
    b = end.start() if end else len(text)
    return _sentence_start(text, pos, ends(semicolons)), min(len(text), b + 1)


@cache
def _marks(semicolons: bool) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(ends(semicolons))}]")


def _sentence_start(text: str, pos: int, marks: str) -> int:
    """Just after the last mark before `pos`, looked for back in short windows."""
    hi = pos
    while hi > 0:
        lo = max(0, hi - 128)
        k = max(text.rfind(ch, lo, hi) for ch in marks)
        if k >= 0:
            return k + 1
        hi = lo
    return 0


@cache
def _closers() -> str:
    return sentence_rules().closers + " "


def ends_sentence(s: str) -> bool:
    """Ends with sentence-final punctuation, allowing trailing citation markers and closers."""
    t = _TRAIL.sub("", s.rstrip()).rstrip(_closers())
    if not t:
        return False
    if t[-1] in ends():
        return True
    # an English sentence: a full stop after a word, not after an abbreviation ("et al.", "Fig.",
    # the splitter's list); a single letter ends one here ("vitamin D."): no name follows it
    if t[-1] != "." or len(t) < 2 or not (t[-2].isalpha() or t[-2].isdigit() or t[-2] in ")]"):
        return False
    word = re.search(r"([A-Za-z.]+)\.$", t)
    abbr = _abbreviations()
    return not (word and (word.group(1) in abbr or word.group(1).rsplit(".", 1)[-1] in abbr))
