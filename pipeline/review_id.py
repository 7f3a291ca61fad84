"""One id for every rendition of a review (its text, PDF and scanned copies): from its title.

doc_id names a rendition (from its file name); diff, SQL and HTML count reviews by review_id.
The title is compared as a reader would: compatibility forms folded (NFKC), case folded, and
everything that is not a letter or digit (spaces, punctuation, footnote marks' brackets)
dropped, so line breaks and full-width forms of one title give one id.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Document

PREFIX = "r-"
DIGEST_CHARS = 16
MIN_TITLE_CHARS = 4  # shorter "titles" (a label, a stray number) do not identify a review


def title_key(title: str | None) -> str:
    s = unicodedata.normalize("NFKC", title or "").casefold()
    return "".join(c for c in s if c.isalnum())


def review_id_for(title_zh: str | None, title_en: str | None, doc_id: str) -> str:
    """`r-<digest of the normalised title>` (Chinese title first); the doc_id where no title identifies it."""
    for title in (title_zh, title_en):
        key = title_key(title)
        if len(key) >= MIN_TITLE_CHARS:
            return PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:DIGEST_CHARS]
    return doc_id


def review_of(doc: Document) -> str:
    """The review a document renders (files written before review_id existed get it from their title)."""
    return doc.review_id or review_id_for(doc.metadata.title.zh, doc.metadata.title.en, doc.doc_id)
