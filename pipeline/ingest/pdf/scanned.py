"""Pages whose text layer a reader cannot use, read by OCR (`ingest/ocr.py`) into the same glyphs.

A page is OCR'd (`--ocr auto`) when it has no glyphs or when more than a share of them have
no way back to Unicode (private-use or replacement characters, fonts without ToUnicode);
`force` OCRs every page, `off` none. The OCR'd page's glyph dicts become `Glyph` records
standing on their measured baseline, so lines, columns, furniture and everything after
run unchanged.
"""

from __future__ import annotations

from .. import ocr
from ..ocr import OcrReport
from .glyphs import Glyph, PageGlyphs, Rule, face_of

# a page whose share of glyphs without usable Unicode exceeds this is OCR'd (auto)
MAX_UNMAPPED_SHARE = ocr.MAX_BAD_GLYPH_SHARE


def reason(pg: PageGlyphs, mode: str) -> str | None:
    """Why page `pg` is OCR'd, or None to keep its text layer."""
    if mode == "force":
        return "forced"
    if mode == "off":
        return None
    if pg.total == 0:
        return "no_text_layer"
    if pg.unmapped / pg.total > MAX_UNMAPPED_SHARE:
        return "unusable_text_layer"
    return None


def apply(
    data: bytes, name: str, pages: list[PageGlyphs], mode: str, jobs: int = 1, report: list[OcrReport] | None = None
) -> None:
    """Replace, in place, the pages that need OCR by their OCR'd glyphs, rules and boxes."""
    if mode not in ocr.MODES:
        raise ValueError(f"ocr mode {mode!r} (one of {', '.join(ocr.MODES)})")
    todo = [(pg.number, why) for pg in pages if not pg.unreadable and (why := reason(pg, mode))]
    by_number = {pg.number: pg for pg in pages}
    for done in ocr.ocr_pages(data, name, todo, jobs, report):
        pg = by_number[done.page]
        by_number[done.page] = _page_of(done.objects, pg)
    pages[:] = [by_number[pg.number] for pg in pages]


def _page_of(objs: ocr.PageObjects, old: PageGlyphs) -> PageGlyphs:
    out = PageGlyphs(number=old.number, width=old.width, height=old.height, images=old.images)
    for c in objs.chars:
        base = float(c["baseline"] if "baseline" in c else c["bottom"])
        out.glyphs.append(
            Glyph(
                c["text"],
                float(c["x0"]),
                float(c["x1"]),
                float(c["top"]),
                float(c["bottom"]),
                base,
                float(c["size"]),
                face_of(str(c["fontname"])),
            )
        )
    out.total = len(out.glyphs)
    for r in objs.lines:
        if abs(r["bottom"] - r["top"]) < 1.5:  # vertical rules are of no use to the layout
            out.rules.append(Rule(r["x0"], r["x1"], r["top"], r["bottom"]))
    out.rects = [Rule(r["x0"], r["x1"], r["top"], r["bottom"]) for r in objs.rects]
    out.ocr = True
    return out
