"""The working document: one input on its way through `document.STAGES`.

Each stage takes the `Article` and returns it with its own fields filled in; what a stage
reads, an earlier stage wrote. The output `Document` is built by one stage ("document");
the later ones only add its entities and quality block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .lines import Line
from .models import Document, Removed

if TYPE_CHECKING:
    from .ingest.ocr import OcrReport
    from .structure import Structured


class StageOrderError(RuntimeError):
    """A stage asked for what an earlier stage should have made (a bug in the stage list)."""


@dataclass
class Article:
    # the input and how to read it
    data: bytes
    path: Path
    version: str | None = None  # recorded in the output; None: this package's version
    ocr: str = "auto"  # PDF pages by OCR: auto, off or force
    ocr_jobs: int = 1
    # read: the text as lines, with what the reader set aside
    format: Literal["pdf", "text"] | None = None
    pages: int | None = None
    lines: list[Line] = field(default_factory=list)
    furniture: list[Removed] = field(default_factory=list)  # running heads, page numbers (PDF)
    notes: list[str] = field(default_factory=list)  # warnings of the readers, first in the output's
    ocr_reports: list[OcrReport] = field(default_factory=list)
    # structure: front matter, sections, tables, references
    structured: Structured | None = None
    # document: the output model
    document: Document | None = None

    @property
    def st(self) -> Structured:
        if self.structured is None:
            raise StageOrderError("no structure yet: the structure stage runs first")
        return self.structured

    @property
    def doc(self) -> Document:
        if self.document is None:
            raise StageOrderError("no document yet: the document stage runs first")
        return self.document
