"""Glyphs of a page PDFium cannot decode, read with pdfminer (pdfplumber's engine) instead.

PDFium leaves some glyphs of non-embedded CID fonts (GBK-EUC-H Founder faces in CNKI
downloads) undecoded: their text objects come back empty and zero-wide, and the
character is simply missing from its line. pdfminer decodes those fonts through the
Adobe CMaps it ships, so a page with such objects is read with it; everything after
(normalisation, em boxes on the baseline, layout) is the same.
"""

from __future__ import annotations

import io
import logging
import re

from .glyphs import ASCENT, DESCENT, MIN_GLYPH_SIZE, Glyph, PageGlyphs, face_of
from .normalize import clean_page

_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demi|\.B$|,B$", re.I)


def _name(fontname: object) -> str:
    if isinstance(fontname, bytes):
        try:
            return fontname.decode("utf-8")
        except UnicodeDecodeError:
            return fontname.decode("gb18030", "replace")
    return str(fontname)


class PdfminerPages:
    """Opens the document with pdfminer once, on the first page that needs it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._pdf = None
        self.failed = False
        self.error = ""

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()

    def open(self) -> int | None:
        """Page count, or None when pdfminer cannot open the file either."""
        if self._pdf is None and not self.failed:
            try:
                import pdfplumber

                logging.getLogger("pdfminer").setLevel(logging.ERROR)
                self._pdf = pdfplumber.open(io.BytesIO(self.data))
                return len(self._pdf.pages)
            except Exception as e:
                self.failed = True
                self.error = f"{type(e).__name__}: {e}"[:160]
                return None
        return None if self._pdf is None else len(self._pdf.pages)

    def page(self, index: int) -> PageGlyphs:
        page = self._pdf.pages[index]  # type: ignore[union-attr]
        out = PageGlyphs(number=index + 1, width=float(page.width), height=float(page.height))
        self.read(index, out)
        return out

    def read(self, index: int, into: PageGlyphs) -> bool:
        """Replace `into`'s glyphs by pdfminer's for page `index` (0-based); False if pdfminer cannot."""
        if self.failed:
            return False
        try:
            if self.open() is None:
                return False
            page = self._pdf.pages[index]  # type: ignore[union-attr]
            chars = page.chars
        except Exception:
            self.failed = True
            return False
        x0m, _top, _x1, _bottom = page.mediabox
        y1m = float(page.mediabox[3])
        glyphs = []
        for c in chars:
            size = float(c["size"])
            if size <= MIN_GLYPH_SIZE or not c.get("upright", True):
                continue
            m = c.get("matrix") or (1, 0, 0, 1, c["x0"], y1m - c["bottom"])
            base = y1m - float(m[5])
            name = _name(c["fontname"])
            glyphs.append(Glyph(c["text"], float(c["x0"]) - float(x0m), float(c["x1"]) - float(x0m),
                                base - ASCENT * size, base + DESCENT * size, base, size, face_of(name),
                                bool(_BOLD_NAME.search(name)), False, 0, 0.0))
        into.total = len(glyphs)
        into.needs_dedupe = True
        into.unmapped = sum(1 for g in glyphs if g.text.startswith("(cid:"))
        into.glyphs = [g for g in glyphs if not g.text.startswith("(cid:")]
        clean_page(into)
        return True
