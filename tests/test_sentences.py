"""One sentence splitter for every stage (sentences.py): spans, bounds and line ends agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.resources import sentence_rules
from pipeline.sentences import ends, ends_sentence, sentence_bounds, sentence_spans

MIXED = "华法林可降低卒中风险[1]。出血怎么办？A 组 5 mg；B 组 10 mg! 随访 12 周"


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_spans_split_at_every_mark_and_skip_leading_space():
    assert _texts(MIXED, sentence_spans(MIXED)) == [
        "华法林可降低卒中风险[1]。",
        "出血怎么办？",
        "A 组 5 mg；",
        "B 组 10 mg!",
        "随访 12 周",
    ]


def test_a_semicolon_ends_a_sentence_unless_the_caller_reads_whole_statements():
    assert _texts(MIXED, sentence_spans(MIXED, semicolons=False))[2] == "A 组 5 mg；B 组 10 mg!"


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Apixaban reduced stroke. The ARISTOTLE trial enrolled 18 201 patients.", 2),
        ("Granger et al. reported it. See Fig. 2 for details.", 2),  # "et al.", "Fig." end nothing
        ("J. Smith and A. B. Jones ran it.", 1),  # initials
        ("8 442 patients. 随后的研究", 2),  # a CJK character opens a sentence too
    ],
)
def test_english_full_stops(text, pieces):
    assert len(sentence_spans(text)) == pieces


@pytest.mark.parametrize("semicolons", [True, False])
def test_bounds_are_the_span_around_a_position(semicolons):
    """The local scan finds the same sentences as the splitter (text without English full stops),
    with the space before a sentence kept."""
    for a, b in sentence_spans(MIXED, semicolons=semicolons):
        for pos in range(a, b):
            s_a, s_b = sentence_bounds(MIXED, pos, semicolons=semicolons)
            assert s_b == b and s_a <= a and not MIXED[s_a:a].strip(), (pos, MIXED[a:b])


@pytest.mark.parametrize(
    ("line", "ends_one"),
    [
        ("华法林可降低卒中风险[1-3]。", True),
        ("其疗效“显著”。）", True),
        ("见表 1；", True),
        ("Warfarin reduced the risk.", True),
        ("as reported by Smith et al.", False),
        ("华法林与新型口服抗凝药均可降低风险，", False),
        ("", False),
    ],
)
def test_a_line_ends_a_sentence(line, ends_one):
    assert ends_sentence(line) is ends_one


def test_the_marks_are_data():
    r = sentence_rules()
    assert ends() == r.full_stops + r.semicolons and ends(semicolons=False) == r.full_stops
    assert "et al." not in r.abbreviations and "al" in r.abbreviations  # words, without their stop


def test_no_other_module_lists_the_sentence_marks():
    """A stage that splits sentences asks sentences.py: the marks appear in no other source file."""
    root = Path(__file__).resolve().parents[1] / "pipeline"
    full_stops = sentence_rules().full_stops
    hits = [
        p.relative_to(root).as_posix()
        for p in sorted(root.rglob("*.py"))
        if p.name != "sentences.py"
        for chunk in (full_stops, full_stops[:3], "。！？")
        if chunk in p.read_text(encoding="utf-8")
    ]
    assert hits == []


def test_a_line_and_the_splitter_share_one_list_of_abbreviations():
    from pipeline.resources import sentence_rules
    from pipeline.sentences import ends_sentence, sentence_spans

    for abbr in sentence_rules().abbreviations:
        if len(abbr.rstrip(".")) < 2:
            continue
        text = f"as shown by Smith {abbr}. Then"
        assert len(sentence_spans(text)) == 1, abbr  # the splitter reads on
        assert not ends_sentence(f"as shown by Smith {abbr}."), abbr  # and a line ending in it goes on
    assert ends_sentence("patients with low vitamin D.")  # a single letter ends a line's sentence
    assert ends_sentence("the risk was lower.")
