"""Entities: drugs, trials, doses and numbers, each grounded in a text unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Document, Entities

if TYPE_CHECKING:
    from ..structure import Structured


def annotate(doc: Document, st: Structured) -> Entities:
    return Entities()


def warm_up() -> None:
    """Load every rule file and dictionary once per process (workers call this at start)."""
    from ..resources import heading_grammar, stray_rules, structure_cues

    structure_cues()
    heading_grammar()
    stray_rules()
