"""The quality block of every output: how much of the file's text the document kept, whether a
title block and abstract were found, and signs of garbage (line-fragment paragraphs, runs of
numbers torn from their table, empty pages). Thresholds are data (resources/quality.json); a
document below any of them is flagged "needs review" with a warning naming the check."""

from __future__ import annotations

import statistics
from collections.abc import Iterator

from .lines import Line
from .models import Document, Quality, Section
from .resources import quality_thresholds
from .structure import Structured

NEEDS_REVIEW = "needs review"
# removed text that belongs to another article (or nothing): furniture and footnotes are not counted
_NOT_KEPT = frozenset({"adjacent_article", "other"})


def _walk(sections: list[Section]) -> Iterator[Section]:
    for s in sections:
        yield s
        yield from _walk(s.sections)


def _chars(text: str | None) -> int:
    # str.split() cuts at exactly the characters str.isspace() accepts
    return sum(map(len, (text or "").split()))


def is_digit_run(text: str) -> bool:
    """A paragraph of numbers with (almost) no words: a table row read as text."""
    q = quality_thresholds()
    letters = sum(1 for c in text if c.isalpha())
    digits = sum(1 for c in text if c.isdigit())
    return letters <= q.digit_run_max_letters and digits >= q.digit_run_min_digits


def _text_kept(doc: Document, st: Structured) -> float | None:
    """Share of the non-furniture text that stayed in the document (the rest went to `removed`)."""
    total = sum(_chars(line.text) for line in st.lines) + st.cut_chars
    if not total:
        return None
    lost = sum(_chars(r.text) for r in doc.removed if r.reason in _NOT_KEPT)
    return round(max(0.0, 1 - lost / total), 4)


def _pages_without_text(pages: int | None, lines: list[Line]) -> list[int]:
    if not pages:
        return []
    seen = {line.page for line in lines if line.text.strip()}
    return [p for p in range(1, pages + 1) if p not in seen]


def assess(doc: Document, st: Structured, all_lines: list[Line]) -> Quality:
    """The quality block of `doc` (OCR page reports already in doc.quality are kept)."""
    sections = list(_walk(doc.sections))
    paras = [p.text for s in sections for p in s.paragraphs]
    headings = [s.title for s in sections if s.title]
    q = Quality(
        ocr_pages=doc.quality.ocr_pages if doc.quality else [],
        text_kept=_text_kept(doc, st),
        title_block_found=st.title_block,
        abstract_label_seen=st.abstract_label_seen,
        abstract_found=bool(doc.abstract.zh or doc.abstract.en),
        heading_count=len(headings),
        median_paragraph_chars=float(statistics.median([_chars(p) for p in paras])) if paras else 0.0,
        body_chars=sum(_chars(p) for p in paras),
        detached_digit_runs=sum(1 for t in paras + headings if is_digit_run(t)),
        pages_without_text=_pages_without_text(doc.source.pages, all_lines),
    )
    q.below_threshold = _below(q, doc.source.pages)
    q.needs_review = bool(q.below_threshold)
    return q


def _below(q: Quality, pages: int | None) -> list[str]:
    t = quality_thresholds()
    checks = {
        "text_kept": q.text_kept is not None and q.text_kept < t.min_text_kept,
        "title_block": not q.title_block_found,
        "abstract": bool(q.abstract_label_seen) and not q.abstract_found,
        "body_chars": (q.body_chars or 0) < t.min_body_chars,
        "headings": (q.heading_count or 0) < t.min_headings and (q.body_chars or 0) > t.headings_expected_above_chars,
        "median_paragraph": (q.median_paragraph_chars or 0) < t.min_median_paragraph_chars,
        "detached_digit_runs": (q.detached_digit_runs or 0) > t.max_detached_digit_runs,
        "pages_without_text": bool(pages) and len(q.pages_without_text) / (pages or 1) > t.max_pages_without_text_share,
    }
    return [name for name, bad in checks.items() if bad]


_EXPLAIN = {
    "text_kept": "only {kept:.0%} of the file's text kept (the rest removed as another article's)",
    "title_block": "no title block (title with authors or abstract label) found: the file may hold another article",
    "abstract": "an abstract label was seen but no abstract was read",
    "body_chars": "the body holds only {body} characters",
    "headings": "no section heading in a body of {body} characters",
    "median_paragraph": "median paragraph of {median:.0f} characters: paragraphs may be broken into fragments",
    "detached_digit_runs": "{digits} paragraphs are runs of numbers without words (table rows read as text?)",
    "pages_without_text": "pages without text: {empty}",
}


def warnings_for(q: Quality) -> list[str]:
    """One "needs review: ..." warning per check below its threshold."""
    return [
        f"{NEEDS_REVIEW}: "
        + _EXPLAIN[name].format(
            kept=q.text_kept or 0,
            body=q.body_chars or 0,
            median=q.median_paragraph_chars or 0,
            digits=q.detached_digit_runs or 0,
            empty=", ".join(map(str, q.pages_without_text)),
        )
        for name in q.below_threshold
    ]
