"""pipeline/text_utils.py: script shares and display width of short strings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.text_utils import cjk_share, is_cjk, latin_share, width


def test_is_cjk_covers_the_unified_and_extension_a_blocks_only():
    assert is_cjk("中") and is_cjk("\u4e00") and is_cjk("\u9fff") and is_cjk("\u3400")
    assert not is_cjk("a") and not is_cjk("1")
    assert not is_cjk("，") and not is_cjk("。")  # full-width punctuation is not a Han character
    assert not is_cjk("か") and not is_cjk("한")


def test_width_counts_wide_and_full_width_characters_twice():
    assert width("") == 0.0
    assert width("abc") == 3.0
    assert width("中文") == 4.0
    assert width("ＡＢ") == 4.0  # full-width Latin
    assert width("a，b") == 4.0
    assert isinstance(width("a"), float)


def test_cjk_share_ignores_white_space_and_counts_punctuation():
    assert cjk_share("") == 0.0
    assert cjk_share("   ") == 0.0
    assert cjk_share("中文") == 1.0
    assert cjk_share("中 文 ab") == 0.5
    assert cjk_share("中文。") == 2 / 3


def test_latin_share_counts_letters_only():
    assert latin_share("") == 0.0
    assert latin_share("123 ,.") == 0.0
    assert latin_share("abc") == 1.0
    assert latin_share("ab中文") == 0.5
    assert latin_share("MRI 12 次") == 0.75
    assert latin_share("é") == 0.0  # non-ASCII letters are not counted as Latin here


@given(st.text(max_size=40))
def test_property_shares_are_fractions(s: str):
    assert 0.0 <= cjk_share(s) <= 1.0
    assert 0.0 <= latin_share(s) <= 1.0
    assert len(s) <= width(s) <= 2 * len(s)


@given(st.text(max_size=20), st.text(max_size=20))
def test_property_width_adds_up(a: str, b: str):
    assert width(a + b) == width(a) + width(b)
