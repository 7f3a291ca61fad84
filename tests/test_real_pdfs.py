"""The five real journal PDFs against their hand-made structure gold (issues 11 and 12, "Done when").

PDFs are read from ../shared/real-pdfs/ (never copied into the project); every test skips
when that folder is absent. Scoring is tests/realgold.py, shared with bench/real_pdfs.py.

Checks the reader does not meet yet are listed in XFAIL, one entry per (file, check), with
strict=False: an entry that starts passing shows as XPASS, and the lead removes it then.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from .realgold import (
    ABSTRACT_RATIO_MIN,
    HEADING_F1_MIN,
    PDF_DIR,
    Score,
    caption_headings,
    caption_like,
    extract_and_score,
    fold,
    load_gold,
    pdf_path,
    stems,
)

STEMS = stems()

_I11 = "issue 11: "
_I12 = "issue 12: "
EN02, ZH03, ZH05, ZH07, ZH09 = (
    "en02_jacc_letters_shared_pages",
    "zh03_diepunch_radius_review",
    "zh05_scaphoid_anatomy_lecture",
    "zh07_perilunate_arthroscopy_shared_page",
    "zh09_tongji_coalition_clinical",
)

# (file, check) -> why it fails on today's reader (measured 2026-12-02 with bench/real_pdfs.py, after
# the PDFium reader of issue 11)
XFAIL: dict[tuple[str, str], str] = {}


def cases(check: str) -> list:
    out = []
    for stem in STEMS:
        why = XFAIL.get((stem, check))
        marks = [pytest.mark.xfail(reason=why, strict=False)] if why else []
        out.append(pytest.param(stem, marks=marks, id=stem))
    return out


@lru_cache(maxsize=None)
def scored(stem: str) -> Score:
    return extract_and_score(stem)


@pytest.fixture(autouse=True)
def _need_pdfs(request):
    if request.function.__name__ == "test_gold_is_self_consistent":
        return
    if not PDF_DIR.is_dir():
        pytest.skip(f"{PDF_DIR} absent")
    stem = request.node.callspec.params.get("stem") if hasattr(request.node, "callspec") else None
    if stem and not pdf_path(stem).exists():
        pytest.skip(f"{pdf_path(stem)} absent")


def opened(stem: str) -> Score:
    sc = scored(stem)
    assert sc.opened, f"{stem} did not open: {sc.error}"
    return sc


# --- the gold itself (no reader involved) -------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_gold_is_self_consistent(stem):
    gold = load_gold(stem)
    assert gold["file"] == f"{stem}.pdf"
    body = "\x00".join(
        [fold(p) for p in gold["paragraphs"]] + [fold(gold["abstract"]["zh"]), fold(gold["abstract"]["en"])]
    )
    assert 15 <= len(gold["digit_sentences"]) <= 30
    assert [s for s in gold["digit_sentences"] if fold(s) not in body] == []
    assert [s for s in gold["strays"] if fold(s) in body] == []
    assert all(10 <= len(s) <= 40 or len(fold(s)) >= 8 for s in gold["strays"])
    assert gold["paragraph_count"] == len(gold["paragraphs"])
    # a gold heading is never judged a caption, even where a caption repeats it
    titles = [h["title"] for h in gold["headings"]]
    assert caption_headings(titles, titles, caption_like(gold)) == []
    # ... and the caption test is not vacuous: each caption as a heading is caught
    caps = caption_like(gold)
    extra = [c["caption"] for c in gold["tables"] + gold["figures"]]
    assert len(caption_headings(titles + extra, titles, caps)) == len(extra)


# --- issue 11 --------------------------------------------------------------------------


@pytest.mark.parametrize("stem", cases("opens"))
def test_file_opens_with_pages(stem):
    sc = scored(stem)
    assert sc.opened, sc.error
    assert sc.pages == load_gold(stem)["pages"]


@pytest.mark.parametrize("stem", cases("digits"))
def test_no_detached_digit_runs(stem):
    sc = opened(stem)
    assert sc.digits_missing == [], f"{len(sc.digits_missing)}/{sc.digits_total} snippets not found"


@pytest.mark.parametrize("stem", cases("median"))
def test_median_paragraph_length_within_20_percent(stem):
    sc = opened(stem)
    assert sc.median_ok, f"median {sc.median_len} vs gold {sc.gold_median_len} ({sc.paragraphs} paragraphs)"


@pytest.mark.parametrize("stem", cases("first_char_headings"))
def test_no_first_character_headings(stem):
    assert opened(stem).first_char_headings == []


@pytest.mark.parametrize("stem", cases("fullwidth"))
def test_fullwidth_ascii_read_as_ascii(stem):
    assert opened(stem).fullwidth_ascii == 0


# --- issue 12 --------------------------------------------------------------------------


@pytest.mark.parametrize("stem", cases("title"))
def test_title_equals_gold(stem):
    sc = opened(stem)
    assert sc.title_zh and sc.title_en


@pytest.mark.parametrize("stem", cases("authors"))
def test_authors_equal_gold(stem):
    assert opened(stem).authors


@pytest.mark.parametrize("stem", cases("article_type"))
def test_article_type_equals_gold(stem):
    assert opened(stem).article_type


@pytest.mark.parametrize("stem", cases("abstract"))
def test_abstracts_equal_gold(stem):
    sc = opened(stem)
    assert sc.abstract_zh >= ABSTRACT_RATIO_MIN and sc.abstract_en >= ABSTRACT_RATIO_MIN, (
        sc.abstract_zh,
        sc.abstract_en,
    )


@pytest.mark.parametrize("stem", cases("headings"))
def test_heading_f1(stem):
    sc = opened(stem)
    assert sc.heading_f1 >= HEADING_F1_MIN, (sc.heading_p, sc.heading_r)


@pytest.mark.parametrize("stem", cases("no_caption_headings"))
def test_no_table_cell_or_caption_heading(stem):
    assert opened(stem).caption_headings == []


@pytest.mark.parametrize("stem", cases("references"))
def test_references_counted(stem):
    sc = opened(stem)
    assert sc.references == sc.gold_references


@pytest.mark.parametrize("stem", cases("strays"))
def test_no_stray_in_sections(stem):
    assert opened(stem).strays_leaked == []


@pytest.mark.parametrize("stem", cases("removed"))
def test_no_body_text_in_removed(stem):
    assert opened(stem).body_in_removed == []
