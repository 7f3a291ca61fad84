"""Entities: drugs, trials, doses and numbers, each grounded in a text unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..citations import marker_spans
from ..models import Document, Entities, Mention, Number
from .grounding import mention

if TYPE_CHECKING:
    from ..structure import Structured


def unit_texts(doc: Document) -> dict[str, str]:
    """Every text unit of a document by id, in reading order."""
    out: dict[str, str] = {}
    if doc.metadata.title.zh:
        out["title.zh"] = doc.metadata.title.zh
    if doc.metadata.title.en:
        out["title.en"] = doc.metadata.title.en
    if doc.abstract.zh:
        out["abstract.zh"] = doc.abstract.zh
    if doc.abstract.en:
        out["abstract.en"] = doc.abstract.en

    def walk(sections):  # type: ignore[no-untyped-def]
        for s in sections:
            for p in s.paragraphs:
                out[p.id] = p.text
            walk(s.sections)

    walk(doc.sections)
    return out


def annotate(doc: Document, st: Structured) -> Entities:
    from .numbers import find_numbers

    texts = unit_texts(doc)
    numbers: list[Number] = []
    for unit, text in texts.items():
        for h in find_numbers(text, marker_spans(text)):
            numbers.append(Number(
                id=f"n{len(numbers) + 1}", kind=h.kind, value=h.value, value_max=h.value_max, unit=h.unit, sd=h.sd,  # type: ignore[arg-type]
                comparator=h.comparator, approx=h.approx, text=text[h.start:h.end], rule=h.rule,  # type: ignore[arg-type]
                mentions=[mention(st, unit, text, h.start, h.end)],
            ))
    return Entities(numbers=numbers)


def warm_up() -> None:
    """Load every rule file and dictionary once per process (workers call this at start)."""
    from ..resources import heading_grammar, stray_rules, structure_cues

    structure_cues()
    heading_grammar()
    stray_rules()
