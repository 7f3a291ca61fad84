"""PDF input on PDFium: glyphs -> lines with font, size and boxes, in reading order.

The data flows through one module per step: `opening` (the file, or a clear error),
`glyphs` (glyphs with baseline, em box, face; rules and boxes), `normalize` (glyph text
as a reader reads it), `lines` (faux-bold copies dropped, pieces, printed lines,
segments with one box per character), `columns` (gutter and reading order) and
`margins` (furniture out, `Line`s with their layout cues).
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from ...errors import InputError
from ...lines import Line
from ...models import Removed
from . import columns, tablegrid
from . import lines as lines_mod
from .fallback import PdfminerPages
from .glyphs import PageGlyphs, Rule, read_page
from .margins import BAND_RULE_SHARE, MARGIN_BAND
from .opening import LOCK, MAX_PAGES, check_page_count, open_pdf

if TYPE_CHECKING:
    from ..ocr import OcrReport
from .records import PageLayout, Piece, Seg

DUPLICATE_TOLERANCE = lines_mod.DUPLICATE_TOLERANCE

__all__ = ["read", "read_glyphs", "layout", "MAX_PAGES", "MARGIN_BAND", "DUPLICATE_TOLERANCE"]


def read_glyphs(data: bytes, name: str) -> list[PageGlyphs]:
    """Every page's glyphs, rules and boxes."""
    with LOCK:
        pdf = open_pdf(data, name)
        other = PdfminerPages(data)
        if pdf is None:
            return _read_other(other, name)
        try:
            out = []
            for k in range(len(pdf)):
                try:
                    page = pdf[k]
                except pdfium.PdfiumError:
                    # a page PDFium cannot load (a cyclic page tree lists pages that are not there)
                    out.append(PageGlyphs(number=k + 1, width=0.0, height=0.0, unreadable=True))
                    continue
                try:
                    try:
                        pg = read_page(page, k + 1)
                    finally:
                        page.close()
                    if pg.undecoded:
                        other.fill(k, pg)
                    out.append(pg)
                except InputError:
                    raise
                except Exception as e:
                    raise InputError(name, f"damaged PDF page {k + 1} ({type(e).__name__})") from None
            if all(p.unreadable for p in out):
                raise InputError(name, "damaged PDF (no page can be read)")
            return out
        finally:
            pdf.close()
            other.close()


def _read_other(other: PdfminerPages, name: str) -> list[PageGlyphs]:
    """A file PDFium refuses, read with pdfminer where it can."""
    try:
        n = other.open()
        if n is None:
            raise InputError(name, f"damaged PDF ({other.error or 'not a readable PDF structure'})")
        check_page_count(n, name)
        out = []
        for k in range(n):
            try:
                out.append(other.page(k))
            except Exception as e:
                raise InputError(name, f"damaged PDF page {k + 1} ({type(e).__name__})") from None
        return out
    finally:
        other.close()


def read(
    data: bytes, name: str, ocr: str = "auto", ocr_jobs: int = 1, ocr_report: list[OcrReport] | None = None
) -> tuple[list[Line], list[Removed], int]:
    """Lines of a PDF. `ocr`: auto (pages without a usable text layer), off or force; an
    `ocr.OcrReport` is appended to `ocr_report` when pages were OCR'd."""
    pages = read_glyphs(data, name)
    if ocr != "off":
        from . import scanned

        scanned.apply(data, name, pages, ocr, ocr_jobs, ocr_report)
    total = sum(p.total for p in pages)
    if total == 0:
        raise InputError(name, "no text layer (scanned or image-only PDF)")
    from .scanned import MAX_UNMAPPED_SHARE  # the share above which a page would be OCR'd

    if sum(p.unmapped for p in pages) / total > MAX_UNMAPPED_SHARE:
        raise InputError(name, "unreadable text layer (fonts without ToUnicode map)")
    lines, removed = layout(pages)
    # pages a page tree counts but PDFium cannot load (a cyclic tree's /Count) are not the document's
    return lines, removed, sum(1 for p in pages if not p.unreadable)


def layout(pages: list[PageGlyphs]) -> tuple[list[Line], list[Removed]]:
    """Pages of glyphs -> lines in reading order and the furniture taken out."""
    prepared: list[tuple[PageGlyphs, list[Piece], set[int], float | None]] = []
    pages = [pg for pg in pages if not pg.unreadable]
    for pg in pages:
        chars, bold_ids = lines_mod.dedupe(pg.glyphs) if pg.needs_dedupe else (pg.glyphs, set())
        pieces = lines_mod.pieces(chars)
        prepared.append((pg, pieces, bold_ids, columns.gutter(pieces, pg.width)))
    found = [g for *_, g in prepared if g is not None]
    doc_gutter = statistics.median(found) if found else None
    laid = [_page_layout(pg, pieces, bold_ids, g, doc_gutter) for pg, pieces, bold_ids, g in prepared]
    from .margins import to_lines  # noqa: PLC0415
    from .tablegrid import mark  # noqa: PLC0415

    lines, removed = to_lines(laid)
    mark(lines, laid)
    return lines, removed


def _inside(seg: Seg, rect: Rule) -> bool:
    return rect.x0 - 1 <= seg.x0 and seg.x1 <= rect.x1 + 1 and rect.top - 1 <= seg.top and seg.bottom <= rect.bottom + 1


def _page_layout(
    pg: PageGlyphs, pieces: list[Piece], bold_ids: set[int], page_gutter: float | None, doc_gutter: float | None
) -> PageLayout:
    columns.assign_columns(pieces, page_gutter, doc_gutter)
    by_col: dict[int | None, list[Piece]] = {0: [], 1: [], None: []}
    for p in pieces:
        by_col[p.column].append(p)
    segs: list[Seg] = []
    for col, ps in by_col.items():
        for row in lines_mod.rows(ps):
            segs.extend(lines_mod.segments(row, pg.number, col))
    boxes = [r for r in pg.rects if (r.x1 - r.x0) < pg.width * 0.95]
    for s in segs:
        lines_mod.text_of(s, bold_ids)
        s.boxed = any(_inside(s, r) and (r.bottom - r.top) > 2 * s.size for r in boxes)
    rules = pg.rules + [r for r in pg.rects if (r.bottom - r.top) < 1.5 and (r.x1 - r.x0) > 20]
    cuts = [r.top for r in rules if (r.x1 - r.x0) >= BAND_RULE_SHARE * pg.width]
    laid = PageLayout(pg.number, pg.width, pg.height, columns.reading_order(segs, cuts), rules)
    found = tablegrid.regions(laid, pg.rects)
    laid.tables = [b for b, _ in found]
    laid.table_rules = [r for _, r in found]
    return laid
