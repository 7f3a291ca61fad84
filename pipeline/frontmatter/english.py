"""The Latin block between the Chinese front matter and the English abstract: title, names, affiliations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lines import Line
from ..resources import structure_cues
from ..text_utils import latin_share
from .abstracts import end_of_zh_abstract
from .affiliations import looks_affiliation
from .anchors import Anchors
from .authors import parse_pinyin_authors

if TYPE_CHECKING:
    from . import FrontMatter


def read_english_block(lines: list[Line], a: Anchors, cursor: int, fm: FrontMatter) -> list[int]:
    """Mark the English names and affiliations used; the English title's lines."""
    cues = structure_cues()
    if not a.found:
        return []  # no abstract or keyword label: the English title is what the title finder skipped
    en_block_end = a.en_abs if a.en_abs is not None else a.first
    if a.zh_kw is not None and a.zh_kw < en_block_end:
        latin_start = a.zh_kw + 1
    else:
        latin_start = end_of_zh_abstract(lines, a.zh_abs, en_block_end) if a.zh_abs is not None else cursor
    en_title: list[int] = []
    for i in range(min(cursor, latin_start), en_block_end):
        # a ruled table's cell ("Gelberman等") is no part of the front matter
        if i in fm.used or i == a.zh_abs or i == a.zh_kw or lines[i].table_box is not None:
            continue
        t = lines[i].text
        if latin_share(t) < 0.8 or (a.zh_abs is not None and a.zh_abs < i < latin_start):
            if a.en_abs is None and i >= max(cursor, latin_start):
                break  # no English abstract to reach: the body has begun, a Latin line there is no title
            continue
        names = parse_pinyin_authors(t)
        if names and len(names) == len(fm.authors):
            for author, (n, _) in zip(fm.authors, names, strict=False):
                author.name_en = n
            fm.used.add(i)
        elif looks_affiliation(t) or any(c in t for c in cues.institution_cues_en) or "China" in t:
            fm.used.add(i)
        elif not fm.authors or not any(au.name_en for au in fm.authors):
            if not en_title or en_title[-1] == i - 1:
                en_title.append(i)
                fm.used.add(i)
    return en_title
