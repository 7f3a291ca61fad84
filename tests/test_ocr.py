"""Scanned PDFs: OCR'd pages give the same document as the typeset file, with a confidence.

Scans are made at test time from the gold reviews' PDFs (tools/make_scans.py: grey, skewed,
speckled, JPEG, image only) and compared, through the same scoring as `reviewx diff`, with
the gold and with the text-layer rendition's output. All gold reviews: bench/ocr.py.
"""

from __future__ import annotations

import importlib.util
import io
import json
import signal
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import extract_bytes
from pipeline.entities import unit_texts
from pipeline.evaluate import compare
from pipeline.ingest import ocr
from pipeline.ingest.ocr import PageObjects
from pipeline.models import Document

from .conftest import GOLD, RAW, ROOT, load_gold

pytest.importorskip("rapidocr_onnxruntime")

# a few reviews of different house styles; bench/ocr.py runs all of them
SCANNED = ["als-treatment-review", "chb-antiviral"]


def _make_scans():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "tools" / "make_scans.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["make_scans"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


make_scans = _make_scans()


@cache
def gold(doc_id: str) -> Document:
    return Document.model_validate(load_gold(GOLD / f"{doc_id}.json"))


def print_pdf(doc_id: str) -> Path:
    return RAW / f"{Path(gold(doc_id).source.path).stem}_print.pdf"


@cache
def scan_bytes(doc_id: str) -> bytes:
    return make_scans.scan_pdf(print_pdf(doc_id).read_bytes(), print_pdf(doc_id).name, seed=0)


@cache
def from_scan(doc_id: str) -> Document:
    return extract_bytes(scan_bytes(doc_id), f"{doc_id}.pdf", ocr_jobs=2)


@cache
def from_text_layer(doc_id: str) -> Document:
    return extract_bytes(print_pdf(doc_id).read_bytes(), f"{doc_id}.pdf")


# --- the scan's document against gold and against the text-layer rendition ---------------


@pytest.mark.parametrize("doc_id", SCANNED)
def test_scan_meets_the_issue_floors(doc_id):
    # issue 13's floors (bench/ocr.py prints the figures for every gold review)
    rep = compare(gold(doc_id), from_scan(doc_id))
    assert rep.structure["body_similarity"] >= 0.97
    assert rep.structure["headings_f1"] >= 0.9


@pytest.mark.parametrize("doc_id", SCANNED)
def test_scan_title_and_no_stray_leaked(doc_id):
    doc = from_scan(doc_id)
    assert doc.metadata.title.zh == gold(doc_id).metadata.title.zh
    assert compare(gold(doc_id), doc).leaked_strays == 0


@pytest.mark.parametrize("doc_id", SCANNED)
def test_scan_entities_close_to_text_layer(doc_id):
    scan, layer = compare(gold(doc_id), from_scan(doc_id)), compare(gold(doc_id), from_text_layer(doc_id))
    for etype in ("drugs", "numbers"):
        assert scan.f1(etype) >= layer.f1(etype) - 0.1, (etype, scan.f1(etype), layer.f1(etype))


@pytest.mark.parametrize("doc_id", SCANNED[:1])
def test_scan_records_ocr_and_grounds_every_entity(doc_id):
    doc = from_scan(doc_id)
    n = doc.source.pages
    assert doc.source.ocr is not None and doc.source.ocr.pages == list(range(1, n + 1))
    assert doc.source.ocr.engine == "rapidocr-onnxruntime" and 0.8 < doc.source.ocr.mean_confidence <= 1
    assert [q.page for q in doc.quality.ocr_pages] == doc.source.ocr.pages
    assert all(q.reason == "no_text_layer" and q.characters > 100 for q in doc.quality.ocr_pages)
    # the scan generator tilts each page; the tilt is found and taken out
    assert any(abs(q.skew_deg) > 0.05 for q in doc.quality.ocr_pages)
    texts = unit_texts(doc)
    e = doc.entities
    for ent in [*e.drugs, *e.trials, *e.doses, *e.numbers]:
        for m in ent.mentions:
            assert texts[m.unit][m.start : m.end] == m.text
            assert m.page is not None and 1 <= m.page <= n and m.boxes
            for x0, top, x1, bottom in m.boxes:
                assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 845


def test_text_layer_output_has_no_ocr_record():
    doc = from_text_layer(SCANNED[0])
    # quality is on every output (issue 12); a text-layer file lists no OCR'd page in it
    assert doc.source.ocr is None and doc.quality is not None and doc.quality.ocr_pages == []


# --- when a page is OCR'd -------------------------------------------------------------------


def test_ocr_off_keeps_the_clear_error(tmp_path, capsys):
    from pipeline.cli import main

    scan = tmp_path / "scanned.pdf"
    scan.write_bytes(scan_bytes(SCANNED[0]))
    code = main(["extract", str(scan), "-o", str(tmp_path / "out"), "--ocr", "off", "--jobs", "1"])
    assert code == 1
    assert "no text layer (scanned or image-only PDF)" in capsys.readouterr().err
    assert not list((tmp_path / "out").glob("*.json"))


def test_ocr_off_keeps_the_unreadable_layer_error():
    from pipeline.errors import InputError

    from .badinputs import no_tounicode_pdf

    with pytest.raises(InputError, match="unreadable text layer"):
        extract_bytes(no_tounicode_pdf(), "no_tounicode.pdf", ocr="off")


def test_mixed_file_is_read_page_by_page(tmp_path):
    from pypdf import PdfReader, PdfWriter

    doc_id = SCANNED[0]
    text_pages = PdfReader(io.BytesIO(print_pdf(doc_id).read_bytes())).pages
    scan_pages = PdfReader(io.BytesIO(scan_bytes(doc_id))).pages
    w = PdfWriter()
    w.add_page(text_pages[0])
    w.add_page(scan_pages[1])
    for p in text_pages[2:]:
        w.add_page(p)
    buf = io.BytesIO()
    w.write(buf)
    doc = extract_bytes(buf.getvalue(), f"{doc_id}.pdf")
    assert doc.source.ocr is not None and doc.source.ocr.pages == [2]
    assert doc.metadata.title.zh == gold(doc_id).metadata.title.zh
    assert compare(gold(doc_id), doc).structure["body_similarity"] >= 0.97


def test_force_ocrs_every_page_of_a_text_pdf():
    doc_id = SCANNED[0]
    doc = extract_bytes(print_pdf(doc_id).read_bytes(), f"{doc_id}.pdf", ocr="force", ocr_jobs=2)
    assert doc.source.ocr is not None and doc.source.ocr.pages == list(range(1, doc.source.pages + 1))
    assert all(q.reason == "forced" for q in doc.quality.ocr_pages)
    # a character may be misread (萎 as 菱 on a clean render): the title is found, nearly exact
    from pipeline.evaluate import similarity

    assert similarity(doc.metadata.title.zh, gold(doc_id).metadata.title.zh) >= 0.9


def _glyph(t: str) -> dict:
    return {"text": t, "fontname": "F", "size": 10.0, "x0": 0, "x1": 5, "top": 0, "bottom": 10, "upright": True}


def test_page_reason():
    clean = PageObjects(chars=[_glyph(c) for c in "肌萎缩侧索硬化症治疗"])
    assert ocr.page_reason(clean, "auto") is None
    assert ocr.page_reason(clean, "force") == "forced"
    assert ocr.page_reason(PageObjects(), "auto") == "no_text_layer"
    assert ocr.page_reason(PageObjects(), "off") is None
    cids = PageObjects(chars=[_glyph("(cid:12)")] * 5 + [_glyph("a")] * 5)
    assert ocr.page_reason(cids, "auto") == "unusable_text_layer"
    private = PageObjects(chars=[_glyph("\ue012")] * 4 + [_glyph("治")] * 6)
    assert ocr.page_reason(private, "auto") == "unusable_text_layer"
    controls = PageObjects(chars=[_glyph("\x03")] * 4 + [_glyph("治")] * 6)
    assert ocr.page_reason(controls, "auto") == "unusable_text_layer"
    no_map = PageObjects(chars=[_glyph("x")] * 10, unmapped=8)
    assert ocr.page_reason(no_map, "auto") == "unusable_text_layer"
    few_bad = PageObjects(chars=[_glyph("\ue012")] + [_glyph("治")] * 9)
    assert ocr.page_reason(few_bad, "auto") is None


# --- line boxes to character boxes ------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list("利鲁唑治疗ALSmgd0123456789.,()（），。 %")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    text=TEXT.filter(lambda t: t.strip()),
    x0=st.floats(10, 300),
    width=st.floats(20, 400),
    top=st.floats(10, 700),
    height=st.floats(8, 40),
    angle=st.floats(-0.02, 0.02),
)
def test_line_box_splits_into_character_boxes_by_width(text, x0, width, top, height, angle):
    line = ocr.OcrLine([(x0, top), (x0 + width, top), (x0 + width, top + height), (x0, top + height)], text, 0.9)
    ink = ocr.LineInk(x0, x0 + width, top, top + height, 2.0, top, top + height)
    glyphs, conf = ocr.glyphs_of([line], [ink], 72)
    stripped = text.strip()
    assert "".join(g["text"] for g in glyphs) == stripped and conf == pytest.approx(0.9)
    assert glyphs[0]["x0"] == pytest.approx(x0) and glyphs[-1]["x1"] == pytest.approx(x0 + width)
    for a, b in zip(glyphs, glyphs[1:]):
        assert a["x1"] == pytest.approx(b["x0"]) and a["x0"] < a["x1"]
    for g in glyphs:
        assert g["fontname"].startswith("OCR") and g["top"] < g["baseline"] < g["bottom"]
        # a Chinese character is about twice as wide as a Latin letter or digit
        assert set(g) >= {"text", "fontname", "size", "x0", "x1", "top", "bottom", "upright", "baseline", "ocr_conf"}
    wide = [g["x1"] - g["x0"] for g in glyphs if "\u4e00" <= g["text"] <= "\u9fff"]
    narrow = [g["x1"] - g["x0"] for g in glyphs if g["text"] in "0123456789"]
    if wide and narrow:
        assert min(wide) > 1.5 * max(narrow)


@settings(max_examples=40, deadline=None)
@given(angle=st.floats(-0.03, 0.03), n=st.integers(3, 12))
def test_skew_is_the_median_slope_of_long_lines(angle, n):
    import math

    lines = []
    for i in range(n):
        x0, y0, w = 50.0 + i, 100.0 + 40 * i, 600.0
        dy = w * math.tan(angle)
        lines.append(ocr.OcrLine([(x0, y0), (x0 + w, y0 + dy), (x0 + w, y0 + dy + 30), (x0, y0 + 30)], "治疗", 0.9))
    assert ocr.skew_angle(lines) == pytest.approx(angle, abs=1e-6)


# --- the scan generator and the time budget ---------------------------------------------------------


def test_scan_generator_is_deterministic_and_image_only():
    import pdfplumber

    src = print_pdf(SCANNED[0]).read_bytes()
    a = make_scans.scan_pdf(src, "x.pdf", seed=1)
    assert a == make_scans.scan_pdf(src, "x.pdf", seed=1)
    assert a != make_scans.scan_pdf(src, "x.pdf", seed=2)
    with pdfplumber.open(io.BytesIO(a)) as pdf, pdfplumber.open(io.BytesIO(src)) as orig:
        assert len(pdf.pages) == len(orig.pages)
        assert all(not p.chars and p.images for p in pdf.pages)
        assert abs(pdf.pages[0].width - orig.pages[0].width) < 1


def test_ocr_extends_a_running_time_budget():
    from pipeline import budget

    old = signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        budget.extend(4, per_page=10.0)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 44.0 < remaining <= 45.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    budget.extend(4)  # no timer running: nothing is armed
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_scan_output_validates_against_schema(tmp_path):
    from pipeline.emit import to_json
    from pipeline.schema import load_document

    p = tmp_path / "doc.json"
    p.write_text(to_json(from_scan(SCANNED[0])), encoding="utf-8")
    doc = load_document(p)
    assert json.loads(p.read_text())["source"]["ocr"]["dpi"] == ocr.OCR_DPI and doc.source.ocr is not None


# --- raised citation markers and word gaps on OCR lines (synthetic ink) -----------------------


def _ink_line(blobs: list[tuple[int, int, int, int]], shape=(60, 300)):
    """An ink mask with filled boxes (x0, x1, top, bottom) in pixels."""
    import numpy as np

    ink = np.zeros(shape, np.uint8)
    for x0, x1, top, bottom in blobs:
        ink[top:bottom, x0:x1] = 1
    return ink


# a line's glyph band from row 20 to 40; body characters fill it, a marker stands in its top half
BODY = [(10, 28, 20, 40), (32, 50, 20, 40)]
MARKER = [(54, 57, 16, 29), (59, 65, 17, 28), (67, 70, 16, 29)]  # "[", "7", "]"


def test_raised_group_is_found_above_the_baseline():
    from pipeline.ingest import ocr_marks

    groups = ocr_marks.raised_groups(_ink_line(BODY + MARKER + [(80, 98, 20, 40)]), 0, 120, 20, 40)
    assert [(g.x0, g.x1, g.top, g.bottom) for g in groups] == [(54.0, 70.0, 16.0, 29.0)]


def test_dots_quotes_and_characters_on_the_baseline_are_not_markers():
    from pipeline.ingest import ocr_marks

    quote = [(54, 60, 18, 23)]  # raised but small, like “
    low = [(54, 70, 26, 40)]  # reaches the baseline
    one = [(54, 72, 28, 30)]  # a flat stroke in the middle (一)
    for extra in (quote, low, one):
        assert ocr_marks.raised_groups(_ink_line(BODY + extra), 0, 120, 20, 40) == []


def test_marker_reading_must_be_a_bracketed_number_list():
    from pipeline.ingest.ocr_marks import marker_text

    assert marker_text("[12]", 0.95) == "[12]"
    assert marker_text("[28-30]", 0.9) == "[28-30]"
    assert marker_text("[9， 11]", 0.9) == "[9，11]"
    assert marker_text("12", 0.99) is None  # no brackets read: leave the engine's text
    assert marker_text("[1a]", 0.99) is None
    assert marker_text("[12]", 0.3) is None  # an unsure reading is no reading


def test_marker_replaces_the_characters_over_it():
    from pipeline.ingest.ocr_marks import Raised, splice

    char_x = [(10.0, 28.0), (32.0, 50.0), (56.0, 66.0), (72.0, 90.0)]
    text, spans, idx = splice("物质7，", char_x, Raised(54, 70, 16, 29), "[7]", 2.0)
    assert text == "物质[7]，" and idx == [2, 3, 4]
    assert spans[2][0] == 54 and spans[4][1] == pytest.approx(70) and spans[5] == (72.0, 90.0)
    # the engine read nothing over the marker: it goes in at its place
    text, _, idx = splice("物质，", [char_x[0], char_x[1], char_x[3]], Raised(54, 70, 16, 29), "[7]", 2.0)
    assert text == "物质[7]，" and idx == [2, 3, 4]
    # characters over the group that are not neighbours: the group is not trusted
    scattered = [(10.0, 28.0), (56.0, 58.0), (32.0, 50.0), (60.0, 66.0)]
    assert splice("物7质]", scattered, Raised(54, 70, 16, 29), "[7]", 2.0) is None


def test_mark_line_reads_each_raised_group_alone():
    from pipeline.ingest import ocr_marks

    ink = _ink_line(BODY + MARKER)
    seen = []

    def reader(crop):
        seen.append(crop.shape)
        return "[7]", 0.97

    marked = ocr_marks.mark_line(
        "物质7l", [(10, 28), (32, 50), (55, 62), (63, 70)], (10, 70, 20, 40), ink, ink * 255, reader
    )
    assert marked is not None and marked.text == "物质[7]" and len(seen) == 1
    # the crop is enlarged, so the recogniser sees the marker at a readable height
    assert seen[0][0] > 2 * (29 - 16)
    assert marked.char_band == [None, None, (16.0, 29.0), (16.0, 29.0), (16.0, 29.0)]
    assert (
        ocr_marks.mark_line(
            "物质7l", [(10, 28), (32, 50), (55, 62), (63, 70)], (10, 70, 20, 40), ink, ink, lambda c: ("乙", 0.9)
        )
        is None
    )


def test_raised_marker_glyphs_keep_their_box_and_a_smaller_size():
    line = ocr.OcrLine([(0, 0), (100, 0), (100, 20), (0, 20)], "物质[7]", 0.9)
    ink = ocr.LineInk(10, 70, 20, 40, 2.0, 18, 42)
    ink.char_x = [(10, 28), (32, 50), (54, 59), (59, 65), (65, 70)]
    ink.char_stroke = [2.0] * 5
    ink.char_band = [None, None, (16.0, 29.0), (16.0, 29.0), (16.0, 29.0)]
    glyphs, _ = ocr.glyphs_of([line], [ink], 72)
    body, marker = glyphs[0], glyphs[3]
    assert (marker["top"], marker["bottom"]) == (16.0, 29.0) and marker["top"] < body["top"]
    assert marker["size"] < body["size"] and marker["bottom"] < body["bottom"]


def test_ink_gaps_between_columns():
    import numpy as np

    cols = np.array([0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0], bool)
    assert ocr._blank_runs(cols, 100) == [(103.0, 105.0), (106.0, 109.0)]


def test_wide_ink_gap_in_a_latin_run_the_engine_read_without_space_splits_it():
    # "lateralsclerosis" over 0..160 with the ink gap of a word space at 66..74
    text = "lateralsclerosis"
    spans = [(i * 10.0, i * 10.0 + 10.0) for i in range(len(text))]
    out = ocr._latin_runs(text, spans, [(66.0, 74.0)], 1.0)
    assert out[6][1] == pytest.approx(66.0) and out[7][0] == pytest.approx(74.0)
    assert out[0][0] == 0.0 and out[-1][1] == pytest.approx(160.0)
    # no word gap inside a number or before closing punctuation
    digits = [(i * 10.0, i * 10.0 + 10.0) for i in range(4)]
    assert ocr._latin_runs("2030", digits, [(18.0, 22.0)], 1.0) == ocr._latin_runs("2030", digits)
    assert ocr._latin_runs("ab%)", digits, [(28.0, 32.0)], 1.0) == ocr._latin_runs("ab%)", digits)
    # a gap narrower than the threshold is letter spacing
    assert ocr._latin_runs(text, spans, [(66.0, 67.0)], 2.0) == ocr._latin_runs(text, spans)


def test_ink_gap_between_a_digit_and_a_chinese_character_stays():
    # "1 降尿酸" (a heading number), "48 周": the engine boxes touch, the ink has a gap of 0.4 em
    spans = [(0.0, 6.0), (5.0, 15.0), (15.0, 25.0)]
    out = ocr._close_gaps("1降尿", spans, 10.0, [(5.0, 9.0)])
    assert out[0][1] == 5.0 and out[1][0] == 9.0 and out[1][1] == out[2][0]
    # no ink gap, or a narrow one: the boxes are closed as before
    assert ocr._close_gaps("1降尿", spans, 10.0, [(5.0, 6.0)]) == ocr._close_gaps("1降尿", spans, 10.0)
    # two Chinese characters: an ink gap between them is a side bearing, not a space
    assert ocr._close_gaps("降尿酸", spans, 10.0, [(5.0, 9.0)]) == ocr._close_gaps("降尿酸", spans, 10.0)


# --- glyph confusions in digit and unit context ----------------------------------------------


@pytest.mark.parametrize(
    "read, printed",
    [
        ("血尿酸<360μmo1/L（6mg/d1）", "血尿酸<360μmol/L（6mg/dl）"),  # l read as 1 in a unit after a number
        ("eGFR≥20m1/min者", "eGFR≥20ml/min者"),
        ("大约有1O%的", "大约有10%的"),  # O read for 0 in a number
        ("第l5例", "第15例"),
        ("获益[17l。另", "获益[17]。另"),  # a marker's closing bracket read as a letter
        ("edaravone)I7l。随", "edaravone)[7]。随"),  # both brackets read as letters
        ("男女比例为1：1；", "男女比例为1∶1；"),  # the ratio sign read as a full-width colon
        ("<0.001）[171。", "<0.001）[17]。"),  # a closing bracket read as 1 where none follows
        ("证实[13.17]。", "证实[13,17]。"),  # markers hold no decimals
        ("泼尼松 0:5mg·kg-1", "泼尼松 0.5mg·kg-1"),  # a dose's decimal point read as a colon
        ("每日 0：5 mg", "每日 0.5 mg"),
        ("随机、双盲丶安慰剂对照", "随机、双盲、安慰剂对照"),  # a radical prose never prints
        ("剂量[17]°兼有", "剂量[17]。兼有"),  # a degree sign with no number before it
        ("皮下注射40mg°2006年", "皮下注射40mg。2006年"),
        ("体温38.5°C", "体温38.5°C"),
    ],
)
def test_digit_and_unit_confusions_are_undone(read, printed):
    from pipeline.ingest.ocr_text import undo_confusions

    assert undo_confusions(read) == printed and len(printed) == len(read)


@pytest.mark.parametrize(
    "text",
    [
        "H2O和CO2",
        "cmH2O",
        "IL6与TNF",
        "C9orf72",
        "CD1阳性",
        "I期试验",
        "TDP43",
        "时间：10",
        "[171]",
        "Il",
        "3 mg·kg-1",
        "0.5 mg",
        "第1.2节",
        "·综述·",
        "in 2019.The",
        "出版社，2009：210-236",
        "于 10:30 h 给药",
    ],
)
def test_words_that_look_like_confusions_are_kept(text):
    from pipeline.ingest.ocr_text import undo_confusions

    assert undo_confusions(text) == text


def test_plus_with_a_bar_on_the_baseline_is_plus_minus():
    from pipeline.ingest.ocr_text import plus_minus

    # band rows 20..40; the cross of "+" at rows 24..34, centred; "±" adds a bar at row 38
    plus = [(14, 16, 24, 34), (10, 20, 28, 30)]
    bar = [(10, 20, 38, 40)]
    spans = [(0.0, 8.0), (10.0, 20.0), (22.0, 30.0)]
    assert plus_minus("2+4", spans, _ink_line(plus + bar), (20, 40)) == "2±4"
    assert plus_minus("2+4", spans, _ink_line(plus), (20, 40)) == "2+4"
    # a bar touching the cross is not apart from it
    assert plus_minus("2+4", spans, _ink_line(plus + [(10, 20, 34, 36)]), (20, 40)) == "2+4"


def test_a_dash_as_wide_as_a_minus_sign_before_a_number_is_one():
    from pipeline.ingest.ocr_text import minus_signs

    # band rows 20..40 (em ~23 px); digits at 10..22 and 60..72; the dash between
    em = 20 / 0.86
    digits = [(10, 22, 20, 40), (60, 72, 20, 40)]
    spans = [(9.0, 23.0), (30.0, 50.0), (59.0, 73.0)]
    wide = [(28, 28 + int(0.62 * em), 29, 31)]  # a minus sign: 0.62 em
    narrow = [(34, 34 + int(0.25 * em), 29, 31)]  # a hyphen: 0.25 em
    assert minus_signs("为-1", spans, _ink_line(digits + wide), (20, 40), em) == "为\u22121"
    assert minus_signs("为-1", spans, _ink_line(digits + narrow), (20, 40), em) == "为-1"
    # between two digits a wide dash is a range or a span of pages, not a sign
    assert minus_signs("2-1", spans, _ink_line(digits + wide), (20, 40), em) == "2-1"
    # a tall mark is no dash
    assert minus_signs("为-1", spans, _ink_line(digits + [(28, 44, 22, 38)]), (20, 40), em) == "为-1"


def test_a_colon_with_no_ink_under_its_box_was_never_printed():
    from pipeline.ingest.ocr_text import inkless_marks

    body = [(10, 28, 20, 40), (60, 78, 20, 40)]
    spans = [(9.0, 29.0), (35.0, 50.0), (59.0, 79.0)]
    assert inkless_marks("程：1", spans, _ink_line(body), (20, 40)) == [1]
    dots = [(40, 44, 24, 28), (40, 44, 33, 37)]
    assert inkless_marks("程：1", spans, _ink_line(body + dots), (20, 40)) == []
    # between two Latin letters ("Email：liu") the engine's boxes are least exact: kept
    assert inkless_marks("l：l", spans, _ink_line(body), (20, 40)) == []
    # other marks are never judged by the ink under their box ("。" sits below the band)
    assert inkless_marks("程。1", spans, _ink_line(body), (20, 40)) == []


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("13.7%和13:0%，4个", "13.7%和13.0%，4个"),
        ("常用剂量为600~1200mg/d，.需将", "常用剂量为600~1200mg/d，需将"),
        ("(95%CI.\u22123.92~0.27", "(95%CI\u22123.92~0.27"),
    ],
)
def test_decimal_colons_and_specks_in_number_context(read, printed):
    from pipeline.ingest.ocr_text import speck_indices, undo_confusions

    text = undo_confusions(read)
    drop = set(speck_indices(text))
    assert "".join(ch for i, ch in enumerate(text) if i not in drop) == printed


def test_run_in_heading_ends_at_a_wide_gap_even_past_a_speck():
    # "抗炎药物" heavy, a gap of ~1.1 em with a speck in it, then light body text with "一"
    # (one long horizontal run: a stroke measure far above the body's)
    text = "抗炎药物.还有一个重要的发现"
    ink = ocr.LineInk(0, 400, 0, 22, 2.0, 0, 26)
    xs, x = [], 0.0
    for ch in text:
        w = 3.0 if ch == "." else 25.0
        xs.append((x, x + w))
        x += w + (14.0 if ch in "物." else 0.0)
    ink.char_x = xs
    ink.char_stroke = [3.4, 3.3, 3.5, 3.2, 1.0, 2.2, 2.0, 10.0, 1.4, 2.1, 2.4, 1.8, 2.2, 2.3]
    ink.gaps = [(100.0, 114.0), (117.0, 131.0)]
    body = ocr.BodyStrokes(2.0, 2.0, 2.0)
    assert ocr._heavy_flags(text, ink, body) == [True] * 4 + [False] * (len(text) - 4)
    # without the gap the lead is judged by strokes alone
    ink.gaps = []
    assert ocr._heavy_flags(text, ink, body) != [True] * 4 + [False] * (len(text) - 4)


@pytest.mark.parametrize(
    "read, at",
    [
        ("最大 800·mg/d；", [6]),  # specks read as dots where Chinese typesetting prints none
        ("超过 2000· ml，", [7]),
        ("纳入 212.例患者", [6]),
        ("招募了.25例", [3]),
        ("SOD1·突变", [4]),
        ("1.浙江大学", []),  # a line's opening enumeration keeps its dots
        ("1.3.糖皮质激素", []),
        ("3 mg·kg-1", []),
        ("0.5 mg", []),
    ],
)
def test_specks_read_as_dots(read, at):
    from pipeline.ingest.ocr_text import speck_indices

    assert speck_indices(read) == at


def test_a_speck_is_taken_out_with_its_box():
    line = ocr.OcrLine([(0, 0), (100, 0), (100, 20), (0, 20)], "纳入212.例", 0.9)
    ink = ocr.LineInk(0, 100, 0, 20, 2.0, 0, 22)
    ink.char_x = [(0, 10), (10, 20), (22, 27), (27, 32), (32, 37), (38, 41), (45, 55)]
    ink.char_stroke = [2.0] * 7
    fixed = ocr.fix_text(line, ink, _ink_line([], (30, 120)))
    assert fixed.text == "纳入212例" and len(ink.char_x) == 6 and ink.char_x[4] == (32, 41)


# --- faces, bands and spaces read from the ink --------------------------------------------


def test_stroke_width_does_not_depend_on_a_strokes_direction():
    # one horizontal and one vertical bar, 3 px thick and 30 px long: the same width
    across = _ink_line([(10, 40, 20, 23)])
    down = _ink_line([(10, 13, 5, 35)])
    assert ocr._stroke(across) == pytest.approx(ocr._stroke(down))
    # a heavier face: 5 px bars measure wider
    assert ocr._stroke(_ink_line([(10, 40, 20, 25)])) > 1.4 * ocr._stroke(across)


def _line_with(text: str, strokes: list[float]) -> ocr.LineInk:
    ink = ocr.LineInk(0, 25.0 * len(text), 0, 22, 2.0, 0, 26)
    ink.char_x = [(25.0 * i, 25.0 * i + 22) for i in range(len(text))]
    ink.char_stroke = strokes
    return ink


def test_a_heavy_lead_is_told_by_its_characters_against_their_own_script():
    body = ocr.BodyStrokes(2.0, 2.0, 3.0)  # Latin letters beside Chinese are a heavier face
    text = "沙格列汀推荐剂量为5mg每日一次"
    lead = [2.9, 3.1, 2.8, 2.7]
    rest = [2.0, 1.9, 1.8, 2.1, 2.0, 3.0, 3.1, 3.0, 2.0, 1.9, 2.2, 2.0]
    assert ocr._heavy_flags(text, _line_with(text, lead + rest), body) == [True] * 4 + [False] * 12
    # Latin in the body face at its own weight is no lead, nor a heavy line
    text2 = "EGFR突变型晚期患者的治疗"
    st2 = [3.0, 3.1, 2.9, 3.0] + [2.0] * 9
    assert not any(ocr._heavy_flags(text2, _line_with(text2, st2), body))
    # a character with one long horizontal ("二") lifts no mean: two heavy ones are no lead
    text3 = "噻唑烷二酮类吡格列酮为过氧化物酶"
    st3 = [2.1, 2.0, 2.1, 2.9, 2.1, 2.0, 1.9, 2.0, 2.1, 2.0, 1.9, 2.0, 2.1, 2.0, 1.9, 2.0]
    assert not any(ocr._heavy_flags(text3, _line_with(text3, st3), body))
    # every character heavy: the whole line
    text4 = "二肽基肽酶抑制剂"
    assert all(ocr._heavy_flags(text4, _line_with(text4, [2.8] * 8), body))


def test_a_lead_takes_its_closing_punctuation():
    body = ocr.BodyStrokes(2.0, 2.0, 2.0)
    text = "【关键词】痛风高尿酸血症降尿酸治疗"
    st = [0.0, 3.0, 3.1, 2.9, 0.0] + [2.0] * 12
    assert ocr._heavy_flags(text, _line_with(text, st), body) == [True] * 5 + [False] * 12


def test_a_line_of_capitals_is_no_taller_than_its_cap_height_says():
    def kept(text: str, top: float, bottom: float, box_top: float, box_bottom: float):  # type: ignore[no-untyped-def]
        return (ocr.OcrLine([(0, 0)] * 4, text, 0.99), ocr.LineInk(0, 100, top, bottom, 2.0, box_top, box_bottom))

    body = [kept("糖尿病患者被随机分为二甲双胍组", 10, 32, 5, 36) for _ in range(5)]
    tall_box = kept("(P<0.001)[10]", 110, 131, 100, 142)  # brackets made the detector's box tall
    lower = kept("and the first-line therapy", 210, 221, 200, 242)  # x-height rows: the box decides
    bands = ocr._bands([*body, tall_box, lower], [True] * 5 + [False, False])
    body_h = bands[0][1] - bands[0][0]
    caps_h = bands[5][1] - bands[5][0]
    assert caps_h <= 1.25 * body_h
    assert bands[6][1] - bands[6][0] > 1.25 * body_h
    # capitals never measure below the body on this evidence ("HR=1.03": few dense rows)
    short = kept("HR=1.03", 310, 318, 305, 337)
    b = ocr._bands([*body, short], [True] * 5 + [False])
    assert b[5][1] - b[5][0] >= body_h - 1e-6


def test_word_spaces_the_ink_shows_between_latin_characters_stay():
    size = 10.0
    text = "CI1.07"
    spans = [(0.0, 6.0), (6.0, 9.0), (12.0, 16.0), (16.0, 18.0), (18.0, 22.0), (22.0, 26.0)]
    out = ocr._close_gaps(text, spans, size, gaps=[(9.5, 12.5)])
    assert out[2][0] - out[1][1] >= 3.0  # "CI 1.07": the gap stays
    # a narrow gap inside a word closes
    out = ocr._close_gaps("ab", [(0.0, 4.0), (5.0, 9.0)], size, gaps=[(4.2, 4.8)])
    assert out[0][1] == out[1][0]
    # never inside a number, nor at a range sign
    assert ocr._kept_gap("1", "2") == 0.0 and ocr._kept_gap("~", "1") == 0.0
    assert ocr._kept_gap("I", "1") == ocr.LATIN_GAP


def test_a_word_space_falls_where_the_engines_boxes_put_it():
    run = "guidedvancomycin"
    # the engine's boxes put the gap after "d" (6 characters), widths alone might not
    boxes = [(i * 5.0, i * 5.0 + 4) for i in range(6)] + [(33.0 + i * 5.0, 37.0 + i * 5.0) for i in range(10)]
    spans = ocr._resplit(run, 0.0, boxes[-1][1], [(30.0, 33.0)], boxes)
    assert spans[5][1] <= 30.0 + 1e-6 and spans[6][0] >= 33.0 - 1e-6


@pytest.mark.parametrize(
    "read, printed",
    [
        ("周雅琴！，顾明轩2", "周雅琴1，顾明轩2"),  # a raised affiliation mark read as "！"
        ("王晓峰1’陈静1，李明远2", "王晓峰1，陈静1，李明远2"),  # a comma read as "’"
        ("太好了！", "太好了！"),  # an exclamation at the end of a sentence stays
        ("他说'你好", "他说'你好"),
    ],
)
def test_marks_and_commas_read_for_others_in_author_lines(read, printed):
    from pipeline.ingest.ocr_text import undo_confusions

    assert undo_confusions(read) == printed


def _boxed_line(text: str, xs: list[tuple[int, int]], top: int = 20, bottom: int = 42) -> ocr.OcrLine:
    chars = [
        [(float(a), top - 4.0), (float(b), top - 4.0), (float(b), bottom + 4.0), (float(a), bottom + 4.0)]
        for a, b in xs
    ]
    quad = [chars[0][0], chars[-1][1], chars[-1][2], chars[0][3]]
    return ocr.OcrLine(quad, text, 0.95, chars)


def test_a_line_joined_across_the_gutter_is_parted_at_the_blank():
    # "电休克治疗" in one column, "多中心研究" across a 40 px gutter (about 1.6 em)
    xs = [(10 + 26 * i, 34 + 26 * i) for i in range(5)] + [(170 + 26 * i, 194 + 26 * i) for i in range(5)]
    ink = _ink_line([(a, b, 20, 42) for a, b in xs], shape=(60, 320))
    line = _boxed_line("电休克治疗多中心研究", xs)
    li = ocr.measure(line, ink, 0.0, 160, 30)
    lines, inks = ocr.split_at_blanks([line], [li], ink, 0.0, 160, 30)
    assert [ln.text for ln in lines] == ["电休克治疗", "多中心研究"]
    assert inks[0].x1 <= 140 and inks[1].x0 >= 170
    # a letter-spaced heading keeps its single characters together, as does a label and its text
    spaced = [(10, 34), (80, 104)]
    ink2 = _ink_line([(a, b, 20, 42) for a, b in spaced], shape=(60, 320))
    l2 = _boxed_line("摘要", spaced)
    assert [
        ln.text for ln in ocr.split_at_blanks([l2], [ocr.measure(l2, ink2, 0.0, 160, 30)], ink2, 0.0, 160, 30)[0]
    ] == ["摘要"]
    xs3 = [(10 + 26 * i, 34 + 26 * i) for i in range(5)] + [(180 + 26 * i, 204 + 26 * i) for i in range(4)]
    ink3 = _ink_line([(a, b, 20, 42) for a, b in xs3], shape=(60, 320))
    l3 = _boxed_line("基金项目：上海市卫", xs3)
    assert len(ocr.split_at_blanks([l3], [ocr.measure(l3, ink3, 0.0, 160, 30)], ink3, 0.0, 160, 30)[0]) == 1


def test_a_reread_lines_characters_span_its_ink_not_a_speck_in_the_gutter():
    import numpy as np

    has_ink = np.zeros(200, bool)
    has_ink[5:7] = True  # a speck, off the line
    has_ink[30:180] = True
    assert ocr._ink_span(has_ink, 30.0) == (30, 180)
    boxes = ocr._width_boxes([(30.0, 0.0), (180.0, 0.0), (180.0, 30.0), (30.0, 30.0)], "mg（n=79）")
    assert boxes[0][0][0] == 30.0 and abs(boxes[-1][1][0] - 180.0) < 1e-6
    widths = [q[1][0] - q[0][0] for q in boxes]
    assert widths[2] > widths[0]  # a full-width bracket is wider than a Latin letter


def test_a_space_before_a_minus_sign_stays_but_not_inside_an_identifier():
    assert ocr._kept_gap("I", "-", "4") == ocr.LATIN_GAP  # "95%CI -4.87"
    assert ocr._space_can_stand("L", "-", "6")  # the ink decides: "IL-6" prints no gap
    assert ocr._kept_gap("4", "-", "") == 0.0


def test_a_marker_takes_the_engines_own_brackets_round_it():
    from pipeline.ingest.ocr_marks import Raised, splice

    text = "两成[[8]。TRD"
    xs = [(i * 10.0, i * 10.0 + 9) for i in range(len(text))]
    g = Raised(35.0, 58.0, 0.0, 5.0)  # the raised group over "[8]" (characters 3-5)
    out = splice(text, xs, g, "[8]", 2.0)
    assert out is not None and out[0] == "两成[8]。TRD"
    text2 = "研究[14]l。结果"
    out2 = splice(
        text2, [(i * 10.0, i * 10.0 + 9) for i in range(len(text2))], Raised(20.0, 58.0, 0.0, 5.0), "[14]", 2.0
    )
    assert out2 is not None and out2[0] == "研究[14]。结果"


def test_a_tilted_detector_box_is_measured_across_its_own_slope():
    # "用。": a short line's box drawn 7 degrees off an upright page, 80 px wide and 30 px high;
    # its extent (39 px) would size the line as a larger face, to be chained across the gutter
    ink = _ink_line([(12, 32, 16, 36), (40, 48, 30, 36)], shape=(60, 120))
    quad = [(10.0, 20.0), (89.0, 10.0), (93.0, 40.0), (14.0, 49.0)]
    li = ocr.measure(ocr.OcrLine(quad, "用。", 0.99), ink, 0.0, 60, 30)
    assert abs((li.box_bottom - li.box_top) - 30.2) < 0.5
    # a box along the page's skew keeps its extent
    flat = [(10.0, 15.0), (90.0, 15.0), (90.0, 45.0), (10.0, 45.0)]
    li2 = ocr.measure(ocr.OcrLine(flat, "用。", 0.99), ink, 0.0, 60, 30)
    assert (li2.box_top, li2.box_bottom) == (15.0, 45.0)


def test_a_character_dropped_between_the_engines_boxes_is_read_again_from_the_gap():
    from pipeline.ingest import ocr_gaps

    # "巴曲沙坦" boxed by the engine; the ink of a fifth character stands between "曲" and "沙"
    xs = [(10.0, 34.0), (36.0, 60.0), (90.0, 114.0), (116.0, 140.0)]
    ink = _ink_line([(int(a) + 2, int(b) - 2, 20, 40) for a, b in xs] + [(64, 86, 20, 40)], shape=(60, 160))
    grey = 255 - 255 * ink
    seen: list[int] = []

    def read(crop):  # a recogniser that finds the character when it sees it in context
        seen.append(crop.shape[1])
        return ("巴曲缬沙坦", 0.9) if crop.shape[1] > 100 else ("曲沙", 1.0)

    out = ocr_gaps.fill_line("巴曲沙坦", list(xs), (20.0, 40.0), ink, grey, read)
    assert out is not None
    text, spans, new = out
    assert text == "巴曲缬沙坦" and new == [2] and spans[2] == (64.0, 86.0)
    # one crop alone is not enough for a Chinese character
    calls: list[int] = []

    def once(crop):
        calls.append(1)
        return ("巴曲缬沙坦", 0.9) if len(calls) == 1 else ("巴曲沙坦", 1.0)

    assert ocr_gaps.fill_line("巴曲沙坦", list(xs), (20.0, 40.0), ink, grey, once) is None
    # without ink in the gap nothing is read again
    seen.clear()
    bare = _ink_line([(int(a) + 2, int(b) - 2, 20, 40) for a, b in xs], shape=(60, 160))
    assert ocr_gaps.fill_line("巴曲沙坦", list(xs), (20.0, 40.0), bare, 255 - 255 * bare, read) is None and not seen
    # nor when the ink there is the neighbours', reaching past their boxes
    over = _ink_line(
        [(int(a) + 2, int(b) - 2, 20, 40) for a, b in xs] + [(58, 66, 20, 40), (84, 92, 20, 40)], shape=(60, 160)
    )
    assert ocr_gaps.fill_line("巴曲沙坦", list(xs), (20.0, 40.0), over, 255 - 255 * over, read) is None and not seen


def test_what_is_read_into_a_gap_is_kept_only_where_it_can_stand():
    from pipeline.ingest.ocr_gaps import classify, insertion

    assert insertion("用药后2", "4周", "用药后2~4周") == "~"
    assert insertion("曲", "沙", "曲沙") is None
    assert classify("2", "4", "^", 0.3) == "~"  # the range sign between two digits
    assert classify("2", "4", "0", 0.3) is None  # a digit: the engine's guess
    assert classify("机", "开", "丶", 0.3) == "、"  # an enumeration comma between two words
    assert classify("）", "阿", "、", 0.3) == "、"
    assert classify("后", "。", "！", 0.3) is None
    assert classify("曲", "沙", "缬", 0.9) == "缬"
    assert classify("曲", "沙", "缬", 0.3) is None  # too little ink for a character
    assert classify("性", "H", "~", 0.3) is None


def test_a_dot_after_a_headings_number_with_no_ink_under_it_is_dropped_and_the_gap_stays():
    xs = [(10, 22), (24, 40), (44, 68), (70, 94)]
    glyphs = [(11, 21, 20, 40), (45, 67, 18, 40), (71, 93, 18, 40)]
    line = _boxed_line("7.结语", xs)
    ink = _ink_line(glyphs, shape=(60, 120))
    li = ocr.measure(line, ink, 0.0, 60, 30)
    out = ocr.fix_text(line, li, ink)
    assert out.text == "7结语" and li.char_x is not None and li.char_x[0][1] == 22.0  # the gap is kept
    # a dot printed there is kept ("1.浙江大学")
    ink2 = _ink_line([*glyphs, (30, 34, 36, 40)], shape=(60, 120))
    li2 = ocr.measure(line, ink2, 0.0, 60, 30)
    assert ocr.fix_text(line, li2, ink2).text == "7.结语"


@pytest.mark.parametrize(
    "read, printed",
    [
        ("在ACEI和祥利尿剂基础上", "在ACEI和袢利尿剂基础上"),  # a drug class of the lexicon
        ("5.1 神经留体", "5.1 神经甾体"),  # a term of resources/zh/ocr_words.txt
        ("高于味塞米", "高于呋塞米"),  # a drug name
        ("TNF-a 抑制剂", "TNF-α 抑制剂"),  # matched across the space the recogniser read
        ("传统合成DMARDS", "传统合成DMARDs"),
        ("药物停留体内", "药物停留体内"),  # "停留" is a word: the character as read stands
        ("吉祥如意", "吉祥如意"),  # no known word with the look-alike
        ("data analysis", "data analysis"),
    ],
)
def test_lookalikes_are_put_back_only_where_they_make_a_known_word(read, printed):
    import pipeline.document  # noqa: F401  (hands the lexicon and segmenter in as the vocabulary)
    from pipeline.ingest.ocr_lookalikes import undo_lookalikes

    assert undo_lookalikes(read) == printed


def test_without_a_vocabulary_lookalikes_stand_as_read(monkeypatch):
    from pipeline.ingest import ocr_lookalikes

    monkeypatch.setattr(ocr_lookalikes, "_vocabulary", None)
    assert ocr_lookalikes.undo_lookalikes("在ACEI和祥利尿剂基础上") == "在ACEI和祥利尿剂基础上"


def test_a_flat_stroke_alone_between_two_digits_is_a_range_sign():
    from pipeline.ingest import ocr_gaps

    # "1", a tilde-like flat stroke, "2" in a band of rows 20-40 (em about 23 px)
    digits = [(12, 15, 22, 37), (33, 43, 22, 37)]
    xs = [(8.0, 17.0), (30.0, 44.0)]
    ink = _ink_line([*digits, (21, 25, 23, 25), (24, 29, 24, 26)], shape=(60, 80))
    out = ocr_gaps.fill_line("12", list(xs), (20.0, 40.0), ink, 255 - 255 * ink, lambda c: ("12", 1.0))
    assert out is not None and out[0] == "1~2"
    # the engine's boxes may reach over the stroke, leaving no gap between them
    out2 = ocr_gaps.fill_line(
        "12", [(8.0, 26.0), (26.0, 44.0)], (20.0, 40.0), ink, 255 - 255 * ink, lambda c: ("12", 1.0)
    )
    assert out2 is not None and out2[0] == "1~2" and out2[1][0][1] <= 21.0 and out2[1][2][0] >= 29.0
    # a dot there (a decimal point) is no range sign, nor is a comma
    for blob in [(22, 25, 34, 37), (22, 25, 31, 39)]:
        ink2 = _ink_line([*digits, blob], shape=(60, 80))
        assert ocr_gaps.fill_line("12", list(xs), (20.0, 40.0), ink2, 255 - 255 * ink2, lambda c: ("12", 1.0)) is None
