"""pipeline/strays.py: a neighbouring article's paragraph inside the body, scored on general signals.

The topic words below are invented, so no test leans on one document's vocabulary; weights and
thresholds are read from resources/strays.json, not restated."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from pipeline.lines import Line
from pipeline.resources import stray_rules
from pipeline.sections import Block
from pipeline.strays import StrayVerdict, is_stray, key_terms, restarts, score_blocks, terms

RULES = stray_rules()
STOP = set(RULES.stopwords_zh)
CORE = "Zorbitol therapy for flenmark disease. Zorbitol lowers the flenmark index."
# a title without English function words (they are no key terms either: see below)
KEY = key_terms("Zorbitol therapy: flenmark", "zorbitol; flenmark", CORE, STOP)


def para(text: str, font: str = "Body", boxed: bool = False) -> Block:
    return Block("para", [Line(text=text, font=font, boxed=boxed)])


def head(text: str) -> Block:
    return Block("heading", [Line(text=text, font="Head")])


def on_topic(k: int) -> str:
    return f"Zorbitol therapy lowered the flenmark index of flenmark patients [{2 * k + 1}, {2 * k + 2}]."


def body(n: int = 6) -> list[Block]:
    return [head("1 Background")] + [para(on_topic(k) + " " + on_topic(k)) for k in range(n)]


def verdicts(blocks: list[Block]) -> list[StrayVerdict | None]:
    return score_blocks(blocks, [b.lines[0].text for b in blocks], CORE, KEY)


def test_terms_are_han_bigrams_without_stopwords_and_upper_cased_latin_words():
    bag = terms("肾脏功能 and CKD-3 a", {"功能"})
    assert bag["肾脏"] == 1 and bag["脏功"] == 1 and bag["能"] == 0
    assert "功能" not in bag  # a stopword bigram
    assert bag["AND"] == 1 and bag["CKD-3"] == 1
    assert "A" not in bag  # a one-letter word is no term


def test_key_terms_take_title_and_keywords_and_latin_terms_the_abstracts_repeat():
    key = key_terms("肾脏病变", "Quopane", "grelling grelling once 肾小球 肾小球", set())
    assert {"肾脏", "脏病", "病变", "QUOPANE", "GRELLING"} <= key
    assert "ONCE" not in key  # said once
    assert "肾小" not in key  # abstracts lend Latin terms only


def test_key_terms_leave_out_english_function_words_of_the_title():
    from pipeline.strays import stopwords

    key = key_terms("Treatment of gout in the elderly", "", "", stopwords())
    assert {"TREATMENT", "GOUT", "ELDERLY"} <= key
    assert not ({"OF", "IN", "THE"} & key)


def test_restarts_need_a_fresh_low_ascending_run_after_high_citations():
    assert restarts([1, 2, 3], 30, 0.5)
    assert not restarts([1], 30, 0.5)  # one citation is no run
    assert not restarts([1, 2, 3], 9, 0.5)  # the body has cited too little to restart
    assert not restarts([14, 15], 30, 0.5)  # not low against what came before
    assert not restarts([3, 1, 2], 30, 0.5)  # not ascending
    assert not restarts([1, 12], 30, 0.5)  # too spread for a first run


def test_body_paragraphs_on_topic_are_not_strays():
    vs = verdicts(body())
    assert vs[0] is None  # headings get no verdict
    assert not any(is_stray(v) for v in vs)


def test_a_neighbouring_articles_tail_paragraph_is_a_stray():
    blocks = body() + [
        para("and the quopane dosing of quopane vials for grelling outcomes of grelling cohorts [1, 2, 3].")
    ]
    v = verdicts(blocks)[-1]
    assert v is not None and is_stray(v)
    assert {"citation_restart", "no_core_terms", "mid_sentence_open", "tail_position"} <= set(v.signals)
    assert v.rule.startswith("strays.") and "citation_restart" in v.rule


def test_short_paragraphs_get_no_signals():
    short = "and quopane [1, 2]."
    assert len(short) < RULES.min_block_chars
    v = verdicts(body() + [para(short)])[-1]
    assert v is not None and v.signals == [] and v.rule == "strays.none" and not is_stray(v)


def test_boxed_and_foreign_font_paragraphs_are_flagged():
    text = "Quopane vials were stored cold before grelling in the grelling cohorts of the trial."
    blocks = body() + [para(text, font="Sans", boxed=True), head("2 Outcomes")] + body(3)[1:]
    v = verdicts(blocks)[len(body())]
    assert v is not None
    assert {"boxed", "font_mismatch", "no_core_terms", "between_sections"} <= set(v.signals)
    assert is_stray(v)


def test_position_alone_does_not_remove_a_paragraph_that_shares_key_terms():
    # weak structural signals (between sections, tail) only count with no key term in the block
    v = StrayVerdict(RULES.score_threshold + 1, ["between_sections", "tail_position", "novel_vocabulary", "off_topic"])
    assert not is_stray(v)
    v.signals.append("no_core_terms")
    assert is_stray(v)


def test_vocabulary_alone_never_removes_a_paragraph():
    assert not is_stray(StrayVerdict(RULES.score_threshold + 5, ["no_core_terms", "novel_vocabulary", "far_off_topic"]))


def test_below_threshold_is_not_stray():
    assert not is_stray(None)
    assert not is_stray(StrayVerdict(RULES.score_threshold - 0.01, ["boxed", "mid_sentence_open"]))


def test_a_paragraph_following_a_stray_without_key_terms_continues_it():
    stray = para("and the quopane dosing of quopane vials for grelling outcomes of grelling cohorts [1, 2, 3].")
    follow = para("Vials of quopane were kept cold; grelling was measured weekly by the nurses.")
    # neither at the tail nor before a heading: only its neighbour makes it a stray
    blocks = body() + [stray, follow, para(on_topic(20) + " " + on_topic(20)), head("2 Outcomes")] + body(3)[1:]
    vs = verdicts(blocks)
    i = len(body())
    assert is_stray(vs[i])
    v = vs[i + 1]
    assert v is not None and "continues_stray" in v.signals and is_stray(v)
    assert v.score >= RULES.score_threshold
    assert not is_stray(vs[i + 2])


def test_a_paragraph_after_a_stray_that_shares_key_terms_does_not_continue_it():
    stray = para("and the quopane dosing of quopane vials for grelling outcomes of grelling cohorts [1, 2, 3].")
    back = para("Zorbitol therapy again lowered the flenmark index in the flenmark cohort [14].")
    vs = verdicts(body() + [stray, back])
    assert vs[-1] is not None and "continues_stray" not in vs[-1].signals


def test_anaphoric_opener_under_a_heading_is_a_signal():
    opener = RULES.anaphoric_openers[0]
    text = opener + "Zorbitol therapy lowered the flenmark index of flenmark patients overall."
    v = verdicts([head("1 Background"), para(text)] + body(3)[1:])[1]
    assert v is not None and "anaphoric_open" in v.signals
    # after another paragraph the same opener refers back within the review: no signal
    blocks = body(3) + [para(text)] + body(3)[1:]
    v = verdicts(blocks)[len(body(3))]
    assert v is not None and "anaphoric_open" not in v.signals


@given(st.lists(st.integers(1, 200), min_size=2, max_size=8), st.integers(0, 300))
def test_property_restart_implies_a_low_ascending_run(cites: list[int], running_max: int):
    if restarts(cites, running_max, 0.5):
        assert cites == sorted(cites) and max(cites) < running_max * 0.5 and running_max >= 10


@given(st.text(max_size=60))
def test_property_terms_hold_no_stopword_and_no_lower_case(text: str):
    bag = terms(text, STOP)
    assert isinstance(bag, Counter)
    assert not (set(bag) & STOP)
    assert all(t == t.upper() for t in bag if t.isascii())
