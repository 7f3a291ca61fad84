"""PDF ingest on the real corpus PDFs in raw/: layout, provenance, furniture and the tree it leads to."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline import extract_file
from pipeline.evaluate import body_text, flatten, similarity
from pipeline.ingest import pdf as pdf_ingest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
PDFS = sorted(RAW.glob("*_print.pdf"))
PAIRED = [p for p in PDFS if (RAW / p.name.replace("_print.pdf", ".txt")).exists()]
SEED_PDF = RAW / "als_treatment_review_print.pdf"
FAUX_BOLD_PDF = RAW / "t2dm_cv_outcomes_print.pdf"  # style a: the Chinese title is drawn twice
CITATION_ONLY = re.compile(r"^\[\d+(?:[-–~,，]\d+)*\]$")


@lru_cache(maxsize=None)
def ingest(path: Path):  # type: ignore[no-untyped-def]
    return pdf_ingest.read(path.read_bytes(), str(path))


@lru_cache(maxsize=None)
def extracted(path: Path):  # type: ignore[no-untyped-def]
    return extract_file(path)


def _index(lines, start: str) -> int:  # type: ignore[no-untyped-def]
    hits = [k for k, ln in enumerate(lines) if ln.text.startswith(start)]
    assert len(hits) == 1, (start, [lines[k].text for k in hits])
    return hits[0]


def test_corpus_present() -> None:
    assert SEED_PDF in PDFS and len(PAIRED) >= 4


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_one_box_per_character(path: Path) -> None:
    lines, _, pages = ingest(path)
    assert pages >= 2 and lines
    for ln in lines:
        assert ln.boxes is not None and len(ln.boxes) == len(ln.text), ln.text
        assert all(b[0] <= b[2] and b[1] <= b[3] for b in ln.boxes)
        assert ln.index == lines.index(ln) if ln.index < 5 else True


def test_two_columns_read_left_then_right() -> None:
    lines, _, _ = ingest(SEED_PDF)
    # a paragraph runs down the left column, then on at the top of the right column
    first = _index(lines, "肌萎缩侧索硬化症 (amyotrophic lateral sclerosis，")
    assert lines[first + 1].text.startswith("ALS) 是一种以大脑和脊髓运动神经元")
    bottom_left = _index(lines, "止，尚无有效治疗方法可以给 ALS 患者带来实质性获")
    assert lines[bottom_left + 1].text.startswith("益。FDA 批准的治疗用药只有利鲁唑")
    assert (lines[bottom_left].column, lines[bottom_left + 1].column) == (0, 1)
    # no printed line holds text of both columns
    for ln in lines:
        if ln.column is None and ln.size and abs(ln.size - 9.5) < 0.3 and ln.page != 1:
            pytest.fail(f"body line read across the gutter: {ln.text}")


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_lines_of_a_column_go_down_the_page(path: Path) -> None:
    lines, _, _ = ingest(path)
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.column == b.column and a.column is not None:
            assert b.top >= a.top - 1.0, (a.text, b.text)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_superscript_citations_stay_on_their_line(path: Path) -> None:
    lines, _, _ = ingest(path)
    assert not [ln.text for ln in lines if CITATION_ONLY.match(ln.text.strip())]


def test_superscript_marker_inside_its_line() -> None:
    lines, _, _ = ingest(SEED_PDF)
    k = _index(lines, "可能进一步引起酶活性的缺失")
    assert "[21]" in lines[k].text and lines[k].text.endswith("最终导致氧化应激水")
    # the marker's glyphs are smaller and raised, yet they sit between the words they follow
    i = lines[k].text.index("[21]")
    assert lines[k].boxes[i][0] > lines[k].boxes[i - 1][0]


def test_faux_bold_duplicates_removed() -> None:
    lines, _, _ = ingest(FAUX_BOLD_PDF)
    title = max((ln for ln in lines if ln.page == 1), key=lambda ln: ln.size or 0)
    assert title.text == "2 型糖尿病降糖药物心血管结局试验的研究进展"
    assert title.bold
    for ln in lines:
        for k in range(1, len(ln.text)):
            a, b = ln.boxes[k - 1], ln.boxes[k]
            same_place = abs(a[0] - b[0]) < pdf_ingest.DUPLICATE_TOLERANCE and abs(a[1] - b[1]) < 0.5
            assert not (ln.text[k] == ln.text[k - 1] and not ln.text[k].isspace() and same_place), ln.text


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_furniture_removed_with_reason(path: Path) -> None:
    lines, removed, pages = ingest(path)
    by_reason: dict[str, list] = {}
    for r in removed:
        by_reason.setdefault(r.reason, []).append(r)
    # a page number on every page, a running header on every page
    assert {r.page for r in by_reason["page_number"]} == set(range(1, pages + 1))
    assert {r.page for r in by_reason["running_header"]} == set(range(1, pages + 1))
    assert all(re.fullmatch(r"[\s·•\-—–]*\d{1,4}[\s·•\-—–]*", r.text) for r in by_reason["page_number"])
    # the footnote under the short rule on page 1
    notes = by_reason["footnote"]
    assert notes and all(r.page == 1 for r in notes)
    assert any("通信作者" in r.text for r in notes)
    assert all(r.rule.startswith("pdf.") for r in removed)
    # nothing of the header band or a bare page number stays in the line stream
    assert not [ln.text for ln in lines if re.fullmatch(r"[\s·•\-—–]*\d{1,4}[\s·•\-—–]*", ln.text)]
    band = _page_height(path) * pdf_ingest.MARGIN_BAND
    assert not [ln.text for ln in lines if ln.page > 1 and ln.bottom is not None and ln.bottom < band]


def _page_height(path: Path) -> float:
    import pdfplumber

    with pdfplumber.open(path) as doc:
        return float(doc.pages[1].height)


def _gold_tree(pdf_path: Path):  # type: ignore[no-untyped-def]
    import json

    stem = pdf_path.name.replace("_print.pdf", "")
    for g in sorted((ROOT / "tests" / "gold").glob("*.json")):
        data = json.loads(g.read_text(encoding="utf-8"))
        if Path(data["source"]["path"]).stem == stem:
            from pipeline.models import Document

            return flatten(Document.model_validate(data).sections)
    return None


@pytest.mark.parametrize("pdf_path", PAIRED, ids=lambda p: p.stem)
def test_pdf_tree_equals_text_tree(pdf_path: Path) -> None:
    """The PDF reads into the tree of its text rendition (of the gold, where a gold file exists)."""
    txt = extracted(RAW / pdf_path.name.replace("_print.pdf", ".txt"))
    doc = extracted(pdf_path)
    expected = _gold_tree(pdf_path) or flatten(txt.sections)
    assert flatten(doc.sections) == expected
    assert similarity(body_text(doc.sections), body_text(txt.sections)) >= 0.99
    assert doc.metadata.title == txt.metadata.title
    assert [a.name for a in doc.metadata.authors] == [a.name for a in txt.metadata.authors]
    assert doc.metadata.keywords == txt.metadata.keywords
    assert doc.abstract == txt.abstract


@pytest.mark.parametrize("pdf_path", PAIRED, ids=lambda p: p.stem)
def test_pdf_paragraph_units_keep_provenance(pdf_path: Path) -> None:
    doc = extracted(pdf_path)
    assert doc.source.format == "pdf" and doc.source.pages
    for sec in _sections(doc.sections):
        for p in sec.paragraphs:
            assert p.page is not None and 1 <= p.page <= doc.source.pages
    for num in doc.entities.numbers[:50]:
        for m in num.mentions:
            assert m.page is not None and m.boxes


def _sections(secs):  # type: ignore[no-untyped-def]
    for s in secs:
        yield s
        yield from _sections(s.sections)


def test_adjacent_article_after_the_review_is_removed() -> None:
    doc = extracted(SEED_PDF)
    titles = [t for _, _, t, _ in flatten(doc.sections)]
    assert "住院患者临床特征及随访结果分析" not in titles
    assert any(r.reason == "adjacent_article" and "住院患者临床特征" in r.text for r in doc.removed)


def _renderer_ready() -> bool:
    try:
        import reportlab  # noqa: F401
    except ImportError:
        return False
    return all(
        Path(f).exists()
        for f in ("/usr/share/fonts/truetype/arphic/uming.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
    )


@pytest.mark.skipif(not _renderer_ready(), reason="reportlab and the CJK fonts render the corpus")
@pytest.mark.parametrize("style", ["b", "c"])
def test_other_house_style_gives_the_same_tree(style: str, tmp_path: Path) -> None:
    """The seed printed in a house style it was not written for reads into the same tree."""
    src = (ROOT / "corpus" / "als_treatment_review.rvx").read_text(encoding="utf-8")
    rvx = tmp_path / f"seed_{style}.rvx"
    rvx.write_text(re.sub(r"(?m)^@style .*$", f"@style {style}", src), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_corpus.py"), str(rvx), "--out", str(tmp_path), "--no-txt"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    out = tmp_path / f"seed_{style}_print.pdf"
    doc = extract_file(out)
    txt = extracted(RAW / "als_treatment_review.txt")
    assert flatten(doc.sections) == flatten(txt.sections)
    assert doc.metadata.title == txt.metadata.title
    assert similarity(body_text(doc.sections), body_text(txt.sections)) >= 0.99
    shutil.rmtree(tmp_path, ignore_errors=True)
