"""Journal lines (name and year), DOIs and column labels around the title block."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..lines import Line
from ..resources import structure_cues
from .anchors import Anchors

if TYPE_CHECKING:
    from . import FrontMatter

# lines under the title that may hold the journal line when no abstract or keyword label is seen
FRONT_LINES_WITHOUT_ANCHORS = 8
DOI = re.compile(r"10\.\d{4,9}/[^\s，,；;：:©\u3000-\u9fff]+")
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
    # without anchors the front matter is the few lines under the title, not the whole window
    stop = anchors.first if anchors.found else min(anchors.hi, fm.title_start + FRONT_LINES_WITHOUT_ANCHORS)
    for i in range(0, anchors.hi):
        t = lines[i].text
        d = DOI.search(t)
        if d and any(c in t for c in cues.doi_cues) and fm.doi is None:
            fm.doi = d.group(0).rstrip(".。")
            fm.used.add(i)
        if i < fm.title_start or (i < stop and i not in fm.used):
            name, year = journal_line(t)
            if name and year and fm.journal is None and i not in fm.used:
                fm.journal, fm.year = name, year
                fm.used.add(i)


# a label set between middle dots ("· 综 述 ·", "·临床研究·") is a column label whatever its words
_DOTTED = re.compile(r"^[·•・]\s*([\u4e00-\u9fff][\u4e00-\u9fff\s]{0,10})\s*[·•・]$")


def article_type_of(text: str) -> str | None:
    """The article type a column label names ("·综述·" -> 综述, "REVIEW" -> Review), else None."""
    cues = structure_cues()
    t = text.strip()
    compact = re.sub(r"[\s·•・【】\[\]]", "", t)
    if compact in cues.column_labels_zh or (_DOTTED.match(t) and compact):
        return compact
    folded = " ".join(t.split()).casefold()
    for lab in cues.column_labels_en:
        if folded == lab.casefold():
            return cues.article_type_aliases.get(lab, lab)
    return None


def is_banner(text: str) -> bool:
    """A banner over the title block ("Open Access", 网络首发时间 …)."""
    compact = text.replace(" ", "").replace("\u3000", "").casefold()
    return any(compact.startswith(b.replace(" ", "").casefold()) for b in structure_cues().front_banners)


def is_issue_line(text: str) -> bool:
    """A journal issue line (volume, number) or a banner: furniture of the title page."""
    return is_banner(text) or any(re.search(p, text) for p in structure_cues().issue_line_patterns)


def find_article_type(lines: list[Line], title_start: int, stop: int, used: set[int]) -> tuple[str | None, int | None]:
    """(article type, its line): the label nearest above the title, else one before the first anchor."""
    for i in [*range(title_start - 1, -1, -1), *range(title_start, stop)]:
        if i < len(lines) and i not in used:
            kind = article_type_of(lines[i].text)
            if kind:
                return kind, i
    return None, None
