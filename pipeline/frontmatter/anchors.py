"""Anchors every house style prints: the abstract and keyword labels, found in the front window."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lines import Line
from ..resources import structure_cues

# how far into the document the front matter may reach, in lines
FRONT_WINDOW = 80


@dataclass
class Anchors:
    hi: int  # end of the front window
    zh_abs: int | None = None
    en_abs: int | None = None
    zh_kw: int | None = None
    en_kw: int | None = None

    @property
    def found(self) -> list[int]:
        return [i for i in (self.zh_abs, self.en_abs, self.zh_kw, self.en_kw) if i is not None]

    @property
    def first(self) -> int:
        """The first anchor's line, or the end of the window when there is none."""
        return min(self.found) if self.found else self.hi


def strip_label(text: str, labels: list[str]) -> str | None:
    """The text after a label at the start of `text`, or None when there is no label."""
    cues = structure_cues()
    t = text.lstrip(cues.label_open + " \u3000")
    compact = t.replace(" ", "").replace("\u3000", "")
    for label in sorted(labels, key=len, reverse=True):
        lab = label.replace(" ", "")
        if compact.startswith(lab) or compact.upper().startswith(lab.upper()) and label.isascii():
            # walk the original text past the label's letters, ignoring spaces
            i = n = 0
            while i < len(t) and n < len(lab):
                if t[i] not in " \u3000":
                    n += 1
                i += 1
            rest = t[i:]
            if rest and rest[0].isalpha() and rest[0].isascii() and label.isascii() and not _glued(t[:i], rest):
                continue  # "Abstracts of" is not the label "Abstract"
            return rest.lstrip(cues.label_close + ":：. \u3000")
    return None


def _glued(label: str, rest: str) -> bool:
    """A label and the capitalised word after it read without the space between them (OCR):
    "ABSTRACTCardiovascular", "Key wordsType" — a change of case no single word makes."""
    last = label.rstrip()[-1:]
    if not rest[:1].isupper() or not last.isalpha():
        return False
    return last.islower() or (label.strip().isupper() and rest[1:2].islower())


def find_label(lines: list[Line], labels: list[str], lo: int, hi: int) -> int | None:
    for i in range(lo, min(hi, len(lines))):
        if strip_label(lines[i].text, labels) is not None:
            return i
    return None


def find_anchors(lines: list[Line]) -> Anchors:
    cues = structure_cues()
    hi = min(len(lines), FRONT_WINDOW)
    return Anchors(
        hi=hi,
        zh_abs=find_label(lines, cues.abstract_labels_zh, 0, hi),
        en_abs=find_label(lines, cues.abstract_labels_en, 0, hi),
        zh_kw=find_label(lines, cues.keyword_labels_zh, 0, hi),
        en_kw=find_label(lines, cues.keyword_labels_en, 0, hi),
    )


def part_label(text: str) -> bool:
    """A structured-abstract part label ("目的：", "Methods:") starts the line."""
    cues = structure_cues()
    return any(
        re.match(rf"^[【\[]?{re.escape(p)}[】\]]?\s*[：:]", text)
        for p in cues.abstract_parts_zh + cues.abstract_parts_en
    )
