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
from typing import Any

from ..errors import InputError
from . import ocr_gaps, ocr_marks
from .ocr_lookalikes import undo_lookalikes
from .ocr_text import blank_under, inkless_marks, minus_signs, opening_dot, plus_minus, speck_indices, undo_confusions

# a glyph, rule or box as pdfplumber reports them (text, fontname, size, x0, x1, top, bottom, ...)
Glyph = dict[str, Any]


@dataclass
class PageObjects:
    """An OCR'd page as glyph dicts (pdfplumber's conventions, points from the page top), rules and boxes."""

    chars: list[Glyph] = field(default_factory=list)
    rects: list[Glyph] = field(default_factory=list)
    lines: list[Glyph] = field(default_factory=list)
    # glyphs whose font has no way back to Unicode
    unmapped: int = 0


# resolution the page is rendered at for recognition (the scans we meet are 150-300 dpi)
OCR_DPI = 200
# a page whose share of unreadable glyphs exceeds this is OCR'd (auto)
MAX_BAD_GLYPH_SHARE = 0.3
# grey level below which a pixel is ink
INK_LEVEL = 128
# and where raised citation markers are looked for: their thin strokes, set small, print lighter
# (at INK_LEVEL a "[6]" can be gone from the mask while the engine still reads it in a crop)
MARK_INK_LEVEL = 160
# rows with at least this share of the densest row's ink make a line's glyph band
INK_ROW_SHARE = 0.25
INK_TO_EM = ocr_gaps.INK_TO_EM  # height of the glyph band of CJK text, in ems
# stroke widths (`_stroke`) against the page's body: a line whose characters' median is this
# much wider than the body's characters of their script is in a heavy (heading) face; without
# character boxes, a line whose own stroke is HEAVY_STROKE times the body lines'
HEAVY_LINE = 1.22
HEAVY_STROKE = 1.3
# a run-in heading in a heavy face has at least this many Chinese characters, their median
# stroke above HEAVY_LEAD and none below LEAD_MIN_STROKE; the text after it has a median
# below LIGHT_STROKE, and its first LEAD_NEAR characters below LIGHT_NEAR
MIN_LEAD_CHARS = 2
HEAVY_LEAD = 1.3
LEAD_MIN_STROKE = 1.2
LIGHT_STROKE = 1.08
LEAD_NEAR = 4
LIGHT_NEAR = 1.15
# after a lead set off by a wide gap (stronger evidence) the text's median is below this
LIGHT_AFTER_GAP = 1.2
# a run-in heading ends at a gap this many ems wide within its line's first characters (as
# ingest/pdf/lines.py reads a text layer's leads); ink narrower than SPECK_EM inside it is dirt
LEAD_GAP_EM = 0.9
LEAD_WITHIN = 24
SPECK_EM = 0.15
# a gap this many ems wide between two characters the engine read without a space is kept
WIDE_GAP_EM = 0.8
# an ink gap this many ems wide inside a Latin run the engine read without a space is a word space
WORD_GAP = 0.16
# an ink gap this many ems wide between a Latin letter or digit and a Chinese character is a space
MIXED_GAP = 0.25
# an ink gap this many ems wide between two Latin characters stays a space (a word space with
# the letters' side bearings; the gaps inside a word, "R" before "A" say, stay below it)
LATIN_GAP = 0.3
NO_SPACE_AFTER = frozenset("([{-/.~")
NO_SPACE_BEFORE = frozenset(".,;:!?%)]}-/~")
# a line the engine read with less confidence than this is read again from its own crop,
# padded by this share of its height
REREAD_CONF = 0.8
REREAD_PAD = 0.15
# a blank this many ems wide between two characters of a detected line parts it in two lines,
# when both keep this many characters (a gutter or a table's column gap, not a letter space)
SPLIT_GAP_EM = 1.2
SPLIT_MIN_CHARS = 2
# and is this many times the median of the line's word spaces
SPLIT_OVER_SPACES = 2.0
# the detector's box height in ems, when a page has no Chinese line to measure it on
BOX_TO_EM_DEFAULT = 0.75
# glyph bands within this share of the page's median height are body lines:
# they share one size, as printed body text does (recognition jitter is not a size change)
BODY_HEIGHT_BAND = 0.1
LATIN_HEIGHT_BAND = 0.2
# the dense rows of capitals and digits, as a share of a Chinese glyph band of their size
# (cap height ~0.7 em against ~0.86 em); a line is set in capitals when this share of its
# letters and digits are
CAP_TO_CJK_BAND = 0.8
CAPITALS_SHARE = 0.8
# a line with this many Chinese characters has its glyph band measured in the image
MIN_CJK_FOR_BAND = 3
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
# a dot's box less this share each side is where its ink must be (`ocr_text.blank_under`)
DOT_BOX_MARGIN = 0.2
# a detector box tilted this many degrees off the page's skew is measured across its own slope
BOX_TILT_DEG = 2.0

MODES = ("auto", "off", "force")
_PDFIUM_LOCK = threading.Lock()


@dataclass(slots=True)
class OcrLine:
    quad: list[tuple[float, float]]  # four corners in image pixels: top-left, top-right, bottom-right, bottom-left
    text: str
    conf: float
    # one quad per character of `text`, when the engine gives them
    chars: list[list[tuple[float, float]]] | None = None


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

    def recognize(self, image: Any) -> list[OcrLine]:
        raise NotImplementedError

    def read(self, crop: Any) -> tuple[str, float]:
        """Recognise a small grey crop as one line of text (no detection); empty when the engine cannot."""
        return "", 0.0


class RapidEngine(Engine):
    """RapidOCR (PP-OCRv4 Chinese detection and recognition, ONNX models shipped in the wheel)."""

    name = "rapidocr-onnxruntime"

    def __init__(self) -> None:
        from importlib.metadata import version

        self.version = version("rapidocr-onnxruntime")
        self._local = threading.local()

    def _engine(self) -> Any:
        eng = getattr(self._local, "engine", None)
        if eng is None:
            import logging

            from rapidocr_onnxruntime import RapidOCR

            # one session per thread, one core each: pages run in parallel, not ops
            eng = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
            self._local.engine = eng
        return eng

    def recognize(self, image: Any) -> list[OcrLine]:
        import numpy as np

        res, _ = self._engine()(np.asarray(image.convert("RGB")), return_word_box=True)
        out = []
        for quad, text, conf, *rest in res or []:
            boxes = rest[0] if rest else None
            chars = [[(float(x), float(y)) for x, y in b] for b in boxes] if boxes and len(boxes) == len(text) else None
            out.append(OcrLine([(float(x), float(y)) for x, y in quad], text, float(conf), chars))
        return out

    def read(self, crop: Any) -> tuple[str, float]:
        import cv2

        res, _ = self._engine().text_rec([cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)], False)
        return (str(res[0][0]), float(res[0][1])) if res else ("", 0.0)


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

    def recognize(self, image: Any) -> list[OcrLine]:
        import io
        import subprocess

        buf = io.BytesIO()
        image.save(buf, "PNG")
        tsv = subprocess.run(
            [self.exe, "stdin", "stdout", "-l", "chi_sim+eng", "--psm", "3", "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            env={"OMP_THREAD_LIMIT": "1"},
        ).stdout
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


def engine(name: str | None = None) -> Engine:
    """The OCR engine: `name`, else $REVIEWX_OCR_ENGINE, else RapidOCR."""
    import os

    return _load_engine(name or os.environ.get("REVIEWX_OCR_ENGINE") or DEFAULT_ENGINE)


@functools.lru_cache(maxsize=4)
def _load_engine(name: str) -> Engine:
    if name not in ENGINES:
        raise RuntimeError(f"unknown OCR engine {name!r} (one of {', '.join(ENGINES)})")
    try:
        return ENGINES[name]()
    except (ImportError, RuntimeError) as e:
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
    if ch in '()[]{}-/\\"':
        return 0.36
    if ch in "mwMW%@":
        return 0.85
    if ch.isupper():
        return 0.66
    return 0.52


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


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


def _rotate(points: Sequence[tuple[float, float]], angle: float, cx: float, cy: float) -> list[tuple[float, float]]:
    c, s = math.cos(-angle), math.sin(-angle)
    return [(cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c) for x, y in points]


@dataclass(slots=True)
class LineInk:
    """What the image says about a recognised line: its glyph band and its stroke weight."""

    x0: float
    x1: float
    top: float  # glyph band in deskewed image pixels
    bottom: float
    stroke: float  # stroke width of the line's ink (px, `_stroke`): a heavy face has thicker strokes
    box_top: float = 0.0  # the detector's box, deskewed
    box_bottom: float = 0.0
    char_x: list[tuple[float, float]] | None = None  # per character, from the engine's character boxes
    char_stroke: list[float] | None = None
    char_band: list[tuple[float, float] | None] | None = None  # a raised marker's own band, per character
    gaps: list[tuple[float, float]] = field(default_factory=list)  # runs of columns without ink (x0, x1)


def measure(line: OcrLine, ink: Any, angle: float, cx: float, cy: float) -> LineInk:
    """The line's glyph band (rows dense with ink, so brackets and descenders do not stretch it)
    and its stroke weight, read from the deskewed ink mask."""
    import numpy as np

    pts = _rotate(line.quad, angle, cx, cy)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    box_top, box_bottom = _box_band(line.quad, angle, top, bottom)
    h, w = ink.shape
    crop = ink[max(0, int(top)) : min(h, int(math.ceil(bottom))), max(0, int(x0)) : min(w, int(math.ceil(x1)))]
    if crop.size == 0 or not crop.any():
        return LineInk(x0, x1, top, bottom, 0.0, box_top, box_bottom)
    # of the whole line's dense rows and those under its Chinese characters, the taller band:
    # Latin letters beside the characters narrow the one, flat characters ("一") the other
    dense = max(
        (_dense_rows(c) for c in (crop, _hanzi_columns(line, crop, angle, cx, cy, max(0, int(x0))))),
        key=lambda d: d[-1] - d[0] if len(d) else -1,
    )
    row0 = int(max(0, top))
    band_top, band_bottom = row0 + dense[0], row0 + dense[-1] + 1
    cols = np.nonzero(crop.any(axis=0))[0]
    stroke = _stroke(crop)
    left = int(max(0, x0))
    out = LineInk(left + cols[0], left + cols[-1] + 1, float(band_top), float(band_bottom), stroke, box_top, box_bottom)
    out.gaps = _blank_runs(crop.any(axis=0), left)
    if line.chars:
        out.char_x, out.char_stroke = [], []
        band = ink[int(band_top) : int(band_bottom)]
        for q in line.chars:
            cxs = [p[0] for p in _rotate(q, angle, cx, cy)]
            a, b = min(cxs), max(cxs)
            out.char_x.append((a, b))
            out.char_stroke.append(_stroke(band[:, max(0, int(a)) : min(w, int(math.ceil(b)))]))
    return out


def _box_band(quad: Sequence[tuple[float, float]], angle: float, top: float, bottom: float) -> tuple[float, float]:
    """The detector box's top and bottom (deskewed): its extent, or, for a box the detector drew
    tilted off the page's skew (a short line, "用。"), its height across its own slope about its
    centre; the extent of a tilted box is stretched by its width and would size the line too large."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    if abs(math.degrees(math.atan2(y1 - y0, x1 - x0) - angle)) <= BOX_TILT_DEG:
        return top, bottom
    half = (math.dist((x0, y0), (x3, y3)) + math.dist((x1, y1), (x2, y2))) / 4
    mid = (top + bottom) / 2
    return mid - half, mid + half


def _dense_rows(crop: Any) -> Any:
    import numpy as np

    rows = crop.sum(axis=1)
    return np.nonzero(rows >= INK_ROW_SHARE * rows.max())[0] if rows.any() else np.zeros(0, dtype=int)


def _hanzi_columns(line: OcrLine, crop: Any, angle: float, cx: float, cy: float, left: int) -> Any:
    """The crop's columns under the line's Chinese characters, when the engine boxed each
    character and the line has some: their rows make the glyph band, which Latin letters and
    digits beside them (shorter, and denser in their middle rows) would otherwise narrow."""
    if not line.chars or len(line.chars) != len(line.text) or _cjk_count(line.text) < MIN_CJK_FOR_BAND:
        return crop
    import numpy as np

    keep = np.zeros(crop.shape[1], dtype=bool)
    for ch, q in zip(line.text, line.chars):
        if "\u4e00" <= ch <= "\u9fff":
            xs = [p[0] for p in _rotate(q, angle, cx, cy)]
            keep[max(0, int(min(xs)) - left) : max(0, int(math.ceil(max(xs))) - left)] = True
    return crop[:, keep] if keep.any() else crop


def _stroke(cell: Any) -> float:
    """Stroke width of the ink in `cell` (px): its area over half its outline, the outline
    counted as the runs of ink along rows and along columns. A stroke of width w and length L
    gives wL / (w + L) ~ w whichever way it runs, so a character's long horizontals ("一", "二")
    weigh no more than its verticals, as a mean run along rows alone would make them."""
    import numpy as np

    if cell.size == 0:
        return 0.0
    c = cell.astype(np.int8)
    runs = (
        np.count_nonzero(np.diff(c, axis=1) == 1)
        + np.count_nonzero(c[:, 0])
        + np.count_nonzero(np.diff(c, axis=0) == 1)
        + np.count_nonzero(c[0, :])
    )
    return float(c.sum()) / int(runs) if runs else 0.0


def reread_weak(lines: Sequence[OcrLine], image: Any, eng: Engine) -> list[OcrLine]:
    """Lines read with a confidence below `REREAD_CONF` are read again from a crop of their box
    alone (the detector's context can mislead the recogniser: "mg (n=79)、10 mg" read as
    "（=）（=u)0"); the better reading is kept, its characters boxed by their widths when new."""
    import numpy as np

    grey = np.asarray(image.convert("L"))
    out = []
    for ln in lines:
        if ln.conf >= REREAD_CONF:
            out.append(ln)
            continue
        xs, ys = [p[0] for p in ln.quad], [p[1] for p in ln.quad]
        pad = REREAD_PAD * (max(ys) - min(ys))
        crop = grey[
            max(0, int(min(ys) - pad)) : int(max(ys) + pad) + 1, max(0, int(min(xs) - pad)) : int(max(xs) + pad) + 1
        ]
        text, conf = eng.read(crop) if crop.size else ("", 0.0)
        if not (text.strip() and conf > ln.conf):
            out.append(ln)
            continue
        # the characters span the line's ink, not its box (which may reach into the gutter)
        left = max(0, int(min(xs) - pad))
        span = _ink_span((crop < INK_LEVEL).any(axis=0), max(ys) - min(ys))
        a, b = (left + span[0], left + span[1]) if span else (min(xs), max(xs))
        quad = [
            (float(a), ln.quad[0][1]),
            (float(b), ln.quad[1][1]),
            (float(b), ln.quad[2][1]),
            (float(a), ln.quad[3][1]),
        ]
        out.append(OcrLine(quad, text, conf, _width_boxes(quad, text)))
    return out


def _ink_span(has_ink: Any, h: float) -> tuple[int, int] | None:
    """The first and last inked column of a line, specks apart from it at either end left out."""
    runs = _blank_runs(has_ink, 0)
    cols = [i for i, v in enumerate(has_ink.tolist()) if v]
    if not cols:
        return None
    a, b = cols[0], cols[-1] + 1
    # a narrow inked run set off from the rest by a blank is a speck
    for x0, x1 in runs:
        if x0 - a < SPECK_EM * h and x1 - x0 > SPECK_EM * h:
            a = int(x1)
        break
    for x0, x1 in reversed(runs):
        if b - x1 < SPECK_EM * h and x1 - x0 > SPECK_EM * h:
            b = int(x0)
        break
    return (a, b) if a < b else (cols[0], cols[-1] + 1)


def _width_boxes(quad: Sequence[tuple[float, float]], text: str) -> list[list[tuple[float, float]]]:
    """Character boxes for a line read without them: its box split by character widths."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    widths = [char_width(ch) for ch in text]
    total = sum(widths) or 1.0
    out, acc = [], 0.0
    for w in widths:
        a, b = acc / total, (acc + w) / total
        acc += w
        out.append(
            [
                (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                (x3 + (x2 - x3) * b, y3 + (y2 - y3) * b),
                (x3 + (x2 - x3) * a, y3 + (y2 - y3) * a),
            ]
        )
    return out


def split_at_blanks(
    lines: Sequence[OcrLine], inks: Sequence[LineInk], ink: Any, angle: float, cx: float, cy: float
) -> tuple[list[OcrLine], list[LineInk]]:
    """Lines the detector joined across a blank are two: a column's line and its neighbour's
    across the gutter, or cells of a table row. A blank run of ink columns `SPLIT_GAP_EM`
    wide parts a line whose characters the engine boxed, each character going to the side
    its box's centre is on, when both sides keep `SPLIT_MIN_CHARS` characters (a
    letter-spaced heading, "摘　要", keeps one a side) and the blank is `SPLIT_OVER_SPACES`
    times the line's usual word space (justified Latin text stretches all of them)."""
    out_l: list[OcrLine] = []
    out_i: list[LineInk] = []
    for ln, li in zip(lines, inks):
        parts, stray_ink = _parts(ln, li, angle, cx, cy)
        if len(parts) < 2 and not stray_ink:
            out_l.append(ln)
            out_i.append(li)
            continue
        for a, b in parts:
            q = ln.chars[a:b] if ln.chars else []
            part = OcrLine([q[0][0], q[-1][1], q[-1][2], q[0][3]], ln.text[a:b], ln.conf, q)
            out_l.append(part)
            out_i.append(measure(part, ink, angle, cx, cy))
    return out_l, out_i


def _parts(ln: OcrLine, li: LineInk, angle: float, cx: float, cy: float) -> tuple[list[tuple[int, int]], bool]:
    """The (start, end) character ranges of `ln` between its wide blanks; and whether ink lies
    beyond a blank where no character was read (the line is then re-measured on its characters)."""
    if not ln.chars or len(ln.chars) != len(ln.text) or not li.gaps or li.bottom <= li.top:
        return [(0, len(ln.text))], False
    # a Latin line's dense rows are its x-height: its box tells its size better
    em = max((li.bottom - li.top) / INK_TO_EM, (li.box_bottom - li.box_top) * BOX_TO_EM_DEFAULT)
    centres = [sum(p[0] for p in _rotate(q, angle, cx, cy)) / 4 for q in ln.chars]

    def after(a: float, b: float) -> int:
        return sum(1 for c in centres if c < (a + b) / 2)

    def latin(k: int) -> bool:
        return 0 < k < len(ln.text) and ln.text[k - 1].isascii() and ln.text[k].isascii()

    # justified Latin text spreads its word spaces alike: a blank is a gutter when it is also
    # well wider than the line's other spaces between Latin words
    spaces = [b - a for a, b in li.gaps if LATIN_GAP * em <= b - a < SPLIT_GAP_EM * em and latin(after(a, b))]
    usual = _median(spaces) if spaces else 0.0
    cuts = [0]
    stray = False
    for a, b in li.gaps:
        if b - a < max(SPLIT_GAP_EM * em, SPLIT_OVER_SPACES * usual):
            continue
        k = after(a, b)
        if k in (0, len(ln.text)):
            stray = True  # ink beyond a gutter with no character read: not this line's
            continue
        left = sum(1 for ch in ln.text[cuts[-1] : k] if not ch.isspace())
        right = sum(1 for ch in ln.text[k:] if not ch.isspace())
        # a label and its text ("基金项目：…") are one line however far apart
        if min(left, right) >= SPLIT_MIN_CHARS and ln.text[:k].rstrip()[-1:] not in "：:":
            cuts.append(k)
    cuts.append(len(ln.text))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        while a < b and ln.text[a].isspace():
            a += 1
        while b > a and ln.text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out, stray


def _blank_runs(has_ink: Any, left: int) -> list[tuple[float, float]]:
    """Runs of columns without ink between inked columns, as (x0, x1) pixels from `left`."""
    out: list[tuple[float, float]] = []
    start = None
    seen = False
    for i, v in enumerate(has_ink.tolist()):
        if v:
            if start is not None and seen:
                out.append((float(left + start), float(left + i)))
            start, seen = None, True
        elif start is None:
            start = i
    return out


def glyphs_of(lines: Sequence[OcrLine], inks: Sequence[LineInk], dpi: int) -> tuple[list[Glyph], float]:
    """Glyph dicts (pdfplumber convention, points) for recognised lines; also their mean confidence.

    Sizes come from the glyph band; bands within `BODY_HEIGHT_BAND` of the page's median
    are one size (recognition jitter is not a change of size). A line whose strokes are
    much heavier than the page's usual strokes is printed in a heavy face: its glyphs get
    the font name "OCR-Heavy", as a heading face would be told apart in a text layer.
    A raised marker's characters keep their own box and a size in proportion to it.
    """
    k = 72.0 / dpi
    kept = [
        (ln, ink)
        for ln, ink in zip(lines, inks)
        if ln.text.strip() and ln.conf >= MIN_LINE_CONF and ink.bottom > ink.top
    ]
    if not kept:
        return [], 0.0
    cjk = [_cjk_count(ln.text) >= MIN_CJK_FOR_BAND for ln, _ in kept]
    bands = _bands(kept, cjk)
    heights = sorted((b - t) * k for t, b in bands)
    median_h = heights[len(heights) // 2]
    body = BodyStrokes.of(kept)
    out: list[Glyph] = []
    conf_sum = 0.0
    for (ln, ink), (btop, bbottom), c in zip(kept, bands, cjk):
        top, bottom = btop * k, bbottom * k
        h = bottom - top
        # a Latin line's band is an estimate from its box (ascenders, brackets): more slack
        slack = BODY_HEIGHT_BAND if c else LATIN_HEIGHT_BAND
        band = median_h if abs(h - median_h) <= slack * median_h else h
        size = max(SIZE_STEP, round(band / INK_TO_EM / SIZE_STEP) * SIZE_STEP)
        heavy = _heavy_flags(ln.text, ink, body)
        chars, spans = _spans(ln, ink, size, k)
        raised = ink.char_band if ink.char_band is not None and ink.char_x is not None else [None] * len(chars)
        for i, (ch, (x0, x1)) in enumerate(zip(chars, spans)):
            if ch.isspace() and ink.char_x is not None:
                continue
            g = _glyph(ch, "OCR-Heavy" if heavy[i] else "OCR", size, (x0, x1, top, bottom), ln.conf)
            rb = raised[i]
            if rb is not None:
                g["top"], g["bottom"] = rb[0] * k, rb[1] * k
                g["size"] = max(SIZE_STEP, round(size * (rb[1] - rb[0]) * k / h / SIZE_STEP) * SIZE_STEP)
                g["baseline"] = g["bottom"]
            out.append(g)
            conf_sum += ln.conf
    return out, min(1.0, conf_sum / len(out)) if out else 0.0


def _bands(kept: Sequence[tuple[OcrLine, LineInk]], cjk: Sequence[bool]) -> list[tuple[float, float]]:
    """Each line's glyph band (image pixels). A Latin line's dense rows are its x-height: its
    band is taken from the detector's box, in the proportion band/box the page's Chinese lines show."""
    ratios = sorted(
        (ink.bottom - ink.top) / max(ink.box_bottom - ink.box_top, 1.0) for (_, ink), c in zip(kept, cjk) if c
    )
    ratio = ratios[len(ratios) // 2] if ratios else INK_TO_EM * BOX_TO_EM_DEFAULT
    halves = [(ink.bottom - ink.top) / 2 for (_, ink), c in zip(kept, cjk) if c]
    body_half = _median(halves) if halves else 0.0
    bands = []
    for (ln, ink), c in zip(kept, cjk):
        if c:
            bands.append((ink.top, ink.bottom))
            continue
        mid, half = (ink.box_top + ink.box_bottom) / 2, (ink.box_bottom - ink.box_top) * ratio / 2
        if _capitals(ln.text) and half > body_half:
            # capitals and digits fill their dense rows to cap height: no taller than that says,
            # however tall the detector drew the box round its brackets ("(P<0.001)[10]"); never
            # below the body's band on this evidence ("=" or a bar makes the dense rows few)
            half = max(body_half, min(half, (ink.bottom - ink.top) / CAP_TO_CJK_BAND / 2))
        bands.append((mid - half, mid + half))
    return bands


def _capitals(text: str) -> bool:
    """Most letters and digits of the text are capitals or digits."""
    alnum = [ch for ch in text if ch.isascii() and ch.isalnum()]
    return bool(alnum) and sum(1 for ch in alnum if not ch.islower()) >= CAPITALS_SHARE * len(alnum)


def _spans(ln: OcrLine, ink: LineInk, size: float, k: float) -> tuple[str, list[tuple[float, float]]]:
    """The line's characters and one x span each (points): the engine's character boxes when
    it gives them, else the line's ink split by character widths."""
    if ink.char_x is not None:
        gaps = [(a * k, b * k) for a, b in ink.gaps]
        spans = _latin_runs(ln.text, [(a * k, b * k) for a, b in ink.char_x], gaps, WORD_GAP * size)
        return ln.text, _close_gaps(ln.text, spans, size, gaps)
    text = ln.text.strip()
    gx0, gx1 = ink.x0 * k, max(ink.x0 * k + 0.1, ink.x1 * k)
    widths = [char_width(ch) for ch in text]
    unit = (gx1 - gx0) / (sum(widths) or 1.0)
    spans = []
    x = gx0
    for w in widths:
        spans.append((x, x + w * unit))
        x += w * unit
    return text, spans


def _glyph(ch: str, font: str, size: float, box: tuple[float, float, float, float], conf: float) -> Glyph:
    x0, x1, top, bottom = box
    return {
        "text": ch,
        "fontname": font,
        "size": size,
        "x0": x0,
        "x1": max(x1, x0 + 0.1),
        "top": top,
        "bottom": bottom,
        "upright": True,
        "baseline": bottom - DESCENT * (bottom - top),
        "ocr_conf": round(conf, 4),
    }


def _close_gaps(
    text: str, spans: list[tuple[float, float]], size: float, gaps: Sequence[tuple[float, float]] = ()
) -> list[tuple[float, float]]:
    """Neighbouring character boxes touch unless the engine read a space between them or the
    gap is wider than `WIDE_GAP_EM`: the engine's boxes are not tight, and a loose gap would
    read as a space inside a Chinese word. Between a Latin letter or digit and a Chinese
    character, and between two Latin characters, the ink decides (`_kept_gap`): an ink gap
    between their centres is the space typesetting puts there ("1 降尿酸", "48 周", "CI 1.07")
    and stays."""
    out = list(spans)
    for i in range(len(text) - 1):
        if text[i].isspace() or text[i + 1].isspace():
            continue
        least = _kept_gap(text[i], text[i + 1], text[i + 2 : i + 3])
        if least:
            c0, c1 = sum(out[i]) / 2, sum(out[i + 1]) / 2
            wide = [(a, b) for a, b in gaps if c0 < a and b < c1 and b - a >= least * size]
            if wide:
                out[i] = (out[i][0], min(out[i][1], wide[0][0]))
                out[i + 1] = (max(out[i + 1][0], wide[0][1]), out[i + 1][1])
                continue
        gap = out[i + 1][0] - out[i][1]
        if 0 < gap < WIDE_GAP_EM * size:
            mid = out[i][1] + gap / 2
            out[i] = (out[i][0], mid)
            out[i + 1] = (mid, out[i + 1][1])
    return out


def _kept_gap(a: str, b: str, after: str = "") -> float:
    """The ink gap (ems) that stays a space between `a` and `b` (`after` follows `b`): `MIXED_GAP`
    between a Latin letter or digit and a Chinese character, `LATIN_GAP` between two Latin
    characters where a word space can stand ("95%CI 1.07", "the US") and before a minus sign
    ("CI -4.87": a hyphen joins, "IL-6", but not across a space), none elsewhere (0)."""
    if _mixed(a, b):
        return MIXED_GAP
    if not (a.isascii() and b.isascii() and a.isprintable() and b.isprintable()):
        return 0.0
    return LATIN_GAP if _space_can_stand(a, b, after) else 0.0


def _space_can_stand(a: str, b: str, after: str = "") -> bool:
    """A word space can stand between `a` and `b`, or a space before a minus sign."""
    return _word_boundary(a, b) or (b == "-" and after.isdigit() and a.isalnum())


def _mixed(a: str, b: str) -> bool:
    """A Latin or Greek letter or a digit next to a Chinese character, either way round."""
    return (_western(a) and _cjk_count(b) == 1) or (_western(b) and _cjk_count(a) == 1)


def _western(ch: str) -> bool:
    return ch.isalnum() and _cjk_count(ch) == 0 and unicodedata.east_asian_width(ch) not in ("F", "W")


def _latin_runs(
    text: str, spans: list[tuple[float, float]], gaps: Sequence[tuple[float, float]] = (), min_gap: float = 0.0
) -> list[tuple[float, float]]:
    """The engine's boxes for Latin letters are rough (a gap inside "TCH346" would read as a
    space): a run of Latin characters is re-split by character widths over its whole span,
    word by word where the ink shows a gap of at least `min_gap` inside it (a gap narrower
    than `WIDE_GAP_EM` is closed again after: what stays are the wide word gaps of justified
    Latin text, which the engine reads without spaces)."""
    out = list(spans)
    i = 0
    while i < len(text):
        if unicodedata.east_asian_width(text[i]) in ("F", "W") or text[i].isspace():
            i += 1
            continue
        j = i
        while j < len(text) and not (unicodedata.east_asian_width(text[j]) in ("F", "W") or text[j].isspace()):
            j += 1
        if j - i > 1:
            x0, x1 = spans[i][0], spans[j - 1][1]
            inside = [(a, b) for a, b in gaps if x0 < a and b < x1 and b - a >= min_gap]
            out[i:j] = _resplit(text[i:j], x0, x1, inside, spans[i:j])
        i = j
    return out


def _word_boundary(a: str, b: str) -> bool:
    """Whether a word space can stand between `a` and `b`: never inside a number or before closing punctuation."""
    if a.isdigit() and b.isdigit():
        return False
    return a not in NO_SPACE_AFTER and b not in NO_SPACE_BEFORE


def _resplit(
    run: str, x0: float, x1: float, gaps: Sequence[tuple[float, float]], boxes: Sequence[tuple[float, float]] = ()
) -> list[tuple[float, float]]:
    """Spans for the characters of a Latin run over (x0, x1) by their widths; each ink gap in
    `gaps` falls between the characters the engine's boxes put on either side of it, or without
    boxes between the two whose width-proportional boundary is nearest it (an engine that drops
    word spaces: "lateralsclerosis" printed "lateral  sclerosis")."""
    widths = [char_width(ch) for ch in run]
    cum = [0.0]
    for w in widths:
        cum.append(cum[-1] + w)
    cuts: list[tuple[int, float, float]] = []
    for a, b in gaps:
        at = ((a + b) / 2 - x0) / (x1 - x0) * cum[-1]
        m = min(range(1, len(run)), key=lambda n: abs(cum[n] - at))
        if len(boxes) == len(run):
            # the boxes are rough but in order: the gap's centre splits their centres
            m = max(1, min(len(run) - 1, sum(1 for p, q in boxes if (p + q) / 2 < (a + b) / 2)))
        if _space_can_stand(run[m - 1], run[m], run[m + 1 : m + 2]) and (not cuts or m > cuts[-1][0]):
            cuts.append((m, a, b))
    out: list[tuple[float, float]] = []
    start, sx = 0, x0
    for m, a, b in [*cuts, (len(run), x1, x1)]:
        unit = (a - sx) / (cum[m] - cum[start])
        x = sx
        for w in widths[start:m]:
            out.append((x, x + w * unit))
            x += w * unit
        start, sx = m, b
    return out


def _median(xs: Sequence[float]) -> float:
    ys = sorted(xs)
    m = len(ys) // 2
    return ys[m] if len(ys) % 2 else (ys[m - 1] + ys[m]) / 2


def _lead_gap(text: str, ink: LineInk) -> int | None:
    """Index of the first character after a gap of `LEAD_GAP_EM` in the line's ink, within its
    first `LEAD_WITHIN` characters and after a word (not punctuation); a speck in the gap
    (narrower than `SPECK_EM`) does not close it."""
    if ink.char_x is None or not ink.gaps:
        return None
    em = (ink.bottom - ink.top) / INK_TO_EM
    merged: list[tuple[float, float]] = []
    for a, b in ink.gaps:
        if merged and a - merged[-1][1] < SPECK_EM * em:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    for a, b in merged:
        if b - a < LEAD_GAP_EM * em:
            continue
        cut = sum(1 for x0, x1 in ink.char_x if (x0 + x1) / 2 < a)
        if MIN_LEAD_CHARS <= cut <= LEAD_WITHIN and text[cut - 1].isalnum():
            return cut
    return None


def _script(ch: str) -> str | None:
    if "\u4e00" <= ch <= "\u9fff":
        return "cjk"
    return "latin" if ch.isascii() and ch.isalnum() else None


@dataclass(slots=True)
class BodyStrokes:
    """The page's usual stroke widths: of its lines, and per script of its characters (a
    Latin letter set beside Chinese body text is a heavier face than the Chinese in it, so a
    character is weighed against the characters of its own script)."""

    line: float
    cjk: float
    latin: float

    @staticmethod
    def of(kept: Sequence[tuple[OcrLine, LineInk]]) -> BodyStrokes:
        lines: list[float] = []
        chars: dict[str, list[float]] = {"cjk": [], "latin": []}
        for ln, ink in kept:
            if len(ln.text) < 8:
                continue
            lines.append(ink.stroke)
            for ch, st in zip(ln.text, ink.char_stroke or ()):
                sc = _script(ch)
                if sc and st > 0:
                    chars[sc].append(st)
        return BodyStrokes(
            _median(lines) if lines else 0.0,
            _median(chars["cjk"]) if chars["cjk"] else 0.0,
            _median(chars["latin"]) if chars["latin"] else 0.0,
        )

    def ratios(self, text: str, strokes: Sequence[float]) -> list[tuple[int, str, float]]:
        """(index, script, stroke / the body's stroke of that script) per letter, digit or hanzi."""
        out = []
        for i, (ch, st) in enumerate(zip(text, strokes)):
            sc = _script(ch)
            ref = self.cjk if sc == "cjk" else self.latin if sc == "latin" else 0.0
            if ref > 0 and st > 0:
                out.append((i, sc or "", st / ref))
        return out


def _heavy_flags(text: str, ink: LineInk, body: BodyStrokes) -> list[bool]:
    """Which characters are printed in a heavy face: the whole line, or a heavy lead
    (a run-in heading) followed by body text. Medians throughout: a character's stroke is rough."""
    n = len(text)
    st = ink.char_stroke
    if not st or len(st) != n:
        return [body.line > 0 and ink.stroke > HEAVY_STROKE * body.line] * n
    rated = body.ratios(text, st)
    cjk = [(i, r) for i, sc, r in rated if sc == "cjk"]
    # a line is weighed by its Chinese characters when it has some: they are its face
    own = [r for _, r in cjk] if len(cjk) >= MIN_LEAD_CHARS else [r for _, _, r in rated]
    # a heavy lead first: with it, the whole line's median can pass for heavy
    end = _gap_lead(text, ink, cjk)
    if end is None:
        end = _stroke_lead(text, cjk)
    if end:
        return [i < end for i in range(n)]
    return [len(own) >= MIN_LEAD_CHARS and _median(own) > HEAVY_LINE] * n


def _gap_lead(text: str, ink: LineInk, cjk: Sequence[tuple[int, float]]) -> int | None:
    """A run-in heading set off by a wide gap: heavy before it, light after."""
    cut = _lead_gap(text, ink)
    if cut is None:
        return None
    lead = [r for i, r in cjk if i < cut]
    rest = [r for i, r in cjk if i >= cut]
    if len(lead) >= MIN_LEAD_CHARS and rest and _median(lead) > HEAVY_LEAD and _median(rest) < LIGHT_AFTER_GAP:
        return cut
    return None


def _stroke_lead(text: str, cjk: Sequence[tuple[int, float]]) -> int:
    """A run-in heading told by its strokes alone: the opening Chinese characters all heavy
    (none below `LEAD_MIN_STROKE`, their median above `HEAVY_LEAD`), the text after light, and
    the characters right after the cut light too; the longest such lead wins. The lead takes the closing punctuation after it ("关键词：", "【摘要】")."""
    rs = [r for _, r in cjk]
    best_j = 0
    for j in range(MIN_LEAD_CHARS, min(len(rs) - 1, LEAD_WITHIN)):
        lead, rest = rs[:j], rs[j:]
        a, b = _median(lead), _median(rest)
        if (
            a > HEAVY_LEAD
            and min(lead) >= LEAD_MIN_STROKE
            and b < LIGHT_STROKE
            and _median(rest[:LEAD_NEAR]) < LIGHT_NEAR
        ):
            best_j = j  # the longest: every character of it is heavy
    if not best_j:
        return 0
    end = cjk[best_j - 1][0] + 1
    while end < len(text) and unicodedata.category(text[end]) in ("Pe", "Pf", "Po") and text[end] not in "，。、；":
        end += 1
    return end


def rules_of(ink: Any, dpi: int) -> tuple[list[Glyph], list[Glyph]]:
    """Printed rules (horizontal and vertical) and framed boxes, found as long strokes in the deskewed ink mask."""
    import cv2
    import numpy as np

    n = max(3, int(MIN_RULE_PT * dpi / 72))
    horiz: Any = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, n), np.uint8))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(horiz | vert, connectivity=8)
    k = 72.0 / dpi
    rules: list[Glyph] = []
    rects: list[Glyph] = []
    for i in range(1, count):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        box = {"x0": x * k, "x1": (x + bw) * k, "top": y * k, "bottom": (y + bh) * k}
        bw_pt, bh_pt = bw * k, bh * k
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


def render_page(data: bytes, index: int, dpi: int = OCR_DPI) -> Any:
    """Page `index` (0-based) as a grey PIL image at `dpi`."""
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:  # pdfium is not thread-safe, not even across documents
        return _render(pdfium, data, index, dpi)


def _render(pdfium: Any, data: bytes, index: int, dpi: int) -> Any:
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[index]
        try:
            return page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        doc.close()


def read_markers(lines: list[OcrLine], inks: list[LineInk], ink: Any, grey: Any, eng: Engine) -> list[OcrLine]:
    """Lines whose raised citation markers were read again on their own (`ocr_marks`); `inks` updated in place."""
    out = []
    # a raised marker is small and its thin strokes print light: it is looked for in a lighter mask
    light = (grey < MARK_INK_LEVEL).astype(ink.dtype)
    for ln, li in zip(lines, inks):
        marked = None
        if li.char_x is not None and ln.conf >= MIN_LINE_CONF:
            marked = ocr_marks.mark_line(ln.text, li.char_x, (li.x0, li.x1, li.top, li.bottom), light, grey, eng.read)
        if marked is None:
            out.append(ln)
            continue
        strokes = dict(zip(li.char_x or [], li.char_stroke or []))
        li.char_stroke = [strokes.get(x, 0.0) for x in marked.char_x]
        li.char_x, li.char_band = marked.char_x, marked.char_band
        out.append(OcrLine(ln.quad, marked.text, ln.conf))
    return out


def fill_gaps(lines: list[OcrLine], inks: list[LineInk], ink: Any, grey: Any, eng: Engine) -> list[OcrLine]:
    """Lines with the characters the recogniser dropped between its boxes put back (`ocr_gaps`); `inks` updated in place."""
    out = []
    for ln, li in zip(lines, inks):
        filled = None
        if li.char_x is not None and ln.conf >= MIN_LINE_CONF:
            filled = ocr_gaps.fill_line(ln.text, li.char_x, (li.top, li.bottom), ink, grey, eng.read)
        if filled is None:
            out.append(ln)
            continue
        text, char_x, new = filled
        if li.char_stroke is not None:
            strokes = list(li.char_stroke)
            band = ink[int(li.top) : int(li.bottom)]
            for k in new:
                a, b = char_x[k]
                strokes.insert(k, _stroke(band[:, max(0, int(a)) : int(math.ceil(b))]))
            li.char_stroke = strokes
        li.char_x = char_x
        out.append(OcrLine(ln.quad, text, ln.conf))
    return out


def _em(li: LineInk) -> float:
    """The line's font size in pixels: from its glyph band, or from the detector's box where
    that says more (a Latin line's dense rows are only its x-height)."""
    return max((li.bottom - li.top) / INK_TO_EM, (li.box_bottom - li.box_top) * BOX_TO_EM_DEFAULT)


def fix_text(ln: OcrLine, li: LineInk, ink: Any) -> OcrLine:
    """The line with the recogniser's confusions and look-alikes undone (`ocr_text`,
    `ocr_lookalikes`) and specks read as dots
    taken out; a speck's box goes to the character before it, so the line keeps its extent.
    A dot after the line's opening number with no ink under it goes with its box: the gap
    after a heading's number stays ("5．其他" read for "5 其他" over a speck)."""
    band = (li.top, li.bottom)
    signs = minus_signs(plus_minus(ln.text, li.char_x or [], ink, band), li.char_x or [], ink, band, _em(li))
    text = undo_lookalikes(undo_confusions(signs))
    drop = set(speck_indices(text))
    boxed = li.char_x is not None and len(li.char_x) == len(text)
    if boxed:
        drop.update(inkless_marks(text, li.char_x or [], ink, band))
    dot = opening_dot(text)
    box_rows = (li.box_top, li.box_bottom)
    dot_blank = dot is not None and boxed and blank_under(ink, box_rows, (li.char_x or [])[dot], DOT_BOX_MARGIN)
    blank = dot if dot_blank else None
    if blank is not None:
        drop.add(blank)
    if drop and li.char_x is not None and boxed:
        xs = li.char_x
        keep = [i for i in range(len(text)) if i not in drop]
        li.char_x = [(xs[i][0], xs[i + 1][1] if i + 1 in drop and i + 1 != blank else xs[i][1]) for i in keep]
        if li.char_stroke is not None:
            li.char_stroke = [li.char_stroke[i] for i in keep]
        if li.char_band is not None:
            li.char_band = [li.char_band[i] for i in keep]
        text = "".join(text[i] for i in keep)
    elif drop:
        text = "".join(ch for i, ch in enumerate(text) if i not in drop)
    return OcrLine(ln.quad, text, ln.conf)


def ocr_page(data: bytes, pno: int, reason: str, eng: Engine, dpi: int = OCR_DPI) -> OcrPage:
    import numpy as np
    from PIL import Image

    image = render_page(data, pno - 1, dpi)
    lines = reread_weak(eng.recognize(image), image, eng)
    angle = skew_angle(lines)
    # turn the page back by its tilt: every box, band and rule is then measured upright
    upright = image.rotate(math.degrees(angle), resample=Image.Resampling.BILINEAR, fillcolor=255) if angle else image
    ink = (np.asarray(upright) < INK_LEVEL).astype(np.uint8)
    cx, cy = image.width / 2, image.height / 2
    inks = [measure(ln, ink, angle, cx, cy) for ln in lines]
    lines, inks = split_at_blanks(lines, inks, ink, angle, cx, cy)
    lines = fill_gaps(lines, inks, ink, np.asarray(upright), eng)
    lines = read_markers(lines, inks, ink, np.asarray(upright), eng)
    lines = [fix_text(ln, li, ink) for ln, li in zip(lines, inks)]
    chars, conf = glyphs_of(lines, inks, dpi)
    rules, rects = rules_of(ink, dpi)
    # rules drawn as lines, boxes as rects: the shapes pdfchars reports for a text page
    objs = PageObjects(chars=chars, rects=rects, lines=rules)
    return OcrPage(pno, reason, objs, round(conf, 4), round(math.degrees(angle), 3))


def ocr_pages(
    data: bytes, name: str, todo: list[tuple[int, str]], jobs: int = 1, report: list[OcrReport] | None = None
) -> list[OcrPage]:
    """OCR the pages `todo` ((1-based page, reason) pairs) of the PDF `data`.

    Pages run in `jobs` threads (the engine releases the interpreter while it computes);
    the document's time budget grows by the pages OCR'd. An `OcrReport` is appended to
    `report`.
    """
    if not todo:
        return []
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
    if report is not None:
        report.append(OcrReport(eng.name, eng.version, dpi, done))
    return done
