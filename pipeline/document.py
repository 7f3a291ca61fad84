"""One input file -> one `Document`: the visible sequence of stages."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, LimitExceeded
from .ingest import text as text_ingest
from .lines import Line
from .models import Document, PipelineInfo, Removed, Source
from .reading import DEFAULT_MAX_INPUT_MB, printable, read_input
from .review_id import review_id_for
from .structure import Structured, build

if TYPE_CHECKING:
    from .ingest.ocr import OcrReport

PDF_MAGIC = b"%PDF-"


# the schema's bound on doc_id (models.DOC_ID_MAX): a file name may be longer
DOC_ID_MAX = 200


def doc_id_for(path: str | Path) -> str:
    """A stable slug from the file name: lower case, runs of other characters as one hyphen.

    Undecodable name bytes count as other characters; a slug is cut to DOC_ID_MAX characters.
    """
    stem = unicodedata.normalize("NFKC", printable(Path(path).stem)).lower()
    slug = re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "-", stem).strip("-")
    return slug[:DOC_ID_MAX].rstrip("-") or "document"


def sniff_format(path: Path, data: bytes) -> str:
    """ "pdf" or "text" by content: PDF bytes named .txt are a PDF, a text naming "%PDF-" is not."""
    head = data[:1024]
    at = head.find(PDF_MAGIC)
    if at >= 0:
        lead = head[:at].lstrip(b"\xef\xbb\xbf \t\r\n\x00\x0c")
        # junk before the header is allowed in a PDF, but a text that merely mentions the
        # magic has no PDF objects
        if not lead or path.suffix.lower() == ".pdf" or b"endobj" in data or b"%%EOF" in data[-2048:]:
            return "pdf"
    if path.suffix.lower() == ".pdf":
        raise InputError(str(path), "not a PDF (no %PDF- header)")
    return "text"


# a longer line is no text of a review (a dump without line breaks, a generated file):
# the entity stages would need minutes for it
MAX_LINE_CHARS = 50_000


def extract_bytes(
    data: bytes, path: str | Path, version: str | None = None, ocr: str = "auto", ocr_jobs: int = 1
) -> Document:
    """One document from its bytes. `ocr` (PDF): auto, off or force; `ocr_jobs` pages OCR'd at once."""
    from . import __version__
    from .entities import annotate
    from .quality import assess, warnings_for

    path = Path(path)
    fmt = sniff_format(path, data)
    furniture: list[Removed] = []
    pages: int | None = None
    notes: list[str] = []
    ocr_reports: list[OcrReport] = []
    if fmt == "pdf":
        from .ingest import pdf as pdf_ingest

        lines, furniture, pages = pdf_ingest.read(data, str(path), ocr, ocr_jobs, ocr_reports)
    else:
        decoded = text_ingest.decode_text(data, str(path))
        notes = decoded.notes
        lines = text_ingest.read_lines(decoded.text)
    notes += _no_nul(lines)
    _require_text(lines, str(path))
    _within_limits(lines, str(path))
    st = build(lines, furniture)
    if not st.sections and not st.abstract.zh and not st.abstract.en:
        raise InputError(str(path), "no recognizable structure (no title, abstract or body text found)")
    doc_id = doc_id_for(path)
    doc = Document(
        doc_id=doc_id,
        review_id=review_id_for(st.metadata.title.zh, st.metadata.title.en, doc_id),
        source=Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt, pages=pages),  # type: ignore[arg-type]
        pipeline=PipelineInfo(version=version or __version__),
        metadata=st.metadata,
        abstract=st.abstract,
        sections=st.sections,
        tables=st.tables,
        figures=st.figures,
        references=st.references,
        removed=st.removed,
        warnings=[*notes, *st.warnings],
    )
    if ocr_reports:
        _note_ocr(doc, ocr_reports[0])
    doc.entities = annotate(doc, st)
    doc.quality = assess(doc, st, lines)
    doc.warnings += warnings_for(doc.quality)
    return doc


def _note_ocr(doc: Document, rep) -> None:  # type: ignore[no-untyped-def]
    """Which pages were read by OCR, with what engine and confidence (source.ocr, quality)."""
    from .models import OcrPageQuality, OcrSource, Quality

    doc.source.ocr = OcrSource(
        engine=rep.engine,
        version=rep.version,
        dpi=rep.dpi,
        pages=[p.page for p in rep.pages],
        mean_confidence=rep.mean_confidence,
    )
    doc.quality = Quality(
        ocr_pages=[
            OcrPageQuality(
                page=p.page,
                reason=p.reason,
                confidence=p.confidence,
                characters=len(p.objects.chars),
                skew_deg=p.skew_deg,
            )
            for p in rep.pages
        ]
    )


def _no_nul(lines: list[Line]) -> list[str]:
    """NUL in a text layer becomes U+FFFD (one character for one, so boxes stay aligned): no database stores NUL."""
    n = 0
    for line in lines:
        if "\x00" in line.text:
            n += line.text.count("\x00")
            line.text = line.text.replace("\x00", "\ufffd")
    return [f"{n} NUL character(s) in the text replaced by U+FFFD"] if n else []


def _require_text(lines: list[Line], name: str) -> None:
    if not any(line.text.strip() for line in lines):
        raise InputError(name, "no text found")


def _within_limits(lines: list[Line], name: str) -> None:
    longest = max((len(line.text) for line in lines), default=0)
    if longest > MAX_LINE_CHARS:
        raise LimitExceeded(name, f"exceeded limit: a line of {longest} characters (at most {MAX_LINE_CHARS})")


def extract_file(path: str | Path, max_bytes: int | None = DEFAULT_MAX_INPUT_MB << 20) -> Document:
    """One file -> one Document. Only a regular file within `max_bytes` is read (see reading.py)."""
    p = Path(path)
    data = read_input(p, max_bytes)
    return extract_bytes(data, Path(printable(p)))


__all__ = ["extract_file", "extract_bytes", "doc_id_for", "Structured"]
