"""PDF input via pdfplumber: characters -> lines with font, size and boxes, in reading order.

Per page: faux-bold duplicate glyphs are dropped (and their originals marked bold); glyphs
chain into pieces (touching glyphs on one band, so a raised citation marker joins its own
line and never the other column's); the gutter is the gap few column-width pieces cross
while many end just left of it and start just right of it (a page without one keeps the
document's when it fits); pieces are then full-width or in a column, and the pieces of a
column that share a band are one printed line. Full-width lines and page-wide rules cut the
page into bands, each read left column, then right. Furniture is recognised by position,
size and repetition: running headers (repeated margin text or text above the header rule),
page numbers, footnotes under a short rule. Boxed inserts are marked.
"""

from __future__ import annotations

import functools
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..errors import InputError
from ..furniture import PAGE_NUMBER_RE
from ..lines import Box, Line
from ..models import Removed
from .pdfchars import page_objects

# glyphs drawn again within this distance (pt) are one glyph printed bold
DUPLICATE_TOLERANCE = 0.8
# a glyph joins a row when it overlaps the row's band by this share of the smaller height
ROW_OVERLAP = 0.4
# a horizontal gap wider than this many font sizes splits a row into segments (tables, insets)
SEGMENT_GAP = 3.0
# glyphs closer than this many font sizes chain into one piece (a column gap is wider)
PIECE_GAP = 1.2
# the gutter is looked for in this share of the page width
GUTTER_LO = 0.3
GUTTER_HI = 0.7
# a gap this wide (pt) that few pieces cross separates the two columns
MIN_GUTTER_GAP = 4.0
# a piece wider than this share of the text block is a full-width line
WIDE_PIECE_SHARE = 0.6
# positions crossed by at most this share more pieces than the least crossed one belong to the gutter
GUTTER_SLACK = 0.1
# column lines end (start) within this many font sizes left (right) of the gutter
COLUMN_EDGE_BAND = 4.0
# so many line pieces on each side of a gutter make two columns
MIN_COLUMN_LINES = 5
# the last line of a full-width paragraph lies at most this many font sizes below the line above
TAIL_REACH = 1.2
# a page without a gutter of its own takes the document's when at most this share of its pieces cross it
FALLBACK_CROSS_SHARE = 0.1
# a horizontal rule this long (share of the page width) cuts the page into bands
BAND_RULE_SHARE = 0.6
# a gap wider than this share of the font size between two glyphs is a space
SPACE_GAP = 0.22
# top and bottom bands of the page where running headers and page numbers sit
MARGIN_BAND = 0.075
# indent (in font sizes) that marks a paragraph's first line
INDENT_MIN = 0.8
# white space above a line wider than this many font sizes is a visible break
PARA_GAP = 0.9
# a rule this many font sizes above a column's first line sets it apart
RULE_REACH = 2.5
# share of (cid:NN) glyphs above which the text layer is unreadable
MAX_CID_SHARE = 0.3
MAX_PAGES = 2000
# a rule below this share of the page height may open a footnote area
FOOTNOTE_ZONE = 0.6
# glyphs at or below this size (pt) are invisible: zero-size text is a known way to hide words
MIN_GLYPH_SIZE = 0.1
# a face printing at least this share of all glyphs is a body face, not a heading face
BODY_FACE_SHARE = 0.06



@dataclass
class Seg:
    chars: list[dict]
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    column: int | None = None
    boxed: bool = False
    after_rule: bool = False
    text: str = ""
    boxes: list[Box] = field(default_factory=list)


def _open(data: bytes, name: str):  # type: ignore[no-untyped-def]
    import logging

    import pdfplumber

    # pdfminer narrates every repair of a damaged file; the outcome is what we report
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n = len(pdf.pages)
    except Exception as e:  # pdfminer raises many kinds on broken files; pdfplumber wraps them
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or any(
                w in str(inner).lower() for w in ("password", "encrypt")):
            raise InputError(name, "encrypted PDF (password protected)") from None
        if isinstance(inner, (PDFSyntaxError, PSException)):
            raise InputError(name, f"damaged PDF ({type(inner).__name__}: {inner})"[:200]) from None
        raise InputError(name, f"damaged PDF ({type(inner).__name__}: {inner})"[:200]) from None
    if n == 0:
        pdf.close()
        raise InputError(name, "PDF has no pages")
    if n > MAX_PAGES:
        pdf.close()
        raise InputError(name, f"exceeded limit: {n} pages (at most {MAX_PAGES})")
    return pdf


def _dedupe(chars: list[dict]) -> tuple[list[dict], set[int]]:
    """Drop glyphs printed twice at almost the same place (faux bold); remember which were.

    A faux-bold run may draw a whole string twice, so a copy is looked for among all glyphs
    already seen, on a grid of cells twice the tolerance wide: a copy within the tolerance
    lies in the glyph's cell or in the neighbour on the side its position leans to.
    """
    out: list[dict] = []
    bold: set[int] = set()
    seen: dict[tuple[str, int, int], dict] = {}
    tol = DUPLICATE_TOLERANCE
    cell = 2 * tol
    for c in chars:
        t, x, y = c["text"], c["x0"], c["top"]
        fx, fy = x / cell, y / cell
        gx, gy = int(fx), int(fy)
        dx = -1 if fx - gx < 0.5 else 1
        dy = -1 if fy - gy < 0.5 else 1
        dup = None
        for key in ((t, gx, gy), (t, gx + dx, gy), (t, gx, gy + dy), (t, gx + dx, gy + dy)):
            prev = seen.get(key)
            if prev is not None and abs(prev["x0"] - x) <= tol and abs(prev["top"] - y) <= tol:
                dup = prev
                break
        if dup is not None:
            bold.add(id(dup))
            continue
        seen[(t, gx, gy)] = c
        out.append(c)
    return out, bold


@dataclass(slots=True)
class Piece:
    """Glyphs that touch horizontally on one band: a word run, never across a column gap."""

    chars: list[dict]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    column: int | None = None


def _pieces(chars: list[dict]) -> list[Piece]:
    """Chain glyphs left to right into pieces; a glyph joins the touching piece it overlaps most.

    A raised citation marker overlaps its own line far more than the line above, and a
    piece only takes glyphs within `PIECE_GAP` font sizes of its ends, so glyphs of the
    other column at the same height never join it.
    """
    chars = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    out: list[Piece] = []
    active: list[Piece] = []
    last: Piece | None = None
    for c in chars:
        ct, cb, cx0, cx1, cs = c["top"], c["bottom"], c["x0"], c["x1"], c["size"]
        if active and active[0].bottom < ct or len(active) > 8:
            active = [p for p in active if p.bottom >= ct]
        h = max(cb - ct, 0.1)
        best: Piece | None = None
        best_ov = 0.0
        # fast path: the glyph goes on right after the piece the previous glyph joined
        if last is not None and last.x1 - 1.0 <= cx0 <= last.x1 + PIECE_GAP * (cs if cs > last.size else last.size):
            ov = (cb if cb < last.bottom else last.bottom) - (ct if ct > last.top else last.top)
            if ov >= ROW_OVERLAP * min(h, last.bottom - last.top) and ov > 0:
                best = last
        for p in (active if best is None else ()):
            lim = PIECE_GAP * (cs if cs > p.size else p.size)
            if cx0 > p.x1 + lim or cx1 < p.x0 - lim:
                continue
            ov = (cb if cb < p.bottom else p.bottom) - (ct if ct > p.top else p.top)
            if ov > best_ov and ov >= ROW_OVERLAP * min(h, p.bottom - p.top):
                best, best_ov = p, ov
        if best is None:
            p = Piece([c], cx0, cx1, ct, cb, cs)
            out.append(p)
            active.append(p)
            last = p
            continue
        last = best
        best.chars.append(c)
        if cx0 < best.x0:
            best.x0 = cx0
        if cx1 > best.x1:
            best.x1 = cx1
        if cs > best.size + 0.05:  # the band follows the largest glyphs (not a raised marker)
            best.top, best.bottom, best.size = ct, cb, cs
    return _join_pieces(out)


def _join_pieces(pieces: list[Piece]) -> list[Piece]:
    """Pieces started apart (glyphs of two faces sit at slightly different tops) but touching are one."""
    pieces.sort(key=lambda p: p.top)
    parent = list(range(len(pieces)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for j, q in enumerate(pieces):
        k = j - 1
        while k >= 0 and pieces[k].top > q.top - q.size * 1.5:
            p = pieces[k]
            k -= 1
            lim = PIECE_GAP * max(p.size, q.size)
            if q.x0 > p.x1 + lim or q.x1 < p.x0 - lim:
                continue
            ov = min(p.bottom, q.bottom) - max(p.top, q.top)
            if ov >= ROW_OVERLAP * min(p.bottom - p.top, q.bottom - q.top) and ov > 0:
                a, b = find(k + 1), find(j)
                if a != b:
                    parent[b] = a
    groups: dict[int, list[Piece]] = {}
    for i, p in enumerate(pieces):
        groups.setdefault(find(i), []).append(p)
    out = []
    for g in groups.values():
        if len(g) == 1:
            out.append(g[0])
            continue
        main = max(g, key=lambda p: p.size)
        out.append(Piece([c for p in g for c in p.chars], min(p.x0 for p in g), max(p.x1 for p in g),
                         main.top, main.bottom, main.size))
    return out


def _gutter(pieces: list[Piece], width: float) -> float | None:
    """The x of the gap between two columns: few pieces cross it, many end just left and start just right."""
    if not pieces:
        return None
    lo, hi = int(width * GUTTER_LO), int(width * GUTTER_HI)
    # lines wider than a column say nothing about the gutter (a full-width front matter block)
    span = max(p.x1 for p in pieces) - min(p.x0 for p in pieces)
    pieces = [p for p in pieces if p.x1 - p.x0 <= WIDE_PIECE_SHARE * span]
    if not pieces:
        return None
    diff = [0] * (hi - lo + 2)
    for p in pieces:
        a, b = max(int(p.x0), lo), min(int(p.x1) + 1, hi)
        if a <= b:
            diff[a - lo] += 1
            diff[b - lo + 1] -= 1
    cover = []
    run = 0
    for d in diff[:-1]:
        run += d
        cover.append(run)
    least = min(cover)
    # runs of (nearly) least cover: a full-width line may end inside the gutter
    limit = least + max(1, int(GUTTER_SLACK * least))
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(cover):
        if cover[i] <= limit:
            j = i
            while j + 1 < len(cover) and cover[j + 1] <= limit:
                j += 1
            if j - i + 1 >= MIN_GUTTER_GAP:
                runs.append((i + lo, j + lo))
            i = j + 1
        else:
            i += 1
    if not runs:
        return None
    centre = width / 2
    a, b = min(runs, key=lambda r: abs((r[0] + r[1]) / 2 - centre))
    g = (a + b) / 2
    band = COLUMN_EDGE_BAND * statistics.median(p.size for p in pieces)
    left = sum(1 for p in pieces if a - band <= p.x1 <= g)
    right = sum(1 for p in pieces if g <= p.x0 <= b + band)
    # on a page that opens with a full-width block, column lines must still outnumber crossing ones
    if min(left, right) < MIN_COLUMN_LINES or least >= left + right:
        return None
    return g


def _full_width_tails(pieces: list[Piece]) -> None:
    """The short last line of a full-width paragraph sits on one side of the gutter; it is full width.

    Such a line starts where the full-width line just above starts, in the same size, and
    nothing of the other column stands beside it.
    """
    pieces.sort(key=lambda p: p.top)
    for k, p in enumerate(pieces):
        if p.column is None:
            continue
        above = None
        for j in range(k - 1, -1, -1):
            q = pieces[j]
            if q.bottom <= p.top - TAIL_REACH * p.size:
                break
            if q.bottom <= p.top + 0.5 and q.x0 < p.x1 and q.x1 > p.x0:
                above = q if above is None or q.bottom > above.bottom else above
        if above is None or above.column is not None or abs(above.x0 - p.x0) > 1.0 or abs(above.size - p.size) > 0.3:
            continue
        other = 1 - p.column
        beside = any(q.column == other and min(q.bottom, p.bottom) - max(q.top, p.top) > 0
                     for q in pieces[max(0, k - 6): k + 6])
        if not beside:
            p.column = None


def _rows(pieces: list[Piece]) -> list[list[dict]]:
    """Pieces of one column that share a band are one printed line (a marker, a Latin word, the rest)."""
    pieces = sorted(pieces, key=lambda p: p.top)
    rows: list[list[Piece]] = []
    bands: list[list[float]] = []
    active: list[int] = []
    for p in pieces:
        active = [k for k in active if bands[k][1] >= p.top]
        h = max(p.bottom - p.top, 0.1)
        best, best_ov = -1, 0.0
        for k in active:
            top, bottom, _ = bands[k]
            ov = min(bottom, p.bottom) - max(top, p.top)
            if ov > best_ov and ov >= ROW_OVERLAP * min(h, bottom - top):
                best, best_ov = k, ov
        if best < 0:
            rows.append([p])
            bands.append([p.top, p.bottom, p.size])
            active.append(len(rows) - 1)
            continue
        rows[best].append(p)
        if p.size > bands[best][2] + 0.05:
            bands[best] = [p.top, p.bottom, p.size]
    out = []
    for r in rows:
        chars = [c for p in r for c in p.chars]
        chars.sort(key=lambda c: c["x0"])
        out.append(chars)
    return out


def _segments(row: list[dict], page: int, column: int | None) -> list[Seg]:
    """A printed line, cut where a gap is wide enough to separate table cells or insets."""
    segs: list[list[dict]] = [[row[0]]]
    for c in row[1:]:
        p = segs[-1][-1]
        if c["x0"] - p["x1"] > SEGMENT_GAP * max(p["size"], c["size"]):
            segs.append([c])
        else:
            segs[-1].append(c)
    out = []
    for s in segs:
        a, b = 0, len(s)
        while a < b and s[b - 1]["text"].isspace():
            b -= 1
        while a < b and s[a]["text"].isspace():
            a += 1
        s = s[a:b]
        if not s:
            continue
        sizes: dict[float, int] = {}
        cjk_fonts: dict[str, int] = {}
        all_fonts: dict[str, int] = {}
        for c in s:
            size = round(c["size"], 1)
            sizes[size] = sizes.get(size, 0) + 1
            f = c["fontname"]
            all_fonts[f] = all_fonts.get(f, 0) + 1
            if not c["text"].isascii():
                cjk_fonts[f] = cjk_fonts.get(f, 0) + 1
        # a Chinese line's face is the face of its Chinese glyphs (Latin words come in another)
        fonts = cjk_fonts or all_fonts
        family: dict[str, int] = {}
        for f, n in fonts.items():
            fam = _family(f)
            family[fam] = family.get(fam, 0) + n
        out.append(Seg(s, page, min(c["x0"] for c in s), max(c["x1"] for c in s), min(c["top"] for c in s),
                       max(c["bottom"] for c in s), max(sizes, key=sizes.__getitem__),
                       max(family, key=family.__getitem__), column=column))
    return out


@functools.lru_cache(maxsize=1024)
def _family(fontname: str) -> str:
    """The font without its subset tag: "AAAAAB+UMingCN-0" and "AAAAAA+UMingCN-0" are one face."""
    return re.sub(r"^[A-Z]{6}\+", "", fontname)


def _text_of(seg: Seg) -> None:
    """The segment's text with one box per character; a gap wider than a space's share is a space."""
    text: list[str] = []
    boxes: list[Box] = []
    prev = None
    for c in seg.chars:
        t = c["text"]
        if t == " ":
            if text and text[-1] != " ":
                text.append(" ")
                boxes.append((c["x0"], c["top"], c["x1"], c["bottom"]))
            prev = c
            continue
        if prev is not None and prev["text"] != " " and c["x0"] - prev["x1"] > SPACE_GAP * c["size"]:
            text.append(" ")
            boxes.append((prev["x1"], min(prev["top"], c["top"]), c["x0"], max(prev["bottom"], c["bottom"])))
        box = (c["x0"], c["top"], c["x1"], c["bottom"])
        if len(t) == 1:
            text.append(t)
            boxes.append(box)
        else:
            for ch in t:
                text.append(ch)
                boxes.append(box)
        prev = c
    seg.text = "".join(text)
    seg.boxes = boxes


def _reading_order(segs: list[Seg], cuts: list[float]) -> list[Seg]:
    """Full-width segments and page-wide rules cut the page into bands; each band reads left column, then right."""
    segs = sorted(segs, key=lambda s: s.top)
    cuts = sorted(cuts)
    out: list[Seg] = []
    band: list[Seg] = []

    def flush() -> None:
        out.extend(sorted((s for s in band if s.column == 0), key=lambda s: s.top))
        out.extend(sorted((s for s in band if s.column == 1), key=lambda s: s.top))
        band.clear()

    k = 0
    for s in segs:
        while k < len(cuts) and cuts[k] <= s.top:
            flush()
            k += 1
        if s.column is None:
            flush()
            out.append(s)
        else:
            band.append(s)
    flush()
    return out


def _inside(seg: Seg, rect: dict) -> bool:
    return rect["x0"] - 1 <= seg.x0 and seg.x1 <= rect["x1"] + 1 and rect["top"] - 1 <= seg.top and seg.bottom <= rect["bottom"] + 1


def read(data: bytes, name: str, ocr: str = "auto", ocr_jobs: int = 1,
         ocr_report: list | None = None) -> tuple[list[Line], list[Removed], int]:
    """Lines of a PDF. `ocr`: auto (pages without a usable text layer), off or force; an
    `ocr.OcrReport` is appended to `ocr_report` when pages were OCR'd."""
    pdf = _open(data, name)
    try:
        return _read(pdf, name, data, ocr, ocr_jobs, ocr_report)
    finally:
        pdf.close()


def _read(pdf, name: str, data: bytes = b"", ocr: str = "off", ocr_jobs: int = 1,  # type: ignore[no-untyped-def]
          ocr_report: list | None = None) -> tuple[list[Line], list[Removed], int]:
    pages: list[tuple[object, int, list[Piece], set[int], float | None, list[dict], list[dict]]] = []
    total = cid = 0

    def layer(pno: int):  # type: ignore[no-untyped-def]
        try:
            return page_objects(pdf, pdf.pages[pno - 1])
        except Exception as e:
            raise InputError(name, f"damaged PDF page {pno} ({type(e).__name__})") from None

    # --- OCR hook: per page, the glyphs come from the text layer or from OCR (ingest/ocr.py) ---
    from .ocr import page_objects_with_ocr

    layers = page_objects_with_ocr(data, name, len(pdf.pages), layer, ocr, ocr_jobs, ocr_report)
    # --- end of OCR hook ---
    for pno, (page, objs) in enumerate(zip(pdf.pages, layers), 1):
        # glyphs of size zero are invisible (and divide nothing): not text a reader sees
        chars = [c for c in objs.chars if c["size"] > MIN_GLYPH_SIZE]
        rects = [r for r in objs.rects if (r["x1"] - r["x0"]) < page.width * 0.95]
        rules = [ln for ln in objs.lines if abs(ln["top"] - ln["bottom"]) < 1.5] + [
            r for r in objs.rects if (r["bottom"] - r["top"]) < 1.5 and (r["x1"] - r["x0"]) > 20]
        total += len(chars)
        cid += sum(1 for c in chars if c["text"].startswith("(cid:")) + objs.unmapped
        chars, bold_ids = _dedupe([c for c in chars if c.get("upright", True)])
        pieces = _pieces(chars)
        pages.append((page, pno, pieces, bold_ids, _gutter(pieces, float(page.width)), rects, rules))
    if total == 0:
        raise InputError(name, "no text layer (scanned or image-only PDF)")
    if cid / total > MAX_CID_SHARE:
        raise InputError(name, "unreadable text layer (fonts without ToUnicode map)")
    found = [g for *_, g, _r, _l in pages if g is not None]
    doc_gutter = statistics.median(found) if found else None
    pages_segs = []
    for page, pno, pieces, bold_ids, gutter, rects, rules in pages:
        width = float(page.width)  # type: ignore[attr-defined]
        if gutter is None and doc_gutter is not None and pieces:
            # a page with one column filled (the last page) keeps the document's gutter
            crossing = sum(1 for p in pieces if p.x0 < doc_gutter < p.x1)
            if crossing <= FALLBACK_CROSS_SHARE * len(pieces):
                gutter = doc_gutter
        by_col: dict[int | None, list[Piece]] = {0: [], 1: [], None: []}
        for p in pieces:
            p.column = None if gutter is None else 0 if p.x1 <= gutter else 1 if p.x0 >= gutter else None
        if gutter is not None:
            _full_width_tails(pieces)
        for p in pieces:
            by_col[p.column].append(p)
        segs: list[Seg] = []
        for col, ps in by_col.items():
            for row in _rows(ps):
                segs.extend(_segments(row, pno, col))
        for s in segs:
            _text_of(s)
            s.boxed = any(_inside(s, r) and (r["bottom"] - r["top"]) > 2 * s.size for r in rects)
            s.chars_bold = [id(c) in bold_ids for c in s.chars]  # type: ignore[attr-defined]
        cuts = [r["top"] for r in rules if (r["x1"] - r["x0"]) >= BAND_RULE_SHARE * width]
        pages_segs.append((page, _reading_order(segs, cuts), rects, rules))
    return _to_lines(pages_segs)


def _to_lines(pages_segs) -> tuple[list[Line], list[Removed], int]:  # type: ignore[no-untyped-def]
    sizes: Counter[float] = Counter()
    cjk_sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for _, segs, _, _ in pages_segs:
        for s in segs:
            sizes[s.size] += len(s.text)
            cjk_sizes[s.size] += sum(1 for ch in s.text if "\u4e00" <= ch <= "\u9fff")
            fonts[s.font] += len(s.text)
    # the body is the size most Chinese text is set in: a long Latin reference list in a smaller
    # size can outnumber a short review's body in characters, never in Chinese ones
    body_size = (cjk_sizes if sum(cjk_sizes.values()) else sizes).most_common(1)[0][0] if sizes else 10.0
    total_chars = sum(fonts.values()) or 1
    # faces that carry a real share of the text are body faces (CJK and Latin alike)
    body_faces = {f for f, n in fonts.items() if n / total_chars >= BODY_FACE_SHARE}
    # repeated text in the page margins is a running header or footer
    margin_keys: Counter[str] = Counter()
    for page, segs, _, _ in pages_segs:
        h = float(page.height)
        for s in segs:
            if s.top < h * MARGIN_BAND or s.bottom > h * (1 - MARGIN_BAND):
                margin_keys[re.sub(r"\d+", "#", s.text.replace(" ", ""))] += 1
    lines: list[Line] = []
    removed: list[Removed] = []
    for page, segs, _rects, rules in pages_segs:
        h = float(page.height)
        w = float(page.width)
        col_x0: dict[int | None, float] = {}
        col_x1: dict[int | None, float] = {}
        for col in (0, 1, None):
            body = [s for s in segs if s.column == col and abs(s.size - body_size) < 0.6]
            if body:
                col_x0[col] = statistics.median(sorted(s.x0 for s in body)[: max(1, len(body) // 2)])
                col_x1[col] = max(s.x1 for s in body)
        footnote_top = _footnote_rule(rules, w, h, segs)
        header_rule = min((r["top"] for r in rules if r["top"] < h * MARGIN_BAND and
                           (r["x1"] - r["x0"]) >= BAND_RULE_SHARE * w), default=None)
        prev: Seg | None = None
        header: Seg | None = None
        for s in segs:
            pno = s.page
            in_margin = s.top < h * MARGIN_BAND or s.bottom > h * (1 - MARGIN_BAND)
            key = re.sub(r"\d+", "#", s.text.replace(" ", ""))
            if in_margin and PAGE_NUMBER_RE.match(s.text):
                removed.append(Removed(reason="page_number", text=s.text, page=pno, rule="pdf.margin_page_number"))
                continue
            # the header area: repeated margin text, or anything above a page-wide rule in the top band
            under_rule = header_rule is not None and s.bottom <= header_rule
            if in_margin and (margin_keys[key] >= 2 and len(pages_segs) >= 2 or under_rule):
                if header is not None and removed and removed[-1].reason == "running_header" and \
                        min(header.bottom, s.bottom) - max(header.top, s.top) > 0:
                    # the parts of one header line (journal left, issue right) are one entry
                    removed[-1] = removed[-1].model_copy(update={"text": removed[-1].text + " " + s.text})
                else:
                    # a footer that prints the page number with the journal line: two entries
                    number, rest = _split_page_number(s.text)
                    if number:
                        removed.append(Removed(reason="page_number", text=number, page=pno,
                                               rule="pdf.margin_page_number"))
                    if rest:
                        removed.append(Removed(reason="running_header", text=rest, page=pno,
                                               rule="pdf.margin_repeated"))
                header = s
                continue
            ft = footnote_top.get(s.column)
            if ft is not None and s.top >= ft and s.size < body_size:
                last = removed[-1] if removed else None
                if last is not None and last.reason == "footnote" and last.page == pno:
                    # one footnote block, however many lines it wraps over
                    removed[-1] = last.model_copy(update={"text": last.text + s.text})
                else:
                    removed.append(Removed(reason="footnote", text=s.text, page=pno, rule="pdf.below_footnote_rule"))
                continue
            c0 = col_x0.get(s.column, s.x0)
            c1 = col_x1.get(s.column, s.x1)
            # a visible break: extra space above in the same column, or a move between a
            # full-width block and the columns (not the turn from one column to the next)
            if prev is None:
                gap_before = False
            elif prev.column == s.column:
                gap_before = s.top - prev.bottom > PARA_GAP * s.size
            else:
                gap_before = prev.column is None or s.column is None
            bold_flags = getattr(s, "chars_bold", [])
            families = [_family(c["fontname"]) for c in s.chars]
            all_bold = bool(bold_flags) and all(bold_flags)
            lead_len = 0
            lead_font = None
            first_face = families[0] if families else None
            lead_is_heading = first_face not in body_faces or (bool(bold_flags) and bold_flags[0] and not all_bold)
            if first_face and lead_is_heading:
                k = 0
                while k < len(s.chars) and (families[k] == first_face or s.chars[k]["text"].isspace()) and \
                        (not bold_flags or bold_flags[k] == bold_flags[0]):
                    k += 1
                if 0 < k < len(s.chars):
                    lead_font = first_face
                    lead_len = len("".join(c["text"] for c in s.chars[:k]).rstrip())
            heading_face = (s.font not in body_faces and s.size >= body_size - 0.6) or s.size > body_size + 0.6 \
                or all_bold
            # a long rule between the previous line and this one
            above = prev.bottom if prev is not None else s.top - RULE_REACH * s.size
            rule_above = (prev is None or prev.column == s.column) and any(above <= r["top"] < s.top and h * MARGIN_BAND < r["top"] < h * (1 - MARGIN_BAND) and
                             r["x0"] < s.x1 and r["x1"] > s.x0 and
                             (r["x1"] - r["x0"]) > BAND_RULE_SHARE * w for r in rules)
            line = Line(
                text=s.text, page=pno, boxes=s.boxes, font=s.font, size=s.size, heading_face=heading_face,
                bold=all_bold or "bold" in s.font.lower(), x0=s.x0, x1=s.x1, top=s.top, bottom=s.bottom,
                column=s.column, indent=max(0.0, (s.x0 - c0) / s.size) if s.x0 - c0 > INDENT_MIN * s.size else 0.0,
                short=s.x1 < c1 - 1.5 * s.size, fill=(s.x1 - c0) / max(c1 - c0, 1.0),
                gap_before=gap_before or rule_above,
                boxed=s.boxed, lead_font=lead_font, lead_len=lead_len, index=len(lines),
            )
            lines.append(line)
            prev = s
    return lines, removed, len(pages_segs)


_EDGE_NUMBER = re.compile(r"^([·•\-—–]\s*\d{1,4}\s*[·•\-—–])\s*(.*)$|^(.*?)\s*([·•\-—–]\s*\d{1,4}\s*[·•\-—–])$")


def _split_page_number(text: str) -> tuple[str | None, str]:
    """"· 630 ·  中国临床药理学杂志 ……" -> ("· 630 ·", "中国临床药理学杂志 ……")."""
    m = _EDGE_NUMBER.match(text.strip())
    if not m:
        return None, text
    if m.group(1):
        return m.group(1), m.group(2).strip()
    return m.group(4), m.group(3).strip()


def _footnote_rule(rules: list[dict], w: float, h: float, segs: list | None = None) -> dict[int | None, float]:
    """Rules in the lower part of a page start a footnote area: a short one in its column,
    a long one across the page (some journals rule off a full-width footnote)."""
    out: dict[int | None, float] = {}
    for r in rules:
        length = r["x1"] - r["x0"]
        if r["top"] <= h * FOOTNOTE_ZONE:
            continue
        if length < w * 0.3:
            col = 0 if r["x1"] <= w / 2 + 2 else 1
            out[col] = min(out.get(col, h), r["top"])
        elif segs is not None and _footnote_below(r, segs):
            for col in (0, 1, None):
                out[col] = min(out.get(col, h), r["top"])
    return out


def _footnote_below(rule: dict, segs: list) -> bool:
    """A long rule opens a footnote only when what follows it reads like one (收稿日期, 通信作者 ...)."""
    from ..furniture import is_footnote

    below = sorted((sg for sg in segs if sg.top >= rule["top"] - 1), key=lambda sg: sg.top)[:2]
    return any(is_footnote(sg.text) for sg in below)
