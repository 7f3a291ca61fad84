"""pipeline/review_id.py: one id for every rendition of a review, from its title."""

from __future__ import annotations

import hashlib
import re
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from pipeline.review_id import DIGEST_CHARS, MIN_TITLE_CHARS, PREFIX, review_id_for, review_of, title_key

ID_SHAPE = re.compile(rf"^{PREFIX}[0-9a-f]{{{DIGEST_CHARS}}}$")


def test_title_key_folds_case_width_and_drops_punctuation():
    assert title_key("Acute  Kidney-Injury: a Review") == "acutekidneyinjuryareview"
    assert title_key("ＡＢＣ　１２３") == "abc123"  # full-width forms fold (NFKC)
    assert title_key("急性肾损伤的治疗进展[1]") == "急性肾损伤的治疗进展1"
    assert title_key(None) == "" and title_key("") == ""


def test_renditions_of_one_title_share_an_id():
    a = review_id_for("急性肾损伤的治疗进展", None, "doc-a")
    b = review_id_for("急性肾损伤的\n治疗进展。", None, "doc-b")  # a line break, a full stop
    c = review_id_for("急性肾损伤的 治疗进展*", "Some English Title", "doc-c")
    assert a == b == c
    assert ID_SHAPE.match(a)


def test_id_is_the_documented_digest():
    key = title_key("Acute Kidney Injury")
    expect = PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:DIGEST_CHARS]
    assert review_id_for(None, "Acute Kidney Injury", "x") == expect


def test_chinese_title_comes_first():
    zh_only = review_id_for("急性肾损伤的治疗进展", None, "d")
    en_only = review_id_for(None, "Treatment of acute kidney injury", "d")
    assert review_id_for("急性肾损伤的治疗进展", "Treatment of acute kidney injury", "d") == zh_only != en_only


def test_short_title_falls_through_to_the_english_then_the_doc_id():
    en = review_id_for(None, "Treatment of acute kidney injury", "d")
    assert review_id_for("综述", "Treatment of acute kidney injury", "d") == en
    assert review_id_for("（1）", "12", "my-doc") == "my-doc"
    assert review_id_for(None, None, "my-doc") == "my-doc"
    assert review_id_for("急性肾损", None, "d").startswith(PREFIX)  # exactly the minimum counts


def test_different_titles_differ():
    assert review_id_for(None, "Treatment of gout", "d") != review_id_for(None, "Treatment of asthma", "d")


def _doc(review_id, zh, en, doc_id="my-doc"):
    return SimpleNamespace(
        review_id=review_id, doc_id=doc_id, metadata=SimpleNamespace(title=SimpleNamespace(zh=zh, en=en))
    )


def test_review_of_prefers_the_stored_id_and_derives_one_for_older_files():
    assert review_of(_doc("r-0123456789abcdef", "急性肾损伤的治疗进展", None)) == "r-0123456789abcdef"
    assert review_of(_doc(None, "急性肾损伤的治疗进展", None)) == review_id_for("急性肾损伤的治疗进展", None, "my-doc")
    assert review_of(_doc(None, None, None)) == "my-doc"


_title = st.text(alphabet=st.sampled_from(list("abcdefgh急性肾损伤治疗") + [" ", "-", ",", "\n"]), max_size=30)


@given(_title)
def test_property_id_ignores_case_spacing_and_punctuation(title: str):
    noisy = " " + title.upper().replace(" ", "  \n") + "."
    assert review_id_for(title, None, "d") == review_id_for(noisy, None, "d")


@given(_title)
def test_property_id_is_a_digest_or_the_doc_id(title: str):
    rid = review_id_for(title, None, "d")
    if len(title_key(title)) < MIN_TITLE_CHARS:
        assert rid == "d"
    else:
        assert ID_SHAPE.match(rid)
