"""The built drug lexicon: ids checked against the DrugBank open vocabulary, size, reproducibility."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.entities.lexicon import lexicon

ROOT = Path(__file__).resolve().parents[1]
DRUGS_JSON = ROOT / "pipeline" / "resources" / "drugs.json"
DRUGBANK_CSV = ROOT.parent / "shared" / "data" / "drugbank-open-vocabulary" / "drugbank_vocabulary.csv"

needs_csv = pytest.mark.skipif(not DRUGBANK_CSV.exists(), reason="DrugBank open vocabulary not present")


def rows() -> list[dict]:
    return json.loads(DRUGS_JSON.read_text(encoding="utf-8"))


def drugbank_names() -> dict[str, str]:
    with DRUGBANK_CSV.open(encoding="utf-8", newline="") as f:
        return {r["DrugBank ID"]: r["Common name"] for r in csv.DictReader(f)}


@needs_csv
def test_every_id_names_the_entry() -> None:
    """The DrugBank common name of each entry's id is its INN or one of its listed names."""
    names = drugbank_names()
    bad = []
    for r in rows():
        if r["drugbank"]:
            known = {r["name_en"].lower(), *(a.lower() for a in r["aliases_en"])}
            if names[r["drugbank"]].lower() not in known:
                bad.append((r["id"], r["drugbank"], names[r["drugbank"]]))
    assert bad == []


@needs_csv
def test_an_inn_that_is_a_drugbank_name_takes_that_id() -> None:
    """Propranolol must not carry dexpropranolol's id when DrugBank has propranolol itself."""
    by_name: dict[str, list[str]] = {}
    for i, n in drugbank_names().items():
        by_name.setdefault(n.lower(), []).append(i)
    wrong = [
        (r["id"], r["drugbank"], by_name[r["name_en"]])
        for r in rows()
        if len(by_name.get(r["name_en"], [])) == 1 and r["drugbank"] not in by_name[r["name_en"]]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("agent", "drugbank"),
    [
        ("propranolol", "DB00571"),
        ("irinotecan", "DB00762"),
        ("amisulpride", "DB06288"),
        ("levetiracetam", "DB01202"),
        ("verapamil", "DB00661"),
        ("mirtazapine", "DB00370"),
    ],
)
def test_ids_that_were_a_related_compound(agent: str, drugbank: str) -> None:
    assert lexicon().agents[agent].drugbank == drugbank


def test_related_compound_names_are_not_aliases() -> None:
    lex = lexicon()
    assert lex.en.get("dexpropranolol") != "propranolol"
    assert lex.en.get("sn-38") != "irinotecan"
    assert lex.en.get("sultopride") != "amisulpride"
    assert lex.en.get("etiracetam") != "levetiracetam"


def test_size_and_languages() -> None:
    lex = lexicon()
    assert len(lex.agents) >= 10000
    with_zh = [a for a in lex.agents.values() if a.name_zh and a.name_en]
    assert len(with_zh) >= 1400
    assert len(lex.en) >= 30000


def test_no_name_belongs_to_two_agents() -> None:
    seen: dict[str, str] = {}
    clash = []
    for r in rows():
        for n in {r["name_en"].lower(), *(a.lower() for a in r["aliases_en"])}:
            if seen.setdefault(n, r["id"]) != r["id"]:
                clash.append((n, seen[n], r["id"]))
    assert clash == []


def test_ordinary_phrases_are_no_synonyms() -> None:
    lex = lexicon()
    for phrase in ("available generically", "water", "gold", "iron"):
        assert phrase not in lex.en, phrase


def test_traditional_forms_match() -> None:
    from pipeline.entities.drugs import DrugFinder

    text = "患者改用氫嗎啡酮鎮痛。"
    found = DrugFinder().find("p1", text)
    assert [(text[m.start : m.end], m.agent) for m in found] == [("氫嗎啡酮", "hydromorphone")]


@needs_csv
@pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("pyCMeKG", "opencc", "wordfreq")),
    reason="build sources (dev extra) not installed",
)
def test_build_is_reproducible(tmp_path: Path) -> None:
    out, friends = tmp_path / "drugs.json", tmp_path / "friends.txt"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_lexicon.py"), "--out", str(out), "--friends-out", str(friends)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == DRUGS_JSON.read_bytes()
    assert friends.read_bytes() == (ROOT / "pipeline" / "resources" / "en" / "stem_false_friends.txt").read_bytes()
