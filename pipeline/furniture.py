"""Page furniture in a line stream: page numbers, running headers, footnotes.

PDF ingest finds most furniture by position; this pass catches what a text dump keeps
(a header line repeated on every page, a bare page number, 收稿日期 footnotes) and
classifies it instead of deleting it: the lines leave the stream and go to `removed`.
"""

from __future__ import annotations

import re
from collections import Counter

from .lines import Line
from .models import Removed
from .resources import alt, structure_cues, zh_words

# a bare page number: "12", "- 12 -", "第 12 页"
PAGE_NUMBER_RE = re.compile(
    rf"^[\s·•\-—–]*(?:(?:{alt(zh_words().page_before)})\s*)?\d{{1,4}}(?:\s*(?:{alt(zh_words().page_after)}))?[\s·•\-—–]*$"
)
# a header printed on this many pages is a running header
MIN_REPEATS = 3
MAX_HEADER_WIDTH = 70


def _key(text: str) -> str:
    # headers differ only by their page number from page to page
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


MIN_HEADER_LETTERS = 4


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _continues_footnote(so_far: str, line: Line) -> bool:
    """A wrapped footnote: the cue line stopped mid-text and the next line is short or an address."""
    if so_far.rstrip().endswith(("。", ".", "）", ")")) and "@" not in line.text:
        return False
    return line.fill < 0.9 or "@" in line.text or any(c in line.text for c in structure_cues().footnote_cues)


def is_footnote(text: str) -> bool:
    t = text.lstrip("*△※# \u3000（(【[［")  # "（收稿日期：……）" prints its cue in brackets
    return any(t.startswith(c) for c in structure_cues().footnote_cues)


def split_furniture(lines: list[Line]) -> tuple[list[Line], list[Removed]]:
    counts = Counter(_key(line.text) for line in lines if len(line.text) <= MAX_HEADER_WIDTH)
    keep: list[Line] = []
    removed: list[Removed] = []
    in_footnote = False
    for line in lines:
        text = line.text.strip()
        # a footnote ends with its page: the next page opens with body, figures or a heading
        if in_footnote and line.page == removed[-1].page and _continues_footnote(removed[-1].text, line):
            removed[-1] = removed[-1].model_copy(update={"text": removed[-1].text + text})
            continue
        in_footnote = False
        if line.top is not None and not is_footnote(text):
            keep.append(line)  # PDF: ingest found page numbers and headers by their position
        elif PAGE_NUMBER_RE.match(text):
            removed.append(Removed(reason="page_number", text=text, page=line.page, rule="furniture.page_number_line"))
        elif (
            counts[_key(text)] >= MIN_REPEATS and len(text) <= MAX_HEADER_WIDTH and _letters(text) >= MIN_HEADER_LETTERS
        ):
            removed.append(Removed(reason="running_header", text=text, page=line.page, rule="furniture.repeated_line"))
        elif is_footnote(text):
            removed.append(Removed(reason="footnote", text=text, page=line.page, rule="furniture.footnote_cue"))
            in_footnote = True
        else:
            keep.append(line)
    return keep, removed
