"""Glyphs PDFium cannot decode, read with pdfminer (pdfplumber's engine); files PDFium refuses.

PDFium leaves some glyphs of non-embedded CID fonts (GBK-EUC-H Founder faces in CNKI
downloads) undecoded: their text objects come back empty and zero-wide, and the
character is simply missing from its line. pdfminer decodes those fonts through the
Adobe CMaps it ships, so on such a page each missing glyph takes its text and width from
the pdfminer glyph drawn at the same origin, and keeps PDFium's face, size and weight.
A file PDFium refuses is read with pdfminer alone.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

from .glyphs import ASCENT, DESCENT, MIN_GLYPH_SIZE, Glyph, PageGlyphs, bold_name, face_of
from .normalize import clean_page

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF


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
        self._pdf: PDF | None = None
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
                pdf = pdfplumber.open(io.BytesIO(self.data))
                self._pdf = pdf
                return len(pdf.pages)
            except Exception as e:
                self.failed = True
                self.error = f"{type(e).__name__}: {e}"[:160]
                return None
        return None if self._pdf is None else len(self._pdf.pages)

    def _opened(self) -> PDF:
        assert self._pdf is not None, "open() first"
        return self._pdf

    def page(self, index: int) -> PageGlyphs:
        page = self._opened().pages[index]
        out = PageGlyphs(number=index + 1, width=float(page.width), height=float(page.height))
        self.read(index, out)
        return out

    def fill(self, index: int, into: PageGlyphs) -> int:
        """Add to `into` the glyphs PDFium left undecoded, from pdfminer's page `index`; how many."""
        if self.open() is None:
            return 0
        try:
            page = self._opened().pages[index]
            chars = page.chars
        except Exception:
            return 0
        y1m = float(page.mediabox[3])
        x0m = float(page.mediabox[0])
        at: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for c in chars:
            m = c.get("matrix")
            if m:
                at.setdefault((round(float(m[4]) - x0m), round(y1m - float(m[5]))), []).append(c)
        added = []
        for x, base, size, face, bold, italic, gray in into.undecoded:
            hit = None
            for dx in (0, -1, 1):
                for dy in (0, -1, 1):
                    for c in at.get((round(x) + dx, round(base) + dy), ()):
                        m = c["matrix"]
                        if abs(float(m[4]) - x0m - x) < 0.6 and abs(y1m - float(m[5]) - base) < 0.6:
                            hit = c
            if hit is None or hit["text"].startswith("(cid:"):
                continue
            x0 = float(hit["x0"]) - x0m
            added.append(
                Glyph(
                    hit["text"],
                    x0,
                    x0 + float(hit["x1"]) - float(hit["x0"]),
                    base - ASCENT * size,
                    base + DESCENT * size,
                    base,
                    size,
                    face,
                    bold,
                    italic,
                    0,
                    gray,
                )
            )
        if added:
            into.glyphs.extend(added)
            into.total += len(added)
        return len(added)

    def read(self, index: int, into: PageGlyphs) -> bool:
        """Replace `into`'s glyphs by pdfminer's for page `index` (0-based); False if pdfminer cannot."""
        if self.failed:
            return False
        try:
            if self.open() is None:
                return False
            page = self._opened().pages[index]
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
            glyphs.append(
                Glyph(
                    c["text"],
                    float(c["x0"]) - float(x0m),
                    float(c["x1"]) - float(x0m),
                    base - ASCENT * size,
                    base + DESCENT * size,
                    base,
                    size,
                    face_of(name),
                    bool(bold_name().search(name)),
                    False,
                    0,
                    0.0,
                )
            )
        into.total = len(glyphs)
        into.needs_dedupe = True
        into.unmapped = sum(1 for g in glyphs if g.text.startswith("(cid:"))
        into.glyphs = [g for g in glyphs if not g.text.startswith("(cid:")]
        clean_page(into)
        return True
