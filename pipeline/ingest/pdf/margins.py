"""Segments -> `Line`s, with the page furniture taken out: running headers, page numbers, footnotes.

Furniture is recognised by position, size and repetition: repeated text in the top and
bottom bands (or anything above a page-wide header rule), page numbers in those bands,
footnotes under a short rule in their column or under a long rule when what follows
reads like a footnote. Each line also gets the cues structure needs: indent, fill, a
visible break above, heading face, a lead run in another face.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from ...furniture import PAGE_NUMBER_RE, is_footnote
from ...lines import Line
from ...models import Removed
from .glyphs import Rule
from .normalize import is_cjk
from .records import PageLayout, Seg
from .tablegrid import in_region

# top and bottom bands of the page where running headers and page numbers sit
MARGIN_BAND = 0.075
# indent (in font sizes) that marks a paragraph's first line
INDENT_MIN = 0.8
# white space above a line wider than this many font sizes is a visible break
PARA_GAP = 0.9
# a rule this many font sizes above a column's first line sets it apart
RULE_REACH = 2.5
# a footnote rule is at least this long (pt)
MIN_FOOTNOTE_RULE = 20.0
# a rule below this share of the page height may open a footnote area
FOOTNOTE_ZONE = 0.6
# a face printing at least this share of all glyphs is a body face, not a heading face
BODY_FACE_SHARE = 0.06
# a horizontal rule this long (share of the page width) cuts the page into bands
BAND_RULE_SHARE = 0.6

_DIGITS = re.compile(r"\d+")
# the characters `is_cjk` accepts, to count and find them in C rather than one call per character
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_EDGE_NUMBER = re.compile(r"^([·•\-—–]\s*\d{1,4}\s*[·•\-—–])\s*(.*)$|^(.*?)\s*([·•\-—–]\s*\d{1,4}\s*[·•\-—–])$")


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.replace(" ", ""))


class _DocStats:
    """What the whole document says about its body: size, faces, repeated margin text."""

    def __init__(self, pages: list[PageLayout]) -> None:
        sizes: Counter[float] = Counter()
        cjk_sizes: Counter[float] = Counter()
        fonts: Counter[str] = Counter()
        self.margin_keys: Counter[str] = Counter()
        for page in pages:
            for s in page.segs:
                sizes[s.size] += len(s.text)
                cjk_sizes[s.size] += len(_CJK.findall(s.text))
                # faces by glyph, so a Latin face used inside Chinese lines counts as a body face
                fonts.update(f for f in s.faces if f is not None)
                if in_margin(s, page):
                    self.margin_keys[_key(s.text)] += 1
        # the body is the size most Chinese text is set in: a long Latin reference list in a smaller
        # size can outnumber a short review's body in characters, never in Chinese ones
        source = cjk_sizes if sum(cjk_sizes.values()) else sizes
        self.body_size = source.most_common(1)[0][0] if source else 10.0
        total = sum(fonts.values()) or 1
        # faces that carry a real share of the text are body faces (CJK and Latin alike)
        self.body_faces = {f for f, n in fonts.items() if n / total >= BODY_FACE_SHARE}
        self.pages = len(pages)


def in_margin(s: Seg, page: PageLayout) -> bool:
    """In the page's top or bottom band, or the first or last printed line of the page's text
    (journals with wide margins print their running header below any fixed band)."""
    h = page.height
    if s.top < h * MARGIN_BAND or s.bottom > h * (1 - MARGIN_BAND):
        return True
    return s.top <= page.text_top + 0.5 * s.size or s.bottom >= page.text_bottom - 0.5 * s.size


def to_lines(pages: list[PageLayout]) -> tuple[list[Line], list[Removed]]:
    stats = _DocStats(pages)
    lines: list[Line] = []
    removed: list[Removed] = []
    for page in pages:
        _page_lines(page, stats, lines, removed)
    return lines, removed


def _column_edges(segs: list[Seg], body_size: float) -> tuple[dict[int | None, float], dict[int | None, float]]:
    col_x0: dict[int | None, float] = {}
    col_x1: dict[int | None, float] = {}
    for col in (0, 1, None):
        body = [s for s in segs if s.column == col and abs(s.size - body_size) < 0.6]
        if body:
            col_x0[col] = statistics.median(sorted(s.x0 for s in body)[: max(1, len(body) // 2)])
            col_x1[col] = max(s.x1 for s in body)
    return col_x0, col_x1


def _page_lines(page: PageLayout, st: _DocStats, lines: list[Line], removed: list[Removed]) -> None:
    h, w = page.height, page.width
    segs = page.segs
    col_x0, col_x1 = _column_edges(segs, st.body_size)
    # a table's rules (the short one under a spanning heading) open no footnote area
    # (nor does a bar over a letter, "x̄±s", a few points wide)
    own = [
        r
        for r in page.rules
        if r.x1 - r.x0 >= MIN_FOOTNOTE_RULE and not in_region(r.x0, r.x1, r.top, r.bottom, page.tables)
    ]
    footnote_top = footnote_rule(own, w, h, segs)
    header_rule = min(
        (r.top for r in page.rules if r.top < h * MARGIN_BAND and (r.x1 - r.x0) >= BAND_RULE_SHARE * w), default=None
    )
    prev: Seg | None = None
    header: Seg | None = None
    foot: Seg | None = None  # the last footnote line under a rule
    for s in segs:
        pno = s.page
        margin = in_margin(s, page)
        if margin and PAGE_NUMBER_RE.match(s.text):
            removed.append(Removed(reason="page_number", text=s.text, page=pno, rule="pdf.margin_page_number"))
            continue
        # the header area: repeated margin text, or anything above a page-wide rule in the top band
        under_rule = header_rule is not None and s.bottom <= header_rule
        if margin and (st.margin_keys[_key(s.text)] >= 2 and st.pages >= 2 or under_rule):
            _margin_entry(s, header, removed, pno)
            header = s
            continue
        ft = footnote_top.get(s.column)
        if ft is not None and s.top >= ft and (s.size < st.body_size or _wraps(s, foot)):
            last = removed[-1] if removed else None
            if last is not None and last.reason == "footnote" and last.page == pno:
                # one footnote block, however many lines it wraps over
                removed[-1] = last.model_copy(update={"text": last.text + s.text})
            else:
                removed.append(Removed(reason="footnote", text=s.text, page=pno, rule="pdf.below_footnote_rule"))
            foot = s
            continue
        lines.append(_line(s, prev, page, st, col_x0, col_x1, len(lines)))
        prev = s


def _wraps(s: Seg, foot: Seg | None) -> bool:
    """`s` is the next line of the footnote `foot` in its column: right under it, no further
    than a line of it. A scan's size of a line without Chinese characters is an estimate from
    its box (an e-mail address, a DOI), so the footnote's own lines tell where it goes on."""
    return (
        foot is not None
        and foot.column == s.column
        and 0 <= s.top - foot.bottom <= (foot.bottom - foot.top)
        and not any(is_cjk(ch) for ch in s.text)
    )


def _margin_entry(s: Seg, header: Seg | None, removed: list[Removed], pno: int) -> None:
    if (
        header is not None
        and removed
        and removed[-1].reason == "running_header"
        and min(header.bottom, s.bottom) - max(header.top, s.top) > 0
    ):
        # the parts of one header line (journal left, issue right) are one entry
        removed[-1] = removed[-1].model_copy(update={"text": removed[-1].text + " " + s.text})
        return
    # a footer that prints the page number with the journal line: two entries
    number, rest = split_page_number(s.text)
    if number:
        removed.append(Removed(reason="page_number", text=number, page=pno, rule="pdf.margin_page_number"))
    if rest:
        removed.append(Removed(reason="running_header", text=rest, page=pno, rule="pdf.margin_repeated"))


def _lead_run(s: Seg, body_faces: set[str]) -> tuple[str | None, int]:
    """The face and length of a run at the line's start in another face or weight (a run-in heading).

    Digits, punctuation and spaces take any face (converted files draw them in faces of
    their own); the run is decided by its Chinese characters, or on a Latin line by its letters.
    """
    # on a Chinese line, Latin words come in a face of their own (Founder files), so only the
    # Chinese characters decide the run; a Latin line's letters decide its own
    letters = [k for k in (m.start() for m in _CJK.finditer(s.text)) if s.faces[k] is not None]
    if not letters:
        letters = [k for k, ch in enumerate(s.text) if s.faces[k] is not None and ch.isalpha()]
    if not letters:
        return None, 0
    first = letters[0]
    face, bold = s.faces[first], s.bold[first]
    if face in body_faces and not bold:
        return None, 0  # a body line: the test below fails whatever the other letters' weight
    all_bold = all(s.bold[k] for k in letters)
    if not (face not in body_faces or (bold and not all_bold)):
        return None, 0
    last = None
    for k in letters:
        if s.faces[k] != face or s.bold[k] != bold:
            break
        last = k
    else:
        return None, 0  # the whole line is in the lead's face: no run-in
    if last is None:
        return None, 0
    # the run ends after its last letter and the punctuation right after it ("方法：");
    # a Latin word between the run and the next face belongs to the text ("药物 ALS 还有")
    end = last + 1
    # ... but Latin or digits in the run's own face or weight go with it ("多黏菌素 E")
    k = end
    while k < len(s.text) and not is_cjk(s.text[k]):
        if not s.text[k].isspace():
            if s.faces[k] != face and not (bold and s.bold[k]):
                break
            end = k + 1
        k += 1
    while end < len(s.text) and not s.text[end].isalnum() and not s.text[end].isspace():
        end += 1
    return face, end


def _line(
    s: Seg,
    prev: Seg | None,
    page: PageLayout,
    st: _DocStats,
    col_x0: dict[int | None, float],
    col_x1: dict[int | None, float],
    index: int,
) -> Line:
    h, w = page.height, page.width
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
    # a line without a bold character (most) has no need to look at its letters one by one
    letter_bold = [b for b, ch in zip(s.bold, s.text) if not ch.isspace()] if True in s.bold else []
    all_bold = bool(letter_bold) and all(letter_bold)
    lead_font, lead_len = _lead_run(s, st.body_faces)
    heading_face = (
        (s.font not in st.body_faces and s.size >= st.body_size - 0.6) or s.size > st.body_size + 0.6 or all_bold
    )
    # a long rule between the previous line and this one
    above = prev.bottom if prev is not None else s.top - RULE_REACH * s.size
    rule_above = (prev is None or prev.column == s.column) and any(
        above <= r.top < s.top
        and h * MARGIN_BAND < r.top < h * (1 - MARGIN_BAND)
        and r.x0 < s.x1
        and r.x1 > s.x0
        and (r.x1 - r.x0) > BAND_RULE_SHARE * w
        for r in page.rules
    )
    return Line(
        text=s.text,
        page=s.page,
        boxes=s.boxes,
        font=s.font,
        size=s.size,
        heading_face=heading_face,
        bold=all_bold,
        x0=s.x0,
        x1=s.x1,
        top=s.top,
        bottom=s.bottom,
        column=s.column,
        indent=max(0.0, (s.x0 - c0) / s.size) if s.x0 - c0 > INDENT_MIN * s.size else 0.0,
        short=s.x1 < c1 - 1.5 * s.size,
        fill=(s.x1 - c0) / max(c1 - c0, 1.0),
        gap_before=gap_before or rule_above,
        boxed=s.boxed,
        lead_font=lead_font,
        lead_len=lead_len,
        lead_gaps=s.lead_gaps,
        index=index,
    )


def split_page_number(text: str) -> tuple[str | None, str]:
    """ "· 630 ·  中国临床药理学杂志 ……" -> ("· 630 ·", "中国临床药理学杂志 ……")."""
    m = _EDGE_NUMBER.match(text.strip())
    if not m:
        return None, text
    if m.group(1):
        return m.group(1), m.group(2).strip()
    return m.group(4), m.group(3).strip()


def footnote_rule(rules: list[Rule], w: float, h: float, segs: list[Seg]) -> dict[int | None, float]:
    """Rules in the lower part of a page start a footnote area: a short one in its column,
    a long one across the page when what follows reads like a footnote (收稿日期, 通信作者 ...)."""
    out: dict[int | None, float] = {}
    for r in rules:
        length = r.x1 - r.x0
        if r.top <= h * FOOTNOTE_ZONE:
            continue
        if length < w * 0.3:
            col = 0 if r.x1 <= w / 2 + 2 else 1
            out[col] = min(out.get(col, h), r.top)
        elif _footnote_below(r, segs):
            for side in (0, 1, None):
                out[side] = min(out.get(side, h), r.top)
    return out


def _footnote_below(rule: Rule, segs: list[Seg]) -> bool:
    below = sorted((sg for sg in segs if sg.top >= rule.top - 1), key=lambda sg: sg.top)[:2]
    return any(is_footnote(sg.text) for sg in below)
