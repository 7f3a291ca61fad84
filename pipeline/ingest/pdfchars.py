"""Characters, rules and boxes of a pdfplumber page, read straight from pdfminer's interpreter.

pdfplumber's `page.chars` turns every glyph into a dict of some twenty attributes
(colours, matrices, resolved operands); the structure stages need seven. This reads the
same interpreter output (pdfplumber's own engine, pdfminer's `PDFLayoutAnalyzer`) into
slim dicts with pdfplumber's coordinate conventions (`top`/`bottom` from the page top),
which roughly halves the time spent after content-stream parsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTLine, LTPage, LTRect
from pdfminer.pdfinterp import PDFPageInterpreter


@dataclass
class PageObjects:
    chars: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    # glyphs whose font has no way back to Unicode (no /ToUnicode, no standard encoding)
    unmapped: int = 0


STANDARD_ENCODINGS = {"WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding", "MacExpertEncoding"}


class _Collector(PDFLayoutAnalyzer):
    """Keeps the layout items of one page as they are produced; no layout analysis."""

    def __init__(self, rsrcmgr, pageno: int, top: float, height: float) -> None:  # type: ignore[no-untyped-def]
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        self.out = PageObjects()
        self.page_top = top
        self.page_height = height

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # type: ignore[no-untyped-def]
        if _unmapped(font):
            self.out.unmapped += 1
        return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)

    def receive_layout(self, ltpage: LTPage) -> None:
        self._walk(ltpage)

    def _walk(self, item) -> None:  # type: ignore[no-untyped-def]
        h = self.page_top + self.page_height
        for obj in item:
            if isinstance(obj, LTChar):
                self.out.chars.append({
                    "text": obj.get_text(), "fontname": obj.fontname, "size": obj.size,
                    "x0": obj.x0, "x1": obj.x1, "top": h - obj.y1, "bottom": h - obj.y0,
                    "upright": obj.upright,
                })
            elif isinstance(obj, LTRect):
                self.out.rects.append({"x0": obj.x0, "x1": obj.x1, "top": h - obj.y1, "bottom": h - obj.y0})
            elif isinstance(obj, LTLine):
                self.out.lines.append({"x0": obj.x0, "x1": obj.x1, "top": h - obj.y1, "bottom": h - obj.y0})
            elif isinstance(obj, LTFigure):
                self._walk(obj)
            elif isinstance(obj, LTCurve):
                continue


def _unmapped(font) -> bool:  # type: ignore[no-untyped-def]
    """A TrueType font without /ToUnicode and without a standard encoding: its text is guesswork."""
    from pdfminer.pdffont import PDFTrueTypeFont
    from pdfminer.psparser import PSLiteral

    if not isinstance(font, PDFTrueTypeFont) or getattr(font, "unicode_map", None) is not None:
        return False
    enc = font.spec.get("Encoding") if hasattr(font, "spec") else None
    if isinstance(enc, PSLiteral):
        return enc.name not in STANDARD_ENCODINGS
    if isinstance(enc, dict):
        base = enc.get("BaseEncoding")
        return not (isinstance(base, PSLiteral) and base.name in STANDARD_ENCODINGS)
    return True


def page_objects(pdf, page) -> PageObjects:  # type: ignore[no-untyped-def]
    """Chars, rects and horizontal/vertical lines of `page` (a pdfplumber Page of `pdf`)."""
    x0, top, x1, bottom = page.mediabox if hasattr(page, "mediabox") else page.bbox
    collector = _Collector(pdf.rsrcmgr, page.page_number, 0.0, float(page.height))
    interpreter = PDFPageInterpreter(pdf.rsrcmgr, collector)
    interpreter.process_page(page.page_obj)
    out = collector.out
    # pdfminer reports in the page's user space; pdfplumber shifts by the mediabox origin
    if x0 or top:
        for group in (out.chars, out.rects, out.lines):
            for o in group:
                o["x0"] -= x0
                o["x1"] -= x0
    return out
