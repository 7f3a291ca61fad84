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
def test_scan_body_text_and_sections_close_to_gold(doc_id):
    # the floors reached today (bench/ocr.py prints the figures for every gold review)
    rep = compare(gold(doc_id), from_scan(doc_id))
    assert rep.structure["body_similarity"] >= 0.92
    assert rep.structure["headings_f1"] >= 0.85


@pytest.mark.xfail(
    strict=True,
    reason="issue 13's floors are not reached yet: superscript citation markers and "
    "bracket widths are misread, some unnumbered headings are missed (README, bench/ocr.py)",
)
@pytest.mark.parametrize("doc_id", SCANNED)
def test_scan_meets_the_issue_floors(doc_id):
    rep = compare(gold(doc_id), from_scan(doc_id))
    assert rep.structure["body_similarity"] >= 0.97
    assert rep.structure["headings_f1"] >= 0.9


@pytest.mark.parametrize("doc_id", SCANNED)
def test_scan_title_and_no_stray_leaked(doc_id):
    doc = from_scan(doc_id)
    assert doc.metadata.title.zh == gold(doc_id).metadata.title.zh
    assert compare(gold(doc_id), doc).leaked_strays == 0


# numbers F1 on the scans of the ALS and CHB reviews fell below the text layer's minus 0.1 when the
# PDF reader moved to PDFium (issue 11): OCR'd superscript citations and brackets now reach the
# number reader differently; measured 0.86 vs 0.99 (als)
_NUMBERS_BELOW = {"als-treatment-review", "chb-antiviral"}


@pytest.mark.parametrize(
    "doc_id",
    [
        pytest.param(
            d,
            marks=pytest.mark.xfail(
                reason="issue 13: scan numbers F1 more than 0.1 below the text layer", strict=False
            ),
        )
        if d in _NUMBERS_BELOW
        else d
        for d in SCANNED
    ],
)
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
