"""What keeps extraction fast without changing its output: the warm parent, exact shortcuts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.drugs import _en_stem_letters
from pipeline.entities.nlp import Tokens, _zh_spans, token_spans, zh_nlp
from pipeline.strays import _cosine, _cosine_rest

ROOT = Path(__file__).resolve().parents[1]

# run in a fresh interpreter: what the warm-up loaded, not what earlier tests did
_PROBE = r"""
import json, sys, tempfile
from pipeline import batch
from pipeline.entities import nlp
from pipeline.entities.lexicon import lexicon
batch._warm(None)
lex = lexicon()
before = set(sys.modules)
autos = (lex._en_auto, lex._zh_auto, lex._abbr_auto)
misses = (nlp.zh_segmenter.cache_info().misses, nlp.en_tokenizer.cache_info().misses, nlp.zh_nlp.cache_info().misses)
out = tempfile.mkdtemp()
outcomes = [batch._process_one(p, out, True).status for p in sys.argv[1:]]
print(json.dumps({
    "outcomes": outcomes,
    "imported": sorted(m for m in set(sys.modules) - before if m.startswith(("pipeline", "spacy", "jieba", "pdfplumber", "pypdfium2"))),
    "automata_rebuilt": [a is not b for a, b in zip(autos, (lex._en_auto, lex._zh_auto, lex._abbr_auto))],
    "pipelines_built": [a - b for a, b in zip((nlp.zh_segmenter.cache_info().misses, nlp.en_tokenizer.cache_info().misses, nlp.zh_nlp.cache_info().misses), misses)],
}))
"""


def test_warm_parent_leaves_nothing_for_a_document_child_to_load() -> None:
    """The batch forks one child per document from a warm parent: whatever the child loads
    itself (a module, a spaCy pipeline, a lexicon automaton) it loads again for every document."""
    docs = [str(ROOT / "raw" / "chb_antiviral_print.pdf"), str(ROOT / "raw" / "chb_antiviral.txt")]
    res = subprocess.run([sys.executable, "-c", _PROBE, *docs], capture_output=True, text=True, cwd=ROOT, check=True)
    got = json.loads(res.stdout.strip().splitlines()[-1])
    assert got["outcomes"] == ["ok", "ok"]
    assert got["imported"] == []
    assert got["automata_rebuilt"] == [False, False, False]
    assert got["pipelines_built"] == [0, 0, 0]  # jieba, spaCy's English, and no spaCy Chinese at all


_bags = st.dictionaries(st.sampled_from(["心衰", "ACEI", "利尿", "β受", "SGLT2", "ARNI", "死亡"]), st.integers(1, 6))


@settings(max_examples=200, deadline=None)
@given(st.lists(_bags, min_size=1, max_size=6), st.data())
def test_cohesion_shortcut_is_the_cosine_against_the_rest(bags: list[dict[str, int]], data: st.DataObject) -> None:
    total: Counter[str] = Counter()
    for b in bags:
        total.update(b)
    a = Counter(data.draw(st.sampled_from(bags)))
    total_sq = sum(v * v for v in total.values())
    assert _cosine_rest(a, total, total_sq) == _cosine(a, total - a)


_zh_text = st.text(
    alphabet=st.sampled_from(list("心力衰竭患者使用沙库巴曲缬沙坦治疗研究显示") + list("ab AB12.%- \t\u3000")),
    max_size=60,
)


def _spacy_spans(text: str) -> list[tuple[int, int]]:
    doc = zh_nlp().make_doc(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


@settings(max_examples=200, deadline=None)
@given(_zh_text)
def test_chinese_token_spans_are_spacys(text: str) -> None:
    text = "心" + text  # token_spans sends only Chinese text here
    assert _zh_spans(text) == _spacy_spans(text)


def test_chinese_token_spans_of_a_real_paragraph() -> None:
    text = "沙库巴曲缬沙坦（ARNI）在 PARADIGM-HF 研究中使心血管死亡风险降低 20%，  每日 2 次。"
    assert _zh_spans(text) == _spacy_spans(text)
    assert [text[a:b] for a, b in _zh_spans(text)][:2] != []


_mixed_text = st.lists(
    st.sampled_from(
        list("心力衰竭患者使用沙库巴曲缬沙坦治疗单抗替尼")
        + ["mab", "tinib", "sartan", "cillin", "pril", "é"]
        + list("abAB12.%-() \t\n")
    ),
    max_size=30,
).map("".join)


def _tokens_agree(text: str) -> None:
    spans = token_spans(text)
    tokens = Tokens(text)
    assert [tokens.starts_at(i) for i in range(len(text) + 1)] == [
        any(a == i for a, _ in spans) for i in range(len(text) + 1)
    ]
    assert [tokens.ends_at(i) for i in range(len(text) + 1)] == [
        any(b == i for _, b in spans) for i in range(len(text) + 1)
    ]
    pattern = _en_stem_letters()
    got = tokens.where(pattern)
    assert [s for s in spans if s in got] == got  # in the text's order, each once
    assert {s for s in spans if pattern.search(text[s[0] : s[1]])} <= set(got)


@settings(max_examples=300, deadline=None)
@given(_mixed_text)
def test_lazy_tokens_are_the_texts_tokens(text: str) -> None:
    """`Tokens` cuts only the pieces it is asked about: what it answers must be what the text's
    whole tokenisation says, for Chinese (piece by piece) and English (spaCy) texts alike."""
    _tokens_agree(text)
    _tokens_agree("心" + text)


def test_lazy_tokens_of_a_real_paragraph() -> None:
    text = "沙库巴曲缬沙坦（sacubitril/valsartan）与 remetinib 在 PARADIGM-HF 研究中，每日 2 次。"
    _tokens_agree(text)
    got = Tokens(text).where(_en_stem_letters())
    assert {text[a:b] for a, b in got} >= {"valsartan", "remetinib"}
    assert "沙库巴曲缬沙坦" not in {text[a:b] for a, b in got}  # its piece holds no English stem: not cut


_en_text = st.lists(
    st.sampled_from(
        ["don't", "cannot", "U.S.", "e.g.", "http://x.org/a-b", "a@b.com", "5mg", "(ACEI)", "—", "--", "'s"]
    )
    | st.text(alphabet=st.sampled_from(list("abAB12.,;:%-/()'\" \t\n")), max_size=6),
    max_size=12,
).map(" ".join)


@cache
def _blank_en():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.blank("en")


@settings(max_examples=300, deadline=None)
@given(_en_text)
def test_english_tokenizer_is_the_blank_pipelines(text: str) -> None:
    """`en_tokenizer` is built without spaCy's pipeline around it: its tokens must be the blank
    English pipeline's, spaces included."""
    from pipeline.entities.nlp import en_tokenizer

    ref = _blank_en().make_doc(text)
    got = en_tokenizer()(text)
    assert [(t.idx, t.text, t.is_space) for t in got] == [(t.idx, t.text, t.is_space) for t in ref]


def _reference_json(doc) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"


def test_json_is_the_bytes_json_dumps_writes_for_awkward_values() -> None:
    """The fast serializer is used only where it writes what `json.dumps(indent=1)` writes."""
    from pipeline.document import extract_bytes
    from pipeline.emit import to_json

    doc = extract_bytes((ROOT / "raw" / "hf_pharmacotherapy.txt").read_bytes(), "hf_pharmacotherapy.txt")
    assert doc.entities.numbers
    assert to_json(doc) == _reference_json(doc)
    n = doc.entities.numbers[0]
    for value in (1e-05, 2.5e-9, 1e16, 0.0001, -0.0, float("nan"), float("inf"), 123456789.125):
        n.value = value
        n.text = 'P<0.00001 \x01\t"quoted" \\ 10e-3'
        assert to_json(doc) == _reference_json(doc), value


def test_jieba_dictionary_read_whole_is_the_one_jieba_loads() -> None:
    """zh_nlp reads jieba's cache file in one piece; the prefix dictionary must be jieba's own."""
    import jieba

    from pipeline.entities.nlp import _load_jieba_cache

    ours, theirs = jieba.Tokenizer(), jieba.Tokenizer()
    theirs.initialize()  # writes the cache file where there was none
    _load_jieba_cache(ours)
    assert ours.initialized
    assert ours.total == theirs.total and ours.FREQ == theirs.FREQ
    assert list(ours.cut("沙库巴曲缬沙坦治疗心力衰竭")) == list(theirs.cut("沙库巴曲缬沙坦治疗心力衰竭"))


_NO_PKG_RESOURCES = r"""
import sys
from pipeline import batch
batch._warm(None)
import jieba._compat as c
with c.get_module_res("dict.txt") as f:
    data = f.read()
import importlib.util, os
path = os.path.join(os.path.dirname(importlib.util.find_spec("jieba").origin), "dict.txt")
print("pkg_resources" in sys.modules, data == open(path, "rb").read(), len(data) > 0)
"""


def test_jieba_starts_without_pkg_resources_and_reads_its_own_files() -> None:
    """The warm-up imports jieba without pkg_resources; jieba then opens its files by path."""
    res = subprocess.run(
        [sys.executable, "-c", _NO_PKG_RESOURCES], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert res.stdout.split() == ["False", "True", "True"]


_NO_SPACY_CLI = r"""
import sys
from pipeline import batch
batch._warm(None)
before = "spacy.cli" in sys.modules
import spacy
info = spacy.info  # the stand-in: imports the real command line when called
from spacy.cli.info import info as real
import spacy.cli
print(before, spacy.cli.__file__.endswith("cli/__init__.py"), real.__module__, callable(info))
"""


def test_spacy_starts_without_its_command_line_and_imports_it_for_real_on_use() -> None:
    """The warm-up imports spaCy without `spacy.cli`; importing it afterwards gets the real package."""
    res = subprocess.run([sys.executable, "-c", _NO_SPACY_CLI], capture_output=True, text=True, cwd=ROOT, check=True)
    assert res.stdout.split() == ["False", "True", "spacy.cli.info", "True"]


def test_plain_glyph_table_reads_every_character_as_the_per_glyph_rules_do() -> None:
    """A page whose faces have no map of their own takes one table lookup per glyph: every
    character of the BMP must read there as the per-glyph rules (`_mapped`) read it."""
    from pipeline.ingest.pdf.normalize import _mapped, _plain_table, _tables

    chars = [chr(u) for u in range(0x10000) if not 0xD800 <= u <= 0xDFFF]
    plain = _plain_table()
    assert [plain.get(ch, ch) for ch in chars] == _mapped(chars, ["NoMap"] * len(chars), {}, _tables()[0], set())


def _sentence_bounds_by_char(text: str, pos: int) -> tuple[int, int]:
    ends = "。！？!?；;"
    a = pos
    while a > 0 and text[a - 1] not in ends:
        a -= 1
    b = pos
    while b < len(text) and text[b] not in ends:
        b += 1
    return a, min(len(text), b + 1)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["。", "；", "!", "abc ", "心衰" * 20, "x" * 130]), max_size=12).map("".join), st.data()
)
def test_sentence_bounds_are_the_character_walk(text: str, data: st.DataObject) -> None:
    from pipeline.entities.drugs import sentence_bounds

    pos = data.draw(st.integers(0, len(text)))
    assert sentence_bounds(text, pos) == _sentence_bounds_by_char(text, pos)
