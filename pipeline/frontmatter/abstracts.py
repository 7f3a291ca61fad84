"""Abstracts and keyword lists: where each labelled block ends, and its text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..joining import join_lines
from ..lines import Line, UnitText
from ..resources import StructureCues, structure_cues
from ..sentences import ends_sentence
from ..text_utils import cjk_share, latin_share, width
from .anchors import Anchors, part_label, strip_label

if TYPE_CHECKING:
    from . import FrontMatter

# an English abstract line holds at most this share of CJK characters (a stray "，")
MAX_CJK_IN_ENGLISH = 0.1


def end_of_zh_abstract(lines: list[Line], start: int, stop: int) -> int:
    """The Chinese abstract runs until a Latin line, a label, or a paragraph break."""
    i = start + 1
    while i < stop:
        line = lines[i]
        if latin_share(line.text) >= 0.8 or line.gap_before:
            break
        if (
            ends_sentence(lines[i - 1].text)
            and (lines[i - 1].short or line.indent > 0 or _numbered_heading(line))
            and not part_label(line.text)
        ):
            break
        i += 1
    return i


def _numbered_heading(line: Line) -> bool:
    """A numbered heading line ("1 概述", "一、……") ends the abstract above it."""
    from ..resources import heading_grammar
    from ..sections import starts_with_unit

    g = heading_grammar()
    for pat in g.numbered:
        m = pat.regex.match(line.text.strip())
        if (
            m
            and width(m.group("title")) <= g.max_heading_width
            and not ends_sentence(m.group("title"))
            and not starts_with_unit(m.group("title"))
        ):
            return True
    return False


# a PDF line filling this share of its column ends where the next word did not fit
WRAPPED_FILL = 0.9


def _label_block_end(lines: list[Line], start: int, cues: StructureCues, latin: bool = False) -> int:
    """A keyword block runs on over wrapped lines of its own script until a label or a short line."""
    labels = cues.keyword_labels_en + cues.abstract_labels_en + cues.abstract_labels_zh + cues.keyword_labels_zh
    stoppers = cues.doi_cues + cues.footnote_cues + cues.classification_cues
    i = start + 1
    while i < len(lines) and i - start <= 3:
        prev, line = lines[i - 1], lines[i]
        open_end = prev.text.rstrip().endswith(("；", ";", "，", ",", "、", "-"))
        # PDF: a ragged Latin line that nearly fills its column wrapped (the next word did not fit)
        wrapped = prev.top is not None and prev.fill >= WRAPPED_FILL
        if (
            (prev.short and not open_end and not wrapped)
            or line.gap_before
            or prev.text.rstrip().endswith(("。", "."))
            or strip_label(line.text, labels) is not None
            or any(line.text.startswith(c) for c in stoppers)
        ):
            break
        if (latin_share(line.text) >= 0.8) != latin:
            break
        i += 1
    return i


def _keywords(lines: list[Line], start: int, end: int, labels: list[str]) -> list[str]:
    first = lines[start]
    rest = strip_label(first.text, labels) or ""
    text = join_lines(lines[start:end], [len(first.text) - len(rest)] + [0] * (end - start - 1)).text
    # a list set off by semicolons keeps the commas inside its terms ("Hepatitis B, chronic")
    seps = r"[；;]" if re.search(r"[；;]", text) else r"[；;，,、]"
    return [w.strip(" 。.\u3000") for w in re.split(seps, text) if w.strip(" 。.\u3000")]


def _abstract(lines: list[Line], start: int, end: int, labels: list[str], vocabulary: set[str]) -> UnitText:
    """The abstract's text after its label; each structured part (目的/方法/...) on its own line."""
    first = lines[start]
    rest = strip_label(first.text, labels) or ""
    offset = len(first.text) - len(rest)
    out = UnitText()
    groups: list[tuple[list[Line], list[int]]] = []
    for k in range(start, end):
        if k == start or part_label(lines[k].text):
            groups.append(([], []))
        groups[-1][0].append(lines[k])
        groups[-1][1].append(offset if k == start else 0)
    for group, starts in groups:
        piece = join_lines(group, starts, vocabulary)
        if out.text:
            out.append_inserted("\n")
        out.text += piece.text
        out.src.extend(piece.src)
    return out.strip()


def read_abstracts(lines: list[Line], a: Anchors, en_title: list[int], fm: FrontMatter, vocabulary: set[str]) -> int:
    """Fill the abstracts and keywords of `fm`; the line after the last of them."""
    cues = structure_cues()
    body_start = 0
    if a.zh_abs is not None:
        later = [x for x in (a.en_abs, a.zh_kw, a.en_kw, *en_title[:1]) if x is not None and x > a.zh_abs]
        end = end_of_zh_abstract(lines, a.zh_abs, min(later or [len(lines)]))
        fm.abstract_zh = _abstract(lines, a.zh_abs, end, cues.abstract_labels_zh, vocabulary)
        fm.used.update(range(a.zh_abs, end))
        body_start = max(body_start, end)
    if a.zh_kw is not None:
        end = _label_block_end(lines, a.zh_kw, cues)
        fm.keywords.zh = _keywords(lines, a.zh_kw, end, cues.keyword_labels_zh)
        fm.used.update(range(a.zh_kw, end))
        body_start = max(body_start, end)
    if a.en_abs is not None:
        end = _end_of_en_abstract(lines, a)
        fm.abstract_en = _abstract(lines, a.en_abs, end, cues.abstract_labels_en, vocabulary)
        fm.used.update(range(a.en_abs, end))
        body_start = max(body_start, end)
    if a.en_kw is not None:
        end = _label_block_end(lines, a.en_kw, cues, latin=True)
        fm.keywords.en = _keywords(lines, a.en_kw, end, cues.keyword_labels_en)
        fm.used.update(range(a.en_kw, end))
        body_start = max(body_start, end)
    return body_start


def _end_of_en_abstract(lines: list[Line], a: Anchors) -> int:
    """The English abstract runs over Latin lines, and at least up to its keyword label."""
    assert a.en_abs is not None
    stop = a.en_kw if a.en_kw is not None and a.en_kw > a.en_abs else len(lines)
    end = a.en_abs + 1
    while end < stop and cjk_share(lines[end].text) < MAX_CJK_IN_ENGLISH:
        end += 1
    if a.en_kw is not None and a.en_kw > a.en_abs:
        end = max(end, min(stop, a.en_kw))
    return end
