"""The title: heading-like lines just above the authors (or the first anchor)."""

from __future__ import annotations

from ..lines import Line
from ..sentences import ends_sentence
from ..text_utils import cjk_share, latin_share
from .affiliations import looks_affiliation
from .journal import DOI, YEAR, article_type_of, is_issue_line, journal_line

MAX_TITLE_LINES = 3
# PDF: the lines of one title share their font size within this many points
TITLE_SIZE_TOLERANCE = 0.5


def same_size(a: Line, b: Line) -> bool:
    """Two lines printed in one size (text input has no sizes: always true)."""
    return a.size is None or b.size is None or abs(a.size - b.size) <= TITLE_SIZE_TOLERANCE


def _title_stopper(text: str) -> bool:
    """A line that cannot be part of a Chinese title: a sentence, Latin text, a journal, issue or DOI
    line, a column label or banner, an affiliation."""
    return bool(
        ends_sentence(text)
        or cjk_share(text) < 0.3
        or journal_line(text)[0]
        and YEAR.search(text)
        or DOI.search(text)
        or is_issue_line(text)
        or article_type_of(text)
        or looks_affiliation(text)
    )


def find_title(lines: list[Line], title_end: int) -> tuple[list[int], list[int]]:
    """(Chinese title lines, Latin lines skipped between it and `title_end`), walking upwards.

    An English title printed between the Chinese title and the authors is skipped over
    and returned second, as the English title when no other is found.
    """
    title_lines: list[int] = []
    skipped_latin: list[int] = []
    j = title_end - 1
    while j >= 0 and latin_share(lines[j].text) >= 0.8 and not ends_sentence(lines[j].text) and title_end - j <= 3:
        skipped_latin.insert(0, j)
        j -= 1
    while j >= 0 and len(title_lines) < MAX_TITLE_LINES:
        if _title_stopper(lines[j].text):
            break
        if title_lines and not same_size(lines[j], lines[title_lines[0]]):
            break
        title_lines.insert(0, j)
        j -= 1
        if lines[j + 1].gap_before:
            break
    return title_lines, skipped_latin
