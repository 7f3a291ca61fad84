"""Which article of a file is the document, when the file holds several (a letters page, an issue).

PDF only, and only where the front window shows no abstract or keyword label (a letter, an
editorial): there the title block is the sole anchor. An article starts at a title, a run of lines
set in a heading face larger than the body, with body text under it. What precedes the first such
title is the previous article's end; each title starts a new article. The document is the article
spanning the most pages; a file with several complete ones (each with a reference list) warns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .lines import Line
from .resources import structure_cues
from .sentences import ends_sentence

# a title is set at least this many points above the body size (JACC letters: 8.0 over 7.7)
TITLE_OVER_BODY_PT = 0.2
TITLE_MIN_CHARS = 15
# body-size lines must follow a title within this many lines (a subtitle may stand between)
BODY_WITHIN = 4
BODY_SIZE_TOLERANCE = 0.3


@dataclass
class Choice:
    start: int
    end: int
    articles: int
    warnings: list[str] = field(default_factory=list)


def body_size(lines: list[Line]) -> float | None:
    c: Counter[float] = Counter()
    for line in lines:
        if line.size is not None:
            c[round(line.size, 1)] += len(line.text)
    return c.most_common(1)[0][0] if c else None


def _title_like(line: Line, body: float) -> bool:
    return (
        line.heading_face
        and line.size is not None
        and line.size >= body + TITLE_OVER_BODY_PT
        and not ends_sentence(line.text)
    )


def _body_follows(lines: list[Line], at: int, body: float) -> bool:
    return any(
        not ln.heading_face and ln.size is not None and abs(ln.size - body) <= BODY_SIZE_TOLERANCE
        for ln in lines[at : min(len(lines), at + BODY_WITHIN)]
    )


def title_starts(lines: list[Line]) -> list[int]:
    """First lines of the titles in the stream (runs of title-like lines of one size and page)."""
    body = body_size(lines)
    if body is None:
        return []
    out: list[int] = []
    i = 0
    while i < len(lines):
        if not _title_like(lines[i], body):
            i += 1
            continue
        j = i
        while (
            j + 1 < len(lines)
            and _title_like(lines[j + 1], body)
            and lines[j + 1].size == lines[i].size
            and lines[j + 1].page == lines[i].page
        ):
            j += 1
        if sum(len(lines[k].text.strip()) for k in range(i, j + 1)) >= TITLE_MIN_CHARS and _body_follows(
            lines, j + 1, body
        ):
            out.append(i)
        i = j + 1
    return out


def _has_reference_label(lines: list[Line]) -> bool:
    cues = structure_cues()
    strip = cues.label_open + cues.label_close + " \u3000:："
    return any(line.text.strip().strip(strip) in cues.reference_labels for line in lines)


def choose(lines: list[Line]) -> Choice | None:
    """The span of the document's article, or None when the stream shows no title to go by."""
    starts = title_starts(lines)
    if not starts:
        return None
    spans = [(s, starts[k + 1] if k + 1 < len(starts) else len(lines)) for k, s in enumerate(starts)]
    pages = [len({ln.page for ln in lines[a:b]}) for a, b in spans]
    best = max(range(len(spans)), key=lambda k: (pages[k], -k))
    a, b = spans[best]
    choice = Choice(a, b, len(spans))
    complete = [k for k, (s, e) in enumerate(spans) if _has_reference_label(lines[s:e])]
    if len(complete) > 1:
        title = " ".join(ln.text.strip() for ln in lines[a : a + 3] if _title_like(ln, body_size(lines) or 0))
        choice.warnings.append(
            f"the file holds {len(complete)} complete articles: kept the one with the most pages "
            f"({pages[best]}), '{title[:80]}'; the others are in removed"
        )
    return choice
