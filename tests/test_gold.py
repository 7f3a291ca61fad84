"""Each review against its hand-made gold (tests/gold/, see README there): structure and entities."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from pipeline import extract_file
from pipeline.entities import unit_texts
from pipeline.evaluate import compare
from pipeline.models import Document

from .conftest import GOLD, RAW, load_gold

GOLDS = sorted(p.stem for p in GOLD.glob("*.json"))


@cache
def gold(doc_id: str) -> Document:
    return Document.model_validate(load_gold(GOLD / f"{doc_id}.json"))


@cache
def text_rendition(doc_id: str) -> Document:
    return extract_file(RAW / Path(gold(doc_id).source.path).name)


@pytest.mark.parametrize("doc_id", GOLDS)
def test_section_tree_equals_gold(doc_id):
    rep = compare(gold(doc_id), text_rendition(doc_id))
    diffs = [d.as_dict() for d in rep.differences if d.path.startswith("sections")]
    assert rep.structure["tree_exact"], diffs


@pytest.mark.parametrize("doc_id", GOLDS)
def test_body_text_matches_gold(doc_id):
    rep = compare(gold(doc_id), text_rendition(doc_id))
    assert rep.structure["body_similarity"] >= 0.99


@pytest.mark.parametrize("doc_id", GOLDS)
def test_no_stray_sentence_leaks_into_sections(doc_id):
    rep = compare(gold(doc_id), text_rendition(doc_id))
    assert rep.leaked_strays == 0
    removed = [r for r in text_rendition(doc_id).removed if r.reason == "adjacent_article"]
    assert len(removed) >= sum(1 for r in gold(doc_id).removed if r.reason == "adjacent_article") - 1


@pytest.mark.parametrize("doc_id", GOLDS)
def test_front_matter(doc_id):
    g, o = gold(doc_id), text_rendition(doc_id)
    assert o.metadata.title.zh == g.metadata.title.zh
    assert [a.name for a in o.metadata.authors] == [a.name for a in g.metadata.authors]
    assert o.abstract.zh == g.abstract.zh and o.abstract.en == g.abstract.en
    assert o.metadata.keywords == g.metadata.keywords
    assert len(o.references) == len(g.references)


THRESHOLDS = {"drugs": 0.95, "numbers": 0.95, "doses": 0.90, "trials": 0.85}


@pytest.mark.parametrize("etype", sorted(THRESHOLDS))
def test_entity_f1_over_all_golds(etype):
    from pipeline.evaluate import Counts

    total = Counts()
    for doc_id in GOLDS:
        total.add(compare(gold(doc_id), text_rendition(doc_id)).entities[etype])
    assert total.prf()[2] >= THRESHOLDS[etype], f"{etype}: {total.as_dict()}"


@pytest.mark.parametrize("doc_id", GOLDS)
def test_every_mention_is_grounded(doc_id):
    doc = text_rendition(doc_id)
    texts = unit_texts(doc)
    e = doc.entities
    for ent in [*e.drugs, *e.trials, *e.doses, *e.numbers]:
        assert ent.rule, ent
        for m in ent.mentions:
            assert texts[m.unit][m.start : m.end] == m.text


_IDENT = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|[A-Za-z]-\d")


@pytest.mark.parametrize("doc_id", GOLDS)
def test_no_identifier_is_a_number(doc_id):
    """A number whose own characters glue digits to letters (SOD1, IL-6, ALSAQ-40) is an identifier."""
    allowed_units = re.compile(r"\d\s?(?:mg|g|ug|μg|kg|ml|mL|IU|U|h|d|min|m2|m²)\b|[nN]\s*=|HR|OR|RR|AUC|CI|P\s*[<=>]")
    for n in text_rendition(doc_id).entities.numbers:
        if _IDENT.search(n.text):
            assert allowed_units.search(n.text), n.text


@cache
def pdf_rendition(doc_id: str) -> Document:
    return extract_file(RAW / (Path(gold(doc_id).source.path).stem + "_print.pdf"))


@pytest.mark.parametrize("doc_id", GOLDS)
def test_pdf_rendition_matches_gold(doc_id):
    """The PDF of a review gives the same tree and paragraph text as its gold, with no stray leaking."""
    rep = compare(gold(doc_id), pdf_rendition(doc_id))
    assert rep.structure["tree_exact"], [d.as_dict() for d in rep.differences if d.path.startswith("sections")]
    assert rep.structure["body_similarity"] >= 0.99
    assert rep.leaked_strays == 0
    for etype, threshold in THRESHOLDS.items():
        assert rep.f1(etype) >= threshold - 0.25, (etype, rep.entities[etype].as_dict())
