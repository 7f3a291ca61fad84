"""Tokenisation: jieba inside spaCy's blank Chinese pipeline, with the drug lexicon as user words.

jieba is loaded lazily and the lexicon is added once per process, as spaCy does for its
own Chinese tokenizer; tokens keep their character offsets into the unit text, so a
match found on tokens is a span of the original string.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

# jieba's own dictionary frequency for the drug names added as user words
USER_WORD_FREQ = 2000


@cache
def zh_nlp() -> Language:
    import logging

    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    from .lexicon import lexicon

    _load_jieba_cache(jieba.dt)
    lex = lexicon()
    for name in lex.jieba_words:  # simplified names; traditional forms match by automaton only
        jieba.add_word(name, freq=USER_WORD_FREQ)
    jieba.initialize()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def _load_jieba_cache(dt: Any) -> None:
    """jieba's default prefix dictionary from jieba's own cache file, read whole.

    jieba reads that marshal file through the file object, one small read per entry, which
    takes about three times as long as `marshal.loads` on its bytes. Where there is no such
    cache (first run, another dictionary) jieba's own `initialize` builds and writes it.
    """
    import gc
    import marshal
    import os
    import tempfile

    if dt.initialized or dt.dictionary is not None:
        return
    path = dt.cache_file or os.path.join(dt.tmp_dir or tempfile.gettempdir(), "jieba.cache")
    try:
        with open(path, "rb") as f:
            data = f.read()
        frozen = gc.isenabled()
        gc.disable()  # half a million fresh entries: nothing to collect while they load
        try:
            freq, total = marshal.loads(data)
        finally:
            if frozen:
                gc.enable()
    except (OSError, ValueError, EOFError, TypeError):
        return  # jieba.initialize() reads or rebuilds it
    if isinstance(freq, dict) and isinstance(total, int):
        with dt.lock:
            dt.FREQ, dt.total, dt.initialized = freq, total, True


@cache
def en_nlp() -> Language:
    import spacy

    return spacy.blank("en")


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-space token of `text`."""
    if any("\u4e00" <= c <= "\u9fff" for c in text):
        return _zh_spans(text)
    doc = en_nlp().make_doc(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


def _zh_spans(text: str) -> list[tuple[int, int]]:
    """The spans spaCy's Chinese tokenizer gives jieba's words, without building its `Doc`.

    spaCy aligns the words with the text (`spacy.util.get_words_and_spaces`): each word
    is found from where the last one ended, and whitespace between words is a space token.
    The same alignment here costs a string search per word instead of a lexeme per token.
    """
    from spacy.lang.zh import ChineseTokenizer

    nlp = zh_nlp()
    tokenizer = nlp.tokenizer
    seg = tokenizer.jieba_seg if isinstance(tokenizer, ChineseTokenizer) else None
    assert seg is not None  # zh_nlp builds the tokenizer with the jieba segmenter
    words = [w for w in seg.cut(text, cut_all=False) if w]
    if "".join("".join(words).split()) != "".join(text.split()):
        doc = nlp.make_doc(text)  # words that do not spell the text: spaCy says why
        return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
    out: list[tuple[int, int]] = []
    pos = 0
    for w in words:
        if w.isspace():
            continue
        k = text.index(w, pos)
        pos = k + len(w)
        out.append((k, pos))
    return out
