"""Stray content inside the body: a neighbouring article's text between sections or after the end.

Each paragraph block is scored on general signals, weighted in `resources/strays.json`:
a restart in citation numbering, no share in the vocabulary of the title and abstracts,
vocabulary found nowhere else in the review, an opening in mid-sentence, a boxed insert
or a foreign font in a PDF, and its position (the tail of the body, between sections).
No signal contains a word of any known article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .citations import citations_in
from .resources import stray_rules
from .sections import Block

# position says something only in a body of at least this many paragraphs
MIN_PARAGRAPHS_FOR_POSITION = 3
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]{1,}")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


@cache
def stopwords() -> frozenset[str]:
    """Words that are never a term of the topic: Chinese bigrams and English function words (in capitals)."""
    r = stray_rules()
    return frozenset(r.stopwords_zh) | frozenset(w.upper() for w in r.stopwords_en)


def terms(text: str, stop: set[str] | frozenset[str]) -> Counter[str]:
    """CJK character bigrams and Latin words: a bag of terms without a segmenter."""
    out: Counter[str] = Counter()
    for run in _HAN_RUN.findall(text):
        out.update([bg for bg in (run[i : i + 2] for i in range(len(run) - 1)) if bg not in stop])
    out.update([u for u in (w.upper() for w in _LATIN_WORD.findall(text)) if u not in stop])
    return out


@dataclass
class StrayVerdict:
    score: float
    signals: list[str]

    @property
    def rule(self) -> str:
        return "strays." + "+".join(self.signals) if self.signals else "strays.none"


def _opens_mid_sentence(text: str) -> bool:
    t = text.lstrip()
    if not t:
        return False
    c = t[0]
    return c in "，。；、）)：:,.;" or (c.isascii() and c.islower()) or c in "的了着过地得"


def restarts(cites: list[int], running_max: int, ratio: float) -> bool:
    """Low numbers cited in a fresh ascending run, as a new article's first citations are."""
    if len(cites) < 2 or running_max < 10 or max(cites) >= running_max * ratio:
        return False
    return cites == sorted(cites) and max(cites) - min(cites) <= 2 * len(cites)


def key_terms(title: str, keywords: str, abstracts: str, stop: set[str] | frozenset[str]) -> set[str]:
    """The review's topic: the terms of its title and keywords, and the Latin terms its abstracts repeat."""
    key = set(terms(title, stop)) | set(terms(keywords, stop))
    key |= {t for t, n in terms(abstracts, stop).items() if n >= 2 and t.isascii()}
    return key


@dataclass
class _Scoring:
    """What every paragraph's signals are measured against: the document's term bags and fonts."""

    blocks: list[Block]
    texts: list[str]
    key: set[str]
    core: Counter[str]
    para_idx: list[int]
    bags: dict[int, Counter[str]]
    doc_freq: Counter[str]
    cohesion: dict[int, float]
    typical: float
    main_font: str | None


def _scoring(blocks: list[Block], unit_texts: list[str], core_text: str, key: set[str]) -> _Scoring:
    stop = stopwords()
    para_idx = [i for i, b in enumerate(blocks) if b.kind == "para"]
    bags = {i: terms(unit_texts[i], stop) for i in para_idx}
    doc_freq: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for bag in bags.values():
        doc_freq.update(set(bag))
        total.update(bag)
    total_sq = sum(v * v for v in total.values())
    cohesion = {i: _cosine_rest(bags[i], total, total_sq) for i in para_idx}
    body_font = Counter(b.lines[0].font for i in para_idx for b in [blocks[i]] if b.lines[0].font)
    return _Scoring(
        blocks=blocks,
        texts=unit_texts,
        key=key,
        core=terms(core_text, stop),
        para_idx=para_idx,
        bags=bags,
        doc_freq=doc_freq,
        cohesion=cohesion,
        typical=sorted(cohesion.values())[len(cohesion) // 2] if cohesion else 0.0,
        main_font=body_font.most_common(1)[0][0] if body_font else None,
    )


def _content_signals(sc: _Scoring, i: int, cites: list[int], running_max: int) -> list[str]:
    """Signals from what a paragraph says: citations, key terms, vocabulary, cohesion."""
    rules = stray_rules()
    bag = sc.bags[i]
    out: list[str] = []
    if restarts(cites, running_max, rules.citation_drop_ratio):
        out.append("citation_restart")
    if sc.key and not (set(bag) & sc.key):
        out.append("no_core_terms")
    repeated = [t for t, k in bag.items() if k >= 2]
    if repeated:
        novel = [t for t in repeated if sc.doc_freq[t] == 1 and sc.core[t] == 0]
        if len(novel) / len(repeated) >= 0.5 and len(novel) >= 2:
            out.append("novel_vocabulary")
    if sc.typical and sc.cohesion[i] < rules.cohesion_ratio * sc.typical:
        out.append("off_topic")
        if sc.cohesion[i] < rules.far_cohesion_ratio * sc.typical:
            out.append("far_off_topic")
    return out


def _layout_signals(sc: _Scoring, i: int) -> list[str]:
    """Signals from where and how a paragraph stands: its opening, box, font and position."""
    rules = stray_rules()
    blocks, text = sc.blocks, sc.texts[i]
    out: list[str] = []
    if _opens_mid_sentence(text):
        out.append("mid_sentence_open")
    elif any(text.startswith(o) for o in rules.anaphoric_openers) and (i == 0 or blocks[i - 1].kind == "heading"):
        out.append("anaphoric_open")
    if any(line.boxed for line in blocks[i].lines):
        out.append("boxed")
    if sc.main_font and blocks[i].lines[0].font and blocks[i].lines[0].font != sc.main_font:
        out.append("font_mismatch")
    if len(sc.para_idx) >= MIN_PARAGRAPHS_FOR_POSITION and (
        i == sc.para_idx[-1] or all(blocks[j].kind == "para" for j in range(i, len(blocks)))
    ):
        out.append("tail_position")
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    prv = blocks[i - 1] if i > 0 else None
    if nxt is not None and nxt.kind == "heading" and prv is not None and prv.kind == "para":
        out.append("between_sections")
    return out


def score_blocks(
    blocks: list[Block], unit_texts: list[str], core_text: str, key: set[str]
) -> list[StrayVerdict | None]:
    """A verdict for every paragraph block (None for headings)."""
    rules = stray_rules()
    sc = _scoring(blocks, unit_texts, core_text, key)
    cites = {i: citations_in(unit_texts[i]) for i in sc.para_idx}
    verdicts: list[StrayVerdict | None] = [None] * len(blocks)
    running_max = 0
    for i in sc.para_idx:
        signals: list[str] = []
        if len(unit_texts[i]) >= rules.min_block_chars:
            signals = _content_signals(sc, i, cites[i], running_max) + _layout_signals(sc, i)
        score = sum(rules.weights.get(s, 0.0) for s in signals)
        verdicts[i] = StrayVerdict(score, signals)
        if score < rules.score_threshold and cites[i]:
            running_max = max(running_max, max(cites[i]))
    _mark_continuations(sc.para_idx, verdicts, rules.score_threshold)
    return verdicts


def _mark_continuations(para_idx: list[int], verdicts: list[StrayVerdict | None], threshold: float) -> None:
    """A paragraph that follows a stray one without a heading between, and shares nothing with
    the review's key terms, continues the neighbouring article."""
    for k, i in enumerate(para_idx):
        v = verdicts[i]
        if v is None or is_stray(v) or k == 0:
            continue
        j = para_idx[k - 1]
        if j == i - 1 and is_stray(verdicts[j]) and "no_core_terms" in v.signals:
            v.signals.append("continues_stray")
            v.score = max(v.score, threshold)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    """Similarity of two term bags; a block of another article shares little with the review's body."""
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(t, 0) for t, v in a.items())
    na = sum(v * v for v in a.values()) ** 0.5
    nb = sum(v * v for v in b.values()) ** 0.5
    return dot / (na * nb) if na and nb else 0.0


def _cosine_rest(a: Counter[str], total: Counter[str], total_sq: int) -> float:
    """`_cosine(a, total - a)` without building `total - a` for every block (counts are integers,
    so the sums are exact and the result is the same float)."""
    if not a:
        return 0.0
    dot = 0
    rest_sq = total_sq
    for t, v in a.items():
        n = total[t]
        r = n - v
        dot += v * r
        rest_sq += r * r - n * n
    if not rest_sq:  # `total - a` is empty
        return 0.0
    na = sum(v * v for v in a.values()) ** 0.5
    nb = rest_sq**0.5
    return dot / (na * nb) if na and nb else 0.0


def is_stray(v: StrayVerdict | None) -> bool:
    rules = stray_rules()
    if v is None or v.score < rules.score_threshold:
        return False
    structural = [s for s in v.signals if s in rules.structural_signals]
    if not structural:
        return False
    weak_only = all(s in rules.weak_structural_signals for s in structural)
    return not weak_only or "no_core_terms" in v.signals
