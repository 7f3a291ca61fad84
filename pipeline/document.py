"""One input file -> one `Document`: the visible sequence of stages."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .errors import InputError
from .ingest import text as text_ingest
from .lines import Line
from .models import Document, PipelineInfo, Removed, Source
from .structure import Structured, build

PDF_MAGIC = b"%PDF-"


def doc_id_for(path: str | Path) -> str:
    """A stable slug from the file name: lower case, runs of other characters as one hyphen."""
    stem = unicodedata.normalize("NFKC", Path(path).stem).lower()
    slug = re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "-", stem).strip("-")
    return slug or "document"


def sniff_format(path: Path, data: bytes) -> str:
    if data[:1024].lstrip().startswith(PDF_MAGIC) or PDF_MAGIC in data[:1024]:
        return "pdf"
    if path.suffix.lower() == ".pdf":
        raise InputError(str(path), "not a PDF (no %PDF- header)")
    return "text"


def extract_bytes(data: bytes, path: str | Path, version: str | None = None) -> Document:
    from . import __version__
    from .entities import annotate

    path = Path(path)
    fmt = sniff_format(path, data)
    furniture: list[Removed] = []
    pages: int | None = None
    if fmt == "pdf":
        from .ingest import pdf as pdf_ingest

        lines, furniture, pages = pdf_ingest.read(data, str(path))
    else:
        text, _enc = text_ingest.decode(data, str(path))
        lines = text_ingest.read_lines(text)
    _require_text(lines, str(path))
    st = build(lines, furniture)
    if not st.sections and not st.abstract.zh and not st.abstract.en:
        raise InputError(str(path), "no recognizable structure (no title, abstract or body text found)")
    doc = Document(
        doc_id=doc_id_for(path),
        source=Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt, pages=pages),  # type: ignore[arg-type]
        pipeline=PipelineInfo(version=version or __version__),
        metadata=st.metadata,
        abstract=st.abstract,
        sections=st.sections,
        references=st.references,
        removed=st.removed,
        warnings=st.warnings,
    )
    doc.entities = annotate(doc, st)
    return doc


def _require_text(lines: list[Line], name: str) -> None:
    if not any(line.text.strip() for line in lines):
        raise InputError(name, "no text found")


def extract_file(path: str | Path) -> Document:
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError(str(p), "is a directory") from None
    except PermissionError:
        raise InputError(str(p), "permission denied") from None
    except FileNotFoundError:
        raise InputError(str(p), "no such file") from None
    if not data:
        raise InputError(str(p), "empty file")
    return extract_bytes(data, p)


__all__ = ["extract_file", "extract_bytes", "doc_id_for", "Structured"]
