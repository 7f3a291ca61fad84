"""Join column-width lines into text as a reader reads it, keeping each char's source.

Chinese lines join with nothing between; a break between two Latin words is a space;
"DNA-" + "binding" keeps its hyphen; a lower-case word split by a soft hyphen is mended.
"""

from __future__ import annotations

import re

from .lines import Line, UnitText

_LATIN_END = re.compile(r"[A-Za-z0-9.,;:%)\]]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(\[]")
_SOFT_HYPHEN = re.compile(r"(?<![A-Za-z])([a-z]{2,})-$")


def needs_space(prev: str, nxt: str) -> bool:
    """A space between two lines only where both sides are Latin script."""
    if not prev or not nxt:
        return False
    return bool(_LATIN_END.search(prev)) and bool(_LATIN_START.match(nxt)) and not prev.endswith("-")


def _spaced_break(before: Line, after: Line, prev: str, seg: str) -> bool:
    """A text dump kept a space at the break and one side is Latin or a digit: "给药 2⏎ 周"."""
    if not (before.trail_space or after.lead_space) or prev.endswith("-"):
        return False
    a, b = prev[-1:], seg[:1]
    return (a.isascii() and a.isalnum()) or (b.isascii() and b.isalnum())


def soft_hyphen(prev: str, nxt: str, vocabulary: set[str] | None) -> bool:
    """True when the line-final hyphen only splits a word (drop it): 'charac-' + 'terized'."""
    m = _SOFT_HYPHEN.search(prev)
    if not m or not nxt[:1].islower():
        return False
    head = m.group(1)
    tail = re.match(r"[a-z]+", nxt)
    if not tail:
        return False
    # a compound printed with its hyphen elsewhere in the document keeps it here too
    return vocabulary is None or f"{head}-{tail.group(0)}" not in vocabulary


def join_lines(lines: list[Line], starts: list[int] | None = None, vocabulary: set[str] | None = None) -> UnitText:
    """Join `lines` (optionally from a char offset per line) into one UnitText."""
    out = UnitText()
    for k, line in enumerate(lines):
        start = starts[k] if starts else 0
        seg = line.text[start:]
        if k and out.text:
            prev = out.text
            if soft_hyphen(prev, seg, vocabulary):
                out.text = out.text[:-1]
                out.src.pop()
            elif needs_space(prev, seg) or _spaced_break(lines[k - 1], line, prev, seg):
                out.append_inserted(" ")
        out.append(line, start)
    return out.strip()


def document_vocabulary(lines: list[Line]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        words.update(re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", line.text))
    return words
