"""The drug lexicon and the vocabularies that say what is not a drug, loaded once per process.

`resources/drugs.json` is built by `tools/build_lexicon.py` (DrugBank open vocabulary as
the backbone, the curated `drugs.tsv` on top, Chinese names from PyCMeKG, traditional
forms from OpenCC). Matching runs two Aho–Corasick automata (pyahocorasick) over the
whole lexicon, English on lower-cased text and Chinese on space-squashed text, so the
cost of a page does not grow with the number of names; both are built once, lazily.
The lexicon itself is built once per change of its data files and kept on disk (`disk_cache`).
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

from .. import disk_cache, resources
from ..resources import ROOT, _json, word_list
from .vocab_types import DrugRows


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
    mesh: str | None
    drug_class_en: str | None
    curated: bool = True
    abbr_en: tuple[str, ...] = ()
    given_only: bool = False  # a protein that is a drug only where the text gives it


@dataclass
class Lexicon:
    agents: dict[str, Agent] = field(default_factory=dict)
    zh: dict[str, str] = field(default_factory=dict)  # Chinese name -> agent id
    en: dict[str, str] = field(default_factory=dict)  # lower-case English name -> agent id
    en_exact: dict[str, str] = field(default_factory=dict)  # case-sensitive short aliases (5-FU)
    abbr: dict[str, str] = field(default_factory=dict)  # short capitals that need drug context (ASA)
    jieba_words: list[str] = field(default_factory=list)  # simplified Chinese names only
    not_drugs_zh: set[str] = field(default_factory=set)
    not_drugs_en: set[str] = field(default_factory=set)
    classes_zh: set[str] = field(default_factory=set)
    classes_en: set[str] = field(default_factory=set)
    stem_false_friends: set[str] = field(default_factory=set)
    stems: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # stem, lang, kind, class
    identifiers: re.Pattern[str] | None = None
    _en_auto: Any = None
    _zh_auto: Any = None
    _abbr_auto: Any = None

    @property
    def en_automaton(self) -> Any:
        if self._en_auto is None:
            self._en_auto = _automaton(
                {
                    **{k: (k, v, None) for k, v in self.en.items()},
                    **{k.lower(): (k.lower(), v, k) for k, v in self.en_exact.items() if k.lower() not in self.en},
                }
            )
        return self._en_auto

    @property
    def zh_automaton(self) -> Any:
        if self._zh_auto is None:
            self._zh_auto = _automaton({k: (k, v, None) for k, v in self.zh.items()})
        return self._zh_auto

    @property
    def abbr_automaton(self) -> Any:
        if self._abbr_auto is None:
            import ahocorasick

            self._abbr_auto = ahocorasick.Automaton()
            for k in self.abbr:
                self._abbr_auto.add_word(k, k)
            if self.abbr:
                self._abbr_auto.make_automaton()
        return self._abbr_auto


def _automaton(words: dict[str, tuple[str, str, str | None]]) -> Any:
    import ahocorasick

    auto = ahocorasick.Automaton()
    for key, value in words.items():
        auto.add_word(key, value)
    auto.make_automaton()
    return auto


# English aliases shorter than this must match with their exact case (MTX, IVIG)
MIN_CASELESS_ALIAS = 5
_SQUASH = re.compile(r"\s+")


def squash_zh(name: str) -> str:
    """Chinese names compare without spaces: "辅酶 Q10" is "辅酶Q10"."""
    return _SQUASH.sub("", name)


# what the lexicon is built from: its data files and the code that reads them
_WORD_LISTS = (
    "zh/not_drugs.txt",
    "en/not_drugs.txt",
    "zh/drug_classes.txt",
    "en/drug_classes.txt",
    "en/stem_false_friends.txt",
    "en/identifiers.txt",
)


def sources() -> list[Path]:
    files = [ROOT / "drugs.json", ROOT / "stems.tsv", *(ROOT / n for n in _WORD_LISTS)]
    return [*files, Path(__file__), Path(resources.__file__), Path(disk_cache.__file__)]


@cache
def lexicon() -> Lexicon:
    return disk_cache.cached("lexicon", sources(), lambda: _to_plain(build()), _from_plain)


def _to_plain(lex: Lexicon) -> tuple[Any, ...]:
    """The lexicon as values marshal writes (agents as tuples of their fields, the pattern as its text)."""
    return (
        [astuple(a) for a in lex.agents.values()],
        lex.zh,
        lex.en,
        lex.en_exact,
        lex.abbr,
        lex.jieba_words,
        lex.not_drugs_zh,
        lex.not_drugs_en,
        lex.classes_zh,
        lex.classes_en,
        lex.stem_false_friends,
        lex.stems,
        lex.identifiers.pattern if lex.identifiers else None,
    )


def _from_plain(plain: object) -> Lexicon:
    """The lexicon from `_to_plain`'s values; anything of another shape raises (a damaged cache)."""
    if not isinstance(plain, tuple) or len(plain) != 13:
        raise ValueError("not a lexicon")
    agents, zh, en, en_exact, abbr, jieba_words, nd_zh, nd_en, cl_zh, cl_en, false_friends, stems, ident = plain
    if not all(isinstance(x, dict) for x in (zh, en, en_exact, abbr)):
        raise ValueError("not a lexicon")
    if not all(isinstance(x, set) for x in (nd_zh, nd_en, cl_zh, cl_en, false_friends)):
        raise ValueError("not a lexicon")
    if not isinstance(jieba_words, list) or not isinstance(stems, list):
        raise ValueError("not a lexicon")
    return Lexicon(
        agents={a.id: a for a in (Agent(*row) for row in agents)},
        zh=zh,
        en=en,
        en_exact=en_exact,
        abbr=abbr,
        jieba_words=jieba_words,
        not_drugs_zh=nd_zh,
        not_drugs_en=nd_en,
        classes_zh=cl_zh,
        classes_en=cl_en,
        stem_false_friends=false_friends,
        stems=[cast("tuple[str, str, str, str | None]", tuple(s)) for s in stems],
        identifiers=re.compile(ident) if ident is not None else None,
    )


def build() -> Lexicon:
    """The lexicon from its data files (`lexicon()` keeps it on disk)."""
    lex = Lexicon()
    rows = cast("DrugRows", _json("drugs.json"))
    for row in rows:
        a = Agent(
            id=row["id"],
            name_en=row.get("name_en"),
            name_zh=row.get("name_zh"),
            aliases_zh=tuple(row.get("aliases_zh") or ()),
            aliases_en=tuple(row.get("aliases_en") or ()),
            kind=row.get("kind") or "other",
            atc=row.get("atc"),
            drugbank=row.get("drugbank"),
            mesh=row.get("mesh"),
            drug_class_en=row.get("drug_class_en"),
            curated=row.get("curated", True),
            abbr_en=tuple(row.get("abbr_en") or ()),
            given_only=row.get("given_only", False),
        )
        lex.agents[a.id] = a
        for z in (a.name_zh, *a.aliases_zh):
            if z and squash_zh(z) not in lex.zh:
                lex.zh[squash_zh(z)] = a.id
                lex.jieba_words.append(squash_zh(z))
        for z in row.get("aliases_zh_hant") or ():
            lex.zh.setdefault(squash_zh(z), a.id)
        for e in (a.name_en, *a.aliases_en):
            if not e:
                continue
            if len(e) < MIN_CASELESS_ALIAS and e != (a.name_en or ""):
                lex.en_exact.setdefault(e, a.id)
            else:
                lex.en.setdefault(" ".join(e.lower().split()), a.id)
        for e in a.abbr_en:
            lex.abbr.setdefault(e, a.id)
    lex.not_drugs_zh = {squash_zh(w) for w in word_list("zh/not_drugs.txt")}
    lex.not_drugs_en = {w.lower() for w in word_list("en/not_drugs.txt")}
    lex.classes_zh = {squash_zh(w) for w in word_list("zh/drug_classes.txt")}
    lex.classes_en = {w.lower() for w in word_list("en/drug_classes.txt")}
    lex.stem_false_friends = {w.lower() for w in word_list("en/stem_false_friends.txt")}
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


def leftmost_longest(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping hits, scanning left to right and taking the longest at each start."""
    best: dict[int, tuple[int, int, Any]] = {}
    for h in hits:
        if h[0] not in best or h[1] > best[h[0]][1]:
            best[h[0]] = h
    out, cursor = [], 0
    for a in sorted(best):
        if a >= cursor:
            out.append(best[a])
            cursor = best[a][1]
    return out
