"""The per-document time budget, as the batch arms it: a stage with known heavy work may extend it.

The batch arms a SIGALRM timer per document (`batch.process_one`). OCR takes seconds per
page, so a 40-page scan would outrun a budget sized for text PDFs: the OCR stage adds
`OCR_SECONDS_PER_PAGE` for each page it is about to recognise.
"""

from __future__ import annotations

import signal
import threading

# seconds of budget added per OCR'd page: about 10 s a page on one idle core, several times that on a busy machine (README)
OCR_SECONDS_PER_PAGE = 60.0


_reporter = None


def set_reporter(fn) -> None:  # type: ignore[no-untyped-def]
    """In a child that a parent times (batch._isolated): extensions go to the parent through `fn(seconds)`."""
    global _reporter
    _reporter = fn


def extend(pages: int, per_page: float = OCR_SECONDS_PER_PAGE) -> None:
    """Add `pages * per_page` seconds to a running per-document timer; no timer, no change."""
    if _reporter is not None:
        _reporter(pages * per_page)
        return
    if threading.current_thread() is not threading.main_thread():
        return
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if remaining > 0:
        signal.setitimer(signal.ITIMER_REAL, remaining + pages * per_page)
