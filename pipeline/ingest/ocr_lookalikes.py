"""Characters a line recogniser reads as a look-alike, put back where a known word says so.

A recogniser confuses characters alike in shape ("袢" read "祥", "甾" read "留", "α" read
"a"): resources/ocr.json `lookalikes` maps what it reads to what may have been printed. A
character is put back only where the change turns the text around it into a known word
(a Chinese drug name or drug class of the lexicon, or resources/zh/ocr_words.txt) and
the text as read is none: no known word covers the character, nor a word of jieba's
dictionary that it makes with a neighbour ("停留" stays, "神经留体" is "神经甾体"). The
text keeps its length, so the characters keep their boxes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import NamedTuple

from ..resources import ocr_rules, word_list
from ..text_utils import is_cjk


class Vocabulary(NamedTuple):
    """What says a word is known, from the entity layer (which ingest may not import): the
    document stage, which uses both, hands it in (`use_vocabulary`)."""

    terms: Callable[[], Iterable[str]]  # Chinese drug names and drug classes of the lexicon
    is_word: Callable[[str], bool]  # a word of the segmenter's dictionary


_vocabulary: Vocabulary | None = None


def use_vocabulary(vocabulary: Vocabulary) -> None:
    global _vocabulary
    _vocabulary = vocabulary
    _words.cache_clear()
    _holding.cache_clear()


@cache
def _words() -> frozenset[str]:
    """Known words: the vocabulary's terms and resources/zh/ocr_words.txt."""
    assert _vocabulary is not None
    words = {w.replace(" ", "") for w in (*_vocabulary.terms(), *word_list("zh/ocr_words.txt"))}
    return frozenset(w for w in words if len(w) >= 2)


@cache
def _holding(ch: str) -> tuple[str, ...]:
    """The known words that hold `ch`."""
    return tuple(sorted(w for w in _words() if ch in w))


def _covered(text: str, i: int, words: tuple[str, ...], ch: str) -> bool:
    """Some word of `words` (each holding `ch`) stands in `text` over position `i`, its `ch` there."""
    for w in words:
        j = w.find(ch)
        while j >= 0:
            start = i - j
            if start >= 0 and text.startswith(w, start):
                return True
            j = w.find(ch, j + 1)
    return False


def _in_a_word(text: str, i: int) -> bool:
    """The character at `i` stands in a known word, or in a dictionary word with a neighbour."""
    if _covered(text, i, _holding(text[i]), text[i]):
        return True
    return any(_jieba_word(text[a : a + 2]) for a in (i - 1, i) if a >= 0 and a + 2 <= len(text))


def _jieba_word(pair: str) -> bool:
    assert _vocabulary is not None
    return all(is_cjk(c) for c in pair) and _vocabulary.is_word(pair)


def undo_lookalikes(text: str) -> str:
    """`text` with look-alike characters put back where that makes a known word (same length)."""
    table = ocr_rules().lookalikes
    if not table or _vocabulary is None or not any(ch in table for ch in text):
        return text  # without a vocabulary nothing says a word is known: the text as read
    # words are matched on the text without spaces (the recogniser may read one inside a term)
    idx = [k for k, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(text[k] for k in idx)
    out = list(text)
    for n, ch in enumerate(flat):
        new = table.get(ch)
        if new is None:
            continue
        changed = flat[:n] + new + flat[n + 1 :]
        if _covered(changed, n, _holding(new), new) and not _in_a_word(flat, n):
            out[idx[n]] = new
    return "".join(out)
