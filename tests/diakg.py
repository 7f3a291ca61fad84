"""The DiaKG sample's Drug mentions (tests/data/diakg/, see the README there): reading, the
dev/held-out split, the gold variants that follow this project's conventions, and the
pipeline's predictions. One module serves bench/drugs.py (prints) and tests/test_diakg.py
(asserts), so the figures and the floors cannot drift apart.

The gold variants change the gold only, never what the finder sees:
* classes set aside: DiaKG marks classes (胰岛素促泌剂, 磺脲类) as Drug; tests/gold/CONVENTIONS.md
  counts named agents only;
* forms cut: DiaKG's mentions include the dosage form ("格列齐特缓释片"); the gold reviews end a
  mention at the name ("喹硫平" before 缓释片).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DIAKG = ROOT / "tests" / "data" / "diakg" / "diakg_sample_drugs.jsonl"

CLASS_RULE = (
    "a gold mention is a class when it ends with a class head of drug_cues.json's class_heads "
    "(促泌剂, 抑制剂, 药物, 类, 剂, ...) or is listed in zh/drug_classes.txt"
)
FORM_RULE = "a dosage form of 2+ characters in zh/dosage_forms.txt ending a gold mention is cut off (缓释片, 控释片)"

Row = dict[str, Any]
Span = tuple[int, int]


def read_diakg(path: Path = DIAKG) -> list[Row]:
    """Sentences: doc, para, sent, text, drugs [[start, end, mention], ...]."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_is_class(mention: str) -> bool:
    from pipeline.entities.drugs import cues
    from pipeline.entities.lexicon import lexicon, squash_zh

    return mention.endswith(tuple(cues()["class_heads"])) or squash_zh(mention) in lexicon().classes_zh


@cache
def _dosage_forms() -> tuple[str, ...]:
    from pipeline.resources import word_list

    return tuple(sorted((f for f in word_list("zh/dosage_forms.txt") if len(f) >= 2), key=len, reverse=True))


def gold_name_span(a: int, b: int, mention: str) -> Span:
    """The name without its dosage form: "格列齐特" of "格列齐特缓释片"."""
    for form in _dosage_forms():
        if mention.endswith(form) and len(mention) - len(form) >= 2:
            return a, b - len(form)
    return a, b


def gold(row: Row, variant: str) -> list[Span]:
    """The row's gold spans: "all", "named" (classes set aside) or "names" (and forms cut)."""
    if variant == "all":
        return [(a, b) for a, b, _ in row["drugs"]]
    named = [(a, b, m) for a, b, m in row["drugs"] if not gold_is_class(m)]
    if variant == "named":
        return [(a, b) for a, b, _ in named]
    return [gold_name_span(a, b, m) for a, b, m in named]


def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """(dev, held-out): the first half of each document's paragraphs, by paragraph id, is dev."""
    dev, held = [], []
    for doc in dict.fromkeys(r["doc"] for r in rows):
        paras = sorted({int(r["para"]) for r in rows if r["doc"] == doc})
        first = set(paras[: len(paras) // 2])
        for r in rows:
            if r["doc"] == doc:
                (dev if int(r["para"]) in first else held).append(r)
    return dev, held


def predict(rows: list[Row]) -> list[list[Span]]:
    """The pipeline's drug finding on each sentence: one finder per document, aliases mined over
    all its sentences first, as `entities.find_drugs` does over a review's text units."""
    from pipeline.entities.drugs import DrugFinder

    finders: dict[str, DrugFinder] = {}
    for r in rows:
        if r["doc"] not in finders:
            finders[r["doc"]] = DrugFinder()
        finders[r["doc"]].mine_aliases(r["text"])
    return [[(m.start, m.end) for m in finders[r["doc"]].find(f"p{r['para']}.{r['sent']}", r["text"])] for r in rows]


def precision_recall(pred: list[list[Span]], golds: list[list[Span]], exact: bool = True) -> tuple[float, float]:
    """Mention precision and recall, exact span or overlapping span, summed over sentences."""
    tp_p = tp_g = n_p = n_g = 0
    for ps, gs in zip(pred, golds, strict=True):
        if exact:
            tp_p += len(set(ps) & set(gs))
            tp_g += len(set(ps) & set(gs))
        else:
            tp_p += sum(any(p[0] < g[1] and g[0] < p[1] for g in gs) for p in set(ps))
            tp_g += sum(any(p[0] < g[1] and g[0] < p[1] for p in ps) for g in set(gs))
        n_p += len(set(ps))
        n_g += len(set(gs))
    return (tp_p / n_p if n_p else 1.0), (tp_g / n_g if n_g else 1.0)
