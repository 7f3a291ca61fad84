"""pipeline/joining.py on hand-made lines: how column-width lines join into reading text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.joining import document_vocabulary, join_lines, needs_space, soft_hyphen
from pipeline.lines import Line


def lines(*texts: str) -> list[Line]:
    return [Line(text=t, index=k) for k, t in enumerate(texts)]


def test_chinese_lines_join_with_nothing_between():
    u = join_lines(lines("本组患者接受", "手术治疗后随访"))
    assert u.text == "本组患者接受手术治疗后随访"


def test_latin_words_across_a_break_get_one_space():
    u = join_lines(lines("patients were", "followed up"))
    assert u.text == "patients were followed up"


def test_no_space_between_chinese_and_latin_at_a_break():
    assert join_lines(lines("采用", "MRI检查")).text == "采用MRI检查"
    assert join_lines(lines("MRI", "检查")).text == "MRI检查"


def test_latin_end_before_chinese_start_joins_without_space():
    assert join_lines(lines("检查采用MRI", "进行评估")).text == "检查采用MRI进行评估"


def test_soft_hyphen_is_dropped_inside_a_lower_case_word():
    u = join_lines(lines("was charac-", "terized by"))
    assert u.text == "was characterized by"


def test_compound_hyphen_is_kept_when_the_document_prints_the_compound():
    vocab = {"long-term"}
    u = join_lines(lines("a long-", "term follow-up"), vocabulary=vocab)
    assert u.text == "a long-term follow-up"


def test_hyphen_after_capitals_is_kept_and_no_space_added():
    # "DNA-" + "binding": an upper-case head is not a word split by a soft hyphen
    u = join_lines(lines("a DNA-", "binding protein"))
    assert u.text == "a DNA-binding protein"


def test_hyphen_before_a_capital_or_digit_is_kept():
    assert join_lines(lines("anti-", "TNF agents")).text == "anti-TNF agents"
    assert join_lines(lines("type-", "2 diabetes")).text == "type-2 diabetes"


def test_text_dump_space_at_the_break_is_kept_beside_a_digit():
    a = Line(text="给药 2", index=0, trail_space=True)
    b = Line(text="周后复查", index=1)
    assert join_lines([a, b]).text == "给药 2 周后复查"
    # without the printed space the same lines join tight
    assert join_lines(lines("给药 2", "周后复查")).text == "给药 2周后复查"


def test_printed_space_between_two_chinese_characters_is_not_kept():
    a = Line(text="本组患者", index=0, trail_space=True)
    b = Line(text="接受手术", index=1, lead_space=True)
    assert join_lines([a, b]).text == "本组患者接受手术"


def test_starts_skip_the_head_of_a_line_and_sources_trace_back():
    u = join_lines(lines("1.2 Methods We", "enrolled"), starts=[12, 0])
    assert u.text == "We enrolled"
    assert u.src[0] == (0, 12)
    assert u.src[2] is None  # the inserted space comes from no line
    assert u.src[3] == (1, 0)


def test_dropped_soft_hyphen_leaves_no_source():
    u = join_lines(lines("charac-", "terized"))
    assert u.text == "characterized"
    assert len(u.src) == len(u.text)
    assert None not in u.src
    assert u.src[6] == (1, 0)


def test_needs_space_only_between_latin_sides():
    assert needs_space("dose", "was")
    assert needs_space("(n = 12),", "and")
    assert needs_space("50%", "(95% CI")
    assert not needs_space("剂量", "was")
    assert not needs_space("dose", "为")
    assert not needs_space("non-", "randomised")
    assert not needs_space("", "x")
    assert not needs_space("x", "")


def test_soft_hyphen_rules():
    assert soft_hyphen("treat-", "ment", None)
    assert not soft_hyphen("treat-", "Ment", None)  # capital after: a compound or a name
    assert not soft_hyphen("DNA-", "binding", None)  # capital before
    assert not soft_hyphen("a-", "b", None)  # one-letter head: "a-" is not a split word
    assert not soft_hyphen("treat-", "12", None)
    assert not soft_hyphen("treatment", "was", None)
    assert soft_hyphen("follow-", "up", {"follow"}) and not soft_hyphen("follow-", "up", {"follow-up"})


def test_document_vocabulary_keeps_hyphenated_compounds():
    v = document_vocabulary(lines("a follow-up of 12 months", "non-small-cell carcinoma"))
    assert {"follow-up", "non-small-cell", "months", "carcinoma"} <= v
    assert "12" not in v


_latin_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_han = st.text(alphabet=[chr(c) for c in range(0x4E00, 0x4E00 + 200)], min_size=1, max_size=8)


@settings(max_examples=60)
@given(st.lists(_han, min_size=1, max_size=6))
def test_property_chinese_lines_concatenate(parts: list[str]):
    u = join_lines(lines(*parts))
    assert u.text == "".join(parts)
    assert len(u.src) == len(u.text) and None not in u.src


@settings(max_examples=60)
@given(st.lists(_latin_word, min_size=1, max_size=6))
def test_property_latin_lines_join_with_single_spaces(parts: list[str]):
    u = join_lines(lines(*parts))
    assert u.text == " ".join(parts)
    assert len(u.src) == len(u.text)
    assert u.src.count(None) == len(parts) - 1
