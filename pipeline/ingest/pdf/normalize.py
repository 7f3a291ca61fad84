"""Glyph text as a reader reads it, every output character keeping a box.

Rules are data (`resources/pdf_text.json`): first, a font whose ToUnicode map gives a symbol
the code of another character (Elsevier's Advent math fonts: `þ` for `+`, `¼` for `=`,
U+0002 for `±`) has its glyphs read as what they print, face by face (`font_glyph_maps`:
the same codes in other faces say what they are); then full-width ASCII forms (`Ｄｉｅ－ｐｕｎｃｈ`,
`１０．３９６９`) read as ASCII while the punctuation Chinese prints full width stays;
ligatures expand into one glyph per letter (the box split evenly); C1 control codes
passed through by a broken ToUnicode map read as the Windows-1252 character they are
(0x82 is cp1252's low comma, which CNKI punctuation fonts draw as `，`, so beside Chinese
characters or on a Chinese page it is `，`); a bullet operator between digits is a decimal point; PDFium's
end-of-line hyphen marker is a hyphen; other control characters never reach the text.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from ...resources import pdf_text_rules

if TYPE_CHECKING:
    from .glyphs import Glyph, PageGlyphs


@cache
def _tables() -> tuple[dict[str, str], frozenset[str], frozenset[str], frozenset[str], str]:
    r = pdf_text_rules()
    direct: dict[str, str] = {}
    for u in range(0xFF01, 0xFF5F):
        ch = chr(u)
        if ch not in r.keep_fullwidth and ch not in r.fullwidth_between_alnum:
            direct[ch] = chr(u - 0xFEE0)
    for ch in r.spaces:
        direct[ch] = " "
    for ch in r.line_end_hyphens:
        direct[ch] = "-"
    for ch in r.drop:
        direct[ch] = ""
    for u in range(0x80, 0xA0):
        try:
            direct[chr(u)] = bytes([u]).decode("cp1252")
        except UnicodeDecodeError:
            direct[chr(u)] = ""
    for u in range(0xFB00, 0xFB07):  # Latin ligatures
        direct[chr(u)] = unicodedata.normalize("NFKC", chr(u))
    between = frozenset(r.fullwidth_between_alnum) | frozenset(r.decimal_points)
    return direct, between, frozenset(r.low_commas), frozenset(r.decimal_points), r.cjk_comma


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@cache
def _font_maps() -> dict[str, dict[str, str]]:
    return pdf_text_rules().font_glyph_maps


def normalize_text(chars: list[str], chinese_page: bool | None = None, faces: list[str] | None = None) -> list[str]:
    """The text of glyphs in content order, each glyph's text mapped with its neighbours in view.

    `faces` (one per glyph) lets a face's own map (`font_glyph_maps`) repair its glyphs first;
    a repaired glyph is final (its `±` from U+0002 is no end-of-line hyphen).

    A low comma is a Chinese comma beside a Chinese character, or anywhere on a page that is
    mostly Chinese (Chinese typesetting has no low-9 quotation mark; `chinese_page` None: decide
    from `chars`).
    """
    direct, between, low_commas, decimals, cjk_comma = _tables()
    font_maps = _font_maps() if faces else {}
    fixed: set[int] = set()
    if faces and font_maps and not font_maps.keys().isdisjoint(faces):
        out = _mapped(chars, faces, font_maps, direct, fixed)
    else:  # no face with a map of its own on the page: one table lookup per glyph
        plain = _plain_table()
        out = [plain.get(ch, ch) for ch in chars]
    special = between | low_commas
    for k in [k for k, m in enumerate(out) if m in special]:
        m = out[k]
        if len(m) != 1 or k in fixed:
            continue
        prev = next((out[j][-1] for j in range(k - 1, max(k - 3, -1), -1) if out[j].strip()), "")
        nxt = next((out[j][0] for j in range(k + 1, min(k + 3, len(out))) if out[j].strip()), "")
        if m in low_commas:
            if chinese_page is None:  # decided once, from `chars`, where a low comma needs it
                letters = [ch for ch in chars if ch.isalpha()]
                chinese_page = bool(letters) and sum(1 for ch in letters if is_cjk(ch)) > 0.5 * len(letters)
            if chinese_page or is_cjk(prev) or is_cjk(nxt):
                out[k] = cjk_comma
        elif m in decimals:
            if prev.isdigit() and nxt.isdigit():
                out[k] = "."
        elif _alnum(prev) or nxt.isascii() and nxt.isdigit():
            out[k] = chr(ord(m) - 0xFEE0)
    return out


@cache
def _plain_table() -> dict[str, str]:
    """`_tables()`'s direct map with the control characters it leaves (they read as nothing)."""
    table = {chr(u): "" for u in range(0x20)}
    table["\x7f"] = ""
    table.update(_tables()[0])
    return table


def _mapped(
    chars: list[str], faces: list[str], font_maps: dict[str, dict[str, str]], direct: dict[str, str], fixed: set[int]
) -> list[str]:
    """Each glyph's text through its face's own map first (adding its index to `fixed`), then `direct`."""
    out: list[str] = []
    for k, ch in enumerate(chars):
        table = font_maps.get(faces[k])
        if table and ch in table:
            out.append(table[ch])
            fixed.add(k)
            continue
        m = direct.get(ch)
        if m is None:
            if ch < " " or ch == "\x7f":
                m = ""
            else:
                m = ch
        out.append(m)
    return out


def clean_page(page: PageGlyphs) -> None:
    """Normalise the text of every glyph of `page` in place; a glyph of several letters is split."""
    glyphs = page.glyphs
    texts = normalize_text([g.text for g in glyphs], faces=[g.face for g in glyphs])
    if set(map(len, texts)) <= {1}:  # every glyph one character (an empty page too)
        for g, t in zip(glyphs, texts):
            g.text = t
        return
    out: list[Glyph] = []
    for g, t in zip(glyphs, texts):
        if len(t) == 1:
            g.text = t
            out.append(g)
        elif t:
            out.extend(_split(g, t))
    page.glyphs = out


def _split(g: Glyph, text: str) -> list[Glyph]:
    from .glyphs import Glyph

    w = (g.x1 - g.x0) / len(text)
    return [
        Glyph(
            ch,
            g.x0 + k * w,
            g.x0 + (k + 1) * w,
            g.top,
            g.bottom,
            g.base,
            g.size,
            g.face,
            g.bold,
            g.italic,
            g.obj,
            g.gray,
            g.ink,
        )
        for k, ch in enumerate(text)
    ]
