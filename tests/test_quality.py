"""The quality block (issue 12, must-have 6): every output carries it, the gold corpus passes its
thresholds, and a deliberately wrong file (only the neighbouring article's text) is flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import extract_bytes, extract_file
from pipeline.quality import NEEDS_REVIEW, is_digit_run

ROOT = Path(__file__).resolve().parents[1]
GOLDS = sorted((ROOT / "tests" / "gold").glob("*.json"))


def _raw(gold: dict) -> str:
    return (ROOT / "raw" / Path(gold["source"]["path"]).name).read_text(encoding="utf-8")


def _gold(stem: str) -> dict:
    return json.loads((ROOT / "tests" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("gpath", GOLDS[:4], ids=lambda p: p.stem)
def test_gold_reviews_pass_the_thresholds(gpath):
    gold = json.loads(gpath.read_text(encoding="utf-8"))
    doc = extract_file(ROOT / "raw" / Path(gold["source"]["path"]).name)
    q = doc.quality
    assert q is not None and q.title_block_found and q.abstract_found
    assert q.needs_review is False, q.below_threshold
    assert q.text_kept is not None and q.text_kept > 0.8
    assert q.heading_count and q.heading_count >= len(gold["sections"])
    assert not [w for w in doc.warnings if w.startswith(NEEDS_REVIEW)]


def _neighbours_only(stem: str) -> str:
    """The review's file without the review: what precedes its title and what follows its references."""
    gold = _gold(stem)
    text = _raw(gold)
    head = text[: text.index(gold["metadata"]["title"]["zh"])]
    last = gold["references"][-1]["text"]
    end = text.rfind(last[-6:]) + 6
    return head + "\n" + text[end:]


@pytest.mark.parametrize("stem", ["chb-antiviral", "gout-urate-lowering", "sepsis-antimicrobials"])
def test_neighbour_only_file_needs_review(stem):
    doc = extract_bytes(_neighbours_only(stem).encode("utf-8"), "wrong.txt")
    assert doc.quality.needs_review
    assert any(w.startswith(NEEDS_REVIEW) for w in doc.warnings)


@pytest.mark.parametrize("stem", ["hf-pharmacotherapy", "ra-targeted-therapy"])
def test_review_without_its_title_block_needs_review(stem):
    """The previous article's tail, the review's body and references, the next article's start: no
    title block of the review itself, so the next article's title block is all there is."""
    gold = _gold(stem)
    text = _raw(gold)
    title_at = text.index(gold["metadata"]["title"]["zh"])
    first = gold["sections"][0]
    opening = first["title"] or first["paragraphs"][0]["text"][:20]
    body_at = text.rfind("\n", 0, text.index(opening, title_at))
    doc = extract_bytes((text[:title_at] + text[body_at:]).encode("utf-8"), "headless.txt")
    assert doc.quality.needs_review, doc.quality
    assert doc.metadata.title.zh != gold["metadata"]["title"]["zh"]


def test_digit_runs():
    assert is_digit_run("14 62.3±9.9 73.9±5.3 87.2±2.3")
    assert not is_digit_run("治疗组 14 例，有效率 87.2%")
    assert not is_digit_run("2.1")


def test_extract_lists_the_wrong_file_as_needs_review(tmp_path, capsys):
    from pipeline.cli import main

    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_bytes((ROOT / "raw" / "chb_antiviral.txt").read_bytes())
    (src / "wrong.txt").write_text(_neighbours_only("gout-urate-lowering"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--jobs", "1"]) == 0  # flagged, not failed
    cap = capsys.readouterr()
    assert "2 ok, 0 skipped, 0 failed, 1 need review" in cap.out
    flagged = [ln for ln in cap.err.splitlines() if ln.startswith("needs review:")]
    assert len(flagged) == 1 and "wrong.txt" in flagged[0]
    report = json.loads(next((out / "_runs").glob("*.json")).read_text(encoding="utf-8"))
    assert [Path(p).name for p in report["needs_review"]] == ["wrong.txt"]
    by_name = {Path(o["path"]).name: o for o in report["outcomes"]}
    assert by_name["wrong.txt"]["needs_review"] and not by_name["good.txt"]["needs_review"]
    wrong = json.loads((out / "wrong.json").read_text(encoding="utf-8"))
    assert wrong["quality"]["needs_review"] is True
