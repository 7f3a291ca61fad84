"""The PDF text layer on PDFium: glyph text as a reader reads it, lines by baseline, real journal files.

The real PDFs are read from ../shared/real-pdfs (never copied into the project); their
tests skip where that folder is absent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest import pdf as pdf_ingest
from pipeline.ingest.pdf import glyphs as glyph_mod
from pipeline.ingest.pdf import lines as lines_mod
from pipeline.ingest.pdf.glyphs import ASCENT, DESCENT, Glyph, face_of
from pipeline.ingest.pdf.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-pdfs"
REAL_PDFS = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
CORPUS_PDFS = sorted((ROOT / "raw").glob("*_print.pdf"))
needs_real = pytest.mark.skipif(not REAL_PDFS, reason="../shared/real-pdfs not present")


def norm(s: str) -> str:
    return "".join(normalize_text(list(s)))


# -- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, read",
    [
        ("Ｄｉｅ－ｐｕｎｃｈ骨折", "Die-punch骨折"),
        ("ｄｏｉ：１０．３９６９／ｊ．ｉｓｓｎ", "doi：10.3969/j.issn"),  # the Chinese colon stays full width
        ("治疗，结果（１２例）；", "治疗，结果（12例）；"),
        ("结束．下一句", "结束．下一句"),  # a full stop after Chinese text is no ASCII period
        ("３－５年", "3-5年"),
        ("肾素－血管紧张素", "肾素-血管紧张素"),
        ("initiation．【Key", "initiation.【Key"),
        ("ﬁbrosis and ﬂow", "fibrosis and flow"),
        ("手舟骨\x82月骨", "手舟骨，月骨"),  # cp1252's low comma from a broken ToUnicode map, between Chinese
        ("as \x82so", "as \u201aso"),  # on a Latin page it stays the low quotation mark it is
        ("1\u22195 mg", "1.5 mg"),  # a bullet operator between digits is a decimal point
        ("treat\u0002", "treat-"),  # PDFium's end-of-line hyphen marker
        ("a\x07b\x1fc\x7f", "abc"),
        ("\u3000骨折", " 骨折"),
    ],
)
def test_normalize(raw: str, read: str) -> None:
    assert norm(raw) == read


@given(st.lists(st.characters(codec="utf-16", exclude_categories=("Cs",)), max_size=40))
def test_normalize_keeps_one_entry_per_glyph_and_no_control_characters(chars: list[str]) -> None:
    out = normalize_text(chars)
    assert len(out) == len(chars)  # every glyph keeps its place (and so its box)
    for t in out:
        assert not any(unicodedata.category(ch) == "Cc" for ch in t)


@pytest.mark.parametrize(
    "name, face",
    [
        ("DY247+ZHXEXo-249", "ZHXEXo"),
        ("DY4+ZHXEXQ-4", "ZHXEXQ"),
        ("KTJ+FZSSK--GBK1-0", "FZSSK--GBK1"),
        ("AAAAAB+UMingCN", "UMingCN"),
        ("Times-Roman", "Times-Roman"),
    ],
)
def test_face_ignores_subset_tags(name: str, face: str) -> None:
    assert face_of(name) == face


def _glyph(text: str, x0: float, base: float, size: float, face: str, box_shift: float = 0.0) -> Glyph:
    w = size if ord(text[0]) > 0x2E80 else size / 2
    return Glyph(
        text, x0, x0 + w, base - ASCENT * size + box_shift, base + DESCENT * size + box_shift, base, size, face
    )


def test_glyphs_on_one_baseline_are_one_line_whatever_their_face() -> None:
    # the em box stands on the baseline; a digit face whose own box sits 8 pt off changes nothing
    row = [
        _glyph("本", 50, 100, 9, "FZSSK"),
        _glyph("组", 59, 100, 9, "FZSSK"),
        _glyph("5", 68.5, 100, 9, "NEU-BZ"),
        _glyph("9", 73, 100, 9, "NEU-BZ"),
        _glyph("例", 78, 100, 9, "FZSSK"),
    ]
    pieces = lines_mod.pieces(row)
    assert len(pieces) == 1
    rows = lines_mod.rows(pieces)
    seg = lines_mod.segments(rows[0], 1, None)[0]
    lines_mod.text_of(seg, set())
    assert seg.text == "本组59例" or seg.text == "本组 59例"
    assert seg.font == "FZSSK" and seg.size == 9


def test_raised_citation_stays_on_its_line_and_does_not_set_its_size() -> None:
    row = [_glyph(ch, 50 + 9 * k, 100, 9, "Song") for k, ch in enumerate("研究进展")]
    row += [_glyph(ch, 86 + 3 * k, 96.5, 6, "Times") for k, ch in enumerate("[12]")]
    pieces = lines_mod.pieces(row)
    rows = lines_mod.rows(pieces)
    assert len(rows) == 1
    seg = lines_mod.segments(rows[0], 1, None)[0]
    assert seg.size == 9


def test_latin_words_of_a_tightly_set_line_keep_their_spaces() -> None:
    x, row = 50.0, []
    for word in ("distal", "radius", "fracture", "Eur", "J", "Orthop"):
        for ch in word:
            row.append(Glyph(ch, x, x + 3.5, 90, 100, 99, 7.8, "NEU"))
            x += 3.6  # letters 0.1 pt apart
        x += 1.5  # words 1.6 pt apart: under a fifth of the size, five times the letter spacing
    seg = lines_mod.segments(row, 1, None)[0]
    lines_mod.text_of(seg, set())
    assert seg.text == "distal radius fracture Eur J Orthop"


def test_decimal_point_with_air_after_it_is_one_number() -> None:
    row, x = [], 50.0
    for ch, gap in (("3", 0), ("3", 0), (".", 0.1), ("5", 2.0)):
        x += gap
        w = 2.2 if ch == "." else 4.4
        row.append(Glyph(ch, x, x + w, 90, 100, 99, 8.8, "E-BZ"))
        x += w
    seg = lines_mod.segments(row, 1, None)[0]
    lines_mod.text_of(seg, set())
    assert seg.text == "33.5"


def _em_run(
    text: str, x: float, base: float, size: float, gap: float = 0.0, word_gap: float | None = None
) -> list[Glyph]:
    """Glyphs set one em wide (Chinese, or Latin in full-width forms), `gap` pt apart; a space
    advances by `word_gap` instead."""
    out = []
    for ch in text:
        if ch == " ":
            x += (size if word_gap is None else word_gap) - gap
            continue
        out.append(Glyph(ch, x, x + size, base - ASCENT * size, base + DESCENT * size, base, size, "UMing"))
        x += size + gap
    return out


def test_a_justified_fullwidth_line_across_the_gutter_is_one_line() -> None:
    # two columns (gutter at 297.5) and, above them, one line in full-width letters whose
    # justified word gaps (1.26 em) are wider than a piece takes: one word crosses the gutter
    from pipeline.ingest.pdf.glyphs import PageGlyphs

    size = 8.5
    glyphs = _em_run("did not confirm. Pegloticase co-administered with", 65, 100, size, word_gap=1.26 * size)
    for k in range(8):
        glyphs += _em_run("左栏正文" * 6, 66, 130 + 13 * k, 9)
        glyphs += _em_run("右栏正文" * 6, 309, 130 + 13 * k, 9)
    lines, _ = pdf_ingest.layout([PageGlyphs(number=1, width=595, height=842, glyphs=glyphs)])
    assert lines[0].text == "did not confirm. Pegloticase co-administered with"
    assert [ln.text for ln in lines[1:]] == ["左栏正文" * 6] * 8 + ["右栏正文" * 6] * 8


def test_a_word_gap_of_a_letter_spaced_line_is_no_lead_gap() -> None:
    # a justified Chinese line spreads every glyph 1.2 pt: the word space before a full-width
    # "E" is wide (9.6 pt), but no wider than a lead's gap once that spacing is taken off
    spread = _em_run("1.多黏菌素 E：即黏菌素推荐静脉给予负荷剂量", 86, 100, 10, gap=1.2, word_gap=9.58)
    lead = _em_run("1.多黏菌素 即黏菌素推荐静脉给予负荷剂量", 86, 120, 10, gap=1.2, word_gap=11.0)
    for row, gaps in ((spread, ()), (lead, (6,))):
        seg = lines_mod.segments(row, 1, None)[0]
        lines_mod.text_of(seg, set())
        assert seg.lead_gaps == gaps, seg.text


# -- the C loop and the Python loop read the same ----------------------------------------------


@pytest.mark.skipif(glyph_mod._native is None, reason="the C glyph loop was not built")
@pytest.mark.parametrize("path", CORPUS_PDFS[:3] + REAL_PDFS, ids=lambda p: p.stem)
def test_native_and_python_loops_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    native = [(ln.text, ln.page, ln.boxes) for ln in pdf_ingest.read(data, str(path))[0]]
    monkeypatch.setattr(glyph_mod, "_native", None)
    python = [(ln.text, ln.page, ln.boxes) for ln in pdf_ingest.read(data, str(path))[0]]
    assert native == python


# -- real journal PDFs -------------------------------------------------------------------------


@lru_cache(maxsize=None)
def real_lines(name: str):  # type: ignore[no-untyped-def]
    path = REAL / name
    return pdf_ingest.read(path.read_bytes(), str(path))


def real_text(name: str) -> str:
    return "\n".join(ln.text for ln in real_lines(name)[0])


@needs_real
@pytest.mark.parametrize("path", REAL_PDFS, ids=lambda p: p.stem)
def test_every_real_file_opens_with_one_box_per_character(path: Path) -> None:
    lines, _removed, pages = real_lines(path.name)
    assert pages >= 3 and len(lines) > 50
    for ln in lines:
        assert ln.boxes is not None and len(ln.boxes) == len(ln.text)
        assert not any(unicodedata.category(ch) in ("Cc", "Co", "Cs") for ch in ln.text), ln.text
        assert "\ufb01" not in ln.text and "\ufb02" not in ln.text


@needs_real
@pytest.mark.parametrize("path", REAL_PDFS, ids=lambda p: p.stem)
def test_no_chinese_character_lost_against_pdfminer(path: Path) -> None:
    """Every ideograph pdfminer decodes on a page is on that page's lines too (PDFium alone drops
    glyphs of non-embedded GBK fonts; such pages are read with pdfminer)."""
    import pdfplumber

    try:
        doc = pdfplumber.open(path)
    except Exception:
        pytest.skip("pdfminer cannot open this file (PDFium can)")
    lines, removed, _ = real_lines(path.name)
    with doc:
        for k, page in enumerate(doc.pages, 1):
            theirs = sum(1 for c in page.chars if "\u4e00" <= c["text"] <= "\u9fff")
            ours = sum(1 for ln in lines if ln.page == k for ch in ln.text if "\u4e00" <= ch <= "\u9fff")
            ours += sum(1 for r in removed if r.page == k for ch in r.text if "\u4e00" <= ch <= "\u9fff")
            # pdfminer also keeps the second copy of a glyph printed twice (faux bold)
            assert ours >= theirs * 0.99 - 2, (k, ours, theirs)


@needs_real
def test_fullwidth_latin_and_digits_read_as_ascii() -> None:
    text = real_text("zh03_diepunch_radius_review.pdf")
    assert "Die-punch" in text and "10.3969" in text
    assert not re.search(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", text)


@needs_real
def test_broken_tounicode_comma_repaired() -> None:
    text = real_text("zh05_scaphoid_anatomy_lecture.pdf")
    assert "\x82" not in text and "\u201a" not in text
    assert text.count("，") > 50


@needs_real
def test_range_marks_drawn_as_graphics_are_read() -> None:
    text = real_text("zh09_tongji_coalition_clinical.pdf")
    assert re.search(r"年龄 13 ?~ ?65 岁", text)
    assert "33.5±4.8" in text


@needs_real
def test_digits_and_latin_stay_on_their_chinese_lines() -> None:
    # Founder files set digits and Latin in NEU-BZ / E-BZ faces whose boxes sit off the CJK boxes
    for name, snippets in {
        "zh07_perilunate_arthroscopy_shared_page.pdf": ["7例临床分析", "年龄23~54岁", "交通事故伤4例"],
        "zh09_tongji_coalition_clinical.pdf": ["手术治疗的 28 例跟舟骨"],
    }.items():
        text = real_text(name)
        for s in snippets:
            assert s in text.replace("\n", ""), (name, s)


# -- fonts whose ToUnicode map names the wrong glyph ------------------------------------------


def test_font_glyph_map_applies_to_its_face_only() -> None:
    chars = list("49 \x02 13 (\u00fe0.53%) #1 \u00bc")
    mapped = normalize_text(chars, faces=["AdvP4C4E74"] * len(chars))
    plain = normalize_text(chars, faces=["AdvOTe81213fa"] * len(chars))
    assert "".join(mapped) == "49 ± 13 (+0.53%) #1 ="
    # another face keeps its text; its U+0002 is PDFium's end-of-line hyphen, as without faces
    assert plain == normalize_text(chars) and "".join(plain) == "49 - 13 (\u00fe0.53%) #1 \u00bc"
    assert len(mapped) == len(chars)


def test_font_glyph_map_keeps_the_glyph_box() -> None:
    from pipeline.ingest.pdf.glyphs import PageGlyphs
    from pipeline.ingest.pdf.normalize import clean_page

    glyphs = [
        _glyph(ch, 10.0 + 5 * k, 100.0, 10.0, face)
        for k, (ch, face) in enumerate(
            [
                ("4", "AdvOTe81213fa"),
                ("9", "AdvOTe81213fa"),
                ("\x02", "AdvP4C4E74"),
                ("1", "AdvOTe81213fa"),
                ("$", "AdvOT8817665d"),
                ("$", "AdvOTe81213fa"),
                ("\x02", "AdvOTe81213fa"),
            ]
        )
    ]
    boxes = [(g.x0, g.x1) for g in glyphs]
    page = PageGlyphs(number=1, width=600, height=800, glyphs=glyphs)
    clean_page(page)
    assert [g.text for g in page.glyphs] == ["4", "9", "±", "1", "≥", "$", "-"]
    assert [(g.x0, g.x1) for g in page.glyphs] == boxes


@given(st.lists(st.characters(codec="utf-16", exclude_categories=("Cs",)), max_size=40))
def test_font_glyph_maps_never_let_control_characters_through(chars: list[str]) -> None:
    for face in ("AdvP4C4E74", "AdvOT8817665d", "Other"):
        out = normalize_text(chars, faces=[face] * len(chars))
        assert len(out) == len(chars)
        assert not any(unicodedata.category(ch) == "Cc" for t in out for ch in t)


@needs_real
def test_advent_symbol_fonts_read_as_printed() -> None:
    """Elsevier's Advent math fonts give '+', '=', '±', '≥', 'λ', '†' the codes of other characters."""
    if not (REAL / "en02_jacc_letters_shared_pages.pdf").exists():
        pytest.skip("en02 absent")
    lines = real_lines("en02_jacc_letters_shared_pages.pdf")[0]
    text = "\n".join(ln.text for ln in lines)
    for s in ["≥50%", "(+0.53%)", "(+27.79%", "49 ± 13 years", "λGd", "MD†", "ESLD = end-stage"]:
        assert s in text, s
    assert "#167" in text  # an Advent text face's '#' is a '#'
    assert not any("\u00fe" in ln.text or "\u00bc" in ln.text for ln in lines)


def test_font_glyph_maps_rules_reject_control_characters_and_long_keys() -> None:
    from pydantic import ValidationError

    from pipeline.resources import PdfTextRules, pdf_text_rules

    base = pdf_text_rules().model_dump()
    for bad in ({"F": {"\u00fe": "\x02"}}, {"F": {"ab": "+"}}, {"F": {"a": ""}}):
        with pytest.raises(ValidationError):
            PdfTextRules.model_validate({**base, "font_glyph_maps": bad})
