"""One input file -> one `Document`: an `Article` (working.py) through the stages in STAGES.

Each stage is a function `Article -> Article`, run in this order:

    read -> limits -> structure -> document -> entities -> quality

read: bytes to lines (PDF or text reader), NUL replaced; limits: some text, no overlong line;
structure: front matter, sections, tables, references; document: the output `Document`, built
here only; entities: drugs, trials, doses, numbers; quality: the quality block and its warnings.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from .errors import InputError, LimitExceeded
from .ingest import ocr_lookalikes
from .ingest import text as text_ingest
from .lines import Line
from .models import Document, PipelineInfo, Source
from .reading import DEFAULT_MAX_INPUT_MB, printable, read_input
from .review_id import review_id_for
from .structure import Structured, build
from .working import Article, StageOrderError


def _ocr_terms() -> list[str]:
    from .entities.lexicon import lexicon

    lex = lexicon()
    return [*lex.zh, *lex.classes_zh]


def _dictionary_word(word: str) -> bool:
    from .entities.nlp import zh_segmenter

    return bool(zh_segmenter().FREQ.get(word, 0) > 0)


# OCR's look-alike repair knows words by the entity layer's lexicon and segmenter
ocr_lookalikes.use_vocabulary(ocr_lookalikes.Vocabulary(_ocr_terms, _dictionary_word))

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


def sniff_format(path: Path, data: bytes) -> Literal["pdf", "text"]:
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


class Stage(NamedTuple):
    name: str
    run: Callable[[Article], Article]


def _read(a: Article) -> Article:
    a.format = sniff_format(a.path, a.data)
    if a.format == "pdf":
        from .ingest import pdf as pdf_ingest

        a.lines, a.furniture, a.pages = pdf_ingest.read(a.data, str(a.path), a.ocr, a.ocr_jobs, a.ocr_reports)
    else:
        decoded = text_ingest.decode_text(a.data, str(a.path))
        a.notes = decoded.notes
        a.lines = text_ingest.read_lines(decoded.text)
    a.notes += _no_nul(a.lines)
    return a


def _limits(a: Article) -> Article:
    _require_text(a.lines, str(a.path))
    _within_limits(a.lines, str(a.path))
    return a


def _structure(a: Article) -> Article:
    st = build(a.lines, a.furniture)
    if not st.sections and not st.abstract.zh and not st.abstract.en:
        raise InputError(str(a.path), "no recognizable structure (no title, abstract or body text found)")
    a.structured = st
    return a


def _document(a: Article) -> Article:
    from . import __version__

    if a.format is None:
        raise StageOrderError("no format yet: the read stage runs first")
    st = a.st
    doc_id = doc_id_for(a.path)
    a.document = Document(
        doc_id=doc_id,
        review_id=review_id_for(st.metadata.title.zh, st.metadata.title.en, doc_id),
        source=Source(path=str(a.path), sha256=hashlib.sha256(a.data).hexdigest(), format=a.format, pages=a.pages),
        pipeline=PipelineInfo(version=a.version or __version__),
        metadata=st.metadata,
        abstract=st.abstract,
        sections=st.sections,
        tables=st.tables,
        figures=st.figures,
        references=st.references,
        removed=st.removed,
        warnings=[*a.notes, *st.warnings],
    )
    if a.ocr_reports:
        _note_ocr(a.document, a.ocr_reports[0])
    return a


def _entities(a: Article) -> Article:
    from .entities import annotate

    a.doc.entities = annotate(a.doc, a.st)
    return a


def _quality(a: Article) -> Article:
    from .quality import assess, warnings_for

    doc = a.doc
    doc.quality = assess(doc, a.st, a.lines)
    doc.warnings += warnings_for(doc.quality)
    return a


STAGES: tuple[Stage, ...] = (
    Stage("read", _read),
    Stage("limits", _limits),
    Stage("structure", _structure),
    Stage("document", _document),
    Stage("entities", _entities),
    Stage("quality", _quality),
)


def extract_bytes(
    data: bytes, path: str | Path, version: str | None = None, ocr: str = "auto", ocr_jobs: int = 1
) -> Document:
    """One document from its bytes. `ocr` (PDF): auto, off or force; `ocr_jobs` pages OCR'd at once."""
    article = Article(data=data, path=Path(path), version=version, ocr=ocr, ocr_jobs=ocr_jobs)
    for stage in STAGES:
        article = stage.run(article)
    return article.doc


def _note_ocr(doc: Document, rep: OcrReport) -> None:
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
                reason=p.reason,  # type: ignore[arg-type]  # ocr.py types it str; the model checks it
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


__all__ = ["extract_file", "extract_bytes", "doc_id_for", "Structured", "Article", "STAGES"]
