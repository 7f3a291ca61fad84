"""Front matter: title, authors, affiliations, abstracts, keywords, journal line.

The front matter is found from anchors that every house style prints (an author line,
an abstract label, a keyword label); the title is the heading-like text just above the
authors, and whatever stands before the title belongs to the previous article.

Modules: `anchors` (labels), `title`, `authors`, `affiliations`, `english` (the Latin
block), `abstracts` (abstracts and keywords), `journal` (journal line, DOI, column labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..joining import join_lines
from ..lines import Line, UnitText
from ..models import Affiliation, Author, Keywords
from ..resources import structure_cues
from ..sentences import ends_sentence
from .abstracts import read_abstracts
from .affiliations import parse_affiliations, read_affiliations
from .anchors import FRONT_WINDOW, Anchors, find_anchors
from .authors import authors_of, find_author_line, parse_cjk_authors, parse_pinyin_authors
from .english import read_english_block
from .journal import (
    article_type_of,
    doi_in,
    find_article_type,
    is_banner,
    is_issue_line,
    journal_line,
    scan_journal_and_doi,
)
from .signature import Signature, read_signature
from .title import MAX_TITLE_LINES, find_title, same_size

__all__ = [
    "FRONT_WINDOW",
    "article_type_of",
    "find_anchors",
    "MAX_TITLE_LINES",
    "FrontMatter",
    "doi_in",
    "journal_line",
    "parse",
    "parse_affiliations",
    "parse_cjk_authors",
    "parse_pinyin_authors",
    "read_signature",
    "Signature",
]


# without anchors, the author line stands within this many lines under the title
AUTHOR_LINES_UNDER_TITLE = 3


@dataclass
class FrontMatter:
    title_zh: UnitText | None = None
    title_en: UnitText | None = None
    abstract_zh: UnitText | None = None
    abstract_en: UnitText | None = None
    authors: list[Author] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    keywords: Keywords = field(default_factory=Keywords)
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    article_type: str | None = None
    # banner lines over the title block (网络首发, Open Access): furniture, not a neighbour's text
    banners: list[int] = field(default_factory=list)
    # what the front window showed: abstract or keyword labels (a title block's anchors)
    abstract_label_seen: bool = False
    anchors_seen: int = 0
    title_start: int = 0  # index of the first title line: lines before it are strays
    body_start: int = 0
    used: set[int] = field(default_factory=set)


def parse(lines: list[Line], vocabulary: set[str]) -> FrontMatter:
    fm = FrontMatter()
    a = find_anchors(lines)
    fm.abstract_label_seen = a.zh_abs is not None or a.en_abs is not None
    fm.anchors_seen = len(a.found)
    if a.found:
        author_idx, latin_authors = find_author_line(lines, a)
        title_end = author_idx if author_idx is not None else a.first
    else:
        # no anchor: the title is the first text, and names stand right under it or nowhere
        title_end = _first_text_line(lines, a.hi)
        author_idx, latin_authors = find_author_line(lines, a, title_end, title_end + AUTHOR_LINES_UNDER_TITLE)
        title_end = author_idx if author_idx is not None else title_end
    title_lines, skipped_latin = find_title(lines, title_end)
    if title_lines:
        fm.title_zh = join_lines([lines[k] for k in title_lines], vocabulary=vocabulary)
        fm.title_start = title_lines[0]
        fm.used.update(title_lines)
    else:
        fm.title_start = title_end
    scan_journal_and_doi(lines, a, fm)
    _read_labels(lines, a, fm)
    cursor = (title_lines[-1] + 1) if title_lines else title_end
    if author_idx is not None:
        cursor = _read_authors(lines, author_idx, latin_authors, a, fm)
    en_title = read_english_block(lines, a, cursor, fm)
    if not en_title and skipped_latin:
        en_title = skipped_latin
        fm.used.update(en_title)
    if en_title:
        fm.title_en = join_lines([lines[k] for k in en_title], vocabulary=vocabulary)
    body_start = max(cursor, read_abstracts(lines, a, en_title, fm, vocabulary))
    fm.body_start = _skip_trailing(lines, body_start, fm)
    return fm


def _first_text_line(lines: list[Line], hi: int) -> int:
    """No anchor and no author line: the title is the first line that is no label, banner or issue
    line (the end of the title, exclusive; 0 when that line is a sentence)."""
    n = min(hi, len(lines))
    k = 0
    while k < n - 1 and (article_type_of(lines[k].text) or is_issue_line(lines[k].text)):
        k += 1
    if not lines or ends_sentence(lines[k].text):
        return k
    # PDF: the title runs on over lines in its heading face and size
    while k + 1 < n and lines[k].heading_face and lines[k + 1].heading_face and same_size(lines[k], lines[k + 1]):
        if lines[k + 1].gap_before or ends_sentence(lines[k + 1].text):
            break
        k += 1
    return k + 1


def _read_authors(lines: list[Line], author_idx: int, latin: bool, a: Anchors, fm: FrontMatter) -> int:
    """Authors and the affiliations under them; the line after the affiliations."""
    fm.authors = authors_of(lines[author_idx].text, latin)
    fm.used.add(author_idx)
    fm.affiliations, used = read_affiliations(lines, author_idx + 1, a.first)
    fm.used.update(used)
    if fm.affiliations:
        for au in fm.authors:
            if not au.affiliations:
                au.affiliations = [fm.affiliations[0].id] if len(fm.affiliations) == 1 else []
    return author_idx + 1 + len(used)


def _read_labels(lines: list[Line], a: Anchors, fm: FrontMatter) -> None:
    """The article-type label and the banners of the title page."""
    fm.article_type, at = find_article_type(lines, fm.title_start, min(a.first, a.hi), fm.used)
    if at is not None:
        fm.used.add(at)
    for i in range(0, min(a.first, a.hi)):
        if i not in fm.used and is_banner(lines[i].text):
            fm.banners.append(i)
            fm.used.add(i)


def _skip_trailing(lines: list[Line], body_start: int, fm: FrontMatter) -> int:
    """Classification lines and used lines that trail the front matter belong to it."""
    cues = structure_cues()
    while body_start < len(lines) and (
        body_start in fm.used or any(c in lines[body_start].text for c in cues.classification_cues)
    ):
        fm.used.add(body_start)
        body_start += 1
    return body_start
