"""Opening a PDF with PDFium: one clear error for every file a reader cannot use.

PDFium repairs what poppler repairs (a `startxref` on one line, a broken or missing xref
table, odd line endings) and opens files encrypted with an empty user password on its
own; what it refuses is reported by kind. A file that opens with no pages is an error,
never an empty document.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ...errors import InputError

MAX_PAGES = 2000

# PDFium is not thread-safe; a process reads one document at a time through it
LOCK = threading.RLock()

_REASONS = {
    raw.FPDF_ERR_PASSWORD: "encrypted PDF (password protected)",
    raw.FPDF_ERR_SECURITY: "encrypted PDF (unsupported security handler)",
    raw.FPDF_ERR_FORMAT: "damaged PDF (not a readable PDF structure)",
    raw.FPDF_ERR_FILE: "damaged PDF (cannot be read)",
    raw.FPDF_ERR_PAGE: "damaged PDF (page tree unreadable)",
}


def open_pdf(data: bytes, name: str) -> pdfium.PdfDocument | None:
    """The document; None when PDFium refuses a file that may still be readable another way
    (it reports an empty page tree as a password error); an InputError when it is not."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD and b"/Encrypt" not in data:
            return None
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise InputError(name, _REASONS[code]) from None
        return None
    except Exception:  # anything else PDFium's binding raises on a hostile file
        return None
    n = len(pdf)
    if n == 0:  # a page tree PDFium cannot walk; pdfminer may still find pages
        pdf.close()
        return None
    if n > MAX_PAGES:
        pdf.close()
        raise InputError(name, f"exceeded limit: {n} pages (at most {MAX_PAGES})")
    return pdf


def check_page_count(n: int, name: str) -> None:
    if n == 0:
        raise InputError(name, "PDF has no pages")
    if n > MAX_PAGES:
        raise InputError(name, f"exceeded limit: {n} pages (at most {MAX_PAGES})")
