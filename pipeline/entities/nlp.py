"""Tokenisation: Chinese by jieba, with the drug lexicon as user words; English by spaCy's tokenizer.

jieba is loaded lazily and the lexicon is added once per process; Chinese words are what spaCy's
blank Chinese pipeline (segmenter jieba) would give, without building that pipeline. Tokens keep
their character offsets into the unit text, so a match found on tokens is a span of the original
string. English is tokenised by the tokenizer of spaCy's blank English pipeline, built alone.
`Tokens` computes a text's tokens only where they are asked for.
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.language import Language
    from spacy.tokens import Doc

# jieba's own dictionary frequency for the drug names added as user words
USER_WORD_FREQ = 2000


@cache
def zh_segmenter() -> Any:  # jieba's default Tokenizer (jieba.dt); jieba ships no types
    """jieba with its dictionary loaded and the lexicon's Chinese names added, once per process."""
    import logging

    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    from .lexicon import lexicon

    _load_jieba_cache(jieba.dt)
    lex = lexicon()
    for name in lex.jieba_words:  # simplified names; traditional forms match by automaton only
        jieba.add_word(name, freq=USER_WORD_FREQ)
    jieba.initialize()
    return jieba.dt


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources (about 0.15 s of start-up, and nothing else here uses it).

    jieba's `_compat` uses pkg_resources only to open its own package files, and where it cannot
    import it opens the same files by path (`get_module_res`): the same bytes either way.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _import_spacy() -> None:
    """spaCy, imported without its command line (`spacy.cli`: weasel, typer, requests; about 0.35 s
    of start-up, 360 modules), which spaCy's package imports only to offer `spacy.info`.

    While spaCy's `__init__` runs, `spacy.cli.info` is a stand-in whose `info` imports the real
    one when called; the stand-ins leave `sys.modules` right after, so `import spacy.cli`
    anywhere later imports the real package.
    """
    import sys
    import types

    if "spacy" in sys.modules:
        return

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli, cli_info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package, so that `spacy.cli.info` can be found under it
    cli_info.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, cli_info
    try:
        import spacy
    finally:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (cli, cli_info):
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        delattr(spacy, "cli")  # the attribute the import left on the package: `spacy.cli` is imported for real on use


@cache
def zh_nlp() -> Language:
    """spaCy's blank Chinese pipeline on the same jieba (`jieba.cut` is `jieba.dt.cut`): built only
    for a text whose jieba words do not spell it, where spaCy's alignment decides."""
    _import_spacy()
    import spacy

    zh_segmenter()
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
def en_tokenizer() -> Callable[[str], Doc]:
    """The tokenizer of spaCy's blank English pipeline, built as that pipeline builds it (the
    language's vocabulary and the registered default tokenizer), without the pipeline around it."""
    from types import SimpleNamespace

    _import_spacy()
    from spacy.lang.en import English
    from spacy.language import create_tokenizer
    from spacy.vocab import create_vocab

    # the factory reads only these two attributes of the pipeline it is given
    nlp = cast("Language", SimpleNamespace(Defaults=English.Defaults, vocab=create_vocab("en", English.Defaults)))
    tokenizer: Callable[[str], Doc] = create_tokenizer()(nlp)
    return tokenizer


def is_zh(text: str) -> bool:
    """A text tokenised as Chinese."""
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-space token of `text`."""
    if is_zh(text):
        return _zh_spans(text)
    doc = en_tokenizer()(text)  # what spacy.blank("en").make_doc(text) gives
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


def _zh_words(text: str) -> list[str]:
    """jieba's words of `text`, as spaCy's Chinese tokenizer asks for them."""
    return [w for w in zh_segmenter().cut(text, cut_all=False) if w]


def _zh_spans(text: str) -> list[tuple[int, int]]:
    """The spans spaCy's Chinese tokenizer gives jieba's words, without building its `Doc`.

    spaCy aligns the words with the text (`spacy.util.get_words_and_spaces`): each word
    is found from where the last one ended, and whitespace between words is a space token.
    The same alignment here costs a string search per word instead of a lexeme per token.
    """
    words = _zh_words(text)
    if "".join("".join(words).split()) != "".join(text.split()):
        nlp = zh_nlp()
        doc = nlp.make_doc(text)  # words that do not spell the text: spaCy aligns them
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


class Tokens:
    """The spans `token_spans` gives a text, computed only as far as they are asked for.

    jieba cuts a text piece by piece: `jieba.re_han_default` splits it, and each piece is cut
    on its own (a run of Han characters and ASCII word characters by the dictionary and HMM,
    anything else character by character). So the words of a text are the words of its pieces
    one after another, and whether a token starts or ends at a position is decided by cutting
    the one piece around it. Where the words of a piece do not spell it exactly, the whole text
    is aligned as `token_spans` does. An English text is tokenised whole, when first asked.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.zh = is_zh(text)
        self._whole: list[tuple[int, int]] | None = None
        self._starts: list[int] = []  # start of each jieba piece
        self._pieces: list[str] = []
        self._cut: dict[int, list[tuple[int, int]]] = {}  # piece index -> its token spans
        if self.zh:
            zh_segmenter()  # imports jieba as start-up does
            import jieba

            pos = 0
            for piece in jieba.re_han_default.split(text):
                if piece:
                    self._starts.append(pos)
                    self._pieces.append(piece)
                    pos += len(piece)

    def all(self) -> list[tuple[int, int]]:
        if self._whole is None:
            self._whole = token_spans(self.text)
        return self._whole

    def _piece(self, k: int) -> list[tuple[int, int]] | None:
        """The token spans of piece `k` (None once the whole text had to be aligned)."""
        if self._whole is not None:
            return None
        spans = self._cut.get(k)
        if spans is None:
            piece, base = self._pieces[k], self._starts[k]
            words = _zh_words(piece)
            if "".join(words) != piece:
                self.all()
                return None
            spans, pos = [], base
            for w in words:
                if not w.isspace():
                    spans.append((pos, pos + len(w)))
                pos += len(w)
            self._cut[k] = spans
        return spans

    def _near(self, i: int) -> list[tuple[int, int]]:
        """The token spans of the piece holding character `i` (the whole text's, for English)."""
        if not self.zh:
            return self.all()
        if not 0 <= i < len(self.text):
            return []
        spans = self._piece(bisect.bisect_right(self._starts, i) - 1)
        return self.all() if spans is None else spans

    def starts_at(self, i: int) -> bool:
        return any(a == i for a, _ in self._near(i))

    def ends_at(self, i: int) -> bool:
        return any(b == i for _, b in self._near(i - 1))

    def where(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """The tokens, in order, of every piece in which `pattern` finds something (of the whole
        text, for English): every token that holds a match of `pattern` is among them."""
        if not self.zh:
            return self.all() if pattern.search(self.text) else []
        cut = [self._piece(k) for k, piece in enumerate(self._pieces) if pattern.search(piece)]
        if self._whole is not None:  # a piece its words do not spell: the whole text's tokens
            return self._whole
        return [span for spans in cut if spans for span in spans]
