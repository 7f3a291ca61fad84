"""The drug lexicon and the vocabularies that say what is not a drug, loaded once per process.

`resources/drugs.json` is built by `tools/build_lexicon.py` from the curated `drugs.tsv`
and the drug-named-entity-recognition dictionary (DrugBank ids, English synonyms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..resources import ROOT, _json, word_list


@dataclass(frozen=True)
class Agent:
    id: str
    name_en: str | None
    name_zh: str | None
    aliases_zh: tuple[str, ...]
    aliases_en: tuple[str, ...]
    kind: str
    atc: str | None
    drugbank: str | None
    drug_class_en: str | None


@dataclass
class Lexicon:
    agents: dict[str, Agent] = field(default_factory=dict)
    zh: dict[str, str] = field(default_factory=dict)  # Chinese name -> agent id
    en: dict[str, str] = field(default_factory=dict)  # lower-case English name -> agent id
    en_exact: dict[str, str] = field(default_factory=dict)  # case-sensitive short aliases (MTX)
    zh_first: dict[str, list[str]] = field(default_factory=dict)  # first char -> names, longest first
    max_en_words: int = 1
    not_drugs_zh: set[str] = field(default_factory=set)
    not_drugs_en: set[str] = field(default_factory=set)
    classes_zh: set[str] = field(default_factory=set)
    classes_en: set[str] = field(default_factory=set)
    stems: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # stem, lang, kind, class
    identifiers: re.Pattern[str] | None = None


# English aliases shorter than this must match with their exact case (MTX, IVIG)
MIN_CASELESS_ALIAS = 5
_SQUASH = re.compile(r"\s+")


def squash_zh(name: str) -> str:
    """Chinese names compare without spaces: "辅酶 Q10" is "辅酶Q10"."""
    return _SQUASH.sub("", name)


@cache
def lexicon() -> Lexicon:
    lex = Lexicon()
    for row in _json("drugs.json"):  # type: ignore[union-attr]
        a = Agent(
            id=row["id"], name_en=row.get("name_en"), name_zh=row.get("name_zh"),
            aliases_zh=tuple(row.get("aliases_zh") or ()), aliases_en=tuple(row.get("aliases_en") or ()),
            kind=row.get("kind") or "other", atc=row.get("atc"), drugbank=row.get("drugbank"),
            drug_class_en=row.get("drug_class_en"),
        )
        lex.agents[a.id] = a
        for z in (a.name_zh, *a.aliases_zh):
            if z:
                lex.zh.setdefault(squash_zh(z), a.id)
        for e in (a.name_en, *a.aliases_en):
            if not e:
                continue
            if len(e) < MIN_CASELESS_ALIAS and e != (a.name_en or ""):
                lex.en_exact.setdefault(e, a.id)
            else:
                lex.en.setdefault(e.lower(), a.id)
            lex.max_en_words = max(lex.max_en_words, len(e.split()))
    for name in lex.zh:
        lex.zh_first.setdefault(name[0], []).append(name)
    for names in lex.zh_first.values():
        names.sort(key=len, reverse=True)
    lex.not_drugs_zh = {squash_zh(w) for w in word_list("zh/not_drugs.txt")}
    lex.not_drugs_en = {w.lower() for w in word_list("en/not_drugs.txt")}
    lex.classes_zh = {squash_zh(w) for w in word_list("zh/drug_classes.txt")}
    lex.classes_en = {w.lower() for w in word_list("en/drug_classes.txt")}
    stems_path = ROOT / "stems.tsv"
    for line in stems_path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0]:
            lex.stems.append((parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 and parts[3] else None))
    pats = word_list("en/identifiers.txt")
    if pats:
        lex.identifiers = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(f"(?:{p})" for p in pats) + r")(?![A-Za-z0-9])")
    return lex


def is_identifier(token: str) -> bool:
    lex = lexicon()
    return bool(lex.identifiers and lex.identifiers.fullmatch(token))
