"""Journal lines (name and year), DOIs and column labels around the title block."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..lines import Line
from ..resources import structure_cues
from .anchors import Anchors

if TYPE_CHECKING:
    from . import FrontMatter

DOI = re.compile(r"10\.\d{4,9}/[^\s，,；;：:\u3000-\u9fff]+")
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def journal_line(text: str) -> tuple[str | None, int | None]:
    """Journal name and year of a line such as a running header, when it names both."""
    cues = structure_cues()
    year_m = YEAR.search(text)
    for suf in cues.journal_suffixes:
        j = text.find(suf)
        if j > 0:
            name = re.split(r"[\s,，]", text[: j + len(suf)].strip())[-1]
            return name, int(year_m.group(1)) if year_m else None
    return None, None


def doi_in(text: str) -> str | None:
    """The DOI of a line that labels it ("DOI：10.3760/...")."""
    d = DOI.search(text)
    if d and any(c in text for c in structure_cues().doi_cues):
        return d.group(0).rstrip(".。")
    return None


def column_label(text: str, labels: list[str]) -> bool:
    return re.sub(r"[\s·•・【】\[\]]", "", text) in labels


def scan_journal_and_doi(lines: list[Line], anchors: Anchors, fm: FrontMatter) -> None:
    """The DOI and the journal/year line anywhere in the front window (outside the title)."""
    cues = structure_cues()
    for i in range(0, anchors.hi):
        t = lines[i].text
        d = DOI.search(t)
        if d and any(c in t for c in cues.doi_cues) and fm.doi is None:
            fm.doi = d.group(0).rstrip(".。")
            fm.used.add(i)
        if i < fm.title_start or (i < anchors.first and i not in fm.used):
            name, year = journal_line(t)
            if name and year and fm.journal is None and i not in fm.used:
                fm.journal, fm.year = name, year
                fm.used.add(i)
