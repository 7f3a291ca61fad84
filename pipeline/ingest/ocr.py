"""OCR for PDF pages without a usable text layer: glyphs, rules and boxes from the page image.

A page is OCR'd when it has no glyphs, or when too many of its glyphs cannot be turned
back into Unicode ((cid:N), fonts without /ToUnicode, private-use or control characters).
The OCR'd page yields the same objects as a text page (`PageObjects`: glyph dicts in
pdfplumber's coordinates, rules, rects), so lines, columns, furniture and structure run
unchanged after it. Engines return line boxes; a line box is split into one box per
character by character widths (CJK full width, Latin about half). The page's skew is
estimated from the slope of its line boxes and taken out of every coordinate, so the
columns and indents of a tilted scan line up as they did in print.
"""

from __future__ import annotations

import functools
import math
import threading
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..errors import InputError
from .pdfchars import PageObjects

# resolution the page is rendered at for recognition (the scans we meet are 150-300 dpi)
OCR_DPI = 200
# a page whose share of unreadable glyphs exceeds this is OCR'd (auto)
MAX_BAD_GLYPH_SHARE = 0.3
# the detector's box is larger than the printed glyphs (unclip margin): glyph height = box height * this
BOX_TO_SIZE = 0.74
# line boxes whose heights are within this share of the page's median height are body lines:
# they share one size, as printed body text does (recognition jitter is not a size change)
BODY_HEIGHT_BAND = 0.15
# sizes are reported in steps of this many points
SIZE_STEP = 0.5
# descent below the baseline, as a share of the glyph height
DESCENT = 0.12
# a rule is at least this long (pt)
MIN_RULE_PT = 28.0
# lines flatter than this many heights per width are used for the skew estimate
SKEW_MIN_ASPECT = 6.0
# the engine's line confidence below which a line is dropped as noise
MIN_LINE_CONF = 0.5

MODES = ("auto", "off", "force")
_PDFIUM_LOCK = threading.Lock()


@dataclass(slots=True)
class OcrLine:
    quad: list[tuple[float, float]]  # four corners in image pixels: top-left, top-right, bottom-right, bottom-left
    text: str
    conf: float


@dataclass
class OcrPage:
    page: int
    reason: str  # no_text_layer | unusable_text_layer | forced
    objects: PageObjects = field(default_factory=PageObjects)
    confidence: float = 0.0
    skew_deg: float = 0.0


@dataclass
class OcrReport:
    engine: str
    version: str
    dpi: int
    pages: list[OcrPage] = field(default_factory=list)

    @property
    def mean_confidence(self) -> float:
        chars = [(len(p.objects.chars), p.confidence) for p in self.pages]
        n = sum(c for c, _ in chars)
        return round(sum(c * conf for c, conf in chars) / n, 4) if n else 0.0


# --- when ---------------------------------------------------------------------


def _bad_char(t: str) -> bool:
    if t.startswith("(cid:"):
        return True
    for ch in t:
        cat = unicodedata.category(ch)
        if cat in ("Co", "Cs", "Cn") or (cat == "Cc" and ch not in "\t\n\r"):
            return True
    return False


def page_reason(objs: PageObjects, mode: str) -> str | None:
    """Why this page is OCR'd, or None to keep its text layer."""
    if mode == "force":
        return "forced"
    if mode == "off":
        return None
    if not objs.chars:
        return "no_text_layer"
    bad = sum(1 for c in objs.chars if _bad_char(c["text"])) + objs.unmapped
    if bad / len(objs.chars) > MAX_BAD_GLYPH_SHARE:
        return "unusable_text_layer"
    return None


# --- engines ------------------------------------------------------------------


class Engine:
    name = ""
    version = ""

    def recognize(self, image) -> list[OcrLine]:  # type: ignore[no-untyped-def]
        raise NotImplementedError


class RapidEngine(Engine):
    """RapidOCR (PP-OCRv4 Chinese detection and recognition, ONNX models shipped in the wheel)."""

    name = "rapidocr-onnxruntime"

    def __init__(self) -> None:
        from importlib.metadata import version

        self.version = version("rapidocr-onnxruntime")
        self._local = threading.local()

    def _engine(self):  # type: ignore[no-untyped-def]
        eng = getattr(self._local, "engine", None)
        if eng is None:
            import logging

            from rapidocr_onnxruntime import RapidOCR

            # one session per thread, one core each: pages run in parallel, not ops
            eng = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, max_side_len=4000)
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
            self._local.engine = eng
        return eng

    def recognize(self, image) -> list[OcrLine]:  # type: ignore[no-untyped-def]
        import numpy as np

        res, _ = self._engine()(np.asarray(image.convert("RGB")))
        out = []
        for quad, text, conf in res or []:
            out.append(OcrLine([(float(x), float(y)) for x, y in quad], text, float(conf)))
        return out


class TesseractEngine(Engine):
    """Tesseract 5 with chi_sim+eng (Debian packages); word boxes grouped into lines."""

    name = "tesseract"

    def __init__(self) -> None:
        import shutil
        import subprocess

        exe = shutil.which("tesseract")
        if exe is None:
            raise RuntimeError("tesseract not installed")
        self.exe = exe
        first = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.splitlines()
        self.version = first[0].split()[-1] if first else "unknown"

    def recognize(self, image) -> list[OcrLine]:  # type: ignore[no-untyped-def]
        import io
        import subprocess

        buf = io.BytesIO()
        image.save(buf, "PNG")
        tsv = subprocess.run([self.exe, "stdin", "stdout", "-l", "chi_sim+eng", "--psm", "3", "tsv"],
                             input=buf.getvalue(), capture_output=True, env={"OMP_THREAD_LIMIT": "1"}).stdout
        out = []
        for row in tsv.decode("utf-8", "replace").splitlines()[1:]:
            f = row.split("\t")
            if len(f) < 12 or f[0] != "5" or not f[11].strip():
                continue
            x, y, w, h, conf = int(f[6]), int(f[7]), int(f[8]), int(f[9]), float(f[10])
            # each word is its own run: the layout code puts spaces where the gaps are
            out.append(OcrLine([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], f[11].strip(), conf / 100))
        return out


ENGINES: dict[str, Callable[[], Engine]] = {"rapidocr": RapidEngine, "tesseract": TesseractEngine}
DEFAULT_ENGINE = "rapidocr"


@functools.lru_cache(maxsize=4)
def engine(name: str = DEFAULT_ENGINE) -> Engine:
    try:
        return ENGINES[name]()
    except ImportError as e:
        raise RuntimeError(f"OCR engine {name} is not installed ({e})") from None


# --- from line boxes to glyphs ----------------------------------------------


def char_width(ch: str) -> float:
    """Advance of a character in ems: CJK and full-width forms 1, Latin about half."""
    if unicodedata.east_asian_width(ch) in ("F", "W"):
        return 1.0
    if ch == " ":
        return 0.28
    if ch in "iljtfrI.,:;'!|`":
        return 0.3
    if ch in "()[]{}-/\\\"":
        return 0.36
    if ch in "mwMW%@":
        return 0.85
    if ch.isupper():
        return 0.66
    return 0.52


def skew_angle(lines: Sequence[OcrLine]) -> float:
    """The page's tilt (radians, image y down): median slope of its long, flat line boxes."""
    slopes = []
    for ln in lines:
        (x0, y0), (x1, y1), _, (_, y3) = ln.quad
        w, h = x1 - x0, abs(y3 - y0)
        if w > SKEW_MIN_ASPECT * max(h, 1.0):
            slopes.append(math.atan2(y1 - y0, w))
    if not slopes:
        return 0.0
    slopes.sort()
    return slopes[len(slopes) // 2]


def _rotate(points, angle: float, cx: float, cy: float):  # type: ignore[no-untyped-def]
    c, s = math.cos(-angle), math.sin(-angle)
    return [(cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c) for x, y in points]


def glyphs_of(lines: Sequence[OcrLine], img_w: int, img_h: int, dpi: int) -> tuple[list[dict], float, float]:
    """Glyph dicts (pdfplumber convention, points) for recognised lines; also (skew, mean confidence)."""
    angle = skew_angle(lines)
    k = 72.0 / dpi
    cx, cy = img_w / 2, img_h / 2
    boxes = []
    for ln in lines:
        text = ln.text.strip()
        if not text or ln.conf < MIN_LINE_CONF:
            continue
        pts = _rotate(ln.quad, angle, cx, cy)
        xs, ys = [p[0] * k for p in pts], [p[1] * k for p in pts]
        boxes.append((min(xs), min(ys), max(xs), max(ys), text, ln.conf))
    if not boxes:
        return [], angle, 0.0
    heights = sorted(b[3] - b[1] for b in boxes)
    median_h = heights[len(heights) // 2]
    out: list[dict] = []
    conf_sum = 0.0
    for x0, top, x1, bottom, text, conf in boxes:
        h = bottom - top
        if abs(h - median_h) <= BODY_HEIGHT_BAND * median_h:
            h_glyph = median_h * BOX_TO_SIZE
        else:
            h_glyph = h * BOX_TO_SIZE
        size = max(SIZE_STEP, round(h_glyph / SIZE_STEP) * SIZE_STEP)
        # the glyphs sit centred in the detector's box, which is padded on every side
        pad = (h - h_glyph) / 2
        gx0, gx1 = x0 + pad, max(x0 + pad + 0.1, x1 - pad)
        gtop = top + (h - h_glyph) / 2
        gbottom = gtop + h_glyph
        widths = [char_width(ch) for ch in text]
        unit = (gx1 - gx0) / (sum(widths) or 1.0)
        x = gx0
        for ch, w in zip(text, widths):
            nx = x + w * unit
            out.append({"text": ch, "fontname": "OCR", "size": size, "x0": x, "x1": nx, "top": gtop,
                        "bottom": gbottom, "upright": True, "baseline": gbottom - DESCENT * h_glyph,
                        "ocr_conf": round(conf, 4)})
            x = nx
        conf_sum += conf * len(text)
    n = len(out)
    return out, angle, conf_sum / n if n else 0.0


def rules_of(image, angle: float, dpi: int) -> tuple[list[dict], list[dict]]:
    """Printed rules (horizontal and vertical) and framed boxes, found as long strokes in the image."""
    import cv2
    import numpy as np

    a = np.asarray(image.convert("L"))
    ink = (a < 128).astype(np.uint8)
    n = max(3, int(MIN_RULE_PT * dpi / 72))
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, n), np.uint8))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8))
    mask = horiz | vert
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    k = 72.0 / dpi
    h, w = a.shape
    cx, cy = w / 2, h / 2
    c, s = math.cos(-angle), math.sin(-angle)
    rules: list[dict] = []
    rects: list[dict] = []
    for i in range(1, count):
        x, y, bw, bh, area = stats[i]
        if area < n:
            continue
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == i)
        xs = xs + x - cx
        ys = ys + y - cy
        rx = (cx + xs * c - ys * s) * k
        ry = (cy + xs * s + ys * c) * k
        box = {"x0": float(rx.min()), "x1": float(rx.max()), "top": float(ry.min()), "bottom": float(ry.max())}
        bw_pt, bh_pt = box["x1"] - box["x0"], box["bottom"] - box["top"]
        if bh_pt < 3.0 and bw_pt >= MIN_RULE_PT:
            mid = (box["top"] + box["bottom"]) / 2
            rules.append({**box, "top": mid, "bottom": mid})
        elif bw_pt < 3.0 and bh_pt >= MIN_RULE_PT:
            mid = (box["x0"] + box["x1"]) / 2
            rules.append({**box, "x0": mid, "x1": mid})
        elif bw_pt >= MIN_RULE_PT and bh_pt >= MIN_RULE_PT:
            rects.append(box)
    return rules, rects


# --- pages --------------------------------------------------------------------


def render_page(data: bytes, index: int, dpi: int = OCR_DPI):  # type: ignore[no-untyped-def]
    """Page `index` (0-based) as a grey PIL image at `dpi`."""
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:  # pdfium is not thread-safe, not even across documents
        return _render(pdfium, data, index, dpi)


def _render(pdfium, data: bytes, index: int, dpi: int):  # type: ignore[no-untyped-def]
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[index]
        try:
            return page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        doc.close()


def ocr_page(data: bytes, pno: int, reason: str, eng: Engine, dpi: int = OCR_DPI) -> OcrPage:
    image = render_page(data, pno - 1, dpi)
    lines = eng.recognize(image)
    chars, angle, conf = glyphs_of(lines, image.width, image.height, dpi)
    rules, rects = rules_of(image, angle, dpi)
    # rules drawn as lines, boxes as rects: the shapes pdfchars reports for a text page
    objs = PageObjects(chars=chars, rects=rects, lines=rules)
    return OcrPage(pno, reason, objs, round(conf, 4), round(math.degrees(angle), 3))


def page_objects_with_ocr(data: bytes, name: str, n_pages: int, read_layer: Callable[[int], PageObjects],
                          mode: str = "auto", jobs: int = 1,
                          report: list[OcrReport] | None = None) -> list[PageObjects]:
    """The hook of the PDF reader: each page's objects, from its text layer or, when it needs it, by OCR.

    `read_layer(pno)` reads the text layer of page `pno` (1-based). Pages to OCR run in
    `jobs` threads (the engine releases the interpreter while it computes). An `OcrReport`
    is appended to `report` when any page was OCR'd.
    """
    if mode not in MODES:
        raise ValueError(f"ocr mode {mode!r} (one of {', '.join(MODES)})")
    layers: list[PageObjects] = []
    todo: list[tuple[int, str]] = []
    for pno in range(1, n_pages + 1):
        objs = read_layer(pno) if mode != "force" else PageObjects()
        layers.append(objs)
        reason = page_reason(objs, mode)
        if reason:
            todo.append((pno, reason))
    if not todo:
        return layers
    try:
        eng = engine()
    except RuntimeError as e:
        raise InputError(name, f"page needs OCR, but {e}") from None
    from ..budget import extend

    extend(len(todo))
    dpi = OCR_DPI
    if jobs > 1 and len(todo) > 1:
        with ThreadPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            done = list(pool.map(lambda t: ocr_page(data, t[0], t[1], eng, dpi), todo))
    else:
        done = [ocr_page(data, pno, reason, eng, dpi) for pno, reason in todo]
    for p in done:
        layers[p.page - 1] = p.objects
    if report is not None:
        report.append(OcrReport(eng.name, eng.version, dpi, done))
    return layers
