"""The DiaKG sample (public Chinese sentences annotated by others, tests/data/diakg/): the file is
intact, and drug finding keeps its held-out figures. `python bench/drugs.py --only diakg` prints
every figure; no rule or lexicon row may be taken from these sentences."""

from __future__ import annotations

import pytest

from tests.diakg import gold, gold_is_class, precision_recall, predict, read_diakg, split


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return read_diakg()


def test_offsets_name_the_mentions(rows: list[dict]) -> None:
    assert len(rows) == 83
    assert sum(len(r["drugs"]) for r in rows) == 151
    for r in rows:
        assert r["text"], r
        for a, b, mention in r["drugs"]:
            assert 0 <= a < b <= len(r["text"]), (r["para"], r["sent"], a, b)
            assert r["text"][a:b] == mention, (r["para"], r["sent"], a, b, mention)


def test_split_is_by_paragraph(rows: list[dict]) -> None:
    dev, held = split(rows)
    assert len(dev) + len(held) == len(rows)
    assert max(int(r["para"]) for r in dev) < min(int(r["para"]) for r in held)


def test_class_rule_is_for_classes_only() -> None:
    for name in ("胰岛素促泌剂", "磺脲类", "格列奈类促泌剂", "噻唑烷二酮类药物", "α-糖苷酶抑制剂", "双胍类"):
        assert gold_is_class(name), name
    for name in ("格列本脲", "格列齐特缓释片", "二甲双胍", "胰岛素", "甲苯磺丁脲"):
        assert not gold_is_class(name), name


def test_held_out_named_agents(rows: list[dict]) -> None:
    """Issue 14's floor, recall >= 0.70 at precision >= 0.85, on the held-out half's named agents
    (classes set aside, dosage forms cut from the gold: the project's conventions), exact spans.
    Today: P 1.000, R 0.840 on 25 mentions; exact spans with the forms kept: P 0.857, R 0.720."""
    _, held = split(rows)
    pred = predict(held)
    p, r = precision_recall(pred, [gold(x, "names") for x in held])
    assert r >= 0.70 and p >= 0.85, (p, r)
    # without cutting the forms, exact spans still clear the floor
    p, r = precision_recall(pred, [gold(x, "named") for x in held])
    assert r >= 0.70 and p >= 0.85, (p, r)
