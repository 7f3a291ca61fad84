"""The tables-and-figures part of `reviewx show` as view data; `page.html.j2` renders it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Document


@dataclass(frozen=True)
class Token:
    """One piece of highlighted text: plain text, a span opening (classes, attributes) or a span closing."""

    kind: str
    text: str = ""
    cls: str = ""
    attrs: tuple[tuple[str, str], ...] = ()


Tokens = list[Token]


def _plain(text: str) -> Tokens:
    return [Token("text", text)]


def tables_section(doc: Document, cell_tokens: Callable[[str], Tokens] | None = None) -> dict[str, Any] | None:
    """What the page shows of a document's tables and figures (None when it has neither).
    `cell_tokens` gives one text unit (a cell, t1.r2.c3) as highlight tokens; else cells are plain."""
    if not doc.tables and not doc.figures:
        return None

    def row(tid: str, i: int, r: list[str]) -> list[Tokens]:
        return [cell_tokens(f"{tid}.r{i}.c{j}") if cell_tokens and c else _plain(c) for j, c in enumerate(r)]

    return {
        "count": len(doc.tables) + len(doc.figures),
        "tables": [
            {
                "id": t.id,
                "label": t.label,
                "caption": t.caption or "",
                "caption_en": t.caption_en or "",
                "page": t.page,
                "ruled": t.ruled,
                "head": [row(t.id, i, r) for i, r in enumerate(t.rows[: t.header_rows])],
                "body": [row(t.id, t.header_rows + i, r) for i, r in enumerate(t.rows[t.header_rows :])],
                "notes": t.notes or "",
            }
            for t in doc.tables
        ],
        "figures": [
            {"id": f.id, "label": f.label, "caption": f.caption or "", "caption_en": f.caption_en or "", "page": f.page}
            for f in doc.figures
        ],
    }
